import { eventIdFor } from '#libs/event-store';
import type { Obligation, ShortfallTimer } from '../timer.model.js';
import {
  annualHours,
  schoolYearBounds,
  schoolYearOf,
  semesterHours,
  semesterOf,
  shiftSchoolYear,
  startYearOf,
  type TeacherState,
} from '#libs/ladder';
import type { Policy } from '#libs/policy';

/**
 * Shortfall reminders (DOMAIN.md "Hours and credits": the annual shortfall is visible before the year
 * ends, with reminders). Two obligations, each counted in its own period, in Beijing time like the
 * ladder (libs/ladder school-year.ts):
 * - annual hours per school year, September to August (seed 003 §二(四): ≥ 50 hours a year);
 * - ethics study per semester, September to January and February to August (seed 002 (一)2: ≥ 10 hours a
 *   semester).
 * In the last month of each period — August for a school year and the second semester, January for the
 * first — every teacher still under the policy's number is reminded once, with their numbers. One timer
 * per obligation and period serves every teacher; which teachers fall short is decided when it fires.
 */

const CST_OFFSET = 8 * 3_600_000;
/**
 * The reminder goes out at the start of the office's working day on the first day of the last month
 * (09:00 Beijing time) rather than at midnight: an email at 00:00 on 1 August helps nobody more.
 */
const REMIND_AT_HOUR_CST = 9;

/** A Beijing-time calendar instant as an ISO string. */
const cstInstant = (year: number, month: number, day = 1, hour = 0) =>
  new Date(Date.UTC(year, month, day, hour) - CST_OFFSET).toISOString();

/** The period an obligation is counted in at `at`: the school year `2025-2026` or the semester `2025-2026/2`. */
export function periodOf(obligation: Obligation, at: Date): string {
  return obligation === 'annual_hours' ? schoolYearOf(at) : semesterOf(at);
}

/** The period after `period`. */
export function nextPeriod(obligation: Obligation, period: string): string {
  if (obligation === 'annual_hours') return shiftSchoolYear(period, 1);
  const [year, semester] = period.split('/') as [string, string];
  return semester === '1' ? `${year}/2` : `${shiftSchoolYear(year, 1)}/1`;
}

/** When a period starts and ends (the instant the next one starts), Beijing time. */
export function periodBounds(obligation: Obligation, period: string): { startsAt: string; endsAt: string } {
  if (obligation === 'annual_hours') return schoolYearBounds(period);
  const [year, semester] = period.split('/') as [string, string];
  const start = startYearOf(year);
  // Semester 1: 1 September – 31 January; semester 2: 1 February – 31 August (libs/ladder school-year.ts).
  return semester === '1'
    ? { startsAt: cstInstant(start, 8), endsAt: cstInstant(start + 1, 1) }
    : { startsAt: cstInstant(start + 1, 1), endsAt: cstInstant(start + 1, 8) };
}

/** The reminder timer of one obligation and period: 09:00 Beijing time on the first day of its last month. */
export function shortfallTimer(obligation: Obligation, period: string): ShortfallTimer {
  const { endsAt } = periodBounds(obligation, period);
  // Every period ends at 00:00 on the first of a month, Beijing time: its last month starts a month before.
  const end = new Date(Date.parse(endsAt) + CST_OFFSET);
  const lastMonth = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1));
  return {
    kind: 'shortfall',
    step: obligation,
    occurrence: period,
    dueAt: endsAt,
    fireAt: cstInstant(lastMonth.getUTCFullYear(), lastMonth.getUTCMonth(), 1, REMIND_AT_HOUR_CST),
    at: 'last-month',
    // No request causes it: the calendar does. One correlation id per obligation and period.
    correlationId: eventIdFor(`shortfall|${obligation}|${period}`, 0),
  };
}

/**
 * The shortfall timers that should be pending at `now`: for each obligation, the period `now` is in and
 * the one after it (scheduled ahead, so a firing never has to be the one that schedules the next for
 * there to be one). A period that has ended is not reminded of any more.
 */
export function wantedShortfallTimers(now: Date): ShortfallTimer[] {
  const out: ShortfallTimer[] = [];
  for (const obligation of ['annual_hours', 'ethics_study'] as const) {
    const current = periodOf(obligation, now);
    for (const period of [current, nextPeriod(obligation, current)]) {
      const t = shortfallTimer(obligation, period);
      if (Date.parse(t.dueAt) > now.getTime()) out.push(t);
    }
  }
  return out;
}

export interface Shortfall {
  period: string;
  completed: number;
  required: number;
  missing: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * A teacher's shortfall on one obligation in one period, or null when they meet it. Counted as the
 * progression page counts it (libs/ladder eligibility.ts: hours net of reversals, ethics study by kind),
 * against the policy in force (`ladder.annualHours`, `ladder.ethicsStudyHoursPerSemester`).
 */
export function shortfallOf(
  s: TeacherState,
  obligation: Obligation,
  period: string,
  policy: Policy,
): Shortfall | null {
  const required =
    obligation === 'annual_hours' ? policy.ladder.annualHours : policy.ladder.ethicsStudyHoursPerSemester;
  const completed =
    obligation === 'annual_hours' ? annualHours(s, period) : semesterHours(s, period, 'ethics_study');
  if (!(required > 0) || completed >= required) return null;
  return { period, completed: round2(completed), required, missing: round2(required - completed) };
}
