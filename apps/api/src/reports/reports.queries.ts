import { Inject, Injectable } from '@nestjs/common';
import {
  APPLICATION_KINDS,
  APPROVAL_REPORTS,
  type ApplicationFigures,
  type ApprovalReports,
  type OverdueFigures,
} from '#libs/approval';
import { IDENTITY_DIRECTORY, type IdentityDirectory } from '#libs/identity';
import {
  LADDER_REPORTS,
  schoolYearBounds,
  type CreditFigures,
  type HoursFigures,
  type LadderReports,
  type TierCount,
} from '#libs/ladder';
import { LEVELS, TIERS, type Policy } from '#libs/policy';

/**
 * The office's reports (统计报表, UI.md §5): each answers an org unit's figures for a school year and
 * one row per unit directly below it, each row covering that unit's whole subtree, so the page drills
 * down city → district → school by asking again for a child. People attached to the unit itself (a
 * district office's own staff) form one more row marked `self` (本级), so the rows always add up to the
 * unit's total. Everything is read from the read models, never by folding streams per request, and
 * each context adds up its own (ARCHITECTURE.md "Between contexts"): identity's directory says which
 * child each unit in scope falls under and names units and people; the ladder and approval add their
 * figures up per child through the ports they publish, handed that grouping as data.
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

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;
/** A share in percent with one decimal (UI.md §1.3); 0 of 0 is 0. */
const pct = (part: number, whole: number) => (whole === 0 ? 0 : round1((part / whole) * 100));
const sum = <T>(rows: readonly T[], of: (r: T) => number) => rows.reduce((a, r) => a + of(r), 0);

@Injectable()
export class ReportQueries {
  constructor(
    @Inject(IDENTITY_DIRECTORY) private readonly directory: IdentityDirectory,
    @Inject(LADDER_REPORTS) private readonly ladder: LadderReports,
    @Inject(APPROVAL_REPORTS) private readonly approval: ApprovalReports,
  ) {}

  async unit(id: string): Promise<UnitRef | null> {
    const [level, names] = await Promise.all([this.directory.levelOf(id), this.directory.unitNames([id])]);
    const name = names.get(id);
    return level === null || name === undefined ? null : { id, name, level };
  }

  /** Which child of the unit (or the unit itself, 本级) each unit within it falls under, and the children. */
  private async grouping(unit: UnitRef) {
    const buckets = await this.directory.childBuckets(unit.id);
    // The unit was found a moment ago; gone since, nothing falls under it.
    return buckets ?? { children: [], bucketOf: new Map<string, string>() };
  }

  /** The rows a report has: one per child unit (by name), then 本级 when anything sits on the unit itself. */
  private rowsOf(
    unit: UnitRef,
    children: { id: string; name: string; level: string; hasChildren: boolean }[],
    withSelf: Set<string>,
  ): Bucketed[] {
    const rows: Bucketed[] = children.map((c) => ({
      unit: { id: c.id, name: c.name, level: c.level },
      self: false,
      hasChildren: c.hasChildren,
    }));
    if (withSelf.has(unit.id)) rows.push({ unit, self: true, hasChildren: false });
    return rows;
  }

  // ---- 层级分布: teachers per tier ----
  async tiers(ctx: ReportContext) {
    const { children, bucketOf } = await this.grouping(ctx.unit);
    const counts = await this.ladder.tiers(bucketOf);
    const figures = (rows: TierCount[]) => {
      const byTier = Object.fromEntries(TIERS.map((t) => [t, 0])) as Record<string, number>;
      let unassigned = 0;
      for (const r of rows) {
        if (r.tier && r.tier in byTier) byTier[r.tier]! += r.teachers;
        else unassigned += r.teachers;
      }
      return { teachers: sum(rows, (r) => r.teachers), byTier, unassigned };
    };
    const rows = this.rowsOf(ctx.unit, children, new Set(counts.map((r) => r.bucket)));
    return {
      total: { unit: ctx.unit, self: false, hasChildren: rows.length > 0, ...figures(counts) },
      rows: rows.map((b) => ({ ...b, ...figures(counts.filter((r) => r.bucket === b.unit.id)) })),
      tiers: [...TIERS],
    };
  }

