import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Optional,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import { STREAM_ORG_UNITS, type StreamOrgUnits } from '#libs/audit';
import {
  annualSummaryOf,
  CONSOLE_JOB_STATES,
  EMAIL_QUEUE,
  RetryQueueJobCommand,
  TIMER_QUEUE,
  type ConsoleJob,
  type ConsoleJobState,
  type EmailQueue,
  type TimerQueue,
} from '#libs/deadlines';
import { encodePosition } from '#libs/event-store';
import { IDENTITY_DIRECTORY, type IdentityDirectory } from '#libs/identity';
import { Clock, PG_POOL } from '#libs/platform';
import { actorOf } from '../auth/actor.js';
import { actingAs, commandMeta } from '../http/request-context.js';
import { Roles } from '../auth/auth.decorators.js';
import { ApiTags } from '@nestjs/swagger';
import { Endpoint, oneOf, str } from '../http/openapi-schema.js';
import { QueueCounts, QueueJobRetried, QueueJobs } from './queues.responses.js';

export class RetryJobDto {
  /**
   * The job's id as the console lists it. In the body, not the path: timer ids name their stream and
   * step (well over the 100 characters a path parameter may have).
   */
  @IsString() @Length(1, 500) jobId!: string;
  /** Why the job is retried (kept in the audit trail). */
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason?: string;
}

const MAX_LIMIT = 200;
const DEFAULT_LIMIT = 50;
/**
 * An admin below the root sees the jobs of their subtree only, found by reading each state's jobs and
 * keeping theirs: at most this many per state (beyond, counts and lists are of the first ones).
 */
const MAX_SCAN = 10_000;
const COUNTED_STATES = ['delayed', 'waiting', 'active', 'completed', 'failed'] as const;

function parseState(raw: string | undefined): ConsoleJobState {
  if (raw === undefined || !(CONSOLE_JOB_STATES as readonly string[]).includes(raw))
    throw new BadRequestException(`state must be one of ${CONSOLE_JOB_STATES.join(', ')}`);
  return raw as ConsoleJobState;
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  if (!/^\d{1,4}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_LIMIT)
    throw new BadRequestException(`limit must be a whole number from 1 to ${MAX_LIMIT}`);
  return Number(raw);
}

/** What the console needs of a queue. */
interface ConsoleQueue {
  readonly name: string;
  readonly backend: string;
  counts(): Promise<Record<string, number>>;
  listJobs(state: ConsoleJobState, limit: number): Promise<ConsoleJob[]>;
  consoleJobById(id: string): Promise<(ConsoleJob & { state: string }) | null>;
  retryFailed(id: string): Promise<boolean>;
}

/**
 * The queue console for admins (DOMAIN.md "Deadlines and reminders"): the timers' queue and, when email is configured, the
 * notification emails' queue, each with its job counts per state, and their delayed, failed and
 * completed jobs — what each is for, when it fires, how its attempts went and why it failed. Read-only;
 * admins only (anyone else 403). On Redis or on BullMQ's PostgreSQL backend, as the queues are.
 */
@ApiTags('Queues')
@Controller('api/admin/queues')
@Roles('admin')
export class QueuesController {
  private readonly all: ConsoleQueue[];

  constructor(
    @Inject(TIMER_QUEUE) timers: TimerQueue,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(IDENTITY_DIRECTORY) private readonly directory: IdentityDirectory,
    @Inject(STREAM_ORG_UNITS) private readonly streams: StreamOrgUnits,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    @Optional() @Inject(EMAIL_QUEUE) emails: EmailQueue | null,
  ) {
    this.all = emails ? [timers, emails] : [timers];
  }

