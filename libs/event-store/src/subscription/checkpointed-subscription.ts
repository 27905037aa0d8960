import type pg from 'pg';
import { comparePositions, type LogPosition, type RecordedEvent } from '../event-store.port.js';
import {
  EVENT_COLUMNS,
  SETTLED,
  pgHistoryReader,
  rowToEvent,
  type EventRow,
} from '../postgres/postgres-event-store.js';
import { upcastEvents } from '../upcasting/upcasting.js';
import { BatchLoop } from './batch-loop.js';
import {
  applyEvents,
  inlineParams,
  localSearchPath,
  type Projection,
  type SqlExecutor,
} from './projection.js';

export interface SubscriptionOptions {
  batchSize?: number;
  /** How long to sleep when caught up, unless woken earlier by `nudge()`. */
  pollIntervalMs?: number;
  /** Least time between the starts of two batches that found work (batch-loop.ts). Default 25 ms. */
  coalesceMs?: number;
  /** Schema the projection's tables live in (a rebuild uses a fresh one). Default: public. */
  schema?: string;
  onError?: (err: unknown, projection: string) => void;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Read events after `after`, in global order, never past the oldest running transaction. With `types`,
 * every event still comes back (its position moves the checkpoint) but only those of these types carry
 * their data and metadata: a projection does not fetch and parse the payloads it will skip. Old
 * events come back upcast to their newest shape (upcasting.ts).
 */
export async function readSettled(
  db: SqlExecutor,
  after: LogPosition,
  limit: number,
  types?: readonly string[],
): Promise<RecordedEvent[]> {
  const columns = types
    ? EVENT_COLUMNS.replace(
        'data, metadata',
        `CASE WHEN type = ANY ($4::text[]) THEN data END AS data,
         CASE WHEN type = ANY ($4::text[]) THEN metadata ELSE '{}'::jsonb END AS metadata`,
      )
    : EVENT_COLUMNS;
  const res = await db.query<EventRow & Record<string, unknown>>(
    `SELECT ${columns} FROM events
      WHERE (tx_id, seq) > ($1::bigint, $2::bigint) AND ${SETTLED}
      ORDER BY tx_id, seq LIMIT $3`,
    types
      ? [after.tx.toString(), after.seq.toString(), limit, types]
      : [after.tx.toString(), after.seq.toString(), limit],
  );
  // Projections, reactors and rebuilds see every event in its newest shape (upcasting.ts).
  return upcastEvents(res.rows.map(rowToEvent), pgHistoryReader(db));
}

const CHECKPOINT_SELECT = `SELECT tx_id::text AS tx, seq FROM subscription_checkpoints WHERE name = $1`;
const CHECKPOINT_UPSERT = `INSERT INTO subscription_checkpoints (name, tx_id, seq, updated_at) VALUES ($1, $2::bigint, $3, now())
     ON CONFLICT (name) DO UPDATE SET tx_id = EXCLUDED.tx_id, seq = EXCLUDED.seq, updated_at = now()`;

export async function readCheckpoint(db: SqlExecutor, name: string, lock = false): Promise<LogPosition> {
  const res = await db.query<{ tx: string; seq: string }>(CHECKPOINT_SELECT + (lock ? ' FOR UPDATE' : ''), [
    name,
  ]);
  return checkpointOf(res.rows[0]);
}

/** A checkpoint row as a position; no row yet is the start of the log. */
function checkpointOf(row: { tx: string; seq: string } | undefined): LogPosition {
  return row ? { tx: BigInt(row.tx), seq: BigInt(row.seq) } : { tx: 0n, seq: 0n };
}

export async function writeCheckpoint(db: SqlExecutor, name: string, p: LogPosition): Promise<void> {
  await db.query(CHECKPOINT_UPSERT, [name, p.tx.toString(), p.seq.toString()]);
}

/**
 * Runs one projection from its durable checkpoint. Each batch is one transaction: lock the checkpoint
 * row (so two processes never apply the same batch), read the next settled events, apply them, move the
 * checkpoint, commit. A crash anywhere rolls the whole batch back; the next run starts where the last
 * commit left off, so every event is applied exactly once.
 */
export class CheckpointedSubscription {
  private readonly loop: BatchLoop;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly schema: string;

