import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  propertyParams,
  reachCounts,
  runSequence,
  type AcceptedStep,
  type PropertyStep,
} from '#testing/event-store';
import {
  queueJobDecider as d,
  queueJobStreamKey,
  type QueueJobCommand,
  type QueueJobEvent,
  type QueueJobState,
} from './queue-job.decider.js';

// Property specs of an operator's retry of a failed job (UI.md 任务队列「重试」; DOMAIN.md "Audit
// trail": who, when, why; "People and roles": admins run the office's machinery). Random retries by
// random people of jobs in random states: only an admin retries, only a job that failed, each retry is
// recorded with who did it and what the queue said, and the count of retries only grows.
type Step = PropertyStep<QueueJobCommand>;
const START = Date.parse('2026-11-01T08:00:00.000Z');

const people = [
  { actorId: 'admin-1', actorRole: 'admin' },
  { actorId: 'admin-2', actorRole: 'admin' },
  { actorId: 'chair-1', actorRole: 'chair' },
  { actorId: 'teacher-1', actorRole: 'teacher' },
  { actorId: 'system', actorRole: 'system' },
];

const command: fc.Arbitrary<QueueJobCommand> = fc.record({
  type: fc.constant('RetryFailedJob' as const),
  queue: fc.constant('timers'),
  jobId: fc.constant('step-deadline:application-1:review'),
  jobName: fc.constantFrom('step-deadline', 'email'),
  state: fc.constantFrom('failed', 'failed', 'delayed', 'completed', 'active', 'waiting'),
  failedReason: fc.constantFrom('connect ECONNREFUSED', null),
  attemptsMade: fc.nat(10),
  reason: fc.constantFrom('数据库恢复后重试', null),
});

const sequences: fc.Arbitrary<Step[]> = fc
  .array(fc.record({ command, actor: fc.constantFrom(...people), minutes: fc.nat(120) }), {
    minLength: 1,
    maxLength: 10,
  })
  .map((steps) => {
    let now = START;
    return steps.map(({ command: c, actor, minutes }) => {
      now += minutes * 60_000;
      return { command: c, meta: { ...actor, now: new Date(now) } };
    });
  });

function invariant({
  command,
  meta,
  before,
  after,
  events,
}: AcceptedStep<QueueJobCommand, QueueJobEvent, QueueJobState>) {
  // Every accepted retry is one recorded event: by an admin, of a failed job, saying what the queue said.
  expect(events).toHaveLength(1);
  expect(meta.actorRole).toBe('admin');
  expect(command.state).toBe('failed');
  const e = events[0]!;
  expect(e.data).toEqual({
    queue: command.queue,
    jobId: command.jobId,
    jobName: command.jobName,
    failedReason: command.failedReason,
    attemptsMade: command.attemptsMade,
    reason: command.reason,
    retriedBy: meta.actorId,
    retriedAt: meta.now.toISOString(),
  });
  expect(after.retries).toBe(before.retries + 1);
}

describe('queue job decider properties', () => {
  it('random retries by random people: only admins retry failed jobs, each recorded, replay rebuilds', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        const { state, events, refused } = runSequence(d, steps, invariant);
        expect(state.retries).toBe(events.length);
        expect(events.length + refused.length).toBe(steps.length);
        for (const code of refused) expect(['admin_only', 'job_not_failed']).toContain(code);
      }),
      propertyParams(300),
    );
  });

  it('the generated sequences reach retries and both refusals', () => {
    const reached = reachCounts(sequences, 300, (steps) => {
      const { state, refused } = runSequence(d, steps, invariant);
      return {
        retried: state.retries > 0,
        notAdmin: refused.includes('admin_only'),
        notFailed: refused.includes('job_not_failed'),
      };
    });
    expect(reached.retried).toBeGreaterThan(100);
    expect(reached.notAdmin).toBeGreaterThan(100);
    expect(reached.notFailed).toBeGreaterThan(50);
  });

  it('a job id of any characters maps to a stream key of its queue and a fixed-length hash', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), (a, b) => {
        const ka = queueJobStreamKey('timers', a);
        expect(ka).toMatch(/^timers\.[0-9a-f]{32}$/);
        expect(queueJobStreamKey('timers', a)).toBe(ka);
        if (a !== b) expect(queueJobStreamKey('timers', b)).not.toBe(ka);
        expect(queueJobStreamKey('emails', a)).not.toBe(ka);
      }),
      propertyParams(200),
    );
  });
});
