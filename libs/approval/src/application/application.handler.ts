import { createHmac } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import {
  forbidden,
  loadState,
  refuse,
  runCommand,
  type CommandMetadata,
  type CommandOutcome,
  type EventStore,
} from '#libs/event-store';
import { EVENT_STORE, PG_POOL } from '#libs/platform';
import { POLICY_SOURCE, type PolicySource } from '#libs/policy';
import { assertMayApplyForPromotion, teacherDecider } from '#libs/ladder';
import { callDecider } from '../call/call.decider.js';
import { conflictsBetween, orgUnitWithin, userHoldsRole } from '../review/relationships.js';
import {
  applicationDecider,
  type ApplicationCommand,
  type ApplicationFields,
  type ApplicationState,
  type CallFacts,
} from './application.decider.js';

/**
 * What a caller asks for. The handler adds the facts a decider needs and may not fetch itself: the call
 * (for the window), the policy in force, conflicts between reviewer and applicant, the anonymous token.
 */
export type ApplicationIntent =
  | { type: 'DraftApplication'; callId: string; title: string; fields: ApplicationFields }
  | { type: 'UpdateDraft'; title?: string; fields?: ApplicationFields }
  | { type: 'SubmitApplication' }
  | { type: 'WithdrawApplication'; reason: string }
  | { type: 'AssignReviewers'; reviewers: { reviewerId: string; overrideReason?: string }[] }
  | { type: 'SubmitReview'; scores: Record<string, number>; comments: string }
  | { type: 'RequestChanges'; reason: string }
  | { type: 'DecideApplication'; decision: 'approve' | 'reject'; rationale: string; documentsSeen: string[] }
  | { type: 'EnrolTrainee'; teacherId: string }
  | { type: 'RecordCompletion'; teacherId: string; hours: number }
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
  /** From the review-due timer (issue 5); the decider checks it comes from the system. */
  | { type: 'MarkReviewOverdue'; reviewerId: string; revision: number; dueAt: string }
  /** From the revision-due timer (issue 5); the decider checks it comes from the system. */
  | { type: 'MarkRevisionOverdue'; revision: number; dueAt: string };

/** Every command on an `application-…` stream travels the bus in this one envelope. */
export class ExecuteApplicationCommand extends Command<CommandOutcome<ApplicationState>> {
  constructor(
    readonly applicationId: string,
    readonly intent: ApplicationIntent,
    readonly meta: CommandMetadata,
    /** The version the caller saw (If-Match); absent means "decide on the latest". */
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

// The policy source lives with the policy; re-exported here for the approval context's callers.
export { POLICY_SOURCE, defaultPolicySource, type PolicySource } from '#libs/policy';

export const ANONYMITY_SECRET = Symbol('ANONYMITY_SECRET');

/** One handler per stream type (ARCHITECTURE.md "A command's path" step 2). */
@CommandHandler(ExecuteApplicationCommand)
export class ApplicationCommandHandler implements ICommandHandler<ExecuteApplicationCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(POLICY_SOURCE) private readonly policies: PolicySource,
    @Inject(ANONYMITY_SECRET) private readonly anonymitySecret: string,
  ) {}

  async execute(c: ExecuteApplicationCommand): Promise<CommandOutcome<ApplicationState>> {
    await this.requireOfficeScope(c);
    const command = await this.withFacts(c);
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
    return runCommand(this.store, applicationDecider, c.applicationId, command, meta, {
      expectedVersion: c.expectedVersion,
    });
  }

  /**
   * DOMAIN.md "People and roles": a chair or admin acts with office powers only on applications of their
   * org unit and below. Checked here, not only at the HTTP edge, so a command reaching the bus by any
   * route is held to it. Acting in any other role (as an applicant, a reviewer) needs no scope.
   */
  private async requireOfficeScope(c: ExecuteApplicationCommand): Promise<void> {
    if (c.intent.type === 'DraftApplication') return; // the call's org unit is checked with the call
    if (c.meta.actorRole !== 'chair' && c.meta.actorRole !== 'admin') return;
    const { state } = await loadState(this.store, applicationDecider, `application-${c.applicationId}`);
    if (!state.exists || !state.orgUnit) return; // the decider answers "not found"
    if (!(await orgUnitWithin(this.pool, state.orgUnit, c.meta.orgUnit)))
      throw forbidden('outside_scope', 'this application belongs to an org unit outside yours', {
        orgUnit: state.orgUnit,
      });
  }

