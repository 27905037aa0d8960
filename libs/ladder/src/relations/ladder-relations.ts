import { Module } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '#libs/platform';

/**
 * The ladder's port for conflict-of-interest checks (DOMAIN.md 利益回避; ARCHITECTURE.md "Between
 * contexts": approval asks the ladder, never reads its tables): who among some people is tied to another
 * person by a mentorship or a studio. Answers come from the ladder's read model (`mentorships`,
 * `studio_members`, mentorship-directory.projection.ts); when it is not there a call fails — a conflict
 * check must never pass because it could not look.
 */
export interface LadderRelations {
  /** Those of `personIds` who are (or were) `otherId`'s mentor or mentee, in any pairing. */
  mentorshipPartners(personIds: readonly string[], otherId: string): Promise<string[]>;
  /** Those of `personIds` who are, with `otherId`, current members of one studio. */
  studioPeers(personIds: readonly string[], otherId: string): Promise<string[]>;
}

/** The Nest token of the LadderRelations. */
export const LADDER_RELATIONS = Symbol('LADDER_RELATIONS');

/** The relations over the ladder's PostgreSQL read model. */
export function postgresLadderRelations(db: pg.Pool): LadderRelations {
  return {
    async mentorshipPartners(personIds, otherId) {
      if (personIds.length === 0) return [];
      const r = await db.query<{ id: string }>(
        `SELECT CASE WHEN mentor_id = $2 THEN mentee_id ELSE mentor_id END AS id FROM mentorships
          WHERE (mentor_id = ANY ($1) AND mentee_id = $2) OR (mentee_id = ANY ($1) AND mentor_id = $2)`,
        [[...personIds], otherId],
      );
      return r.rows.map((row) => row.id);
    },
    async studioPeers(personIds, otherId) {
      if (personIds.length === 0) return [];
      const r = await db.query<{ id: string }>(
        `SELECT DISTINCT x.member_id AS id FROM studio_members x JOIN studio_members y ON x.studio_id = y.studio_id
          WHERE x.member_id = ANY ($1) AND y.member_id = $2 AND x.left_at IS NULL AND y.left_at IS NULL`,
        [[...personIds], otherId],
      );
      return r.rows.map((row) => row.id);
    },
  };
}

/** Provides the LadderRelations to the modules that import it (approval, the api's queries). */
@Module({
  providers: [
    {
      provide: LADDER_RELATIONS,
      inject: [PG_POOL],
      useFactory: (pool: pg.Pool) => postgresLadderRelations(pool),
    },
  ],
  exports: [LADDER_RELATIONS],
})
export class LadderRelationsModule {}
