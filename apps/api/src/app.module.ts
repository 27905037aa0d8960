import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { ApprovalModule } from '#libs/approval';
import { DeadlinesModule } from '#libs/deadlines';
import { IdentityDirectoryModule } from '#libs/identity';
import { LadderModule, LadderProfilesModule, LadderRelationsModule } from '#libs/ladder';
import { DatabaseModule, type AppConfig } from '#libs/platform';
import { PolicyModule } from '#libs/policy';
import { ApplicationQueries } from './applications/application.queries.js';
import { ApplicationsController } from './applications/applications.controller.js';
import { EvidenceController } from './evidence/evidence.controller.js';
import { CommitteeController } from './applications/committee.controller.js';
import { TrainingProjectsController } from './applications/training-projects.controller.js';
import { AnnualSummariesController } from './annual-summaries/annual-summaries.controller.js';
import { CallsController } from './calls/calls.controller.js';
import { AuditHttpModule } from './audit/audit-http.module.js';
import { HealthController } from './health/health.controller.js';
import { ReadYourWrites } from './http/read-your-writes.js';
import { IdentityHttpModule } from './auth/identity-http.module.js';
import { LadderHttpModule } from './ladder/ladder-http.module.js';
import { MentorshipHttpModule } from './ladder/mentorship-http.module.js';
import { NotificationsHttpModule } from './notifications/notifications-http.module.js';
import { QueuesHttpModule } from './admin/queues-http.module.js';
import { ReportsHttpModule } from './reports/reports-http.module.js';
import { ImportsHttpModule } from './imports/imports-http.module.js';
import { AppInfoController } from './web/app-info.controller.js';
import { WebAppController } from './web/web-app.controller.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { MetricsWiring } from './metrics/metrics.service.js';
import { DemoSeedReadModels } from './demo/demo-seed.js';

@Module({})
export class AppModule {
  /**
   * The API alone: HTTP over the contexts' command handlers (ARCHITECTURE.md "Between contexts": apps only
   * compose the contexts' modules). The worker, when it runs in the same process, is composed beside it
   * by apps/server (`npm start`), never imported from here.
   */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        TerminusModule.forRoot({ logger: false }),
        DatabaseModule.forRoot(config),
        IdentityHttpModule.forRoot(),
        PolicyModule,
        ApprovalModule,
        LadderModule,
        // The ports ApplicationQueries asks for reviewers' conflicts, names, tiers and studios, and actors' names.
        IdentityDirectoryModule,
        LadderRelationsModule,
        LadderProfilesModule,
        DeadlinesModule,
        LadderHttpModule,
        MentorshipHttpModule,
        AuditHttpModule,
        NotificationsHttpModule,
        QueuesHttpModule,
        ReportsHttpModule,
        ImportsHttpModule,
      ],
      controllers: [
        HealthController,
        CallsController,
        ApplicationsController,
        EvidenceController,
        CommitteeController,
        TrainingProjectsController,
        AnnualSummariesController,
        AppInfoController,
        MetricsController,
        // Last: its catch-all GET serves the web app's pages; every route above takes precedence.
        WebAppController,
      ],
      providers: [ApplicationQueries, ReadYourWrites, MetricsWiring, DemoSeedReadModels],
    };
  }
}
