import pg from 'pg';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { createEventStore, NOTIFIED_POLL_MS, type EventLog } from '../factory/event-store-factory.js';
import { migrate } from './migrations.js';
import { markSessionPerConnection } from './prepared-statements.js';
import {
  AppendNotifier,
  AppendWakeup,
  decodeNews,
  encodeNews,
  WAKEUP_APPLICATION_NAME,
  type AppendNews,
} from './append-wakeup.js';
import { testEvent } from '../testing/fixtures.js';
import type { Projection } from '../subscription/projection.js';

// A worker in its own process learns of the API's appends by NOTIFY instead of its poll (BENCHMARKS.md
// C1: the read-your-writes wait paid up to a whole 100 ms poll); a lost LISTEN connection loses nothing.

const until = async (what: () => boolean | Promise<boolean>, ms = 5000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('the NOTIFY payload', () => {
  it('carries the position and the types, and falls back to the position alone', () => {
    const news = { position: { tx: 12n, seq: 345n }, types: ['A', 'B'] };
    expect(encodeNews(news)).toBe('12.345 A,B');
    expect(decodeNews('12.345 A,B')).toEqual(news);
    expect(decodeNews('12.345')).toEqual({ position: news.position, types: null });
    expect(decodeNews(encodeNews({ ...news, types: ['x'.repeat(5000)] }))).toEqual({
      position: news.position,
      types: null,
    });
  });
});

describe('waking subscriptions across processes on PostgreSQL', () => {
  let db: TestDatabase;
  let otherPool: pg.Pool;
  let worker: EventLog;
  let api: EventLog;
  beforeAll(async () => {
    db = await createPostgresTestDatabase(4);
    await migrate(db.pool);
    // Two pools stand for two processes: the worker's and the API's; nothing is shared in memory.
    // The API's is marked as the product marks its pool at DATABASE_URL (prepared-statements.ts): its
    // append and its NOTIFY go as named statements, and must wake the worker all the same.
    otherPool = markSessionPerConnection(new pg.Pool({ connectionString: db.url, max: 2 }));
    worker = await createEventStore({ adapter: 'postgres' }, db.pool);
    api = await createEventStore({ adapter: 'postgres' }, otherPool);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await otherPool.end();
    await db.drop();
  });

  it('sends no NOTIFY when no other process listens (before the worker listens)', async () => {
    const wakeup = new AppendWakeup({ connection: { connectionString: db.url } });
    const heard: (AppendNews | null)[] = [];
    wakeup.on((p) => heard.push(p));
    wakeup.start();
    // Stopped however the test ends: a LISTEN connection left reconnecting would outlive the suite.
    try {
      await until(() => wakeup.listening);
      heard.length = 0;
      // This process's own LISTEN connection is left out: it is woken in-process.
      const own = new AppendNotifier(db.pool, () => [wakeup.pid!]);
      own.announce({ tx: 1n, seq: 1n });
      await own.settled();
      await new Promise((r) => setTimeout(r, 100));
      expect(heard).toEqual([]);
      // Another process's notifier does announce to it.
      const other = new AppendNotifier(otherPool);
      other.announce({ tx: 2n, seq: 7n }, ['Probed']);
      other.announce({ tx: 2n, seq: 5n }, ['Other']); // coalesced: the furthest position, all the types
      await other.settled();
      // The second announcement may go out as a NOTIFY of its own, heard a moment after the first.
      const types = () => new Set(heard.flatMap((n) => n?.types ?? []));
      await until(() => types().has('Probed') && types().has('Other'));
      expect(heard.flatMap((n) => (n ? [n.position] : []))).toContainEqual({ tx: 2n, seq: 7n });
      expect([...types()].sort()).toEqual(['Other', 'Probed']);
    } finally {
      await wakeup.stop();
    }
  });

  it("applies the other process's append well before the fallback poll", async () => {
    const seen: number[] = [];
    const projection: Projection = {
      name: 'wakeup_probe',
      tables: [],
      eventTypes: ['Probed'],
      setup: async () => undefined,
      apply: async (event) => {
        seen.push(Date.now() - (event.data as { at: number }).at);
      },
    };
    const sub = worker.subscribe(projection);
    await sub.setup();
    let connected = false;
    const off = worker.onAppendedElsewhere((position) => {
      connected = true;
      sub.nudge(position);
    });
    await until(() => connected);
    sub.start();
    try {
      await new Promise((r) => setTimeout(r, 100)); // the loop has found nothing and sleeps
      for (let i = 0; i < 5; i++) {
        await api.store.append(`probe-${i}`, 'no_stream', [testEvent('Probed', { at: Date.now() })]);
        await until(() => seen.length === i + 1);
        await new Promise((r) => setTimeout(r, 50));
      }
      // Woken by the notification: each within a few round trips, never a fallback poll.
      expect(Math.max(...seen)).toBeLessThan(NOTIFIED_POLL_MS / 4);
    } finally {
      off();
      await sub.stop();
    }
  });

  it('listens again after its connection is terminated, and wakes everyone when it is back', async () => {
    const errors: unknown[] = [];
    const wakeup = new AppendWakeup({
      connection: { connectionString: db.url },
      onError: (e) => errors.push(e),
    });
    const heard: (AppendNews | null)[] = [];
    wakeup.on((p) => heard.push(p));
    wakeup.start();
    try {
      await until(() => wakeup.listening);
      const first = wakeup.pid!;
      const listed = await db.pool.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
        [WAKEUP_APPLICATION_NAME],
      );
      expect(listed.rows.map((r) => r.pid)).toContain(first);
      heard.length = 0;
      await db.pool.query('SELECT pg_terminate_backend($1)', [first]);
      await until(() => wakeup.listening && wakeup.pid !== first);
      expect(errors.length).toBeGreaterThan(0);
      // The reconnection itself wakes the listeners: what was announced meanwhile is read then.
      expect(heard).toContain(null);
      heard.length = 0;
      const started = Date.now();
      await api.store.append('after-reconnect', 'no_stream', [testEvent('Probed', { at: Date.now() })]);
      await until(() => heard.some((p) => p !== null));
      expect(Date.now() - started).toBeLessThan(NOTIFIED_POLL_MS / 4);
    } finally {
      await wakeup.stop();
    }
  });
});
