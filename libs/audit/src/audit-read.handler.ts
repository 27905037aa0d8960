import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runCommand, type CommandMetadata, type CommandOutcome, type EventStore } from '#libs/event-store';
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
    // A read's record depends on nothing recorded before it, so it is appended without reading the
    // stream and without an expected version: one admin's parallel reads never conflict (they once
    // raced for the stream's version and some ended in 409 under load — bench Q1), and no read goes
    // unrecorded.
    return runCommand(this.store, auditLogDecider, key, { type: 'RecordAuditRead', ...c.record }, c.meta, {
      blind: true,
    });
  }
}
