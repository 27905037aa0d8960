import { Module } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '#libs/platform';

/**
 * How a report groups org units: each unit (key) with the bucket (value) its figures are added to. The
 * caller has it from identity's directory, so the ladder never reads the org tree.
 */
export type UnitBuckets = ReadonlyMap<string, string>;

/** Teachers of a bucket at one tier (null: no tier awarded yet). */
export interface TierCount {
  bucket: string;
  tier: string | null;
  teachers: number;
}

/** A bucket's teachers and their hours in a school year against the annual requirement. */
export interface HoursFigures {
  bucket: string;
  teachers: number;
  /** Their hours in the school year, added up (a teacher without any counts 0). */
  hours: number;
  /** Those below the requirement, and by how many hours together. */
  shortTeachers: number;
  shortHours: number;
}

/** A teacher below the annual requirement: their unit and their hours in the school year. */
export interface HoursShortfall {
  teacherId: string;
  orgUnit: string;
  hours: number;
}

/** A bucket's credits and hours of one level in a school year. */
export interface CreditFigures {
  bucket: string;
  level: string;
  credits: number;
  hours: number;
}

/**
 * The ladder's port for the office's reports (UI.md §5 统计报表; DOMAIN.md "The progression ladder",
 * "Hours and credits"; ARCHITECTURE.md "Between contexts": others ask the ladder, never read its
 * tables): its figures added up per bucket of org units the caller hands over, and the teachers short
 * of the hours requirement. A teacher counts where the ladder's read model keeps them (`teacher_progress`,
 * teacher-progress.projection.ts; `teacher_hours`; `teacher_credits`, teacher-credits.projection.ts);
 * teachers of units not handed over are left out. When the read model is not there a call fails with
 * PostgreSQL's undefined-table error.
 */
export interface LadderReports {
  /** The teachers per bucket and tier; buckets without teachers left out. */
  tiers(buckets: UnitBuckets): Promise<TierCount[]>;
  /**
   * The teachers per bucket with their hours in `schoolYear` against `required` (DOMAIN.md "Hours and
   * credits": an annual requirement, seed 003 §二(四)); buckets without teachers left out.
   */
  hours(buckets: UnitBuckets, schoolYear: string, required: number): Promise<HoursFigures[]>;
  /**
   * The teachers of `units` below `required` hours in `schoolYear`, fewest hours first (then by id): the
   * first `limit`, and besides them every one within a tenth of an hour of the last — a report rounds
   * gaps to a tenth (UI.md §1.3) and ranks equal gaps by name, which may put one of those first.
   */
  shortfalls(
    units: readonly string[],
    schoolYear: string,
    required: number,
    limit: number,
  ): Promise<HoursShortfall[]>;
  /** seed 000 §六(二): credits and hours per bucket and level in `schoolYear`; empty ones left out. */
  credits(buckets: UnitBuckets, schoolYear: string): Promise<CreditFigures[]>;
}

/** The Nest token of LadderReports. */
export const LADDER_REPORTS = Symbol('LADDER_REPORTS');

/** A tenth of an hour, and a little more for floating point: a report's rounding of a gap. */
const TIE = 0.1 + 1e-9;

/** The port over the ladder's PostgreSQL read model. */
export function postgresLadderReports(db: pg.Pool): LadderReports {
  const pair = (buckets: UnitBuckets) => [[...buckets.keys()], [...buckets.values()]];
  return {
    async tiers(buckets) {
      const r = await db.query<TierCount>(
        `SELECT b.bucket, p.tier, count(*)::int AS teachers
           FROM teacher_progress p JOIN unnest($1::text[], $2::text[]) AS b(unit, bucket) ON b.unit = p.org_unit
          GROUP BY b.bucket, p.tier`,
        pair(buckets),
      );
      return r.rows;
    },
    async hours(buckets, schoolYear, required) {
      // Each teacher's hours as float8 before adding up, as the figures were taken per teacher before.
      const r = await db.query<HoursFigures>(
        `WITH t AS (
           SELECT b.bucket, coalesce(h.hours, 0)::float8 AS hours
             FROM teacher_progress p JOIN unnest($1::text[], $2::text[]) AS b(unit, bucket) ON b.unit = p.org_unit
             LEFT JOIN teacher_hours h ON h.teacher_id = p.teacher_id AND h.school_year = $3)
         SELECT bucket, count(*)::int AS teachers, sum(hours)::float8 AS hours,
                count(*) FILTER (WHERE hours < $4::float8)::int AS "shortTeachers",
                coalesce(sum($4::float8 - hours) FILTER (WHERE hours < $4::float8), 0)::float8 AS "shortHours"
           FROM t GROUP BY bucket`,
        [...pair(buckets), schoolYear, required],
      );
      return r.rows;
    },
    async shortfalls(units, schoolYear, required, limit) {
      if (units.length === 0 || limit <= 0) return [];
      const r = await db.query<HoursShortfall>(
        `WITH short AS (
           SELECT p.teacher_id AS "teacherId", p.org_unit AS "orgUnit", coalesce(h.hours, 0)::float8 AS hours
             FROM teacher_progress p
             LEFT JOIN teacher_hours h ON h.teacher_id = p.teacher_id AND h.school_year = $2
            WHERE p.org_unit = ANY ($1::text[]) AND coalesce(h.hours, 0)::float8 < $3::float8),
         edge AS (SELECT hours FROM short ORDER BY hours, "teacherId" OFFSET $4 - 1 LIMIT 1)
         SELECT * FROM short
          WHERE NOT EXISTS (SELECT 1 FROM edge) OR hours < (SELECT hours FROM edge) + $5::float8
          ORDER BY hours, "teacherId"`,
        [[...units], schoolYear, required, limit, TIE],
      );
      return r.rows;
    },
    async credits(buckets, schoolYear) {
      const r = await db.query<CreditFigures>(
        `SELECT b.bucket, c.level, sum(c.credits)::float8 AS credits, sum(c.hours)::float8 AS hours
           FROM teacher_credits c JOIN teacher_progress p ON p.teacher_id = c.teacher_id
           JOIN unnest($1::text[], $2::text[]) AS b(unit, bucket) ON b.unit = p.org_unit
          WHERE c.school_year = $3
          GROUP BY b.bucket, c.level`,
        [...pair(buckets), schoolYear],
      );
      return r.rows;
    },
  };
}

/** Provides LadderReports to the modules that import it (the api's reports), over the global pool. */
@Module({
  providers: [
    {
      provide: LADDER_REPORTS,
      inject: [PG_POOL],
      useFactory: (pool: pg.Pool) => postgresLadderReports(pool),
    },
  ],
  exports: [LADDER_REPORTS],
})
export class LadderReportsModule {}
