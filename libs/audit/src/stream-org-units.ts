import { Module } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '#libs/platform';

/**
 * Audit's port for the org unit a stream belongs to (ARCHITECTURE.md "Between contexts": others ask
 * audit, never read its tables), e.g. the queue console scoping a job by the stream it acts on (DOMAIN.md
 * "People and roles": an admin sees their unit and below). The unit is the one the audit log keeps for
 * the stream (DOMAIN.md "Audit trail"): the first `orgUnit` in its data (an application's is the
 * applicant's school), else — a stream whose data names no unit, e.g. a mentorship — the unit of its
 * first event's writer. Answers come from audit's read model (`audit_streams`, `audit_log`,
 * audit-log.projection.ts); when it is not there a call fails.
 */
export interface StreamOrgUnits {
  /** The org unit of each stream among `streamIds` the audit log knows; unknown streams are left out. */
  orgUnitsOf(streamIds: readonly string[]): Promise<Map<string, string>>;
}

/** The Nest token of StreamOrgUnits. */
export const STREAM_ORG_UNITS = Symbol('STREAM_ORG_UNITS');

/** The port over audit's PostgreSQL read model. */
export function postgresStreamOrgUnits(db: pg.Pool): StreamOrgUnits {
  return {
    async orgUnitsOf(streamIds) {
      const out = new Map<string, string>();
      const streams = [...new Set(streamIds)];
      if (streams.length === 0) return out;
      const known = await db.query<{ stream_id: string; org_unit: string | null }>(
        'SELECT stream_id, org_unit FROM audit_streams WHERE stream_id = ANY ($1::text[])',
        [streams],
      );
      for (const r of known.rows) if (r.org_unit) out.set(r.stream_id, r.org_unit);
      const rest = streams.filter((st) => !out.has(st));
      if (rest.length > 0) {
        // Streams whose data names no unit: the unit of their first event's writer (by the entity index).
        const first = await db.query<{ stream_id: string; org_unit: string }>(
          `SELECT DISTINCT ON (a.stream_id) a.stream_id, a.org_unit
             FROM audit_log a
             JOIN unnest($1::text[]) AS s(stream_id)
               ON a.entity_kind = split_part(s.stream_id, '-', 1)
              AND a.entity_id = substr(s.stream_id, length(split_part(s.stream_id, '-', 1)) + 2)
            ORDER BY a.stream_id, a.tx_id, a.seq`,
          [rest],
        );
        for (const r of first.rows) if (r.org_unit) out.set(r.stream_id, r.org_unit);
      }
      return out;
    },
  };
}

/** Provides StreamOrgUnits to the modules that import it (the api's queue console), over the global pool. */
@Module({
  providers: [
    {
      provide: STREAM_ORG_UNITS,
      inject: [PG_POOL],
      useFactory: (pool: pg.Pool) => postgresStreamOrgUnits(pool),
    },
  ],
  exports: [STREAM_ORG_UNITS],
})
export class StreamOrgUnitsModule {}
