import { given } from '#testing/event-store';
import { DomainError } from '#libs/event-store';
import { DEFAULT_POLICY as policy, type Policy } from '#libs/policy';
import { teacherDecider as d, type TeacherEvent } from '../teacher/teacher.decider.js';
import {
  annualHours,
  applicationEligibility,
  assertMayApplyForPromotion,
  creditSplit,
  cycleHours,
  eligibilityFor,
  nextTierOf,
  promotionShortfall,
  requirementsFor,
  semesterHours,
  type Requirement,
} from './eligibility.js';

// "What do I still need for the next tier?" (DOMAIN.md "The progression ladder"), and the hours and credit
// figures of "Hours and credits", computed from the teacher's events under a named policy version.
const NOW = new Date('2026-11-15T08:00:00.000Z'); // school year 2026-2027, semester 1
const T0 = '2026-09-01T08:00:00.000Z';
type Tier = 'new' | 'young' | 'backbone' | 'leader' | 'master';

const openedAs = (tier: Tier): TeacherEvent[] => [
  { type: 'TeacherRecordOpened', data: { teacherId: 'teacher-1', orgUnit: 'school-a', openedAt: T0 } },
  {
    type: 'TierAwarded',
    data: { tier, previousTier: null, source: { type: 'seed' }, policyVersion: 'default-1', awardedAt: T0 },
  },
];
let n = 0;
const granted = (
  hours: number,
  over: Partial<Extract<TeacherEvent, { type: 'HoursGranted' }>['data']> = {},
): TeacherEvent => {
  n += 1;
  return {
    type: 'HoursGranted',
    data: {
      entryId: `e${n}`,
      hours,
      credits: hours / 10,
      level: 'school',
      kind: 'training',
      schoolYear: '2026-2027',
      semester: '2026-2027/1',
      completedAt: '2026-10-01T00:00:00.000Z',
      source: { type: 'training_project', id: `p${n}`, approvingRecord: `a${n}` },
      score: null,
      policyVersion: 'default-1',
      grantedAt: T0,
      ...over,
    },
  };
};
const reversed = (entry: TeacherEvent): TeacherEvent => {
  const g = entry.data as Extract<TeacherEvent, { type: 'HoursGranted' }>['data'];
  const { entryId, hours, credits, level, kind, schoolYear, semester } = g;
  return {
    type: 'HoursGrantReversed',
    data: { entryId, hours, credits, level, kind, schoolYear, semester, reason: 'mistake', reversedAt: T0 },
  };
};
const credited: TeacherEvent = {
  type: 'MentorshipYearCredited',
  data: { mentorshipId: 'm-1', mentorId: 'mentor-1', schoolYears: 1, signedOffAt: T0, creditedAt: T0 },
};
const failed = (banEndsAt: string): TeacherEvent => ({
  type: 'EthicsAssessed',
  data: { schoolYear: '2025-2026', result: 'fail', banEndsAt, policyVersion: 'default-1', assessedAt: T0 },
});
const stateOf = (history: TeacherEvent[]) => given(d, history).state;
const byKey = (rs: Requirement[]) => Object.fromEntries(rs.map((r) => [r.key, r]));

