import { Module } from '@nestjs/common';
import { RetryQueueJobHandler } from '#libs/deadlines';
import { TimerQueueModule } from '../../../worker/src/timers/timer-queue.module.js';
import { EmailQueueModule } from '../../../worker/src/notifications/email-queue.module.js';
import { QueuesController } from './queues.controller.js';

/**
 * The queue console over HTTP (DOMAIN.md "Deadlines and reminders"). Reads the timers' and the emails' queues (shared with the worker's
 * TimersModule when both run in one process); needs the app's global modules (DatabaseModule for the
 * queue's connection, IdentityHttpModule for the guard).
 */
@Module({
  imports: [TimerQueueModule, EmailQueueModule],
  controllers: [QueuesController],
  providers: [RetryQueueJobHandler],
})
export class QueuesHttpModule {}
