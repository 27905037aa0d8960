import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runCommand, type CommandMetadata, type CommandOutcome, type EventStore } from '#libs/event-store';
import { EVENT_STORE } from '#libs/platform';
import {
  annualSummaryDecider,
  annualSummaryId,
  type AnnualSummaryCommand,
  type AnnualSummaryState,
} from './annual-summary.decider.js';

export class ExecuteAnnualSummaryCommand extends Command<CommandOutcome<AnnualSummaryState>> {
  constructor(
    readonly command: AnnualSummaryCommand,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(ExecuteAnnualSummaryCommand)
export class AnnualSummaryCommandHandler implements ICommandHandler<ExecuteAnnualSummaryCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  execute(c: ExecuteAnnualSummaryCommand): Promise<CommandOutcome<AnnualSummaryState>> {
    const id = annualSummaryId(c.command.year, c.command.orgUnit);
    return runCommand(this.store, annualSummaryDecider, id, c.command, c.meta);
  }
}