describe('eligibilityFor: every requirement of the next tier, required vs current (DOMAIN.md ladder)', () => {
  it('climbs the ladder one tier at a time (seed 000 §五(二))', () => {
    expect(
      [null, 'new', 'young', 'backbone', 'leader', 'master'].map((t) => nextTierOf(t as Tier | null)),
    ).toEqual(['new', 'young', 'backbone', 'leader', 'master', null]);
  });

  it('shows a new teacher the 120 pre-service hours (seed 003 §四(一)2(3)) and the mentor year (seed 002 (三)4)', () => {
    const e = eligibilityFor(stateOf([...openedAs('new'), granted(80)]), policy, NOW);
    expect(e).toMatchObject({
      policyVersion: 'default-1',
      currentTier: 'new',
      nextTier: 'young',
      eligible: false,
    });
    expect(byKey(e.requirements)).toMatchObject({
      training_hours: { required: 120, current: 80, met: false, decidedBy: 'record' },
      mentorship: { required: 1, current: 0, met: false, source: 'seed 002 (三)4' },
      ethics_ban: { met: true },
    });
  });

  it('is eligible for young with the hours and a signed-off mentor year', () => {
    const e = eligibilityFor(stateOf([...openedAs('new'), granted(120), credited]), policy, NOW);
    expect(e.eligible).toBe(true);
    expect(e.requirements.every((r) => r.met)).toBe(true);
  });

  it('asks 120 pre-service hours of someone not yet on the ladder', () => {
    const e = eligibilityFor(stateOf([]), policy, NOW);
    expect([e.currentTier, e.nextTier]).toEqual([null, 'new']);
    expect(byKey(e.requirements).training_hours).toMatchObject({ required: 120, current: 0, met: false });
  });

  it('shows backbone’s ≥150 hours and committee selection (seed 000 §五(四)); the committee part never blocks applying', () => {
    const short = eligibilityFor(stateOf([...openedAs('young'), granted(149)]), policy, NOW);
    expect(byKey(short.requirements)).toMatchObject({
      training_hours: { required: 150, current: 149, met: false },
      committee_selection: { decidedBy: 'committee', met: false },
    });
    expect(short.eligible).toBe(false);
    expect(eligibilityFor(stateOf([...openedAs('young'), granted(150)]), policy, NOW).eligible).toBe(true);
  });

  it.each(['leader', 'master'] as const)('asks committee selection for %s (seed 000 §五(三))', (tier) => {
    const below = tier === 'leader' ? 'backbone' : 'leader';
    const e = eligibilityFor(stateOf([...openedAs(below), granted(150)]), policy, NOW);
    expect(e.nextTier).toBe(tier);
    expect(byKey(e.requirements).committee_selection).toMatchObject({ decidedBy: 'committee' });
  });

  it('has nothing above master', () => {
    const e = eligibilityFor(stateOf(openedAs('master')), policy, NOW);
    expect([e.nextTier, e.requirements, e.eligible]).toEqual([null, [], false]);
  });

  it('counts hours net of reversals (DOMAIN.md: mistakes are corrected by reversing entries)', () => {
    const wrong = granted(100);
    const e = eligibilityFor(
      stateOf([...openedAs('young'), granted(100), wrong, reversed(wrong)]),
      policy,
      NOW,
    );
    expect(byKey(e.requirements).training_hours).toMatchObject({ current: 100, met: false });
  });

  it('shows an ethics ban in force with its end, and lifts it when the clock passes the end (seed 002 (一)3)', () => {
    const history = [...openedAs('young'), granted(150), failed('2027-09-01T08:00:00.000Z')];
    const during = eligibilityFor(stateOf(history), policy, NOW);
    expect(byKey(during.requirements).ethics_ban).toMatchObject({
      met: false,
      until: '2027-09-01T08:00:00.000Z',
    });
    // The page says until when and why: the failed school year the ban runs from.
    expect(during.ethics).toEqual({
      banEndsAt: '2027-09-01T08:00:00.000Z',
      banInForce: true,
      flaggedForRemoval: false,
      banSchoolYear: '2025-2026',
      reason: expect.stringMatching(/2025-2026.*until 2027-09-01T08:00:00\.000Z.*seed 002 \(一\)3/),
    });
    expect(during.eligible).toBe(false);
    const after = eligibilityFor(stateOf(history), policy, new Date('2027-09-01T08:00:00.000Z'));
    expect([byKey(after.requirements).ethics_ban!.met, after.eligible]).toEqual([true, true]);
  });

  it('answers under the policy version given, so a new version changes the answer', () => {
    const p2: Policy = {
      ...policy,
      version: 'p2',
      ladder: {
        ...policy.ladder,
        tiers: { ...policy.ladder.tiers, backbone: { ...policy.ladder.tiers.backbone, trainingHours: 200 } },
      },
    };
    const s = stateOf([...openedAs('young'), granted(150)]);
    expect(eligibilityFor(s, policy, NOW)).toMatchObject({ policyVersion: 'default-1', eligible: true });
    expect(eligibilityFor(s, p2, NOW)).toMatchObject({ policyVersion: 'p2', eligible: false });
  });
});

