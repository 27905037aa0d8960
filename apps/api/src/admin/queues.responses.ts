import { CONSOLE_JOB_STATES } from '#libs/deadlines';
import { arr, dateTime, int, named, nullable, obj, oneOf, str } from '../http/openapi-schema.js';

// What the queue console answers (queues.controller.ts; libs/deadlines ConsoleJob).

const count = int({ minimum: 0 });

export const QueueCounts = named(
  'QueueCounts',
  obj({
    queues: arr(
      obj({
        name: str(),
        backend: str({ description: 'redis or postgres' }),
        counts: obj({ delayed: count, waiting: count, active: count, completed: count, failed: count }),
      }),
    ),
  }),
);

export const QueueJobs = named(
  'QueueJobs',
  obj({
    queue: str(),
    state: oneOf(CONSOLE_JOB_STATES),
    limit: int({ minimum: 1, maximum: 200 }),
    items: arr(
      obj({
        id: str(),
        name: str(),
        data: obj({
          kind: nullable(str()),
          applicationId: nullable(str()),
          reviewerId: nullable(str()),
          revision: nullable(int()),
          step: nullable(str()),
          phase: nullable(str()),
          streamId: nullable(str()),
          occurrence: nullable(str()),
          at: nullable(str()),
          dueAt: nullable(str()),
          notificationId: nullable(str()),
        }),
        fireAt: nullable(dateTime()),
        attempts: int({ minimum: 0 }),
        failedReason: nullable(str()),
        finishedAt: nullable(dateTime()),
      }),
    ),
  }),
);

export const QueueJobRetried = named(
  'QueueJobRetried',
  obj({
    queue: str(),
    id: str(),
    state: str({ description: 'The job’s state after the retry (waiting, active, completed …).' }),
    events: arr(str()),
  }),
);
