import type { Projection, RecordedEvent, SqlExecutor, ProjectionSql } from '#libs/event-store';
import { EVALUATION_CYCLE_YEARS, type ApplicationEvent } from '../application/application.decider.js';

/**
 * The approval read models (DOMAIN.md "The approval pipeline"):
 * - `application_summaries`: one row per application — "my applications", the chair's board by stage;
 * - `application_stage_counts`: how many applications each org unit has in each stage, kept with the
 *   summaries in the same transaction — the board's counts sum a subtree's rows instead of counting
 *   every application of it at each read;
 * - `review_assignments`: one row per reviewer and application — "my review queue" with due dates;
 * - `reviews`: submitted reviews, shown under the visibility rules of the API;
 * - `calls`: open calls and their windows;
 * - `training_enrolments`: one row per trainee and cycle of a training project — "am I enrolled", the
 *   trainee's completion and assessed score.
 */
export const applicationSummaryProjection: Projection = {
  name: 'application_summaries',
  tables: [
    'application_summaries',
    'application_stage_counts',
    'review_assignments',
    'reviews',
    'calls',
    'training_enrolments',
  ],
  // Every type apply() handles: the subscription fetches no payload of any other (keep in step).
  eventTypes: [
    'CallOpened',
    'CallClosed',
    'ApplicationDrafted',
    'DraftUpdated',
    'ApplicationSubmitted',
    'ApplicationWithdrawn',
    'ReviewersAssigned',
    'ReviewerRemoved',
    'ReviewSubmitted',
    'ChangesRequested',
    'ApplicationDecided',
    'TraineeEnrolled',
    'TrainingCompleted',
    'TraineeEvaluationSubmitted',
    'PerformanceEvaluated',
    'ProjectRetired',
    'ProjectRenewable',
    'ProjectRenewed',
    'ProjectConcluded',
  ],
  // apply() reads no other metadata (keep in step): the rest is not read or parsed for it.
  metadataKeys: ['recordedAt'],
  // …nor the events' hashes.
  readsHashes: false,
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
    // The pinned policy version, the project's cycles and the chair's reviewer removals (tables made
    // before them get the columns; a rebuild fills them for past events).
    await db.query(`ALTER TABLE application_summaries
      ADD COLUMN IF NOT EXISTS policy_version text,
      ADD COLUMN IF NOT EXISTS decided_at timestamptz,
      ADD COLUMN IF NOT EXISTS cycle integer NOT NULL DEFAULT 0,
      ADD COLUMN IF NOT EXISTS concluded boolean NOT NULL DEFAULT false,
      ADD COLUMN IF NOT EXISTS retired_reason text,
      ADD COLUMN IF NOT EXISTS next_evaluation_due_at timestamptz,
      ADD COLUMN IF NOT EXISTS renewals jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN IF NOT EXISTS removals jsonb NOT NULL DEFAULT '[]'`);
    await db.query(
      `CREATE INDEX IF NOT EXISTS application_summaries_applicant ON application_summaries (applicant_id, created_at DESC)`,
    );
    await db.query(
      `CREATE INDEX IF NOT EXISTS application_summaries_stage ON application_summaries (stage, org_unit)`,
    );
    // The board's page (newest first, drafts left out): walked in this order and filtered by the
    // office's units, instead of sorting every application of the subtree at each read (BENCHMARKS.md Q1:
    // on the seeded log the chair's page sorted 18,973 rows, 150 ms; with this index it reads ~100).
    await db.query(
      `CREATE INDEX IF NOT EXISTS application_summaries_board ON application_summaries (updated_at DESC, application_id)
        WHERE stage <> 'draft'`,
    );
    // The board's counts by stage (BENCHMARKS.md Q1: counting the subtree's summaries at each read was
    // most of the board's PostgreSQL time on the seeded log). Every stage is kept, drafts too, so the
    // table is exactly `count(*) … GROUP BY org_unit, stage` of the summaries, with no row of 0 (a
    // rebuild folds in other batches than the live runner did, and must end with the same rows).
    // A database made before the table gets it filled from the summaries at the next start:
    // while the table is empty no summary has been written since it was made, so the count is exact.
    await db.query(`
      CREATE TABLE IF NOT EXISTS application_stage_counts (
        org_unit text NOT NULL,
        stage    text NOT NULL,
        n        integer NOT NULL,
        PRIMARY KEY (org_unit, stage)
      )`);
    await db.query(
      `INSERT INTO application_stage_counts (org_unit, stage, n)
       SELECT org_unit, stage, count(*) FROM application_summaries
        WHERE NOT EXISTS (SELECT 1 FROM application_stage_counts) GROUP BY org_unit, stage`,
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
    // Whether the application is still before its decision (submitted or in review): a reviewer's queue
    // then reads only their open assignments, in due order, from one partial index, however many
    // decided ones they have reviewed over the years. Filled in once for rows made before the column.
    await db.query(`ALTER TABLE review_assignments ADD COLUMN IF NOT EXISTS open boolean`);
    await db.query(
      `UPDATE review_assignments a SET open = (s.stage IN (${OPEN_STAGES_SQL}))
         FROM application_summaries s WHERE a.open IS NULL AND s.application_id = a.application_id`,
    );
    await db.query(
      `CREATE INDEX IF NOT EXISTS review_assignments_open ON review_assignments (reviewer_id, due_at, application_id) WHERE open`,
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
    // A removed reviewer's review stays on record but no longer counts (quorum, average).
    await db.query(`ALTER TABLE reviews ADD COLUMN IF NOT EXISTS counted boolean NOT NULL DEFAULT true`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS training_enrolments (
        application_id text NOT NULL,
        cycle          integer NOT NULL,
        teacher_id     text NOT NULL,
        enrolled_at    timestamptz NOT NULL,
        completed_at   timestamptz,
        hours          numeric,
        score          numeric,
        grade          text,
        PRIMARY KEY (application_id, cycle, teacher_id)
      )`);
    await db.query(
      `CREATE INDEX IF NOT EXISTS training_enrolments_teacher ON training_enrolments (teacher_id, application_id)`,
    );
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

/** The stages in which an application is in its reviewers' queues. */
export const OPEN_STAGES = ['submitted', 'in_review'] as const;
const OPEN_STAGES_SQL = OPEN_STAGES.map((s) => `'${s}'`).join(', ');
const isOpen = (stage: unknown) => (OPEN_STAGES as readonly unknown[]).includes(stage);

/** The event types that read or change review_assignments. */
const ASSIGNMENT_EVENTS = new Set([
  'ApplicationWithdrawn',
  'ReviewersAssigned',
  'ReviewSubmitted',
  'ReviewerRemoved',
]);

/**
 * The approval read models fold a batch at once (BENCHMARKS.md, P1: a rebuild ran 1–3 statements per event):
 * load the rows the batch touches, apply every event to them in memory in order — each case below is
 * what its one-event UPDATE/INSERT used to do, rows that are not there are left alone as an UPDATE
 * would — and write back only what changed, one statement per table.
 */
async function applySummaryBatch(events: readonly RecordedEvent[], db: ProjectionSql): Promise<void> {
  const appIds = new Set<string>();
  const callIds = new Set<string>();
  // Applications whose first event in the batch is the first of their stream (version 1): every row of
  // these tables is keyed by the stream it comes from, so nothing is stored for them yet. They are not
  // looked up, and their rows go in as plain inserts — which a rebuild loads by COPY — instead of an
  // upsert probing the key (in a rebuild's batch almost every application starts there; BENCHMARKS.md,
  // P1). Should a row be there after all, the insert fails the batch, as 'drafted twice' does.
  const fresh = new Set<string>();
  for (const e of events) {
    if (e.streamId.startsWith('application-')) {
      const id = e.streamId.slice('application-'.length);
      if (!appIds.has(id) && e.version === 1) fresh.add(id);
      appIds.add(id);
    } else if (e.streamId.startsWith('call-')) callIds.add(e.streamId.slice('call-'.length));
  }
  const apps = new Map<string, Row>();
  const assignments = new Map<string, Map<string, Row>>();
  const calls = new Map<string, Row>();
  const stored = [...appIds].filter((id) => !fresh.has(id));
  if (stored.length > 0) {
    const ids = stored;
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

  // Each loaded application's stage before the batch: its assignments' `open` follows the stage after.
  const stageBefore = new Map([...apps].map(([id, r]) => [id, r.stage]));
  // …and its unit with it, for the counts by unit and stage (the batch moves each from before to after).
  const countedBefore = new Map([...apps].map(([id, r]) => [id, countKey(r)]));
  const dirtyApps = new Set<string>();
  const dirtyAssignments = new Set<string>();
  const dirtyCalls = new Set<string>();
  const reviews: Row[] = [];
  /** Reviews that no longer count, written after the batch's new reviews (one may be among them). */
  const discarded: { id: string; reviewerId: string; revision: number }[] = [];
  /** Enrolment rows in event order: an enrolment and its completion may share a batch. */
  const enrolmentWrites: { text: string; params: unknown[] }[] = [];

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
          policy_version: null,
          decided_at: null,
          cycle: 0,
          concluded: false,
          retired_reason: null,
          next_evaluation_due_at: null,
          renewals: [],
          removals: [],
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
          // The version pinned at the first submission stays until the decision.
          ...(row && { policy_version: row.policy_version ?? e.data.policyVersion ?? null }),
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
      case 'ReviewerRemoved': {
        // The reviewer leaves the application (queue, access); a review of theirs stops counting.
        assigned().delete(e.data.reviewerId);
        if (e.data.reviewDiscarded) {
          discarded.push({ id, reviewerId: e.data.reviewerId, revision: e.data.revision });
          if (row) touch({ reviews_submitted: Math.max(0, (row.reviews_submitted as number) - 1) });
        }
        if (row)
          touch({
            removals: [
              ...((row.removals as unknown[]) ?? []),
              {
                reviewerId: e.data.reviewerId,
                revision: e.data.revision,
                reason: e.data.reason,
                grounds: e.data.grounds,
                conflicts: e.data.conflicts,
                reviewDiscarded: e.data.reviewDiscarded,
                removedAt: e.data.removedAt,
              },
            ],
          });
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
          counted: true,
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
      case 'ApplicationDecided': {
        // v2 (older ones upcast on read) names the kind: an approved training project starts cycle 1.
        const project = e.data.decision === 'approve' && e.data.kind === 'training_project';
        touch({
          stage: e.data.decision === 'approve' ? 'approved' : 'rejected',
          decision: e.data.decision,
          decision_rationale: e.data.rationale,
          average_score: e.data.averageScore,
          decided_at: e.data.decidedAt,
          ...(project && { cycle: 1, next_evaluation_due_at: addYears(at, EVALUATION_CYCLE_YEARS) }),
        });
        break;
      }
      case 'TraineeEnrolled':
        if (row) {
          touch({ enrolled: (row.enrolled as number) + 1 });
          enrolmentWrites.push({
            text: `INSERT INTO training_enrolments (application_id, cycle, teacher_id, enrolled_at)
                   VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
            params: [id, Math.max(1, row.cycle as number), e.data.teacherId, e.data.enrolledAt],
          });
        }
        break;
      case 'TrainingCompleted':
        if (row) {
          touch({ completed: (row.completed as number) + 1 });
          enrolmentWrites.push({
            text: `UPDATE training_enrolments SET completed_at = $4, hours = $5, score = $6, grade = $7
                    WHERE application_id = $1 AND cycle = $2 AND teacher_id = $3`,
            params: [
              id,
              e.data.cycle ?? Math.max(1, row.cycle as number),
              e.data.teacherId,
              e.data.completedAt,
              e.data.hours,
              e.data.score ?? null,
              e.data.grade ?? null,
            ],
          });
        }
        break;
      case 'TraineeEvaluationSubmitted':
        touch({});
        break;
      case 'PerformanceEvaluated':
        touch({ grade: e.data.grade });
        break;
      case 'ProjectRetired':
        touch({ retired: true, retired_reason: e.data.reason, next_evaluation_due_at: null });
        break;
      // seed 004 §二(四)9: the next cycle, without re-review, with new trainees.
      case 'ProjectRenewable':
        if (row)
          touch({
            renewable: true,
            cycle: Math.max(1, row.cycle as number) + 1,
            enrolled: 0,
            completed: 0,
            next_evaluation_due_at: addYears(at, EVALUATION_CYCLE_YEARS),
          });
        break;
      case 'ProjectRenewed':
        if (row)
          touch({
            renewable: true,
            cycle: e.data.cycle,
            enrolled: 0,
            completed: 0,
            next_evaluation_due_at: e.data.nextEvaluationDueAt,
            renewals: [
              ...((row.renewals as unknown[]) ?? []),
              {
                cycle: e.data.cycle,
                grade: e.data.grade,
                renewedAt: e.data.renewedAt,
                nextEvaluationDueAt: e.data.nextEvaluationDueAt,
              },
            ],
          });
        break;
      case 'ProjectConcluded':
        touch({ concluded: true, next_evaluation_due_at: null, retired_reason: e.data.reason });
        break;
    }
  }

  if (dirtyCalls.size > 0)
    db.insertRows(
      'calls',
      [...dirtyCalls].map((c) => calls.get(c)!),
      `ON CONFLICT (call_id) DO UPDATE SET closed = EXCLUDED.closed, version = EXCLUDED.version`,
    );
  const [inserted, updated] = [[], []] as [Row[], Row[]];
  for (const a of dirtyApps) (fresh.has(a) ? inserted : updated).push(apps.get(a)!);
  if (inserted.length > 0) db.insertRows('application_summaries', inserted);
  if (updated.length > 0)
    db.insertRows(
      'application_summaries',
      updated,
      `ON CONFLICT (application_id) DO UPDATE SET ${SUMMARY_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`,
    );
  // The counts move with the summaries, in the same transaction: one out of the stage an application
  // left, one into the stage it is in now (a new application only the latter).
  const deltas = new Map<string, number>();
  for (const id of dirtyApps) {
    const [was, is] = [countedBefore.get(id), countKey(apps.get(id)!)];
    if (was === is) continue;
    if (was !== undefined) deltas.set(was, (deltas.get(was) ?? 0) - 1);
    deltas.set(is, (deltas.get(is) ?? 0) + 1);
  }
  const counts = [...deltas]
    .filter(([, n]) => n !== 0)
    .map(([key, n]) => {
      const [org_unit, stage] = JSON.parse(key) as [string, string];
      return { org_unit, stage, n };
    });
  if (counts.length > 0)
    db.insertRows(
      'application_stage_counts',
      counts,
      `ON CONFLICT (org_unit, stage) DO UPDATE SET n = application_stage_counts.n + EXCLUDED.n`,
    );
  // A stage its last application left holds none: its row goes, as a count over the summaries has none.
  const emptied = counts.filter((c) => c.n < 0);
  if (emptied.length > 0)
    db.defer(
      `DELETE FROM application_stage_counts
        WHERE n = 0 AND (org_unit, stage) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [emptied.map((c) => c.org_unit), emptied.map((c) => c.stage)],
    );
  if (dirtyAssignments.size > 0) {
    // An application's assignments as a whole: what the batch left of them replaces what was there.
    const replaced = [...dirtyAssignments].filter((a) => !fresh.has(a));
    if (replaced.length > 0)
      db.defer(`DELETE FROM review_assignments WHERE application_id = ANY ($1)`, [replaced]);
    // The batch's own rows, `open` set in place rather than each copied (a rebuild writes ~85,000).
    const rows: Row[] = [];
    for (const a of dirtyAssignments) {
      const open = isOpen(apps.get(a)?.stage);
      for (const r of assignments.get(a)?.values() ?? []) {
        r.open = open;
        rows.push(r);
      }
    }
    if (rows.length > 0) db.insertRows('review_assignments', rows);
  }
  // Applications whose stage moved in or out of review while their assignments were not rewritten.
  const reopened: string[] = [];
  const closed: string[] = [];
  for (const id of dirtyApps) {
    if (dirtyAssignments.has(id) || !stageBefore.has(id)) continue;
    const [was, is] = [isOpen(stageBefore.get(id)), isOpen(apps.get(id)!.stage)];
    if (was !== is) (is ? reopened : closed).push(id);
  }
  if (reopened.length > 0 || closed.length > 0)
    db.defer(
      `UPDATE review_assignments SET open = application_id = ANY ($1)
        WHERE application_id = ANY ($1) OR application_id = ANY ($2)`,
      [reopened, closed],
    );
  if (reviews.length > 0) db.insertRows('reviews', reviews);
  for (const d of discarded)
    db.defer(
      `UPDATE reviews SET counted = false WHERE application_id = $1 AND reviewer_id = $2 AND revision = $3`,
      [d.id, d.reviewerId, d.revision],
    );
  for (const w of enrolmentWrites) db.defer(w.text, w.params);
}

/** Where an application is counted: its unit and stage, as one key. */
const countKey = (row: Row) => JSON.stringify([row.org_unit, row.stage]);

function addYears(iso: string, years: number): string {
  const d = new Date(iso);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString();
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
  'policy_version',
  'decided_at',
  'cycle',
  'concluded',
  'retired_reason',
  'next_evaluation_due_at',
  'renewals',
  'removals',
];
