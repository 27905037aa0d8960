/**
 * Durable timers of DOMAIN.md "Deadlines and reminders", as data. A timer is one BullMQ job;
 * its id is derived from what it is for, so scheduling the same timer twice is one job. The slice built
 * so far covers the review step: reminders before the review is due, the due timer itself, and the
 * escalation to an admin when the review is still missing some time after (the chair is told when the
 * review is marked overdue).
 */
export const TIMER_KINDS = [
  'review-reminder',
  'review-due',
  'review-escalation',
  'step',
  'shortfall',
] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];
export type ReviewTimerKind = Exclude<TimerKind, 'step' | 'shortfall'>;

/** What a review timer carries in its job: enough to fire it without reading anything else. */
export interface ReviewTimer {
  kind: ReviewTimerKind;
  applicationId: string;
  reviewerId: string;
  /** The revision the reviewer was assigned to review: a timer of an older revision does nothing. */
  revision: number;
  /** The step's due date (ISO). */
  dueAt: string;
  /** When the timer fires (ISO). */
  fireAt: string;
  /** `before-P3D` (reminder), `due` (due timer), `after-P2D` (escalation). */
  at: string;
  /** Org unit the system's commands act in (the assignment's). */
  orgUnit: string;
  /** The chair who assigned the reviewer (the first step of the escalation ladder). */
  chairId: string | null;
  /** Correlation id of the request that assigned the reviewer, carried into every firing. */
  correlationId: string;
}

const DAY = 86_400_000;

/** DOMAIN.md "Deadlines and reminders": default 3 days and 1 day before a due date. */
export const DEFAULT_REMINDER_DAYS_BEFORE: readonly number[] = [3, 1];
/**
 * Escalation ladder reviewer → chair → admin: the chair hears at the due date (the review is marked
 * overdue), an admin this many days later when it is still missing. DOMAIN.md gives no number; two days
 * is this product's default until the policy carries one.
 */
export const DEFAULT_ADMIN_ESCALATION_DAYS_AFTER = 2;

export interface DeadlineOffsets {
  reminderDaysBefore: readonly number[];
  adminEscalationDaysAfter: number;
}

/**
 * The offsets in force: a policy version may carry `reminderDaysBefore` and `adminEscalationDaysAfter`
 * (optional, so the Policy type and its published versions stay as they are); otherwise the defaults.
 */
export function deadlineOffsets(policy: unknown): DeadlineOffsets {
  const p = (policy ?? {}) as { reminderDaysBefore?: unknown; adminEscalationDaysAfter?: unknown };
  const days = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  const reminders =
    Array.isArray(p.reminderDaysBefore) && p.reminderDaysBefore.every(days)
      ? (p.reminderDaysBefore as number[])
      : DEFAULT_REMINDER_DAYS_BEFORE;
  return {
    reminderDaysBefore: [...new Set(reminders)].sort((a, b) => b - a),
    adminEscalationDaysAfter: days(p.adminEscalationDaysAfter)
      ? (p.adminEscalationDaysAfter as number)
      : DEFAULT_ADMIN_ESCALATION_DAYS_AFTER,
  };
}

/** `3` → `P3D`, `0.5` → `PT12H`: an ISO 8601 duration, readable in a job id. */
function duration(days: number): string {
  if (Number.isInteger(days)) return `P${days}D`;
  return `PT${Math.round(days * 24 * 3600)}S`;
}

/**
 * The job id: `<timer kind>|<stream>|<step>|<due or offset>`. BullMQ refuses `:` in custom ids, so the
 * parts are joined with `|` and the due date is written without colons.
 */
export function timerJobId(
  t:
    | Pick<ReviewTimer, 'kind' | 'applicationId' | 'reviewerId' | 'revision' | 'at' | 'dueAt'>
    | Pick<StepTimer, 'kind' | 'step' | 'phase' | 'streamId' | 'occurrence' | 'at' | 'dueAt'>
    | Pick<ShortfallTimer, 'kind' | 'step' | 'occurrence'>,
): string {
  // One per obligation and period: `shortfall-annual_hours|2025-2026`, `shortfall-ethics_study|2025-2026/2`.
  if (t.kind === 'shortfall') return `shortfall-${t.step}|${t.occurrence}`;
  if (t.kind === 'step') {
    const when = t.at === 'due' ? `due-${t.dueAt.replace(/[:-]/g, '')}` : t.at;
    return [`${t.step}-${t.phase}`, t.streamId, `${t.step}.${t.occurrence}`, when].join('|');
  }
  const step = `review.${t.reviewerId}.r${t.revision}`;
  const when = t.at === 'due' ? `due-${t.dueAt.replace(/[:-]/g, '')}` : t.at;
  return [t.kind, `application-${t.applicationId}`, step, when].join('|');
}

export interface ReviewAssignmentFacts {
  applicationId: string;
  reviewerIds: readonly string[];
  revision: number;
  dueAt: string;
  orgUnit: string;
  chairId: string | null;
  correlationId: string;
}

/**
 * Every timer one review assignment needs: per reviewer, a reminder for each offset before the due date,
 * the due timer, and the escalation after it. With `now`, reminders whose time has passed are left out
 * (a reminder after the fact helps nobody); the due timer and the escalation are kept even when late,
 * because their commands do nothing once the step is done. Without `now` (cancelling) all are listed.
 */
