import { given } from '#testing/event-store';
import {
  annualSummaryDecider as d,
  annualSummaryDueAt,
  annualSummaryId,
  SUMMARY_LEVELS,
  currentSummaryYear,
  type AnnualSummaryEvent,
} from './annual-summary.decider.js';

// seed 004 §三: an office's summary of a year goes up by the end of the next February (China time).
const admin = { actorId: 'admin-1', actorRole: 'admin', now: new Date('2027-02-10T00:00:00.000Z') };
const system = { actorId: 'system', actorRole: 'system' };
const submit = {
  type: 'SubmitAnnualSummary' as const,
  orgUnit: 'city-1',
  year: 2026,
  summary: '  2026 年度国培项目实施总结  ',
  documents: ['总结.pdf'],
};
const DUE = '2027-02-28T16:00:00.000Z';
const submitted: AnnualSummaryEvent = {
  type: 'AnnualSummarySubmitted',
  data: {
    orgUnit: 'city-1',
    year: 2026,
    summary: '2026 年度国培项目实施总结',
    documents: ['总结.pdf'],
    submittedBy: 'admin-1',
    submittedAt: '2027-02-10T00:00:00.000Z',
    dueAt: DUE,
    late: false,
  },
};
const mark = { type: 'MarkAnnualSummaryOverdue' as const, orgUnit: 'city-1', year: 2026, dueAt: DUE };
const overdue: AnnualSummaryEvent = {
  type: 'AnnualSummaryOverdue',
  data: { orgUnit: 'city-1', year: 2026, dueAt: DUE, markedAt: '2027-03-01T00:00:00.000Z' },
};

describe('the annual summary (年度总结)', () => {
  it('is due at the end of February after the year, China time, leap years included', () => {
    expect(annualSummaryDueAt(2026)).toBe(DUE); // 1 March 2027 00:00 +08:00
    expect(annualSummaryDueAt(2027)).toBe('2028-02-29T16:00:00.000Z');
    expect(currentSummaryYear(new Date('2026-11-23T00:00:00.000Z'))).toBe(2026);
    expect(currentSummaryYear(new Date('2027-02-28T15:59:59.000Z'))).toBe(2026);
    expect(currentSummaryYear(new Date('2027-02-28T16:00:00.000Z'))).toBe(2027);
  });

  it('an admin submits it once, trimmed, on time or late', () => {
    given(d).when(submit, admin).then([submitted]);
    given(d)
      .when(submit, { ...admin, now: new Date('2027-03-02T00:00:00.000Z') })
      .then([
        {
          ...submitted,
          data: { ...submitted.data, submittedAt: '2027-03-02T00:00:00.000Z', late: true },
        },
      ]);
    given(d, [submitted]).when(submit, admin).thenRefuses('already_submitted');
    given(d, [overdue])
      .when(submit, admin)
      .then([{ ...submitted, data: { ...submitted.data } }]);
  });

  it('refuses anyone but an admin, a blank or oversized summary, a year not over yet', () => {
    given(d)
      .when(submit, { ...admin, actorRole: 'chair' })
      .thenRefuses('admin_only');
    given(d)
      .when({ ...submit, summary: '   ' }, admin)
      .thenRefuses('invalid_summary');
    given(d)
      .when({ ...submit, summary: 'x'.repeat(20_001) }, admin)
      .thenRefuses('invalid_summary');
    given(d)
      .when({ ...submit, year: 2028 }, admin)
      .thenRefuses('invalid_year');
    given(d)
      .when({ ...submit, documents: Array.from({ length: 51 }, (_, i) => `d${i}`) }, admin)
      .thenRefuses('too_many_documents');
  });

  it('the due timer marks a missing summary overdue once, and never a submitted one', () => {
    const after = { ...system, now: new Date('2027-03-01T00:00:00.000Z') };
    given(d).when(mark, after).then([overdue]);
    given(d, [overdue]).when(mark, after).thenNothing();
    given(d, [submitted]).when(mark, after).thenNothing();
    // For a due date that is not the year's (a stale or forged timer): nothing.
    given(d)
      .when({ ...mark, dueAt: '2027-03-31T16:00:00.000Z' }, after)
      .thenNothing();
    given(d)
      .when(mark, { ...after, actorRole: 'admin' })
      .thenRefuses('system_only');
  });
});

describe('rules pinned by mutation testing', () => {
  it('one stream per office and year, owed by every office above the school (seed 004 §三)', () => {
    expect(d.category).toBe('annualsummary');
    expect(annualSummaryId(2026, 'city-1')).toBe('2026-city-1');
    expect(SUMMARY_LEVELS).toEqual(['province', 'city', 'district']);
  });

  it('a submitted or overdue summary is one that exists, of its office and year', () => {
    expect(given(d, [submitted]).state).toEqual({
      exists: true,
      orgUnit: 'city-1',
      year: 2026,
      submittedAt: '2027-02-10T00:00:00.000Z',
      submittedBy: 'admin-1',
      overdue: false,
    });
    expect(given(d, [overdue]).state).toEqual({
      exists: true,
      orgUnit: 'city-1',
      year: 2026,
      submittedAt: null,
      submittedBy: null,
      overdue: true,
    });
  });

  it('takes the bounds themselves: year 2000 and the current year, the longest summary, the most documents', () => {
    given(d)
      .when({ ...submit, year: 2000 }, admin)
      .then([
        {
          ...submitted,
          data: { ...submitted.data, year: 2000, dueAt: annualSummaryDueAt(2000), late: true },
        },
      ]);
    given(d)
      .when({ ...submit, year: 1999 }, admin)
      .thenRefuses('invalid_year', 'year must be a whole year from 2000 to 2027');
    // The current year is over only at its end, but an office may file it as soon as it wants.
    given(d)
      .when({ ...submit, year: 2027 }, admin)
      .then([
        {
          ...submitted,
          data: { ...submitted.data, year: 2027, dueAt: annualSummaryDueAt(2027) },
        },
      ]);
    const longest = 'x'.repeat(20_000);
    given(d)
      .when({ ...submit, summary: longest }, admin)
      .then([{ ...submitted, data: { ...submitted.data, summary: longest } }]);
    const fifty = Array.from({ length: 50 }, (_, i) => `d${i}`);
    given(d)
      .when({ ...submit, documents: fifty }, admin)
      .then([{ ...submitted, data: { ...submitted.data, documents: fifty } }]);
  });

  it('a summary submitted at the due instant itself is late', () => {
    given(d)
      .when(submit, { ...admin, now: new Date(DUE) })
      .then([{ ...submitted, data: { ...submitted.data, submittedAt: DUE, late: true } }]);
  });

  it('says in each refusal why', () => {
    given(d)
      .when(submit, { ...admin, actorRole: 'teacher' })
      .thenRefuses('admin_only', 'an office’s annual summary is submitted by its admins');
    given(d)
      .when({ ...submit, summary: '' }, admin)
      .thenRefuses('invalid_summary', 'summary must be 1 to 20000 characters');
    given(d)
      .when({ ...submit, documents: Array.from({ length: 51 }, (_, i) => `d${i}`) }, admin)
      .thenRefuses('too_many_documents', 'at most 50 documents');
    given(d, [submitted])
      .when(submit, admin)
      .thenRefuses('already_submitted', 'the 2026 summary was submitted at 2027-02-10T00:00:00.000Z');
    given(d)
      .when(mark, { ...admin })
      .thenRefuses('system_only', 'only the deadline timers mark a summary overdue');
  });
});
