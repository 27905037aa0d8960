/**
 * Policy numbers are versioned data, never constants buried in code (DOMAIN.md, preamble): every
 * decision records the version it used. `DEFAULT_POLICY` (version `default-1`) holds DOMAIN.md's
 * defaults; an admin publishes later versions through the policy catalogue (`policy-catalogue.decider.ts`).
 */

/** DOMAIN.md "The progression ladder" (seed 000 §五(二)): 新教师 → 青年教师 → 骨干教师 → 学科带头人 → 名优教师. */
export const TIERS = ['new', 'young', 'backbone', 'leader', 'master'] as const;
export type Tier = (typeof TIERS)[number];

/** DOMAIN.md "Organisation": the four levels a credit belongs to (seed 000 §六(二)). */
export const LEVELS = ['province', 'city', 'district', 'school'] as const;
export type Level = (typeof LEVELS)[number];

/** What entering a tier takes (DOMAIN.md "The progression ladder" table). */
export interface TierRule {
  /** Total training hours (学时, net of reversals) the teacher must hold to enter the tier. */
  trainingHours: number;
  /** Whether a mentor must have signed off a mentorship (policy `mentorship.minSchoolYears` long). */
  mentorshipSignOff: boolean;
  /** Whether a review committee selects (遴选) for the tier: a `tier_promotion` application must be approved. */
  committeeSelection: boolean;
}

/** The ladder's numbers: DOMAIN.md "The progression ladder", "Hours and credits", "Ethics", "Mentorship". */
export interface LadderPolicy {
  tiers: Record<Tier, TierRule>;
  /** seed 003 §二(四): every teacher ≥50 hours each school year. */
  annualHours: number;
  /** seed 002 (一)2: ethics study ≥10 hours a semester. */
  ethicsStudyHoursPerSemester: number;
  /** seed 002 (六)1 五年一周期: full training over a cycle of school years. */
  trainingCycle: { schoolYears: number; hours: number };
  /** seed 000 §六(二): target share of a teacher's credits by level, in percent (sums to 100). */
  creditSplit: Record<Level, number>;
  /**
   * Credits (学分) a training hour (学时) earns. The seeds give the split by level, not the conversion,
   * so the product default is one credit an hour; offices that count 10 hours a credit publish 0.1.
   */
  creditsPerHour: number;
  /** seed 002 (一)3 一票否决: ban length after a fail, and how many consecutive fails flag removal. */
  ethics: { banYears: number; consecutiveFailsForRemoval: number };
  /** seed 002 (三)4 导师制度: the shortest pairing a mentor may sign off, and a mentor's load limit. */
  mentorship: { minSchoolYears: number; mentorLoadLimit: number };
}

export interface RubricDimension {
  key: string;
  label: string;
}

export interface Policy {
  version: string;
  /** The promotion-review rubric: seed 002 (二)7's five dimensions. Each is scored 0–100. */
  rubric: { version: string; dimensions: RubricDimension[] };
  /** Reviews needed before the chair may decide (DOMAIN.md "Stages" 2, default 3). */
  reviewQuorum: number;
  /** Days a reviewer has to score after assignment; days an applicant has to revise. */
  reviewDueDays: number;
  revisionDueDays: number;
  /** seed 003 §七(二): ≥90 excellent, ≥80 good, ≥60 qualified, below unqualified. */
  gradeThresholds: { excellent: number; good: number; qualified: number };
  /** Weights of the four parts of a training project's performance evaluation (seed 000 §六(三)). */
  performanceWeights: {
    selfAssessment: number;
    archiveCheck: number;
    traineeInterviews: number;
    onSiteDefence: number;
  };
  ladder: LadderPolicy;
}

export const DEFAULT_POLICY: Policy = {
  version: 'default-1',
  rubric: {
    version: 'rubric-five-dimensions-1',
    dimensions: [
      { key: 'ethics', label: '师德素养 ethics' },
      { key: 'classroom', label: '课堂达标 classroom standard' },
      { key: 'subject', label: '学科素养 subject literacy' },
      { key: 'results', label: '教学业绩 teaching results' },
      { key: 'research', label: '教研能力 research ability' },
    ],
  },
  reviewQuorum: 3,
  reviewDueDays: 14,
  revisionDueDays: 14,
  gradeThresholds: { excellent: 90, good: 80, qualified: 60 },
  // The seeds name the four parts but not their weights: equal weights until an admin says otherwise.
  performanceWeights: {
    selfAssessment: 0.25,
    archiveCheck: 0.25,
    traineeInterviews: 0.25,
    onSiteDefence: 0.25,
  },
  ladder: {
    tiers: {
      // seed 003 §四(一)2(3) 先培训，后上岗: ≥120 hours of pre-service training.
      new: { trainingHours: 120, mentorshipSignOff: false, committeeSelection: false },
      // seed 002 (三)4: a school year with a mentor, signed off; the 120 pre-service hours still stand.
      young: { trainingHours: 120, mentorshipSignOff: true, committeeSelection: false },
      // seed 000 §五(四); seed 003 §四(一)2(1): committee selection and ≥150 training hours.
      backbone: { trainingHours: 150, mentorshipSignOff: false, committeeSelection: true },
      // seed 000 §五(三): committee selection. No hour figure in the seeds: a higher tier never asks for
      // fewer hours than the one below (checked on publish), so the backbone 150 carries over.
      leader: { trainingHours: 150, mentorshipSignOff: false, committeeSelection: true },
      // seed 000 §五(三): committee selection; a master then leads a studio (studio.decider.ts), which
      // is founded after the title, so it is not an entry requirement.
      master: { trainingHours: 150, mentorshipSignOff: false, committeeSelection: true },
    },
    annualHours: 50,
    ethicsStudyHoursPerSemester: 10,
    // seed 002 (六)1 names the five-year cycle but no total: 5 × the annual 50 is a product default.
    trainingCycle: { schoolYears: 5, hours: 250 },
    creditSplit: { province: 10, city: 20, district: 20, school: 50 },
    creditsPerHour: 1,
    ethics: { banYears: 2, consecutiveFailsForRemoval: 2 },
    // The seeds give no mentor load: 3 mentees at a time is a product default.
    mentorship: { minSchoolYears: 1, mentorLoadLimit: 3 },
  },
};

