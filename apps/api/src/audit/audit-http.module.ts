import { ReadYourWrites } from '../http/read-your-writes.js';
import { Module } from '@nestjs/common';
import { RecordAuditReadHandler } from '#libs/audit';
import { IdentityDirectoryModule } from '#libs/identity';
import { AuditController } from './audit.controller.js';

/** The audit trail over HTTP (DOMAIN.md "Audit trail"): the controller and the handler that records each audit read. */
@Module({
  // Whose names and which org units: asked of identity's directory, never read from its tables.
  imports: [IdentityDirectoryModule],
  controllers: [AuditController],
  providers: [RecordAuditReadHandler, ReadYourWrites],
})
export class AuditHttpModule {}
