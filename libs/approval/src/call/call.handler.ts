import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runCommand, type CommandMetadata, type CommandOutcome, type EventStore } from '#libs/event-store';
import { EVENT_STORE } from '#libs/platform';
import { callDecider, type CallCommand, type CallState } from './call.decider.js';

export class ExecuteCallCommand extends Command<CommandOutcome<CallState>> {
  constructor(
    readonly callId: string,
    readonly command: CallCommand,
    readonly meta: CommandMetadata,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

@CommandHandler(ExecuteCallCommand)
export class CallCommandHandler implements ICommandHandler<ExecuteCallCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  execute(c: ExecuteCallCommand): Promise<CommandOutcome<CallState>> {
    return runCommand(this.store, callDecider, c.callId, c.command, c.meta, {
      expectedVersion: c.expectedVersion,
    });
  }
}