export type Grade = 'excellent' | 'good' | 'qualified' | 'unqualified';

/** seed 003 §七(二): a 0–100 score to its grade under the policy's thresholds. */
export function gradeOf(score: number, t: Policy['gradeThresholds']): Grade {
  if (score >= t.excellent) return 'excellent';
  if (score >= t.good) return 'good';
  if (score >= t.qualified) return 'qualified';
  return 'unqualified';
}

const isNum = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
const isCount = (n: unknown, min: number) => isNum(n) && Number.isInteger(n) && n >= min;

/**
 * Every problem with a policy an admin wants to publish (empty when it is sound). Structure is the
 * edge's job (DTO validation); this checks the numbers make sense together.
 */
export function policyProblems(p: Policy): string[] {
  const problems: string[] = [];
  const bad = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  bad(
    typeof p.version === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(p.version),
    'version must be 1–64 letters, digits, dots, dashes or underscores',
  );
  const dims = p.rubric?.dimensions ?? [];
  bad(dims.length > 0, 'the rubric needs at least one dimension');
  bad(new Set(dims.map((d) => d.key)).size === dims.length, 'rubric dimension keys must be unique');
  bad(isCount(p.reviewQuorum, 1), 'reviewQuorum must be a whole number ≥ 1');
  bad(isCount(p.reviewDueDays, 1) && isCount(p.revisionDueDays, 1), 'due days must be whole numbers ≥ 1');
  // seed 003 §七(二): 0 ≤ qualified < good < excellent ≤ 100.
  const t = p.gradeThresholds;
  bad(
    isNum(t?.qualified) &&
      isNum(t.good) &&
      isNum(t.excellent) &&
      t.qualified >= 0 &&
      t.qualified < t.good &&
      t.good < t.excellent &&
      t.excellent <= 100,
    'grade thresholds must descend: 100 ≥ excellent > good > qualified ≥ 0',
  );
  const w = Object.values(p.performanceWeights ?? {});
  bad(
    w.length === 4 && w.every((x) => isNum(x) && x >= 0) && Math.abs(w.reduce((a, b) => a + b, 0) - 1) < 1e-9,
    'performance weights must be four non-negative numbers summing to 1',
  );
  const l = p.ladder;
  if (!l) return [...problems, 'the ladder numbers are missing'];
  const hours = TIERS.map((tier) => l.tiers?.[tier]?.trainingHours);
  bad(
    hours.every((h) => isNum(h) && h >= 0),
    'every tier needs training hours ≥ 0',
  );
  bad(
    hours.every((h, i) => i === 0 || (h as number) >= (hours[i - 1] as number)),
    'a higher tier cannot ask for fewer training hours than the one below',
  );
  bad(isNum(l.annualHours) && l.annualHours >= 0, 'annual hours must be ≥ 0');
  bad(
    isNum(l.ethicsStudyHoursPerSemester) && l.ethicsStudyHoursPerSemester >= 0,
    'ethics study hours must be ≥ 0',
  );
  bad(
    isCount(l.trainingCycle?.schoolYears, 1) && isNum(l.trainingCycle.hours) && l.trainingCycle.hours >= 0,
    'the training cycle needs whole school years ≥ 1 and hours ≥ 0',
  );
  const split = LEVELS.map((level) => l.creditSplit?.[level]);
  bad(
    split.every((x) => isNum(x) && x >= 0),
    'credit split shares must be ≥ 0',
  );
  bad(
    Math.abs(split.reduce<number>((a, b) => a + (b ?? 0), 0) - 100) < 1e-9,
    'the credit split must sum to 100 (seed 000 §六(二))',
  );
  bad(
    isNum(l.creditsPerHour) && l.creditsPerHour > 0 && l.creditsPerHour <= 10,
    'credits per hour must be > 0 and ≤ 10',
  );
  bad(isCount(l.ethics?.banYears, 0), 'the ethics ban must be whole years ≥ 0');
  bad(isCount(l.ethics?.consecutiveFailsForRemoval, 1), 'consecutive fails for removal must be ≥ 1');
  bad(isCount(l.mentorship?.minSchoolYears, 1), 'a mentorship lasts at least one whole school year');
  bad(isCount(l.mentorship?.mentorLoadLimit, 1), 'the mentor load limit must be a whole number ≥ 1');
  return problems;
}
