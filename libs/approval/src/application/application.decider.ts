import {
  forbidden,
  refuse,
  type CommandMetadata,
  type DomainEvent,
  type StreamDecider,
} from '#libs/event-store';
import { gradeOf, type Grade, type Policy } from '#libs/policy';

// The four application kinds of DOMAIN.md "The approval pipeline".
export const APPLICATION_KINDS = ['training_project', 'tier_promotion', 'studio', 'school_plan'] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];

export const TIERS = ['new', 'young', 'backbone', 'leader', 'master'] as const;
export type Tier = (typeof TIERS)[number];

export const LEVELS = ['province', 'city', 'district', 'school'] as const;
export type Level = (typeof LEVELS)[number];

/** Kind-specific fields, validated at the edge (DTOs) and again here where a rule depends on them. */
export type ApplicationFields =
  | {
      kind: 'training_project';
      level: Level;
      targetTier: Tier;
      subject: string;
      hours: number;
      capacity: number;
      budget: number;
      startsOn: string;
      endsOn: string;
    }
  | { kind: 'tier_promotion'; targetTier: Tier; evidence: string[] }
  | { kind: 'studio'; name: string; subject: string; plan: string }
  | { kind: 'school_plan'; schoolYear: string; summary: string };

/** What the handler looked up about the call before deciding (deciders do no I/O). */
export interface CallFacts {
  id: string;
  kind: ApplicationKind;
  orgUnit: string;
  opensAt: string;
  closesAt: string;
  closed: boolean;
}

/** Conflict reasons the handler found between a reviewer and the application (DOMAIN.md 利益回避). */
export type ConflictReason = 'same_school' | 'mentor_or_mentee' | 'same_studio' | 'own_application';

export interface ReviewerAssignment {
  reviewerId: string;
  conflicts: ConflictReason[];
  /** The chair's written reason for assigning despite a conflict. */
  overrideReason?: string;
  /** Whether the directory knows them as an active reviewer; absent when it cannot tell. */
  isReviewer?: boolean;
}

export type ApplicationCommand =
  | { type: 'DraftApplication'; title: string; fields: ApplicationFields; call: CallFacts }
  | { type: 'UpdateDraft'; title?: string; fields?: ApplicationFields }
  | { type: 'SubmitApplication'; call: CallFacts }
  | { type: 'WithdrawApplication'; reason: string }
  | { type: 'AssignReviewers'; reviewers: ReviewerAssignment[]; policy: Policy }
  | { type: 'SubmitReview'; scores: Record<string, number>; comments: string; policy: Policy }
  | { type: 'RequestChanges'; reason: string; policy: Policy }
  | {
      type: 'DecideApplication';
      decision: 'approve' | 'reject';
      rationale: string;
      documentsSeen: string[];
      policy: Policy;
    }
  | { type: 'EnrolTrainee'; teacherId: string }
  | { type: 'RecordCompletion'; teacherId: string; hours: number }
  /** `traineeId` is checked against the enrolment and then dropped: the event keeps only the token. */
  | {
      type: 'SubmitTraineeEvaluation';
      traineeId: string;
      evaluatorToken: string;
      score: number;
      comment: string;
    }
  | {
      type: 'EvaluatePerformance';
      parts: {
        selfAssessment: number;
        archiveCheck: number;
        traineeInterviews: number;
        onSiteDefence: number;
      };
      policy: Policy;
    }
  /**
   * Fired by the review-due timer (issue 5). Carries the revision and due date the timer was set for, so
   * a timer left over from an earlier assignment does nothing.
   */
  | { type: 'MarkReviewOverdue'; reviewerId: string; revision: number; dueAt: string }
  /**
   * Fired by the revision-due timer (issue 5): the applicant has not resubmitted the revision the chair
   * sent back by its due date. Carries both, so a timer of an earlier round does nothing.
   */
  | { type: 'MarkRevisionOverdue'; revision: number; dueAt: string };

