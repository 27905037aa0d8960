import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  eventIdFor,
  forbidden,
  loadState,
  notFound,
  refuse,
  runCommand,
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
  type StudioEvent,
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
    let command: StudioCommand;
    if (i.type === 'FoundStudio') {
      command = { type: 'FoundStudio', application: await this.applicationFacts(i.applicationId, c.meta) };
    } else {
      await this.requireOfficeScope(c);
      if (i.type === 'AddMember') await this.requireTeacher(i.memberId);
      command = i;
    }
    return runCommand(this.store, studioDecider, c.studioId, command, c.meta, {
      expectedVersion: c.expectedVersion,
    });
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

  /** DOMAIN.md "People and roles": an admin acts on studios of their org unit and below. */
  private async requireOfficeScope(c: ExecuteStudioCommand): Promise<void> {
    if (!OFFICE_ROLES.includes(c.meta.actorRole)) return; // members and the leader: the decider decides
    const { state, events } = await loadState(this.store, studioDecider, `studio-${c.studioId}`);
    if (state.status === 'none') return; // the decider answers "not found"
    const founded = events.find((e) => e.type === 'StudioFounded')?.data as
      Extract<StudioEvent, { type: 'StudioFounded' }>['data'] | undefined;
    if (founded && !(await this.directory.isWithin(founded.orgUnit, c.meta.orgUnit))) {
      throw forbidden('outside_scope', 'this studio belongs to an org unit outside yours', {
        orgUnit: founded.orgUnit,
      });
    }
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
