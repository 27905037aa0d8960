import { refuse } from '#libs/event-store';
import { LEVELS, TIERS, type Level, type Policy, type Tier } from '#libs/policy';
import { schoolYearOf, semesterOf, shiftSchoolYear, startYearOf } from '../school-year.js';
import type { HourKind, RetrainingItem, TeacherState } from '../teacher/teacher.state.js';

/**
 * "What do I still need for the next tier?" (DOMAIN.md "The progression ladder"): every requirement with
 * the number required, the teacher's current number and whether it is met, computed from the teacher's
 * events under one policy version, which every answer names.
 */
export interface Requirement {
  key: string;
  label: string;
  required: number | string;
  current: number | string;
  met: boolean;
  /**
   * `record`: decided by the teacher's record, and unmet ones refuse an application.
   * `committee`: decided when a review committee approves the `tier_promotion` application (遴选), so it is
   * never counted as unmet for applying.
   */
  decidedBy: 'record' | 'committee';
  /** The DOMAIN.md rule and seed it comes from. */
  source: string;
  /** When an ethics ban in force ends. */
  until?: string;
}

export interface Eligibility {
  policyVersion: string;
  asOf: string;
  currentTier: Tier | null;
  /** Null at the top of the ladder. */
  nextTier: Tier | null;
  requirements: Requirement[];
  /** Every record requirement of the next tier is met: the teacher may apply (or, for 青年教师, is promoted). */
  eligible: boolean;
  /** Standing duties shown beside the ladder; they do not gate a promotion (DOMAIN.md "Hours and credits"). */
  obligations: Requirement[];
  /** Hours net of reversals: all of them, and those of the school year `now` is in. */
  hours: { total: number; schoolYear: string; thisSchoolYear: number };
  /**
   * seed 002 (一)3 一票否决: until when promotion applications are refused and why — the failed school
   * year the ban runs from (two years from that year's end, DOMAIN.md "Ethics assessment").
   */
  ethics: {
    banEndsAt: string | null;
    banInForce: boolean;
    flaggedForRemoval: boolean;
    banSchoolYear: string | null;
    reason: string | null;
  };
  /**
   * seed 003 §六4 检测不合格者重新培训: completions assessed below the qualified score, which granted no
   * hours; the teacher retrains until a later qualified completion of the same kind clears them.
   */
  retraining: { required: boolean; pending: RetrainingItem[] };
}

const live = (s: TeacherState) => s.ledger.filter((x) => !x.reversed);
const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100;

/** All hours granted, net of reversals. */
export const totalHours = (s: TeacherState) => sum(live(s).map((x) => x.hours));

/** seed 003 §二(四): hours of one school year (of the completions), net of reversals. */
export const annualHours = (s: TeacherState, schoolYear: string) =>
  sum(
    live(s)
      .filter((x) => x.schoolYear === schoolYear)
      .map((x) => x.hours),
  );

/** Hours of one semester (`2026-2027/1`), optionally of one kind (seed 002 (一)2 counts ethics study). */
export const semesterHours = (s: TeacherState, semester: string, kind?: HourKind) =>
  sum(
    live(s)
      .filter((x) => x.semester === semester && (kind === undefined || x.kind === kind))
      .map((x) => x.hours),
  );

/** seed 002 (六)1 五年一周期: hours over the cycle's school years ending with the one `now` is in. */
export function cycleHours(s: TeacherState, policy: Policy, now: Date): number {
  const last = startYearOf(schoolYearOf(now));
  const first = last - policy.ladder.trainingCycle.schoolYears + 1;
  return sum(
    live(s)
      .filter((x) => startYearOf(x.schoolYear) >= first && startYearOf(x.schoolYear) <= last)
      .map((x) => x.hours),
  );
}

export interface CreditSplit {
  policyVersion: string;
  totalCredits: number;
  levels: { level: Level; credits: number; share: number; target: number; gap: number }[];
}

/**
 * seed 000 §六(二): the teacher's credits by level against the target split (percent). `share` and
 * `target` are percentages; `gap` is target − share (positive: below target). No credits: every share is 0.
 */
export function creditSplit(s: TeacherState, policy: Policy): CreditSplit {
  const total = sum(live(s).map((x) => x.credits));
  return {
    policyVersion: policy.version,
    totalCredits: total,
    levels: LEVELS.map((level) => {
      const credits = sum(
        live(s)
          .filter((x) => x.level === level)
          .map((x) => x.credits),
      );
      const share = total === 0 ? 0 : Math.round((credits / total) * 1000) / 10;
      const target = policy.ladder.creditSplit[level];
      return { level, credits, share, target, gap: Math.round((target - share) * 10) / 10 };
    }),
  };
}

const banInForce = (s: TeacherState, now: Date) =>
  s.banEndsAt !== null && Date.parse(s.banEndsAt) > now.getTime();

