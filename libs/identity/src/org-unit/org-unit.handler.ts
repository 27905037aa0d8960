import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  loadState,
  refuse,
  runCommand,
  type CommandMetadata,
  type CommandOutcome,
  type EventStore,
} from '#libs/event-store';
import { EVENT_STORE } from '#libs/platform';
import { ORG_LEVELS, type OrgLevel } from '../identity.model.js';
import { orgUnitDecider, type OrgUnitState } from './org-unit.decider.js';
import type { UnitFacts } from '../user/user.decider.js';

const UNIT_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

/**
 * A unit's level and ancestry, read from the `orgunit-…` streams themselves (not the read model), so a
 * scope check in a decider never depends on how far a projection has got. At most four reads.
 */
export async function loadUnitFacts(
  store: EventStore,
  unitId: string,
  missingCode = 'orgunit_not_found',
): Promise<UnitFacts> {
  if (!UNIT_ID.test(unitId)) throw refuse(missingCode, `no org unit ${unitId}`);
  const chain: { id: string; level: OrgLevel }[] = [];
  let id: string | null = unitId;
  while (id !== null) {
    if (chain.length >= ORG_LEVELS.length || chain.some((c) => c.id === id)) {
      throw new Error(`org unit ${unitId}: its ancestry is longer than the four levels or loops`);
    }
    const { state }: { state: OrgUnitState } = await loadState(store, orgUnitDecider, `orgunit-${id}`);
    if (!state.exists) {
      if (chain.length === 0) throw refuse(missingCode, `no org unit ${unitId}`, { orgUnit: unitId });
      throw new Error(`org unit ${chain[chain.length - 1]!.id}: parent ${id} does not exist`);
    }
    chain.push({ id, level: state.level });
    id = state.parentId;
  }
  return { id: unitId, level: chain[0]!.level, ancestry: chain.map((c) => c.id).reverse() };
}

export interface CreateOrgUnitInput {
  name: string;
  level: OrgLevel;
  parentId: string | null;
}

/** Creates `orgunit-<orgUnitId>`; retrying the same command (same commandId) answers the first result. */
export async function createOrgUnit(
  store: EventStore,
  orgUnitId: string,
  input: CreateOrgUnitInput,
  meta: CommandMetadata,
  options: {
    /** The parent's facts, when the caller has just created the parent itself (the demo seed). */
    parent?: UnitFacts;
    /** As RunOptions.fresh: the id was never used, save by an earlier run of this very command. */
    fresh?: boolean;
  } = {},
): Promise<CommandOutcome<OrgUnitState>> {
  const parent =
    input.parentId === null
      ? null
      : options.parent?.id === input.parentId
        ? options.parent
        : await loadUnitFacts(store, input.parentId, 'parent_not_found');
  return runCommand(
    store,
    orgUnitDecider,
    orgUnitId,
    { type: 'CreateOrgUnit', name: input.name, level: input.level, parent },
    meta,
    { fresh: options.fresh },
  );
}

export class CreateOrgUnitCommand extends Command<CommandOutcome<OrgUnitState>> {
  constructor(
    readonly orgUnitId: string,
    readonly input: CreateOrgUnitInput,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/** One handler per stream type (ARCHITECTURE.md "A command's path" step 2). */
@CommandHandler(CreateOrgUnitCommand)
export class OrgUnitCommandHandler implements ICommandHandler<CreateOrgUnitCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  execute(c: CreateOrgUnitCommand): Promise<CommandOutcome<OrgUnitState>> {
    return createOrgUnit(this.store, c.orgUnitId, c.input, c.meta);
  }
}
