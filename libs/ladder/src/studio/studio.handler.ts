import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  eventIdFor,
  forbidden,
  notFound,
  refuse,
  runCommand,
  runCommandWithFacts,
  type CommandMetadata,
  type CommandOutcome,
  type EventStore,
} from '#libs/event-store';
import { IDENTITY_DIRECTORY, type IdentityDirectory } from '#libs/identity';
import { EVENT_STORE } from '#libs/platform';
import { tierNow } from '../mentorship/mentorship.handler.js';
import { FOUNDING_APPLICATIONS, type FoundingApplications } from './founding-applications.port.js';
import {
  studioDecider,
  type StudioApplicationFacts,
  type StudioCommand,
  type StudioCommandFacts,
  type StudioState,
} from './studio.decider.js';

/**
 * What a caller asks for. Founding names the approved application; the handler asks approval for its
 * facts (kind, stage, applicant, org unit, name, subject) through the FoundingApplications port and the
 * ladder for the applicant's tier, so the pure decider can judge it.
 */
export type StudioIntent =
  | { type: 'FoundStudio'; applicationId: string }
  | { type: 'AddMember'; memberId: string }
  | { type: 'RemoveMember'; memberId: string; reason: string }
  | { type: 'CloseStudio'; reason: string };

/** Every command on a `studio-…` stream travels the bus in this one envelope. */
/** A studio's id derives from its application's, so an application founds one studio, once. */
export const studioIdFor = (applicationId: string) => eventIdFor(`studio-of-application:${applicationId}`, 0);

export class ExecuteStudioCommand extends Command<CommandOutcome<StudioState>> {
  constructor(
    readonly studioId: string,
    readonly intent: StudioIntent,
    readonly meta: CommandMetadata,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

const OFFICE_ROLES = ['admin', 'chair'];

@CommandHandler(ExecuteStudioCommand)
export class StudioCommandHandler implements ICommandHandler<ExecuteStudioCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(IDENTITY_DIRECTORY) private readonly directory: IdentityDirectory,
    @Inject(FOUNDING_APPLICATIONS) private readonly applications: FoundingApplications,
  ) {}

  async execute(c: ExecuteStudioCommand): Promise<CommandOutcome<StudioState>> {
    const i = c.intent;
    if (i.type === 'FoundStudio') {
      const command: StudioCommand = {
        type: 'FoundStudio',
        application: await this.applicationFacts(i.applicationId, c.meta),
      };
      return runCommand(this.store, studioDecider, c.studioId, command, c.meta, {
        expectedVersion: c.expectedVersion,
      });
    }
    // ARCHITECTURE.md "A command's path": the stream is read once; the office's scope is a fact of that
    // state, decided in the decider.
    return runCommandWithFacts(
      this.store,
      studioDecider,
      c.studioId,
      i,
      async (state, intent): Promise<StudioCommand> => {
        const officeScope = await this.officeScope(c, state);
        // An office outside the studio is refused by the decider before anything about the member.
        if (intent.type === 'AddMember' && officeScope !== 'out') await this.requireTeacher(intent.memberId);
        return { ...intent, officeScope };
      },
      c.meta,
      { expectedVersion: c.expectedVersion },
    );
  }

  /**
   * The application a studio is founded on (seed 000 §五(三) 挂牌认定), as approval answers it through
   * the FoundingApplications port — from the application's own stream, not a read model that may lag —
   * so the ladder reactor can found the studio the moment the committee approves. An office founds it
   * only for an application of its org unit or below.
   */
  private async applicationFacts(
    applicationId: string,
    meta: CommandMetadata,
  ): Promise<StudioApplicationFacts> {
    const drafted = await this.applications.of(applicationId);
    if (!drafted)
      throw notFound('application_not_found', `no application ${applicationId}`, { applicationId });
    if (
      OFFICE_ROLES.includes(meta.actorRole) &&
      !(await this.directory.isWithin(drafted.orgUnit, meta.orgUnit))
    ) {
      throw forbidden('outside_scope', 'this application belongs to an org unit outside yours', {
        orgUnit: drafted.orgUnit,
      });
    }
    const applicant = await this.directory.person(drafted.applicantId);
    return {
      id: applicationId,
      kind: drafted.kind,
      stage: drafted.stage,
      applicantId: drafted.applicantId,
      orgUnit: drafted.orgUnit,
      name: drafted.name,
      subject: drafted.subject,
      applicantTier: applicant ? await tierNow(this.store, applicant) : null,
    };
  }

  /**
   * DOMAIN.md "People and roles": whether the studio lies within the acting office's org unit. Undefined
   * for anyone acting as a member or the leader, and for a studio not founded (the decider: "not found").
   */
  private async officeScope(
    c: ExecuteStudioCommand,
    state: StudioState,
  ): Promise<StudioCommandFacts['officeScope']> {
    if (!OFFICE_ROLES.includes(c.meta.actorRole) || state.status === 'none') return undefined;
    if (state.orgUnit === c.meta.orgUnit) return 'in';
    return (await this.directory.isWithin(state.orgUnit, c.meta.orgUnit)) ? 'in' : 'out';
  }

  /** A studio's members are teachers (seed 000 §五(三): members across schools and subjects). */
  private async requireTeacher(memberId: string): Promise<void> {
    const person = await this.directory.person(memberId);
    if (!person || !person.active)
      throw notFound('member_not_found', `no active user ${memberId}`, { memberId });
    if (!person.roles.includes('teacher'))
      throw refuse('not_a_teacher', `${memberId} is not a teacher`, { memberId });
  }
}
