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
  apply(event: RecordedEvent, db: ProjectionSql) {
    return applySummaryBatch([event], db);
  },
  applyBatch: applySummaryBatch,
};

type Row = Record<string, unknown>;

/** The event types that read or change review_assignments. */
const ASSIGNMENT_EVENTS = new Set(['ApplicationWithdrawn', 'ReviewersAssigned', 'ReviewSubmitted']);

/**
 * The approval read models fold a batch at once (issue #8, P1: a rebuild ran 1–3 statements per event):
 * load the rows the batch touches, apply every event to them in memory in order — each case below is
 * what its one-event UPDATE/INSERT used to do, rows that are not there are left alone as an UPDATE
 * would — and write back only what changed, one statement per table.
 */
async function applySummaryBatch(events: readonly RecordedEvent[], db: ProjectionSql): Promise<void> {
  const appIds = new Set<string>();
  const callIds = new Set<string>();
  for (const e of events) {
    if (e.streamId.startsWith('application-')) appIds.add(e.streamId.slice('application-'.length));
    else if (e.streamId.startsWith('call-')) callIds.add(e.streamId.slice('call-'.length));
  }
  const apps = new Map<string, Row>();
  const assignments = new Map<string, Map<string, Row>>();
  const calls = new Map<string, Row>();
  if (appIds.size > 0) {
    const ids = [...appIds];
    for (const r of (
      await db.query(`SELECT * FROM application_summaries WHERE application_id = ANY ($1)`, [ids])
    ).rows)
      apps.set(r.application_id as string, r);
    // Only the events that change assignments need them (a draft, the commonest command, does not).
    const touchesAssignments = events.some((e) => ASSIGNMENT_EVENTS.has(e.type));
    for (const r of touchesAssignments
      ? (await db.query(`SELECT * FROM review_assignments WHERE application_id = ANY ($1)`, [ids])).rows
      : []) {
      const id = r.application_id as string;
      if (!assignments.has(id)) assignments.set(id, new Map());
      assignments.get(id)!.set(r.reviewer_id as string, r);
    }
  }
  if (callIds.size > 0)
    for (const r of (await db.query(`SELECT * FROM calls WHERE call_id = ANY ($1)`, [[...callIds]])).rows)
      calls.set(r.call_id as string, r);

  const dirtyApps = new Set<string>();
  const dirtyAssignments = new Set<string>();
  const dirtyCalls = new Set<string>();
  const reviews: Row[] = [];

  for (const event of events) {
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
        if (calls.has(id)) throw new Error(`calls: call ${id} opened twice`);
        calls.set(id, {
          call_id: id,
          kind: d.kind,
          org_unit: d.orgUnit,
          title: d.title,
          opens_at: d.opensAt,
          closes_at: d.closesAt,
          closed: false,
          opened_by: d.openedBy,
          version: event.version,
        });
        dirtyCalls.add(id);
      } else if (event.type === 'CallClosed') {
        const call = calls.get(id);
        if (call) {
          Object.assign(call, { closed: true, version: event.version });
          dirtyCalls.add(id);
        }
      }
      continue;
    }
    if (!event.streamId.startsWith('application-')) continue;
    const id = event.streamId.slice('application-'.length);
    const e = { type: event.type, data: event.data } as ApplicationEvent;
    const row = apps.get(id);
    const touch = (sets: Row) => {
      if (!row) return;
      Object.assign(row, sets, { version: event.version, updated_at: at });
      dirtyApps.add(id);
    };
    const assigned = () => {
      if (!assignments.has(id)) assignments.set(id, new Map());
      dirtyAssignments.add(id);
      return assignments.get(id)!;
    };
    switch (e.type) {
      case 'ApplicationDrafted':
        if (row) throw new Error(`application_summaries: application ${id} drafted twice`);
        apps.set(id, {
          application_id: id,
          kind: e.data.kind,
          title: e.data.title,
          stage: 'draft',
          call_id: e.data.callId,
          applicant_id: e.data.applicantId,
          org_unit: e.data.orgUnit,
          fields: e.data.fields,
          revision: 0,
          review_due_at: null,
          revision_due_at: null,
          reviews_submitted: 0,
          decision: null,
          decision_rationale: null,
          average_score: null,
          grade: null,
          retired: false,
          renewable: false,
          enrolled: 0,
          completed: 0,
          version: event.version,
          created_at: at,
          submitted_at: null,
          updated_at: at,
        });
        dirtyApps.add(id);
        break;
      case 'DraftUpdated':
        touch({ title: e.data.title, fields: e.data.fields });
        break;
      case 'ApplicationSubmitted':
        touch({
          stage: 'submitted',
          revision: e.data.revision,
          submitted_at: e.data.submittedAt,
          revision_due_at: null,
          reviews_submitted: 0,
        });
        break;
      case 'ApplicationWithdrawn': {
        touch({ stage: 'withdrawn' });
        const mine = assigned();
        for (const [reviewer, a] of mine) if (a.submitted_revision === null) mine.delete(reviewer);
        break;
      }
      case 'ReviewersAssigned': {
        const mine = assigned();
        for (const r of e.data.reviewers) {
          const existing = mine.get(r.reviewerId);
          if (existing) Object.assign(existing, { assigned_at: at, due_at: e.data.dueAt });
          else
            mine.set(r.reviewerId, {
              application_id: id,
              reviewer_id: r.reviewerId,
              assigned_at: at,
              due_at: e.data.dueAt,
              conflicts: r.conflicts,
              override_reason: r.overrideReason ?? null,
              submitted_revision: null,
            });
        }
        touch({ stage: 'in_review', review_due_at: e.data.dueAt });
        break;
      }
      case 'ReviewSubmitted': {
        reviews.push({
          application_id: id,
          reviewer_id: e.data.reviewerId,
          revision: e.data.revision,
          scores: e.data.scores,
          total: e.data.total,
          comments: e.data.comments,
          rubric_version: e.data.rubricVersion,
          submitted_at: e.data.submittedAt,
        });
        const a = assignments.get(id)?.get(e.data.reviewerId);
        if (a) {
          a.submitted_revision = e.data.revision;
          dirtyAssignments.add(id);
        }
        if (row) touch({ reviews_submitted: (row.reviews_submitted as number) + 1 });
        break;
      }
      case 'ChangesRequested':
        touch({ stage: 'changes_requested', revision_due_at: e.data.dueAt });
        break;
      case 'ApplicationDecided':
        touch({
          stage: e.data.decision === 'approve' ? 'approved' : 'rejected',
          decision: e.data.decision,
          decision_rationale: e.data.rationale,
          average_score: e.data.averageScore,
        });
        break;
      case 'TraineeEnrolled':
        if (row) touch({ enrolled: (row.enrolled as number) + 1 });
        break;
      case 'TrainingCompleted':
        if (row) touch({ completed: (row.completed as number) + 1 });
        break;
      case 'TraineeEvaluationSubmitted':
        touch({});
        break;
      case 'PerformanceEvaluated':
        touch({ grade: e.data.grade });
        break;
      case 'ProjectRetired':
        touch({ retired: true });
        break;
      case 'ProjectRenewable':
        touch({ renewable: true });
        break;
    }
  }

  const json = (rows: Row[]) => JSON.stringify(rows);
  if (dirtyCalls.size > 0)
    db.defer(
      `INSERT INTO calls SELECT * FROM jsonb_populate_recordset(NULL::calls, $1::jsonb)
       ON CONFLICT (call_id) DO UPDATE SET closed = EXCLUDED.closed, version = EXCLUDED.version`,
      [json([...dirtyCalls].map((c) => calls.get(c)!))],
    );
  if (dirtyApps.size > 0)
    db.defer(
      `INSERT INTO application_summaries
       SELECT * FROM jsonb_populate_recordset(NULL::application_summaries, $1::jsonb)
       ON CONFLICT (application_id) DO UPDATE SET ${SUMMARY_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`,
      [json([...dirtyApps].map((a) => apps.get(a)!))],
    );
  if (dirtyAssignments.size > 0) {
    // An application's assignments as a whole: what the batch left of them replaces what was there.
    db.defer(`DELETE FROM review_assignments WHERE application_id = ANY ($1)`, [[...dirtyAssignments]]);
    const rows = [...dirtyAssignments].flatMap((a) => [...(assignments.get(a)?.values() ?? [])]);
    if (rows.length > 0)
      db.defer(
        `INSERT INTO review_assignments
         SELECT * FROM jsonb_populate_recordset(NULL::review_assignments, $1::jsonb)`,
        [json(rows)],
      );
  }
  if (reviews.length > 0)
    db.defer(`INSERT INTO reviews SELECT * FROM jsonb_populate_recordset(NULL::reviews, $1::jsonb)`, [
      json(reviews),
    ]);
}

/** Every column of application_summaries but its key (the upsert sets them all). */
const SUMMARY_COLUMNS = [
  'kind',
  'title',
  'stage',
  'call_id',
  'applicant_id',
  'org_unit',
  'fields',
  'revision',
  'review_due_at',
  'revision_due_at',
  'reviews_submitted',
  'decision',
  'decision_rationale',
  'average_score',
  'grade',
  'retired',
  'renewable',
  'enrolled',
  'completed',
  'version',
  'created_at',
  'submitted_at',
  'updated_at',
];
