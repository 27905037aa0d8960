import { given } from '#testing/event-store';
import { DEFAULT_POLICY as policy, type Policy } from '#libs/policy';
import {
  mentorshipDecider as d,
  type MentorshipCommand,
  type MentorshipEvent,
  type PairingFacts,
} from './mentorship.decider.js';

// 导师制度 (seed 002 (三)4; DOMAIN.md "Mentorship and studios"): a new teacher paired with a mentor for at
// least one school year, meetings logged, the year signed off by the mentor, a load limit per mentor.
const NOW = '2026-09-01T08:00:00.000Z';
const admin = { actorId: 'admin-1', actorRole: 'admin' };
const mentor = { actorId: 'mentor-1', actorRole: 'mentor' };
const mentee = { actorId: 'teacher-1', actorRole: 'teacher' };
const stranger = { actorId: 'teacher-9', actorRole: 'teacher' };
const facts: PairingFacts = { mentorActivePairs: 0, sameOrRelatedSchool: true, menteeTier: 'new' };
const pair = (f: Partial<PairingFacts> = {}, over: Partial<MentorshipCommand> = {}) =>
  ({
    type: 'PairMentor',
    mentorId: 'mentor-1',
    menteeId: 'teacher-1',
    facts: { ...facts, ...f },
    policy,
    ...over,
  }) as MentorshipCommand;
const paired: MentorshipEvent = {
  type: 'MentorPaired',
  data: {
    mentorId: 'mentor-1',
    menteeId: 'teacher-1',
    pairedAt: NOW,
    yearEndsAt: '2027-09-01T08:00:00.000Z',
    policyVersion: 'default-1',
  },
};
const YEAR_ON = { now: new Date('2027-09-01T08:00:00.000Z') };
const signOff = (p: Policy = policy): MentorshipCommand => ({
  type: 'SignOffYear',
  comment: '达到青年教师标准',
  policy: p,
});
const signedOff: MentorshipEvent = {
  type: 'MentorshipYearSignedOff',
  data: {
    mentorId: 'mentor-1',
    menteeId: 'teacher-1',
    pairedAt: NOW,
    schoolYears: 1,
    comment: '达到青年教师标准',
    signedOffAt: '2027-09-01T08:00:00.000Z',
    policyVersion: 'default-1',
  },
};
const ended: MentorshipEvent = {
  type: 'MentorshipEnded',
  data: {
    mentorId: 'mentor-1',
    menteeId: 'teacher-1',
    reason: 'moved',
    endedBy: 'admin-1',
    endedAt: NOW,
    signedOff: false,
  },
};

describe('pairing a new teacher with a mentor', () => {
  it('pairs them, with the year end (sign-off due) under the policy version', () => {
    given(d).when(pair(), admin).then([paired]);
  });

  it('refuses self-pairing', () => {
    given(d)
      .when(pair({}, { menteeId: 'mentor-1' } as never), admin)
      .thenRefuses('self_pairing');
  });

  it('refuses a mentor at the load limit (policy default 3), and follows the policy version', () => {
    const err = given(d)
      .when(pair({ mentorActivePairs: 3 }), admin)
      .thenRefuses('mentor_load_limit', /3 of 3/);
    expect(err.details).toMatchObject({ limit: 3, active: 3, policyVersion: 'default-1' });
    given(d)
      .when(pair({ mentorActivePairs: 2 }), admin)
      .then([paired]);
    const four: Policy = {
      ...policy,
      version: 'p4',
      ladder: { ...policy.ladder, mentorship: { minSchoolYears: 1, mentorLoadLimit: 4 } },
    };
    given(d)
      .when(pair({ mentorActivePairs: 3 }, { policy: four } as never), admin)
      .then([{ ...paired, data: { ...paired.data, policyVersion: 'p4' } } as MentorshipEvent]);
  });

  it('refuses mentor and mentee from unrelated schools', () => {
    given(d)
      .when(pair({ sameOrRelatedSchool: false }), admin)
      .thenRefuses('unrelated_schools');
  });

  it.each(['young', 'backbone', null] as const)('refuses a mentee who is not new (%s)', (tier) => {
    given(d)
      .when(pair({ menteeTier: tier }), admin)
      .thenRefuses('mentee_not_new');
  });

  it('is done by an admin, not by either teacher, and once', () => {
    given(d).when(pair(), mentor).thenRefuses('admin_only');
    given(d).when(pair(), mentee).thenRefuses('admin_only');
    given(d, [paired]).when(pair(), admin).thenRefuses('mentorship_exists');
  });
});

