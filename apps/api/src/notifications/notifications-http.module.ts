import { Module } from '@nestjs/common';
import { ApprovalTitlesModule } from '#libs/approval';
import { IdentityDirectoryModule } from '#libs/identity';
import { ReadYourWrites } from '../http/read-your-writes.js';
import { NotificationsController } from './notifications.controller.js';

/**
 * The inbox over HTTP (DOMAIN.md "Deadlines and reminders"). Its command handler lives in the deadlines'
 * DeadlinesModule (libs/deadlines), which the app composes; the read model is kept by the worker. Needs
 * the app's global modules (CqrsModule, DatabaseModule, IdentityHttpModule for the guard). What each
 * notification names is asked of its owner: approval's titles, identity's directory for an office's name.
 */
@Module({
  imports: [ApprovalTitlesModule, IdentityDirectoryModule],
  controllers: [NotificationsController],
  providers: [ReadYourWrites],
})
export class NotificationsHttpModule {}
