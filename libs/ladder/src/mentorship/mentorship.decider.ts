import {
  forbidden,
  notFound,
  refuse,
  type CommandMetadata,
  type DomainEvent,
  type StreamDecider,
} from '#libs/event-store';
import type { Policy, Tier } from '#libs/policy';
import { addYears, dateOf } from '../school-year.js';

/**
 * 导师制度 (seed 002 (三)4; DOMAIN.md "Mentorship and studios"): a new teacher paired with a mentor for at
 * least one school year; the pair logs meetings; the mentor signs off the year; a mentor has a load limit.
 * Stream `mentorship-<id>`. The sign-off lives here; a reactor carries it to the mentee's teacher stream
 * (`CreditMentorshipYear`), where eligibility is computed from one stream.
 */

/** What the handler looked up before pairing (deciders do no I/O). */
export interface PairingFacts {
  /** The mentor's active (not ended) mentorships right now. */
  mentorActivePairs: number;
  /** Same school, or schools the office relates (same district group); from the identity read model. */
  sameOrRelatedSchool: boolean;
  /** The mentee's tier on the ladder (null: no record yet). */
  menteeTier: Tier | null;
}

export type MentorshipCommand =
  | { type: 'PairMentor'; mentorId: string; menteeId: string; facts: PairingFacts; policy: Policy }
  /** `on` is the meeting's date (YYYY-MM-DD, Beijing time). */
  | { type: 'LogMeeting'; on: string; notes: string }
  | { type: 'SignOffYear'; comment: string; policy: Policy }
  | { type: 'EndMentorship'; reason: string };

export type MentorshipEvent =
  | DomainEvent<
      'MentorPaired',
      {
        mentorId: string;
        menteeId: string;
        pairedAt: string;
        /** The earliest sign-off under the pairing's policy: the "mentorship year end" deadline. */
        yearEndsAt: string;
        policyVersion: string;
      }
    >
  | DomainEvent<'MeetingLogged', { on: string; notes: string; loggedBy: string; loggedAt: string }>
  | DomainEvent<
      'MentorshipYearSignedOff',
      {
        mentorId: string;
        menteeId: string;
        pairedAt: string;
        schoolYears: number;
        comment: string;
        signedOffAt: string;
        policyVersion: string;
      }
    >
  | DomainEvent<
      'MentorshipEnded',
      {
        mentorId: string;
        menteeId: string;
        reason: string;
        endedBy: string;
        endedAt: string;
        signedOff: boolean;
      }
    >;

/** What a pairing holds once made; the pair and the pairing date never change. */
export interface Pairing {
  mentorId: string;
  menteeId: string;
  pairedAt: string;
  meetings: number;
  /** Set once, by the mentor's sign-off (seed 002 (三)4); a signed-off pairing stays active until ended. */
  signedOffAt: string | null;
}

/**
 * A mentorship by lifecycle (ARCHITECTURE.md "A command's path": unions, not `exists` flags): not yet
 * paired, running (meetings, the sign-off), or ended (final: nothing more is decided on it).
 */
export type MentorshipState =
  { status: 'none' } | ({ status: 'active' } & Pairing) | ({ status: 'ended' } & Pairing);

export type ActiveMentorship = Extract<MentorshipState, { status: 'active' }>;

export const initialMentorshipState: MentorshipState = { status: 'none' };

export const NOTES_MAX = 2000;
export const MEETINGS_MAX = 500;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isCalendarDate = (on: string) => {
  const t = Date.parse(on);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === on;
};

function text(value: unknown, what: string, max = NOTES_MAX): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
    throw refuse('invalid_text', `${what} must be 1–${max} characters`);
  }
  return value.trim();
}

type Command<T extends MentorshipCommand['type']> = Extract<MentorshipCommand, { type: T }>;

function pairMentor(c: Command<'PairMentor'>, s: MentorshipState, meta: CommandMetadata): MentorshipEvent[] {
  // DOMAIN.md "People and roles": the office pairs; neither party picks themself.
  if (meta.actorRole !== 'admin') throw forbidden('admin_only', 'only an admin pairs a mentor');
  if (s.status !== 'none') throw refuse('mentorship_exists', 'this mentorship already exists');
  if (c.mentorId === c.menteeId) throw refuse('self_pairing', 'a teacher cannot mentor themself');
  // seed 002 (三)4: mentoring is for new teachers (新入职教师).
  if (c.facts.menteeTier !== 'new') {
    throw refuse(
      'mentee_not_new',
      `only a new teacher is paired; this one is ${c.facts.menteeTier ?? 'not on the ladder'}`,
    );
  }
  // DOMAIN.md "Mentorship and studios": a mentor has a load limit (policy).
  const limit = c.policy.ladder.mentorship.mentorLoadLimit;
  if (c.facts.mentorActivePairs >= limit) {
    throw refuse(
      'mentor_load_limit',
      `mentor ${c.mentorId} already has ${c.facts.mentorActivePairs} of ${limit} mentees`,
      {
        limit,
        active: c.facts.mentorActivePairs,
        policyVersion: c.policy.version,
      },
    );
  }
  // DOMAIN.md "The progression ladder": mentor and mentee from the same or a related school.
  if (!c.facts.sameOrRelatedSchool) {
    throw refuse('unrelated_schools', 'mentor and mentee must be from the same or a related school');
  }
  return [
    {
      type: 'MentorPaired',
      data: {
        mentorId: c.mentorId,
        menteeId: c.menteeId,
        pairedAt: meta.now.toISOString(),
        yearEndsAt: addYears(meta.now, c.policy.ladder.mentorship.minSchoolYears),
        policyVersion: c.policy.version,
      },
    },
  ];
}

