import { describe, expect, it } from '@jest/globals';
import type { EventStore, NewEvent } from '#libs/event-store';
import { given, specMeta } from '#testing/event-store';
import {
  queueJobDecider as d,
  queueJobStreamKey,
  RetryQueueJobCommand,
  RetryQueueJobHandler,
  type QueueJobEvent,
} from './queue-job.decider.js';

// An admin's retry of a failed job is an action on the office's behalf, recorded like any other
// (DOMAIN.md "Audit trail": who, when, why); admins run the office's machinery (DOMAIN.md "People and
// roles"). A job that has not failed is not retried: a delayed timer would fire twice, and DOMAIN.md
// "Deadlines and reminders" says none fires twice.
const NOW = '2026-09-01T08:00:00.000Z';
const admin = { actorId: 'admin-1', actorRole: 'admin' };
const retry = {
  type: 'RetryFailedJob' as const,
  queue: 'timers',
  jobId: 'review-due:app-1:r1',
  jobName: 'review-due',
  state: 'failed',
  failedReason: 'connection reset',
  attemptsMade: 5,
  reason: '数据库恢复后重试',
};
const retried: QueueJobEvent = {
  type: 'QueueJobRetried',
  data: {
    queue: 'timers',
    jobId: 'review-due:app-1:r1',
    jobName: 'review-due',
    failedReason: 'connection reset',
    attemptsMade: 5,
    reason: '数据库恢复后重试',
    retriedBy: 'admin-1',
    retriedAt: NOW,
  },
};

describe('retrying a failed queue job', () => {
  it('records who retried which failed job, why and when, every time it is retried', () => {
    given(d).when(retry, admin).then([retried]);
    given(d, [retried, retried])
      .when(
        { ...retry, reason: null, failedReason: null, attemptsMade: 1 },
        { actorId: 'admin-2', actorRole: 'admin' },
      )
      .then([
        {
          type: 'QueueJobRetried',
          data: { ...retried.data, reason: null, failedReason: null, attemptsMade: 1, retriedBy: 'admin-2' },
        },
      ]);
  });

  it('refuses anyone but an admin', () => {
    for (const actorRole of ['chair', 'reviewer', 'teacher', 'mentor', 'system']) {
      const err = given(d)
        .when(retry, { actorRole })
        .thenRefuses('admin_only', 'only an admin retries a job');
      expect(err.kind).toBe('forbidden');
    }
  });

  it('refuses a job that has not failed, naming its state', () => {
    for (const state of ['delayed', 'waiting', 'active', 'completed']) {
      const err = given(d)
        .when({ ...retry, state }, admin)
        .thenRefuses('job_not_failed', `job review-due:app-1:r1 is ${state}, not failed`);
      expect(err.kind).toBe('refused');
      expect(err.details).toEqual({ jobState: state });
    }
  });

  it('counts the retries of a job', () => {
    expect(given(d).state).toEqual({ retries: 0 });
    expect(given(d, [retried, retried]).state).toEqual({ retries: 2 });
  });

  it('keeps each job on its own queuejob stream, keyed by the queue and a hash of the job id', () => {
    expect(d.category).toBe('queuejob');
    // The first 32 hex digits of the SHA-256 of the job id.
    expect(queueJobStreamKey('timers', 'review-due:app-1:r1')).toBe(
      'timers.be9e6e1e5c041208b048b0c0be28638e',
    );
    expect(queueJobStreamKey('email', 'x')).not.toBe(queueJobStreamKey('email', 'y'));
  });

  it('the handler appends the retry to that stream', async () => {
    const appended: { streamId: string; expected: unknown; events: readonly NewEvent[] }[] = [];
    const store = {
      readStream: () => Promise.resolve([]),
      append: (streamId: string, expected: unknown, events: readonly NewEvent[]) => {
        appended.push({ streamId, expected, events });
        return Promise.resolve({ streamId, nextVersion: events.length, position: 1n, duplicate: false });
      },
    } as unknown as EventStore;
    const meta = specMeta(admin);
    const out = await new RetryQueueJobHandler(store).execute(new RetryQueueJobCommand(retry, meta));
    const streamId = `queuejob-${queueJobStreamKey('timers', 'review-due:app-1:r1')}`;
    expect(out.streamId).toBe(streamId);
    expect(out.state).toEqual({ retries: 1 });
    expect(appended).toHaveLength(1);
    expect(appended[0]!.streamId).toBe(streamId);
    expect(appended[0]!.events.map((e) => ({ type: e.type, data: e.data }))).toEqual([retried]);
  });
});
