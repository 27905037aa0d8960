import { APPLICATION_KINDS } from '#libs/approval';
import { LEVELS, TIERS } from '#libs/policy';
import {
  arr,
  bool,
  dateTime,
  int,
  named,
  nullable,
  num,
  obj,
  oneOf,
  str,
  type Schema,
} from '../http/openapi-schema.js';
import { REPORT_NAMES, STAGES, STEPS } from './reports.queries.js';

// What the report endpoints answer (reports.controller.ts, reports.queries.ts).

const count = int({ minimum: 0 });
const percent = num({ minimum: 0, maximum: 100, description: 'percent, one decimal' });
const perKey = (keys: readonly string[], value: Schema) =>
  obj(Object.fromEntries(keys.map((k) => [k, value])));

const UnitRef = obj({ id: str(), name: str(), level: oneOf(['province', 'city', 'district', 'school']) });

/** A report: the unit's figures (`total`) and one row per unit below it (`rows`), for one school year. */
function report(name: string, figures: Record<string, Schema>, extra: Record<string, Schema> = {}) {
  const row = obj({
    unit: UnitRef,
    self: bool({ description: 'true: the records attached to the unit itself (本级), not to a unit below' }),
    hasChildren: bool({ description: 'the row’s unit has units below it: the page can drill down' }),
    ...figures,
  });
  return named(
    name,
    obj({
      report: oneOf(REPORT_NAMES),
      unit: UnitRef,
      schoolYear: str({ pattern: '^\\d{4}-\\d{4}$' }),
      policyVersion: str(),
      generatedAt: dateTime(),
      total: row,
      rows: arr(row),
      ...extra,
    }),
  );
}

export const TiersReport = report(
  'TiersReport',
  { teachers: count, byTier: perKey(TIERS, count), unassigned: count },
  { tiers: arr(oneOf(TIERS)) },
);

export const HoursReport = report(
  'HoursReport',
  {
    teachers: count,
    totalHours: num(),
    averageHours: num(),
    met: count,
    shortfallTeachers: count,
    shortfallHours: num(),
    completionRate: percent,
  },
  {
    requiredHours: num(),
    shortfalls: arr(
      obj({
        teacherId: str(),
        name: str(),
        orgUnit: obj({ id: str(), name: str() }),
        hours: num(),
        gap: num(),
      }),
      { description: 'teachers under the annual hours, largest gap first (at most 1,000)' },
    ),
    shortfallsTruncated: bool(),
  },
);

export const CreditsReport = report(
  'CreditsReport',
  {
    totalCredits: num(),
    totalHours: num(),
    credits: perKey(LEVELS, num()),
    shares: perKey(LEVELS, percent),
    gaps: perKey(LEVELS, num({ description: 'target − share, percentage points; positive: below target' })),
  },
  { targets: perKey(LEVELS, num()) },
);

const applicationFigures = {
  applications: count,
  stages: perKey(STAGES, count),
  decided: count,
  approvalRate: percent,
  averageReviewDays: nullable(num({ description: 'submission to decision, days, one decimal' })),
};

export const ApplicationsReport = report('ApplicationsReport', applicationFigures, {
  byKind: arr(obj({ kind: oneOf(APPLICATION_KINDS), ...applicationFigures })),
});

export const OverdueReport = report(
  'OverdueReport',
  { overdue: count, open: count, steps: perKey(STEPS, count) },
  {
    items: arr(
      obj({
        step: oneOf(STEPS),
        applicationId: nullable(str()),
        kind: nullable(oneOf(APPLICATION_KINDS)),
        title: nullable(str()),
        subject: nullable(int({ description: 'the year of an annual summary' })),
        orgUnit: obj({ id: str(), name: str() }),
        assignee: nullable(str({ description: 'the reviewer, the applicant’s unit or the office' })),
        dueAt: dateTime(),
        markedAt: dateTime(),
        resolvedAt: nullable(dateTime()),
        resolution: nullable(oneOf(['submitted_late', 'reviewer_removed', 'withdrawn', 'decided'])),
        daysOverdue: num(),
      }),
    ),
    itemsTruncated: bool(),
  },
);

/** The .xlsx of a report. */
export const ReportWorkbook = str({
  format: 'binary',
  description:
    'an .xlsx workbook: the report’s table with 合计, its lists, and 说明 (unit, school year, policy version)',
});
