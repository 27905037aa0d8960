import type { DemoSeedResult } from '#libs/identity';
import { TIMER_QUEUE, timerJobId, type ReviewTimer, type TimerQueue } from '#libs/deadlines';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { seedDemo } from '../identity/support/identity-test-app.js';
import { cast, day, fieldsFor, iso, signIn, type Person } from '../approval/support.js';
import { until } from '../support/until.js';

// DOMAIN.md "Deadlines and reminders": the queue console for admins, over the real app with the timers on BullMQ's
// PostgreSQL backend (no REDIS_URL in the app's env). An assignment of two reviewers makes 8 delayed
// timers (2 reminders, the due timer and the escalation each), the call's window 3 more (2 reminders
// to holders of drafts and its close), and the annual summaries of the demo's 4 offices (province,
// city and two districts) 4 each, and the shortfall reminders of this and the next school year and
// semester 4: 31, which the console counts and lists.

describe('queue console (timers on PostgreSQL)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let queue: TimerQueue;
  let admin: Person;
  let chair: Person;
  let applicant: Person;
  let reviewers: Person[];
  let applicationId: string;
  let dueAt: string;
  let callId: string;

  const idOf = (reviewer: Person, kind: ReviewTimer['kind'], at: string) =>
    timerJobId({ kind, applicationId, reviewerId: reviewer.id, revision: 1, at, dueAt });

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startTestApp(db, { env: {} });
    queue = api.app.get(TIMER_QUEUE, { strict: false });
    expect(queue.backend).toBe('postgres');
    seed = await seedDemo(api, db);
    const c = cast(seed);
    chair = await signIn(api, db, c.chair);
    admin = await signIn(api, db, c.admin);
    applicant = await signIn(api, db, c.teachers[0]!);
    reviewers = await Promise.all(
      c.reviewers
        .filter((r) => r.orgUnit !== applicant.login.orgUnit)
        .slice(0, 2)
        .map((r) => signIn(api, db, r)),
    );
    const call = await chair.call('POST', '/api/calls', {
      kind: 'school_plan',
      orgUnit: c.city.id,
      title: '2026 校本研修方案申报',
      opensAt: iso(Date.now() - day),
      closesAt: iso(Date.now() + 30 * day),
    });
    expect(call.status).toBe(201);
    const draft = await applicant.call('POST', '/api/applications', {
      callId: call.body.id,
      title: '队列控制台测试方案',
      fields: fieldsFor.school_plan,
    });
    expect(draft.status).toBe(201);
    applicationId = draft.body.id;
    expect((await applicant.call('POST', `/api/applications/${applicationId}/submit`)).status).toBe(200);
    const assigned = await chair.call('POST', `/api/applications/${applicationId}/reviewers`, {
      reviewers: reviewers.map((r) => ({ reviewerId: r.id })),
    });
    expect(assigned.status).toBe(200);
    const events = await db.pool.query<{ data: { dueAt: string } }>(
      `SELECT data FROM events WHERE type = 'ReviewersAssigned' ORDER BY seq`,
    );
    dueAt = events.rows[0]!.data.dueAt;
    await until('the assignment’s and the call’s timers', async () => {
      const n = (await queue.counts()).delayed ?? 0;
      if (n > 31) throw new Error(`${n} delayed timers, more than expected`);
      return n === 31;
    });
    callId = call.body.id as string;
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('counts the jobs per state', async () => {
    const res = await admin.call('GET', '/api/admin/queues');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      queues: [
        {
          name: 'deadlines',
          backend: 'postgres',
          // The city admin's: all but the province office's 4 annual-summary timers (above the city) and
          // the 4 shortfall timers, which are for every teacher of the region and so for no one unit:
          // only an admin of the root unit sees them (DOMAIN.md "People and roles").
          counts: { delayed: 23, waiting: 0, active: 0, completed: 0, failed: 0 },
        },
      ],
    });
  });

  it('lists the delayed jobs with what they are for, their fire time and attempts', async () => {
    const res = await admin.call('GET', '/api/admin/queues/jobs?state=delayed');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ queue: 'deadlines', state: 'delayed', limit: 50 });
    const items = res.body.items as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const due = Date.parse(dueAt);
    const expected = reviewers.flatMap(
      (r) =>
        [
          [idOf(r, 'review-reminder', 'before-P3D'), 'review-reminder', 'before-P3D', due - 3 * day, r],
          [idOf(r, 'review-reminder', 'before-P1D'), 'review-reminder', 'before-P1D', due - day, r],
          [idOf(r, 'review-due', 'due'), 'review-due', 'due', due, r],
          [idOf(r, 'review-escalation', 'after-P2D'), 'review-escalation', 'after-P2D', due + 2 * day, r],
        ] as const,
    );
    const reviewItems = items.filter((i) => i.data.kind.startsWith('review-'));
    expect(reviewItems.map((i) => i.id).sort()).toEqual(expected.map((e) => e[0]).sort());
    for (const [id, kind, at, fireAt, r] of expected) {
      const item = items.find((i) => i.id === id)!;
      expect(item).toEqual({
        id,
        name: kind,
        data: {
          kind,
          applicationId,
          reviewerId: r.id,
          revision: 1,
          step: null,
          phase: null,
          streamId: null,
          occurrence: null,
          at,
          dueAt,
          notificationId: null,
        },
        fireAt: new Date(fireAt).toISOString(),
        attempts: 0,
        failedReason: null,
        finishedAt: null,
      });
    }

    // The call's window: what step, which stream and occurrence, and no application or reviewer.
    const callItems = items.filter((i) => i.data.step === 'call_close');
    expect(callItems.map((i) => `${i.data.step} ${i.data.phase} ${i.data.at}`).sort()).toEqual([
      'call_close due due',
      'call_close reminder before-P1D',
      'call_close reminder before-P3D',
    ]);
    for (const i of callItems)
      expect(i.data).toMatchObject({ streamId: `call-${callId}`, occurrence: 'window', applicationId: null });

    // The shortfall reminders are in the queue (which obligation as the step, the period as the
    // occurrence), but belong to no unit: the city admin's console does not list them.
    expect(items.filter((i) => i.data.kind === 'shortfall')).toEqual([]);
    const shortfalls = (await queue.listJobs('delayed', 100)).filter((j) => j.data.kind === 'shortfall');
    expect(shortfalls.map((j) => j.data.step).sort()).toEqual([
      'annual_hours',
      'annual_hours',
      'ethics_study',
      'ethics_study',
    ]);
    for (const j of shortfalls)
      expect(j).toMatchObject({
        id: `shortfall-${j.data.step}|${j.data.occurrence}`,
        name: 'shortfall',
        data: { at: 'last-month', applicationId: null, streamId: null },
        fireAt: expect.stringMatching(/T01:00:00\.000Z$/), // 09:00 Beijing time
      });

    const two = await admin.call('GET', '/api/admin/queues/jobs?state=delayed&limit=2');
    expect(two.status).toBe(200);
    expect(two.body.items).toHaveLength(2);
    expect((await admin.call('GET', '/api/admin/queues/jobs?state=failed')).body.items).toEqual([]);
  });

  it('lists a fired job as completed, with its attempts and when it finished', async () => {
    const reminder = idOf(reviewers[0]!, 'review-reminder', 'before-P3D');
    await queue.promote(reminder);
    await until('the reminder to fire', async () => (await queue.state(reminder)) === 'completed');

    const counts = (await admin.call('GET', '/api/admin/queues')).body.queues[0].counts;
    expect(counts).toEqual({ delayed: 22, waiting: 0, active: 0, completed: 1, failed: 0 });

    const completed = await admin.call('GET', '/api/admin/queues/jobs?state=completed&limit=10');
    expect(completed.status).toBe(200);
    expect(completed.body.items).toEqual([
      expect.objectContaining({
        id: reminder,
        name: 'review-reminder',
        attempts: 1,
        failedReason: null,
        finishedAt: expect.any(String),
      }),
    ]);
    expect(Date.parse(completed.body.items[0].finishedAt as string)).toBeGreaterThan(Date.now() - 60_000);
    expect((await admin.call('GET', '/api/admin/queues/jobs?state=delayed')).body.items).toHaveLength(22);
  });

  it('is for admins only: anyone else gets 403', async () => {
    for (const who of [applicant, chair, reviewers[0]!]) {
      expect((await who.call('GET', '/api/admin/queues')).status).toBe(403);
      expect((await who.call('GET', '/api/admin/queues/jobs?state=delayed')).status).toBe(403);
    }
    expect((await api.request('GET', '/api/admin/queues')).status).toBe(401);
  });

  it('answers bad state or limit with a 400 problem', async () => {
    for (const q of [
      '',
      '?state=waiting',
      '?state=DELAYED',
      '?state=delayed&limit=0',
      '?state=delayed&limit=-1',
      '?state=delayed&limit=abc',
      '?state=delayed&limit=201',
      '?state=delayed&limit=1.5',
      '?state=delayed&state=failed',
    ]) {
      const res = await admin.call('GET', `/api/admin/queues/jobs${q}`);
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 400, instance: '/api/admin/queues/jobs' });
    }
  });
});