export interface ReviewRecord {
  reviewerId: string;
  scores: Record<string, number>;
  total: number;
  comments: string;
  rubricVersion: string;
  revision: number;
  submittedAt: string;
}

export type ApplicationEvent =
  | DomainEvent<
      'ApplicationDrafted',
      {
        kind: ApplicationKind;
        title: string;
        fields: ApplicationFields;
        callId: string;
        applicantId: string;
        orgUnit: string;
        draftedAt: string;
      }
    >
  | DomainEvent<'DraftUpdated', { title: string; fields: ApplicationFields }>
  | DomainEvent<'ApplicationSubmitted', { submittedAt: string; revision: number }>
  | DomainEvent<'ApplicationWithdrawn', { reason: string; withdrawnAt: string }>
  | DomainEvent<
      'ReviewersAssigned',
      {
        reviewers: { reviewerId: string; conflicts: ConflictReason[]; overrideReason: string | null }[];
        dueAt: string;
        policyVersion: string;
      }
    >
  | DomainEvent<'ReviewSubmitted', ReviewRecord>
  | DomainEvent<'ChangesRequested', { reason: string; dueAt: string; revision: number }>
  | DomainEvent<
      'ApplicationDecided',
      {
        decision: 'approve' | 'reject';
        rationale: string;
        decidedAt: string;
        policyVersion: string;
        rubricVersion: string;
        reviews: { reviewerId: string; total: number; scores: Record<string, number> }[];
        averageScore: number;
        documentsSeen: string[];
      }
    >
  | DomainEvent<'TraineeEnrolled', { teacherId: string; enrolledAt: string }>
  | DomainEvent<
      'TrainingCompleted',
      { teacherId: string; hours: number; completedAt: string; projectLevel: Level }
    >
  | DomainEvent<'TraineeEvaluationSubmitted', { evaluatorToken: string; score: number; comment: string }>
  | DomainEvent<
      'PerformanceEvaluated',
      {
        parts: {
          selfAssessment: number;
          archiveCheck: number;
          traineeInterviews: number;
          onSiteDefence: number;
        };
        score: number;
        grade: Grade;
        policyVersion: string;
        evaluatedAt: string;
      }
    >
  | DomainEvent<'ProjectRetired', { reason: string; grade: Grade }>
  | DomainEvent<'ProjectRenewable', { grade: Grade; reviewExempt: true }>
  | DomainEvent<'ReviewOverdue', { reviewerId: string; revision: number; dueAt: string; markedAt: string }>
  | DomainEvent<'RevisionOverdue', { revision: number; dueAt: string; markedAt: string }>;

export type Stage =
  'draft' | 'submitted' | 'in_review' | 'changes_requested' | 'approved' | 'rejected' | 'withdrawn';

export interface ApplicationState {
  exists: boolean;
  stage: Stage;
  kind: ApplicationKind | null;
  title: string;
  fields: ApplicationFields | null;
  callId: string | null;
  applicantId: string | null;
  orgUnit: string | null;
  /** 0 before the first submission; each resubmission after requested changes adds one. */
  revision: number;
  /** Assigned reviewers and the revision they were (last) assigned to review. */
  reviewers: Record<
    string,
    { conflicts: ConflictReason[]; overrideReason: string | null; dueAt: string; revision: number }
  >;
  reviews: ReviewRecord[];
  decision: 'approve' | 'reject' | null;
  enrolled: string[];
  completed: Record<string, number>;
  evaluatorTokens: string[];
  grade: Grade | null;
  retired: boolean;
  /** `<reviewerId>@<revision>` of each review marked overdue (DOMAIN.md "Deadlines and reminders"). */
  overdue: string[];
  /** While changes are requested: when the applicant's revision is due. */
  revisionDueAt?: string | null;
  /** Revisions (the revision sent back) whose resubmission was marked overdue. */
  revisionsOverdue?: number[];
}

