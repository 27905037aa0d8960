import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  propertyParams,
  reachCounts,
  runSequence,
  type AcceptedStep,
  type PropertyStep,
} from '#testing/event-store';
import {
  annualSummaryDecider as d,
  annualSummaryDueAt,
  DOCUMENTS_MAX,
  SUMMARY_MAX,
  type AnnualSummaryCommand,
  type AnnualSummaryEvent,
  type AnnualSummaryState,
} from './annual-summary.decider.js';

// Property specs of an office's annual summary (年度总结, seed 004 §三: sent up by the end of February):
// random submissions and overdue firings, valid and invalid, by admins, the deadline timer and others
// keep DOMAIN.md "Deadlines and reminders" and "People and roles": one summary per year and unit, filed
// by an admin, for a year that has begun, late exactly when it comes after the due date, and marked
// overdue once by the timer only while nothing was filed. Replaying what was produced rebuilds the state.
//
// "Schools do not file" is not the decider's to check: it is given no unit level. The API refuses a
// school (annual-summaries.controller.ts `office`, SUMMARY_LEVELS) and the timers schedule offices only.
type Step = PropertyStep<AnnualSummaryCommand>;
const START = Date.parse('2026-06-01T00:00:00.000Z');
const DAY = 86_400_000;

const admin = { actorId: 'admin-1', actorRole: 'admin' };
const system = { actorId: 'system', actorRole: 'system' };
const people = [
  admin,
  { actorId: 'admin-2', actorRole: 'admin' },
  system,
  { actorId: 'chair-1', actorRole: 'chair' },
  { actorId: 'teacher-1', actorRole: 'teacher' },
];
const summary = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('2026 年度国培项目实施总结', '  年度总结  ') },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', 'x'.repeat(SUMMARY_MAX + 1)) },
);
const documents = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.constantFrom('总结.pdf', '附件.xlsx'), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constant(Array.from({ length: DOCUMENTS_MAX + 1 }, (_, i) => `doc-${i}.pdf`)) },
);

/**
 * One stream: the handler derives `annualsummary-<year>-<orgUnit>` from the command, so every command
 * of a sequence names the same year and unit — some years not yet begun or not whole.
 */
const sequences: fc.Arbitrary<Step[]> = fc
  .record({
    year: fc.constantFrom(2025, 2026, 2026, 2027, 2028, 1999, 2026.5),
    orgUnit: fc.constantFrom('city-1', 'district-a'),
    steps: fc.array(
      fc.record({
        kind: fc.constantFrom('submit', 'submit', 'mark'),
        summary,
        documents,
        // The timer carries the due date it was set for, or a stale one.
        rightDue: fc.boolean(),
        actor: fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(admin, system) },
          { weight: 1, arbitrary: fc.constantFrom(...people) },
        ),
        days: fc.integer({ min: 0, max: 120 }),
      }),
      { minLength: 1, maxLength: 12 },
    ),
  })
  .map(({ year, orgUnit, steps }) => {
    let now = START;
    return steps.map((s): Step => {
      now += s.days * DAY;
      const meta = { ...s.actor, now: new Date(now) };
      if (s.kind === 'submit') {
        return {
          command: { type: 'SubmitAnnualSummary', orgUnit, year, summary: s.summary, documents: s.documents },
          meta,
        };
      }
      const dueAt = Number.isInteger(year) ? annualSummaryDueAt(year) : '2027-02-28T16:00:00.000Z';
      return {
        command: {
          type: 'MarkAnnualSummaryOverdue',
          orgUnit,
          year,
          dueAt: s.rightDue ? dueAt : '2026-02-28T16:00:00.000Z',
        },
        meta,
      };
    });
  });

function invariant({
  command,
  meta,
  before,
  after,
  events,
}: AcceptedStep<AnnualSummaryCommand, AnnualSummaryEvent, AnnualSummaryState>) {
  for (const e of events) {
    // The stream's year and unit are the command's.
    expect(e.data.orgUnit).toBe(command.orgUnit);
    expect(e.data.year).toBe(command.year);
    switch (e.type) {
      case 'AnnualSummarySubmitted':
        // Once, by an admin, for a whole year that has begun, with 1–20000 characters and ≤50 documents.
        expect(before.submittedAt).toBeNull();
        expect(meta.actorRole).toBe('admin');
        expect(e.data.submittedBy).toBe(meta.actorId);
        expect(Number.isInteger(e.data.year)).toBe(true);
        expect(e.data.year).toBeGreaterThanOrEqual(2000);
        expect(e.data.year).toBeLessThanOrEqual(meta.now.getUTCFullYear());
        expect(e.data.summary).toBe(e.data.summary.trim());
        expect(e.data.summary.length).toBeGreaterThan(0);
        expect(e.data.summary.length).toBeLessThanOrEqual(SUMMARY_MAX);
        expect(e.data.documents.length).toBeLessThanOrEqual(DOCUMENTS_MAX);
        // Due by the end of February after the year (China time); late exactly when after that.
        expect(e.data.dueAt).toBe(annualSummaryDueAt(e.data.year));
        expect(e.data.late).toBe(meta.now.getTime() >= Date.parse(e.data.dueAt));
        break;
      case 'AnnualSummaryOverdue':
        // Marked by the timer once, for the due date of that year, and never once filed.
        expect(meta.actorRole).toBe('system');
        expect(before.submittedAt).toBeNull();
        expect(before.overdue).toBe(false);
        expect(e.data.dueAt).toBe(annualSummaryDueAt(e.data.year));
        break;
    }
  }
  // A filing and an overdue mark are final.
  if (before.submittedAt) {
    expect(after.submittedAt).toBe(before.submittedAt);
    expect(after.submittedBy).toBe(before.submittedBy);
  }
  if (before.overdue) expect(after.overdue).toBe(true);
  if (before.exists) {
    expect(after.year).toBe(before.year);
    expect(after.orgUnit).toBe(before.orgUnit);
  }
}

describe('annual summary decider properties', () => {
  it('random submissions and timer firings keep one summary per year and unit, and replay rebuilds it', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        const { events } = runSequence(d, steps, invariant);
        const filed = events.filter((e) => e.type === 'AnnualSummarySubmitted');
        // Once per year per unit, however many admins try.
        expect(filed.length).toBeLessThanOrEqual(1);
        expect(events.filter((e) => e.type === 'AnnualSummaryOverdue').length).toBeLessThanOrEqual(1);
      }),
      propertyParams(200),
    );
  });

  it('the generated sequences reach files on time and late, and marks overdue, not only refusals', () => {
    const reached = reachCounts(sequences, 200, (steps) => {
      const { events } = runSequence(d, steps, invariant);
      return {
        submitted: events.some((e) => e.type === 'AnnualSummarySubmitted'),
        late: events.some((e) => e.type === 'AnnualSummarySubmitted' && e.data.late),
        overdue: events.some((e) => e.type === 'AnnualSummaryOverdue'),
      };
    });
    expect(reached.submitted).toBeGreaterThan(40);
    expect(reached.late).toBeGreaterThan(5);
    expect(reached.overdue).toBeGreaterThan(10);
  });
});
