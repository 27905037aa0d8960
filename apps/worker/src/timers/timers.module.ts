import { Module } from '@nestjs/common';
import { TimerFiring } from './timer.processor.js';
import { TimerQueueModule } from '#libs/deadlines';
import { OpenApprovalStepsModule } from '#libs/approval';
import { IdentityDirectoryModule } from '#libs/identity';
import { LadderStepsModule } from '#libs/ladder';
import { TimerWorker } from './timer-worker.service.js';
import { TimerReconciler } from './timer-reconciler.js';

/**
 * The durable timers (DOMAIN.md "Deadlines and reminders"): the queue (libs/deadlines timer-queue.module.ts: Redis when REDIS_URL is set, else
 * BullMQ's PostgreSQL backend in the product's own database) and the worker that fires them. The
 * reactor that schedules them runs with the other reactors (reactor-runner.service.ts); the reconciler
 * rebuilds them from the event store at start (timer-reconciler.ts).
 */
@Module({
  // Whom to tell (an office's admins, the teachers), and which steps may be open, are asked of the
  // owning contexts' ports — identity's directory, approval's and the ladder's steps — never read from
  // their tables (ARCHITECTURE.md "Between contexts").
  imports: [TimerQueueModule, IdentityDirectoryModule, OpenApprovalStepsModule, LadderStepsModule],
  providers: [TimerFiring, TimerWorker, TimerReconciler],
  exports: [TimerQueueModule, TimerFiring, TimerReconciler],
})
export class TimersModule {}
