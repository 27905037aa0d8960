import { Module } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '#libs/platform';

/** An approved `studio` application, as the office that may found its studio sees it. */
export interface ApprovedStudioApplication {
  applicationId: string;
  title: string;
  applicantId: string;
  orgUnit: string;
  decidedAt: string | null;
}

/**
 * Approval's port for the deadlines context and the ladder (DOMAIN.md "Deadlines and reminders";
 * ARCHITECTURE.md "Between contexts": others ask approval, never read its tables): which applications
 * and calls have a step with a due date that may still be open, who holds a draft for a call, and which
 * approved studio applications an office may still found a studio on. Answers come from
 * approval's read model (`application_summaries`, `calls`, application-summary.projection.ts). When that
 * read model is not there a call fails with PostgreSQL's undefined-table error; the timers' reconciler
 * takes that as "nothing yet" on a fresh database, other callers as an error.
 */
export interface OpenApprovalSteps {
  /** The applications in review (reviews are due): their ids. */
  applicationsInReview(): Promise<string[]>;
  /**
   * The applications with another step that may be open: a revision asked of the applicant
   * (changes requested), or an approved training project's evaluations (seed 004 §二(四)9). Their ids.
   */
  applicationsWithOpenSteps(): Promise<string[]>;
  /** The calls whose submission window has not closed: their ids. */
  openCalls(): Promise<string[]>;
  /** DOMAIN.md stage 1: who holds an unsubmitted draft for the call, by id. */
  draftHolders(callId: string): Promise<string[]>;
  /**
   * The approved `studio` applications of any of `orgUnits` (seed 000 §五(三): a studio is founded on
   * one), latest decision first, then by id; a page of `limit` from `offset`. Whether a studio was
   * founded on one is the ladder's to know.
   */
  approvedStudioApplications(
    orgUnits: readonly string[],
    page: { limit: number; offset: number },
  ): Promise<ApprovedStudioApplication[]>;
}

/** The Nest token of OpenApprovalSteps. */
export const OPEN_APPROVAL_STEPS = Symbol('OPEN_APPROVAL_STEPS');

/** The port over approval's PostgreSQL read model. */
export function postgresOpenApprovalSteps(db: pg.Pool): OpenApprovalSteps {
  const ids = async (sql: string, params: unknown[] = []) =>
    (await db.query<{ id: string }>(sql, params)).rows.map((r) => r.id);
  return {
    applicationsInReview: () =>
      ids(`SELECT application_id AS id FROM application_summaries WHERE stage = 'in_review'`),
    applicationsWithOpenSteps: () =>
      ids(`SELECT application_id AS id FROM application_summaries
            WHERE stage = 'changes_requested' OR (kind = 'training_project' AND stage = 'approved')`),
    openCalls: () => ids(`SELECT call_id AS id FROM calls WHERE NOT closed`),
    draftHolders: (callId) =>
      ids(
        `SELECT DISTINCT applicant_id AS id FROM application_summaries
          WHERE call_id = $1 AND stage = 'draft' ORDER BY applicant_id`,
        [callId],
      ),
    async approvedStudioApplications(orgUnits, { limit, offset }) {
      if (orgUnits.length === 0 || limit <= 0) return [];
      const r = await db.query<ApprovedStudioApplication>(
        `SELECT application_id AS "applicationId", title, applicant_id AS "applicantId", org_unit AS "orgUnit",
                decided_at AS "decidedAt"
           FROM application_summaries
          WHERE kind = 'studio' AND stage = 'approved' AND org_unit = ANY ($1::text[])
          ORDER BY decided_at DESC NULLS LAST, application_id LIMIT $2 OFFSET $3`,
        [[...orgUnits], limit, offset],
      );
      return r.rows;
    },
  };
}

/**
 * Provides OpenApprovalSteps to the modules that import it (the worker's timers, the api's studios), over
 * the global pool.
 */
@Module({
  providers: [
    {
      provide: OPEN_APPROVAL_STEPS,
      inject: [PG_POOL],
      useFactory: (pool: pg.Pool) => postgresOpenApprovalSteps(pool),
    },
  ],
  exports: [OPEN_APPROVAL_STEPS],
})
export class OpenApprovalStepsModule {}
