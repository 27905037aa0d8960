import { Module } from '@nestjs/common';
import { EmailQueueModule, RetryQueueJobHandler, TimerQueueModule } from '#libs/deadlines';
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
