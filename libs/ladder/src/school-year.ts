/**
 * The school year (学年) the ladder counts in: 1 September to 31 August, in China Standard Time (UTC+8,
 * no daylight saving), so a grant at 00:30 on 1 September Beijing time already counts for the new year.
 * Semester 1 is September–January, semester 2 February–August (seed 002 (一)2 counts ethics study per
 * semester). Keys: school year `2026-2027`, semester `2026-2027/1`.
 */
const CST_OFFSET = 8 * 3_600_000;
const SCHOOL_YEAR = /^(\d{4})-(\d{4})$/;

const cst = (at: Date | string) => new Date(new Date(at).getTime() + CST_OFFSET);

export function schoolYearOf(at: Date | string): string {
  const d = cst(at);
  const start = d.getUTCMonth() >= 8 ? d.getUTCFullYear() : d.getUTCFullYear() - 1;
  return `${start}-${start + 1}`;
}

export function semesterOf(at: Date | string): string {
  const month = cst(at).getUTCMonth();
  return `${schoolYearOf(at)}/${month >= 8 || month === 0 ? 1 : 2}`;
}

export function isSchoolYear(s: unknown): s is string {
  const m = typeof s === 'string' ? SCHOOL_YEAR.exec(s) : null;
  return m !== null && Number(m[2]) === Number(m[1]) + 1;
}

/** The first year of `2026-2027` (2026), for ordering and arithmetic. */
export const startYearOf = (schoolYear: string) => Number(schoolYear.slice(0, 4));

/** The school year `n` years after (or before, when negative) the given one. */
export function shiftSchoolYear(schoolYear: string, n: number): string {
  const start = startYearOf(schoolYear) + n;
  return `${start}-${start + 1}`;
}

/** The instant a school year starts (1 September 00:00 Beijing time) and the instant the next one does. */
export function schoolYearBounds(schoolYear: string): { startsAt: string; endsAt: string } {
  const at = (year: number) => new Date(Date.UTC(year, 8, 1) - CST_OFFSET).toISOString();
  return { startsAt: at(startYearOf(schoolYear)), endsAt: at(startYearOf(schoolYear) + 1) };
}

/** `at` plus whole calendar years (UTC): ban ends and mentorship anniversaries. */
export function addYears(at: Date | string, years: number): string {
  const d = new Date(at);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString();
}

/** The calendar date (YYYY-MM-DD) of an instant in Beijing time: meeting dates are local dates. */
export const dateOf = (at: Date | string) => cst(at).toISOString().slice(0, 10);
