import { Module } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '#libs/platform';

/** Where a teacher stands on the ladder, as a list beside their name shows it. */
export interface LadderProfile {
  /** The tier the ladder's record holds; null when the record has none yet. */
  tier: string | null;
  /** The subject of the open studio they lead (the earliest founded, if several); null when none. */
  studioSubject: string | null;
}

/**
 * The ladder's port for other contexts' lists (ARCHITECTURE.md "Between contexts": others ask the
 * ladder, never read its tables): the tier and studio of each of a bounded set of teachers, in one
 * look-up — e.g. the reviewers a chair may assign (DOMAIN.md "People and roles"). Answers come from the
 * ladder's read model (`teacher_progress`, teacher-progress.projection.ts; `studios`,
 * mentorship-directory.projection.ts); when it is not there a call fails with PostgreSQL's
 * undefined-table error.
 */
export interface LadderProfiles {
  /**
   * The profile of each of `teacherIds` the ladder knows (a record of theirs, or an open studio they
   * lead); the others are left out.
   */
  profilesOf(teacherIds: readonly string[]): Promise<Map<string, LadderProfile>>;
}

/** The Nest token of LadderProfiles. */
export const LADDER_PROFILES = Symbol('LADDER_PROFILES');

/** The port over the ladder's PostgreSQL read model. */
export function postgresLadderProfiles(db: pg.Pool): LadderProfiles {
  return {
    async profilesOf(teacherIds) {
      const out = new Map<string, LadderProfile>();
      if (teacherIds.length === 0) return out;
      const r = await db.query<{ id: string } & LadderProfile>(
        `SELECT x.id, p.tier, st.subject AS "studioSubject"
           FROM unnest($1::text[]) AS x(id)
           LEFT JOIN teacher_progress p ON p.teacher_id = x.id
           LEFT JOIN LATERAL (
                SELECT subject FROM studios WHERE leader_id = x.id AND NOT closed
                 ORDER BY founded_at, studio_id LIMIT 1) st ON true
          WHERE p.teacher_id IS NOT NULL OR st.subject IS NOT NULL`,
        [[...new Set(teacherIds)]],
      );
      for (const { id, tier, studioSubject } of r.rows) out.set(id, { tier, studioSubject });
      return out;
    },
  };
}

/** Provides LadderProfiles to the modules that import it (the api's queries), over the global pool. */
@Module({
  providers: [
    {
      provide: LADDER_PROFILES,
      inject: [PG_POOL],
      useFactory: (pool: pg.Pool) => postgresLadderProfiles(pool),
    },
  ],
  exports: [LADDER_PROFILES],
})
export class LadderProfilesModule {}