/** Every command but the pairing acts on a running mentorship. */
function active(s: MentorshipState): ActiveMentorship {
  if (s.status === 'none') throw notFound('mentorship_not_found', 'no such mentorship');
  if (s.status === 'ended') throw refuse('mentorship_ended', 'this mentorship has ended');
  return s;
}

function logMeeting(c: Command<'LogMeeting'>, s: ActiveMentorship, meta: CommandMetadata): MentorshipEvent[] {
  if (meta.actorId !== s.mentorId && meta.actorId !== s.menteeId) {
    throw forbidden('not_in_pair', 'only the mentor or the mentee logs a meeting');
  }
  const notes = text(c.notes, 'meeting notes');
  // Date.parse rolls 2027-02-30 over to 2 March, so a date is real only if it reads back the same.
  if (typeof c.on !== 'string' || !DATE.test(c.on) || !isCalendarDate(c.on)) {
    throw refuse('invalid_meeting_date', 'a meeting date is written YYYY-MM-DD');
  }
  if (c.on < dateOf(s.pairedAt) || c.on > dateOf(meta.now)) {
    throw refuse('invalid_meeting_date', 'a meeting happens between the pairing and today');
  }
  if (s.meetings >= MEETINGS_MAX)
    throw refuse('too_many_meetings', `at most ${MEETINGS_MAX} meetings are logged`);
  return [
    {
      type: 'MeetingLogged',
      data: { on: c.on, notes, loggedBy: meta.actorId, loggedAt: meta.now.toISOString() },
    },
  ];
}

function signOffYear(
  c: Command<'SignOffYear'>,
  s: ActiveMentorship,
  meta: CommandMetadata,
): MentorshipEvent[] {
  // DOMAIN.md "Mentorship and studios": the mentor signs off the year — nobody else.
  if (meta.actorId !== s.mentorId) throw forbidden('mentor_only', 'only the mentor signs off the year');
  if (s.signedOffAt) throw refuse('already_signed_off', `signed off on ${s.signedOffAt}`);
  const comment = text(c.comment, 'the sign-off comment');
  // seed 002 (三)4: at least one school year (policy) from the pairing.
  const years = c.policy.ladder.mentorship.minSchoolYears;
  const from = addYears(s.pairedAt, years);
  if (meta.now.getTime() < Date.parse(from)) {
    throw refuse(
      'mentorship_too_short',
      `a mentorship is signed off after ${years} school year(s), from ${from}`,
      {
        signOffFrom: from,
        policyVersion: c.policy.version,
      },
    );
  }
  return [
    {
      type: 'MentorshipYearSignedOff',
      data: {
        mentorId: s.mentorId,
        menteeId: s.menteeId,
        pairedAt: s.pairedAt,
        schoolYears: years,
        comment,
        signedOffAt: meta.now.toISOString(),
        policyVersion: c.policy.version,
      },
    },
  ];
}

function endMentorship(
  c: Command<'EndMentorship'>,
  s: ActiveMentorship,
  meta: CommandMetadata,
): MentorshipEvent[] {
  if (meta.actorRole !== 'admin' && meta.actorId !== s.mentorId && meta.actorId !== s.menteeId) {
    throw forbidden('not_in_pair', 'the mentor, the mentee or an admin ends a mentorship');
  }
  const reason = text(c.reason, 'the reason');
  return [
    {
      type: 'MentorshipEnded',
      data: {
        mentorId: s.mentorId,
        menteeId: s.menteeId,
        reason,
        endedBy: meta.actorId,
        endedAt: meta.now.toISOString(),
        signedOff: s.signedOffAt !== null,
      },
    },
  ];
}

/**
 * Folds one event. The decider never appends an event out of its lifecycle (a meeting before the
 * pairing, anything after the end), so such an event leaves the state as it is.
 */
function evolve(s: MentorshipState, e: MentorshipEvent): MentorshipState {
  switch (e.type) {
    case 'MentorPaired':
      if (s.status !== 'none') return s;
      return {
        status: 'active',
        mentorId: e.data.mentorId,
        menteeId: e.data.menteeId,
        pairedAt: e.data.pairedAt,
        meetings: 0,
        signedOffAt: null,
      };
    case 'MeetingLogged':
      return s.status === 'active' ? { ...s, meetings: s.meetings + 1 } : s;
    case 'MentorshipYearSignedOff':
      return s.status === 'active' ? { ...s, signedOffAt: e.data.signedOffAt } : s;
    case 'MentorshipEnded':
      return s.status === 'active' ? { ...s, status: 'ended' } : s;
    default: {
      // Every event type is folded above: a new one fails to compile here until it is.
      const unhandled: never = e;
      void unhandled;
      return s;
    }
  }
}

function decide(c: MentorshipCommand, s: MentorshipState, meta: CommandMetadata): MentorshipEvent[] {
  switch (c.type) {
    case 'PairMentor':
      return pairMentor(c, s, meta);
    case 'LogMeeting':
      return logMeeting(c, active(s), meta);
    case 'SignOffYear':
      return signOffYear(c, active(s), meta);
    case 'EndMentorship':
      return endMentorship(c, active(s), meta);
    default: {
      // Every command is decided above: a new one fails to compile here until it is.
      const unhandled: never = c;
      throw refuse('unknown_command', `unknown command ${(unhandled as { type?: string }).type}`);
    }
  }
}

export const mentorshipDecider: StreamDecider<MentorshipCommand, MentorshipEvent, MentorshipState> = {
  category: 'mentorship',
  initialState: initialMentorshipState,
  evolve,
  decide,
};