describe('standing obligations: hours a year, ethics study a semester, the five-year cycle (DOMAIN.md "Hours and credits")', () => {
  it('shows this school year’s hours against 50 before the year ends (seed 003 §二(四))', () => {
    const s = stateOf([
      ...openedAs('young'),
      granted(30),
      granted(40, { schoolYear: '2025-2026', semester: '2025-2026/2' }),
    ]);
    expect(byKey(eligibilityFor(s, policy, NOW).obligations).annual_hours).toMatchObject({
      label: 'hours in school year 2026-2027',
      required: 50,
      current: 30,
      met: false,
    });
    expect(annualHours(s, '2025-2026')).toBe(40);
    expect(eligibilityFor(s, policy, NOW).hours).toEqual({
      total: 70,
      schoolYear: '2026-2027',
      thisSchoolYear: 30,
    });
  });

  it('counts annual hours net of reversals', () => {
    const wrong = granted(25);
    expect(
      annualHours(stateOf([...openedAs('young'), granted(30), wrong, reversed(wrong)]), '2026-2027'),
    ).toBe(30);
  });

  it('shows ethics study hours this semester against 10 (seed 002 (一)2), counting only ethics study', () => {
    const s = stateOf([
      ...openedAs('young'),
      granted(6, { kind: 'ethics_study' }),
      granted(20, { kind: 'training' }),
      granted(8, { kind: 'ethics_study', semester: '2025-2026/2', schoolYear: '2025-2026' }),
    ]);
    expect(byKey(eligibilityFor(s, policy, NOW).obligations).ethics_study).toMatchObject({
      required: 10,
      current: 6,
      met: false,
    });
    const more = stateOf([...openedAs('young'), granted(10, { kind: 'ethics_study' })]);
    expect(byKey(eligibilityFor(more, policy, NOW).obligations).ethics_study!.met).toBe(true);
  });

  it('counts the five-year cycle over the last five school years (seed 002 (六)1)', () => {
    const s = stateOf([
      ...openedAs('young'),
      granted(100, { schoolYear: '2022-2023' }),
      granted(100, { schoolYear: '2026-2027' }),
      granted(100, { schoolYear: '2021-2022' }), // six years back: outside the cycle
    ]);
    expect(byKey(eligibilityFor(s, policy, NOW).obligations).training_cycle).toMatchObject({
      required: 250,
      current: 200,
      met: false,
    });
  });

  it('does not let the obligations gate a promotion', () => {
    const e = eligibilityFor(
      stateOf([...openedAs('young'), granted(150, { schoolYear: '2020-2021' })]),
      policy,
      NOW,
    );
    expect(e.obligations.some((o) => !o.met)).toBe(true);
    expect(e.eligible).toBe(true);
  });
});

describe('creditSplit: a teacher’s credits by level against 10/20/20/50 (seed 000 §六(二))', () => {
  it('shows each level’s share against the target, naming the policy version', () => {
    const s = stateOf([
      ...openedAs('young'),
      granted(10, { level: 'province', credits: 1 }),
      granted(30, { level: 'city', credits: 3 }),
      granted(10, { level: 'district', credits: 1 }),
      granted(50, { level: 'school', credits: 5 }),
    ]);
    expect(creditSplit(s, policy)).toEqual({
      policyVersion: 'default-1',
      totalCredits: 10,
      levels: [
        { level: 'province', credits: 1, share: 10, target: 10, gap: 0 },
        { level: 'city', credits: 3, share: 30, target: 20, gap: -10 },
        { level: 'district', credits: 1, share: 10, target: 20, gap: 10 },
        { level: 'school', credits: 5, share: 50, target: 50, gap: 0 },
      ],
    });
  });

  it('leaves reversed credits out, and shows zero shares with no credits', () => {
    const wrong = granted(40, { level: 'province', credits: 4 });
    const s = stateOf([
      ...openedAs('young'),
      granted(10, { level: 'school', credits: 1 }),
      wrong,
      reversed(wrong),
    ]);
    expect(creditSplit(s, policy).levels.map((l) => l.share)).toEqual([0, 0, 0, 100]);
    expect(creditSplit(stateOf(openedAs('new')), policy).levels.map((l) => l.share)).toEqual([0, 0, 0, 0]);
  });
});

