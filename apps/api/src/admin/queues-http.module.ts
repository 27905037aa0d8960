import { Module } from '@nestjs/common';
import { StreamOrgUnitsModule } from '#libs/audit';
import { EmailQueueModule, RetryQueueJobHandler, TimerQueueModule } from '#libs/deadlines';
import { IdentityDirectoryModule } from '#libs/identity';
import { QueuesController } from './queues.controller.js';

/**
 * The queue console over HTTP (DOMAIN.md "Deadlines and reminders"). Reads the timers' and the emails' queues (shared with the worker's
 * TimersModule when both run in one process); needs the app's global modules (DatabaseModule for the
 * queue's connection, IdentityHttpModule for the guard). A job's org unit and the admin's scope are
 * asked of identity's directory, a stream's unit of audit's StreamOrgUnits, never read from their tables
 * (ARCHITECTURE.md "Between contexts").
 */
@Module({
  imports: [TimerQueueModule, EmailQueueModule, IdentityDirectoryModule, StreamOrgUnitsModule],
  controllers: [QueuesController],
  providers: [RetryQueueJobHandler],
})
export class QueuesHttpModule {}
