import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  propertyParams,
  reachCounts,
  runSequence,
  type AcceptedStep,
  type PropertyStep,
} from '#testing/event-store';
import { DEFAULT_POLICY as policy, gradeOf, LEVELS, TIERS, type Tier } from '#libs/policy';
import { eligibilityFor, nextTierOf, totalHours } from '../eligibility/eligibility.js';
import {
  REVOKING_LEVELS,
  teacherDecider as d,
  type TeacherCommand,
  type TeacherEvent,
  type TeacherState,
} from './teacher.decider.js';

// Property specs of a teacher's record: random sequences of valid and invalid commands from the right
// and the wrong people never break DOMAIN.md "The progression ladder", "Hours and credits" and "Ethics
// assessment"; replaying what was produced rebuilds the same state.
type Step = PropertyStep<TeacherCommand>;
const START = Date.parse('2026-09-01T08:00:00.000Z');
const DAY = 86_400_000;

const people = [
  { actorId: 'admin-1', actorRole: 'admin' },
  { actorId: 'system', actorRole: 'system' },
  { actorId: 'chair-1', actorRole: 'chair' },
  { actorId: 'teacher-2', actorRole: 'teacher' },
  // The teacher themself, in an office role: nobody keeps their own record.
  { actorId: 'teacher-1', actorRole: 'admin' },
];
const tier = fc.constantFrom<Tier>(...TIERS);
const score = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom(-1, 101, Number.NaN));
const schoolYear = fc.constantFrom('2023-2024', '2024-2025', '2025-2026', '2026-2027', '2028-2029', '2026');
const reason = fc.constantFrom('', ' ', '评估未通过', '评估未通过', '评估未通过', 'x'.repeat(2001));

const command: fc.Arbitrary<TeacherCommand> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('GrantHours' as const),
      hours: fc.oneof(fc.constantFrom(40, 60, 80), fc.constantFrom(0, -10, 1001, Number.NaN)),
      credits: fc.constantFrom(0, 4, -1, 1001),
      level: fc.constantFrom(...LEVELS, 'county' as never),
      kind: fc.constantFrom('training' as const, 'ethics_study' as const, 'activity' as const),
      completedAt: fc.constantFrom(
        '2025-11-01T02:00:00.000Z',
        '2026-06-30T02:00:00.000Z',
        '2031-01-01T00:00:00.000Z',
        'x',
      ),
      source: fc.record({
        type: fc.constantFrom('training_project' as const, 'activity' as const),
        id: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5', ''),
        approvingRecord: fc.constantFrom('application-p#decided', ''),
      }),
      score: fc.option(score, { nil: undefined }),
      policy: fc.constant(policy),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('ReverseHours' as const),
      entryId: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'nope'),
      reason,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('RecordEthicsAssessment' as const),
      schoolYear,
      result: fc.constantFrom('pass' as const, 'fail' as const),
      policy: fc.constant(policy),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('RecordAnnualAppraisal' as const),
      schoolYear,
      result: fc.constantFrom(
        'excellent' as const,
        'good' as const,
        'qualified' as const,
        'unqualified' as const,
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('CreditMentorshipYear' as const),
      mentorshipId: fc.constantFrom('m1', 'm2'),
      mentorId: fc.constantFrom('mentor-1', 'teacher-1'),
      schoolYears: fc.constantFrom(0, 1, 2, 1.5),
      signedOffAt: fc.constant('2026-07-01T00:00:00.000Z'),
      policy: fc.constant(policy),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('AwardTier' as const),
      tier,
      source: fc.oneof(
        fc.record({
          type: fc.constant('promotion' as const),
          applicationId: fc.constantFrom('a1', 'a2', 'a3'),
        }),
        fc.record({
          type: fc.constant('mentorship_signoff' as const),
          mentorshipId: fc.constantFrom('m1', 'm2'),
        }),
      ),
      policy: fc.constant(policy),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('RevokeTier' as const),
      reason,
      assessment: fc.record({ ref: fc.constantFrom('r1', 'r2', 'r3'), score }),
      keeperLevel: fc.constantFrom(...LEVELS, null),
      policy: fc.constant(policy),
    }),
  },
);

