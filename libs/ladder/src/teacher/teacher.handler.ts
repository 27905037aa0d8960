import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  runCommandWithFacts,
  type CommandMetadata,
  type CommandOutcome,
  type EventStore,
} from '#libs/event-store';
import { IDENTITY_DIRECTORY, type IdentityDirectory } from '#libs/identity';
import { EVENT_STORE } from '#libs/platform';
import { POLICY_SOURCE, type Level, type PolicySource } from '#libs/policy';
import {
  teacherDecider,
  type TeacherCommand,
  type TeacherCommandFacts,
  type TeacherState,
} from './teacher.decider.js';

type WithoutFacts<T> = T extends { policy: unknown } ? Omit<T, 'policy' | 'keeperLevel'> : T;
/**
 * A teacher command as callers send it; the handler adds the policy in force and, for a revocation, the
 * level of the acting admin's org unit.
 */
export type TeacherIntent = WithoutFacts<TeacherCommand>;

/** Every command on a `teacher-…` stream travels the bus in this envelope. */
export class ExecuteTeacherCommand extends Command<CommandOutcome<TeacherState>> {
  constructor(
    readonly teacherId: string,
    readonly intent: TeacherIntent,
    readonly meta: CommandMetadata,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

@CommandHandler(ExecuteTeacherCommand)
export class TeacherCommandHandler implements ICommandHandler<ExecuteTeacherCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(POLICY_SOURCE) private readonly policies: PolicySource,
    @Inject(IDENTITY_DIRECTORY) private readonly directory: IdentityDirectory,
  ) {}

  async execute(c: ExecuteTeacherCommand): Promise<CommandOutcome<TeacherState>> {
    // ARCHITECTURE.md "A command's path": the stream is read once; the office's scope is a fact of that
    // state, decided in the decider. Policies as of the command's time.
    return runCommandWithFacts(
      this.store,
      teacherDecider,
      c.teacherId,
      c,
      async (state) => {
        const command = (
          'policy' in teacherCommandShape(c.intent)
            ? {
                ...c.intent,
                policy: await this.policies.current(c.meta.now),
                ...(c.intent.type === 'RevokeTier' && {
                  keeperLevel: await this.unitLevel(c.meta.orgUnit),
                }),
              }
            : c.intent
        ) as TeacherCommand;
        return { ...command, officeScope: await this.officeScope(c, state) };
      },
      c.meta,
      { expectedVersion: c.expectedVersion },
    );
  }

  /** The level of an org unit from identity's directory (null when unknown). */
  private async unitLevel(unit: string): Promise<Level | null> {
    return this.directory.levelOf(unit);
  }

  /**
   * DOMAIN.md "People and roles": whether the record lies within the acting office's org unit — a new
   * record, the unit it opens in. Undefined for anyone not acting as an office, or with no unit to place.
   */
  private async officeScope(
    c: ExecuteTeacherCommand,
    state: TeacherState,
  ): Promise<TeacherCommandFacts['officeScope']> {
    if (c.meta.actorRole !== 'admin' && c.meta.actorRole !== 'chair') return undefined;
    const unit = state.orgUnit ?? (c.intent.type === 'OpenTeacherRecord' ? c.intent.orgUnit : null);
    if (!unit) return undefined;
    if (unit === c.meta.orgUnit) return 'in';
    return (await this.directory.isWithin(unit, c.meta.orgUnit)) ? 'in' : 'out';
  }
}

/** Which commands the decider reads a policy from. */
function teacherCommandShape(intent: TeacherIntent): Record<string, unknown> {
  switch (intent.type) {
    case 'ReverseHours':
    case 'RecordAnnualAppraisal':
    case 'MoveTeacherRecord':
      return {};
    default:
      return { policy: true };
  }
}
