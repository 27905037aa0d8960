import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ExecuteApplicationCommand,
  applicationDecider,
  applicationSummaryProjection,
  isStarted,
  pinnedPolicyOf,
  type ApplicationFields,
  type ApplicationIntent,
} from '#libs/approval';
import { forbidden, loadState, type CommandMetadata, type EventStore } from '#libs/event-store';
import { Clock, EVENT_STORE } from '#libs/platform';
import { POLICY_SOURCE, type PolicySource } from '#libs/policy';
import { StreamHeadWithSession, streamHeadSeen } from '../auth/auth.decorators.js';
import { OrgScope } from '../auth/org-scope.service.js';
import { actingAs, actorOf, commandMeta, ifMatchVersion, type Actor } from '../http/request-context.js';
import { ReadYourWrites } from '../http/read-your-writes.js';
import {
  AssignReviewersDto,
  CompletionDto,
  DecisionDto,
  DraftApplicationDto,
  EnrolDto,
  PerformanceEvaluationDto,
  ReasonDto,
  SubmitReviewDto,
  TraineeEvaluationDto,
  UpdateDraftDto,
} from './application.dto.js';
import { ApplicationQueries } from './application.queries.js';
import { ApiTags } from '@nestjs/swagger';
import { Endpoint, limitQuery } from '../http/openapi-schema.js';
import { isUuid } from '../http/uuid.js';
import {
  ApplicationCommandAnswer,
  ApplicationDetail,
  ApplicationList,
  ReviewerCandidates,
} from './application.responses.js';

const READ_MODELS = [applicationSummaryProjection.name];

/** The role an applicant acts in: least privilege first, so an application is never filed "as admin". */
const applicantRole = (a: Actor) => a.roles[0] ?? 'teacher';