describe('assertMayApplyForPromotion: a tier_promotion from an ineligible teacher is refused with every unmet requirement (DOMAIN.md "The progression ladder")', () => {
  const refusal = (fn: () => unknown): DomainError => {
    try {
      fn();
    } catch (err) {
      return err as DomainError;
    }
    throw new Error('expected a refusal');
  };

  it('lists the wrong target, the hours short and the ethics ban with its end', () => {
    const s = stateOf([...openedAs('young'), granted(100), failed('2027-09-01T08:00:00.000Z')]);
    const err = refusal(() => assertMayApplyForPromotion(s, 'leader', policy, NOW));
    expect(err).toBeInstanceOf(DomainError);
    expect(err.code).toBe('promotion_ineligible');
    expect(err.message).toMatch(/banned until 2027-09-01/);
    expect(err.details).toMatchObject({
      policyVersion: 'default-1',
      currentTier: 'young',
      targetTier: 'leader',
      nextTier: 'backbone',
    });
    expect((err.details.unmet as Requirement[]).map((r) => [r.key, r.required, r.current])).toEqual([
      ['target_tier', 'backbone', 'leader'],
      ['training_hours', 150, 100],
      ['ethics_ban', 'none', 'banned until 2027-09-01T08:00:00.000Z'],
    ]);
  });

  it('refuses any promotion above master', () => {
    const err = refusal(() =>
      assertMayApplyForPromotion(stateOf([...openedAs('master'), granted(500)]), 'master', policy, NOW),
    );
    expect(err.details.unmet).toEqual([
      expect.objectContaining({ key: 'target_tier', required: 'none: the top tier' }),
    ]);
  });

  it('lets an eligible teacher apply, leaving committee selection to the committee', () => {
    const e = assertMayApplyForPromotion(
      stateOf([...openedAs('young'), granted(150)]),
      'backbone',
      policy,
      NOW,
    );
    expect(e).toMatchObject({ nextTier: 'backbone', eligible: true, policyVersion: 'default-1' });
  });
});

describe('the ladder’s eligibility for an application, the fact handed to the approval decider (DOMAIN.md "Ethics assessment", last rule)', () => {
  it('lets a master teacher apply for a studio and refuses anyone else with the tier asked and held (seed 000 §五(三))', () => {
    expect(applicationEligibility(stateOf(openedAs('master')), { kind: 'studio' }, policy, NOW)).toEqual({
      eligible: true,
      policyVersion: 'default-1',
    });
    expect(applicationEligibility(stateOf(openedAs('young')), { kind: 'studio' }, policy, NOW)).toEqual({
      eligible: false,
      policyVersion: 'default-1',
      code: 'leader_not_master',
      message: expect.stringMatching(/master.*young/),
      details: { requiredTier: 'master', currentTier: 'young' },
    });
    expect(applicationEligibility(null, { kind: 'studio' }, policy, NOW)).toMatchObject({
      eligible: false,
      details: { currentTier: null },
    });
  });

  it('refuses a promotion with every unmet requirement and its numbers, and one without a ladder record', () => {
    const short = applicationEligibility(
      stateOf([...openedAs('young'), granted(120)]),
      { kind: 'tier_promotion', targetTier: 'backbone' },
      policy,
      NOW,
    );
    expect(short).toMatchObject({ eligible: false, code: 'promotion_ineligible' });
    expect(short.eligible === false && short.details.unmet).toEqual([
      expect.objectContaining({ key: 'training_hours', required: 150, current: 120 }),
    ]);
    expect(
      applicationEligibility(
        stateOf([...openedAs('young'), granted(150)]),
        { kind: 'tier_promotion', targetTier: 'backbone' },
        policy,
        NOW,
      ),
    ).toEqual({ eligible: true, policyVersion: 'default-1' });
    const none = applicationEligibility(null, { kind: 'tier_promotion', targetTier: 'young' }, policy, NOW);
    expect(none.eligible === false && (none.details.unmet as Requirement[])[0]!.key).toBe('ladder_record');
  });

  it('asks nothing of the applicant for training projects and school plans', () => {
    for (const kind of ['training_project', 'school_plan'])
      expect(applicationEligibility(null, { kind }, policy, NOW).eligible).toBe(true);
  });
});

