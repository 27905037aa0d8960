import type pg from 'pg';
import {
  comparePositions,
  type EventMetadata,
  type LogPosition,
  type RecordedEvent,
} from '../event-store.port.js';
import {
  EVENT_COLUMNS,
  SETTLED,
  pgHistoryReader,
  rowToEvent,
  type EventRow,
} from '../postgres/postgres-event-store.js';
import { upcastEvents } from '../upcasting/upcasting.js';
import { BatchLoop } from './batch-loop.js';
import { hasSessionPerConnection } from '../postgres/prepared-statements.js';
import type { AppendNews } from '../postgres/append-wakeup.js';
import {
  applyEvents,
  inlineParams,
  localSearchPath,
  wants,
  type Projection,
  type SqlExecutor,
} from './projection.js';

export interface SubscriptionOptions {
  batchSize?: number;
  /** How long to sleep when caught up, unless woken earlier by `nudge()`. */
  pollIntervalMs?: number;
  /** Least time between the starts of two batches that found work (batch-loop.ts). Default 25 ms. */
  coalesceMs?: number;
  /** Least time between checkpoint writes of batches it folded nothing in. Default CHECKPOINT_EVERY_MS. */
  checkpointEveryMs?: number;
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
  metadataKeys?: readonly string[],
  hashes = true,
): Promise<RecordedEvent[]> {
  const res = await db.query<EventRow & Record<string, unknown>>(
    `SELECT ${payloadColumns(hashes ? EVENT_COLUMNS : UNHASHED_COLUMNS, types ? '$4' : null, metadataKeys)} FROM events
      WHERE (tx_id, seq) > ($1::bigint, $2::bigint) AND ${SETTLED}
      ORDER BY tx_id, seq LIMIT $3`,
    types
      ? [after.tx.toString(), after.seq.toString(), limit, types]
      : [after.tx.toString(), after.seq.toString(), limit],
  );
  const events = res.rows.map(hashes ? rowToEvent : unhashedRowToEvent);
  if (metadataKeys)
    for (let i = 0; i < events.length; i++) events[i]!.metadata = metadataOf(res.rows[i]!, metadataKeys);
  // Projections, reactors and rebuilds see every event in its newest shape (upcasting.ts).
  return upcastEvents(events, pgHistoryReader(db));
}

/** The columns of a read without the hashes (`Projection.readsHashes`). */
export const UNHASHED_COLUMNS = EVENT_COLUMNS.replace(', content_hash, chain_hash', '');

const NO_HASH = Buffer.alloc(0);

/** `rowToEvent` of a row read without its hashes: the event carries them as empty strings. */
function unhashedRowToEvent(r: Omit<EventRow, 'content_hash' | 'chain_hash'>): RecordedEvent {
  return rowToEvent({ ...r, content_hash: NO_HASH, chain_hash: NO_HASH });
}

const METADATA_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * `columns` (which hold `data, metadata`) for a read by a subscriber: with `typesParam` (the parameter
 * holding its types), events of other types come without data and with empty metadata; with
 * `metadataKeys`, metadata comes as one jsonb column per key (`m0`, `m1` …, for `metadataOf`) instead of
 * the whole object, so neither the server writes nor Node parses the rest of it.
 */
export function payloadColumns(
  columns: string,
  typesParam: string | null,
  metadataKeys?: readonly string[],
): string {
  for (const k of metadataKeys ?? []) if (!METADATA_KEY.test(k)) throw new Error(`invalid metadata key ${k}`);
  const wanted = (expr: string, otherwise: string) =>
    typesParam ? `CASE WHEN type = ANY (${typesParam}::text[]) THEN ${expr} ELSE ${otherwise} END` : expr;
  const metadata = metadataKeys
    ? metadataKeys.map((k, i) => `${wanted(`metadata->'${k}'`, 'NULL')} AS m${i}`).join(', ')
    : `${wanted('metadata', `'{}'::jsonb`)} AS metadata`;
  return columns.replace('data, metadata', `${wanted('data', 'NULL')} AS data, ${metadata}`);
}

/** The metadata a row read with `payloadColumns(…, metadataKeys)` carries: the keys present, as stored. */
export function metadataOf(row: Record<string, unknown>, metadataKeys: readonly string[]): EventMetadata {
  return metadataFrom(metadataKeys, (i) => row[`m${i}`]);
}

