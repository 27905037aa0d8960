import { DEFAULT_POLICY, gradeOf, LEVELS, policyProblems, TIERS, type Policy } from './policy.js';

// The policy defaults are DOMAIN.md's numbers, kept as versioned data (DOMAIN.md preamble).
const p = DEFAULT_POLICY;
const withLadder = (patch: Partial<Policy['ladder']>): Policy => ({
  ...p,
  ladder: { ...p.ladder, ...patch },
});

describe('DEFAULT_POLICY default-1 holds DOMAIN.md’s numbers', () => {
  it('keeps version default-1 and the existing review numbers', () => {
    expect(p.version).toBe('default-1');
    expect([p.reviewQuorum, p.reviewDueDays, p.revisionDueDays]).toEqual([3, 14, 14]);
  });

  it('orders the ladder 新教师 → 青年教师 → 骨干教师 → 学科带头人 → 名优教师 (seed 000 §五(二))', () => {
    expect(TIERS).toEqual(['new', 'young', 'backbone', 'leader', 'master']);
  });

  it('asks ≥120 pre-service hours for new (seed 003 §四(一)2(3)) and ≥150 for backbone (seed 003 §四(一)2(1))', () => {
    expect(p.ladder.tiers.new.trainingHours).toBe(120);
    expect(p.ladder.tiers.backbone.trainingHours).toBe(150);
  });

  it('asks a signed-off mentor year for young (seed 002 (三)4), committee selection from backbone up (seed 000 §五(三)(四))', () => {
    expect(p.ladder.tiers.young.mentorshipSignOff).toBe(true);
    expect(p.ladder.mentorship.minSchoolYears).toBe(1);
    expect(TIERS.filter((t) => p.ladder.tiers[t].committeeSelection)).toEqual([
      'backbone',
      'leader',
      'master',
    ]);
  });

  it('asks ≥50 hours a school year (seed 003 §二(四)), ≥10 ethics study hours a semester (seed 002 (一)2), a five-year cycle (seed 002 (六)1)', () => {
    expect(p.ladder.annualHours).toBe(50);
    expect(p.ladder.ethicsStudyHoursPerSemester).toBe(10);
    expect(p.ladder.trainingCycle.schoolYears).toBe(5);
  });

  it('targets the credit split province 10 / city 20 / district 20 / school 50 (seed 000 §六(二))', () => {
    expect(LEVELS.map((l) => p.ladder.creditSplit[l])).toEqual([10, 20, 20, 50]);
  });

  it('bans promotion for two years after an ethics fail and flags removal after two consecutive fails (seed 002 (一)3)', () => {
    expect(p.ladder.ethics).toEqual({ banYears: 2, consecutiveFailsForRemoval: 2 });
  });

  it('earns one credit per training hour (a product default: the seeds give the split, not the conversion)', () => {
    expect(p.ladder.creditsPerHour).toBe(1);
  });

  it('limits a mentor to 3 mentees (a product default: the seeds give no number)', () => {
    expect(p.ladder.mentorship.mentorLoadLimit).toBe(3);
  });

  it('reviews promotions on the five dimensions of seed 002 (二)7', () => {
    expect(p.rubric.dimensions.map((d) => d.key)).toEqual([
      'ethics',
      'classroom',
      'subject',
      'results',
      'research',
    ]);
  });

  it('is itself a valid policy', () => {
    expect(policyProblems(p)).toEqual([]);
  });
});

describe('gradeOf: scores 0–100, ≥90 excellent, ≥80 good, ≥60 qualified, below unqualified (seed 003 §七(二))', () => {
  it.each([
    [100, 'excellent'],
    [90, 'excellent'],
    [89.99, 'good'],
    [80, 'good'],
    [79, 'qualified'],
    [60, 'qualified'],
    [59.5, 'unqualified'],
    [0, 'unqualified'],
  ])('%s is %s', (score, grade) => {
    expect(gradeOf(score, p.gradeThresholds)).toBe(grade);
  });

  it('follows the thresholds of the policy it is given', () => {
    expect(gradeOf(70, { excellent: 95, good: 85, qualified: 75 })).toBe('unqualified');
  });
});

describe('policyProblems: what an admin may not publish', () => {
  it.each<[string, Policy, RegExp]>([
    [
      'a credit split not summing to 100',
      withLadder({ creditSplit: { province: 10, city: 20, district: 20, school: 40 } }),
      /sum to 100/,
    ],
    ['no credits for an hour of training', withLadder({ creditsPerHour: 0 }), /credits per hour/],
    [
      'a negative credit share',
      withLadder({ creditSplit: { province: -10, city: 40, district: 20, school: 50 } }),
      /≥ 0/,
    ],
    [
      'thresholds not descending',
      { ...p, gradeThresholds: { excellent: 80, good: 90, qualified: 60 } },
      /descend/,
    ],
    [
      'a threshold above 100',
      { ...p, gradeThresholds: { excellent: 101, good: 90, qualified: 60 } },
      /descend/,
    ],
    ['negative annual hours', withLadder({ annualHours: -1 }), /annual hours/],
    ['negative ethics study hours', withLadder({ ethicsStudyHoursPerSemester: -5 }), /ethics study/],
    ['a negative ban', withLadder({ ethics: { banYears: -1, consecutiveFailsForRemoval: 2 } }), /ban/],
    [
      'removal after zero fails',
      withLadder({ ethics: { banYears: 2, consecutiveFailsForRemoval: 0 } }),
      /consecutive/,
    ],
    [
      'a zero mentor load',
      withLadder({ mentorship: { minSchoolYears: 1, mentorLoadLimit: 0 } }),
      /load limit/,
    ],
    [
      'a mentorship under a school year',
      withLadder({ mentorship: { minSchoolYears: 0, mentorLoadLimit: 3 } }),
      /school year/,
    ],
    ['a zero-year cycle', withLadder({ trainingCycle: { schoolYears: 0, hours: 250 } }), /cycle/],
    [
      'a higher tier asking fewer hours',
      withLadder({
        tiers: { ...p.ladder.tiers, backbone: { ...p.ladder.tiers.backbone, trainingHours: 100 } },
      }),
      /fewer training hours/,
    ],
    [
      'negative tier hours',
      withLadder({ tiers: { ...p.ladder.tiers, new: { ...p.ladder.tiers.new, trainingHours: -1 } } }),
      /≥ 0/,
    ],
    ['a quorum of zero', { ...p, reviewQuorum: 0 }, /reviewQuorum/],
    [
      'weights not summing to 1',
      { ...p, performanceWeights: { ...p.performanceWeights, onSiteDefence: 0.5 } },
      /weights/,
    ],
    ['a version with spaces', { ...p, version: 'my policy' }, /version/],
  ])('refuses %s', (_label, policy, problem) => {
    expect(policyProblems(policy).join('\n')).toMatch(problem);
  });

  it('lists every problem at once', () => {
    expect(policyProblems({ ...withLadder({ annualHours: -1 }), reviewQuorum: 0 })).toHaveLength(2);
  });
});
