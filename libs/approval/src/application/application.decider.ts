import {
  forbidden,
  refuse,
  type CommandMetadata,
  type DomainEvent,
  type StreamDecider,
} from '#libs/event-store';
import type { ApplicationEligibility } from '#libs/ladder';
import { gradeOf, type Grade, type Policy } from '#libs/policy';

// The four application kinds of DOMAIN.md "The approval pipeline".
export const APPLICATION_KINDS = ['training_project', 'tier_promotion', 'studio', 'school_plan'] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];

export const TIERS = ['new', 'young', 'backbone', 'leader', 'master'] as const;
export type Tier = (typeof TIERS)[number];

export const LEVELS = ['province', 'city', 'district', 'school'] as const;
export type Level = (typeof LEVELS)[number];

/**
 * An uploaded file an application carries (DOMAIN.md stage 1: promotion evidence, studio and school
 * plans, syllabi): the evidence file's id and what it was when attached — its content's SHA-256 above all.
 */
export interface Attachment {
  id: string;
  name: string;
  sha256: string;
  mediaType: string;
  size: number;
}

/** An application carries at most this many files. */
export const MAX_ATTACHMENTS = 20;

/** What the handler found about an evidence id the applicant attached (deciders do no I/O). */
export type AttachmentFact =
  { id: string; found: false } | (Attachment & { found: true; uploaderId: string; erased: boolean });

/**
 * Kind-specific fields, validated at the edge (DTOs) and again here where a rule depends on them. Every
 * kind may carry attachments (absent on applications drafted before files could be attached).
 */
export type ApplicationFields = (
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
  | { kind: 'school_plan'; schoolYear: string; summary: string }
) & { attachments?: Attachment[] };

