import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runCommand, type CommandMetadata, type CommandOutcome, type EventStore } from '#libs/event-store';
import { EVENT_STORE } from '#libs/platform';
import {
  POLICY_CATALOGUE_ID,
  policyCatalogueDecider,
  type PolicyCatalogueCommand,
  type PolicyCatalogueState,
} from './policy-catalogue.decider.js';

export class ExecutePolicyCatalogueCommand extends Command<CommandOutcome<PolicyCatalogueState>> {
  constructor(
    readonly command: PolicyCatalogueCommand,
    readonly meta: CommandMetadata,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

@CommandHandler(ExecutePolicyCatalogueCommand)
export class PolicyCatalogueCommandHandler implements ICommandHandler<ExecutePolicyCatalogueCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  execute(c: ExecutePolicyCatalogueCommand): Promise<CommandOutcome<PolicyCatalogueState>> {
    return runCommand(this.store, policyCatalogueDecider, POLICY_CATALOGUE_ID, c.command, c.meta, {
      expectedVersion: c.expectedVersion,
    });
  }
}
