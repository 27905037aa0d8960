import type { Projection, ProjectionSql, RecordedEvent, SqlExecutor } from '#libs/event-store';
import type { AnnualSummaryEvent } from '../annual-summary/annual-summary.decider.js';
import type { ApplicationEvent } from '../application/application.decider.js';

/**
 * The office's overdue report (统计报表 逾期事项): every step the deadline timers marked overdue —
 * a reviewer's review (ReviewOverdue), an applicant's revision (RevisionOverdue), an office's annual
 * summary (AnnualSummaryOverdue) — with its org unit and due date, and when and how it was settled
 * afterwards. DOMAIN.md "Deadlines and reminders": an overdue step is handled once, so the report counts
 * the recorded facts, not a fresh comparison with the clock.
 *
 * - `overdue_step_subjects`: each application's unit, kind and title (the overdue events do not carry
 *   them; the approval context's own events do);
 * - `overdue_steps`: one row per overdue step; `resolved_at`/`resolution` once the step is done late
 *   (submitted), or ends without it (reviewer removed, application withdrawn or decided).
 */
export const overdueStepsProjection: Projection = {
  name: 'overdue_steps',
  tables: ['overdue_step_subjects', 'overdue_steps'],
  eventTypes: [
    'ApplicationDrafted',
    'DraftUpdated',
    'ReviewOverdue',
    'RevisionOverdue',
    'ReviewSubmitted',
    'ReviewerRemoved',
    'ApplicationSubmitted',
    'ApplicationWithdrawn',
    'ApplicationDecided',
    'AnnualSummaryOverdue',
    'AnnualSummarySubmitted',
  ],
  async setup(db: SqlExecutor) {
    await db.query(`
      CREATE TABLE IF NOT EXISTS overdue_step_subjects (
        application_id text PRIMARY KEY,
        org_unit       text NOT NULL,
        kind           text NOT NULL,
        title          text NOT NULL
      )`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS overdue_steps (
        stream_id      text NOT NULL,
        step           text NOT NULL,
        subject        text NOT NULL,
        org_unit       text NOT NULL,
        application_id text,
        kind           text,
        title          text,
        assignee       text,
        due_at         timestamptz NOT NULL,
        marked_at      timestamptz NOT NULL,
        resolved_at    timestamptz,
        resolution     text,
        PRIMARY KEY (stream_id, step, subject)
      )`);
    await db.query(`CREATE INDEX IF NOT EXISTS overdue_steps_unit ON overdue_steps (org_unit, due_at)`);
  },
  async apply(event: RecordedEvent, db: ProjectionSql) {
    const at = event.metadata.recordedAt;
    if (event.streamId.startsWith('annualsummary-')) {
      const e = { type: event.type, data: event.data } as AnnualSummaryEvent;
      if (e.type === 'AnnualSummaryOverdue')
        db.defer(
          `INSERT INTO overdue_steps (stream_id, step, subject, org_unit, assignee, due_at, marked_at)
           VALUES ($1, 'annual_summary', $2, $3, $3, $4, $5) ON CONFLICT DO NOTHING`,
          [event.streamId, String(e.data.year), e.data.orgUnit, e.data.dueAt, e.data.markedAt],
        );
      else if (e.type === 'AnnualSummarySubmitted') settle(db, event.streamId, null, at, 'submitted_late');
      return;
    }
    if (!event.streamId.startsWith('application-')) return;
    const id = event.streamId.slice('application-'.length);
    const e = { type: event.type, data: event.data } as ApplicationEvent;
    switch (e.type) {
      case 'ApplicationDrafted':
        db.defer(
          `INSERT INTO overdue_step_subjects (application_id, org_unit, kind, title) VALUES ($1, $2, $3, $4)
           ON CONFLICT (application_id) DO NOTHING`,
          [id, e.data.orgUnit, e.data.kind, e.data.title],
        );
        return;
      case 'DraftUpdated':
        db.defer(`UPDATE overdue_step_subjects SET title = $2 WHERE application_id = $1`, [id, e.data.title]);
        return;
      case 'ReviewOverdue':
      case 'RevisionOverdue': {
        const review = e.type === 'ReviewOverdue';
        db.defer(
          `INSERT INTO overdue_steps (stream_id, step, subject, org_unit, application_id, kind, title, assignee, due_at, marked_at)
           SELECT $1, $2, $3, s.org_unit, s.application_id, s.kind, s.title, $4, $5, $6
             FROM overdue_step_subjects s WHERE s.application_id = $7
           ON CONFLICT DO NOTHING`,
          [
            event.streamId,
            review ? 'review' : 'revision',
            review ? `${e.data.reviewerId}@${e.data.revision}` : String(e.data.revision),
            review ? e.data.reviewerId : null,
            e.data.dueAt,
            e.data.markedAt,
            id,
          ],
        );
        return;
      }
      // The overdue review is done late: the reviewer's review of that revision arrives.
      case 'ReviewSubmitted':
        settle(db, event.streamId, `${e.data.reviewerId}@${e.data.revision}`, at, 'submitted_late');
        return;
      case 'ReviewerRemoved':
        settle(db, event.streamId, `${e.data.reviewerId}@${e.data.revision}`, at, 'reviewer_removed');
        return;
      // A resubmission is the overdue revision done late (any earlier round it answers).
      case 'ApplicationSubmitted':
        db.defer(
          `UPDATE overdue_steps SET resolved_at = $2, resolution = 'submitted_late'
            WHERE stream_id = $1 AND step = 'revision' AND resolved_at IS NULL AND subject::int < $3`,
          [event.streamId, at, e.data.revision],
        );
        return;
      case 'ApplicationWithdrawn':
        settle(db, event.streamId, null, at, 'withdrawn');
        return;
      case 'ApplicationDecided':
        settle(db, event.streamId, null, at, 'decided');
        return;
      default:
        return;
    }
  },
};

/** Marks the stream's open overdue steps (one subject, or all of them) as settled. */
function settle(db: ProjectionSql, streamId: string, subject: string | null, at: string, how: string) {
  db.defer(
    `UPDATE overdue_steps SET resolved_at = $2, resolution = $3
      WHERE stream_id = $1 AND resolved_at IS NULL AND ($4::text IS NULL OR subject = $4::text)`,
    [streamId, at, how, subject],
  );
}
