import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type pg from 'pg';
import { conflictsFor, type StartedApplication } from '#libs/approval';
import type { EventStore, RecordedEvent } from '#libs/event-store';
import { IDENTITY_DIRECTORY, type IdentityDirectory } from '#libs/identity';
import { LADDER_PROFILES, LADDER_RELATIONS, type LadderProfiles, type LadderRelations } from '#libs/ladder';
import { EVENT_STORE, PG_POOL } from '#libs/platform';
import type { Actor } from '../http/request-context.js';

interface SummaryRow {
  id: string;
  kind: string;
  title: string;
  stage: string;
  callId: string;
  applicantId: string;
  orgUnit: string;
  fields: unknown;
  revision: number;
  reviewDueAt: string | null;
  revisionDueAt: string | null;
  reviewsSubmitted: number;
  decision: string | null;
  decisionRationale: string | null;
  averageScore: string | null;
  grade: string | null;
  retired: boolean;
  renewable: boolean;
  enrolled: number;
  completed: number;
  version: number;
  createdAt: string;
  submittedAt: string | null;
  updatedAt: string;
  policyVersion: string | null;
  decidedAt: string | null;
  cycle: number;
  concluded: boolean;
  retiredReason: string | null;
  nextEvaluationDueAt: string | null;
  renewals: unknown[];
  removals: unknown[];
}

const SUMMARY = `application_id AS id, kind, title, stage, call_id AS "callId", applicant_id AS "applicantId",
  org_unit AS "orgUnit", fields, revision, review_due_at AS "reviewDueAt", revision_due_at AS "revisionDueAt",
  reviews_submitted AS "reviewsSubmitted", decision, decision_rationale AS "decisionRationale",
  average_score::float8 AS "averageScore", grade, retired, renewable, enrolled, completed, version,
  created_at AS "createdAt", submitted_at AS "submittedAt", updated_at AS "updatedAt",
  policy_version AS "policyVersion", decided_at AS "decidedAt", cycle, concluded,
  retired_reason AS "retiredReason", next_evaluation_due_at AS "nextEvaluationDueAt", renewals, removals`;

/** Events of the review step, whose causes may name a reviewer. */
const REVIEW_STEP_EVENTS = new Set([
  'ReviewersAssigned',
  'ReviewSubmitted',
  'ReviewOverdue',
  'ReviewerRemoved',
]);

/**
 * Reads with the visibility rules of DOMAIN.md "People and roles" applied in one place, so a list never
 * shows what a single read would refuse:
 * - the applicant sees their application; reviewers' identities stay hidden from them (blind review);
 * - an assigned reviewer sees the application, and other reviews only after submitting their own;
 * - a chair or admin sees applications of their org unit and below, with everything.
 */
/** Events read per round trip for a timeline (the port's largest page). */
const TIMELINE_PAGE = 10_000;

/**
 * The most reviewers the "assign reviewers" page lists, by name, as before: a committee's reviewers are
 * a few dozen at most (the demo city's committee has six), so the cap only bounds what one request loads
 * and merges.
 */
const CANDIDATES_MAX = 500;

/** A review-queue page's size unless the caller asks for another (UI.md §1.5: 50 by default). */
export const REVIEW_QUEUE_PAGE = 50;

/** Where a review-queue page ends: its last row's due time, to the microsecond, and application id. */
export interface QueueKey {
  dueMicros: string;
  applicationId: string;
}

type QueueRow = {
  id: string;
  dueMicros: string;
} & Record<string, unknown>;

/** A row of the board's statement: an item (all null when the page is empty) and the counts. */
type BoardRow = { id: string | null } & Record<string, unknown>;

const QUEUE_KEY = /^(\d{1,17}):([A-Za-z0-9_.:-]{1,100})$/;

/**
 * The queue's cursor is opaque to clients (base64url of the key): they send back the `nextCursor` they
 * were given, never one they built, so the key's form may change without breaking them.
 */
export function encodeQueueCursor(key: QueueKey): string {
  return Buffer.from(`${key.dueMicros}:${key.applicationId}`, 'utf8').toString('base64url');
}

/** The key inside a `nextCursor`, or null for anything this API did not give out. */
export function decodeQueueCursor(cursor: string): QueueKey | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  const m = QUEUE_KEY.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? { dueMicros: m[1]!, applicationId: m[2]! } : null;
}