/** What the handler looked up about the call before deciding (deciders do no I/O). */
export interface CallFacts {
  id: string;
  kind: ApplicationKind;
  orgUnit: string;
  opensAt: string;
  closesAt: string;
  closed: boolean;
  /**
   * Whether the drafting applicant's org unit lies within the call's (an applicant answers calls of
   * their own unit and the units above it); absent when the handler could not tell.
   */
  applicantWithin?: boolean;
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

/**
 * The facts and policy each command needs arrive with it (deciders do no I/O): the call, the ladder's
 * eligibility of the applicant for this kind (a port of the ladder context), the policy the application
 * is pinned to — the version in force at its first submission, until its decision — and the conflicts
 * the handler found between a reviewer and the applicant.
 */
export type ApplicationCommand = ApplicationCommandFacts &
  /** `attachments`: the evidence ids the applicant attached, as the handler found them. */
  (
    | {
        type: 'DraftApplication';
        title: string;
        fields: ApplicationFields;
        call: CallFacts;
        attachments?: AttachmentFact[];
      }
    /** Absent `attachments` keeps the files attached so far; an empty list removes them. */
    | { type: 'UpdateDraft'; title?: string; fields?: ApplicationFields; attachments?: AttachmentFact[] }
    | { type: 'SubmitApplication'; call: CallFacts; eligibility: ApplicationEligibility; policy: Policy }
    | { type: 'WithdrawApplication'; reason: string }
    | { type: 'AssignReviewers'; reviewers: ReviewerAssignment[]; policy: Policy }
    /** `conflicts`: what the conflict check finds between this reviewer and the applicant now. */
    | { type: 'RemoveReviewer'; reviewerId: string; reason: string; conflicts: ConflictReason[] }
    | { type: 'SubmitReview'; scores: Record<string, number>; comments: string; policy: Policy }
    | { type: 'RequestChanges'; reason: string; policy: Policy }
    | {
        type: 'DecideApplication';
        decision: 'approve' | 'reject';
        rationale: string;
        documentsSeen: string[];
        policy: Policy;
        /** The ladder's answer for the applicant now; only an approval needs it. */
        eligibility?: ApplicationEligibility;
      }
    /** `inScope`: whether the teacher's org unit lies within the project's (its call's); absent: unknown. */
    | { type: 'EnrolTrainee'; teacherId: string; inScope?: boolean }
    /** `score`: the trainee's assessed result, 0–100 (seed 003 §六4 培训检测). */
    | { type: 'RecordCompletion'; teacherId: string; hours: number; score: number; policy: Policy }
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
     * Fired by the review-due timer (DOMAIN.md "Deadlines and reminders"). Carries the revision and due date the timer was set for, so
     * a timer left over from an earlier assignment does nothing.
     */
    | { type: 'MarkReviewOverdue'; reviewerId: string; revision: number; dueAt: string }
    /**
     * Fired by the revision-due timer (DOMAIN.md "Deadlines and reminders"): the applicant has not resubmitted the revision the chair
     * sent back by its due date. Carries both, so a timer of an earlier round does nothing.
     */
    | { type: 'MarkRevisionOverdue'; revision: number; dueAt: string }
  );

/**
 * DOMAIN.md "People and roles": a chair or admin acts with office powers only on applications of their
 * org unit and below. `in` when the application's org unit is the actor's or lies below it, `out`
 * otherwise; the handler finds it in identity's directory from the state's org unit.
 */
export type OfficeScope = 'in' | 'out';

/** Facts any command on an application may carry besides its own. */
export interface ApplicationCommandFacts {
  /** For an actor acting as chair or admin on an existing application; absent for anyone else. */
  officeScope?: OfficeScope;
}

export interface ReviewRecord {
  reviewerId: string;
  scores: Record<string, number>;
  total: number;
  comments: string;
  rubricVersion: string;
  revision: number;
  submittedAt: string;
}

/** What a project's cycle ends with at its biennial evaluation (seed 004 §二(四)9). */
export interface Renewal {
  cycle: number;
  grade: Grade;
  renewedAt: string;
  nextEvaluationDueAt: string;
}

/**
 * DOMAIN.md "The approval pipeline" stage 4: a running training project's performance is evaluated every
 * two years (seed 000 §六(三)); the timers (libs/deadlines/src/timers/steps.ts) count the same two years.
 */
export const EVALUATION_CYCLE_YEARS = 2;

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
  /** `policyVersion`: the version the application follows until its decision (absent before pinning). */
  | DomainEvent<'ApplicationSubmitted', { submittedAt: string; revision: number; policyVersion?: string }>
  | DomainEvent<'ApplicationWithdrawn', { reason: string; withdrawnAt: string }>
  | DomainEvent<
      'ReviewersAssigned',
      {
        reviewers: { reviewerId: string; conflicts: ConflictReason[]; overrideReason: string | null }[];
        dueAt: string;
        policyVersion: string;
      }
    >
  | DomainEvent<
      'ReviewerRemoved',
      {
        reviewerId: string;
        revision: number;
        reason: string;
        /** Why the removal was allowed: the review is overdue, or a conflict of interest. */
        grounds: ('overdue' | 'conflict_of_interest')[];
        conflicts: ConflictReason[];
        /** The reviewer had reviewed this revision: that review no longer counts. */
        reviewDiscarded: boolean;
        removedAt: string;
      }
    >
  | DomainEvent<'ReviewSubmitted', ReviewRecord>
  | DomainEvent<'ChangesRequested', { reason: string; dueAt: string; revision: number }>
  /**
   * Schema version 2 carries who applied, for what kind and tier, so a reactor acting on a decision
   * (award the tier, found the studio) needs no read of the application's stream. Version 1 events are
   * upcast on read (application.upcasters.ts).
   */
  | DomainEvent<
      'ApplicationDecided',
      {
        applicantId: string;
        kind: ApplicationKind;
        /** The tier a promotion asks for or a training project is for; null for studios and plans. */
        targetTier: Tier | null;
        decision: 'approve' | 'reject';
        rationale: string;
        decidedAt: string;
        policyVersion: string;
        rubricVersion: string;
        reviews: { reviewerId: string; total: number; scores: Record<string, number> }[];
        averageScore: number;
        documentsSeen: string[];
        /**
         * Every file the application carried when the chair decided it, with its content's SHA-256: the
         * proof of what the chair saw, kept when the files themselves are erased (absent on decisions
         * recorded before files could be attached).
         */
        attachmentsSeen?: Attachment[];
      }
    >
  | DomainEvent<'TraineeEnrolled', { teacherId: string; enrolledAt: string }>
  /** `score`/`grade`: the assessed result (absent on completions recorded before it was asked). */
  | DomainEvent<
      'TrainingCompleted',
      {
        teacherId: string;
        hours: number;
        completedAt: string;
        projectLevel: Level;
        score?: number;
        grade?: Grade;
        cycle?: number;
      }
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
  | DomainEvent<'ProjectRetired', { reason: string; grade: Grade; retiredAt?: string }>
  /** Recorded before renewal continued the project; read as a renewal into the next cycle. */
  | DomainEvent<'ProjectRenewable', { grade: Grade; reviewExempt: true }>
  | DomainEvent<
      'ProjectRenewed',
      { grade: Grade; cycle: number; reviewExempt: true; renewedAt: string; nextEvaluationDueAt: string }
    >
  | DomainEvent<'ProjectConcluded', { grade: Grade; reason: string; concludedAt: string }>
  | DomainEvent<'ReviewOverdue', { reviewerId: string; revision: number; dueAt: string; markedAt: string }>
  | DomainEvent<'RevisionOverdue', { revision: number; dueAt: string; markedAt: string }>;

/** The stages of an application that exists (its stream has a draft). */
export type Stage =
  'draft' | 'submitted' | 'in_review' | 'changes_requested' | 'approved' | 'rejected' | 'withdrawn';
/** DOMAIN.md stage 3: the chair's decision is final; a withdrawn application is not decided. */
export type DecidedStage = Extract<Stage, 'approved' | 'rejected'>;
export type UndecidedStage = Exclude<Stage, DecidedStage>;

/** Who applied, for what, under which call and in which org unit: set by the draft, never null after it. */
export interface Applied {
  kind: ApplicationKind;
  title: string;
  fields: ApplicationFields;
  callId: string;
  applicantId: string;
  orgUnit: string;
}

/** A reviewer the chair assigned, and the revision they were (last) assigned to review. */
export interface AssignedReviewer {
  conflicts: ConflictReason[];
  overrideReason: string | null;
  dueAt: string;
  revision: number;
}

/** The review pipeline's record (DOMAIN.md stages 2–3): empty until the first submission. */
export interface ReviewPipeline {
  /** 0 before the first submission; each resubmission after requested changes adds one. */
  revision: number;
  reviewers: Record<string, AssignedReviewer>;
  reviews: ReviewRecord[];
  /** Reviewers the chair removed, by revision: their reviews of that revision do not count. */
  removed: { reviewerId: string; revision: number }[];
  /** `<reviewerId>@<revision>` of each review marked overdue (DOMAIN.md "Deadlines and reminders"). */
  overdue: string[];
  /** Once changes are requested: when the applicant's revision is due (the last round's). */
  revisionDueAt: string | null;
  /** Revisions (the revision sent back) whose resubmission was marked overdue. */
  revisionsOverdue: number[];
  /** The policy version pinned at the first submission; null before it (or before pinning existed). */
  policyVersion: string | null;
  /** When revision 1 was submitted: an unpinned application follows the policy in force then. */
  firstSubmittedAt: string | null;
}

/**
 * A training project's record once approved (DOMAIN.md stage 4): empty on anything else. Trainees are
 * those of the current cycle; a renewal starts the next cycle with none (seed 004 §二(四)9).
 */
export interface ProjectRecord {
  enrolled: string[];
  completed: Record<string, number>;
  evaluatorTokens: string[];
  grade: Grade | null;
  retired: boolean;
  /** A training project's cycle: 1 from its approval, one more at each renewal (seed 004 §二(四)9). */
  cycle: number;
  /** A qualified evaluation ended the project with its cycle (not retired, not renewed). */
  concluded: boolean;
  renewals: Renewal[];
}

/** What an application holds besides who applied for what: its pipeline's and its project's records. */
type Records = ReviewPipeline & ProjectRecord;

/**
 * No stream yet. It holds the empty records, and nulls for who and what, so a reader may count the
 * reviews or trainees of any state without narrowing it first.
 */
export type NoApplication = { stage: 'none'; decision: null } & { [K in keyof Applied]: null } & Records;
/** Drafted and not decided: in the pipeline, sent back, or withdrawn. */
export type UndecidedApplication = { stage: UndecidedStage; decision: null } & Applied & Records;
/** Approved or rejected by the chair (DOMAIN.md stage 3); an approved training project runs. */
export type DecidedApplication = { stage: DecidedStage; decision: 'approve' | 'reject' } & Applied & Records;

/**
 * An application by lifecycle (ARCHITECTURE.md "A command's path": unions, not `exists` flags): not yet
 * drafted, drafted and undecided, or decided. Who applied and for what is never null once drafted.
 */
export type ApplicationState = NoApplication | UndecidedApplication | DecidedApplication;
/** An application whose stream exists: every command but the draft (and the timers') acts on one. */
export type StartedApplication = UndecidedApplication | DecidedApplication;

/** Whether the application exists (its draft is recorded). */
export const isStarted = (s: ApplicationState): s is StartedApplication => s.stage !== 'none';

export const initialApplicationState: ApplicationState = {
  stage: 'none',
  decision: null,
  kind: null,
  title: null,
  fields: null,
  callId: null,
  applicantId: null,
  orgUnit: null,
  revision: 0,
  reviewers: {},
  reviews: [],
  removed: [],
  overdue: [],
  revisionDueAt: null,
  revisionsOverdue: [],
  policyVersion: null,
  firstSubmittedAt: null,
  enrolled: [],
  completed: {},
  evaluatorTokens: [],
  grade: null,
  retired: false,
  cycle: 0,
  concluded: false,
  renewals: [],
};

/** The current schema version of each event type that has moved past 1 (application.upcasters.ts). */
export const APPLICATION_SCHEMA_VERSIONS: Partial<Record<ApplicationEvent['type'], number>> = {
  ApplicationDecided: 2,
};

const DAY = 86_400_000;
const addDays = (now: Date, days: number) => new Date(now.getTime() + days * DAY).toISOString();
const addYears = (now: Date, years: number) => {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString();
};
const isScore = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 100;

function requireApplicant(s: StartedApplication, meta: CommandMetadata, what: string): void {
  if (s.applicantId !== meta.actorId) throw forbidden('not_applicant', `only the applicant may ${what}`);
}
// DOMAIN.md "People and roles": the chair assigns reviewers and decides. The role the actor acts in
// arrives in the metadata; the HTTP guard checked they hold it, the decider checks it was used.
function requireChair(meta: CommandMetadata, what: string): void {
  if (meta.actorRole !== 'chair') throw forbidden('chair_only', `only a committee chair may ${what}`);
}
/** Reviews of the current revision that count: a removed reviewer's review no longer does. */
export function currentReviews(s: ApplicationState): ReviewRecord[] {
  const removed = new Set(s.removed.filter((x) => x.revision === s.revision).map((x) => x.reviewerId));
  return s.reviews.filter((r) => r.revision === s.revision && !removed.has(r.reviewerId));
}

/**
 * DOMAIN.md preamble: every decision records its policy version; an application follows the version in
 * force at its submission (rubric, quorum, deadlines) until its decision, whatever is published since.
 */
function requirePinnedPolicy(s: StartedApplication, policy: Policy): void {
  if (s.policyVersion && policy.version !== s.policyVersion) {
    throw refuse(
      'policy_version_mismatch',
      `this application follows policy ${s.policyVersion}, pinned at its submission, not ${policy.version}`,
      { pinned: s.policyVersion, given: policy.version },
    );
  }
}

/**
 * DOMAIN.md "Ethics assessment", last rule: an application's kind-specific eligibility (a studio needs a
 * 名优教师; a promotion needs the ladder's entry rules) is checked when it is submitted and again at the
 * decision, with the numbers, so a committee never reviews an application that cannot be granted.
 */
function requireEligible(e: ApplicationEligibility | undefined, at: 'submission' | 'decision'): void {
  if (!e || e.eligible) return;
  throw refuse(e.code, `${e.message} (checked at the ${at})`, { ...e.details, checkedAt: at });
}

/** Whether a training project is running: approved, and neither retired nor concluded. */
export function projectRunning(s: ApplicationState): boolean {
  return s.kind === 'training_project' && s.stage === 'approved' && !s.retired && !s.concluded;
}

/** The project's trainee evaluation token is per cycle (a trainee of two cycles evaluates both). */
export const evaluatorTokenInput = (applicationId: string, cycle: number, traineeId: string) =>
  cycle > 1 ? `${applicationId}:${cycle}:${traineeId}` : `${applicationId}:${traineeId}`;

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

/**
 * The files an applicant attaches (DOMAIN.md stage 1): each one an evidence file they uploaded
 * themselves and that is not erased, at most MAX_ATTACHMENTS, none twice. What the event keeps is the
 * file as uploaded — name, type, size and hash — so every later reader knows exactly which bytes.
 */
function checkAttachments(facts: AttachmentFact[], meta: CommandMetadata): Attachment[] {
  const field = 'fields.attachments';
  if (facts.length > MAX_ATTACHMENTS) {
    throw refuse('too_many_attachments', `an application carries at most ${MAX_ATTACHMENTS} files`, {
      field,
      max: MAX_ATTACHMENTS,
    });
  }
  const seen = new Set<string>();
  return facts.map((f) => {
    if (seen.has(f.id))
      throw refuse('duplicate_attachment', `file ${f.id} is attached twice`, { field, evidenceId: f.id });
    seen.add(f.id);
    if (!f.found)
      throw refuse('attachment_not_found', `no uploaded file ${f.id}`, { field, evidenceId: f.id });
    if (f.uploaderId !== meta.actorId) {
      throw forbidden('attachment_not_yours', `file ${f.id} was uploaded by someone else`, {
        field,
        evidenceId: f.id,
      });
    }
    if (f.erased)
      throw refuse('attachment_erased', `file ${f.id} has been erased`, { field, evidenceId: f.id });
    return { id: f.id, name: f.name, sha256: f.sha256, mediaType: f.mediaType, size: f.size };
  });
}

/**
 * DOMAIN.md "People and roles": a chair or admin acts with office powers only on applications of their
 * org unit and below, decided here so a command reaching the bus by any route is held to it. Acting in
 * another role (as the applicant, as a reviewer) needs no scope; a draft's scope is its call's.
 */
function requireOfficeScope(c: ApplicationCommand, s: ApplicationState, meta: CommandMetadata): void {
  if (c.type === 'DraftApplication' || !isStarted(s)) return; // the call decides a draft; else "not found"
  if (meta.actorRole !== 'chair' && meta.actorRole !== 'admin') return;
  if (c.officeScope === 'out')
    throw forbidden('outside_scope', 'this application belongs to an org unit outside yours', {
      orgUnit: s.orgUnit,
    });
}

function withinWindow(call: CallFacts, now: Date): boolean {
  const t = now.getTime();
  return !call.closed && t >= Date.parse(call.opensAt) && t < Date.parse(call.closesAt);
}

type Command<T extends ApplicationCommand['type']> = Extract<ApplicationCommand, { type: T }>;
type Events = ApplicationEvent[];

function draftApplication(
  c: Command<'DraftApplication'>,
  s: ApplicationState,
  meta: CommandMetadata,
): Events {
  if (isStarted(s)) throw refuse('application_exists', 'this application already exists');
  // DOMAIN.md "The approval pipeline" stage 1 (apply to a call): an applicant answers calls of
  // their own org unit or of the units above it, never another unit's.
  if (c.call.applicantWithin === false)
    throw forbidden('call_for_another_unit', 'this call is for another org unit', {
      callId: c.call.id,
    });
  if (c.call.kind !== c.fields.kind) {
    throw refuse('wrong_call', `call ${c.call.id} is for ${c.call.kind} applications, not ${c.fields.kind}`);
  }
  checkFields(c.fields);
  const { attachments: _ignored, ...given } = c.fields;
  const fields: ApplicationFields = c.attachments?.length
    ? { ...given, attachments: checkAttachments(c.attachments, meta) }
    : given;
  return [
    {
      type: 'ApplicationDrafted',
      data: {
        kind: c.fields.kind,
        title: c.title,
        fields,
        callId: c.call.id,
        applicantId: meta.actorId,
        orgUnit: meta.orgUnit,
        draftedAt: meta.now.toISOString(),
      },
    },
  ];
}

function updateDraft(c: Command<'UpdateDraft'>, s: StartedApplication, meta: CommandMetadata): Events {
  requireApplicant(s, meta, 'edit this application');
  if (s.stage !== 'draft' && s.stage !== 'changes_requested') {
    throw refuse('not_editable', `a ${s.stage} application cannot be edited`);
  }
  const { attachments: _ignored, ...given } = c.fields ?? s.fields;
  if (given.kind !== s.kind) throw refuse('kind_fixed', 'an application keeps the kind it was drafted with');
  checkFields(given);
  const attachments = c.attachments ? checkAttachments(c.attachments, meta) : s.fields.attachments;
  const fields: ApplicationFields = attachments?.length ? { ...given, attachments } : given;
  return [{ type: 'DraftUpdated', data: { title: c.title ?? s.title, fields } }];
}

function submitApplication(
  c: Command<'SubmitApplication'>,
  s: StartedApplication,
  meta: CommandMetadata,
): Events {
  requireApplicant(s, meta, 'submit this application');
  if (s.stage === 'submitted' && s.revision > 0) return []; // already submitted: nothing to do
  if (s.stage !== 'draft' && s.stage !== 'changes_requested') {
    throw refuse('not_submittable', `a ${s.stage} application cannot be submitted`);
  }
  // A resubmission answers the committee under the version pinned at the first submission.
  requirePinnedPolicy(s, c.policy);
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
  requireEligible(c.eligibility, 'submission');
  return [
    {
      type: 'ApplicationSubmitted',
      data: {
        submittedAt: meta.now.toISOString(),
        revision: s.revision + 1,
        policyVersion: s.policyVersion ?? c.policy.version,
      },
    },
  ];
}

function withdrawApplication(
  c: Command<'WithdrawApplication'>,
  s: StartedApplication,
  meta: CommandMetadata,
): Events {
  requireApplicant(s, meta, 'withdraw this application');
  if (s.stage === 'withdrawn') return [];
  // DOMAIN.md stage 1: withdraw before decision.
  if (s.stage === 'approved' || s.stage === 'rejected')
    throw refuse('already_decided', 'a decided application cannot be withdrawn');
  return [{ type: 'ApplicationWithdrawn', data: { reason: c.reason, withdrawnAt: meta.now.toISOString() } }];
}

/** The chair's own checks on handling an application: in the chair role, and never their own. */
function requireChairOf(s: StartedApplication, meta: CommandMetadata, what: string): void {
  requireChair(meta, what);
  if (s.applicantId === meta.actorId)
    throw forbidden('own_application', 'nobody handles their own application');
}

function assignReviewers(
  c: Command<'AssignReviewers'>,
  s: StartedApplication,
  meta: CommandMetadata,
): Events {
  requireChairOf(s, meta, 'assign reviewers');
  if (s.stage !== 'submitted' && s.stage !== 'in_review') {
    throw refuse('not_reviewable', `reviewers cannot be assigned to a ${s.stage} application`);
  }
  requirePinnedPolicy(s, c.policy);
  // DOMAIN.md "People and roles", four eyes: a chair does not assign themselves as a reviewer (the
  // chair who decides is none of its reviewers).
  if (c.reviewers.some((r) => r.reviewerId === meta.actorId)) {
    throw forbidden('four_eyes', 'a chair does not assign themselves as a reviewer', {
      reviewerId: meta.actorId,
    });
  }
  // After a resubmission the same reviewers may be assigned again, for the new revision.
  const fresh = c.reviewers.filter((r) => s.reviewers[r.reviewerId]?.revision !== s.revision);
  if (fresh.length === 0) return [];
  for (const r of fresh) checkReviewer(r, s);
  return [
    {
      type: 'ReviewersAssigned',
      data: {
        reviewers: fresh.map((r) => ({
          reviewerId: r.reviewerId,
          conflicts: r.conflicts,
          overrideReason: r.conflicts.length > 0 ? (r.overrideReason ?? null) : null,
        })),
        dueAt: addDays(meta.now, c.policy.reviewDueDays),
        policyVersion: c.policy.version,
      },
    },
  ];
}

/** Whether a reviewer newly assigned to the current revision may review it. */
function checkReviewer(r: ReviewerAssignment, s: StartedApplication): void {
  // A reviewer the chair removed from this revision is not brought back into it.
  if (s.removed.some((x) => x.reviewerId === r.reviewerId && x.revision === s.revision)) {
    throw refuse('reviewer_removed', `reviewer ${r.reviewerId} was removed from this revision`, {
      reviewerId: r.reviewerId,
    });
  }
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

function removeReviewer(c: Command<'RemoveReviewer'>, s: StartedApplication, meta: CommandMetadata): Events {
  requireChairOf(s, meta, 'remove a reviewer');
  if (s.stage !== 'in_review') throw refuse('not_in_review', `a ${s.stage} application is not under review`);
  const assigned = s.reviewers[c.reviewerId];
  if (!assigned || assigned.revision !== s.revision) {
    throw refuse('reviewer_not_assigned', `${c.reviewerId} is not a reviewer of this revision`, {
      reviewerId: c.reviewerId,
    });
  }
  const reason = typeof c.reason === 'string' ? c.reason.trim() : '';
  if (reason.length === 0 || reason.length > 2000)
    throw refuse('reason_required', 'a removal gives its reason (1–2000 characters)');
  // DOMAIN.md "Deadlines and reminders" and 利益回避: the chair replaces a reviewer who missed the
  // review's due date, or who has a conflict of interest (found at assignment or since). Anyone
  // else stays: removing a reviewer for their scores would defeat the review.
  const reviewed = currentReviews(s).some((r) => r.reviewerId === c.reviewerId);
  const overdue =
    !reviewed &&
    (s.overdue.includes(`${c.reviewerId}@${s.revision}`) || Date.parse(assigned.dueAt) <= meta.now.getTime());
  const conflicts = [...new Set([...assigned.conflicts, ...c.conflicts])];
  const grounds: ('overdue' | 'conflict_of_interest')[] = [];
  if (overdue) grounds.push('overdue');
  if (conflicts.length > 0) grounds.push('conflict_of_interest');
  if (grounds.length === 0) {
    throw refuse(
      'removal_not_justified',
      `reviewer ${c.reviewerId} is neither overdue (due ${assigned.dueAt}) nor in a conflict of interest`,
      { reviewerId: c.reviewerId, dueAt: assigned.dueAt, reviewed },
    );
  }
  return [
    {
      type: 'ReviewerRemoved',
      data: {
        reviewerId: c.reviewerId,
        revision: s.revision,
        reason,
        grounds,
        conflicts,
        reviewDiscarded: reviewed,
        removedAt: meta.now.toISOString(),
      },
    },
  ];
}

function submitReview(c: Command<'SubmitReview'>, s: StartedApplication, meta: CommandMetadata): Events {
  if (!s.reviewers[meta.actorId])
    throw forbidden('not_assigned', 'only an assigned reviewer may review this application');
  if (s.stage !== 'in_review') throw refuse('not_in_review', `a ${s.stage} application is not under review`);
  requirePinnedPolicy(s, c.policy);
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
  // Every score is a number by now (isScore above).
  const total = Math.round((dims.reduce((sum, d) => sum + Number(c.scores[d]), 0) / dims.length) * 100) / 100;
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
        submittedAt: meta.now.toISOString(),
      },
    },
  ];
}

