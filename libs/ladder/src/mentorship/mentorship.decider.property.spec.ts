import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  propertyParams,
  reachCounts,
  runSequence,
  type AcceptedStep,
  type PropertyStep,
} from '#testing/event-store';
import { DEFAULT_POLICY, TIERS, type Policy, type Tier } from '#libs/policy';
import { addYears, dateOf } from '../school-year.js';
import {
  MEETINGS_MAX,
  mentorshipDecider as d,
  type MentorshipCommand,
  type MentorshipEvent,
  type MentorshipState,
} from './mentorship.decider.js';

// Property specs of a mentorship: random sequences of valid and invalid commands from the office, the
// pair and strangers never break DOMAIN.md "Mentorship and studios" (a new teacher is paired with a
// mentor for at least one school year, seed 002 (三)4; the pair logs meetings; the mentor signs off the
// year; a mentor has a load limit) nor "People and roles"; replaying what was produced rebuilds the state.
type Step = PropertyStep<MentorshipCommand>;
const START = Date.parse('2026-09-01T08:00:00.000Z');
const DAY = 86_400_000;

/** Policy versions an admin may publish: the minimum school years and the load limit vary. */
const policyOf = (minSchoolYears: number, mentorLoadLimit: number): Policy => ({
  ...DEFAULT_POLICY,
  version: `p-${minSchoolYears}-${mentorLoadLimit}`,
  ladder: { ...DEFAULT_POLICY.ladder, mentorship: { minSchoolYears, mentorLoadLimit } },
});
const policies = [DEFAULT_POLICY, policyOf(1, 1), policyOf(2, 3), policyOf(1, 5)];
const policy = fc.constantFrom(...policies);

const admin = { actorId: 'admin-1', actorRole: 'admin' };
const mentor = { actorId: 'mentor-1', actorRole: 'mentor' };
const mentee = { actorId: 'teacher-1', actorRole: 'teacher' };
const people = [
  admin,
  mentor,
  mentee,
  { actorId: 'teacher-9', actorRole: 'teacher' },
  { actorId: 'mentor-2', actorRole: 'mentor' },
  { actorId: 'chair-1', actorRole: 'chair' },
  { actorId: 'system', actorRole: 'system' },
  // The pair in an office role: the mentee cannot pair themself, the mentor as admin is still the mentor.
  { actorId: 'teacher-1', actorRole: 'admin' },
  { actorId: 'mentor-1', actorRole: 'admin' },
];
const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('讨论了课堂管理', '达到青年教师标准') },
  { weight: 1, arbitrary: fc.constantFrom('', '  ', 'x'.repeat(2001)) },
);

const pairing = fc.record({
  type: fc.constant('PairMentor' as const),
  mentorId: fc.constantFrom('mentor-1', 'mentor-1', 'teacher-1', 'mentor-2'),
  menteeId: fc.constantFrom('teacher-1', 'teacher-1', 'mentor-1'),
  facts: fc.record({
    mentorActivePairs: fc.integer({ min: 0, max: 6 }),
    sameOrRelatedSchool: fc.boolean(),
    menteeTier: fc.constantFrom<Tier | null>(...TIERS, 'new', 'new', null),
  }),
  policy,
});

/** A meeting date: days after the pairing (negative: before it), or something that is not a date. */
const meetingDay = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -30, max: 900 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('2026-13-01', '2027-02-30', '2027-02-29', '2026-9-1', 'tomorrow', ''),
  },
);

type Draft = { type: 'LogMeeting'; day: number | string; notes: string } | MentorshipCommand;
const command: fc.Arbitrary<Draft> = fc.oneof(
  { weight: 1, arbitrary: pairing },
  {
    weight: 5,
    arbitrary: fc.record({ type: fc.constant('LogMeeting' as const), day: meetingDay, notes: text }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ type: fc.constant('SignOffYear' as const), comment: text, policy }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('EndMentorship' as const), reason: text }) },
);

/** Optionally a correct pairing first, then random commands by random people on a clock moving forward. */
const sequences: fc.Arbitrary<Step[]> = fc
  .record({
    paired: fc.boolean(),
    pairingPolicy: policy,
    // Otherwise the office first tries a random pairing, right or wrong.
    tried: pairing,
    steps: fc.array(
      fc.record({
        command,
        actor: fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(mentor, mentee) },
          { weight: 1, arbitrary: fc.constantFrom(...people) },
        ),
        days: fc.integer({ min: 0, max: 150 }),
      }),
      { minLength: 3, maxLength: 25 },
    ),
  })
  .map(({ paired, pairingPolicy, tried, steps }) => {
    let now = START;
    const first: Step[] = paired
      ? [
          {
            command: {
              type: 'PairMentor',
              mentorId: 'mentor-1',
              menteeId: 'teacher-1',
              facts: { mentorActivePairs: 0, sameOrRelatedSchool: true, menteeTier: 'new' },
              policy: pairingPolicy,
            },
            meta: { ...admin, now: new Date(now) },
          },
        ]
      : [{ command: tried, meta: { ...admin, now: new Date(now) } }];
    return [
      ...first,
      ...steps.map(({ command: c, actor, days }): Step => {
        now += days * DAY;
        const meta = { ...actor, now: new Date(now) };
        if (c.type !== 'LogMeeting' || !('day' in c)) return { command: c as MentorshipCommand, meta };
        // Days count from the start (the earliest possible pairing), so some fall before the pairing.
        const on = typeof c.day === 'string' ? c.day : dateOf(new Date(START + c.day * DAY));
        return { command: { type: 'LogMeeting', on, notes: c.notes }, meta };
      }),
    ];
  });

