import {
  addYears,
  dateOf,
  isSchoolYear,
  schoolYearBounds,
  schoolYearOf,
  semesterOf,
  shiftSchoolYear,
} from './school-year.js';

// The school year the ladder counts in (seed 003 §二(四) "≥50 hours each school year"; seed 002 (一)2 "a
// semester"): 1 September to 31 August, Beijing time (UTC+8).
describe('schoolYearOf / semesterOf', () => {
  it.each([
    ['2026-09-01T00:00:00+08:00', '2026-2027', '2026-2027/1'],
    ['2026-08-31T23:59:59+08:00', '2025-2026', '2025-2026/2'],
    // 16:00 UTC on 31 August is already 1 September in Beijing.
    ['2026-08-31T16:00:00.000Z', '2026-2027', '2026-2027/1'],
    ['2026-08-31T15:59:59.999Z', '2025-2026', '2025-2026/2'],
    ['2027-01-31T12:00:00+08:00', '2026-2027', '2026-2027/1'],
    ['2027-02-01T00:00:00+08:00', '2026-2027', '2026-2027/2'],
    ['2026-12-31T20:00:00.000Z', '2026-2027', '2026-2027/1'],
  ])('%s is in school year %s, semester %s', (at, year, semester) => {
    expect(schoolYearOf(at)).toBe(year);
    expect(semesterOf(new Date(at))).toBe(semester);
  });

  it('bounds a school year by 1 September 00:00 Beijing time', () => {
    expect(schoolYearBounds('2026-2027')).toEqual({
      startsAt: '2026-08-31T16:00:00.000Z',
      endsAt: '2027-08-31T16:00:00.000Z',
    });
  });

  it('recognises only consecutive-year keys', () => {
    expect(isSchoolYear('2026-2027')).toBe(true);
    expect(isSchoolYear('2026-2028')).toBe(false);
    expect(isSchoolYear('2026/2027')).toBe(false);
    expect(isSchoolYear(2026)).toBe(false);
  });

  it('shifts school years, adds calendar years and reads Beijing dates', () => {
    expect(shiftSchoolYear('2026-2027', -1)).toBe('2025-2026');
    expect(shiftSchoolYear('2026-2027', 4)).toBe('2030-2031');
    expect(addYears('2026-09-01T08:00:00.000Z', 2)).toBe('2028-09-01T08:00:00.000Z');
    expect(dateOf('2026-08-31T16:30:00.000Z')).toBe('2026-09-01');
  });
});
