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

export type StudioCommand =
  | { type: 'FoundStudio'; application: StudioApplicationFacts }
  | { type: 'AddMember'; memberId: string }
  /** By the leader or an admin, or by the member to leave. */
  | { type: 'RemoveMember'; memberId: string; reason: string }
  | { type: 'CloseStudio'; reason: string };

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

export interface StudioState {
  exists: boolean;
  leaderId: string | null;
  applicationId: string | null;
  /** Current members, the leader first. */
  members: string[];
  closed: boolean;
}

export const initialStudioState: StudioState = {
  exists: false,
  leaderId: null,
  applicationId: null,
  members: [],
  closed: false,
};

const REASON_MAX = 2000;
function reasonOf(value: unknown): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > REASON_MAX) {
    throw refuse('reason_required', `a reason of 1–${REASON_MAX} characters is required`);
  }
  return value.trim();
}
const leaderOrAdmin = (s: StudioState, meta: CommandMetadata) =>
  meta.actorRole === 'admin' || meta.actorId === s.leaderId;

export const studioDecider: StreamDecider<StudioCommand, StudioEvent, StudioState> = {
  category: 'studio',
  initialState: initialStudioState,

  evolve(s, e) {
    switch (e.type) {
      case 'StudioFounded':
        return { ...s, exists: true, leaderId: e.data.leaderId, applicationId: e.data.applicationId };
      case 'MemberJoined':
        return { ...s, members: [...s.members, e.data.memberId] };
      case 'MemberLeft':
        return { ...s, members: s.members.filter((m) => m !== e.data.memberId) };
      case 'StudioClosed':
        return { ...s, closed: true, members: [] };
    }
  },

  decide(c, s, meta) {
    const now = meta.now.toISOString();
    if (c.type === 'FoundStudio') {
      // An approved application is acted on by the office or its reactor, never by the applicant.
      if (!['admin', 'chair', 'system'].includes(meta.actorRole)) {
        throw forbidden('office_only', 'a studio is founded by the office on an approved application');
      }
      if (s.exists) throw refuse('studio_exists', 'this studio already exists');
      const a = c.application;
      if (a.kind !== 'studio')
        throw refuse('not_a_studio_application', `application ${a.id} is a ${a.kind} application`);
      // seed 000 §五(三) 挂牌认定: a studio is recognised through an approved application.
      if (a.stage !== 'approved')
        throw refuse('application_not_approved', `application ${a.id} is ${a.stage}`);
      // seed 000 §五(三): a studio is led by a master teacher (名优教师).
      if (a.applicantTier !== 'master') {
        throw refuse(
          'leader_not_master',
          `a studio is led by a master teacher; the applicant is ${a.applicantTier ?? 'not on the ladder'}`,
        );
      }
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

    if (!s.exists) throw notFound('studio_not_found', 'no such studio');
    if (s.closed) throw refuse('studio_closed', 'this studio is closed');
    switch (c.type) {
      case 'AddMember':
        if (!leaderOrAdmin(s, meta))
          throw forbidden('leader_or_admin_only', 'only the leader or an admin adds members');
        if (s.members.includes(c.memberId))
          throw refuse('already_member', `${c.memberId} is already a member`);
        return [
          {
            type: 'MemberJoined',
            data: { memberId: c.memberId, role: 'member', addedBy: meta.actorId, joinedAt: now },
          },
        ];

      case 'RemoveMember': {
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
              leftAt: now,
            },
          },
        ];
      }

      case 'CloseStudio':
        if (!leaderOrAdmin(s, meta))
          throw forbidden('leader_or_admin_only', 'only the leader or an admin closes a studio');
        return [
          {
            type: 'StudioClosed',
            data: { reason: reasonOf(c.reason), closedBy: meta.actorId, members: s.members, closedAt: now },
          },
        ];
    }
  },
};
