import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import { CONSOLE_JOB_STATES, TIMER_QUEUE, type ConsoleJobState, type TimerQueue } from '#libs/deadlines';
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

/**
 * The queue console for admins (issue 5 item 5): the timers' queue with its job counts per state, and
 * its delayed, failed and completed jobs — what each is for, when it fires, how its attempts went and
 * why it failed. Read-only; admins only (anyone else 403). The queue is the product's one timers'
 * queue, on Redis or on BullMQ's PostgreSQL backend.
 */
@Controller('api/admin/queues')
@Roles('admin')
export class QueuesController {
  constructor(@Inject(TIMER_QUEUE) private readonly queue: TimerQueue) {}

  @Get()
  async queues() {
    const c = await this.queue.counts();
    return {
      queues: [
        {
          name: this.queue.name,
          backend: this.queue.backend,
          counts: {
            delayed: c.delayed ?? 0,
            waiting: c.waiting ?? 0,
            active: c.active ?? 0,
            completed: c.completed ?? 0,
            failed: c.failed ?? 0,
          },
        },
      ],
    };
  }

  @Get('jobs')
  async jobs(@Query('state') rawState?: string, @Query('limit') rawLimit?: string) {
    const state = parseState(rawState);
    const limit = parseLimit(rawLimit);
    const items = await this.queue.listJobs(state, limit);
    return { queue: this.queue.name, state, limit, items };
  }
}