  // ---- 学时完成: hours against the annual requirement, with the shortfalls ----
  async hours(ctx: ReportContext) {
    const required = ctx.policy.ladder.annualHours;
    const { children, bucketOf } = await this.grouping(ctx.unit);
    const [perBucket, short] = await Promise.all([
      this.ladder.hours(bucketOf, ctx.schoolYear, required),
      this.ladder.shortfalls([...bucketOf.keys()], ctx.schoolYear, required, SHORTFALLS_LISTED),
    ]);
    const figures = (rows: HoursFigures[]) => {
      const teachers = sum(rows, (r) => r.teachers);
      const shortTeachers = sum(rows, (r) => r.shortTeachers);
      const totalHours = sum(rows, (r) => r.hours);
      return {
        teachers,
        totalHours: round1(totalHours),
        averageHours: teachers === 0 ? 0 : round1(totalHours / teachers),
        met: teachers - shortTeachers,
        shortfallTeachers: shortTeachers,
        shortfallHours: round1(sum(rows, (r) => r.shortHours)),
        completionRate: pct(teachers - shortTeachers, teachers),
      };
    };
    const rows = this.rowsOf(ctx.unit, children, new Set(perBucket.map((r) => r.bucket)));
    const total = figures(perBucket);
    // Names for the listed teachers only, in one call: the ladder gave the fewest hours first, with
    // those a tie on the rounded gap could rank by name among the first listed (erased people read as
    // identity's placeholder, as everywhere).
    const [names, unitNames] = await Promise.all([
      this.directory.displayNames(short.map((r) => r.teacherId)),
      this.directory.unitNames([...new Set(short.map((r) => r.orgUnit))]),
    ]);
    const shortfalls = short
      .map((r) => ({
        teacherId: r.teacherId,
        name: names.get(r.teacherId) ?? '',
        orgUnit: { id: r.orgUnit, name: unitNames.get(r.orgUnit) ?? '' },
        hours: round1(r.hours),
        gap: round1(required - r.hours),
      }))
      .sort(
        (a, b) =>
          b.gap - a.gap || a.name.localeCompare(b.name, 'zh-CN') || a.teacherId.localeCompare(b.teacherId),
      );
    return {
      requiredHours: required,
      total: { unit: ctx.unit, self: false, hasChildren: rows.length > 0, ...total },
      rows: rows.map((b) => ({ ...b, ...figures(perBucket.filter((r) => r.bucket === b.unit.id)) })),
      shortfalls: shortfalls.slice(0, SHORTFALLS_LISTED),
      shortfallsTruncated: total.shortfallTeachers > SHORTFALLS_LISTED,
    };
  }

  // ---- 学分结构: the credit split by level against the target (seed 000 §六(二)) ----
  async credits(ctx: ReportContext) {
    const targets = ctx.policy.ladder.creditSplit;
    const { children, bucketOf } = await this.grouping(ctx.unit);
    const perBucket = await this.ladder.credits(bucketOf, ctx.schoolYear);
    const figures = (rows: CreditFigures[]) => {
      const sumOf = (level: string) =>
        sum(
          rows.filter((r) => r.level === level),
          (r) => r.credits,
        );
      const credits = Object.fromEntries(LEVELS.map((l) => [l, round2(sumOf(l))])) as Record<string, number>;
      const totalCredits = round2(LEVELS.reduce((a, l) => a + sumOf(l), 0));
      const shares = Object.fromEntries(LEVELS.map((l) => [l, pct(sumOf(l), totalCredits)])) as Record<
        string,
        number
      >;
      return {
        totalCredits,
        totalHours: round1(sum(rows, (r) => r.hours)),
        credits,
        shares,
        // Positive: below the target (the same sign as a teacher's own split on 我的成长路径).
        gaps: Object.fromEntries(
          LEVELS.map((l) => [l, totalCredits === 0 ? 0 : round1(targets[l] - shares[l]!)]),
        ) as Record<string, number>,
      };
    };
    const rows = this.rowsOf(ctx.unit, children, new Set(perBucket.map((r) => r.bucket)));
    return {
      targets: { ...targets },
      total: { unit: ctx.unit, self: false, hasChildren: rows.length > 0, ...figures(perBucket) },
      rows: rows.map((b) => ({ ...b, ...figures(perBucket.filter((r) => r.bucket === b.unit.id)) })),
    };
  }

