import { randomUUID } from 'node:crypto';
import { waitForPosition, type EventStore, type NewEvent } from '#libs/event-store';
import type { DemoSeedResult } from '#libs/identity';
import { EVENT_STORE } from '#libs/platform';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { cast, signIn, type Person } from '../approval/support.js';
import { seedDemo, startIdentityApp } from '../identity/support/identity-test-app.js';
import type { TestApp } from '../support/test-app.js';

// DOMAIN.md "Audit trail": filters and keyset pagination of the global log return exactly the expected
// events on a log of more than 100,000 events, and stay fast. The events are appended through the
// store (es_append: content and chain hashes and all), 500 to an append, with types no other read
// model or reactor acts on, so only the audit log has work to do with them.
const STREAMS = 210;
const PER_STREAM = 480; // 100,800 events
const KINDS = ['training_project', 'tier_promotion', 'studio', 'school_plan'] as const;
const TYPES = ['SeedNoteAdded', 'SeedCommentAdded', 'SeedFlagRaised'] as const;
const BASE = Date.parse('2020-01-01T00:00:00Z');

interface Seeded {
  id: string;
  streamIndex: number;
  kind: string;
  unit: string;
  type: string;
  actorId: string;
  at: number;
  rationale: string | null;
  pos: [bigint, bigint];
}

