import { Module } from '@nestjs/common';
import { ReadYourWrites } from '../http/read-your-writes.js';
import { NotificationsController } from './notifications.controller.js';

/**
 * The inbox over HTTP (DOMAIN.md "Deadlines and reminders"). Its command handler lives in the deadlines'
 * DeadlinesModule (libs/deadlines), which the app composes; the read model is kept by the worker. Needs
 * the app's global modules (CqrsModule, DatabaseModule, IdentityHttpModule for the guard).
 */
@Module({ controllers: [NotificationsController], providers: [ReadYourWrites] })
export class NotificationsHttpModule {}
