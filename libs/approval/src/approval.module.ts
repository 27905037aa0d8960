import { Global, Module } from '@nestjs/common';
import type pg from 'pg';
import { IdentityDirectoryModule } from '#libs/identity';
import { FOUNDING_APPLICATIONS, LadderRelationsModule } from '#libs/ladder';
import { ensureSecret, EVENT_STORE, PG_POOL } from '#libs/platform';
import { AnnualSummaryCommandHandler } from './annual-summary/annual-summary.handler.js';
import { ANONYMITY_SECRET, ApplicationCommandHandler } from './application/application.handler.js';
import { CallCommandHandler } from './call/call.handler.js';
import { EvidenceCommandHandler } from './evidence/evidence.handler.js';
import { foundingApplications } from './application/founding-applications.js';

/**
 * The approval context's command handlers, one per stream type (ARCHITECTURE.md "A command's path"
 * step 2, "Between contexts": one Nest module per context, which the api and the worker compose — the
 * worker's reactors and timers send approval commands too). Reads the policy source of the global
 * PolicyModule; asks identity's directory and the ladder's relations through their ports, and answers
 * the ladder's FoundingApplications port — globally, since the ladder may not import approval (approval
 * asks the ladder for eligibility).
 */
@Global()
@Module({
  imports: [IdentityDirectoryModule, LadderRelationsModule],
  providers: [
    ApplicationCommandHandler,
    CallCommandHandler,
    EvidenceCommandHandler,
    AnnualSummaryCommandHandler,
    {
      provide: ANONYMITY_SECRET,
      inject: [PG_POOL],
      useFactory: (pool: pg.Pool) => ensureSecret(pool, 'anonymity'),
    },
    { provide: FOUNDING_APPLICATIONS, inject: [EVENT_STORE], useFactory: foundingApplications },
  ],
  exports: [ANONYMITY_SECRET, FOUNDING_APPLICATIONS],
})
export class ApprovalModule {}
