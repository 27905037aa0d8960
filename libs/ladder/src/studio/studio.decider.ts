import {
  forbidden,
  notFound,
  refuse,
  type CommandMetadata,
  type DomainEvent,
  type StreamDecider,
} from '#libs/event-store';
import type { Tier } from '#libs/policy';

/**
 * 名优教师工作室 (seed 000 §五(三); DOMAIN.md "Mentorship and studios"): founded on an approved `studio`
 * application, led by a master teacher, with members across schools and subjects. Stream `studio-<id>`.
 * Membership feeds the conflict-of-interest checks (`studio_members`), so every event names its member.
 */

/** What the handler looked up about the application and its applicant (deciders do no I/O). */
export interface StudioApplicationFacts {
  id: string;
  kind: string;
  /** The application's stage (`approved` to found). */
  stage: string;
  applicantId: string;
  orgUnit: string;
  name: string;
  subject: string;
  /** The applicant's tier on the ladder now. */
  applicantTier: Tier | null;
}

/**
 * DOMAIN.md "People and roles": an office acts on studios of its org unit and below. `in` when the
 * studio's org unit is the acting office's or lies below it (identity's directory, asked by the handler);
 * absent for anyone not acting as an office.
 */
export interface StudioCommandFacts {
  officeScope?: 'in' | 'out';
}

export type StudioCommand = StudioCommandFacts &
  (
    | { type: 'FoundStudio'; application: StudioApplicationFacts }
    | { type: 'AddMember'; memberId: string }
    /** By the leader or an admin, or by the member to leave. */
    | { type: 'RemoveMember'; memberId: string; reason: string }
    | { type: 'CloseStudio'; reason: string }
  );

export type StudioEvent =
  | DomainEvent<
      'StudioFounded',
      {
        applicationId: string;
        leaderId: string;
        name: string;
        subject: string;
        orgUnit: string;
        foundedAt: string;
      }
    >
  | DomainEvent<
      'MemberJoined',
      { memberId: string; role: 'leader' | 'member'; addedBy: string; joinedAt: string }
    >
  | DomainEvent<
      'MemberLeft',
      { memberId: string; reason: string; removedBy: string; selfLeft: boolean; leftAt: string }
    >
  | DomainEvent<'StudioClosed', { reason: string; closedBy: string; members: string[]; closedAt: string }>;

/**
 * A studio by lifecycle (ARCHITECTURE.md "A command's path": unions, not `exists` flags): not yet
 * founded, open (members join and leave), or closed (final: it has no members and takes no command).
 * The leader and the application it was founded on never change.
 */
export type StudioState =
  | { status: 'none' }
  | {
      status: 'open';
      leaderId: string;
      applicationId: string;
      /** The org unit of the application it was founded on: the offices answerable for it. */
      orgUnit: string;
      /** Current members, the leader first. */
      members: string[];
    }
  | { status: 'closed'; leaderId: string; applicationId: string; orgUnit: string };

export type OpenStudio = Extract<StudioState, { status: 'open' }>;

export const initialStudioState: StudioState = { status: 'none' };

const REASON_MAX = 2000;
/** The roles that act as an office rather than as a member. */
const OFFICE_ROLES = ['admin', 'chair'];
function reasonOf(value: unknown): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > REASON_MAX) {
    throw refuse('reason_required', `a reason of 1–${REASON_MAX} characters is required`);
  }
  return value.trim();
}
const leaderOrAdmin = (s: OpenStudio, meta: CommandMetadata) =>
  meta.actorRole === 'admin' || meta.actorId === s.leaderId;

type Command<T extends StudioCommand['type']> = Extract<StudioCommand, { type: T }>;

function foundStudio(c: Command<'FoundStudio'>, s: StudioState, meta: CommandMetadata): StudioEvent[] {
  // An approved application is acted on by the office or its reactor, never by the applicant.
  if (!['admin', 'chair', 'system'].includes(meta.actorRole)) {
    throw forbidden('office_only', 'a studio is founded by the office on an approved application');
  }
  if (s.status !== 'none') throw refuse('studio_exists', 'this studio already exists');
  const a = c.application;
  if (a.kind !== 'studio')
    throw refuse('not_a_studio_application', `application ${a.id} is a ${a.kind} application`);
  // seed 000 §五(三) 挂牌认定: a studio is recognised through an approved application.
  if (a.stage !== 'approved') throw refuse('application_not_approved', `application ${a.id} is ${a.stage}`);
  // seed 000 §五(三): a studio is led by a master teacher (名优教师).
  if (a.applicantTier !== 'master') {
    throw refuse(
      'leader_not_master',
      `a studio is led by a master teacher; the applicant is ${a.applicantTier ?? 'not on the ladder'}`,
    );
  }
  const now = meta.now.toISOString();
  return [
    {
      type: 'StudioFounded',
      data: {
        applicationId: a.id,
        leaderId: a.applicantId,
        name: a.name,
        subject: a.subject,
        orgUnit: a.orgUnit,
        foundedAt: now,
      },
    },
    {
      type: 'MemberJoined',
      data: { memberId: a.applicantId, role: 'leader', addedBy: meta.actorId, joinedAt: now },
    },
  ];
}

