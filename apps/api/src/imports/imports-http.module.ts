import { Module } from '@nestjs/common';
import { IdentityDirectoryModule } from '#libs/identity';
import { ImportJobs } from './import-jobs.service.js';
import { ImportJobsController, ImportsController } from './imports.controller.js';

/** The office console's bulk imports (UI.md §1.10): teachers and hours from spreadsheets. */
@Module({
  // The hours import finds people by username through identity's directory, never its tables.
  imports: [IdentityDirectoryModule],
  controllers: [ImportsController, ImportJobsController],
  providers: [ImportJobs],
  exports: [ImportJobs],
})
export class ImportsHttpModule {}
