import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  runCommand,
  WrongExpectedVersionError,
  type CommandMetadata,
  type CommandOutcome,
  type EventStore,
} from '#libs/event-store';
import { EVENT_STORE } from '#libs/platform';
import {
  auditLogDecider,
  auditReadStreamKey,
  type AuditLogState,
  type AuditReadRecord,
} from './audit-read.decider.js';

export class RecordAuditReadCommand extends Command<CommandOutcome<AuditLogState>> {
  constructor(
    readonly record: AuditReadRecord,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(RecordAuditReadCommand)
export class RecordAuditReadHandler implements ICommandHandler<RecordAuditReadCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(c: RecordAuditReadCommand): Promise<CommandOutcome<AuditLogState>> {
    const key = auditReadStreamKey(c.meta.actorId, c.meta.now);
    // One admin's parallel reads race for the same stream; runCommand retries once, and a record of a
    // read must not be lost to a race, so a few more tries here (each re-reads the stream).
    for (let attempt = 0; ; attempt++) {
      try {
        return await runCommand(
          this.store,
          auditLogDecider,
          key,
          { type: 'RecordAuditRead', ...c.record },
          c.meta,
        );
      } catch (err) {
        if (!(err instanceof WrongExpectedVersionError) || attempt >= 4) throw err;
      }
    }
  }
}