  // ---- 申报统计: applications by kind and stage, approval rates, average review time ----
  async applications(ctx: ReportContext) {
    const { startsAt, endsAt } = schoolYearBounds(ctx.schoolYear);
    const { children, bucketOf } = await this.grouping(ctx.unit);
    // An application belongs to the school year it was started in (approval leaves drafts out).
    const perBucket = await this.approval.applications(bucketOf, { from: startsAt, to: endsAt });
    const figures = (rows: ApplicationFigures[]) => {
      const stages = Object.fromEntries(
        STAGES.map((s) => [
          s,
          sum(
            rows.filter((r) => r.stage === s),
            (r) => r.applications,
          ),
        ]),
      ) as Record<string, number>;
      const decided = sum(rows, (r) => r.decided);
      const seconds = sum(rows, (r) => r.reviewSeconds);
      return {
        applications: sum(rows, (r) => r.applications),
        stages,
        decided: stages.approved! + stages.rejected!,
        approvalRate: pct(stages.approved!, stages.approved! + stages.rejected!),
        averageReviewDays: decided === 0 ? null : round1(seconds / decided / 86_400),
      };
    };
    const rows = this.rowsOf(ctx.unit, children, new Set(perBucket.map((r) => r.bucket)));
    return {
      total: { unit: ctx.unit, self: false, hasChildren: rows.length > 0, ...figures(perBucket) },
      rows: rows.map((b) => ({ ...b, ...figures(perBucket.filter((r) => r.bucket === b.unit.id)) })),
      byKind: APPLICATION_KINDS.map((kind) => ({
        kind,
        ...figures(perBucket.filter((r) => r.kind === kind)),
      })),
    };
  }

  // ---- 逾期事项: steps the deadline timers marked overdue ----
  async overdue(ctx: ReportContext) {
    const { startsAt, endsAt } = schoolYearBounds(ctx.schoolYear);
    const span = { from: startsAt, to: endsAt };
    const { children, bucketOf } = await this.grouping(ctx.unit);
    const [perBucket, steps] = await Promise.all([
      this.approval.overdue(bucketOf, span),
      this.approval.overdueSteps([...bucketOf.keys()], span, ITEMS_LISTED),
    ]);
    const figures = (rows: OverdueFigures[]) => ({
      overdue: sum(rows, (r) => r.overdue),
      open: sum(rows, (r) => r.open),
      steps: Object.fromEntries(
        STEPS.map((s) => [
          s,
          sum(
            rows.filter((r) => r.step === s),
            (r) => r.overdue,
          ),
        ]),
      ) as Record<string, number>,
    });
    const rows = this.rowsOf(ctx.unit, children, new Set(perBucket.map((r) => r.bucket)));
    const total = figures(perBucket);
    // A step waits on a person, or on an office (an annual summary): a person's name first, else the
    // unit's — for the listed steps only, in one call each.
    const assignees = [...new Set(steps.flatMap((o) => (o.assignee === null ? [] : [o.assignee])))];
    const [people, units] = await Promise.all([
      this.directory.displayNames(assignees),
      this.directory.unitNames([...new Set([...steps.map((o) => o.orgUnit), ...assignees])]),
    ]);
    const items = steps.map((o) => {
      const until = o.resolvedAt ?? ctx.now;
      return {
        step: o.step,
        applicationId: o.applicationId,
        kind: o.kind,
        title: o.title,
        subject: o.step === 'annual_summary' ? Number(o.subject) : null,
        orgUnit: { id: o.orgUnit, name: units.get(o.orgUnit) ?? '' },
        assignee: o.assignee === null ? null : (people.get(o.assignee) ?? units.get(o.assignee) ?? null),
        dueAt: o.dueAt,
        markedAt: o.markedAt,
        resolvedAt: o.resolvedAt,
        resolution: o.resolution,
        daysOverdue: Math.max(
          0,
          round1((new Date(until).getTime() - new Date(o.dueAt).getTime()) / 86_400_000),
        ),
      };
    });
    return {
      total: { unit: ctx.unit, self: false, hasChildren: rows.length > 0, ...total },
      rows: rows.map((b) => ({ ...b, ...figures(perBucket.filter((r) => r.bucket === b.unit.id)) })),
      items,
      itemsTruncated: total.overdue > ITEMS_LISTED,
    };
  }
}

/** UI.md §5 工作台: tables list 500 rows at most; the report's lists keep to twice that. */
const SHORTFALLS_LISTED = 1000;
const ITEMS_LISTED = 1000;
