import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { PostgresEventStore, migrate, type EventMetadata, type NewEvent } from '#libs/event-store';
import {
  TimerQueue,
  deadlineOffsets,
  planReviewTimers,
  timerJobId,
  type ReviewAssignmentFacts,
  type ReviewTimer,
} from '#libs/deadlines';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { dropQueueKeys, until as waitUntil } from '../support/until.js';
import { ensureServerBuilt } from '../support/build.js';
/** This suite's patience: 60 s, polling every 100 ms. */
const until = <T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 60000) =>
  waitUntil(what, probe, ms, 100);

// DOMAIN.md "Deadlines and reminders", durability, against the built product (dist) on real Redis and on BullMQ's
// PostgreSQL backend:
// (a) 1,000 timers pending and due within seconds; the worker process is killed with SIGKILL while it
//     fires them and started again: every timer fires exactly once in effect — one ReviewOverdue per
//     missed review (and one message to its chair), one NotificationSent per reminder — none lost.
// (b) the queue loses its data while timers are pending (this database's Redis keys deleted — never the
//     shared server's — or BullMQ's job rows on PostgreSQL); `timers:reconcile` puts every timer that
//     should be pending back, removes timers of finished steps, and each fires once.
// Review steps are made cheaply by appending their events to the store; the worker's locks are short
// (TIMER_LOCK_MS) so the firings cut off by the kill are taken up within seconds instead of 30 s.
const root = path.resolve(import.meta.dirname, '../..');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DAY = 86_400_000;
const REVIEWERS = ['rev-a', 'rev-b'];
const CHAIR = 'chair-1';
const ORG = 'ou-city';

