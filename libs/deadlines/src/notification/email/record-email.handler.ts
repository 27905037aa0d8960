import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runCommand, type CommandMetadata, type CommandOutcome, type EventStore } from '#libs/event-store';
import { EVENT_STORE } from '#libs/platform';
import {
  notificationDecider,
  type NotificationState,
  type RecordEmailCommand,
} from '../notification.decider.js';

/**
 * Records the email outcome of a notification on its stream (DOMAIN.md "Deadlines and reminders"), through the normal
 * command path: read the stream, decide, append with the expected version. The command id derives from
 * the notification, so a retried record is stored once, and the decider records one outcome at most.
 */
export class RecordNotificationEmailCommand extends Command<CommandOutcome<NotificationState>> {
  constructor(
    readonly notificationId: string,
    readonly command: RecordEmailCommand,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(RecordNotificationEmailCommand)
export class RecordNotificationEmailHandler implements ICommandHandler<RecordNotificationEmailCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(c: RecordNotificationEmailCommand): Promise<CommandOutcome<NotificationState>> {
    return runCommand(this.store, notificationDecider, c.notificationId, c.command, c.meta);
  }
}