/** An opened record, then random commands by random people on a clock that only moves forward. */
const sequences: fc.Arbitrary<Step[]> = fc
  .record({
    openedAs: tier,
    // Some records start with enough hours for the next tier, so promotions are reached.
    warmUp: fc.integer({ min: 0, max: 3 }),
    opener: fc.oneof(
      { weight: 9, arbitrary: fc.constant(people[0]!) },
      { weight: 1, arbitrary: fc.constant(people[2]!) },
    ),
    steps: fc.array(
      fc.record({
        command,
        actor: fc.oneof(
          { weight: 6, arbitrary: fc.constant(people[0]!) },
          { weight: 2, arbitrary: fc.constant(people[1]!) },
          { weight: 2, arbitrary: fc.constantFrom(...people) },
        ),
        days: fc.integer({ min: 0, max: 120 }),
        id: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5', 'c6'),
        // Half the awards aim at the tier after the one the record opened with.
        aimNext: fc.boolean(),
      }),
      { minLength: 5, maxLength: 30 },
    ),
  })
  .map(({ openedAs, warmUp, opener, steps }) => {
    let now = START;
    const open: Step = {
      command: {
        type: 'OpenTeacherRecord',
        teacherId: 'teacher-1',
        orgUnit: 'school-a',
        tier: openedAs,
        policy,
      },
      meta: { ...opener, now: new Date(now) },
    };
    const grants: Step[] = ['w1', 'w2', 'w3'].slice(0, warmUp).map((id) => ({
      command: {
        type: 'GrantHours',
        hours: 60,
        credits: 6,
        level: 'district',
        kind: 'training',
        completedAt: '2026-06-30T02:00:00.000Z',
        source: { type: 'training_project', id, approvingRecord: `application-${id}#decided` },
        policy,
      },
      meta: { ...people[1]!, commandId: id, now: new Date(now) },
    }));
    return [
      open,
      ...grants,
      ...steps.map(({ command: c, actor, days, id, aimNext }) => {
        now += days * DAY;
        if (c.type === 'AwardTier' && aimNext) c = { ...c, tier: nextTierOf(openedAs) ?? c.tier };
        return { command: c, meta: { ...actor, commandId: id, now: new Date(now) } };
      }),
    ];
  });

const step = (t: Tier, by: number) => TIERS[TIERS.indexOf(t) + by];

function invariant({
  command,
  meta,
  before,
  after,
  events,
}: AcceptedStep<TeacherCommand, TeacherEvent, TeacherState>) {
  if (command.type !== 'OpenTeacherRecord') {
    // Nobody keeps their own record; a chair or a teacher keeps none.
    expect(meta.actorId).not.toBe(before.teacherId);
    expect(['admin', 'system']).toContain(meta.actorRole);
  }
  for (const e of events) {
    switch (e.type) {
      case 'TierAwarded':
        if (e.data.source.type === 'seed') break;
        // Tiers move one step up, and never while an ethics ban is in force.
        expect(e.data.tier).toBe(nextTierOf(before.tier));
        expect(e.data.previousTier).toBe(before.tier);
        expect(eligibilityFor(before, policy, meta.now).ethics.banInForce).toBe(false);
        expect(totalHours(before)).toBeGreaterThanOrEqual(policy.ladder.tiers[e.data.tier].trainingHours);
        if (policy.ladder.tiers[e.data.tier].mentorshipSignOff) {
          const years = after.mentorships.reduce((a, m) => a + m.schoolYears, 0);
          expect(years).toBeGreaterThanOrEqual(policy.ladder.mentorship.minSchoolYears);
        }
        if (e.data.source.type === 'mentorship_signoff') {
          expect(policy.ladder.tiers[e.data.tier].committeeSelection).toBe(false);
        }
        break;
      case 'TierRevoked':
        // One step down, by an admin of a district or above, on a failed assessment only.
        expect(e.data.toTier).toBe(step(e.data.tier, -1));
        expect(meta.actorRole).toBe('admin');
        expect(command.type === 'RevokeTier' && REVOKING_LEVELS.includes(command.keeperLevel!)).toBe(true);
        expect(gradeOf(e.data.assessment.score, policy.gradeThresholds)).toBe('unqualified');
        break;
      case 'HoursGranted':
        expect(e.data.hours).toBeGreaterThan(0);
        expect(e.data.credits).toBeGreaterThanOrEqual(0);
        expect(Date.parse(e.data.completedAt)).toBeLessThanOrEqual(meta.now.getTime());
        break;
      case 'EthicsAssessed':
        // Once a year, by an admin.
        expect(before.ethics[e.data.schoolYear]).toBeUndefined();
        expect(meta.actorRole).toBe('admin');
        break;
      default:
        break;
    }
  }
  // Hours are never negative, one live grant per source.
  expect(totalHours(after)).toBeGreaterThanOrEqual(0);
  const live = after.ledger.filter((x) => !x.reversed).map((x) => `${x.source.type}:${x.source.id}`);
  expect(new Set(live).size).toBe(live.length);
  // A ban only grows: a later pass never clears a ban in force.
  if (before.banEndsAt) expect(after.banEndsAt! >= before.banEndsAt).toBe(true);
  // A failed ethics year's appraisal is unqualified (一票否决).
  for (const [year, result] of Object.entries(after.ethics)) {
    if (result === 'fail' && after.appraisals[year]) expect(after.appraisals[year]).toBe('unqualified');
  }
  if (before.flaggedForRemoval) expect(after.flaggedForRemoval).toBe(true);
  if (after.exists) expect(TIERS).toContain(after.tier);
  // Eligibility agrees with the record: eligible means every record requirement is met, never banned.
  const e = eligibilityFor(after, policy, meta.now);
  expect(e.hours.total).toBeGreaterThanOrEqual(0);
  if (e.eligible) {
    expect(e.ethics.banInForce).toBe(false);
    expect(e.requirements.filter((r) => r.decidedBy === 'record').every((r) => r.met)).toBe(true);
  }
}