describe('global audit log at 100,000 events (real PostgreSQL)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let c: ReturnType<typeof cast>;
  let admin: Person;
  let actors: { id: string; name: string }[];
  const events: Seeded[] = [];
  const byId = new Map<string, Seeded>();
  const timings: Record<string, number[]> = {};

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startIdentityApp(db);
    seed = await seedDemo(api, db);
    c = cast(seed);
    admin = await signIn(api, db, c.admin);
    actors = (
      await db.pool.query<{ id: string; name: string }>(
        `SELECT id, display_name AS name FROM users WHERE 'teacher' = ANY (roles) ORDER BY username LIMIT 6`,
      )
    ).rows;
    const units = [...c.schools.map((s) => s.id), ...c.districts.map((d) => d.id)];

    const started = Date.now();
    const store = api.app.get(EVENT_STORE) as EventStore;
    const appendStream = async (i: number) => {
      const streamId = `application-${randomUUID()}`;
      const kind = KINDS[i % KINDS.length]!;
      const unit = units[i % units.length]!;
      const batch: NewEvent[] = [];
      for (let j = 0; j < PER_STREAM; j++) {
        const type = j === 0 ? 'SeedApplicationFiled' : TYPES[(i + j) % TYPES.length]!;
        const actor = actors[(i * 7 + j) % actors.length]!;
        const at = BASE + (j * STREAMS + i) * 1000; // times interleave across streams
        const rationale = j % 5 === 0 ? `comment ${i}/${j}` : null;
        const data =
          j === 0
            ? { kind, orgUnit: unit, title: `seeded ${i}` }
            : { n: j, ...(rationale ? { comment: rationale } : {}) };
        const id = randomUUID();
        batch.push({
          id,
          type,
          schemaVersion: 1,
          data: j === 0 && rationale ? { ...data, comment: rationale } : data,
          metadata: {
            actorId: actor.id,
            actorRole: 'teacher',
            orgUnit: unit,
            correlationId: randomUUID(),
            causationId: randomUUID(),
            commandId: randomUUID(),
            recordedAt: new Date(at).toISOString(),
          },
        });
        const e: Seeded = {
          id,
          streamIndex: i,
          kind,
          unit,
          type,
          actorId: actor.id,
          at,
          rationale,
          pos: [0n, 0n],
        };
        events.push(e);
        byId.set(id, e);
      }
      await store.append(streamId, 'no_stream', batch);
    };
    for (let i = 0; i < STREAMS; i += 8) {
      await Promise.all(Array.from({ length: Math.min(8, STREAMS - i) }, (_, k) => appendStream(i + k)));
    }
    const appended = Date.now();
    const positions = await db.pool.query<{ event_id: string; tx: string; seq: string }>(
      `SELECT event_id, tx_id::text AS tx, seq::text AS seq FROM events WHERE type LIKE 'Seed%'`,
    );
    for (const r of positions.rows) byId.get(r.event_id)!.pos = [BigInt(r.tx), BigInt(r.seq)];
    events.sort((a, b) => cmp(a.pos, b.pos));
    // The last event appended, not the store's settled head: a projection's own transaction running at
    // this moment would fence the settled head below the last appends.
    const last = events[events.length - 1]!.pos;
    expect(await waitForPosition(db.pool, ['audit_log'], { tx: last[0], seq: last[1] }, 300_000)).toBe(true);
    process.stdout.write(
      `audit scale: appended ${events.length} events in ${appended - started} ms; ` +
        `audit_log caught up ${Date.now() - appended} ms later\n`,
    );
  }, 600_000);

  afterAll(async () => {
    for (const [name, ms] of Object.entries(timings)) {
      const sorted = [...ms].sort((a, b) => a - b);
      process.stdout.write(
        `audit page latency ${name}: n=${ms.length} median=${sorted[Math.floor(sorted.length / 2)]} ms max=${sorted[sorted.length - 1]} ms\n`,
      );
    }
    await api?.close();
    await db?.drop();
  });

  const cmp = (a: [bigint, bigint], b: [bigint, bigint]) =>
    a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] !== b[1] ? (a[1] < b[1] ? -1 : 1) : 0;

  /** Reads every page of a query; checks each page's size and returns the event ids in page order. */
  async function walk(name: string, query: string, limit: number, maxPages = Infinity): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const t0 = performance.now();
      const res: { status: number; body: { items: { eventId: string }[]; nextCursor: string | null } } =
        await admin.call(
          'GET',
          `/api/audit/events?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        );
      (timings[name] ??= []).push(Math.round(performance.now() - t0));
      expect(res.status).toBe(200);
      if (res.body.nextCursor) expect(res.body.items).toHaveLength(limit);
      ids.push(...res.body.items.map((i) => i.eventId));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < maxPages);
    return ids;
  }

  const iso = (ms: number) => new Date(ms).toISOString();
  const span = STREAMS * PER_STREAM * 1000;

  it('filters by actor and time range, newest first, page after page', async () => {
    const actor = actors[2]!;
    const from = BASE + span * 0.3;
    const to = BASE + span * 0.55;
    const expected = events
      .filter((e) => e.actorId === actor.id && e.at >= from && e.at < to)
      .reverse()
      .map((e) => e.id);
    expect(expected.length).toBeGreaterThan(3000);
    const got = await walk('actor+time', `actor=${actor.id}&from=${iso(from)}&to=${iso(to)}`, 200);
    expect(got).toEqual(expected);
    // Names come from the user directory.
    const page = await admin.call('GET', `/api/audit/events?actor=${actor.id}&limit=1`);
    expect(page.body.items[0].actor).toEqual({ id: actor.id, name: actor.name, role: 'teacher' });
  });

  it('filters by org unit with its subtree, application kind and event type, oldest first', async () => {
    const district = c.districts[1]!;
    const subtree = new Set([
      district.id,
      ...c.schools.filter((s) => s.parentId === district.id).map((s) => s.id),
    ]);
    const expected = events
      .filter((e) => subtree.has(e.unit) && e.kind === 'studio' && e.type === 'SeedCommentAdded')
      .map((e) => e.id);
    expect(expected.length).toBeGreaterThan(1000);
    const got = await walk(
      'orgUnit+kind+type',
      `orgUnit=${district.id}&applicationKind=studio&eventType=SeedCommentAdded&order=asc`,
      200,
    );
    expect(got).toEqual(expected);
    // A school alone, two types at once.
    const school = c.schools.find((s) => s.parentId === district.id)!;
    const two = events
      .filter(
        (e) => e.unit === school.id && (e.type === 'SeedFlagRaised' || e.type === 'SeedApplicationFiled'),
      )
      .map((e) => e.id);
    expect(
      await walk(
        'orgUnit(school)+types',
        `orgUnit=${school.id}&eventType=SeedFlagRaised,SeedApplicationFiled&order=asc`,
        200,
      ),
    ).toEqual(two);
  });

  it('pages through a time range with an odd page size, and the newest pages of the whole seeded span', async () => {
    const from = BASE + span * 0.8;
    const to = BASE + span * 0.85;
    const expected = events
      .filter((e) => e.at >= from && e.at < to)
      .reverse()
      .map((e) => e.id);
    expect(expected.length).toBeGreaterThan(4000);
    expect(await walk('time', `from=${iso(from)}&to=${iso(to)}`, 137)).toEqual(expected);

    const seededSpan = `from=${iso(BASE)}&to=${iso(BASE + span)}`;
    const newest = events
      .slice(-600)
      .reverse()
      .map((e) => e.id);
    expect(await walk('first pages', seededSpan, 200, 3)).toEqual(newest);
    // Every seeded rationale is in the log.
    const withWhy = await admin.call('GET', `/api/audit/events?${seededSpan}&limit=5`);
    for (const item of withWhy.body.items as { eventId: string; rationale: string | null }[]) {
      expect(item.rationale).toBe(byId.get(item.eventId)!.rationale);
    }
  });

  it('reads a deep page by cursor as fast as the first', async () => {
    // The cursor of the 100th-newest-but-one thousandth event: a page near the start of the log.
    const deep = events[1000]!;
    const cursor = `${deep.pos[0]}.${deep.pos[1]}`;
    const t0 = performance.now();
    const res = await admin.call('GET', `/api/audit/events?cursor=${cursor}&limit=200`);
    (timings['deep page (desc)'] ??= []).push(Math.round(performance.now() - t0));
    expect(res.status).toBe(200);
    const seededBefore = (res.body.items as { eventId: string }[])
      .filter((i) => byId.has(i.eventId))
      .map((i) => i.eventId);
    expect(seededBefore).toEqual(
      events
        .slice(800, 1000)
        .reverse()
        .map((e) => e.id),
    );
    await walk('unfiltered first page', '', 200, 1);
  });
});
