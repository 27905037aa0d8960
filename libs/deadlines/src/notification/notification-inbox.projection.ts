import type { Projection, RecordedEvent, SqlExecutor, ProjectionSql } from '#libs/event-store';
import { isReviewStep, type NotificationEvent } from './notification.decider.js';

/**
 * The in-app inbox (DOMAIN.md "Deadlines and reminders"): one row per notification, read by its recipient newest first,
 * with an unread count.
 */
export const notificationInboxProjection: Projection = {
  name: 'notification_inbox',
  tables: ['notifications'],
  eventTypes: ['NotificationSent', 'NotificationRead'],
  async setup(db: SqlExecutor) {
    await db.query(`
      CREATE TABLE IF NOT EXISTS notifications (
        notification_id text PRIMARY KEY,
        recipient_id    text NOT NULL,
        kind            text NOT NULL,
        cause           text NOT NULL,
        application_id  text,
        reviewer_id     text,
        revision        integer,
        step            text NOT NULL DEFAULT 'review',
        stream_id       text,
        occurrence      text,
        subject_id      text,
        due_at          timestamptz,
        details         jsonb,
        sent_at         timestamptz NOT NULL,
        read_at         timestamptz,
        seq             bigint NOT NULL
      )`);
    // A table made before the other steps had notifications (review only) gains their columns; one made
    // before steps were announced as they happen gains their details, and a due date becomes optional
    // (a decision or a completion has none).
    await db.query(`
      ALTER TABLE notifications
        ALTER COLUMN application_id DROP NOT NULL,
        ALTER COLUMN reviewer_id DROP NOT NULL,
        ALTER COLUMN revision DROP NOT NULL,
        ALTER COLUMN due_at DROP NOT NULL,
        ADD COLUMN IF NOT EXISTS step text NOT NULL DEFAULT 'review',
        ADD COLUMN IF NOT EXISTS stream_id text,
        ADD COLUMN IF NOT EXISTS occurrence text,
        ADD COLUMN IF NOT EXISTS subject_id text,
        ADD COLUMN IF NOT EXISTS details jsonb`);
    await db.query(
      `CREATE INDEX IF NOT EXISTS notifications_recipient ON notifications (recipient_id, sent_at DESC, seq DESC)`,
    );
    await db.query(
      `CREATE INDEX IF NOT EXISTS notifications_unread ON notifications (recipient_id) WHERE read_at IS NULL`,
    );
  },
  async apply(event: RecordedEvent, db: ProjectionSql) {
    if (!event.streamId.startsWith('notification-')) return;
    const id = event.streamId.slice('notification-'.length);
    const e = { type: event.type, data: event.data } as NotificationEvent;
    switch (e.type) {
      case 'NotificationSent': {
        const about = e.data.about;
        const review = isReviewStep(about) ? about : null;
        const other = isReviewStep(about) ? null : about;
        // Steps of an application (revision, evaluation) are listed with the application too.
        const applicationId =
          review?.applicationId ?? (other?.streamId.startsWith('application-') ? other.subjectId : null);
        db.defer(
          `INSERT INTO notifications
             (notification_id, recipient_id, kind, cause, application_id, reviewer_id, revision,
              step, stream_id, occurrence, subject_id, due_at, details, sent_at, seq)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
           ON CONFLICT (notification_id) DO NOTHING`,
          [
            id,
            e.data.recipientId,
            e.data.kind,
            e.data.key,
            applicationId,
            review?.reviewerId ?? null,
            review?.revision ?? null,
            other?.step ?? 'review',
            other?.streamId ?? (review ? `application-${review.applicationId}` : null),
            other?.occurrence ?? null,
            other?.subjectId ?? review?.applicationId ?? null,
            about.dueAt,
            e.data.details ? JSON.stringify(e.data.details) : null,
            e.data.sentAt,
            event.position.seq.toString(),
          ],
        );
        return;
      }
      case 'NotificationRead':
        db.defer(`UPDATE notifications SET read_at = $2 WHERE notification_id = $1`, [id, e.data.readAt]);
        return;
    }
  },
};
