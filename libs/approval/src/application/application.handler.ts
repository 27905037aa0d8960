import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  loadState,
  refuse,
  runCommandWithFacts,
  WrongExpectedVersionError,
  type CommandMetadata,
  type CommandOutcome,
  type EventStore,
} from '#libs/event-store';
import { EVENT_STORE } from '#libs/platform';
import { POLICY_SOURCE, type Policy, type PolicySource } from '#libs/policy';
import { IDENTITY_DIRECTORY, type IdentityDirectory } from '#libs/identity';
import {
  LADDER_RELATIONS,
  ladderEligibility,
  type ApplicationEligibility,
  type EligibilityLookup,
  type LadderRelations,
} from '#libs/ladder';
import { callDecider, type CallState } from '../call/call.decider.js';
import { conflictsFor } from '../review/relationships.js';
import { evidenceDecider } from '../evidence/evidence.decider.js';
import {
  applicationDecider,
  evaluatorTokenInput,
  MAX_ATTACHMENTS,
  targetTierOf,
  type ApplicationCommand,
  type AttachmentFact,
  type ApplicationFields,
  type ApplicationState,
  type StartedApplication,
  isStarted,
  type CallFacts,
  type OfficeScope,
} from './application.decider.js';

/**
 * What a caller asks for. The handler adds the facts a decider needs and may not fetch itself: the call
 * (for the window), the policy in force, conflicts between reviewer and applicant, the anonymous token.
 */
export type ApplicationIntent =
  /** `attachments`: ids of evidence files the applicant uploaded (POST /api/evidence). */
  | {
      type: 'DraftApplication';
      callId: string;
      title: string;
      fields: ApplicationFields;
      attachments?: string[];
      /**
       * The head of the call's stream as the request's session check read it (`<version>:<last hash>`;
       * null: no such stream), if it did: the call is then folded again only if it moved (callState).
       */
      callHead?: string | null;
    }
  | { type: 'UpdateDraft'; title?: string; fields?: ApplicationFields; attachments?: string[] }
  | { type: 'SubmitApplication' }
  | { type: 'WithdrawApplication'; reason: string }
  | { type: 'AssignReviewers'; reviewers: { reviewerId: string; overrideReason?: string }[] }
  | { type: 'RemoveReviewer'; reviewerId: string; reason: string }
  | { type: 'SubmitReview'; scores: Record<string, number>; comments: string }
  | { type: 'RequestChanges'; reason: string }
  | { type: 'DecideApplication'; decision: 'approve' | 'reject'; rationale: string; documentsSeen: string[] }
  | { type: 'EnrolTrainee'; teacherId: string }
  | { type: 'RecordCompletion'; teacherId: string; hours: number; score: number }
  | { type: 'SubmitTraineeEvaluation'; score: number; comment: string }
  | {
      type: 'EvaluatePerformance';
      parts: {
        selfAssessment: number;
        archiveCheck: number;
        traineeInterviews: number;
        onSiteDefence: number;
      };
    }
  /** From the review-due timer (DOMAIN.md "Deadlines and reminders"); the decider checks it comes from the system. */
  | { type: 'MarkReviewOverdue'; reviewerId: string; revision: number; dueAt: string }
  /** From the revision-due timer (DOMAIN.md "Deadlines and reminders"); the decider checks it comes from the system. */
  | { type: 'MarkRevisionOverdue'; revision: number; dueAt: string };

/** Every command on an `application-…` stream travels the bus in this one envelope. */
export class ExecuteApplicationCommand extends Command<CommandOutcome<ApplicationState>> {
  constructor(
    readonly applicationId: string,
    readonly intent: ApplicationIntent,
    readonly meta: CommandMetadata,
    /** The version the caller saw (If-Match); absent means "decide on the latest". */
    readonly expectedVersion?: number,
    /**
     * `applicationId` was drawn at random for this command (a draft without an Idempotency-Key): its
     * stream is not read first (RunOptions.fresh).
     */
    readonly fresh = false,
  ) {
    super();
  }
}

// The policy source lives with the policy; re-exported here for the approval context's callers.
export { POLICY_SOURCE, defaultPolicySource, type PolicySource } from '#libs/policy';

export const ANONYMITY_SECRET = Symbol('ANONYMITY_SECRET');

