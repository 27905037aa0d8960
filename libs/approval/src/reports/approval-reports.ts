import { Module } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '#libs/platform';

/**
 * How a report groups org units: each unit (key) with the bucket (value) its figures are added to. The
 * caller has it from identity's directory, so approval never reads the org tree.
 */
export type ReportBuckets = ReadonlyMap<string, string>;

/** A half-open span of time, [from, to), as ISO instants: a school year. */
export interface ReportSpan {
  from: string;
  to: string;
}

/** A bucket's applications of one kind at one stage. */
export interface ApplicationFigures {
  bucket: string;
  kind: string;
  stage: string;
  applications: number;
  /** Those decided after a submission, and the seconds from that submission to the decision together. */
  decided: number;
  reviewSeconds: number;
}

/** A bucket's overdue steps of one kind of step, and how many of them are still open. */
export interface OverdueFigures {
  bucket: string;
  step: string;
  overdue: number;
  open: number;
}

/** A step the deadline timers marked overdue, as overdue-steps.projection.ts keeps it. */
export interface OverdueStep {
  step: string;
  subject: string;
  orgUnit: string;
  applicationId: string | null;
  kind: string | null;
  title: string | null;
  /** The person (or, for an annual summary, the office) the step was waiting on. */
  assignee: string | null;
  dueAt: string;
  markedAt: string;
  resolvedAt: string | null;
  resolution: string | null;
}

/**
 * Approval's port for the office's reports (UI.md §5 统计报表; DOMAIN.md "The approval pipeline",
 * "Deadlines and reminders"; ARCHITECTURE.md "Between contexts": others ask approval, never read its
 * tables): its figures added up per bucket of org units the caller hands over, and the overdue steps
 * themselves. Answers come from approval's read model (`application_summaries`,
 * application-summary.projection.ts; `overdue_steps`, overdue-steps.projection.ts); units not handed over
 * are left out. When that read model is not there a call fails with PostgreSQL's undefined-table error.
 */
export interface ApprovalReports {
  /**
   * The applications started in `span` per bucket, kind and stage. Drafts are the applicant's own until
   * submitted and are not counted; review time runs from the submission the decision answered.
   */
  applications(buckets: ReportBuckets, span: ReportSpan): Promise<ApplicationFigures[]>;
  /** The steps due in `span` that went overdue, per bucket and step. */
  overdue(buckets: ReportBuckets, span: ReportSpan): Promise<OverdueFigures[]>;
  /** The first `limit` of those steps of `units`, by due date (then stream and subject). */
  overdueSteps(units: readonly string[], span: ReportSpan, limit: number): Promise<OverdueStep[]>;
}

/** The Nest token of ApprovalReports. */
export const APPROVAL_REPORTS = Symbol('APPROVAL_REPORTS');

/** The port over approval's PostgreSQL read model. */
export function postgresApprovalReports(db: pg.Pool): ApprovalReports {
  const pair = (buckets: ReportBuckets) => [[...buckets.keys()], [...buckets.values()]];
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return {
    async applications(buckets, { from, to }) {
      const r = await db.query<ApplicationFigures>(
        `SELECT b.bucket, a.kind, a.stage, count(*)::int AS applications,
                count(*) FILTER (WHERE a.decided_at IS NOT NULL AND a.submitted_at IS NOT NULL)::int AS decided,
                coalesce(sum(extract(epoch FROM a.decided_at - a.submitted_at))
                  FILTER (WHERE a.decided_at IS NOT NULL AND a.submitted_at IS NOT NULL), 0)::float8 AS "reviewSeconds"
           FROM application_summaries a JOIN unnest($1::text[], $2::text[]) AS b(unit, bucket) ON b.unit = a.org_unit
          WHERE a.stage <> 'draft' AND a.created_at >= $3 AND a.created_at < $4
          GROUP BY b.bucket, a.kind, a.stage`,
        [...pair(buckets), from, to],
      );
      return r.rows;
    },
    async overdue(buckets, { from, to }) {
      const r = await db.query<OverdueFigures>(
        `SELECT b.bucket, o.step, count(*)::int AS overdue, count(*) FILTER (WHERE o.resolved_at IS NULL)::int AS open
           FROM overdue_steps o JOIN unnest($1::text[], $2::text[]) AS b(unit, bucket) ON b.unit = o.org_unit
          WHERE o.due_at >= $3 AND o.due_at < $4
          GROUP BY b.bucket, o.step`,
        [...pair(buckets), from, to],
      );
      return r.rows;
    },
    async overdueSteps(units, { from, to }, limit) {
      if (units.length === 0 || limit <= 0) return [];
      const r = await db.query<{
        step: string;
        subject: string;
        org_unit: string;
        application_id: string | null;
        kind: string | null;
        title: string | null;
        assignee: string | null;
        due_at: Date;
        marked_at: Date;
        resolved_at: Date | null;
        resolution: string | null;
      }>(
        `SELECT step, subject, org_unit, application_id, kind, title, assignee, due_at, marked_at, resolved_at, resolution
           FROM overdue_steps
          WHERE org_unit = ANY ($1::text[]) AND due_at >= $2 AND due_at < $3
          ORDER BY due_at, stream_id, subject LIMIT $4`,
        [[...units], from, to, limit],
      );
      return r.rows.map((o) => ({
        step: o.step,
        subject: o.subject,
        orgUnit: o.org_unit,
        applicationId: o.application_id,
        kind: o.kind,
        title: o.title,
        assignee: o.assignee,
        dueAt: iso(o.due_at)!,
        markedAt: iso(o.marked_at)!,
        resolvedAt: iso(o.resolved_at),
        resolution: o.resolution,
      }));
    },
  };
}

/** Provides ApprovalReports to the modules that import it (the api's reports), over the global pool. */
@Module({
  providers: [
    {
      provide: APPROVAL_REPORTS,
      inject: [PG_POOL],
      useFactory: (pool: pg.Pool) => postgresApprovalReports(pool),
    },
  ],
  exports: [APPROVAL_REPORTS],
})
export class ApprovalReportsModule {}
