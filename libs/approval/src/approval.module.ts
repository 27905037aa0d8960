import { Module } from '@nestjs/common';
import type pg from 'pg';
import { IdentityDirectoryModule } from '#libs/identity';
import { LadderRelationsModule } from '#libs/ladder';
import { ensureSecret, PG_POOL } from '#libs/platform';
import { AnnualSummaryCommandHandler } from './annual-summary/annual-summary.handler.js';
import { ANONYMITY_SECRET, ApplicationCommandHandler } from './application/application.handler.js';
import { CallCommandHandler } from './call/call.handler.js';
import { EvidenceCommandHandler } from './evidence/evidence.handler.js';

/**
 * The approval context's command handlers, one per stream type (ARCHITECTURE.md "A command's path"
 * step 2, "Between contexts": one Nest module per context, which the api and the worker compose — the
 * worker's reactors and timers send approval commands too). Reads the policy source of the global
 * PolicyModule; asks identity's directory and the ladder's relations through their ports.
 */
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
  ],
  exports: [ANONYMITY_SECRET],
})
export class ApprovalModule {}
