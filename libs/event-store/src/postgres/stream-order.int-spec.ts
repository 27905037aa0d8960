import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { migrate } from './migrations.js';

// A stream's events sort in version order in the log's global order (tx_id, seq), even when a batch of
// appends to several streams (es_append_many, group commit) waits for one of its streams behind another
// transaction: the append functions take their streams' locks before their transaction has an id
// (migrations.ts, STREAM_LOCKS). Before, the batch took its id first, and a stream's version 2 written
// by it sorted before version 1, written meanwhile by a later transaction; the concurrency suite saw a
// subscriber deliver a stream's versions as 2, 3, 1.

/** The event arrays both functions take, for `n` events of one small shape. */
function events(n: number): unknown[] {
  const now = new Date().toISOString();
  return [
    Array.from({ length: n }, () => randomUUID()),
    Array.from({ length: n }, () => 'Noted'),
    Array.from({ length: n }, () => 1),
    Array.from({ length: n }, () => '{"n":1}'),
    Array.from({ length: n }, () => '{}'),
    Array.from({ length: n }, () => now),
    Array.from({ length: n }, () => randomBytes(32)),
  ];
}

const APPEND = `SELECT * FROM es_append($1, 'order', -1, $2::uuid[], $3::text[], $4::int[], $5::jsonb[], $6::jsonb[], $7::timestamptz[], $8::bytea[])`;
const APPEND_MANY = `SELECT * FROM es_append_many($1::text[], $2::text[], $3::bigint[], $4::int[], $5::uuid[], $6::text[], $7::int[], $8::jsonb[], $9::jsonb[], $10::timestamptz[], $11::bytea[])`;

/** Resolves once the backend `pid` waits for a lock. */
async function waitingForLock(pool: pg.Pool, pid: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const r = await pool.query<{ wait: string | null }>(
      `SELECT wait_event_type AS wait FROM pg_stat_activity WHERE pid = $1`,
      [pid],
    );
    if (r.rows[0]?.wait === 'Lock') return;
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error(`backend ${pid} never waited for a lock`);
}

describe('a stream’s versions in the log’s global order (real PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createPostgresTestDatabase(6);
    await migrate(db.pool);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('a batch that waits behind one stream does not sort its append to another before that one’s earlier version', async () => {
    const held = `a-${randomUUID()}`;
    const other = `b-${randomUUID()}`;
    const holder = await db.pool.connect();
    const batch = await db.pool.connect();
    const single = await db.pool.connect();
    try {
      // The holder has appended to `held` and not committed yet.
      await holder.query('BEGIN');
      await holder.query(APPEND, [held, ...events(1)]);

      // A batch to both streams now waits for `held`.
      const batchPid = (await batch.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const batchDone = batch.query(APPEND_MANY, [
        [held, other],
        ['order', 'order'],
        [-1, -1],
        [1, 1],
        ...events(2),
      ]);
      await waitingForLock(db.pool, batchPid);

      // Meanwhile another writer appends to `other` (at once, or after the batch: either is an order).
      const singleDone = single.query(APPEND, [other, ...events(1)]);
      await new Promise((res) => setTimeout(res, 200));
      await holder.query('COMMIT');
      await Promise.all([batchDone, singleDone]);
    } finally {
      holder.release();
      batch.release();
      single.release();
    }

    const log = await db.pool.query<{ stream_id: string; version: string }>(
      `SELECT stream_id, version FROM events WHERE stream_id = ANY ($1) ORDER BY tx_id, seq`,
      [[held, other]],
    );
    for (const stream of [held, other]) {
      const versions = log.rows.filter((r) => r.stream_id === stream).map((r) => Number(r.version));
      expect(versions).toEqual([1, 2]);
    }
  });
});
