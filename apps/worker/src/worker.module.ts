import { Module } from '@nestjs/common';
import { CommandHandlersModule } from './command-handlers.module.js';
import { NotificationEmailModule } from './notifications/notification-email.module.js';
import { ALL_PROJECTIONS } from './projections.js';
import { PROJECTIONS, ProjectionRunner } from './projection-runner.service.js';
import { ReactorRunner } from './reactor-runner.service.js';
import { TimersModule } from './timers/timers.module.js';
import { ScheduledBackup } from './ops/scheduled-backup.service.js';

@Module({
  imports: [CommandHandlersModule, TimersModule, NotificationEmailModule],
  providers: [
    ProjectionRunner,
    ReactorRunner,
    { provide: PROJECTIONS, useValue: ALL_PROJECTIONS },
    ScheduledBackup,
  ],
  exports: [ProjectionRunner, ReactorRunner],
})
export class WorkerModule {}
