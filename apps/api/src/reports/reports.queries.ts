import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { APPLICATION_KINDS } from '#libs/approval';
import { schoolYearBounds } from '#libs/ladder';
import { PG_POOL } from '#libs/platform';
import { LEVELS, TIERS, type Policy } from '#libs/policy';

/**
 * The office's reports (统计报表, UI.md §5): each answers an org unit's figures for a school year and
 * one row per unit directly below it, each row covering that unit's whole subtree, so the page drills
 * down city → district → school by asking again for a child. People attached to the unit itself (a
 * district office's own staff) form one more row marked `self` (本级), so the rows always add up to the
 * unit's total. Everything is read from the read models (teacher_progress, teacher_hours,
 * teacher_credits, application_summaries, overdue_steps), never by folding streams per request.
 */
export const REPORT_NAMES = ['tiers', 'hours', 'credits', 'applications', 'overdue'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export const STAGES = [
  'submitted',
  'in_review',
  'changes_requested',
  'approved',
  'rejected',
  'withdrawn',
] as const;
export const STEPS = ['review', 'revision', 'annual_summary'] as const;

export interface UnitRef {
  id: string;
  name: string;
  level: string;
}

export interface ReportContext {
  unit: UnitRef;
  schoolYear: string;
  policy: Policy;
  now: Date;
}

interface Bucketed {
  unit: UnitRef;
  self: boolean;
  hasChildren: boolean;
}

/** The unit's buckets: its children (each with its subtree) and, last, the unit itself as 本级. */
const BUCKETS = `
  WITH sel AS (SELECT id, path FROM org_units WHERE id = $1),
  bucket AS (
    SELECT u.id AS unit, coalesce(c.id, sel.id) AS bucket
      FROM sel JOIN org_units u ON starts_with(u.path, sel.path)
      LEFT JOIN org_units c ON c.parent_id = sel.id AND starts_with(u.path, c.path))`;

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;
/** A share in percent with one decimal (UI.md §1.3); 0 of 0 is 0. */
const pct = (part: number, whole: number) => (whole === 0 ? 0 : round1((part / whole) * 100));

@Injectable()
export class ReportQueries {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async unit(id: string): Promise<(UnitRef & { path: string }) | null> {
    const res = await this.pool.query<UnitRef & { path: string }>(
      `SELECT id, name, level, path FROM org_units WHERE id = $1`,
      [id],
    );
    return res.rows[0] ?? null;
  }

  /** The rows a report has: one per child unit (by name), then 本级 when anything sits on the unit itself. */
  private async buckets(unit: UnitRef, withSelf: Set<string>): Promise<Bucketed[]> {
    const children = await this.pool.query<UnitRef & { has_children: boolean }>(
      `SELECT c.id, c.name, c.level,
              EXISTS (SELECT 1 FROM org_units g WHERE g.parent_id = c.id) AS has_children
         FROM org_units c WHERE c.parent_id = $1 ORDER BY c.name, c.id`,
      [unit.id],
    );
    const rows: Bucketed[] = children.rows.map((c) => ({
      unit: { id: c.id, name: c.name, level: c.level },
      self: false,
      hasChildren: c.has_children,
    }));
    if (withSelf.has(unit.id)) rows.push({ unit, self: true, hasChildren: false });
    return rows;
  }

  // ---- 层级分布: teachers per tier ----
  async tiers(ctx: ReportContext) {
    const res = await this.pool.query<{ bucket: string; tier: string | null; n: number }>(
      `${BUCKETS}
       SELECT b.bucket, p.tier, count(*)::int AS n
         FROM teacher_progress p JOIN bucket b ON b.unit = p.org_unit
        GROUP BY b.bucket, p.tier`,
      [ctx.unit.id],
    );
    const figures = (rows: typeof res.rows) => {
      const byTier = Object.fromEntries(TIERS.map((t) => [t, 0])) as Record<string, number>;
      let unassigned = 0;
      for (const r of rows) {
        if (r.tier && r.tier in byTier) byTier[r.tier]! += r.n;
        else unassigned += r.n;
      }
      const teachers = rows.reduce((a, r) => a + r.n, 0);
      return { teachers, byTier, unassigned };
    };
    const rows = await this.buckets(ctx.unit, new Set(res.rows.map((r) => r.bucket)));
    return {
      total: { unit: ctx.unit, self: false, hasChildren: rows.length > 0, ...figures(res.rows) },
      rows: rows.map((b) => ({ ...b, ...figures(res.rows.filter((r) => r.bucket === b.unit.id)) })),
      tiers: [...TIERS],
    };
  }

  // ---- 学时完成: hours against the annual requirement, with the shortfalls ----
  async hours(ctx: ReportContext) {
    const required = ctx.policy.ladder.annualHours;
    const res = await this.pool.query<{
      bucket: string;
      teacher_id: string;
      name: string | null;
      org_unit: string;
      unit_name: string;
      hours: number;
    }>(
      `${BUCKETS}
       SELECT b.bucket, p.teacher_id, u.display_name AS name, p.org_unit, ou.name AS unit_name,
              coalesce(h.hours, 0)::float8 AS hours
         FROM teacher_progress p JOIN bucket b ON b.unit = p.org_unit
         JOIN org_units ou ON ou.id = p.org_unit
         LEFT JOIN users u ON u.id = p.teacher_id
         LEFT JOIN teacher_hours h ON h.teacher_id = p.teacher_id AND h.school_year = $2`,
      [ctx.unit.id, ctx.schoolYear],
    );
    const figures = (rows: typeof res.rows) => {
      const short = rows.filter((r) => r.hours < required);
      const totalHours = rows.reduce((a, r) => a + r.hours, 0);
      return {
        teachers: rows.length,
        totalHours: round1(totalHours),
        averageHours: rows.length === 0 ? 0 : round1(totalHours / rows.length),
        met: rows.length - short.length,
        shortfallTeachers: short.length,
        shortfallHours: round1(short.reduce((a, r) => a + (required - r.hours), 0)),
        completionRate: pct(rows.length - short.length, rows.length),
      };
    };
    const rows = await this.buckets(ctx.unit, new Set(res.rows.map((r) => r.bucket)));
    const shortfalls = res.rows
      .filter((r) => r.hours < required)
      .map((r) => ({
        teacherId: r.teacher_id,
        name: r.name ?? '',
        orgUnit: { id: r.org_unit, name: r.unit_name },
        hours: round1(r.hours),
        gap: round1(required - r.hours),
      }))
      .sort(
        (a, b) =>
          b.gap - a.gap || a.name.localeCompare(b.name, 'zh-CN') || a.teacherId.localeCompare(b.teacherId),
      );
    return {
      requiredHours: required,
      total: { unit: ctx.unit, self: false, hasChildren: rows.length > 0, ...figures(res.rows) },
      rows: rows.map((b) => ({ ...b, ...figures(res.rows.filter((r) => r.bucket === b.unit.id)) })),
      shortfalls: shortfalls.slice(0, SHORTFALLS_LISTED),
      shortfallsTruncated: shortfalls.length > SHORTFALLS_LISTED,
    };
  }

  // ---- 学分结构: the credit split by level against the target (seed 000 §六(二)) ----
  async credits(ctx: ReportContext) {
    const targets = ctx.policy.ladder.creditSplit;
    const res = await this.pool.query<{ bucket: string; level: string; credits: number; hours: number }>(
      `${BUCKETS}
       SELECT b.bucket, c.level, sum(c.credits)::float8 AS credits, sum(c.hours)::float8 AS hours
         FROM teacher_credits c JOIN teacher_progress p ON p.teacher_id = c.teacher_id
         JOIN bucket b ON b.unit = p.org_unit
        WHERE c.school_year = $2
        GROUP BY b.bucket, c.level`,
      [ctx.unit.id, ctx.schoolYear],
    );
    const figures = (rows: typeof res.rows) => {
      const sumOf = (level: string) =>
        rows.filter((r) => r.level === level).reduce((a, r) => a + r.credits, 0);
      const credits = Object.fromEntries(LEVELS.map((l) => [l, round2(sumOf(l))])) as Record<string, number>;
      const totalCredits = round2(LEVELS.reduce((a, l) => a + sumOf(l), 0));
      const shares = Object.fromEntries(LEVELS.map((l) => [l, pct(sumOf(l), totalCredits)])) as Record<
        string,
        number
      >;
      return {
        totalCredits,
        totalHours: round1(rows.reduce((a, r) => a + r.hours, 0)),
        credits,
        shares,
        // Positive: below the target (the same sign as a teacher's own split on 我的成长路径).
        gaps: Object.fromEntries(
          LEVELS.map((l) => [l, totalCredits === 0 ? 0 : round1(targets[l] - shares[l]!)]),
        ) as Record<string, number>,
      };
    };
    const rows = await this.buckets(ctx.unit, new Set(res.rows.map((r) => r.bucket)));
    return {
      targets: { ...targets },
      total: { unit: ctx.unit, self: false, hasChildren: rows.length > 0, ...figures(res.rows) },
      rows: rows.map((b) => ({ ...b, ...figures(res.rows.filter((r) => r.bucket === b.unit.id)) })),
    };
  }

  // ---- 申报统计: applications by kind and stage, approval rates, average review time ----
  async applications(ctx: ReportContext) {
    const { startsAt, endsAt } = schoolYearBounds(ctx.schoolYear);
    // An application belongs to the school year it was started in; drafts are the applicant's own
    // until submitted and are not counted. Review time runs from the submission the decision answered.
    const res = await this.pool.query<{
      bucket: string;
      kind: string;
      stage: string;
      n: number;
      decided: number;
      review_seconds: number | null;
    }>(
      `${BUCKETS}
       SELECT b.bucket, a.kind, a.stage, count(*)::int AS n,
              count(*) FILTER (WHERE a.decided_at IS NOT NULL AND a.submitted_at IS NOT NULL)::int AS decided,
              sum(extract(epoch FROM a.decided_at - a.submitted_at))
                FILTER (WHERE a.decided_at IS NOT NULL AND a.submitted_at IS NOT NULL)::float8 AS review_seconds
         FROM application_summaries a JOIN bucket b ON b.unit = a.org_unit
        WHERE a.stage <> 'draft' AND a.created_at >= $2 AND a.created_at < $3
        GROUP BY b.bucket, a.kind, a.stage`,
      [ctx.unit.id, startsAt, endsAt],
    );
    const figures = (rows: typeof res.rows) => {
      const stages = Object.fromEntries(
        STAGES.map((s) => [s, rows.filter((r) => r.stage === s).reduce((a, r) => a + r.n, 0)]),
      ) as Record<string, number>;
      const decided = rows.reduce((a, r) => a + r.decided, 0);
      const seconds = rows.reduce((a, r) => a + (r.review_seconds ?? 0), 0);
      return {
        applications: rows.reduce((a, r) => a + r.n, 0),
        stages,
        decided: stages.approved! + stages.rejected!,
        approvalRate: pct(stages.approved!, stages.approved! + stages.rejected!),
        averageReviewDays: decided === 0 ? null : round1(seconds / decided / 86_400),
      };
    };
    const rows = await this.buckets(ctx.unit, new Set(res.rows.map((r) => r.bucket)));
    return {
      total: { unit: ctx.unit, self: false, hasChildren: rows.length > 0, ...figures(res.rows) },
      rows: rows.map((b) => ({ ...b, ...figures(res.rows.filter((r) => r.bucket === b.unit.id)) })),
      byKind: APPLICATION_KINDS.map((kind) => ({
        kind,
        ...figures(res.rows.filter((r) => r.kind === kind)),
      })),
    };
  }

  // ---- 逾期事项: steps the deadline timers marked overdue ----
  async overdue(ctx: ReportContext) {
    const { startsAt, endsAt } = schoolYearBounds(ctx.schoolYear);
    const res = await this.pool.query<{
      bucket: string;
      step: string;
      subject: string;
      org_unit: string;
      unit_name: string;
      application_id: string | null;
      kind: string | null;
      title: string | null;
      assignee_name: string | null;
      due_at: Date;
      marked_at: Date;
      resolved_at: Date | null;
      resolution: string | null;
    }>(
      `${BUCKETS}
       SELECT b.bucket, o.step, o.subject, o.org_unit, ou.name AS unit_name, o.application_id, o.kind, o.title,
              coalesce(u.display_name, au.name) AS assignee_name, o.due_at, o.marked_at, o.resolved_at, o.resolution
         FROM overdue_steps o JOIN bucket b ON b.unit = o.org_unit
         JOIN org_units ou ON ou.id = o.org_unit
         LEFT JOIN users u ON u.id = o.assignee
         LEFT JOIN org_units au ON au.id = o.assignee
        WHERE o.due_at >= $2 AND o.due_at < $3
        ORDER BY o.due_at, o.stream_id, o.subject`,
      [ctx.unit.id, startsAt, endsAt],
    );
    const figures = (rows: typeof res.rows) => ({
      overdue: rows.length,
      open: rows.filter((r) => r.resolved_at === null).length,
      steps: Object.fromEntries(STEPS.map((s) => [s, rows.filter((r) => r.step === s).length])) as Record<
        string,
        number
      >,
    });
    const rows = await this.buckets(ctx.unit, new Set(res.rows.map((r) => r.bucket)));
    const items = res.rows.map((r) => {
      const until = r.resolved_at ?? ctx.now;
      return {
        step: r.step,
        applicationId: r.application_id,
        kind: r.kind,
        title: r.title,
        subject: r.step === 'annual_summary' ? Number(r.subject) : null,
        orgUnit: { id: r.org_unit, name: r.unit_name },
        assignee: r.assignee_name,
        dueAt: new Date(r.due_at).toISOString(),
        markedAt: new Date(r.marked_at).toISOString(),
        resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
        resolution: r.resolution,
        daysOverdue: Math.max(
          0,
          round1((new Date(until).getTime() - new Date(r.due_at).getTime()) / 86_400_000),
        ),
      };
    });
    return {
      total: { unit: ctx.unit, self: false, hasChildren: rows.length > 0, ...figures(res.rows) },
      rows: rows.map((b) => ({ ...b, ...figures(res.rows.filter((r) => r.bucket === b.unit.id)) })),
      items: items.slice(0, ITEMS_LISTED),
      itemsTruncated: items.length > ITEMS_LISTED,
    };
  }
}

/** UI.md §5 工作台: tables list 500 rows at most; the report's lists keep to twice that. */
const SHORTFALLS_LISTED = 1000;
const ITEMS_LISTED = 1000;