  @Get()
  @Endpoint({ summary: 'The job queues with their counts per state', ok: QueueCounts })
  async queues(@Req() req: FastifyRequest) {
    const scope = await this.scopeOf(actorOf(req).orgUnit);
    const queues = [];
    for (const q of this.all) {
      const c = await q.counts();
      const counts: Record<(typeof COUNTED_STATES)[number], number> = {
        delayed: c.delayed ?? 0,
        waiting: c.waiting ?? 0,
        active: c.active ?? 0,
        completed: c.completed ?? 0,
        failed: c.failed ?? 0,
      };
      if (!scope.everything)
        for (const state of COUNTED_STATES)
          if (counts[state] > 0) counts[state] = (await this.scoped(q, state, scope.unit, MAX_SCAN)).length;
      queues.push({ name: q.name, backend: q.backend, counts });
    }
    return { queues };
  }

  /** `?queue=` names the queue (default: the timers'). */
  @Get('jobs')
  @Endpoint({
    summary: 'The delayed, failed or completed jobs of a queue',
    ok: QueueJobs,
    query: {
      state: { schema: oneOf(CONSOLE_JOB_STATES), required: true },
      limit: { schema: str({ pattern: '^\\d{1,4}$', default: '50' }), description: '1–200 (default 50).' },
      queue: { schema: str(), description: 'The queue’s name (default: the timers’).' },
    },
  })
  async jobs(
    @Req() req: FastifyRequest,
    @Query('state') rawState?: string,
    @Query('limit') rawLimit?: string,
    @Query('queue') rawQueue?: string,
  ) {
    const state = parseState(rawState);
    const limit = parseLimit(rawLimit);
    const queue = rawQueue === undefined ? this.all[0]! : this.all.find((q) => q.name === rawQueue);
    if (!queue)
      throw new BadRequestException(`queue must be one of ${this.all.map((q) => q.name).join(', ')}`);
    const scope = await this.scopeOf(actorOf(req).orgUnit);
    const items = scope.everything
      ? await queue.listJobs(state, limit)
      : await this.scoped(queue, state, scope.unit, limit);
    return { queue: queue.name, state, limit, items };
  }

  /**
   * 任务队列「重试」 (UI.md §5): a failed job runs once more. The admins of the city or province office do it
   * (the timers serve the whole region, as the policy does), for a job the console shows them (their
   * unit and below; the root's admins every job). Recorded as `QueueJobRetried` before the job moves.
   */
  @Post(':queue/retry')
  @HttpCode(200)
  @Endpoint({
    summary: 'Retry a failed job (an admin of the city or province office)',
    ok: QueueJobRetried,
    answers: ['X-Log-Position'],
    headers: ['Idempotency-Key'],
    problems: [403, 404, 409, 422],
  })
  async retry(
    @Param('queue') queueName: string,
    @Body() body: RetryJobDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actor = actorOf(req);
    const role = actingAs(actor, 'admin');
    const id = body.jobId;
    const queue = this.all.find((q) => q.name === queueName);
    if (!queue) throw new NotFoundException(`no ${queueName} job ${id.slice(0, 100)}`);
    const level = await this.directory.levelOf(actor.orgUnit);
    if (!['province', 'city'].includes(level ?? ''))
      throw new ForbiddenException('jobs are retried by the city or province office');
    const job = await queue.consoleJobById(id);
    const scope = await this.scopeOf(actor.orgUnit);
    if (!job || !(scope.everything || (await this.visible(job, scope.unit))))
      throw new NotFoundException(`no ${queueName} job ${id.slice(0, 100)}`);
    const outcome = await this.commands.execute(
      new RetryQueueJobCommand(
        {
          type: 'RetryFailedJob',
          queue: queue.name,
          jobId: job.id,
          jobName: job.name,
          state: job.state,
          failedReason: job.failedReason,
          attemptsMade: job.attempts,
          reason: body.reason?.trim() ?? null,
        },
        commandMeta(req, actor, role, this.clock.now()),
      ),
    );
    // A replay of the same request (Idempotency-Key) finds the job already back at work: not an error.
    if (!outcome.duplicate && !(await queue.retryFailed(job.id)))
      throw new ConflictException('the job is no longer failed: someone retried it first');
    if (outcome.position) void reply.header('x-log-position', encodePosition(outcome.position));
    return {
      queue: queue.name,
      id: job.id,
      state: (await queue.consoleJobById(job.id))?.state ?? 'unknown',
      events: outcome.events.map((e) => e.type),
    };
  }