describe('retraining on the progression page (seed 003 §六4)', () => {
  it('shows the completions to retrain for until a later qualified completion of the same kind', () => {
    const retrain: TeacherEvent = {
      type: 'RetrainingRequired',
      data: {
        source: { type: 'training_project', id: 'p-failed', approvingRecord: 'c1' },
        kind: 'training',
        level: 'district',
        score: 52,
        grade: 'unqualified',
        completedAt: '2026-10-01T00:00:00.000Z',
        policyVersion: 'default-1',
        recordedAt: T0,
      },
    };
    const e = eligibilityFor(stateOf([...openedAs('young'), retrain]), policy, NOW);
    expect(e.retraining).toEqual({
      required: true,
      pending: [expect.objectContaining({ score: 52, source: expect.objectContaining({ id: 'p-failed' }) })],
    });
    const passed = granted(40, { completedAt: '2026-11-01T00:00:00.000Z', score: 81 });
    expect(eligibilityFor(stateOf([...openedAs('young'), retrain, passed]), policy, NOW).retraining).toEqual({
      required: false,
      pending: [],
    });
  });
});

// Cases the mutation run (stryker.config.mjs) found unguarded: each pins a rule a one-token change of
// eligibility.ts would break without any other spec noticing.
describe('rules pinned by mutation testing', () => {
  const hoursFor = (tier: Tier, source: string) => ({
    key: 'training_hours',
    label: 'training hours (学时), net of reversals',
    required: tier === 'new' || tier === 'young' ? 120 : 150,
    current: 150,
    met: true,
    decidedBy: 'record',
    source,
  });
  const noBan = {
    key: 'ethics_ban',
    label: 'no ethics ban in force (师德一票否决)',
    required: 'none',
    current: 'none',
    met: true,
    decidedBy: 'record',
    source: 'seed 002 (一)3',
  };
  const committee = (source: string) => ({
    key: 'committee_selection',
    label: 'selected by a review committee (遴选) on a tier_promotion application',
    required: 'committee approval',
    current: 'decided on the application',
    met: false,
    decidedBy: 'committee',
    source,
  });

  it('names each requirement with its label and the rule it comes from (DOMAIN.md ladder table)', () => {
    const s = stateOf([...openedAs('new'), granted(150), credited]);
    expect(requirementsFor(s, 'new', policy, NOW)).toEqual([
      hoursFor('new', 'seed 003 §四(一)2(3) 先培训，后上岗'),
      noBan,
    ]);
    expect(requirementsFor(s, 'young', policy, NOW)).toEqual([
      hoursFor('young', 'seed 003 §四(一)2(3) 先培训，后上岗'),
      {
        key: 'mentorship',
        label: 'school years with a mentor, signed off (导师制度)',
        required: 1,
        current: 1,
        met: true,
        decidedBy: 'record',
        source: 'seed 002 (三)4',
      },
      noBan,
    ]);
    const later = 'seed 003 §四(一)2(1); DOMAIN.md "The progression ladder"';
    expect(requirementsFor(s, 'backbone', policy, NOW)).toEqual([
      hoursFor('backbone', later),
      noBan,
      committee('seed 000 §五(四)'),
    ]);
    expect(requirementsFor(s, 'leader', policy, NOW)).toEqual([
      hoursFor('leader', later),
      noBan,
      committee('seed 000 §五(三)'),
    ]);
  });

  it('shows a ban in force with its end as the current value (seed 002 (一)3)', () => {
    const s = stateOf([...openedAs('young'), failed('2027-08-31T16:00:00.000Z')]);
    expect(byKey(requirementsFor(s, 'backbone', policy, NOW)).ethics_ban).toEqual({
      ...noBan,
      current: 'banned until 2027-08-31T16:00:00.000Z',
      met: false,
      until: '2027-08-31T16:00:00.000Z',
    });
  });

  it('lists no hours requirement for a tier whose policy asks none', () => {
    const none: Policy = {
      ...policy,
      ladder: {
        ...policy.ladder,
        tiers: { ...policy.ladder.tiers, new: { ...policy.ladder.tiers.new, trainingHours: 0 } },
      },
    };
    expect(requirementsFor(stateOf([]), 'new', none, NOW).map((r) => r.key)).toEqual(['ethics_ban']);
  });

  it('names each standing obligation with its period and rule (DOMAIN.md "Hours and credits")', () => {
    const e = eligibilityFor(
      stateOf([...openedAs('new'), granted(30), granted(6, { kind: 'ethics_study' })]),
      policy,
      NOW,
    );
    expect(e.obligations).toEqual([
      {
        key: 'annual_hours',
        label: 'hours in school year 2026-2027',
        required: 50,
        current: 36,
        met: false,
        decidedBy: 'record',
        source: 'seed 003 §二(四)',
      },
      {
        key: 'ethics_study',
        label: 'ethics study hours in semester 2026-2027/1',
        required: 10,
        current: 6,
        met: false,
        decidedBy: 'record',
        source: 'seed 002 (一)2',
      },
      {
        key: 'training_cycle',
        label: 'hours in the training cycle 2022-2023 to 2026-2027 (五年一周期)',
        required: 250,
        current: 36,
        met: false,
        decidedBy: 'record',
        source: 'seed 002 (六)1',
      },
    ]);
  });

  it('gives the reason of a ban only while there is one (seed 002 (一)3)', () => {
    expect(eligibilityFor(stateOf(openedAs('young')), policy, NOW).ethics.reason).toBeNull();
    const banned = stateOf([
      ...openedAs('young'),
      {
        type: 'EthicsAssessed',
        data: {
          schoolYear: '2025-2026',
          result: 'fail',
          banEndsAt: '2028-08-31T16:00:00.000Z',
          policyVersion: 'default-1',
          assessedAt: T0,
        },
      },
    ]);
    expect(eligibilityFor(banned, policy, NOW).ethics.reason).toBe(
      'ethics assessment failed for school year 2025-2026: no promotion for two years from its end, until 2028-08-31T16:00:00.000Z (师德一票否决, seed 002 (一)3)',
    );
  });

  it('names a promotion past the next tier as an unmet record requirement (seed 000 §五(二))', () => {
    const { unmet } = promotionShortfall(
      stateOf([...openedAs('new'), granted(150)]),
      'backbone',
      policy,
      NOW,
    );
    expect(unmet[0]).toEqual({
      key: 'target_tier',
      label: 'a promotion is to the next tier',
      required: 'young',
      current: 'backbone',
      met: false,
      decidedBy: 'record',
      source: 'seed 000 §五(二)',
    });
    let message = '';
    try {
      assertMayApplyForPromotion(
        stateOf([...openedAs('young'), granted(100), failed('2027-09-01T08:00:00.000Z')]),
        'leader',
        policy,
        NOW,
      );
    } catch (err) {
      message = (err as DomainError).message;
    }
    expect(message).toBe(
      'not eligible for leader: a promotion is to the next tier: leader of backbone; ' +
        'training hours (学时), net of reversals: 100 of 150; ' +
        'no ethics ban in force (师德一票否决): banned until 2027-09-01T08:00:00.000Z',
    );
  });

  it('refuses a promotion or a studio of someone without a ladder record, saying so (DOMAIN.md ladder)', () => {
    const record = {
      key: 'ladder_record',
      label: 'a record on the ladder (教师专业发展档案)',
      required: 'a record',
      current: 'none',
      met: false,
      decidedBy: 'record',
      source: 'DOMAIN.md "The progression ladder"',
    };
    expect(
      applicationEligibility(null, { kind: 'tier_promotion', targetTier: 'young' }, policy, NOW),
    ).toEqual({
      eligible: false,
      policyVersion: 'default-1',
      code: 'promotion_ineligible',
      message: 'not eligible for young: a record on the ladder (教师专业发展档案): none of a record',
      details: {
        policyVersion: 'default-1',
        currentTier: null,
        targetTier: 'young',
        nextTier: null,
        unmet: [record],
      },
    });
    expect(applicationEligibility(null, { kind: 'studio' }, policy, NOW)).toMatchObject({
      code: 'leader_not_master',
      message: 'a studio is led by a master teacher (名优教师); the applicant is not on the ladder',
    });
  });

  it('counts a semester’s hours of every kind when no kind is asked', () => {
    const s = stateOf([
      ...openedAs('new'),
      granted(8),
      granted(4, { kind: 'ethics_study' }),
      granted(5, { semester: '2026-2027/2' }),
    ]);
    expect(semesterHours(s, '2026-2027/1')).toBe(12);
    expect(semesterHours(s, '2026-2027/1', 'ethics_study')).toBe(4);
  });

  it('ends the five-year cycle with the school year of the day asked about (seed 002 (六)1)', () => {
    const s = stateOf([
      ...openedAs('new'),
      granted(10, { schoolYear: '2025-2026' }),
      granted(20, { schoolYear: '2026-2027' }),
    ]);
    expect(cycleHours(s, policy, new Date('2026-03-01T00:00:00.000Z'))).toBe(10);
    expect(cycleHours(s, policy, NOW)).toBe(30);
  });
});
