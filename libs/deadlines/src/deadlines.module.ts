import { Module } from '@nestjs/common';
import { NotificationCommandHandler } from './notification/notification.handler.js';
import { RecordNotificationEmailHandler } from './notification/email/record-email.handler.js';

/**
 * The deadlines context's command handlers (ARCHITECTURE.md "Between contexts": one Nest module per
 * context, which the api and the worker compose): the inbox's, which the API (read marks) and the
 * worker's timers and reactors (notifications) both send, and the email outcome's.
 */
@Module({ providers: [NotificationCommandHandler, RecordNotificationEmailHandler] })
export class DeadlinesModule {}
