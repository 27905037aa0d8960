import type { Projection, RecordedEvent, SqlExecutor, ProjectionSql } from '#libs/event-store';
import type { ApplicationEvent } from '../application/application.decider.js';

/**
 * The approval read models (issue #3 item 6):
 * - `application_summaries`: one row per application — "my applications", the chair's board by stage;
 * - `review_assignments`: one row per reviewer and application — "my review queue" with due dates;
 * - `reviews`: submitted reviews, shown under the visibility rules of the API;
 * - `calls`: open calls and their windows.
 */
export const applicationSummaryProjection: Projection = {
  name: 'application_summaries',
  tables: ['application_summaries', 'review_assignments', 'reviews', 'calls'],
  // Every type apply() handles: the subscription fetches no payload of any other (keep in step).
  eventTypes: [
    'CallOpened',
    'CallClosed',
    'ApplicationDrafted',
    'DraftUpdated',
    'ApplicationSubmitted',
    'ApplicationWithdrawn',
    'ReviewersAssigned',
    'ReviewSubmitted',
    'ChangesRequested',
    'ApplicationDecided',
    'TraineeEnrolled',
    'TrainingCompleted',
    'TraineeEvaluationSubmitted',
    'PerformanceEvaluated',
    'ProjectRetired',
    'ProjectRenewable',
  ],
  async setup(db: SqlExecutor) {
    await db.query(`
      CREATE TABLE IF NOT EXISTS application_summaries (
        application_id text PRIMARY KEY,
        kind           text NOT NULL,
        title          text NOT NULL,
        stage          text NOT NULL,
        call_id        text NOT NULL,
        applicant_id   text NOT NULL,
        org_unit       text NOT NULL,
        fields         jsonb NOT NULL,
        revision       integer NOT NULL DEFAULT 0,
        review_due_at  timestamptz,
        revision_due_at timestamptz,
        reviews_submitted integer NOT NULL DEFAULT 0,
        decision       text,
        decision_rationale text,
        average_score  numeric,
        grade          text,
        retired        boolean NOT NULL DEFAULT false,
        renewable      boolean NOT NULL DEFAULT false,
        enrolled       integer NOT NULL DEFAULT 0,
        completed      integer NOT NULL DEFAULT 0,
        version        integer NOT NULL,
        created_at     timestamptz NOT NULL,
        submitted_at   timestamptz,
        updated_at     timestamptz NOT NULL
      )`);
    await db.query(
      `CREATE INDEX IF NOT EXISTS application_summaries_applicant ON application_summaries (applicant_id, created_at DESC)`,
    );
    await db.query(
      `CREATE INDEX IF NOT EXISTS application_summaries_stage ON application_summaries (stage, org_unit)`,
    );
    await db.query(`
      CREATE TABLE IF NOT EXISTS review_assignments (
        application_id text NOT NULL,
        reviewer_id    text NOT NULL,
        assigned_at    timestamptz NOT NULL,
        due_at         timestamptz NOT NULL,
        conflicts      text[] NOT NULL,
        override_reason text,
        submitted_revision integer,
        PRIMARY KEY (application_id, reviewer_id)
      )`);
    await db.query(
      `CREATE INDEX IF NOT EXISTS review_assignments_reviewer ON review_assignments (reviewer_id, due_at)`,
    );
    await db.query(`
      CREATE TABLE IF NOT EXISTS reviews (
        application_id text NOT NULL,
        reviewer_id    text NOT NULL,
        revision       integer NOT NULL,
        scores         jsonb NOT NULL,
        total          numeric NOT NULL,
        comments       text NOT NULL,
        rubric_version text NOT NULL,
        submitted_at   timestamptz NOT NULL,
        PRIMARY KEY (application_id, reviewer_id, revision)
      )`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS calls (
        call_id   text PRIMARY KEY,
        kind      text NOT NULL,
        org_unit  text NOT NULL,
        title     text NOT NULL,
        opens_at  timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        closed    boolean NOT NULL DEFAULT false,
        opened_by text NOT NULL,
        version   integer NOT NULL
      )`);
  },
  async apply(event: RecordedEvent, db: ProjectionSql) {
    const at = event.metadata.recordedAt;
    if (event.streamId.startsWith('call-')) {
      const id = event.streamId.slice('call-'.length);
      if (event.type === 'CallOpened') {
        const d = event.data as {
          kind: string;
          orgUnit: string;
          title: string;
          opensAt: string;
          closesAt: string;
          openedBy: string;
        };
        db.defer(
          `INSERT INTO calls (call_id, kind, org_unit, title, opens_at, closes_at, opened_by, version) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
          [id, d.kind, d.orgUnit, d.title, d.opensAt, d.closesAt, d.openedBy, event.version],
        );
      } else if (event.type === 'CallClosed') {
        db.defer(`UPDATE calls SET closed = true, version = $2 WHERE call_id = $1`, [id, event.version]);
      }
      return;
    }
    if (!event.streamId.startsWith('application-')) return;
    const id = event.streamId.slice('application-'.length);
    const e = { type: event.type, data: event.data } as ApplicationEvent;
    const touch = (sets: string, params: unknown[]) =>
      db.defer(
        `UPDATE application_summaries SET ${sets ? `${sets}, ` : ''}version = $2, updated_at = $3 WHERE application_id = $1`,
        [id, event.version, at, ...params],
      );
    switch (e.type) {
      case 'ApplicationDrafted':
        db.defer(
          `INSERT INTO application_summaries
             (application_id, kind, title, stage, call_id, applicant_id, org_unit, fields, version, created_at, updated_at)
           VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $9, $9)`,
          [
            id,
            e.data.kind,
            e.data.title,
            e.data.callId,
            e.data.applicantId,
            e.data.orgUnit,
            JSON.stringify(e.data.fields),
            event.version,
            at,
          ],
        );
        return;
      case 'DraftUpdated':
        touch('title = $4, fields = $5', [e.data.title, JSON.stringify(e.data.fields)]);
        return;
      case 'ApplicationSubmitted':
        touch(
          `stage = 'submitted', revision = $4, submitted_at = $5, revision_due_at = NULL, reviews_submitted = 0`,
          [e.data.revision, e.data.submittedAt],
        );
        return;
      case 'ApplicationWithdrawn':
        touch(`stage = 'withdrawn'`, []);
        db.defer(`DELETE FROM review_assignments WHERE application_id = $1 AND submitted_revision IS NULL`, [
          id,
        ]);
        return;
      case 'ReviewersAssigned':
        for (const r of e.data.reviewers) {
          db.defer(
            `INSERT INTO review_assignments (application_id, reviewer_id, assigned_at, due_at, conflicts, override_reason)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (application_id, reviewer_id) DO UPDATE SET assigned_at = EXCLUDED.assigned_at, due_at = EXCLUDED.due_at`,
            [id, r.reviewerId, at, e.data.dueAt, r.conflicts, r.overrideReason],
          );
        }
        touch(`stage = 'in_review', review_due_at = $4`, [e.data.dueAt]);
        return;
      case 'ReviewSubmitted':
        db.defer(
          `INSERT INTO reviews (application_id, reviewer_id, revision, scores, total, comments, rubric_version, submitted_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            id,
            e.data.reviewerId,
            e.data.revision,
            JSON.stringify(e.data.scores),
            e.data.total,
            e.data.comments,
            e.data.rubricVersion,
            e.data.submittedAt,
          ],
        );
        db.defer(
          `UPDATE review_assignments SET submitted_revision = $3 WHERE application_id = $1 AND reviewer_id = $2`,
          [id, e.data.reviewerId, e.data.revision],
        );
        touch(`reviews_submitted = reviews_submitted + 1`, []);
        return;
      case 'ChangesRequested':
        touch(`stage = 'changes_requested', revision_due_at = $4`, [e.data.dueAt]);
        return;
      case 'ApplicationDecided':
        touch(`stage = $4, decision = $5, decision_rationale = $6, average_score = $7`, [
          e.data.decision === 'approve' ? 'approved' : 'rejected',
          e.data.decision,
          e.data.rationale,
          e.data.averageScore,
        ]);
        return;
      case 'TraineeEnrolled':
        touch(`enrolled = enrolled + 1`, []);
        return;
      case 'TrainingCompleted':
        touch(`completed = completed + 1`, []);
        return;
      case 'TraineeEvaluationSubmitted':
        touch('', []);
        return;
      case 'PerformanceEvaluated':
        touch(`grade = $4`, [e.data.grade]);
        return;
      case 'ProjectRetired':
        touch(`retired = true`, []);
        return;
      case 'ProjectRenewable':
        touch(`renewable = true`, []);
        return;
    }
  },
};