export const initialApplicationState: ApplicationState = {
  exists: false,
  stage: 'draft',
  kind: null,
  title: '',
  fields: null,
  callId: null,
  applicantId: null,
  orgUnit: null,
  revision: 0,
  reviewers: {},
  reviews: [],
  decision: null,
  enrolled: [],
  completed: {},
  evaluatorTokens: [],
  grade: null,
  retired: false,
  overdue: [],
};

const DAY = 86_400_000;
const addDays = (now: Date, days: number) => new Date(now.getTime() + days * DAY).toISOString();
const isScore = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 100;

function requireExists(s: ApplicationState): void {
  if (!s.exists) throw refuse('application_not_found', 'no such application');
}
function requireApplicant(s: ApplicationState, meta: CommandMetadata, what: string): void {
  if (s.applicantId !== meta.actorId) throw forbidden('not_applicant', `only the applicant may ${what}`);
}
// DOMAIN.md "People and roles": the chair assigns reviewers and decides. The role the actor acts in
// arrives in the metadata; the HTTP guard checked they hold it, the decider checks it was used.
function requireChair(meta: CommandMetadata, what: string): void {
  if (meta.actorRole !== 'chair') throw forbidden('chair_only', `only a committee chair may ${what}`);
}
function currentReviews(s: ApplicationState): ReviewRecord[] {
  return s.reviews.filter((r) => r.revision === s.revision);
}

/** seed 000 §五(三); DOMAIN.md stage 2: kind-specific checks that the DTO shape alone cannot make. */
function checkFields(fields: ApplicationFields): void {
  if (fields.kind === 'training_project') {
    if (!(fields.hours > 0 && fields.hours <= 1000))
      throw refuse('invalid_hours', 'hours must be between 1 and 1000');
    if (!(Number.isInteger(fields.capacity) && fields.capacity >= 1 && fields.capacity <= 10_000)) {
      throw refuse('invalid_capacity', 'capacity must be a whole number between 1 and 10000');
    }
    if (!(fields.budget >= 0)) throw refuse('invalid_budget', 'budget must not be negative');
    if (!(fields.startsOn <= fields.endsOn))
      throw refuse('invalid_dates', 'a project cannot end before it starts');
  }
  if (fields.kind === 'tier_promotion' && fields.targetTier === 'new') {
    throw refuse('invalid_target_tier', 'new teacher is the first tier, not a promotion');
  }
}

function withinWindow(call: CallFacts, now: Date): boolean {
  const t = now.getTime();
  return !call.closed && t >= Date.parse(call.opensAt) && t < Date.parse(call.closesAt);
}

