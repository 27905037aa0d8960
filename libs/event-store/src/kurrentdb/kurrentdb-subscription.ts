import { END, type AllStreamSubscription } from '@kurrent/kurrentdb-client';
import type pg from 'pg';
import { comparePositions, type LogPosition } from '../event-store.port.js';
import { chainHash, contentHash, GENESIS_HASH } from '../hashing/event-hash.js';
import { BatchLoop } from '../subscription/batch-loop.js';
import { readCheckpoint, writeCheckpoint } from '../subscription/checkpointed-subscription.js';
import { applyEvents, type Projection, type SqlExecutor } from '../subscription/projection.js';
import type { Finding, VerifyReport } from '../verification/chain-verifier.js';
import { typeFilter, type KurrentEventStore } from './kurrentdb-event-store.js';

export interface KurrentSubscriptionOptions {
  batchSize?: number;
  /** Fallback poll while caught up; the live `$all` subscription wakes the loop sooner. Default 1000 ms. */
  pollIntervalMs?: number;
  onError?: (err: unknown, projection: string) => void;
}

/** Same table and shape as the PostgreSQL adapter's, so `waitForPosition` and the health checks work as is. */
const CHECKPOINT_TABLE = `
  CREATE TABLE IF NOT EXISTS subscription_checkpoints (
    name        text PRIMARY KEY,
    tx_id       bigint NOT NULL DEFAULT 0,
    seq         bigint NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL DEFAULT now()
  )`;

/**
 * A projection fed from KurrentDB's `$all`, with its read model and checkpoint in PostgreSQL — the
 * counterpart of `CheckpointedSubscription`, applying the same `Projection` interface.
 *
 * Each batch is one PostgreSQL transaction: lock the checkpoint row (`FOR UPDATE`, so two workers never apply
 * the same batch), read the next events from `$all` after the checkpoint with a server-side filter (the
 * projection's event types, or every non-system event), apply them, move the checkpoint, commit. A failure
 * anywhere rolls the batch back and the next run starts from the last commit: exactly once into the read
 * model. The checkpoint stores the KurrentDB position as (tx = commit, seq = prepare).
 *
 * When a filtered read comes back short (caught up), the checkpoint moves to the log's head as read *before*
 * the filtered read, so a projection that wants few types still passes the positions of events it does not
 * want — a read-your-writes wait (`waitForPosition`) on it does not hang.
 *
 * `start()` runs the batch loop and opens a live catch-up subscription to `$all` (from the end, same filter)
 * whose only job is to wake the loop when a matching event is committed. Events are not applied from the
 * subscription's push stream directly: the batch read under the row lock is what makes delivery exactly
 * once across processes, and it is the same path for catching up and for live, at the price of one extra
 * read per batch. If the subscription drops, the loop still polls and the subscription is reopened.
 *
 * No late-commit fence: `$all` only ever grows at its end (see `KurrentEventStore`).
 */