describe('the pair logs meetings', () => {
  const log = (on: string, notes = '讨论教学设计'): MentorshipCommand => ({ type: 'LogMeeting', on, notes });

  it.each([
    ['the mentor', mentor],
    ['the mentee', mentee],
  ])('takes a meeting logged by %s', (_label, actor) => {
    given(d, [paired])
      .when(log('2026-09-10'), { ...actor, now: new Date('2026-09-15T08:00:00.000Z') })
      .then([
        {
          type: 'MeetingLogged',
          data: {
            on: '2026-09-10',
            notes: '讨论教学设计',
            loggedBy: actor.actorId,
            loggedAt: '2026-09-15T08:00:00.000Z',
          },
        },
      ]);
  });

  it('refuses anyone outside the pair, even an admin', () => {
    given(d, [paired]).when(log('2026-09-01'), stranger).thenRefuses('not_in_pair');
    given(d, [paired]).when(log('2026-09-01'), admin).thenRefuses('not_in_pair');
  });

  it('caps the notes and requires some', () => {
    given(d, [paired])
      .when(log('2026-09-01', 'x'.repeat(2001)), mentor)
      .thenRefuses('invalid_text');
    given(d, [paired]).when(log('2026-09-01', '   '), mentor).thenRefuses('invalid_text');
  });

  it('refuses a date before the pairing, in the future, or not a date', () => {
    given(d, [paired]).when(log('2026-08-31'), mentor).thenRefuses('invalid_meeting_date');
    given(d, [paired]).when(log('2026-09-02'), mentor).thenRefuses('invalid_meeting_date');
    given(d, [paired]).when(log('1 Sept'), mentor).thenRefuses('invalid_meeting_date');
    // A day that does not exist (Date.parse would read 2026-09-31 as 1 October).
    const later = { ...mentor, now: new Date('2026-10-15T08:00:00.000Z') };
    given(d, [paired]).when(log('2026-09-31'), later).thenRefuses('invalid_meeting_date');
  });

  it('refuses meetings on an ended or unknown mentorship', () => {
    given(d, [paired, ended]).when(log('2026-09-01'), mentor).thenRefuses('mentorship_ended');
    given(d).when(log('2026-09-01'), mentor).thenRefuses('mentorship_not_found');
  });
});

describe('the mentor signs off the year, after at least one school year (seed 002 (三)4)', () => {
  it('takes the mentor’s sign-off a school year after pairing', () => {
    given(d, [paired])
      .when(signOff(), { ...mentor, ...YEAR_ON })
      .then([signedOff]);
  });

  it('refuses it a moment before a school year has passed', () => {
    const err = given(d, [paired])
      .when(signOff(), { ...mentor, now: new Date('2027-09-01T07:59:59.999Z') })
      .thenRefuses('mentorship_too_short');
    expect(err.details).toMatchObject({ signOffFrom: '2027-09-01T08:00:00.000Z' });
  });

  it('takes the minimum from the policy version', () => {
    const two: Policy = {
      ...policy,
      version: 'p2',
      ladder: { ...policy.ladder, mentorship: { minSchoolYears: 2, mentorLoadLimit: 3 } },
    };
    given(d, [paired])
      .when(signOff(two), { ...mentor, ...YEAR_ON })
      .thenRefuses('mentorship_too_short');
  });

  it('is signed off by the mentor only, never the mentee or an admin', () => {
    given(d, [paired])
      .when(signOff(), { ...mentee, ...YEAR_ON })
      .thenRefuses('mentor_only');
    given(d, [paired])
      .when(signOff(), { ...admin, ...YEAR_ON })
      .thenRefuses('mentor_only');
  });

  it('is signed off once, with a comment, on an active mentorship', () => {
    given(d, [paired, signedOff])
      .when(signOff(), { ...mentor, ...YEAR_ON })
      .thenRefuses('already_signed_off');
    given(d, [paired])
      .when({ ...signOff(), comment: '' } as MentorshipCommand, { ...mentor, ...YEAR_ON })
      .thenRefuses('invalid_text');
    given(d, [paired, ended])
      .when(signOff(), { ...mentor, ...YEAR_ON })
      .thenRefuses('mentorship_ended');
  });
});

