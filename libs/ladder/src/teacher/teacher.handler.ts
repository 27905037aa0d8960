import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  forbidden,
  loadState,
  runCommand,
  type CommandMetadata,
  type CommandOutcome,
  type EventStore,
} from '#libs/event-store';
import { IDENTITY_DIRECTORY, type IdentityDirectory } from '#libs/identity';
import { EVENT_STORE } from '#libs/platform';
import { POLICY_SOURCE, type Level, type PolicySource } from '#libs/policy';
import { teacherDecider, type TeacherCommand, type TeacherState } from './teacher.decider.js';

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
    await this.requireOfficeScope(c);
    const command = (
      'policy' in teacherCommandShape(c.intent)
        ? {
            ...c.intent,
            policy: await this.policies.current(c.meta.now),
            ...(c.intent.type === 'RevokeTier' && { keeperLevel: await this.unitLevel(c.meta.orgUnit) }),
          }
        : c.intent
    ) as TeacherCommand;
    return runCommand(this.store, teacherDecider, c.teacherId, command, c.meta, {
      expectedVersion: c.expectedVersion,
    });
  }

  /** The level of an org unit from identity's directory (null when unknown). */
  private async unitLevel(unit: string): Promise<Level | null> {
    return this.directory.levelOf(unit);
  }

  /** DOMAIN.md "People and roles": an office keeps the records of its org unit and below only. */
  private async requireOfficeScope(c: ExecuteTeacherCommand): Promise<void> {
    if (c.meta.actorRole !== 'admin' && c.meta.actorRole !== 'chair') return;
    const { state } = await loadState(this.store, teacherDecider, `teacher-${c.teacherId}`);
    const unit = state.orgUnit ?? (c.intent.type === 'OpenTeacherRecord' ? c.intent.orgUnit : null);
    if (!unit || unit === c.meta.orgUnit) return;
    if (!(await this.directory.isWithin(unit, c.meta.orgUnit)))
      throw forbidden('outside_scope', 'this teacher belongs to an org unit outside yours');
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
