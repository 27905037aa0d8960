import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  forbidden,
  refuse,
  runCommand,
  type CommandMetadata,
  type CommandOutcome,
  type DomainEvent,
  type EventStore,
  type StreamDecider,
} from '#libs/event-store';
import { EVENT_STORE } from '#libs/platform';

/**
 * An operator's retry of a failed job (任务队列「重试」, UI.md §5). The queue is not the source of truth
 * (ARCHITECTURE.md "Stores"), but an admin putting a failed timer or email back to work is an action on
 * the office's behalf, so it is recorded like any other (DOMAIN.md "Audit trail": who, when, why) on a
 * stream per job, `queuejob-<queue>.<hash of the job id>` (job ids are long and hold any character).
 */
export type QueueJobCommand = {
  type: 'RetryFailedJob';
  queue: string;
  jobId: string;
  /** Facts read from the queue before deciding. */
  jobName: string;
  state: string;
  failedReason: string | null;
  attemptsMade: number;
  /** Why the admin retries it (optional). */
  reason: string | null;
};

export type QueueJobEvent = DomainEvent<
  'QueueJobRetried',
  {
    queue: string;
    jobId: string;
    jobName: string;
    failedReason: string | null;
    attemptsMade: number;
    reason: string | null;
    retriedBy: string;
    retriedAt: string;
  }
>;

export interface QueueJobState {
  retries: number;
}

export const queueJobDecider: StreamDecider<QueueJobCommand, QueueJobEvent, QueueJobState> = {
  category: 'queuejob',
  initialState: { retries: 0 },
  evolve(s, e) {
    switch (e.type) {
      case 'QueueJobRetried':
        return { retries: s.retries + 1 };
    }
  },
  decide(c, _s, meta) {
    switch (c.type) {
      case 'RetryFailedJob': {
        // DOMAIN.md "People and roles": admins run the office's machinery.
        if (meta.actorRole !== 'admin') throw forbidden('admin_only', 'only an admin retries a job');
        // Only a job that gave up is retried: a delayed or finished one would fire a second time.
        if (c.state !== 'failed')
          throw refuse('job_not_failed', `job ${c.jobId} is ${c.state}, not failed`, { jobState: c.state });
        return [
          {
            type: 'QueueJobRetried',
            data: {
              queue: c.queue,
              jobId: c.jobId,
              jobName: c.jobName,
              failedReason: c.failedReason,
              attemptsMade: c.attemptsMade,
              reason: c.reason,
              retriedBy: meta.actorId,
              retriedAt: meta.now.toISOString(),
            },
          },
        ];
      }
    }
  },
};

export const queueJobStreamKey = (queue: string, jobId: string): string =>
  `${queue}.${createHash('sha256').update(jobId).digest('hex').slice(0, 32)}`;

export class RetryQueueJobCommand extends Command<CommandOutcome<QueueJobState>> {
  constructor(
    readonly command: QueueJobCommand,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(RetryQueueJobCommand)
export class RetryQueueJobHandler implements ICommandHandler<RetryQueueJobCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(c: RetryQueueJobCommand): Promise<CommandOutcome<QueueJobState>> {
    return runCommand(
      this.store,
      queueJobDecider,
      queueJobStreamKey(c.command.queue, c.command.jobId),
      c.command,
      c.meta,
    );
  }
}
