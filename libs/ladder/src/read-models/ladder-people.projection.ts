import {
  dataOf,
  type Projection,
  type ProjectionSql,
  type RecordedEvent,
  type SqlExecutor,
} from '#libs/event-store';
import type { UserEvent } from '#libs/identity';

/**
 * Each person's current org unit, as the ladder keeps it from identity's published events
 * (ARCHITECTURE.md "Between contexts": a context subscribes to another's events and never reads its
 * tables). The office's pairings list is filtered by the mentee's current unit (DOMAIN.md "People and
 * roles": an office sees its unit and the units below), sorted and paged in SQL over `mentorships`
 * joined with this table; a teacher who moves school is listed under the new one from the transfer on.
 *
 * Ids and units only: names are personal data sealed in identity's events, and are asked of identity's
 * directory for the rows shown, so an erasure (DOMAIN.md "Audit trail") never has to reach this table.
 *
 * Its own projection, with its own checkpoint: on an upgrade that brings it, it starts from the
 * beginning of the log like any new projection, so the people registered before are all here once it
 * has caught up, without touching the mentorship directory's rows meanwhile.
 */
export const ladderPeopleProjection: Projection = {
  name: 'ladder_people',
  tables: ['ladder_people'],
  eventTypes: ['UserRegistered', 'UserTransferred'],

  async setup(db: SqlExecutor) {
    await db.query(`
      CREATE TABLE IF NOT EXISTS ladder_people (
        person_id  text PRIMARY KEY,
        org_unit   text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX IF NOT EXISTS ladder_people_unit ON ladder_people (org_unit)`);
  },

  async apply(event: RecordedEvent, db: ProjectionSql) {
    if (!event.streamId.startsWith('user-')) return;
    const id = event.streamId.slice('user-'.length);
    const at = event.metadata.recordedAt;
    switch (event.type) {
      case 'UserRegistered': {
        const d = dataOf<UserEvent, 'UserRegistered'>(event, 'UserRegistered');
        db.defer(
          `INSERT INTO ladder_people (person_id, org_unit, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (person_id) DO NOTHING`,
          [id, d.orgUnit, at],
        );
        return;
      }
      case 'UserTransferred': {
        const d = dataOf<UserEvent, 'UserTransferred'>(event, 'UserTransferred');
        db.defer(`UPDATE ladder_people SET org_unit = $2, updated_at = $3 WHERE person_id = $1`, [
          id,
          d.toOrgUnit,
          at,
        ]);
        return;
      }
    }
  },
};
