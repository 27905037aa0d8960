import { Module } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '#libs/platform';

/**
 * Approval's port for the deadlines context (DOMAIN.md "Deadlines and reminders"; ARCHITECTURE.md
 * "Between contexts": others ask approval, never read its tables): which applications and calls have a
 * step with a due date that may still be open, and who holds a draft for a call. Answers come from
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
  };
}

/** Provides OpenApprovalSteps to the modules that import it (the worker's timers), over the global pool. */
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