/** Every command but the founding acts on an open studio. */
function open(s: StudioState): OpenStudio {
  if (s.status === 'none') throw notFound('studio_not_found', 'no such studio');
  if (s.status === 'closed') throw refuse('studio_closed', 'this studio is closed');
  return s;
}

function addMember(c: Command<'AddMember'>, s: OpenStudio, meta: CommandMetadata): StudioEvent[] {
  if (!leaderOrAdmin(s, meta))
    throw forbidden('leader_or_admin_only', 'only the leader or an admin adds members');
  if (s.members.includes(c.memberId)) throw refuse('already_member', `${c.memberId} is already a member`);
  return [
    {
      type: 'MemberJoined',
      data: { memberId: c.memberId, role: 'member', addedBy: meta.actorId, joinedAt: meta.now.toISOString() },
    },
  ];
}

function removeMember(c: Command<'RemoveMember'>, s: OpenStudio, meta: CommandMetadata): StudioEvent[] {
  const self = meta.actorId === c.memberId;
  if (!self && !leaderOrAdmin(s, meta)) {
    throw forbidden(
      'leader_or_admin_only',
      'only the leader or an admin removes members; a member may leave',
    );
  }
  // seed 000 §五(三): the master teacher leads the studio; without them it closes instead.
  if (c.memberId === s.leaderId)
    throw refuse('leader_cannot_leave', 'the leader cannot leave; close the studio');
  if (!s.members.includes(c.memberId)) throw refuse('not_a_member', `${c.memberId} is not a member`);
  return [
    {
      type: 'MemberLeft',
      data: {
        memberId: c.memberId,
        reason: reasonOf(c.reason),
        removedBy: meta.actorId,
        selfLeft: self,
        leftAt: meta.now.toISOString(),
      },
    },
  ];
}

function closeStudio(c: Command<'CloseStudio'>, s: OpenStudio, meta: CommandMetadata): StudioEvent[] {
  if (!leaderOrAdmin(s, meta))
    throw forbidden('leader_or_admin_only', 'only the leader or an admin closes a studio');
  return [
    {
      type: 'StudioClosed',
      data: {
        reason: reasonOf(c.reason),
        closedBy: meta.actorId,
        members: s.members,
        closedAt: meta.now.toISOString(),
      },
    },
  ];
}

/**
 * Folds one event. The decider never appends an event out of its lifecycle (a member before the
 * founding, anything after the closing), so such an event leaves the state as it is.
 */
function evolve(s: StudioState, e: StudioEvent): StudioState {
  switch (e.type) {
    case 'StudioFounded':
      if (s.status !== 'none') return s;
      return {
        status: 'open',
        leaderId: e.data.leaderId,
        applicationId: e.data.applicationId,
        orgUnit: e.data.orgUnit,
        members: [],
      };
    case 'MemberJoined':
      return s.status === 'open' ? { ...s, members: [...s.members, e.data.memberId] } : s;
    case 'MemberLeft':
      return s.status === 'open' ? { ...s, members: s.members.filter((m) => m !== e.data.memberId) } : s;
    case 'StudioClosed':
      return s.status === 'open'
        ? { status: 'closed', leaderId: s.leaderId, applicationId: s.applicationId, orgUnit: s.orgUnit }
        : s;
    default: {
      // Every event type is folded above: a new one fails to compile here until it is.
      const unhandled: never = e;
      void unhandled;
      return s;
    }
  }
}

function decide(c: StudioCommand, s: StudioState, meta: CommandMetadata): StudioEvent[] {
  // DOMAIN.md "People and roles": an office acts on studios of its org unit and below (members and the
  // leader act as themselves: the rules of each command decide).
  if (s.status !== 'none' && OFFICE_ROLES.includes(meta.actorRole) && c.officeScope === 'out')
    throw forbidden('outside_scope', 'this studio belongs to an org unit outside yours', {
      orgUnit: s.orgUnit,
    });
  switch (c.type) {
    case 'FoundStudio':
      return foundStudio(c, s, meta);
    case 'AddMember':
      return addMember(c, open(s), meta);
    case 'RemoveMember':
      return removeMember(c, open(s), meta);
    case 'CloseStudio':
      return closeStudio(c, open(s), meta);
    default: {
      // Every command is decided above: a new one fails to compile here until it is.
      const unhandled: never = c;
      throw refuse('unknown_command', `unknown command ${(unhandled as { type?: string }).type}`);
    }
  }
}

export const studioDecider: StreamDecider<StudioCommand, StudioEvent, StudioState> = {
  category: 'studio',
  initialState: initialStudioState,
  evolve,
  decide,
};