/**
 * The policy an application follows (DOMAIN.md preamble; every decision records its version): the
 * version pinned at its first submission until its decision. An application submitted before versions
 * were pinned follows the version that was in force when it was first submitted; a draft, the one in
 * force now.
 */
export async function pinnedPolicyOf(
  policies: PolicySource,
  state: ApplicationState,
  now: Date,
): Promise<Policy> {
  if (state.policyVersion) {
    const pinned = await policies.version(state.policyVersion);
    if (pinned) return pinned;
  }
  if (state.firstSubmittedAt) return policies.current(new Date(state.firstSubmittedAt));
  return policies.current(now);
}

/**
 * How long concurrent enrolments keep trying for a place: every enrolment of a project appends to its one
 * stream, so under a rush (a popular project opening) most appends meet a newer version; each is decided
 * again on the fresh stream until it lands or the project is full.
 */
const ENROLMENT_PATIENCE_MS = 20_000;

/** How many calls' folded states a handler keeps (callState): far more than are open at once. */
const CALLS_KEPT = 1000;

/** One handler per stream type (ARCHITECTURE.md "A command's path" step 2). */
@CommandHandler(ExecuteApplicationCommand)
export class ApplicationCommandHandler implements ICommandHandler<ExecuteApplicationCommand> {
  /** The ladder's port: whether an applicant's record allows the application (a fact for the decider). */
  private readonly eligibility: EligibilityLookup;
  /** Calls folded at a known head (callState), oldest first. */
  private readonly calls = new Map<string, { head: string; state: CallState }>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(POLICY_SOURCE) private readonly policies: PolicySource,
    @Inject(ANONYMITY_SECRET) private readonly anonymitySecret: string,
    @Inject(IDENTITY_DIRECTORY) private readonly directory: IdentityDirectory,
    @Inject(LADDER_RELATIONS) private readonly relations: LadderRelations,
  ) {
    this.eligibility = ladderEligibility(store);
  }

  async execute(c: ExecuteApplicationCommand): Promise<CommandOutcome<ApplicationState>> {
    // seed 004 §二(四)9 anonymous evaluation: the recorded actor is not the trainee.
    const meta: CommandMetadata =
      c.intent.type === 'SubmitTraineeEvaluation'
        ? {
            ...c.meta,
            actorId: 'anonymous-trainee',
            actorRole: 'teacher',
            extra: { ...c.meta.extra, anonymous: true },
          }
        : c.meta;
    // ARCHITECTURE.md "A command's path": the stream is read once; every fact — the office's scope
    // included — is gathered from that state and decided in the decider.
    const run = () =>
      runCommandWithFacts(
        this.store,
        applicationDecider,
        c.applicationId,
        c,
        (state) => this.withFacts(c, state),
        meta,
        { expectedVersion: c.expectedVersion, fresh: c.fresh },
      );
    if (c.intent.type !== 'EnrolTrainee' || c.expectedVersion !== undefined) return run();
    // Enrolments: capacity holds because each is decided on the stream it appends to (expected
    // version); a conflict only means another trainee got in first, so decide again until it lands.
    const until = Date.now() + ENROLMENT_PATIENCE_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        return await run();
      } catch (err) {
        if (!(err instanceof WrongExpectedVersionError) || Date.now() > until) throw err;
        await sleep(Math.random() * Math.min(100, 5 * (attempt + 1)));
      }
    }
  }

  /**
   * DOMAIN.md "People and roles": a chair or admin acts with office powers only on applications of their
   * org unit and below — a fact from identity's directory, decided in the decider. Acting in any other
   * role (as an applicant, a reviewer) needs no scope, and asks nothing.
   */
  private async officeScope(
    c: ExecuteApplicationCommand,
    state: ApplicationState,
  ): Promise<OfficeScope | undefined> {
    if (c.intent.type === 'DraftApplication') return undefined; // the call's org unit is checked with the call
    if (c.meta.actorRole !== 'chair' && c.meta.actorRole !== 'admin') return undefined;
    if (!isStarted(state) || !state.orgUnit) return undefined; // the decider answers "not found"
    return (await this.directory.isWithin(state.orgUnit, c.meta.orgUnit)) ? 'in' : 'out';
  }

  pinnedPolicy(state: ApplicationState, now: Date): Promise<Policy> {
    return pinnedPolicyOf(this.policies, state, now);
  }

  /** The ladder's eligibility of the applicant for this application (a fact for the decider). */
  private applicantEligibility(
    state: StartedApplication,
    policy: Policy,
    now: Date,
  ): Promise<ApplicationEligibility> {
    return this.eligibility(
      state.applicantId,
      { kind: state.kind, targetTier: targetTierOf(state.fields) },
      policy,
      now,
    );
  }

  /** The call an application answers; `applicantUnit`: the drafting applicant's, to place them. */
  private async callFacts(callId: string, applicantUnit?: string, head?: string | null): Promise<CallFacts> {
    const state = await this.callState(callId, head);
    if (!state.exists) throw refuse('call_not_found', `no call ${callId}`);
    return {
      ...(applicantUnit !== undefined && {
        applicantWithin: await this.directory.isWithin(applicantUnit, state.orgUnit),
      }),
      id: callId,
      kind: state.kind,
      orgUnit: state.orgUnit,
      opensAt: state.opensAt,
      closesAt: state.closesAt,
      closed: state.closed,
    };
  }

  /**
   * The call folded from its stream, or — given the head the request's session check read of it
   * (`<version>:<last hash>`, DraftApplication's `callHead`) — as folded before at that head: calls
   * change seldom and every draft folds one, so the draft then sends no read of its own. The head is
   * read in the same database as the stream, so a call that moved since is read and folded again.
   */
  private async callState(callId: string, head: string | null | undefined): Promise<CallState> {
    const known = head ? this.calls.get(callId) : undefined;
    if (known && known.head === head) return known.state;
    const loaded = await loadState(this.store, callDecider, `call-${callId}`);
    // Kept only when what was read is what the head names (the call may have moved in between).
    if (head && String(loaded.version) === head.slice(0, head.indexOf(':'))) {
      if (!this.calls.has(callId) && this.calls.size >= CALLS_KEPT)
        this.calls.delete(this.calls.keys().next().value!);
      this.calls.set(callId, { head, state: loaded.state });
    }
    return loaded.state;
  }

  /**
   * Completes the caller's intent into the decider's command from the state the runner read: the facts
   * come from ports, never from the application's stream again. Policies are read as of the command's
   * time (`meta.now`), not the wall clock.
   */
  private async withFacts(
    c: ExecuteApplicationCommand,
    current: ApplicationState,
  ): Promise<ApplicationCommand> {
    const officeScope = await this.officeScope(c, current);
    // Always set: a scope the caller put in the intent never reaches the decider.
    return { ...(await this.intentFacts(c, current)), officeScope };
  }

  private async intentFacts(
    c: ExecuteApplicationCommand,
    current: ApplicationState,
  ): Promise<ApplicationCommand> {
    const i = c.intent;
    const now = c.meta.now;
    // Facts about the application itself need it to exist; the decider's answer when it does not.
    const existing = (): StartedApplication => {
      if (!isStarted(current)) throw refuse('application_not_found', 'no such application');
      return current;
    };
    switch (i.type) {
      case 'DraftApplication':
        return {
          type: 'DraftApplication',
          title: i.title,
          fields: i.fields,
          call: await this.callFacts(i.callId, c.meta.orgUnit, i.callHead),
          ...(i.attachments && { attachments: await this.attachmentFacts(i.attachments) }),
        };
      case 'UpdateDraft':
        return {
          type: 'UpdateDraft',
          ...(i.title !== undefined && { title: i.title }),
          ...(i.fields && { fields: i.fields }),
          ...(i.attachments && { attachments: await this.attachmentFacts(i.attachments) }),
        };
      case 'SubmitApplication': {
        const state = existing();
        const call = await this.callFacts(state.callId);
        // The policy in force now is what a first submission pins; a resubmission keeps the pinned one.
        const policy =
          state.revision > 0 ? await this.pinnedPolicy(state, now) : await this.policies.current(now);
        return {
          type: 'SubmitApplication',
          call,
          policy,
          eligibility: await this.applicantEligibility(state, policy, now),
        };
      }
      case 'AssignReviewers': {
        const state = existing();
        const conflicts = await conflictsFor(
          this.ports,
          i.reviewers.map((r) => r.reviewerId),
          state.applicantId,
        );
        // DOMAIN.md "People and roles": reviewers are committee members — one look-up for the list.
        const active = await this.directory.holdersOf(
          i.reviewers.map((r) => r.reviewerId),
          'reviewer',
        );
        const reviewers = i.reviewers.map((r) => ({
          ...r,
          conflicts: conflicts.get(r.reviewerId) ?? [],
          ...(!active.has(r.reviewerId) && { isReviewer: false }),
        }));
        return { type: 'AssignReviewers', reviewers, policy: await this.pinnedPolicy(state, now) };
      }
      case 'RemoveReviewer': {
        const state = existing();
        const conflicts = await conflictsFor(this.ports, [i.reviewerId], state.applicantId);
        return { ...i, conflicts: conflicts.get(i.reviewerId) ?? [] };
      }
      case 'DecideApplication': {
        const state = existing();
        const policy = await this.pinnedPolicy(state, now);
        // An approval must still find the applicant eligible: an ethics fail since the submission, a
        // revoked title, bars it (DOMAIN.md "Ethics assessment", last rule).
        const eligibility =
          i.decision === 'approve' ? await this.applicantEligibility(state, policy, now) : undefined;
        return { ...i, policy, ...(eligibility && { eligibility }) };
      }
      case 'SubmitReview':
      case 'RequestChanges':
        return {
          ...i,
          policy: await this.pinnedPolicy(existing(), now),
        } as ApplicationCommand;
      case 'EvaluatePerformance':
        // After the decision the project runs under the policy in force (the pin ends with the decision).
        return { ...i, policy: await this.policies.current(now) };
      case 'RecordCompletion':
        return { ...i, policy: await this.policies.current(now) };
      case 'SubmitTraineeEvaluation': {
        const state = existing();
        return {
          type: 'SubmitTraineeEvaluation',
          traineeId: c.meta.actorId,
          score: i.score,
          comment: i.comment,
          evaluatorToken: createHmac('sha256', this.anonymitySecret)
            .update(evaluatorTokenInput(c.applicationId, state.cycle, c.meta.actorId))
            .digest('hex'),
        };
      }
      case 'EnrolTrainee': {
        if (!(await this.directory.holdsRole(i.teacherId, 'teacher')))
          throw refuse('not_a_teacher', `${i.teacherId} is not an active teacher`, {
            teacherId: i.teacherId,
          });
        const state = existing();
        const inScope = await this.traineeInScope(state, i.teacherId);
        return { ...i, ...(inScope !== null && { inScope }) };
      }
      case 'WithdrawApplication':
      case 'MarkReviewOverdue':
      case 'MarkRevisionOverdue':
        return i;
    }
  }

  /** What each attached evidence id is: who uploaded which content, and whether it was erased since. */
  private async attachmentFacts(ids: string[]): Promise<AttachmentFact[]> {
    const facts: AttachmentFact[] = [];
    for (const id of ids.slice(0, MAX_ATTACHMENTS + 1)) {
      const { state } = await loadState(this.store, evidenceDecider, `evidence-${id}`);
      facts.push(
        state.status === 'none'
          ? { id, found: false }
          : {
              id,
              found: true,
              name: state.name,
              sha256: state.sha256,
              mediaType: state.mediaType,
              size: state.size,
              uploaderId: state.uploaderId,
              erased: state.status === 'erased',
            },
      );
    }
    return facts;
  }

  /**
   * Whether a teacher lies within a training project's reach: the org unit of the call it was approved
   * under (the committee's area) and the units below it. Null when the teacher or the call is unknown.
   */
  private async traineeInScope(state: StartedApplication, teacherId: string): Promise<boolean | null> {
    const unit = await this.directory.orgUnitOf(teacherId);
    if (!unit || !state.callId) return null;
    const call = await loadState(this.store, callDecider, `call-${state.callId}`);
    if (!call.state.exists) return null;
    return this.directory.isWithin(unit, call.state.orgUnit);
  }

  /** The ports the conflict-of-interest facts are asked of (relationships.ts). */
  private get ports() {
    return { directory: this.directory, ladder: this.relations };
  }
}
