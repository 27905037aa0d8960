import { Module } from '@nestjs/common';
import { TimerFiring } from './timer.processor.js';
import { TimerQueueModule } from '#libs/deadlines';
import { IdentityDirectoryModule } from '#libs/identity';
import { TimerWorker } from './timer-worker.service.js';
import { TimerReconciler } from './timer-reconciler.js';

/**
 * The durable timers (DOMAIN.md "Deadlines and reminders"): the queue (libs/deadlines timer-queue.module.ts: Redis when REDIS_URL is set, else
 * BullMQ's PostgreSQL backend in the product's own database) and the worker that fires them. The
 * reactor that schedules them runs with the other reactors (reactor-runner.service.ts); the reconciler
 * rebuilds them from the event store at start (timer-reconciler.ts).
 */
@Module({
  // Whom to tell (an office's admins) is asked of identity's directory, never read from its tables.
  imports: [TimerQueueModule, IdentityDirectoryModule],
  providers: [TimerFiring, TimerWorker, TimerReconciler],
  exports: [TimerQueueModule, TimerFiring, TimerReconciler],
})
export class TimersModule {}