/** A real calendar date written YYYY-MM-DD (not 2027-02-30, which Date.parse rolls over to March). */
const isCalendarDate = (s: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) &&
  !Number.isNaN(Date.parse(s)) &&
  new Date(s).toISOString().slice(0, 10) === s;

/** The pairing a running or ended mentorship holds (the invariant only reads it after an accepted step). */
function pairingOf(s: MentorshipState) {
  if (s.status === 'none') throw new Error('expected a paired mentorship');
  return s;
}

function invariant({
  command,
  meta,
  before,
  after,
  events,
}: AcceptedStep<MentorshipCommand, MentorshipEvent, MentorshipState>) {
  for (const e of events) {
    switch (e.type) {
      case 'MentorPaired': {
        // The office pairs a new teacher (新教师) with someone else, never over the mentor's load limit.
        expect(command.type).toBe('PairMentor');
        if (command.type !== 'PairMentor') break;
        expect(before.status).toBe('none');
        expect(meta.actorRole).toBe('admin');
        expect(command.facts.menteeTier).toBe('new');
        expect(e.data.mentorId).not.toBe(e.data.menteeId);
        expect(command.facts.mentorActivePairs + 1).toBeLessThanOrEqual(
          command.policy.ladder.mentorship.mentorLoadLimit,
        );
        expect(command.facts.sameOrRelatedSchool).toBe(true);
        expect(e.data.policyVersion).toBe(command.policy.version);
        expect(e.data.yearEndsAt).toBe(
          addYears(e.data.pairedAt, command.policy.ladder.mentorship.minSchoolYears),
        );
        break;
      }
      case 'MeetingLogged': {
        // Only the pair logs, on a real date between the pairing and today (Beijing time).
        expect(before.status).toBe('active');
        const pair = pairingOf(before);
        expect([pair.mentorId, pair.menteeId]).toContain(meta.actorId);
        expect(isCalendarDate(e.data.on)).toBe(true);
        expect(e.data.on >= dateOf(pair.pairedAt)).toBe(true);
        expect(e.data.on <= dateOf(meta.now)).toBe(true);
        expect(e.data.notes.trim()).toBe(e.data.notes);
        expect(e.data.notes.length).toBeGreaterThan(0);
        break;
      }
      case 'MentorshipYearSignedOff': {
        // The mentor signs off once, never before the policy's school years — and never under one year.
        expect(before.status).toBe('active');
        const pair = pairingOf(before);
        expect(meta.actorId).toBe(pair.mentorId);
        expect(pair.signedOffAt).toBeNull();
        const years = command.type === 'SignOffYear' ? command.policy.ladder.mentorship.minSchoolYears : 0;
        expect(e.data.schoolYears).toBe(years);
        expect(years).toBeGreaterThanOrEqual(1);
        expect(meta.now.getTime()).toBeGreaterThanOrEqual(Date.parse(addYears(pair.pairedAt, years)));
        expect(meta.now.getTime()).toBeGreaterThanOrEqual(Date.parse(addYears(pair.pairedAt, 1)));
        break;
      }
      case 'MentorshipEnded': {
        expect(before.status).toBe('active');
        const pair = pairingOf(before);
        expect(meta.actorRole === 'admin' || [pair.mentorId, pair.menteeId].includes(meta.actorId)).toBe(
          true,
        );
        expect(e.data.signedOff).toBe(pair.signedOffAt !== null);
        break;
      }
    }
  }
  // The pair, the pairing and a sign-off are final; an ended mentorship stays ended.
  if (before.status !== 'none') {
    const was = before;
    const now = pairingOf(after);
    expect(now.mentorId).toBe(was.mentorId);
    expect(now.menteeId).toBe(was.menteeId);
    expect(now.pairedAt).toBe(was.pairedAt);
    if (was.status === 'ended') expect(now.status).toBe('ended');
    if (was.signedOffAt) expect(now.signedOffAt).toBe(was.signedOffAt);
  }
  if (after.status !== 'none') {
    expect(after.mentorId).not.toBe(after.menteeId);
    expect(after.meetings).toBeLessThanOrEqual(MEETINGS_MAX);
  }
}

describe('mentorship decider properties', () => {
  it('random command sequences keep the mentorship rules, and replaying the events rebuilds the state', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        runSequence(d, steps, invariant);
      }),
      propertyParams(200),
    );
  });

  it('the generated sequences reach meetings, sign-offs and endings, not only refusals', () => {
    const reached = reachCounts(sequences, 200, (steps) => {
      const { events } = runSequence(d, steps, invariant);
      return {
        signedOff: events.some((e) => e.type === 'MentorshipYearSignedOff'),
        met: events.some((e) => e.type === 'MeetingLogged'),
        ended: events.some((e) => e.type === 'MentorshipEnded'),
      };
    });
    expect(reached.met).toBeGreaterThan(20);
    expect(reached.signedOff).toBeGreaterThan(5);
    expect(reached.ended).toBeGreaterThan(10);
  });

  it('a mentor at or over the load limit of the policy in force is never paired', () => {
    fc.assert(
      fc.property(policy, fc.integer({ min: 0, max: 3 }), (p, over) => {
        const limit = p.ladder.mentorship.mentorLoadLimit;
        const { state, refused } = runSequence(
          d,
          [
            {
              command: {
                type: 'PairMentor',
                mentorId: 'mentor-1',
                menteeId: 'teacher-1',
                facts: { mentorActivePairs: limit + over, sameOrRelatedSchool: true, menteeTier: 'new' },
                policy: p,
              },
              meta: admin,
            },
          ],
          invariant,
        );
        expect(state.status).toBe('none');
        expect(refused).toEqual(['mentor_load_limit']);
      }),
      propertyParams(30),
    );
  });
});
