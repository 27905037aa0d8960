import type { Projection, RecordedEvent, SqlExecutor, ProjectionSql } from '#libs/event-store';
import type { TeacherEvent } from '../teacher/teacher.decider.js';

/**
 * The office dashboard's read model (DOMAIN.md "The progression ladder"): per teacher their tier, hours per school year,
 * ethics ban and removal flag, so "teachers per tier", "annual-hours shortfalls" and "bans in force" are
 * plain queries over an org unit's subtree. A teacher's own progression view is computed from their
 * stream instead (one short stream, always exact).
 */
export const teacherProgressProjection: Projection = {
  name: 'teacher_progress',
  tables: ['teacher_progress', 'teacher_hours'],
  eventTypes: [
    'TeacherRecordOpened',
    'TeacherRecordMoved',
    'TierAwarded',
    'TierRevoked',
    'HoursGranted',
    'HoursGrantReversed',
    'EthicsAssessed',
    'FlaggedForRemoval',
  ],
  async setup(db: SqlExecutor) {
    await db.query(`
      CREATE TABLE IF NOT EXISTS teacher_progress (
        teacher_id    text PRIMARY KEY,
        org_unit      text NOT NULL,
        tier          text,
        total_hours   numeric NOT NULL DEFAULT 0,
        ban_ends_at   timestamptz,
        flagged_for_removal boolean NOT NULL DEFAULT false,
        updated_at    timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX IF NOT EXISTS teacher_progress_unit ON teacher_progress (org_unit, tier)`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS teacher_hours (
        teacher_id  text NOT NULL,
        school_year text NOT NULL,
        hours       numeric NOT NULL,
        PRIMARY KEY (teacher_id, school_year)
      )`);
  },
  async apply(event: RecordedEvent, db: ProjectionSql) {
    const teacherId = event.streamId.slice('teacher-'.length);
    const at = event.metadata.recordedAt;
    const e = { type: event.type, data: event.data } as TeacherEvent;
    switch (e.type) {
      case 'TeacherRecordOpened':
        db.defer(
          `INSERT INTO teacher_progress (teacher_id, org_unit, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (teacher_id) DO NOTHING`,
          [teacherId, e.data.orgUnit, at],
        );
        return;
      case 'TeacherRecordMoved':
        // The dashboard of the new unit counts the teacher from now on (their hours go with them).
        db.defer(`UPDATE teacher_progress SET org_unit = $2, updated_at = $3 WHERE teacher_id = $1`, [
          teacherId,
          e.data.toOrgUnit,
          at,
        ]);
        return;
      case 'TierAwarded':
        db.defer(`UPDATE teacher_progress SET tier = $2, updated_at = $3 WHERE teacher_id = $1`, [
          teacherId,
          e.data.tier,
          at,
        ]);
        return;
      case 'TierRevoked':
        db.defer(`UPDATE teacher_progress SET tier = $2, updated_at = $3 WHERE teacher_id = $1`, [
          teacherId,
          e.data.toTier,
          at,
        ]);
        return;
      case 'HoursGranted':
      case 'HoursGrantReversed': {
        const delta = e.type === 'HoursGranted' ? e.data.hours : -e.data.hours;
        db.defer(
          `UPDATE teacher_progress SET total_hours = total_hours + $2, updated_at = $3 WHERE teacher_id = $1`,
          [teacherId, delta, at],
        );
        db.defer(
          `INSERT INTO teacher_hours (teacher_id, school_year, hours) VALUES ($1, $2, $3)
           ON CONFLICT (teacher_id, school_year) DO UPDATE SET hours = teacher_hours.hours + EXCLUDED.hours`,
          [teacherId, e.data.schoolYear, delta],
        );
        return;
      }
      case 'EthicsAssessed':
        if (e.data.banEndsAt)
          db.defer(
            `UPDATE teacher_progress SET ban_ends_at = GREATEST(ban_ends_at, $2::timestamptz), updated_at = $3 WHERE teacher_id = $1`,
            [teacherId, e.data.banEndsAt, at],
          );
        return;
      case 'FlaggedForRemoval':
        db.defer(
          `UPDATE teacher_progress SET flagged_for_removal = true, updated_at = $2 WHERE teacher_id = $1`,
          [teacherId, at],
        );
        return;
      default:
        return;
    }
  },
};