export const applicationDecider: StreamDecider<ApplicationCommand, ApplicationEvent, ApplicationState> = {
  category: 'application',
  initialState: initialApplicationState,

  evolve(s, e) {
    switch (e.type) {
      case 'ApplicationDrafted':
        return {
          ...s,
          exists: true,
          stage: 'draft',
          kind: e.data.kind,
          title: e.data.title,
          fields: e.data.fields,
          callId: e.data.callId,
          applicantId: e.data.applicantId,
          orgUnit: e.data.orgUnit,
        };
      case 'DraftUpdated':
        return { ...s, title: e.data.title, fields: e.data.fields };
      case 'ApplicationSubmitted':
        return { ...s, stage: 'submitted', revision: e.data.revision };
      case 'ApplicationWithdrawn':
        return { ...s, stage: 'withdrawn' };
      case 'ReviewersAssigned': {
        const reviewers = { ...s.reviewers };
        for (const r of e.data.reviewers) {
          reviewers[r.reviewerId] = {
            conflicts: r.conflicts,
            overrideReason: r.overrideReason,
            dueAt: e.data.dueAt,
            revision: s.revision,
          };
        }
        return { ...s, stage: 'in_review', reviewers };
      }
      case 'ReviewSubmitted':
        return { ...s, reviews: [...s.reviews, e.data] };
      case 'ChangesRequested':
        return { ...s, stage: 'changes_requested', revisionDueAt: e.data.dueAt };
      case 'ApplicationDecided':
        return {
          ...s,
          stage: e.data.decision === 'approve' ? 'approved' : 'rejected',
          decision: e.data.decision,
        };
      case 'TraineeEnrolled':
        return { ...s, enrolled: [...s.enrolled, e.data.teacherId] };
      case 'TrainingCompleted':
        return { ...s, completed: { ...s.completed, [e.data.teacherId]: e.data.hours } };
      case 'TraineeEvaluationSubmitted':
        return { ...s, evaluatorTokens: [...s.evaluatorTokens, e.data.evaluatorToken] };
      case 'PerformanceEvaluated':
        return { ...s, grade: e.data.grade };
      case 'ProjectRetired':
        return { ...s, retired: true };
      case 'ProjectRenewable':
        return s;
      case 'ReviewOverdue':
        return { ...s, overdue: [...(s.overdue ?? []), `${e.data.reviewerId}@${e.data.revision}`] };
      case 'RevisionOverdue':
        return { ...s, revisionsOverdue: [...(s.revisionsOverdue ?? []), e.data.revision] };
    }
  },

  decide(c, s, meta) {
    const now = meta.now.toISOString();
    switch (c.type) {
      case 'DraftApplication': {
        if (s.exists) throw refuse('application_exists', 'this application already exists');
        if (c.call.kind !== c.fields.kind) {
          throw refuse(
            'wrong_call',
            `call ${c.call.id} is for ${c.call.kind} applications, not ${c.fields.kind}`,
          );
        }
        checkFields(c.fields);
        return [
          {
            type: 'ApplicationDrafted',
            data: {
              kind: c.fields.kind,
              title: c.title,
              fields: c.fields,
              callId: c.call.id,
              applicantId: meta.actorId,
              orgUnit: meta.orgUnit,
              draftedAt: now,
            },
          },
        ];
      }

      case 'UpdateDraft': {
        requireExists(s);
        requireApplicant(s, meta, 'edit this application');
        if (s.stage !== 'draft' && s.stage !== 'changes_requested') {
          throw refuse('not_editable', `a ${s.stage} application cannot be edited`);
        }
        const fields = c.fields ?? s.fields!;
        if (fields.kind !== s.kind)
          throw refuse('kind_fixed', 'an application keeps the kind it was drafted with');
        checkFields(fields);
        return [{ type: 'DraftUpdated', data: { title: c.title ?? s.title, fields } }];
      }

      case 'SubmitApplication': {
        requireExists(s);
        requireApplicant(s, meta, 'submit this application');
        if (s.stage === 'submitted' && s.revision > 0) return []; // already submitted: nothing to do
        if (s.stage !== 'draft' && s.stage !== 'changes_requested') {
          throw refuse('not_submittable', `a ${s.stage} application cannot be submitted`);
        }
        // DOMAIN.md stage 1: submit only within the call's window. A resubmission after requested
        // changes answers the committee, so the window no longer applies to it.
        if (s.stage === 'draft' && !withinWindow(c.call, meta.now)) {
          throw refuse(
            'outside_call_window',
            `call ${c.call.id} accepts submissions from ${c.call.opensAt} until ${c.call.closesAt}`,
            {
              opensAt: c.call.opensAt,
              closesAt: c.call.closesAt,
            },
          );
        }
        return [{ type: 'ApplicationSubmitted', data: { submittedAt: now, revision: s.revision + 1 } }];
      }

      case 'WithdrawApplication': {
        requireExists(s);
        requireApplicant(s, meta, 'withdraw this application');
        if (s.stage === 'withdrawn') return [];
        // DOMAIN.md stage 1: withdraw before decision.
        if (s.stage === 'approved' || s.stage === 'rejected')
          throw refuse('already_decided', 'a decided application cannot be withdrawn');
        return [{ type: 'ApplicationWithdrawn', data: { reason: c.reason, withdrawnAt: now } }];
      }

      case 'AssignReviewers': {
        requireExists(s);
        requireChair(meta, 'assign reviewers');
        if (s.applicantId === meta.actorId)
          throw forbidden('own_application', 'nobody handles their own application');
        if (s.stage !== 'submitted' && s.stage !== 'in_review') {
          throw refuse('not_reviewable', `reviewers cannot be assigned to a ${s.stage} application`);
        }
        // After a resubmission the same reviewers may be assigned again, for the new revision.
        const fresh = c.reviewers.filter((r) => s.reviewers[r.reviewerId]?.revision !== s.revision);
        if (fresh.length === 0) return [];
        for (const r of fresh) {
          // DOMAIN.md: nobody reviews their own application — no override can change that.
          if (r.reviewerId === s.applicantId || r.conflicts.includes('own_application')) {
            throw forbidden('own_application', `reviewer ${r.reviewerId} is the applicant`, {
              reviewerId: r.reviewerId,
            });
          }
          // DOMAIN.md "People and roles": reviewers are committee members (评审专家).
          if (r.isReviewer === false)
            throw refuse('not_a_reviewer', `${r.reviewerId} is not an active reviewer`, {
              reviewerId: r.reviewerId,
            });
          // DOMAIN.md 利益回避: a conflicted reviewer only with the chair's written reason.
          if (r.conflicts.length > 0 && !(r.overrideReason && r.overrideReason.trim().length > 0)) {
            throw refuse(
              'conflict_of_interest',
              `reviewer ${r.reviewerId} has a conflict of interest: ${r.conflicts.join(', ')}`,
              {
                reviewerId: r.reviewerId,
                conflicts: r.conflicts,
              },
            );
          }
        }
        return [
          {
            type: 'ReviewersAssigned',
            data: {
              reviewers: fresh.map((r) => ({
                reviewerId: r.reviewerId,
                conflicts: r.conflicts,
                overrideReason: r.conflicts.length > 0 ? r.overrideReason! : null,
              })),
              dueAt: addDays(meta.now, c.policy.reviewDueDays),
              policyVersion: c.policy.version,
            },
          },
        ];
      }

      case 'SubmitReview': {
        requireExists(s);
        if (!s.reviewers[meta.actorId])
          throw forbidden('not_assigned', 'only an assigned reviewer may review this application');
        if (s.stage !== 'in_review')
          throw refuse('not_in_review', `a ${s.stage} application is not under review`);
        if (currentReviews(s).some((r) => r.reviewerId === meta.actorId)) {
          throw refuse('already_reviewed', 'you have already reviewed this revision');
        }
        const dims = c.policy.rubric.dimensions.map((d) => d.key);
        const given = Object.keys(c.scores);
        const missing = dims.filter((d) => !given.includes(d));
        const extra = given.filter((g) => !dims.includes(g));
        if (missing.length > 0 || extra.length > 0) {
          throw refuse(
            'rubric_mismatch',
            `scores must cover exactly the rubric ${c.policy.rubric.version}: ${dims.join(', ')}`,
            {
              missing,
              unexpected: extra,
            },
          );
        }
        const bad = dims.filter((d) => !isScore(c.scores[d]));
        if (bad.length > 0)
          throw refuse('score_out_of_range', `scores are 0–100 (seed 003 §七(二)): ${bad.join(', ')}`);
        const total = Math.round((dims.reduce((sum, d) => sum + c.scores[d]!, 0) / dims.length) * 100) / 100;
        return [
          {
            type: 'ReviewSubmitted',
            data: {
              reviewerId: meta.actorId,
              scores: c.scores,
              total,
              comments: c.comments,
              rubricVersion: c.policy.rubric.version,
              revision: s.revision,
              submittedAt: now,
            },
          },
        ];
      }

      case 'RequestChanges': {
        requireExists(s);
        requireChair(meta, 'request changes');
        if (s.applicantId === meta.actorId)
          throw forbidden('own_application', 'nobody handles their own application');
        if (s.stage !== 'in_review' && s.stage !== 'submitted') {
          throw refuse('not_in_review', `changes cannot be requested on a ${s.stage} application`);
        }
        return [
          {
            type: 'ChangesRequested',
            data: {
              reason: c.reason,
              dueAt: addDays(meta.now, c.policy.revisionDueDays),
              revision: s.revision,
            },
          },
        ];
      }

      case 'DecideApplication': {
        requireExists(s);
        requireChair(meta, 'decide');
        // DOMAIN.md: nobody decides their own application.
        if (s.applicantId === meta.actorId)
          throw forbidden('own_application', 'nobody decides their own application');
        if (s.stage === 'approved' || s.stage === 'rejected')
          throw refuse('already_decided', 'this application has been decided');
        if (s.stage !== 'in_review')
          throw refuse('not_in_review', `a ${s.stage} application cannot be decided`);
        const reviews = currentReviews(s);
        if (reviews.length < c.policy.reviewQuorum) {
          throw refuse(
            'no_quorum',
            `a decision needs ${c.policy.reviewQuorum} reviews; ${reviews.length} submitted`,
            {
              required: c.policy.reviewQuorum,
              submitted: reviews.length,
            },
          );
        }
        const average =
          Math.round((reviews.reduce((sum, r) => sum + r.total, 0) / reviews.length) * 100) / 100;
        return [
          {
            type: 'ApplicationDecided',
            data: {
              decision: c.decision,
              rationale: c.rationale,
              decidedAt: now,
              policyVersion: c.policy.version,
              rubricVersion: reviews[0]!.rubricVersion,
              reviews: reviews.map((r) => ({ reviewerId: r.reviewerId, total: r.total, scores: r.scores })),
              averageScore: average,
              documentsSeen: c.documentsSeen,
            },
          },
        ];
      }

      case 'EnrolTrainee': {
        requireExists(s);
        const f = requireRunningProject(s);
        // A teacher enrols themself; the project owner or an admin may enrol others.
        if (c.teacherId !== meta.actorId && s.applicantId !== meta.actorId && meta.actorRole !== 'admin') {
          throw forbidden(
            'not_project_owner',
            'teachers enrol themselves; the project owner or an admin enrols others',
          );
        }
        if (s.enrolled.includes(c.teacherId)) return [];
        if (s.enrolled.length >= f.capacity)
          throw refuse('project_full', `the project is full (capacity ${f.capacity})`);
        return [{ type: 'TraineeEnrolled', data: { teacherId: c.teacherId, enrolledAt: now } }];
      }

      case 'RecordCompletion': {
        requireExists(s);
        const f = requireRunningProject(s);
        if (s.applicantId !== meta.actorId && meta.actorRole !== 'admin') {
          throw forbidden('not_project_owner', 'completions are recorded by the project owner or an admin');
        }
        if (!s.enrolled.includes(c.teacherId))
          throw refuse('not_enrolled', `teacher ${c.teacherId} is not enrolled`);
        if (s.completed[c.teacherId] !== undefined) return [];
        if (!(c.hours > 0 && c.hours <= f.hours))
          throw refuse('invalid_hours', `completion hours must be between 1 and the project's ${f.hours}`);
        return [
          {
            type: 'TrainingCompleted',
            data: { teacherId: c.teacherId, hours: c.hours, completedAt: now, projectLevel: f.level },
          },
        ];
      }

      case 'SubmitTraineeEvaluation': {
        requireExists(s);
        requireRunningProject(s);
        // seed 004 §二(四)9 参训学员网络匿名评估: the event keeps a one-way token, never the trainee.
        if (!s.enrolled.includes(c.traineeId))
          throw forbidden('not_a_trainee', 'only enrolled trainees evaluate a project');
        if (s.evaluatorTokens.includes(c.evaluatorToken))
          throw refuse('already_evaluated', 'you have already evaluated this project');
        if (!isScore(c.score)) throw refuse('score_out_of_range', 'scores are 0–100');
        return [
          {
            type: 'TraineeEvaluationSubmitted',
            data: { evaluatorToken: c.evaluatorToken, score: c.score, comment: c.comment },
          },
        ];
      }

      case 'EvaluatePerformance': {
        requireExists(s);
        requireRunningProject(s);
        if (meta.actorRole !== 'chair' && meta.actorRole !== 'admin') {
          throw forbidden('chair_only', 'performance evaluations are recorded by a chair or admin');
        }
        if (s.applicantId === meta.actorId)
          throw forbidden('own_application', 'nobody evaluates their own project');
        const parts = c.parts;
        const bad = Object.entries(parts)
          .filter(([, v]) => !isScore(v))
          .map(([k]) => k);
        if (bad.length > 0) throw refuse('score_out_of_range', `parts are scored 0–100: ${bad.join(', ')}`);
        const w = c.policy.performanceWeights;
        const score =
          Math.round(
            (parts.selfAssessment * w.selfAssessment +
              parts.archiveCheck * w.archiveCheck +
              parts.traineeInterviews * w.traineeInterviews +
              parts.onSiteDefence * w.onSiteDefence) *
              100,
          ) / 100;
        const grade = gradeOf(score, c.policy.gradeThresholds);
        const events: ApplicationEvent[] = [
          {
            type: 'PerformanceEvaluated',
            data: { parts, score, grade, policyVersion: c.policy.version, evaluatedAt: now },
          },
        ];
        // seed 004 §二(四)9: unqualified projects are retired; good and excellent may run again
        // without re-review (周期遴选与免评备案).
        if (grade === 'unqualified')
          events.push({
            type: 'ProjectRetired',
            data: { reason: `performance evaluation ${score} is unqualified`, grade },
          });
        if (grade === 'excellent' || grade === 'good')
          events.push({ type: 'ProjectRenewable', data: { grade, reviewExempt: true } });
        return events;
      }

      case 'MarkReviewOverdue': {
        // Only the deadline timers mark a review overdue; no person can (issue 5).
        if (meta.actorRole !== 'system')
          throw forbidden('system_only', 'only the deadline timers mark a review overdue');
        // DOMAIN.md "Deadlines and reminders": an overdue step is handled once, and a late or repeated
        // firing for a step already done (reviewed, withdrawn, decided, sent back, reassigned) does nothing.
        if (!s.exists || s.stage !== 'in_review') return [];
        const assigned = s.reviewers[c.reviewerId];
        if (!assigned || assigned.revision !== s.revision || c.revision !== s.revision) return [];
        if (assigned.dueAt !== c.dueAt) return [];
        if (currentReviews(s).some((r) => r.reviewerId === c.reviewerId)) return [];
        if ((s.overdue ?? []).includes(`${c.reviewerId}@${c.revision}`)) return [];
        return [
          {
            type: 'ReviewOverdue',
            data: { reviewerId: c.reviewerId, revision: c.revision, dueAt: c.dueAt, markedAt: now },
          },
        ];
      }

      case 'MarkRevisionOverdue': {
        if (meta.actorRole !== 'system')
          throw forbidden('system_only', 'only the deadline timers mark a revision overdue');
        // DOMAIN.md "Deadlines and reminders": handled once; nothing once the applicant resubmitted (or
        // withdrew, or the round the timer was set for is over).
        if (!s.exists || s.stage !== 'changes_requested' || s.revision !== c.revision) return [];
        if (s.revisionDueAt !== c.dueAt) return [];
        if ((s.revisionsOverdue ?? []).includes(c.revision)) return [];
        return [{ type: 'RevisionOverdue', data: { revision: c.revision, dueAt: c.dueAt, markedAt: now } }];
      }
    }
  },
};

function requireRunningProject(
  s: ApplicationState,
): Extract<ApplicationFields, { kind: 'training_project' }> {
  if (s.kind !== 'training_project' || s.fields?.kind !== 'training_project') {
    throw refuse('not_a_training_project', 'only training projects are run and evaluated');
  }
  if (s.stage !== 'approved') throw refuse('project_not_approved', 'only an approved project runs');
  if (s.retired) throw refuse('project_retired', 'this project has been retired');
  return s.fields;
}