export class KurrentCheckpointedSubscription {
  private readonly loop: BatchLoop;
  private readonly batchSize: number;
  private live: AllStreamSubscription | null = null;
  private running = false;
  private reopenTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: KurrentEventStore,
    private readonly pool: pg.Pool,
    readonly projection: Projection,
    private readonly options: KurrentSubscriptionOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.loop = new BatchLoop(() => this.runOnce(), {
      batchSize: this.batchSize,
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      onError: (err) => this.options.onError?.(err, this.projection.name),
    });
  }

  /** Create the checkpoint table, the projection's tables and its checkpoint row if they are not there. */
  async setup(): Promise<void> {
    await this.inTransaction(async (db) => {
      await db.query(CHECKPOINT_TABLE);
      await this.projection.setup(db);
      await db.query(`INSERT INTO subscription_checkpoints (name) VALUES ($1) ON CONFLICT DO NOTHING`, [
        this.projection.name,
      ]);
    });
  }

  /** Apply one batch. Returns how many events it applied (0 when caught up). */
  async runOnce(): Promise<number> {
    return this.inTransaction(async (db) => {
      const from = await readCheckpoint(db, this.projection.name, true);
      const head = await this.store.headPosition();
      const events = await this.store.readAll({
        after: from,
        limit: this.batchSize,
        types: this.projection.eventTypes,
      });
      await applyEvents(this.projection, events, db);
      let to = events.length > 0 ? events[events.length - 1]!.position : from;
      if (events.length < this.batchSize && head && comparePositions(head, to) > 0) to = head;
      if (comparePositions(to, from) > 0) await writeCheckpoint(db, this.projection.name, to);
      return events.length;
    });
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
    if (this.running) return;
    this.running = true;
    this.loop.start();
    this.openLive();
  }

  /** Poll seldom while `on` (a quiet burst of appends, AppendSignal.quietly): batch-loop.ts. */
  slow(on: boolean): void {
    this.loop.slow(on);
  }

  nudge(): void {
    this.loop.nudge();
  }

  /** Close the live subscription, finish the batch in flight, then stop. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    const live = this.live;
    this.live = null;
    await live?.unsubscribe().catch(() => undefined);
    await this.loop.stop();
  }

  private openLive(): void {
    if (!this.running) return;
    const filter = typeFilter(this.projection.eventTypes);
    const sub = this.store.client.subscribeToAll({ fromPosition: END, filter });
    this.live = sub;
    sub.on('data', () => this.loop.nudge());
    sub.on('error', (err) => {
      this.options.onError?.(err, this.projection.name);
      if (this.live !== sub) return;
      this.live = null;
      // The loop keeps polling meanwhile, so nothing is missed while the wake-up channel is down.
      this.reopenTimer = setTimeout(() => this.openLive(), 1000);
    });
  }

  private async inTransaction<T>(fn: (db: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
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
 * The hash-chain check of `verifyChain`, over KurrentDB: walks `$all` once in log order and, per stream,
 * recomputes each content hash, checks the chain to the previous event, and that versions run 1, 2, 3 … in
 * log order. Findings use the PostgreSQL verifier's kinds; `seq` holds the prepare position. There is no
 * separate stream-head row to compare (`head_mismatch`): KurrentDB's head is its last event. Memory grows with
 * the number of streams (one hash per stream), about 100 bytes each.
 */
export async function verifyKurrentChain(
  store: KurrentEventStore,
  options: { batchSize?: number; maxFindings?: number } = {},
): Promise<VerifyReport> {
  const batchSize = options.batchSize ?? 1000;
  const maxFindings = options.maxFindings ?? 10_000;
  const findings: Finding[] = [];
  const heads = new Map<string, { version: number; chain: Buffer }>();
  let checked = 0;
  let after: LogPosition | null = null;
  for (;;) {
    const events = await store.readAll({ after, limit: batchSize });
    for (const e of events) {
      const current = heads.get(e.streamId) ?? { version: 0, chain: GENESIS_HASH };
      const at = { streamId: e.streamId, version: e.version, seq: e.position.seq.toString() };
      const add = (f: Finding) => {
        if (findings.length < maxFindings) findings.push(f);
      };
      if (e.version !== current.version + 1) {
        add({
          kind: e.version <= current.version ? 'order' : 'missing',
          ...at,
          detail: `version ${e.version} follows version ${current.version} in the log`,
        });
      }
      const stored = Buffer.from(e.chainHash, 'hex');
      if (!contentHash(e).equals(Buffer.from(e.contentHash, 'hex'))) {
        add({ kind: 'altered', ...at, detail: 'content does not match its hash' });
      } else if (!chainHash(current.chain, e.version, Buffer.from(e.contentHash, 'hex')).equals(stored)) {
        add({ kind: 'chain_broken', ...at, detail: 'does not chain to the previous event of its stream' });
      }
      heads.set(e.streamId, { version: e.version, chain: stored });
      checked++;
    }
    if (events.length < batchSize) break;
    after = events[events.length - 1]!.position;
  }
  return { checked, streams: heads.size, ok: findings.length === 0, findings };
}