/** `metadataOf` of a row whose `m${i}` column, parsed, is `value(i)`. */
export function metadataFrom(metadataKeys: readonly string[], value: (i: number) => unknown): EventMetadata {
  const metadata: Record<string, unknown> = {};
  for (let i = 0; i < metadataKeys.length; i++) {
    const v = value(i);
    // SQL NULL: the key is absent, or the event of a type not folded. (A stored JSON null reads as absent
    // too: node-postgres parses both to null.)
    if (v !== null && v !== undefined) metadata[metadataKeys[i]!] = v;
  }
  return metadata as EventMetadata;
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

/** A projection's own checkpoint write also records the event types it folds (see `caughtUp`). */
const PROJECTION_CHECKPOINT_UPSERT = `INSERT INTO subscription_checkpoints (name, tx_id, seq, event_types, updated_at)
     VALUES ($1, $2::bigint, $3, $4::text[], now())
     ON CONFLICT (name) DO UPDATE SET tx_id = EXCLUDED.tx_id, seq = EXCLUDED.seq,
       event_types = EXCLUDED.event_types, updated_at = now()`;

/**
 * A batch in which the projection folded nothing moves its checkpoint only if the last write is at least
 * this old: under load most batches of most projections hold only events they ignore, and their
 * checkpoint writes were most of the worker's statements per command (BENCHMARKS.md C1). Where it has
 * read to is kept in memory meanwhile, and waiters know the events it ignores (`caughtUp`).
 */
export const CHECKPOINT_EVERY_MS = 1000;

/** A subscription's checkpoint with the event types it handles (null: all), for `caughtUp`. */
export async function writeTypedCheckpoint(
  db: SqlExecutor,
  name: string,
  p: LogPosition,
  types: readonly string[] | null,
): Promise<void> {
  await db.query(PROJECTION_CHECKPOINT_UPSERT, [name, p.tx.toString(), p.seq.toString(), types]);
}

/** Whether events of `types` concern a subscription handling `handled` (absent: all). */
export function concerns(handled: readonly string[] | undefined, types: readonly string[]): boolean {
  return !handled || types.some((t) => handled.includes(t));
}

export const samePosition = (a: LogPosition, b: LogPosition): boolean => a.tx === b.tx && a.seq === b.seq;

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
  /**
   * Read past, in memory, without moving the checkpoint: `to`, as long as the checkpoint row still holds
   * `base`. Everything between them is events the projection ignores, so reading on from `to` is exact;
   * if anything else moved the row (a rebuild, another process, a reset) the row is followed instead.
   */
  private skipped: { base: LogPosition; to: LogPosition } | null = null;
  private lastWrite = 0;
  /** The end of the last batch read (BatchLoop: has an announced position been read?). */
  private reached: LogPosition | null = null;

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
      reached: () => this.reached,
    });
  }

  private upsert(to: LogPosition): string {
    return inlineParams(PROJECTION_CHECKPOINT_UPSERT, [
      this.projection.name,
      to.tx.toString(),
      to.seq.toString(),
      this.projection.eventTypes ?? null,
    ]);
  }

  /**
   * Create the projection's tables and checkpoint row if they are not there yet. The checkpoint row is
   * locked first, as a batch locks it before it touches the tables: a process starting while another
   * runs this projection then waits for that batch instead of holding the tables (an ALTER TABLE … IF NOT
   * EXISTS locks them whole) while the batch waits for it — a deadlock between a starting worker and a
   * running one.
   */
  async setup(): Promise<void> {
    await this.inTransaction(async (db) => {
      await db.query(
        `INSERT INTO public.subscription_checkpoints (name, event_types) VALUES ($1, $2::text[])
           ON CONFLICT (name) DO UPDATE SET event_types = EXCLUDED.event_types`,
        [this.projection.name, this.projection.eventTypes ?? null],
      );
      await this.projection.setup(db);
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
      const stored = checkpointOf(opened[opened.length - 1]!.rows[0]);
      if (this.skipped && !samePosition(this.skipped.base, stored)) this.skipped = null;
      const from = this.skipped?.to ?? stored;
      const events = await readSettled(
        client,
        from,
        this.batchSize,
        this.projection.eventTypes,
        this.projection.metadataKeys,
        this.projection.readsHashes !== false,
      );
      const due = Date.now() - this.lastWrite >= (this.options.checkpointEveryMs ?? CHECKPOINT_EVERY_MS);
      if (events.length === 0) {
        // Caught up: a skipped stretch is written once it is due (at the latest at the next poll).
        if (this.skipped && due) {
          await client.query(`${this.upsert(this.skipped.to)}; COMMIT`);
          this.wrote();
        } else await client.query('COMMIT');
        this.reached = from;
        return 0;
      }
      const to = events[events.length - 1]!.position;
      if (!due && !events.some((e) => wants(this.projection, e))) {
        // Nothing to fold: read on from `to` next time, and leave the row (and its WAL) alone.
        await client.query('COMMIT');
        this.skipped = { base: stored, to };
        this.reached = to;
        return events.length;
      }
      await applyEvents(this.projection, events, client, `${this.upsert(to)}; COMMIT`);
      this.wrote();
      this.reached = to;
      return events.length;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  private wrote(): void {
    this.skipped = null;
    this.lastWrite = Date.now();
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

  /** Where it has read to: its checkpoint, or past it over events it ignores (not written yet). */
  async position(): Promise<LogPosition> {
    const stored = await readCheckpoint(this.pool, this.projection.name);
    return this.skipped && samePosition(this.skipped.base, stored) ? this.skipped.to : stored;
  }

  start(): void {
    this.loop.start();
  }

  /** Poll seldom while `on` (a quiet burst of appends, AppendSignal.quietly): batch-loop.ts. */
  slow(on: boolean): void {
    this.loop.slow(on);
  }

  /**
   * An append happened: wake a sleeping loop now (ProjectionSubscription.nudge). Not for events it does
   * not fold: it reads them at its next poll, and waiters count it caught up meanwhile (`caughtUp`), so
   * a command wakes the few projections it concerns instead of all of them.
   */
  nudge(news?: AppendNews | null): void {
    if (news?.types && !concerns(this.projection.eventTypes, news.types)) return;
    this.loop.nudge(news?.position);
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

/** Where a subscription stands, for a position waiter (`caughtUp`). */
export interface CheckpointState {
  position: LogPosition;
  /** Whether its row names the event types it folds (a projection of this adapter); else it folds all. */
  typed: boolean;
  /** The first event of its types after its checkpoint, up to the position asked about; null: none. */
  next: LogPosition | null;
  /** Every transaction below this has ended (the snapshot's xmin): no event before it is still to come. */
  settledBelow: bigint;
}

const CHECKPOINT_STATES = `
  SELECT c.name, c.tx_id::text AS tx, c.seq::text AS seq, c.event_types IS NOT NULL AS typed,
         pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, nxt.tx AS next_tx, nxt.seq AS next_seq
    FROM subscription_checkpoints c
    LEFT JOIN LATERAL (
      SELECT e.tx_id::text AS tx, e.seq::text AS seq
        FROM unnest(c.event_types) AS t(type)
        CROSS JOIN LATERAL (
          SELECT tx_id, seq FROM events
           WHERE type = t.type AND (tx_id, seq) > (c.tx_id, c.seq) AND (tx_id, seq) <= ($2::bigint, $3::bigint)
           ORDER BY tx_id, seq LIMIT 1
        ) e
       WHERE (c.tx_id, c.seq) < ($2::bigint, $3::bigint)
       ORDER BY e.tx_id, e.seq LIMIT 1
    ) nxt ON true
   WHERE c.name = ANY ($1)`;

/**
 * The named subscriptions' checkpoints, each with what a waiter for positions up to `upTo` needs to know
 * of the events it ignores. One round trip; one index probe per event type of each projection behind.
 */
export async function readCheckpointStates(
  db: SqlExecutor,
  names: readonly string[],
  upTo: LogPosition,
): Promise<Map<string, CheckpointState>> {
  type Row = {
    name: string;
    tx: string;
    seq: string;
    typed: boolean;
    xmin: string;
    next_tx: string | null;
    next_seq: string | null;
  };
  const params = [names, upTo.tx.toString(), upTo.seq.toString()];
  // The read-your-writes poll of every api: named on a server pool (prepared-statements.ts), so its
  // lateral joins are planned once per connection rather than at every poll.
  const res = hasSessionPerConnection(db)
    ? await db.query<Row>({ name: 'es_checkpoint_states', text: CHECKPOINT_STATES, values: params })
    : await db.query<Row>(CHECKPOINT_STATES, params);
  return new Map(
    res.rows.map((r) => [
      r.name,
      {
        position: { tx: BigInt(r.tx), seq: BigInt(r.seq) },
        typed: r.typed,
        next: r.next_tx === null ? null : { tx: BigInt(r.next_tx), seq: BigInt(r.next_seq!) },
        settledBelow: BigInt(r.xmin),
      },
    ]),
  );
}

/**
 * Has this subscription passed `position` (at or before the `upTo` its state was read for)? Either its
 * checkpoint has, or — a projection that moves its checkpoint only now and then over batches it had
 * nothing to do in (CHECKPOINT_EVERY_MS) — no event it folds lies between its checkpoint and `position`,
 * and none can still appear there: every transaction up to the position's has ended. Its read model is
 * then exactly what it will be once it has passed the position.
 */
export function caughtUp(state: CheckpointState | undefined, position: LogPosition): boolean {
  if (!state) return false;
  if (comparePositions(state.position, position) >= 0) return true;
  return (
    state.typed &&
    position.tx < state.settledBelow &&
    (state.next === null || comparePositions(state.next, position) > 0)
  );
}

/**
 * Read-your-writes: wait until every named subscription has passed `position` (the position an append
 * returned; `caughtUp`). Resolves false on timeout, so the caller can still answer (with the write
 * accepted) rather than fail.
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
    const states = await readCheckpointStates(pool, names, position);
    if (names.every((n) => caughtUp(states.get(n), position))) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
