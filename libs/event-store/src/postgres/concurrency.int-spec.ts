import { randomUUID } from 'node:crypto';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import {
  comparePositions,
  WrongExpectedVersionError,
  type ExpectedVersion,
  type LogPosition,
  type RecordedEvent,
} from '../event-store.port.js';
import { contentHash } from '../hashing/event-hash.js';
import {
  CheckpointedSubscription,
  readCheckpoint,
  waitForPosition,
} from '../subscription/checkpointed-subscription.js';
import type { Projection, SqlExecutor } from '../subscription/projection.js';
import { testEvent } from '../testing/fixtures.js';
import { settled } from '../testing/settled.js';
import { verifyChain } from '../verification/chain-verifier.js';
import { migrate } from './migrations.js';
import { PostgresEventStore } from './postgres-event-store.js';

// ARCHITECTURE.md "A command's path": 8 writers × 1,000 appends to overlapping streams with random expected versions
// against real PostgreSQL; a subscriber runs during the load; one more writer holds its transaction
// open for seconds while others commit after it.
const WRITERS = 8;
const APPENDS_PER_WRITER = 1000;
const STREAMS = Array.from({ length: 20 }, (_, i) => `load-${i}`);

/** Records every delivery; the primary keys make a second delivery of any event fail the batch. */
const deliveries: Projection = {
  name: 'load_deliveries',
  tables: ['load_deliveries'],
  async setup(db: SqlExecutor) {
    await db.query(`CREATE TABLE IF NOT EXISTS load_deliveries (
      n bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, seq bigint NOT NULL UNIQUE, tx text NOT NULL,
      stream_id text NOT NULL, version int NOT NULL)`);
  },
  async apply(e: RecordedEvent, db: SqlExecutor) {
    await db.query(
      `INSERT INTO load_deliveries (event_id, seq, tx, stream_id, version) VALUES ($1, $2, $3, $4, $5)`,
      [e.id, e.position.seq.toString(), e.position.tx.toString(), e.streamId, e.version],
    );
  },
};

interface Attempt {
  stream: string;
  ids: string[];
  accepted: boolean;
  nextVersion?: number;
}

