import { Global, Module } from '@nestjs/common';
import type pg from 'pg';
import {
  ANONYMITY_SECRET,
  AnnualSummaryCommandHandler,
  ApplicationCommandHandler,
  CallCommandHandler,
  EvidenceCommandHandler,
} from '#libs/approval';
import { NotificationCommandHandler, RecordNotificationEmailHandler } from '#libs/deadlines';
import type { EventStore } from '#libs/event-store';
import { MentorshipCommandHandler, StudioCommandHandler, TeacherCommandHandler } from '#libs/ladder';
import { Clock, ensureSecret, EVENT_STORE, PG_POOL } from '#libs/platform';
import { cataloguePolicySource, POLICY_SOURCE, PolicyCatalogueCommandHandler } from '#libs/policy';

/**
 * One handler per stream type (ARCHITECTURE.md "A command's path" step 2), for every process that
 * executes commands: the API, and the worker whose reactors send commands of their own. Global, so
 * every controller module reads the same policy source.
 */
@Global()
@Module({
  providers: [
    ApplicationCommandHandler,
    CallCommandHandler,
    EvidenceCommandHandler,
    AnnualSummaryCommandHandler,
    TeacherCommandHandler,
    MentorshipCommandHandler,
    StudioCommandHandler,
    PolicyCatalogueCommandHandler,
    NotificationCommandHandler,
    RecordNotificationEmailHandler,
    {
      provide: POLICY_SOURCE,
      inject: [EVENT_STORE, Clock],
      useFactory: (store: EventStore, clock: Clock) => cataloguePolicySource(store, clock),
    },
    {
      provide: ANONYMITY_SECRET,
      inject: [PG_POOL],
      useFactory: (pool: pg.Pool) => ensureSecret(pool, 'anonymity'),
    },
  ],
  exports: [POLICY_SOURCE, ANONYMITY_SECRET],
})
export class CommandHandlersModule {}