function requestChanges(c: Command<'RequestChanges'>, s: StartedApplication, meta: CommandMetadata): Events {
  requireChairOf(s, meta, 'request changes');
  if (s.stage !== 'in_review' && s.stage !== 'submitted') {
    throw refuse('not_in_review', `changes cannot be requested on a ${s.stage} application`);
  }
  requirePinnedPolicy(s, c.policy);
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

function decideApplication(
  c: Command<'DecideApplication'>,
  s: StartedApplication,
  meta: CommandMetadata,
): Events {
  requireChair(meta, 'decide');
  // DOMAIN.md: nobody decides their own application.
  if (s.applicantId === meta.actorId)
    throw forbidden('own_application', 'nobody decides their own application');
  if (s.stage === 'approved' || s.stage === 'rejected')
    throw refuse('already_decided', 'this application has been decided');
  if (s.stage !== 'in_review') throw refuse('not_in_review', `a ${s.stage} application cannot be decided`);
  // DOMAIN.md "People and roles", four eyes: the chair who decides is none of its reviewers.
  if (s.reviewers[meta.actorId] || s.reviews.some((r) => r.reviewerId === meta.actorId)) {
    throw forbidden('four_eyes', 'a reviewer of this application cannot also decide it', {
      chairId: meta.actorId,
    });
  }
  requirePinnedPolicy(s, c.policy);
  if (c.decision === 'approve') requireEligible(c.eligibility, 'decision');
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
  const average = Math.round((reviews.reduce((sum, r) => sum + r.total, 0) / reviews.length) * 100) / 100;
  return [
    {
      type: 'ApplicationDecided',
      data: {
        applicantId: s.applicantId,
        kind: s.kind,
        targetTier: targetTierOf(s.fields),
        decision: c.decision,
        rationale: c.rationale,
        decidedAt: meta.now.toISOString(),
        policyVersion: c.policy.version,
        rubricVersion: c.policy.rubric.version,
        reviews: reviews.map((r) => ({ reviewerId: r.reviewerId, total: r.total, scores: r.scores })),
        averageScore: average,
        documentsSeen: c.documentsSeen,
        attachmentsSeen: s.fields.attachments ?? [],
      },
    },
  ];
}

function enrolTrainee(c: Command<'EnrolTrainee'>, s: StartedApplication, meta: CommandMetadata): Events {
  const f = requireRunningProject(s);
  // A teacher enrols themself; the project owner or an admin may enrol others.
  if (c.teacherId !== meta.actorId && s.applicantId !== meta.actorId && meta.actorRole !== 'admin') {
    throw forbidden(
      'not_project_owner',
      'teachers enrol themselves; the project owner or an admin enrols others',
    );
  }
  // DOMAIN.md "People and roles": the owner of a training project does not enrol in it.
  if (c.teacherId === s.applicantId)
    throw forbidden('own_project', 'the owner of a training project does not enrol in it');
  if (s.enrolled.includes(c.teacherId)) return [];
  // Teachers find and join projects of their scope: the call's org unit and the units below it.
  if (c.inScope === false) {
    throw refuse('outside_project_scope', `teacher ${c.teacherId} is outside this project's org unit`, {
      teacherId: c.teacherId,
    });
  }
  if (s.enrolled.length >= f.capacity)
    throw refuse('project_full', `the project is full (capacity ${f.capacity})`);
  return [{ type: 'TraineeEnrolled', data: { teacherId: c.teacherId, enrolledAt: meta.now.toISOString() } }];
}

function recordCompletion(
  c: Command<'RecordCompletion'>,
  s: StartedApplication,
  meta: CommandMetadata,
): Events {
  const f = requireRunningProject(s);
  if (s.applicantId !== meta.actorId && meta.actorRole !== 'admin') {
    throw forbidden('not_project_owner', 'completions are recorded by the project owner or an admin');
  }
  if (!s.enrolled.includes(c.teacherId))
    throw refuse('not_enrolled', `teacher ${c.teacherId} is not enrolled`);
  if (s.completed[c.teacherId] !== undefined) return [];
  if (!(c.hours > 0 && c.hours <= f.hours))
    throw refuse('invalid_hours', `completion hours must be between 1 and the project's ${f.hours}`);
  // seed 003 §六4 培训检测: a completion records the trainee's assessed result; below the qualified
  // score (60, seed 003 §七(二)) the ladder grants no hours and marks the teacher for retraining.
  if (!isScore(c.score)) throw refuse('score_out_of_range', 'scores are 0–100 (seed 003 §七(二))');
  return [
    {
      type: 'TrainingCompleted',
      data: {
        teacherId: c.teacherId,
        hours: c.hours,
        completedAt: meta.now.toISOString(),
        projectLevel: f.level,
        score: c.score,
        grade: gradeOf(c.score, c.policy.gradeThresholds),
        cycle: s.cycle,
      },
    },
  ];
}

function submitTraineeEvaluation(c: Command<'SubmitTraineeEvaluation'>, s: StartedApplication): Events {
  requireRunningProject(s);
  // seed 004 §二(四)9 参训学员网络匿名评估: the event keeps a one-way token, never the trainee.
  // DOMAIN.md "People and roles": the owner never evaluates their own project.
  if (c.traineeId === s.applicantId)
    throw forbidden('own_project', 'the owner of a training project does not evaluate it');
  if (!s.enrolled.includes(c.traineeId))
    throw forbidden('not_a_trainee', 'only enrolled trainees evaluate a project');
  // Trainees evaluate a project once they have completed it.
  if (s.completed[c.traineeId] === undefined) {
    throw refuse('evaluation_not_open', 'a trainee evaluates the project once their completion is recorded');
  }
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

function evaluatePerformance(
  c: Command<'EvaluatePerformance'>,
  s: StartedApplication,
  meta: CommandMetadata,
): Events {
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
  const now = meta.now.toISOString();
  return [
    {
      type: 'PerformanceEvaluated',
      data: { parts, score, grade, policyVersion: c.policy.version, evaluatedAt: now },
    },
    cycleEnd(s, score, grade, meta),
  ];
}

/**
 * seed 004 §二(四)9 项目等级制度、周期遴选与免评备案: an unqualified project is retired; a good or
 * excellent one continues into its next cycle without a new review, evaluated again two years on; a
 * qualified one ends with its cycle — running it again takes a new application and review.
 */
function cycleEnd(
  s: StartedApplication,
  score: number,
  grade: Grade,
  meta: CommandMetadata,
): ApplicationEvent {
  const now = meta.now.toISOString();
  if (grade === 'unqualified')
    return {
      type: 'ProjectRetired',
      data: { reason: `performance evaluation ${score} is unqualified`, grade, retiredAt: now },
    };
  if (grade === 'excellent' || grade === 'good')
    return {
      type: 'ProjectRenewed',
      data: {
        grade,
        cycle: s.cycle + 1,
        reviewExempt: true,
        renewedAt: now,
        nextEvaluationDueAt: addYears(meta.now, EVALUATION_CYCLE_YEARS),
      },
    };
  return {
    type: 'ProjectConcluded',
    data: {
      grade,
      reason: `performance evaluation ${score} is qualified: the project ends with cycle ${s.cycle}; a new cycle takes a new application (免评 is for good and excellent)`,
      concludedAt: now,
    },
  };
}

function markReviewOverdue(
  c: Command<'MarkReviewOverdue'>,
  s: ApplicationState,
  meta: CommandMetadata,
): Events {
  // Only the deadline timers mark a review overdue; no person can (DOMAIN.md "Deadlines and reminders").
  if (meta.actorRole !== 'system')
    throw forbidden('system_only', 'only the deadline timers mark a review overdue');
  // DOMAIN.md "Deadlines and reminders": an overdue step is handled once, and a late or repeated
  // firing for a step already done (reviewed, withdrawn, decided, sent back, reassigned) does nothing.
  if (s.stage !== 'in_review') return [];
  const assigned = s.reviewers[c.reviewerId];
  if (!assigned || assigned.revision !== s.revision || c.revision !== s.revision) return [];
  if (assigned.dueAt !== c.dueAt) return [];
  if (currentReviews(s).some((r) => r.reviewerId === c.reviewerId)) return [];
  if (s.overdue.includes(`${c.reviewerId}@${c.revision}`)) return [];
  return [
    {
      type: 'ReviewOverdue',
      data: {
        reviewerId: c.reviewerId,
        revision: c.revision,
        dueAt: c.dueAt,
        markedAt: meta.now.toISOString(),
      },
    },
  ];
}

function markRevisionOverdue(
  c: Command<'MarkRevisionOverdue'>,
  s: ApplicationState,
  meta: CommandMetadata,
): Events {
  if (meta.actorRole !== 'system')
    throw forbidden('system_only', 'only the deadline timers mark a revision overdue');
  // DOMAIN.md "Deadlines and reminders": handled once; nothing once the applicant resubmitted (or
  // withdrew, or the round the timer was set for is over).
  if (s.stage !== 'changes_requested' || s.revision !== c.revision) return [];
  if (s.revisionDueAt !== c.dueAt) return [];
  if (s.revisionsOverdue.includes(c.revision)) return [];
  return [
    {
      type: 'RevisionOverdue',
      data: { revision: c.revision, dueAt: c.dueAt, markedAt: meta.now.toISOString() },
    },
  ];
}

function requireRunningProject(
  s: StartedApplication,
): Extract<ApplicationFields, { kind: 'training_project' }> {
  if (s.kind !== 'training_project' || s.fields.kind !== 'training_project') {
    throw refuse('not_a_training_project', 'only training projects are run and evaluated');
  }
  if (s.stage !== 'approved') throw refuse('project_not_approved', 'only an approved project runs');
  if (s.retired) throw refuse('project_retired', 'this project has been retired');
  if (s.concluded) throw refuse('project_concluded', 'this project ended with its last cycle');
  return s.fields;
}

/** Every command but the draft and the timers' acts on an application that exists. */
function started(s: ApplicationState): StartedApplication {
  if (!isStarted(s)) throw refuse('application_not_found', 'no such application');
  return s;
}

function decide(c: ApplicationCommand, s: ApplicationState, meta: CommandMetadata): Events {
  requireOfficeScope(c, s, meta);
  switch (c.type) {
    case 'DraftApplication':
      return draftApplication(c, s, meta);
    case 'UpdateDraft':
      return updateDraft(c, started(s), meta);
    case 'SubmitApplication':
      return submitApplication(c, started(s), meta);
    case 'WithdrawApplication':
      return withdrawApplication(c, started(s), meta);
    case 'AssignReviewers':
      return assignReviewers(c, started(s), meta);
    case 'RemoveReviewer':
      return removeReviewer(c, started(s), meta);
    case 'SubmitReview':
      return submitReview(c, started(s), meta);
    case 'RequestChanges':
      return requestChanges(c, started(s), meta);
    case 'DecideApplication':
      return decideApplication(c, started(s), meta);
    case 'EnrolTrainee':
      return enrolTrainee(c, started(s), meta);
    case 'RecordCompletion':
      return recordCompletion(c, started(s), meta);
    case 'SubmitTraineeEvaluation':
      return submitTraineeEvaluation(c, started(s));
    case 'EvaluatePerformance':
      return evaluatePerformance(c, started(s), meta);
    case 'MarkReviewOverdue':
      return markReviewOverdue(c, s, meta);
    case 'MarkRevisionOverdue':
      return markRevisionOverdue(c, s, meta);
    default: {
      // Every command is decided above: a new one fails to compile here until it is.
      const _exhaustive: never = c;
      throw refuse('unknown_command', `unknown command ${(_exhaustive as { type?: string }).type}`);
    }
  }
}

/**
 * Folds one event. The decider never appends an event out of its lifecycle (anything before the draft,
 * a second draft, a submission, assignment, request for changes or withdrawal after the decision), so
 * such an event leaves the state as it is.
 */
function evolve(s: ApplicationState, e: ApplicationEvent): ApplicationState {
  if (e.type === 'ApplicationDrafted') return isStarted(s) ? s : drafted(s, e.data);
  return isStarted(s) ? evolveStarted(s, e) : s;
}

function drafted(
  s: NoApplication,
  d: Extract<ApplicationEvent, { type: 'ApplicationDrafted' }>['data'],
): UndecidedApplication {
  return {
    ...s,
    stage: 'draft',
    decision: null,
    kind: d.kind,
    title: d.title,
    fields: d.fields,
    callId: d.callId,
    applicantId: d.applicantId,
    orgUnit: d.orgUnit,
  };
}

/** seed 004 §二(四)9 周期遴选与免评备案: the next cycle starts without re-review and with new trainees. */
function nextCycle(s: StartedApplication, cycle: number): StartedApplication {
  return { ...s, cycle, enrolled: [], completed: {}, evaluatorTokens: [] };
}

/** The stage an undecided application moves to; a decided one stays as it is. */
function moveTo(
  s: StartedApplication,
  stage: UndecidedStage,
  more: Partial<ReviewPipeline> = {},
): StartedApplication {
  return s.decision === null ? { ...s, ...more, stage } : s;
}

function evolveStarted(
  s: StartedApplication,
  e: Exclude<ApplicationEvent, { type: 'ApplicationDrafted' }>,
): StartedApplication {
  switch (e.type) {
    case 'DraftUpdated':
      return { ...s, title: e.data.title, fields: e.data.fields };
    case 'ApplicationSubmitted':
      return moveTo(s, 'submitted', {
        revision: e.data.revision,
        policyVersion: s.policyVersion ?? e.data.policyVersion ?? null,
        firstSubmittedAt: s.firstSubmittedAt ?? e.data.submittedAt,
      });
    case 'ApplicationWithdrawn':
      return moveTo(s, 'withdrawn');
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
      return moveTo(s, 'in_review', { reviewers });
    }
    case 'ReviewerRemoved': {
      const { [e.data.reviewerId]: _gone, ...reviewers } = s.reviewers;
      return {
        ...s,
        reviewers,
        removed: [...s.removed, { reviewerId: e.data.reviewerId, revision: e.data.revision }],
      };
    }
    case 'ReviewSubmitted':
      return { ...s, reviews: [...s.reviews, e.data] };
    case 'ChangesRequested':
      return moveTo(s, 'changes_requested', { revisionDueAt: e.data.dueAt });
    case 'ApplicationDecided':
      return {
        ...s,
        stage: e.data.decision === 'approve' ? 'approved' : 'rejected',
        decision: e.data.decision,
        cycle: e.data.decision === 'approve' && s.kind === 'training_project' ? 1 : s.cycle,
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
      return nextCycle(s, s.cycle + 1);
    case 'ProjectRenewed': {
      const { cycle, grade, renewedAt, nextEvaluationDueAt } = e.data;
      return {
        ...nextCycle(s, cycle),
        renewals: [...s.renewals, { cycle, grade, renewedAt, nextEvaluationDueAt }],
      };
    }
    case 'ProjectConcluded':
      return { ...s, concluded: true };
    case 'ReviewOverdue':
      return { ...s, overdue: [...s.overdue, `${e.data.reviewerId}@${e.data.revision}`] };
    case 'RevisionOverdue':
      return { ...s, revisionsOverdue: [...s.revisionsOverdue, e.data.revision] };
    default: {
      // Every event type is folded above: a new one fails to compile here until it is.
      const _exhaustive: never = e;
      void _exhaustive;
      return s;
    }
  }
}

export const applicationDecider: StreamDecider<ApplicationCommand, ApplicationEvent, ApplicationState> = {
  category: 'application',
  initialState: initialApplicationState,
  // ARCHITECTURE.md: a type is never renamed; its data gets a new version, old ones are upcast on read.
  schemaVersion: (type) => APPLICATION_SCHEMA_VERSIONS[type] ?? 1,
  evolve,
  decide,
};

/** The tier a promotion asks for, or a training project is for; null for studios and school plans. */
export function targetTierOf(fields: ApplicationFields | null | undefined): Tier | null {
  return fields && 'targetTier' in fields ? fields.targetTier : null;
}
