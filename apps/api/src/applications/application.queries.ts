import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '#libs/platform';
import { withinSql } from '../http/org-scope.js';
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
}

const SUMMARY = `application_id AS id, kind, title, stage, call_id AS "callId", applicant_id AS "applicantId",
  org_unit AS "orgUnit", fields, revision, review_due_at AS "reviewDueAt", revision_due_at AS "revisionDueAt",
  reviews_submitted AS "reviewsSubmitted", decision, decision_rationale AS "decisionRationale",
  average_score::float8 AS "averageScore", grade, retired, renewable, enrolled, completed, version,
  created_at AS "createdAt", submitted_at AS "submittedAt", updated_at AS "updatedAt"`;

/**
 * Reads with the visibility rules of DOMAIN.md "People and roles" applied in one place, so a list never
 * shows what a single read would refuse:
 * - the applicant sees their application; reviewers' identities stay hidden from them (blind review);
 * - an assigned reviewer sees the application, and other reviews only after submitting their own;
 * - a chair or admin sees applications of their org unit and below, with everything.
 */
@Injectable()
export class ApplicationQueries {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async mine(actor: Actor, limit: number) {
    const res = await this.pool.query<SummaryRow>(
      `SELECT ${SUMMARY} FROM application_summaries WHERE applicant_id = $1 ORDER BY created_at DESC, application_id LIMIT $2`,
      [actor.id, limit],
    );
    return { items: res.rows };
  }

  /** Who may read this application, and as what. */
  async access(
    actor: Actor,
    app: { applicantId: string; orgUnit: string; id: string },
  ): Promise<'applicant' | 'reviewer' | 'committee' | null> {
    if ((actor.roles.includes('chair') || actor.roles.includes('admin')) && app.applicantId !== actor.id) {
      const inScope = await this.pool.query(`SELECT 1 WHERE ${withinSql('$1', '$2')}`, [
        app.orgUnit,
        actor.orgUnit,
      ]);
      if (inScope.rowCount) return 'committee';
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
    const app = res.rows[0];
    if (!app) throw new NotFoundException(`no application ${id}`);
    const as = await this.access(actor, app);
    if (!as) throw new ForbiddenException('you may not read this application');

    const reviews = (
      await this.pool.query<{
        reviewerId: string;
        revision: number;
        scores: Record<string, number>;
        total: string;
        comments: string;
        rubricVersion: string;
        submittedAt: string;
      }>(
        `SELECT reviewer_id AS "reviewerId", revision, scores, total, comments, rubric_version AS "rubricVersion", submitted_at AS "submittedAt"
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

    return {
      ...app,
      viewerAccess: as,
      reviews: visibleReviews,
      assignments,
      timeline: await this.timeline(id, as),
    };
  }

  /** The stream's events in order: what happened, when, by whom, in which request (DOMAIN.md "Audit trail"). */
  private async timeline(id: string, as: 'applicant' | 'reviewer' | 'committee') {
    const users = await this.pool.query(`SELECT to_regclass('users') IS NOT NULL AS ok`);
    const named = users.rows[0].ok as boolean;
    const res = await this.pool.query<{
      version: string;
      type: string;
      metadata: Record<string, string>;
      displayName: string | null;
    }>(
      `SELECT e.version, e.type, e.metadata${named ? ', u.display_name AS "displayName"' : ', NULL AS "displayName"'}
         FROM events e ${named ? "LEFT JOIN users u ON u.id = e.metadata->>'actorId'" : ''}
        WHERE e.stream_id = $1 ORDER BY e.version`,
      [`application-${id}`],
    );
    return res.rows.map((r) => {
      const blind =
        as === 'applicant' && (r.metadata.actorRole === 'reviewer' || r.type === 'ReviewersAssigned');
      const hideActor = blind && r.metadata.actorRole === 'reviewer';
      return {
        version: Number(r.version),
        type: r.type,
        at: r.metadata.recordedAt,
        actor: hideActor ? null : { id: r.metadata.actorId, name: r.displayName, role: r.metadata.actorRole },
        role: r.metadata.actorRole,
        correlationId: r.metadata.correlationId,
        causationId: r.metadata.causationId,
      };
    });
  }

  async reviewQueue(actor: Actor, now: Date) {
    const res = await this.pool.query(
      `SELECT a.application_id AS id, s.title, s.kind, s.stage, a.due_at AS "dueAt", a.assigned_at AS "assignedAt",
              (a.submitted_revision IS NOT NULL AND a.submitted_revision = s.revision) AS submitted,
              (a.due_at < $2 AND s.stage = 'in_review' AND (a.submitted_revision IS NULL OR a.submitted_revision <> s.revision)) AS overdue
         FROM review_assignments a JOIN application_summaries s USING (application_id)
        WHERE a.reviewer_id = $1 AND s.stage IN ('in_review', 'submitted')
        ORDER BY a.due_at, a.application_id LIMIT 200`,
      [actor.id, now.toISOString()],
    );
    return { items: res.rows };
  }

  /** The chair's board: applications of their unit and below by stage, with counts and overdue flags. */
  async board(actor: Actor, now: Date, stage: string | undefined, limit: number) {
    const counts = await this.pool.query<{ stage: string; n: number }>(
      `SELECT stage, count(*)::int AS n FROM application_summaries a WHERE ${withinSql('a.org_unit', '$1')} AND stage <> 'draft' GROUP BY stage ORDER BY stage`,
      [actor.orgUnit],
    );
    const items = await this.pool.query(
      `SELECT application_id AS id, kind, title, stage, org_unit AS "orgUnit", applicant_id AS "applicantId",
              reviews_submitted AS "reviewsSubmitted", review_due_at AS "reviewDueAt", revision_due_at AS "revisionDueAt",
              ((stage = 'in_review' AND review_due_at < $2) OR (stage = 'changes_requested' AND revision_due_at < $2)) AS overdue,
              updated_at AS "updatedAt"
         FROM application_summaries a
        WHERE ${withinSql('a.org_unit', '$1')} AND ($3::text IS NULL OR stage = $3) AND stage <> 'draft'
        ORDER BY updated_at DESC, application_id LIMIT $4`,
      [actor.orgUnit, now.toISOString(), stage ?? null, limit],
    );
    return { counts: Object.fromEntries(counts.rows.map((r) => [r.stage, r.n])), items: items.rows };
  }
}