export function planReviewTimers(
  a: ReviewAssignmentFacts,
  offsets: DeadlineOffsets,
  now?: Date,
): ReviewTimer[] {
  const due = Date.parse(a.dueAt);
  const timers: ReviewTimer[] = [];
  for (const reviewerId of a.reviewerIds) {
    const base = {
      applicationId: a.applicationId,
      reviewerId,
      revision: a.revision,
      dueAt: a.dueAt,
      orgUnit: a.orgUnit,
      chairId: a.chairId,
      correlationId: a.correlationId,
    };
    for (const d of offsets.reminderDaysBefore) {
      const fireAt = due - d * DAY;
      if (now && fireAt <= now.getTime()) continue;
      timers.push({
        ...base,
        kind: 'review-reminder',
        at: `before-${duration(d)}`,
        fireAt: new Date(fireAt).toISOString(),
      });
    }
    timers.push({ ...base, kind: 'review-due', at: 'due', fireAt: a.dueAt });
    timers.push({
      ...base,
      kind: 'review-escalation',
      at: `after-${duration(offsets.adminEscalationDaysAfter)}`,
      fireAt: new Date(due + offsets.adminEscalationDaysAfter * DAY).toISOString(),
    });
  }
  return timers;
}

/**
 * The other human steps of DOMAIN.md "Deadlines and reminders", beside the review: the applicant's
 * revision, the call window, the biennial performance evaluation, the mentorship year, the annual
 * summary (seed 004 §三: by the end of February) and the end of an ethics ban.
 */
export const STEPS = [
  'revision',
  'call_close',
  'evaluation',
  'mentorship_year',
  'annual_summary',
  'ethics_ban_end',
] as const;
export type Step = (typeof STEPS)[number];
export type StepPhase = 'reminder' | 'due' | 'escalation';

/**
 * A timer of one occurrence of a step. It names the stream the step lives on and which occurrence
 * (`r2`: the second revision; `e1`: the first evaluation cycle; `2026`: a year's summary), not the
 * people: who is reminded is read from the stream when it fires, so a timer never carries stale
 * recipients or personal data.
 */
export interface StepTimer {
  kind: 'step';
  step: Step;
  phase: StepPhase;
  streamId: string;
  occurrence: string;
  dueAt: string;
  fireAt: string;
  /** `before-P3D`, `due`, `after-P2D`, as for reviews. */
  at: string;
  orgUnit: string;
  correlationId: string;
}

/**
 * DOMAIN.md "Hours and credits": the obligations a teacher is reminded of when they fall short, near the
 * end of the period they are counted in — annual hours per school year (seed 003 §二(四)), ethics study
 * per semester (seed 002 (一)2).
 */
export const OBLIGATIONS = ['annual_hours', 'ethics_study'] as const;
export type Obligation = (typeof OBLIGATIONS)[number];

/**
 * The shortfall reminder of one obligation and period, for every teacher at once: when it fires, each
 * teacher then still under the policy's number is told (keyed per teacher and period, so told once). It
 * carries no people; the period is its occurrence. Field names follow the step timers' (`step`,
 * `occurrence`, `at`) so the queue console shows it as it shows them.
 */
export interface ShortfallTimer {
  kind: 'shortfall';
  step: Obligation;
  /** The school year (`2025-2026`) or semester (`2025-2026/2`). */
  occurrence: string;
  /** When the period ends (ISO): a firing after it reminds nobody. */
  dueAt: string;
  /** 09:00 Beijing time on the first day of the period's last month (ISO). */
  fireAt: string;
  at: 'last-month';
  correlationId: string;
}

export type Timer = ReviewTimer | StepTimer | ShortfallTimer;

/** One occurrence of a step, as the events of its stream tell it. */
export interface StepOccurrence {
  step: Step;
  streamId: string;
  occurrence: string;
  dueAt: string;
  orgUnit: string;
  correlationId: string;
  /** When the event that opened the step was recorded: reminders due before it were never scheduled. */
  openedAt: string;
  /** Still waiting for someone to act (or, for a ban, still to be announced). */
  open: boolean;
}

/** Which phases a step has. A ban's end is a date to announce, not a task: no reminder, no escalation. */
export function phasesOf(step: Step): { reminders: boolean; escalation: boolean } {
  if (step === 'ethics_ban_end') return { reminders: false, escalation: false };
  // A call closes by itself at its end (the close is the due effect); nobody is late.
  if (step === 'call_close') return { reminders: true, escalation: false };
  return { reminders: true, escalation: true };
}

/**
 * Every timer of one step occurrence: reminders before the due date (those already past left out when
 * `now` is given, as for reviews), the due timer, and the escalation after it.
 */
export function planStepTimers(o: StepOccurrence, offsets: DeadlineOffsets, now?: Date): StepTimer[] {
  const due = Date.parse(o.dueAt);
  const base = {
    kind: 'step' as const,
    step: o.step,
    streamId: o.streamId,
    occurrence: o.occurrence,
    dueAt: o.dueAt,
    orgUnit: o.orgUnit,
    correlationId: o.correlationId,
  };
  const phases = phasesOf(o.step);
  const timers: StepTimer[] = [];
  if (phases.reminders)
    for (const d of offsets.reminderDaysBefore) {
      const fireAt = due - d * DAY;
      if (now && fireAt <= now.getTime()) continue;
      timers.push({
        ...base,
        phase: 'reminder',
        at: `before-${duration(d)}`,
        fireAt: new Date(fireAt).toISOString(),
      });
    }
  timers.push({ ...base, phase: 'due', at: 'due', fireAt: o.dueAt });
  if (phases.escalation)
    timers.push({
      ...base,
      phase: 'escalation',
      at: `after-${duration(offsets.adminEscalationDaysAfter)}`,
      fireAt: new Date(due + offsets.adminEscalationDaysAfter * DAY).toISOString(),
    });
  return timers;
}