/** What entering `tier` takes, against the teacher's record (DOMAIN.md ladder table). */
export function requirementsFor(s: TeacherState, tier: Tier, policy: Policy, now: Date): Requirement[] {
  const rule = policy.ladder.tiers[tier];
  const out: Requirement[] = [];
  if (rule.trainingHours > 0) {
    const current = totalHours(s);
    out.push({
      key: 'training_hours',
      label: 'training hours (学时), net of reversals',
      required: rule.trainingHours,
      current,
      met: current >= rule.trainingHours,
      decidedBy: 'record',
      source:
        tier === 'new' || tier === 'young'
          ? 'seed 003 §四(一)2(3) 先培训，后上岗'
          : 'seed 003 §四(一)2(1); DOMAIN.md "The progression ladder"',
    });
  }
  if (rule.mentorshipSignOff) {
    const required = policy.ladder.mentorship.minSchoolYears;
    const current = s.mentorships.reduce((a, m) => a + m.schoolYears, 0);
    out.push({
      key: 'mentorship',
      label: 'school years with a mentor, signed off (导师制度)',
      required,
      current,
      met: current >= required,
      decidedBy: 'record',
      source: 'seed 002 (三)4',
    });
  }
  // seed 002 (一)3 一票否决: no promotion while an ethics ban is in force.
  const banned = banInForce(s, now);
  out.push({
    key: 'ethics_ban',
    label: 'no ethics ban in force (师德一票否决)',
    required: 'none',
    current: banned ? `banned until ${s.banEndsAt}` : 'none',
    met: !banned,
    decidedBy: 'record',
    source: 'seed 002 (一)3',
    ...(banned ? { until: s.banEndsAt! } : {}),
  });
  if (rule.committeeSelection) {
    out.push({
      key: 'committee_selection',
      label: 'selected by a review committee (遴选) on a tier_promotion application',
      required: 'committee approval',
      current: 'decided on the application',
      met: false,
      decidedBy: 'committee',
      source: tier === 'backbone' ? 'seed 000 §五(四)' : 'seed 000 §五(三)',
    });
  }
  return out;
}

/** The tier after `tier` (the first tier for a teacher not yet on the ladder); null at the top. */
export const nextTierOf = (tier: Tier | null): Tier | null =>
  tier === null ? TIERS[0] : (TIERS[TIERS.indexOf(tier) + 1] ?? null);

export function eligibilityFor(s: TeacherState, policy: Policy, now: Date): Eligibility {
  const nextTier = nextTierOf(s.tier);
  const requirements = nextTier ? requirementsFor(s, nextTier, policy, now) : [];
  const schoolYear = schoolYearOf(now);
  const semester = semesterOf(now);
  const l = policy.ladder;
  const obligation = (key: string, label: string, required: number, current: number, source: string) => ({
    key,
    label,
    required,
    current,
    met: current >= required,
    decidedBy: 'record' as const,
    source,
  });
  const firstCycleYear = shiftSchoolYear(schoolYear, 1 - l.trainingCycle.schoolYears);
  return {
    policyVersion: policy.version,
    asOf: now.toISOString(),
    currentTier: s.tier,
    nextTier,
    requirements,
    eligible: nextTier !== null && requirements.every((r) => r.decidedBy === 'committee' || r.met),
    obligations: [
      obligation(
        'annual_hours',
        `hours in school year ${schoolYear}`,
        l.annualHours,
        annualHours(s, schoolYear),
        'seed 003 §二(四)',
      ),
      obligation(
        'ethics_study',
        `ethics study hours in semester ${semester}`,
        l.ethicsStudyHoursPerSemester,
        semesterHours(s, semester, 'ethics_study'),
        'seed 002 (一)2',
      ),
      obligation(
        'training_cycle',
        `hours in the training cycle ${firstCycleYear} to ${schoolYear} (五年一周期)`,
        l.trainingCycle.hours,
        cycleHours(s, policy, now),
        'seed 002 (六)1',
      ),
    ],
    hours: { total: totalHours(s), schoolYear, thisSchoolYear: annualHours(s, schoolYear) },
    ethics: {
      banEndsAt: s.banEndsAt,
      banInForce: banInForce(s, now),
      flaggedForRemoval: s.flaggedForRemoval,
      banSchoolYear: s.banSchoolYear ?? null,
      reason:
        s.banEndsAt && s.banSchoolYear
          ? `ethics assessment failed for school year ${s.banSchoolYear}: no promotion for two years from its end, until ${s.banEndsAt} (师德一票否决, seed 002 (一)3)`
          : null,
    },
    retraining: { required: (s.retraining ?? []).length > 0, pending: s.retraining ?? [] },
  };
}

const describe = (r: Requirement) =>
  r.until ? `${r.label}: banned until ${r.until}` : `${r.label}: ${r.current} of ${r.required}`;

