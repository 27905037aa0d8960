import type { Projection, ProjectionSql, RecordedEvent, SqlExecutor } from '#libs/event-store';
import type { TeacherEvent } from '../teacher/teacher.decider.js';

/**
 * The office's credit report (统计报表 学分结构): each teacher's credits and hours per school year and
 * level, so "the credit split by level against 10/20/20/50" (seed 000 §六(二)) of an org unit's subtree
 * is one grouped query over this table joined to `teacher_progress` for the unit. A reversal (冲销)
 * carries the entry's level, credits and school year, so it subtracts from the same row: the table
 * always holds the net of the append-only ledger (DOMAIN.md "Hours and credits").
 */
export const teacherCreditsProjection: Projection = {
  name: 'teacher_credits',
  tables: ['teacher_credits'],
  eventTypes: ['HoursGranted', 'HoursGrantReversed'],
  async setup(db: SqlExecutor) {
    await db.query(`
      CREATE TABLE IF NOT EXISTS teacher_credits (
        teacher_id  text NOT NULL,
        school_year text NOT NULL,
        level       text NOT NULL,
        credits     numeric NOT NULL,
        hours       numeric NOT NULL,
        PRIMARY KEY (teacher_id, school_year, level)
      )`);
    await db.query(`CREATE INDEX IF NOT EXISTS teacher_credits_year ON teacher_credits (school_year)`);
  },
  async apply(event: RecordedEvent, db: ProjectionSql) {
    const e = { type: event.type, data: event.data } as TeacherEvent;
    if (e.type !== 'HoursGranted' && e.type !== 'HoursGrantReversed') return;
    const sign = e.type === 'HoursGranted' ? 1 : -1;
    db.defer(
      `INSERT INTO teacher_credits (teacher_id, school_year, level, credits, hours) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (teacher_id, school_year, level) DO UPDATE
         SET credits = teacher_credits.credits + EXCLUDED.credits, hours = teacher_credits.hours + EXCLUDED.hours`,
      [
        event.streamId.slice('teacher-'.length),
        e.data.schoolYear,
        e.data.level,
        sign * e.data.credits,
        sign * e.data.hours,
      ],
    );
  },
};