  private async visible(job: ConsoleJob, unit: string): Promise<boolean> {
    const units = await this.unitsOf([job]);
    const own = units.get(job.id);
    return own ? (await this.directory.within([own], unit)).has(own) : false;
  }

  /**
   * DOMAIN.md "People and roles": an admin sees only their org unit and the units below it. An admin of
   * a root unit (the province) sees every job, those of no known unit too (as in the audit log).
   */
  private async scopeOf(unit: string): Promise<{ everything: boolean; unit: string }> {
    return { everything: await this.directory.isRoot(unit), unit };
  }

  /** Up to `limit` jobs in `state` whose entity belongs to `unit` or below, in the queue's order. */
  private async scoped(
    queue: ConsoleQueue,
    state: ConsoleJobState | (typeof COUNTED_STATES)[number],
    unit: string,
    limit: number,
  ): Promise<ConsoleJob[]> {
    // listJobs reads any BullMQ state; the console lists three, the counts need the other two as well.
    const jobs = await queue.listJobs(state as ConsoleJobState, MAX_SCAN);
    const units = await this.unitsOf(jobs);
    const within = await this.directory.within(
      [...new Set([...units.values()].filter((u): u is string => u !== null))],
      unit,
    );
    return jobs.filter((j) => within.has(units.get(j.id) ?? '')).slice(0, limit);
  }

  /**
   * The org unit each job is for: that of the stream it acts on (a review timer's application, a step
   * timer's stream; an email's notification's subject, else its recipient's unit). A stream's unit is
   * what the audit log keeps for it, asked of audit's port (the first orgUnit in its data — an
   * application's is the applicant's school — else its first writer's unit); an org unit's own stream and an annual summary
   * name their unit in their id (a summary's timers run before its stream exists).
   */
  private async unitsOf(jobs: ConsoleJob[]): Promise<Map<string, string | null>> {
    const notifications = jobs.map((j) => j.data.notificationId).filter((n): n is string => n !== null);
    const subject = new Map<string, { stream: string | null; recipient: string }>();
    if (notifications.length > 0) {
      const res = await this.pool.query<{ id: string; stream_id: string | null; recipient_id: string }>(
        `SELECT notification_id AS id,
                COALESCE(stream_id, CASE WHEN application_id IS NOT NULL THEN 'application-' || application_id END) AS stream_id,
                recipient_id
           FROM notifications WHERE notification_id = ANY ($1)`,
        [notifications],
      );
      for (const r of res.rows) subject.set(r.id, { stream: r.stream_id, recipient: r.recipient_id });
    }
    const streamOf = (j: ConsoleJob): string | null =>
      j.data.streamId ??
      (j.data.applicationId ? `application-${j.data.applicationId}` : null) ??
      (j.data.notificationId ? (subject.get(j.data.notificationId)?.stream ?? null) : null);
    const named = (stream: string): string | null =>
      stream.startsWith('orgunit-')
        ? stream.slice('orgunit-'.length)
        : (annualSummaryOf(stream)?.orgUnit ?? null);

    const streams = [...new Set(jobs.map(streamOf).filter((x): x is string => x !== null && !named(x)))];
    const streamUnit = await this.streams.orgUnitsOf(streams);
    const recipientUnit = await this.directory.orgUnitsOf([...subject.values()].map((v) => v.recipient));
    const out = new Map<string, string | null>();
    for (const j of jobs) {
      const stream = streamOf(j);
      const viaStream = stream ? (named(stream) ?? streamUnit.get(stream) ?? null) : null;
      const recipient = j.data.notificationId ? subject.get(j.data.notificationId)?.recipient : undefined;
      out.set(j.id, viaStream ?? (recipient ? (recipientUnit.get(recipient) ?? null) : null));
    }
    return out;
  }
}