  constructor(
    private readonly pool: pg.Pool,
    readonly projection: Projection,
    private readonly options: SubscriptionOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.schema = options.schema ?? 'public';
    if (!SCHEMA_NAME.test(this.schema)) throw new Error(`invalid schema name ${this.schema}`);
    this.loop = new BatchLoop(() => this.runOnce(), {
      batchSize: this.batchSize,
      pollIntervalMs: this.pollIntervalMs,
      coalesceMs: options.coalesceMs ?? 25,
      onError: (err) => this.options.onError?.(err, this.projection.name),
    });
  }

  /** Create the projection's tables and checkpoint row if they are not there yet. */
  async setup(): Promise<void> {
    await this.inTransaction(async (db) => {
      await this.projection.setup(db);
      await db.query(
        `INSERT INTO public.subscription_checkpoints (name) VALUES ($1) ON CONFLICT DO NOTHING`,
        [this.projection.name],
      );
    });
  }

  /**
   * Apply one batch. Returns how many events it consumed (0 when caught up). Three round trips: open
   * the transaction and lock the checkpoint; read the events; send the projection's deferred writes,
   * the new checkpoint and COMMIT together. Under load every round trip is a socket write per batch per
   * subscription, which the profile showed as the largest cost of the worker (BENCHMARKS.md, T1).
   */
  async runOnce(): Promise<number> {
    const client = await this.pool.connect();
    try {
      const opened = (await client.query(
        `BEGIN; ${localSearchPath(this.schema)}; ` +
          inlineParams(CHECKPOINT_SELECT + ' FOR UPDATE', [this.projection.name]),
      )) as unknown as pg.QueryResult<{ tx: string; seq: string }>[];
      const from = checkpointOf(opened[opened.length - 1]!.rows[0]);
      const events = await readSettled(client, from, this.batchSize, this.projection.eventTypes);
      if (events.length === 0) {
        await client.query('COMMIT');
        return 0;
      }
      const to = events[events.length - 1]!.position;
      await applyEvents(
        this.projection,
        events,
        client,
        `${inlineParams(CHECKPOINT_UPSERT, [this.projection.name, to.tx.toString(), to.seq.toString()])}; COMMIT`,
      );
      return events.length;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** Apply batches until none is left. */
  async catchUp(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runOnce();
      total += n;
      if (n === 0) return total;
    }
  }

  async position(): Promise<LogPosition> {
    return readCheckpoint(this.pool, this.projection.name);
  }

  start(): void {
    this.loop.start();
  }

  /** Wake a sleeping loop now (an in-process append just happened). */
  nudge(): void {
    this.loop.nudge();
  }

  /** Finish the batch in flight, then stop. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  private async inTransaction<T>(fn: (db: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(localSearchPath(this.schema));
      const result = await fn(client as unknown as SqlExecutor);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}

/**
 * Read-your-writes: wait until every named subscription has passed `position` (the position an append
 * returned). Resolves false on timeout, so the caller can still answer (with the write accepted) rather
 * than fail.
 */
export async function waitForPosition(
  pool: pg.Pool,
  names: readonly string[],
  position: LogPosition,
  timeoutMs = 5000,
  pollMs = 10,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await pool.query<{ name: string; tx: string; seq: string }>(
      `SELECT name, tx_id::text AS tx, seq FROM subscription_checkpoints WHERE name = ANY ($1)`,
      [names],
    );
    const done =
      res.rows.length === names.length &&
      res.rows.every((r) => comparePositions({ tx: BigInt(r.tx), seq: BigInt(r.seq) }, position) >= 0);
    if (done) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
