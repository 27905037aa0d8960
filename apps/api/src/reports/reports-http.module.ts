import { Module } from '@nestjs/common';
import { ApprovalReportsModule } from '#libs/approval';
import { IdentityDirectoryModule } from '#libs/identity';
import { LadderReportsModule } from '#libs/ladder';
import { ReportQueries } from './reports.queries.js';
import { ReportsController } from './reports.controller.js';

/**
 * The office's reports over HTTP (统计报表): read-only, over the read models, each context's through the
 * port it publishes (ARCHITECTURE.md "Between contexts").
 */
@Module({
  imports: [IdentityDirectoryModule, LadderReportsModule, ApprovalReportsModule],
  controllers: [ReportsController],
  providers: [ReportQueries],
})
export class ReportsHttpModule {}
