import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { leadershipHolders, waitForPosition, type EventStore } from '#libs/event-store';
import { seedDemoRegion } from '#libs/identity';
import { EVENT_STORE } from '#libs/platform';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';

// README "Running on real servers and scaling" through the product's own wiring: two api processes that each run the worker
// (`npm start`'s apps/server, here two apps in this test process, each with its own pool and leadership
// connections) share the subscriptions out and say so in /health/ready; when one stops, the other
// leads everything at once. On the embedded PGlite (one shared session) the only process leads all.

interface Side {
  mode: string;
  identity: string;
  members: number;
  leading: string[];
  standingBy: string[];
}
type Leadership = { projections: Side; reactors: Side };

const leadershipOf = async (api: TestApp): Promise<Leadership> => {
  const res = await api.request('GET', '/health/ready');
  expect(res.status).toBe(200);
  expect(res.body.details.leadership.status).toBe('up');
  return res.body.details.leadership as Leadership;
};
const all = (l: Leadership) => [...l.projections.leading, ...l.reactors.leading];
const names = (l: Leadership) => [
  ...l.projections.leading,
  ...l.projections.standingBy,
  ...l.reactors.leading,
  ...l.reactors.standingBy,
];

describe('leadership in /health/ready with two worker-running apis on PostgreSQL', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    a = await startTestApp(db);
    b = await startTestApp(db);
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await db?.drop();
  });

  it('splits the subscriptions between the two, each led by one, and hands them over on a stop', async () => {
    const [la, lb] = await until('both to lead a share', async () => {
      const [x, y] = [await leadershipOf(a), await leadershipOf(b)];
      return all(x).length > 0 && all(y).length > 0 && all(x).length + all(y).length === names(x).length
        ? ([x, y] as const)
        : null;
    });
    expect(la.projections).toMatchObject({ mode: 'elected', members: 2 });
    expect(lb.reactors).toMatchObject({ mode: 'elected', members: 2 });
    // Disjoint and complete: what one leads the other stands by for.
    expect(all(la).filter((n) => all(lb).includes(n))).toEqual([]);
    expect([...all(la), ...all(lb)].sort()).toEqual(names(la).sort());
    expect([...la.projections.standingBy].sort()).toEqual([...lb.projections.leading].sort());
    // PostgreSQL's locks say the same.
    const holders = await leadershipHolders(db.pool, names(la));
    for (const n of all(la))
      expect(holders.get(n)?.identity).toBe(
        la.projections.leading.includes(n) ? la.projections.identity : la.reactors.identity,
      );

    // Graceful stop: a's share moves to b without waiting for b's next try.
    const stoppedAt = Date.now();
    await a.close();
    const lb2 = await until('b to lead everything', async () => {
      const l = await leadershipOf(b);
      return all(l).length === names(l).length ? l : null;
    });
    expect(Date.now() - stoppedAt).toBeLessThan(3000);
    expect(lb2.projections.standingBy).toEqual([]);
    // And b runs them: the demo seed's events reach every projection a used to lead.
    const store = b.app.get<EventStore>(EVENT_STORE);
    expect((await seedDemoRegion(store)).seeded).toBe(true);
    const head = (await store.headPosition())!;
    expect(await waitForPosition(db.pool, la.projections.leading, head, 15_000)).toBe(true);
  });
});

describe('leadership on the embedded PGlite (one shared session)', () => {
  let db: TestDatabase;
  let api: TestApp;
  beforeAll(async () => {
    db = await createPgliteTestDatabase();
    api = await startTestApp(db);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('leads every subscription without advisory locks', async () => {
    const l = await until('it to lead everything', async () => {
      const x = await leadershipOf(api);
      return x.projections.standingBy.length === 0 && x.reactors.standingBy.length === 0 ? x : null;
    });
    expect(l.projections.mode).toBe('shared-session');
    expect(l.reactors.mode).toBe('shared-session');
    expect(l.projections.leading.length).toBeGreaterThan(3);
  });
});
