import { migrate, PostgresEventStore } from '#libs/event-store';
import { testEvent } from '#testing/event-store';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { streamsUpTo, streamUpTo } from './steps.js';

// The reconciler reads every stream with an open step at each start (DOMAIN.md "Deadlines and
// reminders": the event store is the source of truth, the queue only a schedule); streamsUpTo reads them
// a few hundred per statement, and must give each stream exactly what streamUpTo gives it alone.

const noted = (n: number) => testEvent('Noted', { n });

describe.each([
  ['PostgreSQL', createPostgresTestDatabase],
  ['PGlite', createPgliteTestDatabase],
])('streamsUpTo (%s)', (_name, create) => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await create();
    await migrate(db.pool);
    store = new PostgresEventStore(db.pool);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('gives every stream its whole history, in the order asked, across reads and past a page', async () => {
    // 450 short streams: three reads of 200; one of 1,205 events: longer than a page of 1,000.
    const short = Array.from({ length: 450 }, (_, i) => `note-s${i}`);
    for (const [i, id] of short.entries())
      await store.append(
        id,
        'no_stream',
        Array.from({ length: 1 + (i % 3) }, (_, n) => noted(n)),
      );
    const long = 'note-long';
    for (let from = 0; from < 1205; from += 500)
      await store.append(
        long,
        from === 0 ? 'no_stream' : from,
        Array.from({ length: Math.min(500, 1205 - from) }, (_, n) => noted(from + n)),
      );
    const asked = [...short.slice(0, 250), long, 'note-missing', ...short.slice(250)];

    const got: Array<[string, number[]]> = [];
    for await (const [id, events] of streamsUpTo(store, asked))
      got.push([id, events.map((e) => (e.data as { n: number }).n)]);

    expect(got.map(([id]) => id)).toEqual(asked);
    const byId = new Map(got);
    expect(byId.get('note-missing')).toEqual([]);
    expect(byId.get(long)).toEqual(Array.from({ length: 1205 }, (_, n) => n));
    expect(byId.get('note-s4')).toEqual([0, 1]);
    expect(byId.get('note-s449')).toEqual([0, 1, 2]);
    for (const id of [short[0]!, short[199]!, short[200]!, short[449]!, long])
      expect(byId.get(id)).toEqual((await streamUpTo(store, id)).map((e) => (e.data as { n: number }).n));
  }, 120_000);
});
