import { Module } from '@nestjs/common';
import { ReportQueries } from './reports.queries.js';
import { ReportsController } from './reports.controller.js';

/** The office's reports over HTTP (统计报表): read-only, over the read models. */
@Module({ controllers: [ReportsController], providers: [ReportQueries] })
export class ReportsHttpModule {}