  /**
   * DOMAIN.md "The progression ladder": a `tier_promotion` is refused while the teacher does not meet
   * the next tier's requirements, with every unmet one in the refusal (seed 002 (一)3: an ethics ban in
   * force refuses it too). Committee selection is what the application itself asks for.
   */
  private async requirePromotionEligible(state: ApplicationState, now: Date): Promise<void> {
    const fields = state.fields;
    if (!fields || fields.kind !== 'tier_promotion' || !state.applicantId) return;
    const teacher = await loadState(this.store, teacherDecider, `teacher-${state.applicantId}`);
    if (!teacher.state.exists) return; // no ladder record: nothing the ladder can say
    assertMayApplyForPromotion(teacher.state, fields.targetTier, await this.policies.current(now), now);
  }

  private async callFacts(callId: string): Promise<CallFacts> {
    const { state } = await loadState(this.store, callDecider, `call-${callId}`);
    if (!state.exists) throw refuse('call_not_found', `no call ${callId}`);
    return {
      id: callId,
      kind: state.kind,
      orgUnit: state.orgUnit,
      opensAt: state.opensAt,
      closesAt: state.closesAt,
      closed: state.closed,
    };
  }

  private async withFacts(c: ExecuteApplicationCommand): Promise<ApplicationCommand> {
    const i = c.intent;
    switch (i.type) {
      case 'DraftApplication':
        return {
          type: 'DraftApplication',
          title: i.title,
          fields: i.fields,
          call: await this.callFacts(i.callId),
        };
      case 'SubmitApplication': {
        const { state } = await loadState(this.store, applicationDecider, `application-${c.applicationId}`);
        if (!state.exists || !state.callId) throw refuse('application_not_found', 'no such application');
        const call = await this.callFacts(state.callId);
        // Only the applicant submits (the decider checks); eligibility is theirs to meet.
        if (state.applicantId === c.meta.actorId) await this.requirePromotionEligible(state, c.meta.now);
        return { type: 'SubmitApplication', call };
      }
      case 'AssignReviewers': {
        const { state } = await loadState(this.store, applicationDecider, `application-${c.applicationId}`);
        if (!state.exists || !state.applicantId) throw refuse('application_not_found', 'no such application');
        const reviewers = [];
        for (const r of i.reviewers) {
          reviewers.push({
            ...r,
            conflicts: await conflictsBetween(this.pool, r.reviewerId, state.applicantId),
            ...((await userHoldsRole(this.pool, r.reviewerId, 'reviewer')) === false && {
              isReviewer: false,
            }),
          });
        }
        return { type: 'AssignReviewers', reviewers, policy: await this.policies.current() };
      }
      case 'DecideApplication': {
        // An approval must still find the teacher eligible: an ethics fail since the submission bars it.
        if (i.decision === 'approve' && c.meta.actorRole === 'chair') {
          const { state } = await loadState(this.store, applicationDecider, `application-${c.applicationId}`);
          if (state.exists && state.applicantId !== c.meta.actorId)
            await this.requirePromotionEligible(state, c.meta.now);
        }
        return { ...i, policy: await this.policies.current() };
      }
      case 'SubmitReview':
      case 'RequestChanges':
      case 'EvaluatePerformance':
        return { ...i, policy: await this.policies.current() } as ApplicationCommand;
      case 'SubmitTraineeEvaluation':
        return {
          type: 'SubmitTraineeEvaluation',
          traineeId: c.meta.actorId,
          score: i.score,
          comment: i.comment,
          evaluatorToken: createHmac('sha256', this.anonymitySecret)
            .update(`${c.applicationId}:${c.meta.actorId}`)
            .digest('hex'),
        };
      case 'EnrolTrainee':
        if ((await userHoldsRole(this.pool, i.teacherId, 'teacher')) === false)
          throw refuse('not_a_teacher', `${i.teacherId} is not an active teacher`, {
            teacherId: i.teacherId,
          });
        return i;
      case 'UpdateDraft':
      case 'WithdrawApplication':
      case 'RecordCompletion':
      case 'MarkReviewOverdue':
      case 'MarkRevisionOverdue':
        return i;
    }
  }
}
