import { Module } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '#libs/platform';

/**
 * Approval's titles for pages of other contexts (ARCHITECTURE.md "Between contexts": others ask approval,
 * never read its tables): what an application or a call is called now, for a bounded set of ids — a page
 * of the inbox asks once for all its rows (DOMAIN.md "Deadlines and reminders": a notification names
 * what it is about). An application's title is its latest revision's (a revision may retitle it), so it
 * is looked up when shown, not kept with the notification. Answers come from approval's read model
 * (`application_summaries`, `calls`, application-summary.projection.ts); when it is not there a call
 * fails with PostgreSQL's undefined-table error.
 */
export interface ApprovalTitles {
  /** The title of each known application among `applicationIds`; unknown ones are left out. */
  applicationTitles(applicationIds: readonly string[]): Promise<Map<string, string>>;
  /** The title of each known call among `callIds`; unknown ones are left out. */
  callTitles(callIds: readonly string[]): Promise<Map<string, string>>;
}

/** The Nest token of ApprovalTitles. */
export const APPROVAL_TITLES = Symbol('APPROVAL_TITLES');

/** The titles over approval's PostgreSQL read model. */
export function postgresApprovalTitles(db: pg.Pool): ApprovalTitles {
  const titles = async (sql: string, ids: readonly string[]) => {
    const out = new Map<string, string>();
    if (ids.length === 0) return out;
    const r = await db.query<{ id: string; title: string }>(sql, [[...new Set(ids)]]);
    for (const row of r.rows) out.set(row.id, row.title);
    return out;
  };
  return {
    applicationTitles: (ids) =>
      titles(
        `SELECT application_id AS id, title FROM application_summaries WHERE application_id = ANY ($1::text[])`,
        ids,
      ),
    callTitles: (ids) =>
      titles(`SELECT call_id AS id, title FROM calls WHERE call_id = ANY ($1::text[])`, ids),
  };
}

/** Provides ApprovalTitles to the modules that import it (the api's inbox), over the global pool. */
@Module({
  providers: [
    {
      provide: APPROVAL_TITLES,
      inject: [PG_POOL],
      useFactory: (pool: pg.Pool) => postgresApprovalTitles(pool),
    },
  ],
  exports: [APPROVAL_TITLES],
})
export class ApprovalTitlesModule {}