describe('event store under concurrent load (real PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createPostgresTestDatabase(WRITERS + 6);
    await migrate(db.pool);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('delivers every accepted append exactly once in one global order; refused appends write nothing; a late commit is waited for', async () => {
    const store = new PostgresEventStore(db.pool);
    const sub = new CheckpointedSubscription(db.pool, deliveries, { pollIntervalMs: 5, batchSize: 200 });
    await sub.setup();
    sub.start();

    // The slow writer takes its transaction id first, then holds the transaction open.
    const slow = await db.pool.connect();
    const lateStream = `late-${randomUUID()}`;
    const late = testEvent('Late');
    await slow.query('BEGIN');
    const heldTx = BigInt(
      (await slow.query<{ tx: string }>('SELECT pg_current_xact_id()::text AS tx')).rows[0]!.tx,
    );
    await slow.query(
      `SELECT * FROM es_append($1, 'late', -2, $2::uuid[], $3::text[], $4::int[], $5::jsonb[], $6::jsonb[], $7::timestamptz[], $8::bytea[])`,
      [
        lateStream,
        [late.id],
        [late.type],
        [1],
        [JSON.stringify(late.data)],
        [JSON.stringify(late.metadata)],
        [late.metadata.recordedAt],
        [contentHash({ ...late, streamId: lateStream })],
      ],
    );

    // While the writers load, sample the checkpoint: it must never pass the held transaction.
    const samples: LogPosition[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push(await readCheckpoint(db.pool, deliveries.name));
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    const attempts: Attempt[] = [];
    const unexpected: unknown[] = [];
    const writer = async (w: number) => {
      const seen = new Map<string, number>();
      for (let i = 0; i < APPENDS_PER_WRITER; i++) {
        const stream = STREAMS[(w * 7 + i * 13) % STREAMS.length]!;
        const known = seen.get(stream) ?? 0;
        const roll = (i * 31 + w * 17) % 10;
        const expected: ExpectedVersion =
          roll < 5 ? known : roll < 7 ? known + 1 + (i % 3) : roll < 9 ? 'any' : 'no_stream';
        const events = Array.from({ length: 1 + (i % 3) }, () => testEvent('Load', { w, i }));
        const attempt: Attempt = { stream, ids: events.map((e) => e.id), accepted: false };
        try {
          const r = await store.append(stream, expected, events);
          attempt.accepted = true;
          attempt.nextVersion = r.nextVersion;
          seen.set(stream, r.nextVersion);
        } catch (err) {
          if (err instanceof WrongExpectedVersionError) seen.set(stream, err.actual ?? 0);
          else unexpected.push(err);
        }
        attempts.push(attempt);
      }
    };
    const load = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    await new Promise((r) => setTimeout(r, 3000)); // hold the slow transaction for seconds under load
    const committedDuringHold = (
      await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE tx_id > $1::bigint`, [
        heldTx.toString(),
      ])
    ).rows[0]!.n;
    sampling = false; // the samples cover exactly the time the transaction was held open
    await sampler;
    await slow.query('COMMIT');
    slow.release();
    await load;
    await settled(db.pool); // another suite's open transaction may still hold the last appends back
    await sub.catchUp();
    await sub.stop();

    expect(unexpected).toEqual([]);
    expect(Number(committedDuringHold)).toBeGreaterThan(0); // others really did commit after it
    expect(samples.length).toBeGreaterThan(20);
    expect(samples.filter((p) => p.tx >= heldTx)).toEqual([]);

    const accepted = attempts.filter((a) => a.accepted);
    const refused = attempts.filter((a) => !a.accepted);
    expect(accepted.length).toBeGreaterThan(1000);
    expect(refused.length).toBeGreaterThan(100);

    // Refused appends wrote nothing.
    const refusedIds = refused.flatMap((a) => a.ids);
    const leaked = await db.pool.query(
      `SELECT count(*)::int AS n FROM events WHERE event_id = ANY ($1::uuid[])`,
      [refusedIds],
    );
    expect(leaked.rows[0].n).toBe(0);

    // Every accepted event was delivered exactly once, and nothing else was.
    const acceptedIds = new Set([...accepted.flatMap((a) => a.ids), late.id]);
    const delivered = await db.pool.query<{
      event_id: string;
      stream_id: string;
      version: number;
      tx: string;
      seq: string;
    }>(`SELECT event_id, stream_id, version, tx, seq FROM load_deliveries ORDER BY n`);
    expect(delivered.rows.length).toBe(acceptedIds.size);
    expect(new Set(delivered.rows.map((r) => r.event_id))).toEqual(acceptedIds);

    // Delivery order is the one global order the log reads back in.
    const log: RecordedEvent[] = [];
    for (let after: LogPosition | null = null; ;) {
      const page = await store.readAll({ after, limit: 2000 });
      if (page.length === 0) break;
      log.push(...page);
      after = page[page.length - 1]!.position;
    }
    expect(delivered.rows.map((r) => r.event_id)).toEqual(log.map((e) => e.id));
    for (let i = 1; i < log.length; i++)
      expect(comparePositions(log[i - 1]!.position, log[i]!.position)).toBe(-1);

    // The late event was delivered before every event of a later transaction.
    const lateAt = delivered.rows.findIndex((r) => r.event_id === late.id);
    expect(delivered.rows.slice(0, lateAt).every((r) => BigInt(r.tx) < heldTx)).toBe(true);

    // Per stream: versions 1..N without gaps, each accepted append where its result said.
    for (const stream of STREAMS) {
      const versions = delivered.rows.filter((r) => r.stream_id === stream).map((r) => r.version);
      expect(versions).toEqual(versions.map((_, i) => i + 1));
    }
    const byId = new Map(delivered.rows.map((r) => [r.event_id, r]));
    for (const a of accepted) {
      const vs = a.ids.map((id) => byId.get(id)!.version);
      expect(vs).toEqual(vs.map((_, i) => a.nextVersion! - a.ids.length + 1 + i));
    }

    const chain = await verifyChain(db.pool);
    expect(chain.findings).toEqual([]);
  }, 120_000);

  it('names as head an event committed while an older transaction is still open, and waits for it', async () => {
    // Regression: the head was fenced like readAll, so "wait until the read models reach the head"
    // could return before an event committed behind an open transaction was projected.
    const store = new PostgresEventStore(db.pool);
    // Only its checkpoint matters here.
    const counter: Projection = {
      name: 'head_deliveries',
      tables: [],
      setup: async () => undefined,
      apply: async () => undefined,
    };
    const sub = new CheckpointedSubscription(db.pool, counter, { pollIntervalMs: 5, batchSize: 500 });
    await sub.setup();
    const held = await db.pool.connect();
    try {
      await held.query('BEGIN');
      await held.query('SELECT pg_current_xact_id()'); // takes a transaction id older than the append below
      const event = testEvent('AfterHeld');
      const mine = await store.append(`head-${randomUUID()}`, 'no_stream', [event]);
      const head = await store.headPosition();
      expect(comparePositions(head!, mine.position)).toBe(0);
      // Nothing past the open transaction is readable yet, so nobody can have projected it.
      const readable = await store.readAll({ after: undefined, limit: 100_000 });
      expect(readable.some((e) => e.id === event.id)).toBe(false);
      sub.start();
      expect(await waitForPosition(db.pool, ['head_deliveries'], head!, 300)).toBe(false);
      await held.query('COMMIT');
      expect(await waitForPosition(db.pool, ['head_deliveries'], head!, 10_000)).toBe(true);
    } finally {
      await held.query('ROLLBACK').catch(() => undefined);
      held.release();
      await sub.stop();
    }
  });
});
