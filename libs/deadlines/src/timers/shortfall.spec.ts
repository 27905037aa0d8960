import { timerJobId } from '../timer.model.js';
import { teacherDecider, type TeacherEvent, type TeacherState } from '#libs/ladder';
import { DEFAULT_POLICY } from '#libs/policy';
import {
  nextPeriod,
  periodBounds,
  periodOf,
  shortfallOf,
  shortfallTimer,
  wantedShortfallTimers,
} from './shortfall.js';

// DOMAIN.md "Hours and credits": annual hours per school year (seed 003 §二(四)), ethics study per
// semester (seed 002 (一)2); reminders in the last month of each period, in Beijing time.
const beijing = (local: string) => new Date(`${local}+08:00`);

describe('shortfall periods and their reminder timers', () => {
  it('counts annual hours per school year (Sep–Aug) and ethics study per semester (Sep–Jan, Feb–Aug), Beijing time', () => {
    expect(periodOf('annual_hours', beijing('2026-08-31T23:59:59'))).toBe('2025-2026');
    expect(periodOf('annual_hours', beijing('2026-09-01T00:00:00'))).toBe('2026-2027');
    expect(periodOf('ethics_study', beijing('2027-01-31T23:59:00'))).toBe('2026-2027/1');
    expect(periodOf('ethics_study', beijing('2027-02-01T00:30:00'))).toBe('2026-2027/2');
    expect(nextPeriod('annual_hours', '2025-2026')).toBe('2026-2027');
    expect(nextPeriod('ethics_study', '2026-2027/1')).toBe('2026-2027/2');
    expect(nextPeriod('ethics_study', '2026-2027/2')).toBe('2027-2028/1');
    expect(periodBounds('ethics_study', '2026-2027/1')).toEqual({
      startsAt: beijing('2026-09-01T00:00:00').toISOString(),
      endsAt: beijing('2027-02-01T00:00:00').toISOString(),
    });
    expect(periodBounds('ethics_study', '2026-2027/2')).toEqual({
      startsAt: beijing('2027-02-01T00:00:00').toISOString(),
      endsAt: beijing('2027-09-01T00:00:00').toISOString(),
    });
  });

  it('reminds at 09:00 Beijing time on the first day of the period’s last month', () => {
    expect(shortfallTimer('annual_hours', '2025-2026')).toMatchObject({
      kind: 'shortfall',
      step: 'annual_hours',
      occurrence: '2025-2026',
      fireAt: beijing('2026-08-01T09:00:00').toISOString(),
      dueAt: beijing('2026-09-01T00:00:00').toISOString(),
    });
    expect(shortfallTimer('ethics_study', '2026-2027/1').fireAt).toBe(
      beijing('2027-01-01T09:00:00').toISOString(),
    );
    expect(shortfallTimer('ethics_study', '2026-2027/2').fireAt).toBe(
      beijing('2027-08-01T09:00:00').toISOString(),
    );
  });

  it('gives one timer id per obligation and period, whoever builds it', () => {
    const a = shortfallTimer('ethics_study', '2026-2027/1');
    expect(timerJobId(a)).toBe('shortfall-ethics_study|2026-2027/1');
    expect(timerJobId(shortfallTimer('ethics_study', '2026-2027/1'))).toBe(timerJobId(a));
    expect(shortfallTimer('ethics_study', '2026-2027/1').correlationId).toBe(a.correlationId);
    expect(timerJobId(a)).not.toContain(':');
  });

  it('keeps this and the next period of each obligation pending, and none that has ended', () => {
    const ids = (at: string) => wantedShortfallTimers(beijing(at)).map(timerJobId);
    expect(ids('2026-12-03T10:00:00')).toEqual([
      'shortfall-annual_hours|2026-2027',
      'shortfall-annual_hours|2027-2028',
      'shortfall-ethics_study|2026-2027/1',
      'shortfall-ethics_study|2026-2027/2',
    ]);
    // In the last month: the period's own timer is still wanted (it may not have fired yet).
    expect(ids('2027-08-15T10:00:00')).toContain('shortfall-annual_hours|2026-2027');
    expect(ids('2027-09-01T00:00:00')).not.toContain('shortfall-annual_hours|2026-2027');
  });
});

describe('a teacher’s shortfall', () => {
  const fold = (...events: TeacherEvent[]): TeacherState =>
    events.reduce((s, e) => teacherDecider.evolve(s, e), teacherDecider.initialState);
  const opened = {
    type: 'TeacherRecordOpened',
    data: { teacherId: 't-1', orgUnit: 'school-1', tier: 'young', openedAt: '2025-09-01T00:00:00.000Z' },
  } as TeacherEvent;
  const grant = (entryId: string, hours: number, kind: string, completedAt: string, schoolYear: string) =>
    ({
      type: 'HoursGranted',
      data: {
        entryId,
        hours,
        credits: hours,
        level: 'school',
        kind,
        completedAt,
        schoolYear,
        semester: `${schoolYear}/${Number(completedAt.slice(5, 7)) >= 9 || completedAt.slice(5, 7) === '01' ? 1 : 2}`,
        source: { type: 'activity', id: entryId, approvingRecord: 'r' },
      },
    }) as unknown as TeacherEvent;

  it('is the policy’s number less the hours of the period, net of reversals', () => {
    const s = fold(
      opened,
      grant('a', 20, 'training', '2025-10-10T02:00:00.000Z', '2025-2026'),
      grant('b', 12, 'ethics_study', '2026-03-10T02:00:00.000Z', '2025-2026'),
      grant('c', 30, 'training', '2024-10-10T02:00:00.000Z', '2024-2025'),
      grant('d', 10, 'training', '2025-11-10T02:00:00.000Z', '2025-2026'),
      { type: 'HoursGrantReversed', data: { entryId: 'd', reason: '录入错误' } } as unknown as TeacherEvent,
    );
    expect(shortfallOf(s, 'annual_hours', '2025-2026', DEFAULT_POLICY)).toEqual({
      period: '2025-2026',
      completed: 32,
      required: 50,
      missing: 18,
    });
    // 12 hours of ethics study in semester 2 meet the 10 required; semester 1 had none.
    expect(shortfallOf(s, 'ethics_study', '2025-2026/2', DEFAULT_POLICY)).toBeNull();
    expect(shortfallOf(s, 'ethics_study', '2025-2026/1', DEFAULT_POLICY)).toMatchObject({
      completed: 0,
      missing: 10,
    });
  });

  it('follows the policy in force, not a constant', () => {
    const s = fold(opened, grant('a', 50, 'training', '2025-10-10T02:00:00.000Z', '2025-2026'));
    expect(shortfallOf(s, 'annual_hours', '2025-2026', DEFAULT_POLICY)).toBeNull();
    const stricter = { ...DEFAULT_POLICY, ladder: { ...DEFAULT_POLICY.ladder, annualHours: 60 } };
    expect(shortfallOf(s, 'annual_hours', '2025-2026', stricter)).toMatchObject({
      required: 60,
      missing: 10,
    });
  });
});