@ApiTags('Applications')
@Controller('api/applications')
export class ApplicationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    private readonly ryw: ReadYourWrites,
    private readonly scope: OrgScope,
    private readonly queries: ApplicationQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(POLICY_SOURCE) private readonly policies: PolicySource,
  ) {}

  // ---- stage 1: apply ----

  @Post()
  @HttpCode(201)
  // The call's head read with the session: the draft folds its call only when the call moved.
  @StreamHeadWithSession((req) => {
    const callId = (req.body as { callId?: unknown } | undefined)?.callId;
    return isUuid(callId) ? `call-${callId}` : undefined;
  })
  @Endpoint({
    summary: 'Draft an application for a call',
    status: 201,
    ok: ApplicationCommandAnswer,
    answers: ['ETag', 'X-Log-Position', 'Location'],
    headers: ['Idempotency-Key'],
    problems: [403, 422],
  })
  async draft(
    @Body() body: DraftApplicationDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actor = actorOf(req);
    // Whether the call is for the applicant's org unit is the decider's (call_for_another_unit).
    const meta = commandMeta(req, actor, applicantRole(actor), this.clock.now());
    // With an Idempotency-Key the new id is the command id, so a retry lands on the same application
    // (and its stream is read to find the first answer); without one the id is new, its stream empty.
    const keyed = Boolean(req.headers['idempotency-key']);
    const id = keyed ? meta.commandId : randomUUID();
    const { attachments, ...fields } = body.fields;
    const callHead = streamHeadSeen(req, `call-${body.callId}`);
    const intent: ApplicationIntent = {
      type: 'DraftApplication',
      callId: body.callId,
      title: body.title,
      fields: fields as ApplicationFields,
      ...(attachments && { attachments }),
      ...(callHead !== undefined && { callHead }),
    };
    return this.run(id, intent, meta, undefined, reply, `/api/applications/${id}`, !keyed);
  }

  @Patch(':id')
  @Endpoint({
    summary: 'Edit your draft (or the application sent back for changes)',
    ok: ApplicationCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key', 'If-Match'],
    problems: [403, 422],
  })
  async update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateDraftDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actor = actorOf(req);
    const { attachments, ...fields } = body.fields ?? {};
    const intent: ApplicationIntent = {
      type: 'UpdateDraft',
      title: body.title,
      fields: body.fields ? (fields as ApplicationFields) : undefined,
      ...(attachments && { attachments }),
    };
    return this.run(
      id,
      intent,
      commandMeta(req, actor, applicantRole(actor), this.clock.now()),
      ifMatchVersion(req),
      reply,
    );
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Endpoint({
    summary: 'Submit (or resubmit) your application',
    ok: ApplicationCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key', 'If-Match'],
    problems: [403, 422],
  })
  async submit(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actor = actorOf(req);
    return this.run(
      id,
      { type: 'SubmitApplication' },
      commandMeta(req, actor, applicantRole(actor), this.clock.now()),
      ifMatchVersion(req),
      reply,
    );
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Endpoint({
    summary: 'Withdraw your application, with a reason',
    ok: ApplicationCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key', 'If-Match'],
    problems: [403, 422],
  })
  async withdraw(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ReasonDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actor = actorOf(req);
    const meta = commandMeta(req, actor, applicantRole(actor), this.clock.now());
    return this.run(
      id,
      { type: 'WithdrawApplication', reason: body.reason },
      meta,
      ifMatchVersion(req),
      reply,
    );
  }

  // ---- stage 2: review ----

  @Post(':id/reviewers')
  @HttpCode(200)
  @Endpoint({
    summary: 'Assign reviewers (a chair over the application; conflicts need an override reason)',
    ok: ApplicationCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key', 'If-Match'],
    problems: [403, 404, 422],
  })
  async assign(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AssignReviewersDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const meta = this.asChair(req);
    return this.run(
      id,
      { type: 'AssignReviewers', reviewers: body.reviewers },
      meta,
      ifMatchVersion(req),
      reply,
    );
  }

  /**
   * DOMAIN.md "Deadlines and reminders", 利益回避: the chair replaces an overdue or conflicted reviewer —
   * removes them with a reason (then assigns another with POST /:id/reviewers). Their timers stop and a
   * review of theirs no longer counts toward the quorum or the average.
   */
  @Post(':id/reviewers/:reviewerId/removal')
  @HttpCode(200)
  @Endpoint({
    summary: 'Remove an overdue or conflicted reviewer from the current revision (chair)',
    description:
      'Not in review, not a reviewer of this revision (reviewer_not_assigned), or neither overdue nor ' +
      'conflicted (removal_not_justified): 422.',
    ok: ApplicationCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key'],
    problems: [403, 404, 422],
  })
  async removeReviewer(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('reviewerId') reviewerId: string,
    @Body() body: ReasonDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (!/^[A-Za-z0-9-]{1,100}$/.test(reviewerId))
      throw new BadRequestException('reviewerId must be a user id');
    const meta = this.asChair(req);
    return this.run(
      id,
      { type: 'RemoveReviewer', reviewerId, reason: body.reason },
      meta,
      ifMatchVersion(req),
      reply,
    );
  }

  /**
   * The chair's "assign reviewers" page: whom they may assign, with the conflicts the assignment would
   * raise (the same computation as the assignment's), never the chair themselves (four eyes).
   */
  @Get(':id/reviewer-candidates')
  @Endpoint({
    summary: 'Reviewers the chair may assign to an application, with their conflicts of interest',
    ok: ReviewerCandidates,
    problems: [403, 404],
  })
  async reviewerCandidates(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: FastifyRequest) {
    const actor = actorOf(req);
    actingAs(actor, 'chair');
    const { state } = await loadState(this.store, applicationDecider, `application-${id}`);
    if (!isStarted(state)) throw new NotFoundException(`no application ${id}`);
    // DOMAIN.md "People and roles": a chair acts on applications of their committee's org unit and below.
    if (!state.orgUnit || !(await this.scope.isWithin(state.orgUnit, actor.orgUnit)))
      throw forbidden('outside_scope', 'this application belongs to an org unit outside yours', {
        orgUnit: state.orgUnit,
      });
    const policy = await pinnedPolicyOf(this.policies, state, this.clock.now());
    return this.queries.reviewerCandidates(actor, id, state, policy.reviewQuorum);
  }

  @Post(':id/reviews')
  @HttpCode(200)
  @Endpoint({
    summary: 'Submit your review: one 0–100 score per rubric dimension and comments',
    ok: ApplicationCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key'],
    problems: [403, 422],
  })
  async review(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: SubmitReviewDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actor = actorOf(req);
    const meta = commandMeta(req, actor, actingAs(actor, 'reviewer'), this.clock.now());
    return this.run(
      id,
      { type: 'SubmitReview', scores: body.scores, comments: body.comments },
      meta,
      undefined,
      reply,
    );
  }

  @Post(':id/request-changes')
  @HttpCode(200)
  @Endpoint({
    summary: 'Send the application back for changes, with a reason',
    ok: ApplicationCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key', 'If-Match'],
    problems: [403, 404, 422],
  })
  async requestChanges(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ReasonDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const meta = this.asChair(req);
    return this.run(id, { type: 'RequestChanges', reason: body.reason }, meta, ifMatchVersion(req), reply);
  }

  // ---- stage 3: approve ----

  @Post(':id/decision')
  @HttpCode(200)
  @Endpoint({
    summary: 'Decide: approve or reject, with the rationale (after the quorum of reviews)',
    ok: ApplicationCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key', 'If-Match'],
    problems: [403, 404, 422],
  })
  async decide(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: DecisionDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const meta = this.asChair(req);
    const intent: ApplicationIntent = {
      type: 'DecideApplication',
      decision: body.decision,
      rationale: body.rationale,
      documentsSeen: body.documentsSeen ?? [],
    };
    return this.run(id, intent, meta, ifMatchVersion(req), reply);
  }

  // ---- stage 4: evaluate (training projects) ----

  @Post(':id/enrolments')
  @HttpCode(200)
  @Endpoint({
    summary: 'Enrol a trainee in an approved training project',
    ok: ApplicationCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key'],
    problems: [403, 422],
  })
  async enrol(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: EnrolDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actor = actorOf(req);
    const teacherId = body.teacherId ?? actor.id;
    const role = actor.roles.includes('admin') && teacherId !== actor.id ? 'admin' : applicantRole(actor);
    return this.run(
      id,
      { type: 'EnrolTrainee', teacherId },
      commandMeta(req, actor, role, this.clock.now()),
      undefined,
      reply,
    );
  }

  @Post(':id/completions')
  @HttpCode(200)
  @Endpoint({
    summary: 'Record a trainee’s completion and the hours it grants',
    ok: ApplicationCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key'],
    problems: [403, 422],
  })
  async complete(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CompletionDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actor = actorOf(req);
    const role = actor.roles.includes('admin') ? 'admin' : applicantRole(actor);
    const intent: ApplicationIntent = {
      type: 'RecordCompletion',
      teacherId: body.teacherId,
      hours: body.hours,
      score: body.score,
    };
    return this.run(id, intent, commandMeta(req, actor, role, this.clock.now()), undefined, reply);
  }

  @Post(':id/trainee-evaluations')
  @HttpCode(200)
  @Endpoint({
    summary: 'Evaluate a training project you attended (anonymous)',
    ok: ApplicationCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key'],
    problems: [403, 422],
  })
  async evaluateAsTrainee(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: TraineeEvaluationDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actor = actorOf(req);
    const intent: ApplicationIntent = {
      type: 'SubmitTraineeEvaluation',
      score: body.score,
      comment: body.comment,
    };
    return this.run(
      id,
      intent,
      commandMeta(req, actor, applicantRole(actor), this.clock.now()),
      undefined,
      reply,
    );
  }

  @Post(':id/performance-evaluation')
  @HttpCode(200)
  @Endpoint({
    summary: 'Record the biennial performance evaluation of a running training project',
    ok: ApplicationCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key'],
    problems: [403, 404, 422],
  })
  async evaluatePerformance(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: PerformanceEvaluationDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const meta = this.asChair(req);
    return this.run(id, { type: 'EvaluatePerformance', parts: { ...body.parts } }, meta, undefined, reply);
  }

  // ---- reads ----

  @Get('mine')
  @Endpoint({ summary: 'Your applications, newest first', ok: ApplicationList, query: limitQuery() })
  async mine(@Req() req: FastifyRequest, @Query('limit') limit?: string) {
    return this.queries.mine(actorOf(req), parseLimit(limit));
  }

  @Get(':id')
  @Endpoint({
    summary: 'An application with its reviews, assignments and timeline, as you may see it',
    ok: ApplicationDetail,
    answers: ['ETag'],
    headers: ['X-Min-Position'],
    problems: [403, 404],
  })
  async detail(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Headers('x-min-position') minPosition: string | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.ryw.beforeRead(READ_MODELS, minPosition);
    const detail = await this.queries.detail(actorOf(req), id);
    void reply.header('etag', `"${detail.version}"`);
    return detail;
  }

  /**
   * The metadata of a command the actor gives as chair (the role they must hold). Whether the application
   * lies within their committee's org unit is decided with the command, on the state it is decided on
   * (ARCHITECTURE.md "A command's path"; DOMAIN.md "People and roles").
   */
  private asChair(req: FastifyRequest): CommandMetadata {
    const actor = actorOf(req);
    return commandMeta(req, actor, actingAs(actor, 'chair'), this.clock.now());
  }

  private async run(
    id: string,
    intent: ApplicationIntent,
    meta: CommandMetadata,
    expectedVersion: number | undefined,
    reply: FastifyReply,
    location?: string,
    fresh = false,
  ) {
    const outcome = await this.commands.execute(
      new ExecuteApplicationCommand(id, intent, meta, expectedVersion, fresh),
    );
    const answer = await this.ryw.answer(reply, READ_MODELS, outcome, location);
    return {
      id,
      stage: outcome.state.stage,
      ...answer,
    };
  }
}

export function parseLimit(raw: string | undefined, max = 100): number {
  if (raw === undefined) return 50;
  if (!/^\d{1,4}$/.test(raw) || Number(raw) < 1)
    throw new BadRequestException(`limit must be a whole number from 1 to ${max}`);
  return Math.min(Number(raw), max);
}