@Injectable()
export class ApplicationQueries {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(IDENTITY_DIRECTORY) private readonly directory: IdentityDirectory,
    @Inject(LADDER_RELATIONS) private readonly relations: LadderRelations,
    @Inject(LADDER_PROFILES) private readonly profiles: LadderProfiles,
  ) {}

  async mine(actor: Actor, limit: number) {
    const res = await this.pool.query<SummaryRow>(
      `SELECT ${SUMMARY} FROM application_summaries WHERE applicant_id = $1 ORDER BY created_at DESC, application_id LIMIT $2`,
      [actor.id, limit],
    );
    // Who removed which reviewer is the committee's business (blind review), not the applicant's.
    return { items: res.rows.map(({ removals: _removals, ...row }) => row) };
  }

  /** Who may read this application, and as what. */
  async access(
    actor: Actor,
    app: { applicantId: string; orgUnit: string; id: string },
  ): Promise<'applicant' | 'reviewer' | 'committee' | null> {
    if ((actor.roles.includes('chair') || actor.roles.includes('admin')) && app.applicantId !== actor.id) {
      if (await this.directory.isWithin(app.orgUnit, actor.orgUnit)) return 'committee';
    }
    if (app.applicantId === actor.id) return 'applicant';
    const assigned = await this.pool.query(
      'SELECT 1 FROM review_assignments WHERE application_id = $1 AND reviewer_id = $2',
      [app.id, actor.id],
    );
    return assigned.rowCount ? 'reviewer' : null;
  }

  async detail(actor: Actor, id: string) {
    const res = await this.pool.query<SummaryRow>(
      `SELECT ${SUMMARY} FROM application_summaries WHERE application_id = $1`,
      [id],
    );
    const found = res.rows[0];
    if (!found) throw new NotFoundException(`no application ${id}`);
    // Who removed which reviewer is the committee's business (blind review): stripped for the others.
    const { removals, ...rest } = found;
    const app = {
      ...rest,
      fields: await this.withErasedFiles(found.fields),
      // seed 004 §二(四)9: where a training project stands after its evaluations — the owner sees both
      // a renewal into the next cycle and a retirement.
      projectStatus:
        found.kind !== 'training_project' || found.stage !== 'approved'
          ? null
          : found.retired
            ? 'retired'
            : found.concluded
              ? 'concluded'
              : 'running',
    };
    const as = await this.access(actor, app);
    if (!as) throw new ForbiddenException('you may not read this application');

    const reviews = (
      await this.pool.query<{
        reviewerId: string;
        revision: number;
        scores: Record<string, number>;
        total: number;
        comments: string;
        rubricVersion: string;
        submittedAt: string;
        counted: boolean;
      }>(
        `SELECT reviewer_id AS "reviewerId", revision, scores, total::float8 AS total, comments, rubric_version AS "rubricVersion",
                submitted_at AS "submittedAt", counted
           FROM reviews WHERE application_id = $1 ORDER BY submitted_at`,
        [id],
      )
    ).rows;
    let visibleReviews: unknown[];
    if (as === 'committee') visibleReviews = reviews;
    else if (as === 'reviewer') {
      // A reviewer sees other reviews of a revision only once their own for it is in.
      const mine = new Set(reviews.filter((r) => r.reviewerId === actor.id).map((r) => r.revision));
      visibleReviews = reviews.filter((r) => r.reviewerId === actor.id || mine.has(r.revision));
    } else {
      // The applicant: scores and comments once decided, never who wrote them (blind review).
      visibleReviews = app.decision
        ? reviews.map(({ reviewerId: _hidden, ...r }, i) => ({ reviewer: `#${i + 1}`, ...r }))
        : [];
    }

    const assignments =
      as === 'committee'
        ? (
            await this.pool.query(
              `SELECT reviewer_id AS "reviewerId", due_at AS "dueAt", conflicts, override_reason AS "overrideReason",
                      submitted_revision AS "submittedRevision" FROM review_assignments WHERE application_id = $1 ORDER BY reviewer_id`,
              [id],
            )
          ).rows
        : undefined;

    // The reviewer's own task (its deadline on the review page): their queue is paged, so the page no
    // longer finds it there once they hold more tasks than one page.
    const myAssignment =
      as === 'reviewer'
        ? ((
            await this.pool.query<{ dueAt: Date; submittedRevision: number | null }>(
              `SELECT due_at AS "dueAt", submitted_revision AS "submittedRevision"
                 FROM review_assignments WHERE application_id = $1 AND reviewer_id = $2`,
              [id, actor.id],
            )
          ).rows[0] ?? null)
        : undefined;

    return {
      ...app,
      viewerAccess: as,
      reviews: visibleReviews,
      assignments,
      ...(myAssignment !== undefined && { myAssignment }),
      ...(as === 'committee' && { removals }),
      timeline: await this.timeline(id, as),
    };
  }

  /**
   * Files erased with their uploader's personal data (DOMAIN.md "Audit trail") are shown as erased, their
   * names withheld: the events keep what was attached, the reads no longer tell it.
   */
  private async withErasedFiles(fields: unknown): Promise<unknown> {
    const attachments = (fields as { attachments?: { id: string }[] } | null)?.attachments;
    if (!attachments?.length) return fields;
    // Before the worker has made the evidence read model nothing can have been erased yet.
    const res = await this.pool
      .query<{ id: string }>(
        `SELECT evidence_id AS id FROM evidence_files WHERE evidence_id = ANY ($1) AND erased_at IS NOT NULL`,
        [attachments.map((a) => a.id)],
      )
      .catch((err: { code?: string }) => {
        if (err.code === '42P01') return { rows: [] as { id: string }[] };
        throw err;
      });
    if (res.rows.length === 0) return fields;
    const erased = new Set(res.rows.map((r) => r.id));
    return {
      ...(fields as object),
      attachments: attachments.map((a) => (erased.has(a.id) ? { ...a, name: '[erased]', erased: true } : a)),
    };
  }

  /**
   * The chair's "assign reviewers" page: every active reviewer of the committee's area (the chair's org
   * unit and below) but the chair (four eyes), with their school, tier, open review load, whether they
   * are on the current revision already, and the conflicts of interest the assignment would raise —
   * computed by the same function the assignment hands the decider (relationships.ts conflictsFor).
   * Who they are, sorted by name and capped, is identity's to answer; their tier and studio the
   * ladder's (ARCHITECTURE.md "Between contexts"): one look-up each for the whole list, merged here in
   * identity's order.
   */
  async reviewerCandidates(actor: Actor, id: string, state: StartedApplication, quorum: number) {
    const people = await this.directory.holdersWithin('reviewer', actor.orgUnit, actor.id, CANDIDATES_MAX);
    const ids = people.map((p) => p.id);
    const [profiles, load, conflicts] = await Promise.all([
      this.profiles.profilesOf(ids),
      this.openReviews(ids),
      conflictsFor({ directory: this.directory, ladder: this.relations }, ids, state.applicantId),
    ]);
    const rows = people.map((p) => {
      const ladder = profiles.get(p.id);
      return {
        id: p.id,
        displayName: p.displayName,
        school: p.school,
        subject: ladder?.studioSubject ?? null,
        // The ladder's record of the tier first; identity's registered tier until the ladder has one.
        tier: ladder?.tier ?? p.tier,
        openReviews: load.get(p.id) ?? 0,
      };
    });
    const removed = new Set(
      state.removed.filter((x) => x.revision === state.revision).map((x) => x.reviewerId),
    );
    return {
      applicationId: id,
      revision: state.revision,
      quorum,
      items: rows.map((r) => ({
        ...r,
        assigned: state.reviewers[r.id]?.revision === state.revision,
        removed: removed.has(r.id),
        conflicts: conflicts.get(r.id) ?? [],
      })),
    };
  }

  /** How many reviews each of `reviewerIds` owes: assignments in review whose current revision is unreviewed. */
  private async openReviews(reviewerIds: readonly string[]): Promise<Map<string, number>> {
    if (reviewerIds.length === 0) return new Map();
    const res = await this.pool.query<{ id: string; n: number }>(
      `SELECT ra.reviewer_id AS id, count(*)::int AS n
         FROM review_assignments ra JOIN application_summaries a USING (application_id)
        WHERE ra.reviewer_id = ANY ($1::text[]) AND a.stage = 'in_review'
          AND (ra.submitted_revision IS NULL OR ra.submitted_revision <> a.revision)
        GROUP BY ra.reviewer_id`,
      [[...reviewerIds]],
    );
    return new Map(res.rows.map((r) => [r.id, r.n]));
  }

  /**
   * Approved training projects still running, within the caller's reach: projects approved under a call
   * of the caller's org unit or a unit above it (DOMAIN.md stage 4: teachers find projects and enrol).
   */
  async trainingProjects(actor: Actor, limit: number) {
    const res = await this.pool.query(
      `SELECT a.application_id AS id, a.title, a.fields->>'level' AS level, a.fields->>'targetTier' AS "targetTier",
              a.fields->>'subject' AS subject, (a.fields->>'hours')::float8 AS hours,
              a.fields->>'startsOn' AS "startsOn", a.fields->>'endsOn' AS "endsOn",
              (a.fields->>'capacity')::int AS capacity, a.enrolled, greatest(a.cycle, 1) AS cycle,
              c.org_unit AS "orgUnit",
              EXISTS (SELECT 1 FROM training_enrolments e WHERE e.application_id = a.application_id
                         AND e.cycle = greatest(a.cycle, 1) AND e.teacher_id = $1) AS "enrolledByMe",
              a.applicant_id = $1 AS "ownProject",
              a.enrolled >= (a.fields->>'capacity')::int AS full
         FROM application_summaries a JOIN calls c USING (call_id)
        WHERE a.kind = 'training_project' AND a.stage = 'approved' AND NOT a.retired AND NOT a.concluded
          AND c.org_unit = ANY ($2::text[])
        ORDER BY a.fields->>'startsOn', a.title, a.application_id LIMIT $3`,
      // The caller's unit and those above it, from identity's directory (no join on its tree).
      [actor.id, await this.directory.ancestors(actor.orgUnit), limit],
    );
    return { items: res.rows };
  }

  /** The stream's events in order: what happened, when, by whom, in which request (DOMAIN.md "Audit trail"). */
  private async timeline(id: string, as: 'applicant' | 'reviewer' | 'committee') {
    // The stream through the event-store port (ARCHITECTURE.md "Between contexts": nothing outside
    // libs/event-store names its tables); only version, type and metadata are shown, so no upcasting.
    const events: RecordedEvent[] = [];
    for (let from = 1; ; from += TIMELINE_PAGE) {
      const page = await this.store.readStream(`application-${id}`, {
        fromVersion: from,
        limit: TIMELINE_PAGE,
        asStored: true,
      });
      events.push(...page);
      if (page.length < TIMELINE_PAGE) break;
    }
    const names = await this.directory.displayNames([...new Set(events.map((e) => e.metadata.actorId))]);
    const rows = events.map((e) => ({
      version: e.version,
      type: e.type,
      metadata: e.metadata as unknown as Record<string, string>,
      displayName: names.get(e.metadata.actorId) ?? null,
    }));
    return rows.map((r) => {
      // Blind review: the applicant sees that the review moved on, never by whom — not through the actor,
      // nor through a review timer's causation id, which names the reviewer it was set for.
      const blind =
        as === 'applicant' && (r.metadata.actorRole === 'reviewer' || REVIEW_STEP_EVENTS.has(r.type));
      const hideActor = blind && r.metadata.actorRole === 'reviewer';
      return {
        version: Number(r.version),
        type: r.type,
        at: r.metadata.recordedAt,
        actor: hideActor ? null : { id: r.metadata.actorId, name: r.displayName, role: r.metadata.actorRole },
        role: r.metadata.actorRole,
        correlationId: r.metadata.correlationId,
        causationId: blind ? null : r.metadata.causationId,
      };
    });
  }

  /**
   * A reviewer's open assignments in due order, one keyset page at a time: the page is read from the
   * partial index of open assignments (reviewer, due, application) and stops one row past the page, so
   * a long queue costs what one page costs. `submitted` keeps only the tasks whose review of the current
   * revision is (true) or is not (false) in, so each of the page's tabs pages on its own.
   */
  async reviewQueue(
    actor: Actor,
    now: Date,
    page: { limit: number; after?: QueueKey; submitted?: boolean } = { limit: REVIEW_QUEUE_PAGE },
  ) {
    const params: unknown[] = [actor.id, now.toISOString()];
    const where = [`a.reviewer_id = $1`, `a.open`, `s.stage IN ('in_review', 'submitted')`];
    if (page.after) {
      params.push(page.after.dueMicros, page.after.applicationId);
      where.push(
        `(a.due_at, a.application_id) > ('epoch'::timestamptz + $${params.length - 1}::bigint * interval '1 microsecond', $${params.length}::text)`,
      );
    }
    if (page.submitted !== undefined)
      where.push(
        `${page.submitted ? '' : 'NOT '}(a.submitted_revision IS NOT NULL AND a.submitted_revision = s.revision)`,
      );
    params.push(page.limit + 1);
    const res = await this.pool.query<QueueRow>(
      `SELECT a.application_id AS id, s.title, s.kind, s.stage, a.due_at AS "dueAt", a.assigned_at AS "assignedAt",
              (a.submitted_revision IS NOT NULL AND a.submitted_revision = s.revision) AS submitted,
              (a.due_at < $2 AND s.stage = 'in_review' AND (a.submitted_revision IS NULL OR a.submitted_revision <> s.revision)) AS overdue,
              (extract(epoch FROM a.due_at) * 1000000)::bigint::text AS "dueMicros"
         FROM review_assignments a JOIN application_summaries s USING (application_id)
        WHERE ${where.join(' AND ')}
        ORDER BY a.due_at, a.application_id LIMIT $${params.length}`,
      params,
    );
    const more = res.rows.length > page.limit;
    const rows = more ? res.rows.slice(0, page.limit) : res.rows;
    const last = rows.at(-1);
    return {
      items: rows.map(({ dueMicros: _key, ...item }) => item),
      nextCursor:
        more && last ? encodeQueueCursor({ dueMicros: last.dueMicros, applicationId: last.id }) : null,
    };
  }

  /** The chair's board: applications of their unit and below by stage, with counts and overdue flags. */
  async board(actor: Actor, now: Date, stage: string | undefined, limit: number) {
    // The chair's unit and every unit below, from identity's directory (no join on its tree).
    const units = (await this.directory.subtree(actor.orgUnit))?.units ?? [];
    // The counts by stage and the page of items in one statement (BENCHMARKS.md Q1: each statement is a
    // round trip and socket writes on both sides); the counts come once, as JSON text on every row (an
    // init plan, computed once) or on the one row of nulls when the page is empty. They sum the units'
    // counts the projection keeps with the summaries (a few rows per unit) rather than count the
    // subtree's applications; a stage with none is left out, as counting them left it out.
    const res = await this.pool.query<BoardRow & { counts: string | null }>(
      `SELECT (SELECT json_object_agg(stage, n ORDER BY stage)::text
                 FROM (SELECT stage, sum(n)::int AS n FROM application_stage_counts
                        WHERE org_unit = ANY ($1::text[]) AND stage <> 'draft'
                        GROUP BY stage HAVING sum(n) > 0) c) AS counts,
              i.*
         FROM (SELECT 1) AS one
         LEFT JOIN LATERAL (
           SELECT application_id AS id, kind, title, stage, org_unit AS "orgUnit", applicant_id AS "applicantId",
                  reviews_submitted AS "reviewsSubmitted", review_due_at AS "reviewDueAt", revision_due_at AS "revisionDueAt",
                  ((stage = 'in_review' AND review_due_at < $2) OR (stage = 'changes_requested' AND revision_due_at < $2)) AS overdue,
                  updated_at AS "updatedAt"
             FROM application_summaries a
            WHERE a.org_unit = ANY ($1::text[]) AND ($3::text IS NULL OR stage = $3) AND stage <> 'draft'
            ORDER BY updated_at DESC, application_id LIMIT $4) i ON true`,
      [units, now.toISOString(), stage ?? null, limit],
    );
    const counts = res.rows[0]?.counts;
    return {
      counts: counts ? (JSON.parse(counts) as Record<string, number>) : {},
      items: res.rows.filter((r) => r.id !== null).map(({ counts: _counts, ...item }) => item),
    };
  }
}
