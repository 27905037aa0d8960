import { jest } from '@jest/globals';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { PostgresEventStore } from '../postgres/postgres-event-store.js';
import { migrate } from '../postgres/migrations.js';
import { contentHash } from '../hashing/event-hash.js';
import { testEvent } from '../testing/fixtures.js';
import type { LogPosition } from '../event-store.port.js';
import { CheckpointedSubscription, readCheckpoint, waitForPosition } from './checkpointed-subscription.js';
import type { Projection } from './projection.js';

// Most batches of most projections hold only events they ignore; their checkpoint writes were most of
// the worker's statements per command (BENCHMARKS.md C1). They are now written at most once a second,
// and a position waiter still sees such a projection caught up.

describe('a projection that skips the checkpoint writes of batches it ignored', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let sub: CheckpointedSubscription;
  const projection: Projection = {
    name: 'skip_probe',
    tables: ['skip_probe_seen'],
    eventTypes: ['Wanted'],
    setup: async (sql) => {
      await sql.query(`CREATE TABLE IF NOT EXISTS skip_probe_seen (stream_id text PRIMARY KEY)`);
    },
    apply: async (event, sql) => {
      sql.defer(`INSERT INTO skip_probe_seen (stream_id) VALUES ($1)`, [event.streamId]);
    },
  };
  const writes = async () =>
    (await db.pool.query<{ n: number }>(`SELECT n FROM checkpoint_writes`)).rows[0]!.n;
  let n = 0;
  const EVERY_MS = 2500;
  /**
   * Append, then wait until no older transaction is open (other suites share the server): the event is
   * then past the SETTLED fence, and a batch reads it.
   */
  const append = async (type: string): Promise<LogPosition> =>
    settle((await store.append(`skip-${n++}`, 'no_stream', [testEvent(type)])).position);
  const settle = async (position: LogPosition): Promise<LogPosition> => {
    for (;;) {
      const res = await db.pool.query<{ ok: boolean }>(
        `SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint > $1 AS ok`,
        [position.tx.toString()],
      );
      if (res.rows[0]!.ok) return position;
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  beforeAll(async () => {
    db = await createPostgresTestDatabase(4);
    await migrate(db.pool);
    // Every write of a checkpoint row, counted by the server.
    await db.pool.query(`
      CREATE TABLE checkpoint_writes (n int NOT NULL);
      INSERT INTO checkpoint_writes VALUES (0);
      CREATE FUNCTION count_checkpoint_write() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN UPDATE checkpoint_writes SET n = n + 1; RETURN NEW; END $$;
      CREATE TRIGGER counted AFTER INSERT OR UPDATE ON subscription_checkpoints
        FOR EACH ROW EXECUTE FUNCTION count_checkpoint_write();`);
    store = new PostgresEventStore(db.pool);
    // Long enough that a loaded test machine does not make a write due between two steps.
    sub = new CheckpointedSubscription(db.pool, projection, { checkpointEveryMs: EVERY_MS });
    await sub.setup();
    await append('Wanted');
    await sub.catchUp(); // wrote its checkpoint just now
  });
  afterAll(async () => {
    await db.drop();
  });

  it('records the event types it handles beside its checkpoint', async () => {
    const row = await db.pool.query(`SELECT event_types FROM subscription_checkpoints WHERE name = $1`, [
      projection.name,
    ]);
    expect(row.rows[0].event_types).toEqual(['Wanted']);
  });

  it('reads on over ignored events without writing, and a waiter still sees it caught up', async () => {
    const before = await writes();
    const stored = await readCheckpoint(db.pool, projection.name);
    let last: LogPosition = stored;
    for (let i = 0; i < 10; i++) {
      last = await append('Ignored');
      expect(await sub.runOnce()).toBe(1); // each batch reads one event, never the same one again
    }
    expect(await writes()).toBe(before);
    expect(await readCheckpoint(db.pool, projection.name)).toEqual(stored);
    expect(await sub.position()).toEqual(last);
    expect(await waitForPosition(db.pool, [projection.name], last, 1000)).toBe(true);
  });

  it('does not count it caught up while an event it handles lies before the position', async () => {
    const wanted = await append('Wanted');
    const after = await append('Ignored');
    expect(await waitForPosition(db.pool, [projection.name], wanted, 150)).toBe(false);
    expect(await waitForPosition(db.pool, [projection.name], after, 150)).toBe(false);
    const before = await writes();
    await sub.catchUp();
    expect(await writes()).toBe(before + 1); // it handled something: written at once
    expect(await waitForPosition(db.pool, [projection.name], after, 1000)).toBe(true);
  });

  it('does not count it caught up while an older transaction could still add such an event', async () => {
    await sub.catchUp();
    const slow = await db.pool.connect();
    try {
      await slow.query('BEGIN');
      const e = testEvent('Wanted');
      const streamId = `skip-slow-${n++}`;
      await slow.query(
        `SELECT * FROM es_append($1, 'skip', -2, $2::uuid[], $3::text[], $4::int[], $5::jsonb[], $6::jsonb[], $7::timestamptz[], $8::bytea[])`,
        [
          streamId,
          [e.id],
          [e.type],
          [1],
          [JSON.stringify(e.data)],
          [JSON.stringify(e.metadata)],
          [e.metadata.recordedAt],
          [contentHash({ ...e, streamId })],
        ],
      );
      // Commits after the slow one took its place in the order.
      const quick = (await store.append(`skip-${n++}`, 'no_stream', [testEvent('Ignored')])).position;
      expect(await waitForPosition(db.pool, [projection.name], quick, 200)).toBe(false);
      await slow.query('COMMIT');
      await settle(quick);
      await sub.catchUp();
      expect(await waitForPosition(db.pool, [projection.name], quick, 1000)).toBe(true);
      const seen = await db.pool.query(`SELECT 1 FROM skip_probe_seen WHERE stream_id = $1`, [streamId]);
      expect(seen.rowCount).toBe(1);
    } finally {
      slow.release();
    }
  });

  it('writes a skipped stretch once due, also when caught up', async () => {
    await sub.catchUp();
    await new Promise((r) => setTimeout(r, EVERY_MS + 50));
    await append('Ignored'); // due: written at once
    await sub.catchUp();
    const last = await append('Ignored');
    const before = await writes();
    await sub.runOnce(); // not due: skipped
    expect(await writes()).toBe(before);
    await new Promise((r) => setTimeout(r, EVERY_MS + 50));
    expect(await sub.runOnce()).toBe(0); // nothing new, but the stretch is due
    expect(await writes()).toBe(before + 1);
    expect(await readCheckpoint(db.pool, projection.name)).toEqual(last);
  });

  it('follows the checkpoint row when something else moved it (a rebuild, a reset)', async () => {
    await append('Ignored');
    await sub.runOnce(); // skipped, in memory only
    await db.pool.query(`UPDATE subscription_checkpoints SET tx_id = 0, seq = 0 WHERE name = $1`, [
      projection.name,
    ]);
    await db.pool.query(`TRUNCATE skip_probe_seen`);
    await sub.catchUp();
    // Replayed from the start: every Wanted stream folded again.
    const seen = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM skip_probe_seen`);
    expect(seen.rows[0]!.n).toBe(3);
  });

  it('is not woken by news of appends it folds nothing of, only by those it does', async () => {
    await sub.catchUp();
    const idle = new CheckpointedSubscription(db.pool, projection, { pollIntervalMs: 60_000 });
    const runs = jest.spyOn(idle, 'runOnce');
    idle.start();
    try {
      const until = async (what: () => boolean) => {
        const deadline = Date.now() + 5000;
        while (!what() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
        expect(what()).toBe(true);
      };
      await until(() => runs.mock.calls.length === 1); // its first batch at start
      await new Promise((r) => setTimeout(r, 50));
      const position = await readCheckpoint(db.pool, projection.name);
      idle.nudge({ position, types: ['Ignored'] });
      await new Promise((r) => setTimeout(r, 100));
      expect(runs.mock.calls.length).toBe(1);
      idle.nudge({ position, types: ['Ignored', 'Wanted'] });
      await until(() => runs.mock.calls.length === 2);
      idle.nudge(null); // no news (a reconnection): always wakes
      await until(() => runs.mock.calls.length === 3);
    } finally {
      await idle.stop();
    }
  });
});
