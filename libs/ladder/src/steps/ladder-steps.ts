import { Module } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '#libs/platform';

/** A teacher the ladder follows, with the org unit its read model keeps for them. */
export interface LadderTeacher {
  id: string;
  orgUnit: string;
}

/**
 * The ladder's port for the deadlines context (DOMAIN.md "Deadlines and reminders", "Hours and credits";
 * ARCHITECTURE.md "Between contexts": others ask the ladder, never read its tables): the mentorships and
 * teachers with a step that may be open, and the teachers it follows. Answers come from the ladder's
 * read model (`mentorships`, mentorship-directory.projection.ts; `teacher_progress`,
 * teacher-progress.projection.ts). When it is not there a call fails with PostgreSQL's undefined-table
 * error; the timers' reconciler takes that as "nothing yet" on a fresh database.
 */
export interface LadderSteps {
  /** seed 002 (三)4: the active mentorships whose year the mentor has not signed off yet, by id. */
  mentorshipsAwaitingSignOff(): Promise<string[]>;
  /** seed 002: the teachers whose ethics ban ends after `instant`, by id. */
  teachersBannedBeyond(instant: Date): Promise<string[]>;
  /**
   * The teachers the ladder follows, by id after `after`, at most `limit` (a page: the next one starts
   * after the last id). Whether each is still an active teacher is identity's to say.
   */
  teachers(after: string, limit: number): Promise<LadderTeacher[]>;
}

/** The Nest token of LadderSteps. */
export const LADDER_STEPS = Symbol('LADDER_STEPS');

/** The port over the ladder's PostgreSQL read model. */
export function postgresLadderSteps(db: pg.Pool): LadderSteps {
  return {
    async mentorshipsAwaitingSignOff() {
      const r = await db.query<{ id: string }>(
        `SELECT mentorship_id AS id FROM mentorships WHERE status = 'active' AND signed_off_at IS NULL`,
      );
      return r.rows.map((row) => row.id);
    },
    async teachersBannedBeyond(instant) {
      const r = await db.query<{ id: string }>(
        `SELECT teacher_id AS id FROM teacher_progress WHERE ban_ends_at > $1`,
        [instant.toISOString()],
      );
      return r.rows.map((row) => row.id);
    },
    async teachers(after, limit) {
      const r = await db.query<LadderTeacher>(
        `SELECT teacher_id AS id, org_unit AS "orgUnit" FROM teacher_progress
          WHERE teacher_id > $1 ORDER BY teacher_id LIMIT $2`,
        [after, limit],
      );
      return r.rows;
    },
  };
}

/** Provides LadderSteps to the modules that import it (the worker's timers), over the global pool. */
@Module({
  providers: [
    {
      provide: LADDER_STEPS,
      inject: [PG_POOL],
      useFactory: (pool: pg.Pool) => postgresLadderSteps(pool),
    },
  ],
  exports: [LADDER_STEPS],
})
export class LadderStepsModule {}
