import { createEventStore, eventStoreConfig, migrate, type EventLog } from '#libs/event-store';
import { TimerQueue } from '#libs/deadlines';
import { openDatabase } from '#libs/platform';
import { postgresOpenApprovalSteps } from '#libs/approval';
import { postgresIdentityDirectory } from '#libs/identity';
import { postgresLadderSteps } from '#libs/ladder';
import { cataloguePolicySource } from '#libs/policy';
import { reconcileTimers } from '../timers/timer-reconciler.js';
import { runCommand } from './cli-args.js';

/**
 * `npm run timers:reconcile`: rebuilds every timer that should be pending from the event store (after
 * the queue lost its data: a Redis flushed or restarted without persistence, a restored backup) and
 * removes the timers of finished steps. Idempotent, and safe while the product runs. Prints
 * `timers: added N, kept N, removed N (M applications)`.
 */
runCommand(
  {
    command: 'npm run timers:reconcile --',
    summary:
      'Rebuilds from the event store every timer that should be pending (after the queue lost its data) ' +
      'and removes the timers of finished steps. Idempotent, and safe while the product runs.',
    operands: null,
  },
  async (config) => {
    const db = await openDatabase(config, { role: 'client' });
    let queue: TimerQueue | null = null;
    let log: EventLog | null = null;
    try {
      await migrate(db.pool);
      queue = await TimerQueue.open({
        redisUrl: config.redisUrl,
        databaseUrl: db.url,
        sharedSession: config.databaseUrl === null,
        nodeEnv: config.nodeEnv,
        warn: (m) => process.stderr.write(`${m}\n`),
      });
      // The log the product runs on (the factory's choice): the timers are rebuilt through the port.
      log = await createEventStore(eventStoreConfig(config), db.pool);
      const store = log.store;
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
      process.stdout.write(
        `timers (${queue.backend}): added ${r.added}, kept ${r.kept}, removed ${r.removed} (${r.applications} applications)\n`,
      );
      return 0;
    } finally {
      await queue?.close();
      await log?.close();
      await db.close();
    }
  },
);