describe('ending a mentorship', () => {
  it('is ended by an admin or either of the pair, with a reason, saying whether the year was signed off', () => {
    given(d, [paired]).when({ type: 'EndMentorship', reason: 'moved' }, admin).then([ended]);
    given(d, [paired, signedOff])
      .when({ type: 'EndMentorship', reason: 'done' }, mentee)
      .then([
        {
          type: 'MentorshipEnded',
          data: {
            mentorId: 'mentor-1',
            menteeId: 'teacher-1',
            reason: 'done',
            endedBy: 'teacher-1',
            endedAt: NOW,
            signedOff: true,
          },
        },
      ]);
  });

  it('refuses a stranger, a missing reason, and a second end', () => {
    given(d, [paired]).when({ type: 'EndMentorship', reason: 'x' }, stranger).thenRefuses('not_in_pair');
    given(d, [paired]).when({ type: 'EndMentorship', reason: '' }, mentor).thenRefuses('invalid_text');
    given(d, [paired, ended])
      .when({ type: 'EndMentorship', reason: 'x' }, mentor)
      .thenRefuses('mentorship_ended');
  });
});

describe('rules pinned by mutation testing', () => {
  const log = (on: string, notes = '讨论教学设计'): MentorshipCommand => ({ type: 'LogMeeting', on, notes });
  const met = (on = '2026-09-01'): MentorshipEvent => ({
    type: 'MeetingLogged',
    data: { on, notes: 'n', loggedBy: 'mentor-1', loggedAt: NOW },
  });
  const pairing = { mentorId: 'mentor-1', menteeId: 'teacher-1', pairedAt: NOW };

  it('keeps each pairing on its own mentorship stream; the state counts meetings and keeps the sign-off', () => {
    expect(d.category).toBe('mentorship');
    expect(given(d).state).toEqual({ status: 'none' });
    expect(given(d, [paired, met(), met()]).state).toEqual({
      status: 'active',
      ...pairing,
      meetings: 2,
      signedOffAt: null,
    });
    expect(given(d, [paired, met(), signedOff, ended]).state).toEqual({
      status: 'ended',
      ...pairing,
      meetings: 1,
      signedOffAt: '2027-09-01T08:00:00.000Z',
    });
  });

  it('leaves the state as it is for an event out of the lifecycle, or of a type it does not know', () => {
    expect(given(d, [met(), signedOff, ended]).state).toEqual({ status: 'none' });
    const other: MentorshipEvent = {
      ...paired,
      data: { ...paired.data, mentorId: 'mentor-2' },
    } as MentorshipEvent;
    expect(given(d, [paired, other]).state).toEqual(given(d, [paired]).state);
    const done = given(d, [paired, ended]).state;
    expect(given(d, [paired, ended, met(), signedOff, ended, other]).state).toEqual(done);
    expect(d.evolve(done, { type: 'MentorRenamed', data: {} } as unknown as MentorshipEvent)).toBe(done);
  });

  it('takes a meeting on the pairing day and on today, notes of up to 2000 characters, trimmed', () => {
    const on = (day: string, notes: string, expected = notes) =>
      given(d, [paired])
        .when(log(day, notes), { ...mentor, now: new Date('2026-09-15T08:00:00.000Z') })
        .then([
          {
            type: 'MeetingLogged',
            data: { on: day, notes: expected, loggedBy: 'mentor-1', loggedAt: '2026-09-15T08:00:00.000Z' },
          },
        ]);
    on('2026-09-01', 'x'.repeat(2000));
    on('2026-09-15', '  听课  ', '听课');
    given(d, [paired])
      .when({ type: 'LogMeeting', on: '2026-09-01', notes: 7 } as unknown as MentorshipCommand, mentor)
      .thenRefuses('invalid_text', 'meeting notes must be 1–2000 characters');
    given(d, [paired])
      .when({ type: 'LogMeeting', on: 20260901, notes: 'n' } as unknown as MentorshipCommand, mentor)
      .thenRefuses('invalid_meeting_date', 'a meeting date is written YYYY-MM-DD');
  });

  it('logs at most 500 meetings on a pairing', () => {
    const meetings = (n: number) => [paired, ...Array.from({ length: n }, () => met())];
    given(d, meetings(499))
      .when(log('2026-09-01'), mentor)
      .then([
        {
          type: 'MeetingLogged',
          data: { on: '2026-09-01', notes: '讨论教学设计', loggedBy: 'mentor-1', loggedAt: NOW },
        },
      ]);
    given(d, meetings(500))
      .when(log('2026-09-01'), mentor)
      .thenRefuses('too_many_meetings', 'at most 500 meetings are logged');
  });

  it('is ended by the mentor too', () => {
    given(d, [paired])
      .when({ type: 'EndMentorship', reason: ' 调离 ' }, mentor)
      .then([{ ...ended, data: { ...ended.data, reason: '调离', endedBy: 'mentor-1' } } as MentorshipEvent]);
  });

  it('says in each refusal why', () => {
    given(d).when(pair(), mentor).thenRefuses('admin_only', 'only an admin pairs a mentor');
    given(d, [paired]).when(pair(), admin).thenRefuses('mentorship_exists', 'this mentorship already exists');
    given(d)
      .when(pair({}, { menteeId: 'mentor-1' } as never), admin)
      .thenRefuses('self_pairing', 'a teacher cannot mentor themself');
    given(d)
      .when(pair({ menteeTier: 'young' }), admin)
      .thenRefuses('mentee_not_new', 'only a new teacher is paired; this one is young');
    given(d)
      .when(pair({ menteeTier: null }), admin)
      .thenRefuses('mentee_not_new', 'only a new teacher is paired; this one is not on the ladder');
    given(d)
      .when(pair({ mentorActivePairs: 5 }), admin)
      .thenRefuses('mentor_load_limit', 'mentor mentor-1 already has 5 of 3 mentees');
    given(d)
      .when(pair({ sameOrRelatedSchool: false }), admin)
      .thenRefuses('unrelated_schools', 'mentor and mentee must be from the same or a related school');
    const missing = given(d)
      .when(log('2026-09-01'), mentor)
      .thenRefuses('mentorship_not_found', 'no such mentorship');
    expect(missing.kind).toBe('not_found');
    given(d, [paired, ended])
      .when(log('2026-09-01'), mentor)
      .thenRefuses('mentorship_ended', 'this mentorship has ended');
    given(d, [paired])
      .when(log('2026-09-01'), stranger)
      .thenRefuses('not_in_pair', 'only the mentor or the mentee logs a meeting');
    given(d, [paired])
      .when(log('2026-08-31'), mentor)
      .thenRefuses('invalid_meeting_date', 'a meeting happens between the pairing and today');
    given(d, [paired])
      .when(log('2026-09-01', ''), mentor)
      .thenRefuses('invalid_text', 'meeting notes must be 1–2000 characters');
    given(d, [paired])
      .when(signOff(), { ...mentee, ...YEAR_ON })
      .thenRefuses('mentor_only', 'only the mentor signs off the year');
    given(d, [paired, signedOff])
      .when(signOff(), { ...mentor, ...YEAR_ON })
      .thenRefuses('already_signed_off', 'signed off on 2027-09-01T08:00:00.000Z');
    given(d, [paired])
      .when({ ...signOff(), comment: ' ' } as MentorshipCommand, { ...mentor, ...YEAR_ON })
      .thenRefuses('invalid_text', 'the sign-off comment must be 1–2000 characters');
    const short = given(d, [paired])
      .when(signOff(), mentor)
      .thenRefuses(
        'mentorship_too_short',
        'a mentorship is signed off after 1 school year(s), from 2027-09-01T08:00:00.000Z',
      );
    expect(short.details).toEqual({ signOffFrom: '2027-09-01T08:00:00.000Z', policyVersion: 'default-1' });
    given(d, [paired])
      .when({ type: 'EndMentorship', reason: 'x' }, stranger)
      .thenRefuses('not_in_pair', 'the mentor, the mentee or an admin ends a mentorship');
    given(d, [paired])
      .when({ type: 'EndMentorship', reason: '' }, mentor)
      .thenRefuses('invalid_text', 'the reason must be 1–2000 characters');
    given(d, [paired])
      .when({ type: 'Reassign' } as unknown as MentorshipCommand, admin)
      .thenRefuses('unknown_command', 'unknown command Reassign');
  });
});