/**
 * Every unmet record requirement of a promotion to `targetTier`, a target that is not exactly the next
 * tier first (seed 000 §五(二): one tier at a time), an ethics ban in force with its end. Committee
 * selection is not counted: the committee decides it on the application itself.
 */
export function promotionShortfall(
  s: TeacherState,
  targetTier: Tier,
  policy: Policy,
  now: Date,
): { eligibility: Eligibility; unmet: Requirement[] } {
  const e = eligibilityFor(s, policy, now);
  const known = TIERS.includes(targetTier);
  const unmet = (known ? requirementsFor(s, targetTier, policy, now) : []).filter(
    (r) => r.decidedBy === 'record' && !r.met,
  );
  if (targetTier !== e.nextTier) {
    // DOMAIN.md ladder: promotions climb one tier at a time.
    unmet.unshift({
      key: 'target_tier',
      label: 'a promotion is to the next tier',
      required: e.nextTier ?? 'none: the top tier',
      current: targetTier,
      met: false,
      decidedBy: 'record',
      source: 'seed 000 §五(二)',
    });
  }
  return { eligibility: e, unmet };
}

const promotionRefusal = (s: TeacherState, targetTier: Tier, policy: Policy, unmet: Requirement[]) => ({
  code: 'promotion_ineligible' as const,
  message: `not eligible for ${targetTier}: ${unmet.map(describe).join('; ')}`,
  details: {
    policyVersion: policy.version,
    currentTier: s.tier,
    targetTier,
    nextTier: nextTierOf(s.tier),
    unmet,
  },
});

/**
 * For the teacher decider (an award): refuses with every unmet record requirement of `targetTier`
 * (promotionShortfall).
 */
export function assertMayApplyForPromotion(
  s: TeacherState,
  targetTier: Tier,
  policy: Policy,
  now: Date,
): Eligibility {
  const { eligibility, unmet } = promotionShortfall(s, targetTier, policy, now);
  if (unmet.length > 0) {
    const r = promotionRefusal(s, targetTier, policy, unmet);
    throw refuse(r.code, r.message, r.details);
  }
  return eligibility;
}

/**
 * The ladder's answer to "may this person file this application?", handed to the approval pipeline as a
 * fact (ARCHITECTURE.md "Between contexts": the ladder's eligibility as a fact handed to approval) so its
 * decider refuses an application that could never be granted — at submission and again at the decision
 * (DOMAIN.md "Ethics assessment", last rule). A refusal carries its code, message and numbers.
 */
/** The refusals an application's eligibility can carry to the decider (checked at submission and decision). */
export const ELIGIBILITY_REFUSALS = ['promotion_ineligible', 'leader_not_master'] as const;
export type EligibilityRefusal = (typeof ELIGIBILITY_REFUSALS)[number];

export type ApplicationEligibility =
  | { eligible: true; policyVersion: string }
  | {
      eligible: false;
      policyVersion: string;
      code: EligibilityRefusal;
      message: string;
      details: Record<string, unknown>;
    };

/** What the ladder checks about an application: its kind and, for a promotion, the tier asked for. */
export interface ApplicationOnTheLadder {
  kind: string;
  targetTier?: Tier | null;
}

export function applicationEligibility(
  s: TeacherState | null,
  application: ApplicationOnTheLadder,
  policy: Policy,
  now: Date,
): ApplicationEligibility {
  const ok = { eligible: true as const, policyVersion: policy.version };
  const refused = (r: { code: EligibilityRefusal; message: string; details: Record<string, unknown> }) => ({
    eligible: false as const,
    policyVersion: policy.version,
    ...r,
  });
  if (application.kind === 'tier_promotion') {
    const targetTier = application.targetTier as Tier;
    if (!s || !s.exists) {
      const unmet: Requirement[] = [
        {
          key: 'ladder_record',
          label: 'a record on the ladder (教师专业发展档案)',
          required: 'a record',
          current: 'none',
          met: false,
          decidedBy: 'record',
          source: 'DOMAIN.md "The progression ladder"',
        },
      ];
      return refused({
        code: 'promotion_ineligible',
        message: `not eligible for ${targetTier}: ${unmet.map(describe).join('; ')}`,
        details: { policyVersion: policy.version, currentTier: null, targetTier, nextTier: null, unmet },
      });
    }
    const { unmet } = promotionShortfall(s, targetTier, policy, now);
    return unmet.length === 0 ? ok : refused(promotionRefusal(s, targetTier, policy, unmet));
  }
  if (application.kind === 'studio') {
    // seed 000 §五(三) 名优教师工作室: a studio is led by a master teacher (挂牌认定).
    const currentTier = s?.exists ? s.tier : null;
    if (currentTier === 'master') return ok;
    return refused({
      code: 'leader_not_master',
      message: `a studio is led by a master teacher (名优教师); the applicant is ${currentTier ?? 'not on the ladder'}`,
      details: { requiredTier: 'master', currentTier },
    });
  }
  return ok; // training projects and school plans ask nothing of the applicant's record
}
