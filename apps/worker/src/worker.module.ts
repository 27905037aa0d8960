import { Module } from '@nestjs/common';
import { ApprovalModule } from '#libs/approval';
import { DeadlinesModule } from '#libs/deadlines';
import { LadderModule } from '#libs/ladder';
import { LOCAL_SUBSCRIPTIONS, type LocalSubscriptions } from '#libs/platform';
import { PolicyModule } from '#libs/policy';
import { NotificationEmailModule } from './notifications/notification-email.module.js';
import { ALL_PROJECTIONS } from './projections.js';
import { PROJECTIONS, ProjectionRunner } from './projection-runner.service.js';
import { ReactorRunner } from './reactor-runner.service.js';
import { TimersModule } from './timers/timers.module.js';
import { ScheduledBackup } from './ops/scheduled-backup.service.js';

/**
 * The worker (ARCHITECTURE.md "The shape"): the contexts' command handlers, which its reactors and timers
 * send commands to, composed with the projections, reactors, timers and email delivery it runs. The
 * same module runs alone (main.ts) or beside the API in one process (apps/server).
 */
@Module({
  imports: [
    PolicyModule,
    ApprovalModule,
    LadderModule,
    DeadlinesModule,
    TimersModule,
    NotificationEmailModule,
  ],
  providers: [
    ProjectionRunner,
    ReactorRunner,
    { provide: PROJECTIONS, useValue: ALL_PROJECTIONS },
    ScheduledBackup,
    {
      provide: LOCAL_SUBSCRIPTIONS,
      inject: [ProjectionRunner, ReactorRunner],
      useFactory: (projections: ProjectionRunner, reactors: ReactorRunner): LocalSubscriptions => ({
        projections: projections.names(),
        leadership: () => ({ projections: projections.leadership(), reactors: reactors.leadership() }),
      }),
    },
  ],
  exports: [ProjectionRunner, ReactorRunner, LOCAL_SUBSCRIPTIONS],
})
export class WorkerModule {}
