import { forbidden, refuse, type DomainEvent, type StreamDecider } from '#libs/event-store';

/**
 * The office's annual summary (年度总结): seed 004 §三 — every year an office sums up the past year's
 * training projects and the performance evaluations of its institutions and districts, and sends it up
 * by the end of February. One stream per office and year, `annualsummary-<year>-<orgUnit>`; DOMAIN.md
 * "Deadlines and reminders" lists it among the steps that have a due date, reminders and escalation.
 */
export const SUMMARY_MAX = 20_000;
export const DOCUMENTS_MAX = 50;

/** The offices that owe a summary: every level above the school. */
export const SUMMARY_LEVELS: readonly string[] = ['province', 'city', 'district'];

/** The stream id's suffix (`runCommand` adds the category). */
export const annualSummaryId = (year: number, orgUnit: string) => `${year}-${orgUnit}`;

/**
 * seed 004 §三 "于每年2月底前": the end of February after the year, in China Standard Time (UTC+8, no
 * daylight saving): the first moment of 1 March at 00:00 +08:00, so all of 28 or 29 February counts.
 */
export function annualSummaryDueAt(year: number): string {
  return new Date(Date.UTC(year + 1, 2, 1) - 8 * 3_600_000).toISOString();
}

/** The year whose summary is the next one due at `now`: last year's until its February ends. */
export function currentSummaryYear(now: Date): number {
  const y = now.getUTCFullYear();
  return now.getTime() < Date.parse(annualSummaryDueAt(y - 1)) ? y - 1 : y;
}

export type AnnualSummaryCommand =
  | { type: 'SubmitAnnualSummary'; orgUnit: string; year: number; summary: string; documents: string[] }
  /** Fired by the due timer (DOMAIN.md "Deadlines and reminders"); carries what it was set for. */
  | { type: 'MarkAnnualSummaryOverdue'; orgUnit: string; year: number; dueAt: string };

export type AnnualSummaryEvent =
  | DomainEvent<
      'AnnualSummarySubmitted',
      {
        orgUnit: string;
        year: number;
        summary: string;
        documents: string[];
        submittedBy: string;
        submittedAt: string;
        dueAt: string;
        late: boolean;
      }
    >
  | DomainEvent<'AnnualSummaryOverdue', { orgUnit: string; year: number; dueAt: string; markedAt: string }>;

export interface AnnualSummaryState {
  exists: boolean;
  orgUnit: string | null;
  year: number | null;
  submittedAt: string | null;
  submittedBy: string | null;
  overdue: boolean;
}

export const annualSummaryDecider: StreamDecider<
  AnnualSummaryCommand,
  AnnualSummaryEvent,
  AnnualSummaryState
> = {
  category: 'annualsummary',
  initialState: {
    exists: false,
    orgUnit: null,
    year: null,
    submittedAt: null,
    submittedBy: null,
    overdue: false,
  },

  evolve(s, e) {
    switch (e.type) {
      case 'AnnualSummarySubmitted':
        return {
          ...s,
          exists: true,
          orgUnit: e.data.orgUnit,
          year: e.data.year,
          submittedAt: e.data.submittedAt,
          submittedBy: e.data.submittedBy,
        };
      case 'AnnualSummaryOverdue':
        return { ...s, exists: true, orgUnit: e.data.orgUnit, year: e.data.year, overdue: true };
    }
  },

  decide(c, s, meta) {
    const now = meta.now.toISOString();
    switch (c.type) {
      case 'SubmitAnnualSummary': {
        // The office reports: its admins (the scope is checked by the API against the org tree).
        if (meta.actorRole !== 'admin')
          throw forbidden('admin_only', 'an office’s annual summary is submitted by its admins');
        if (!Number.isInteger(c.year) || c.year < 2000 || c.year > meta.now.getUTCFullYear())
          throw refuse('invalid_year', `year must be a whole year from 2000 to ${meta.now.getUTCFullYear()}`);
        const summary = c.summary.trim();
        if (summary.length === 0 || summary.length > SUMMARY_MAX)
          throw refuse('invalid_summary', `summary must be 1 to ${SUMMARY_MAX} characters`);
        if (c.documents.length > DOCUMENTS_MAX)
          throw refuse('too_many_documents', `at most ${DOCUMENTS_MAX} documents`);
        if (s.submittedAt)
          throw refuse('already_submitted', `the ${c.year} summary was submitted at ${s.submittedAt}`);
        const dueAt = annualSummaryDueAt(c.year);
        return [
          {
            type: 'AnnualSummarySubmitted',
            data: {
              orgUnit: c.orgUnit,
              year: c.year,
              summary,
              documents: c.documents,
              submittedBy: meta.actorId,
              submittedAt: now,
              dueAt,
              late: meta.now.getTime() >= Date.parse(dueAt),
            },
          },
        ];
      }
      case 'MarkAnnualSummaryOverdue':
        if (meta.actorRole !== 'system')
          throw forbidden('system_only', 'only the deadline timers mark a summary overdue');
        // DOMAIN.md "Deadlines and reminders": handled once, and not at all once submitted.
        if (s.submittedAt || s.overdue) return [];
        if (c.dueAt !== annualSummaryDueAt(c.year)) return [];
        return [
          {
            type: 'AnnualSummaryOverdue',
            data: { orgUnit: c.orgUnit, year: c.year, dueAt: c.dueAt, markedAt: now },
          },
        ];
    }
  },
};
