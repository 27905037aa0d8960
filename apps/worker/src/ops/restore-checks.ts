import type pg from 'pg';
import { PostgresEventStore } from '#libs/event-store';
import { TimerQueue } from '#libs/deadlines';
import type { AppConfig } from '#libs/platform';
import { postgresOpenApprovalSteps } from '#libs/approval';
import { postgresIdentityDirectory } from '#libs/identity';
import { postgresLadderSteps } from '#libs/ladder';
import { cataloguePolicySource } from '#libs/policy';
import { reconcileTimers, type ReconcileResult } from '../timers/timer-reconciler.js';
import { ALL_PROJECTIONS } from '../projections.js';

export interface ProjectionState {
  name: string;
  position: string;
  /** Events after its checkpoint: applied when the product starts. */
  behind: number;
}

/**
 * Where each read model stands after a restore: its checkpoint came from the same snapshot as its rows,
 * so it continues from there when the worker starts; a read model with no checkpoint (or tables) at all
 * is built from the log by the worker's set-up.
 */
export async function projectionStates(pool: pg.Pool): Promise<ProjectionState[]> {
  const store = new PostgresEventStore(pool);
  const out: ProjectionState[] = [];
  for (const p of ALL_PROJECTIONS) {
    const cp = (
      await pool.query<{ tx: string; seq: string; types: string[] | null }>(
        `SELECT tx_id::text AS tx, seq::text AS seq, event_types AS types FROM subscription_checkpoints WHERE name = $1`,
        [p.name],
      )
    ).rows[0] ?? { tx: '0', seq: '0', types: null };
    // Behind by the events the projection handles (it skips its checkpoint over the others).
    const { count: behind } = await store.countEvents({
      after: { tx: BigInt(cp.tx), seq: BigInt(cp.seq) },
      types: cp.types,
    });
    out.push({ name: p.name, position: `${cp.tx}.${cp.seq}`, behind });
  }
  return out;
}

/**
 * Puts back every timer that should be pending (the reconciler), so no deadline is lost between the
 * backup and the first start: on Redis the queue of the restored database is new and empty; on
 * PostgreSQL the restored BullMQ rows are checked against the log.
 */
export async function reconcileRestoredTimers(
  config: AppConfig,
  db: { pool: pg.Pool; url: string; embedded: unknown },
): Promise<ReconcileResult & { backend: string }> {
  const queue = await TimerQueue.open({
    redisUrl: config.redisUrl,
    databaseUrl: db.url,
    sharedSession: db.embedded !== null,
    nodeEnv: config.nodeEnv,
    warn: (m) => process.stderr.write(`${m}\n`),
  });
  try {
    const store = new PostgresEventStore(db.pool);
    const clock = { now: () => new Date() };
    const r = await reconcileTimers({
      store,
      pool: db.pool,
      approval: postgresOpenApprovalSteps(db.pool),
      ladder: postgresLadderSteps(db.pool),
      directory: postgresIdentityDirectory(db.pool),
      queue,
      policies: cataloguePolicySource(store, clock),
      now: clock.now(),
    });
    return { ...r, backend: queue.backend };
  } finally {
    await queue.close();
  }
}