describe('teacher decider properties', () => {
  it('random command sequences keep the ladder rules, and replaying the events rebuilds the record', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        runSequence(d, steps, invariant);
      }),
      propertyParams(120),
    );
  });

  it('the generated sequences reach promotions and revocations, not only refusals', () => {
    const reached = reachCounts(sequences, 120, (steps) => {
      const { events } = runSequence(d, steps, invariant);
      return {
        promoted: events.some((e) => e.type === 'TierAwarded' && e.data.source.type !== 'seed'),
        revoked: events.some((e) => e.type === 'TierRevoked'),
      };
    });
    expect(reached.promoted).toBeGreaterThan(2);
    expect(reached.revoked).toBeGreaterThan(2);
  });

  it('a teacher whose ethics failed is not promoted while the ban is in force, whatever else is recorded', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Tier>('new', 'young', 'backbone', 'leader'),
        fc.integer({ min: 0, max: 600 }),
        fc.constantFrom('2024-2025', '2025-2026'),
        (from, days, failed) => {
          const admin = { actorId: 'admin-1', actorRole: 'admin', now: new Date(START) };
          const later = { ...admin, now: new Date(START + days * DAY) };
          const grants: Step[] = ['p1', 'p2', 'p3', 'p4'].map((id) => ({
            command: {
              type: 'GrantHours',
              hours: 60,
              credits: 6,
              level: 'district',
              kind: 'training',
              completedAt: '2026-06-30T02:00:00.000Z',
              source: { type: 'training_project', id, approvingRecord: `application-${id}#decided` },
              policy,
            },
            meta: { ...admin, commandId: id },
          }));
          const { state } = runSequence(
            d,
            [
              {
                command: {
                  type: 'OpenTeacherRecord',
                  teacherId: 'teacher-1',
                  orgUnit: 'school-a',
                  tier: from,
                  policy,
                },
                meta: admin,
              },
              ...grants,
              {
                command: { type: 'RecordEthicsAssessment', schoolYear: failed, result: 'fail', policy },
                meta: admin,
              },
              // A later year passes: it does not clear the ban of the failed one.
              {
                command: { type: 'RecordEthicsAssessment', schoolYear: '2026-2027', result: 'pass', policy },
                meta: later,
              },
              {
                command: {
                  type: 'CreditMentorshipYear',
                  mentorshipId: 'm1',
                  mentorId: 'mentor-1',
                  schoolYears: 1,
                  signedOffAt: later.now.toISOString(),
                  policy,
                },
                meta: later,
              },
              {
                command: {
                  type: 'AwardTier',
                  tier: nextTierOf(from)!,
                  source: { type: 'promotion', applicationId: 'a1' },
                  policy,
                },
                meta: later,
              },
            ],
            invariant,
          );
          const banned = Date.parse(state.banEndsAt!) > later.now.getTime();
          expect(state.tier).toBe(banned ? from : nextTierOf(from));
        },
      ),
      propertyParams(30),
    );
  });
});
