import { BadRequestException, Controller, Get, Inject, Optional, Query } from '@nestjs/common';
import {
  CONSOLE_JOB_STATES,
  EMAIL_QUEUE,
  TIMER_QUEUE,
  type ConsoleJob,
  type ConsoleJobState,
  type EmailQueue,
  type TimerQueue,
} from '#libs/deadlines';
import { Roles } from '../auth/auth.decorators.js';

const MAX_LIMIT = 200;
const DEFAULT_LIMIT = 50;

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
}

/**
 * The queue console for admins (issue 5 item 5): the timers' queue and, when email is configured, the
 * notification emails' queue, each with its job counts per state, and their delayed, failed and
 * completed jobs — what each is for, when it fires, how its attempts went and why it failed. Read-only;
 * admins only (anyone else 403). On Redis or on BullMQ's PostgreSQL backend, as the queues are.
 */
@Controller('api/admin/queues')
@Roles('admin')
export class QueuesController {
  private readonly all: ConsoleQueue[];

  constructor(
    @Inject(TIMER_QUEUE) timers: TimerQueue,
    @Optional() @Inject(EMAIL_QUEUE) emails: EmailQueue | null,
  ) {
    this.all = emails ? [timers, emails] : [timers];
  }

  @Get()
  async queues() {
    const queues = [];
    for (const q of this.all) {
      const c = await q.counts();
      queues.push({
        name: q.name,
        backend: q.backend,
        counts: {
          delayed: c.delayed ?? 0,
          waiting: c.waiting ?? 0,
          active: c.active ?? 0,
          completed: c.completed ?? 0,
          failed: c.failed ?? 0,
        },
      });
    }
    return { queues };
  }

  /** `?queue=` names the queue (default: the timers'). */
  @Get('jobs')
  async jobs(
    @Query('state') rawState?: string,
    @Query('limit') rawLimit?: string,
    @Query('queue') rawQueue?: string,
  ) {
    const state = parseState(rawState);
    const limit = parseLimit(rawLimit);
    const queue = rawQueue === undefined ? this.all[0]! : this.all.find((q) => q.name === rawQueue);
    if (!queue)
      throw new BadRequestException(`queue must be one of ${this.all.map((q) => q.name).join(', ')}`);
    const items = await queue.listJobs(state, limit);
    return { queue: queue.name, state, limit, items };
  }
}