describe.each([['redis'], ['postgres']] as const)('durable timers on %s', (backend) => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let queue: TimerQueue;
  let env: NodeJS.ProcessEnv;
  let worker: ChildProcess | null = null;
  let logs = '';

  const startWorker = async (): Promise<ChildProcess> => {
    const c = spawn(process.execPath, ['dist/apps/worker/src/main.js'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr!.on('data', (d: Buffer) => (logs += d.toString()));
    await until(
      'the worker to start',
      async () => {
        if (c.exitCode !== null) throw new Error(`worker exited with ${c.exitCode}:\n${logs}${out}`);
        return out.includes('worker running');
      },
      30_000,
    );
    c.stdout!.on('data', (d: Buffer) => (logs += d.toString()));
    return c;
  };
  const exited = (c: ChildProcess) =>
    new Promise<number | string>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve(c.exitCode ?? c.signalCode!);
      c.once('exit', (code, signal) => resolve(code ?? signal ?? -1));
    });
  const reconcile = () => {
    const res = spawnSync(process.execPath, ['dist/apps/worker/src/cli/reconcile-timers.js'], {
      cwd: root,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (res.status !== 0) process.stderr.write(res.stderr);
    expect(res.status).toBe(0);
    const m = /added (\d+), kept (\d+), removed (\d+)/.exec(res.stdout);
    expect(m).not.toBeNull();
    return { added: Number(m![1]), kept: Number(m![2]), removed: Number(m![3]) };
  };
  const count = async (sql: string, params: unknown[] = []) =>
    (await db.pool.query<{ n: number }>(sql, params)).rows[0]!.n;
  const overdue = () => count(`SELECT count(*)::int AS n FROM events WHERE type = 'ReviewOverdue'`);
  const sent = (kind: string) =>
    count(`SELECT count(*)::int AS n FROM events WHERE type = 'NotificationSent' AND data->>'kind' = $1`, [
      kind,
    ]);

  /** Applications `<prefix>-<n>` in review by REVIEWERS, due at `dueAt`; optionally withdrawn after. */
  const openReviews = async (
    prefix: string,
    n: number,
    dueAt: string,
    withdraw = false,
  ): Promise<ReviewAssignmentFacts[]> => {
    const recordedAt = new Date().toISOString();
    const facts: ReviewAssignmentFacts[] = [];
    const ids = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
    for (let i = 0; i < ids.length; i += 25) {
      await Promise.all(
        ids.slice(i, i + 25).map(async (applicationId) => {
          const meta = (actorId: string, actorRole: string, k: number): EventMetadata => ({
            actorId,
            actorRole,
            orgUnit: ORG,
            correlationId: `corr-${applicationId}`,
            causationId: `cmd-${applicationId}-${k}`,
            commandId: `cmd-${applicationId}-${k}`,
            recordedAt,
          });
          const ev = (type: string, data: unknown, m: EventMetadata): NewEvent => ({
            id: randomUUID(),
            type,
            schemaVersion: 1,
            data,
            metadata: m,
          });
          const events = [
            ev(
              'ApplicationDrafted',
              {
                kind: 'school_plan',
                title: `方案 ${applicationId}`,
                fields: { kind: 'school_plan', schoolYear: '2026-2027', summary: '校本研修' },
                callId: 'call-durability',
                applicantId: `teacher-${applicationId}`,
                orgUnit: ORG,
                draftedAt: recordedAt,
              },
              meta(`teacher-${applicationId}`, 'teacher', 1),
            ),
            ev(
              'ApplicationSubmitted',
              { submittedAt: recordedAt, revision: 1 },
              meta(`teacher-${applicationId}`, 'teacher', 2),
            ),
            ev(
              'ReviewersAssigned',
              {
                reviewers: REVIEWERS.map((reviewerId) => ({
                  reviewerId,
                  conflicts: [],
                  overrideReason: null,
                })),
                dueAt,
                policyVersion: 'default',
              },
              meta(CHAIR, 'chair', 3),
            ),
          ];
          if (withdraw)
            events.push(
              ev(
                'ApplicationWithdrawn',
                { reason: 'withdrawn', withdrawnAt: recordedAt },
                meta(`teacher-${applicationId}`, 'teacher', 4),
              ),
            );
          await store.append(`application-${applicationId}`, 'no_stream', events);
          facts.push({
            applicationId,
            reviewerIds: REVIEWERS,
            revision: 1,
            dueAt,
            orgUnit: ORG,
            chairId: CHAIR,
            correlationId: `corr-${applicationId}`,
          });
        }),
      );
    }
    return facts;
  };
  const plan = (facts: ReviewAssignmentFacts[], keep: (t: ReviewTimer) => boolean) =>
    facts.flatMap((f) => planReviewTimers(f, deadlineOffsets(null)).filter(keep));
  const states = async (ids: string[]) => {
    const out: Record<string, number> = {};
    for (const id of ids) {
      const s = (await queue.state(id)) ?? 'missing';
      out[s] = (out[s] ?? 0) + 1;
    }
    return out;
  };
  const flushQueue = async () => {
    if (backend === 'redis') {
      await dropQueueKeys(REDIS_URL, db.url);
    } else {
      await db.pool.query(`DELETE FROM bullmq.job WHERE queue = 'deadlines'`);
    }
  };

  beforeAll(async () => {
    ensureServerBuilt();
    db = await createPostgresTestDatabase();
    await migrate(db.pool);
    store = new PostgresEventStore(db.pool);
    env = {
      ...process.env,
      DATABASE_URL: db.url,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      TIMER_LOCK_MS: '2000',
    };
    if (backend === 'redis') env.REDIS_URL = REDIS_URL;
    else delete env.REDIS_URL;
    queue = await TimerQueue.open({
      redisUrl: backend === 'redis' ? REDIS_URL : null,
      databaseUrl: db.url,
      nodeEnv: 'test',
    });
  }, 60_000);

  afterAll(async () => {
    if (worker && worker.exitCode === null && worker.signalCode === null) {
      worker.kill('SIGKILL');
      await exited(worker);
    }
    await queue?.close();
    if (backend === 'redis' && db) await flushQueue();
    await db?.drop();
  });

  // Group A: reviews due in a few seconds (the due timer marks them overdue, the chair is told).
  // Group B: reviews due in a day and a few seconds (the 1-day reminder fires in a few seconds).
  let groupA: ReviewAssignmentFacts[];
  let groupB: ReviewAssignmentFacts[];

  it('fires 1,000 pending timers exactly once in effect across a SIGKILL of the worker', async () => {
    // Far enough ahead that opening 500 reviews and scheduling 1,000 timers usually ends before any
    // is due, so the worker is killed in the middle of firing them.
    const soon = Date.now() + 12_000;
    groupA = await openReviews('a', 250, new Date(soon).toISOString());
    groupB = await openReviews('b', 250, new Date(soon + DAY).toISOString());
    const timers = [
      ...plan(groupA, (t) => t.kind === 'review-due'),
      ...plan(groupB, (t) => t.at === 'before-P1D'),
    ];
    expect(timers).toHaveLength(1000);
    const ids = await queue.scheduleAll(timers, new Date());
    expect(new Set(ids).size).toBe(1000);
    // Every timer is pending and none taken yet: on a machine slow enough that the first came due
    // while the rest were being scheduled, those wait (due) instead of being delayed — both are kept.
    const pending = await states(ids);
    expect(Object.keys(pending).filter((s) => s !== 'delayed' && s !== 'waiting')).toEqual([]);
    expect((pending.delayed ?? 0) + (pending.waiting ?? 0)).toBe(1000);

    worker = await startWorker();
    const effects = async () =>
      (await overdue()) + (await sent('review_overdue')) + (await sent('review_reminder'));
    await until('the worker to be firing', async () => (await effects()) >= 150, 30_000);
    worker.kill('SIGKILL');
    expect(await exited(worker)).toBe('SIGKILL');
    const atKill = await effects();
    // Killed in the middle: some effects recorded, not all.
    expect(atKill).toBeLessThan(1500);

    worker = await startWorker();
    await until('every timer to take effect', async () => (await effects()) >= 1500, 90_000);
    await until('every job to be completed', async () => {
      const s = await states(ids);
      return s.completed === 1000 ? s : null;
    });
    // A moment more: a duplicate firing would show now.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await overdue()).toBe(500);
    expect(await sent('review_overdue')).toBe(500);
    expect(await sent('review_reminder')).toBe(500);
    // One per step, one per reminder: keyed by the timer that caused it.
    const keys = await db.pool.query<{ key: string }>(
      `SELECT data->>'key' AS key FROM events WHERE type = 'NotificationSent' AND data->>'kind' = 'review_reminder'`,
    );
    expect(new Set(keys.rows.map((r) => r.key))).toEqual(
      new Set(timers.filter((t) => t.kind === 'review-reminder').map(timerJobId)),
    );
    expect(
      await count(
        `SELECT count(DISTINCT stream_id || '/' || (data->>'reviewerId'))::int AS n FROM events WHERE type = 'ReviewOverdue'`,
      ),
    ).toBe(500);
    expect((await queue.counts()).failed).toBe(0);
  }, 150_000);

  it('puts every pending timer back after the queue lost its data, and each fires once', async () => {
    expect(worker).not.toBeNull();
    const soon = Date.now() + 20_000;
    const groupC = await openReviews('c', 50, new Date(soon).toISOString());
    const groupD = await openReviews('d', 50, new Date(soon + DAY).toISOString());
    const groupE = await openReviews('e', 2, new Date(soon).toISOString(), true);
    const near = [
      ...plan(groupC, (t) => t.kind === 'review-due'),
      ...plan(groupD, (t) => t.at === 'before-P1D'),
    ].map(timerJobId);
    // The running worker's reactor schedules them from the events; the read model sees the stages.
    await until(
      'the reactor to schedule the new timers',
      async () => {
        const s = await states(near);
        return s.delayed === near.length;
      },
      30_000,
    );
    await until('the read model to catch up', async () =>
      (await count(
        `SELECT count(*)::int AS n FROM application_summaries WHERE application_id LIKE 'e-%' AND stage = 'withdrawn'`,
      )) === 2
        ? true
        : null,
    );
    // The withdrawals reach the timers reactor on its own schedule (not the read model's): wait for it.
    const ofE = plan(groupE, () => true).map(timerJobId);
    await until('the reactor to remove the withdrawn steps timers', async () =>
      (await states(ofE)).missing === ofE.length ? true : null,
    );
    expect(await states(ofE)).toEqual({ missing: ofE.length });

    // The queue loses everything; then an old backup brings back timers of finished steps.
    await flushQueue();
    expect(await states(near)).toEqual({ missing: near.length });
    const stale = [
      ...plan(groupE, (t) => t.kind !== 'review-reminder'),
      { ...plan(groupE, () => true)[0]!, applicationId: 'no-such-application' },
    ];
    await queue.scheduleAll(
      stale.map((t) => ({ ...t, fireAt: new Date(Date.now() + DAY).toISOString() })),
      new Date(),
    );
    const overdueBefore = await overdue();
    const remindersBefore = await sent('review_reminder');

    const first = reconcile();
    // Wanted and added: A's escalations (500); B's due timers and escalations (1,000); C's due timers
    // and escalations (200); D's 1-day reminders, due timers and escalations (300); the shortfall
    // reminders of this and the next school year and semester (4). Not wanted: A's due timers
    // (overdue), B's reminders (sent). Removed: E's timers (withdrawn) and the unknown one.
    expect(first).toEqual({ added: 2004, kept: 0, removed: stale.length });
    // Every near timer is back in the queue. On a slow machine the setup above can outlast their
    // 20-second lead, so some are already due: those run at once rather than wait, but none is missing.
    const back = await states(near);
    expect(
      Object.keys(back).filter((s) => !['delayed', 'waiting', 'active', 'completed'].includes(s)),
    ).toEqual([]);
    expect(Object.values(back).reduce((a, b) => a + b, 0)).toBe(near.length);
    expect(await states(stale.map(timerJobId))).toEqual({ missing: stale.length });

    await until(
      'the restored timers to fire',
      async () => {
        const s = await states(near);
        return s.completed === near.length ? s : null;
      },
      60_000,
    );
    await until(
      'their effects',
      async () =>
        (await overdue()) === overdueBefore + 100 &&
        (await sent('review_reminder')) === remindersBefore + 100,
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(await overdue()).toBe(overdueBefore + 100);
    expect(await sent('review_reminder')).toBe(remindersBefore + 100);
    expect(await sent('review_overdue')).toBe(600);

    // Reconciling again changes nothing.
    const second = reconcile();
    expect(second.added).toBe(0);
    expect(second.removed).toBe(0);
    expect(second.kept).toBeGreaterThan(0);
    expect((await queue.counts()).failed).toBe(0);
  }, 180_000);
});
