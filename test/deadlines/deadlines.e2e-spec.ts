import type { DemoSeedResult } from '#libs/identity';
import { TIMER_QUEUE, timerJobId, type ReviewTimer, type TimerQueue } from '#libs/deadlines';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { TimerFiring } from '../../apps/worker/src/timers/timer.processor.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { seedDemo } from '../identity/support/identity-test-app.js';
import { cast, day, fieldsFor, iso, rubricScores, signIn, type Person } from '../approval/support.js';
import { dropQueueKeys, until } from '../support/until.js';

// DOMAIN.md "Deadlines and reminders", first slice: review deadlines over the real app (API + worker in one process),
// once with the timers on real Redis and once on BullMQ's PostgreSQL backend. Reviews are due in 14
// days (the policy), so instead of waiting a timer is moved to "now" with BullMQ's promote — the real
// worker then fires it through the real command path — and one timer is scheduled a second ahead and
// left to fire on its own.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/**
 * Notifications that are not the review timers' — the steps announced as they happen (the chair told of
 * the submission, each reviewer of the assignment: notices.e2e-spec.ts) and the shortfall reminders of
 * the last month of a school year or semester — are left out of this suite's counts.
 */
const NOT_TIMERS = new Set([
  'application_submitted',
  'review_assigned',
  'changes_requested',
  'application_decided',
  'annual_hours_shortfall',
  'ethics_study_shortfall',
]);

describe.each([['redis'], ['postgres']] as const)('review deadlines with timers on %s', (backend) => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let queue: TimerQueue;
  let firing: TimerFiring;
  let chair: Person;
  let admin: Person;
  let reviewers: Person[];
  let applicationId: string;
  let dueAt: string;
  const title = `校本研修方案 (${backend})`;

  const idOf = (reviewer: Person, kind: ReviewTimer['kind'], at: string) =>
    timerJobId({ kind, applicationId, reviewerId: reviewer.id, revision: 1, at, dueAt });
  const timerOf = async (id: string) => (await queue.job(id))!.data as ReviewTimer;
  const inbox = async (p: Person) => {
    const res = await p.call('GET', '/api/notifications');
    expect(res.status).toBe(200);
    return (res.body.items as Array<Record<string, unknown>>).filter(
      (i) => !NOT_TIMERS.has(i.kind as string),
    );
  };
  const eventsOf = async (type: string, where = '') =>
    (
      await db.pool.query<{ data: Record<string, unknown> }>(
        `SELECT data FROM events WHERE type = $1 ${where} ORDER BY seq`,
        [type],
      )
    ).rows
      .map((r) => r.data)
      .filter((d) => type !== 'NotificationSent' || !NOT_TIMERS.has(d.kind as string));
  const unread = async (p: Person) => (await inbox(p)).filter((i) => i.read === false).length;
  /**
   * Review timers only: the call opened here has its own (window close), counted in steps.e2e-spec.ts,
   * and the shortfall reminders theirs (shortfall.e2e-spec.ts).
   */
  const reviewTimers = async () =>
    (await queue.listJobs('delayed', 200)).filter((j) => j.data.kind?.startsWith('review-')).length;
  const finished = (id: string) =>
    until(`job ${id} to complete`, async () => ((await queue.state(id)) === 'completed' ? true : null));

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startTestApp(db, { env: backend === 'redis' ? { REDIS_URL } : {} });
    queue = api.app.get(TIMER_QUEUE, { strict: false });
    firing = api.app.get(TimerFiring, { strict: false });
    expect(queue.backend).toBe(backend);
    seed = await seedDemo(api, db);
    const c = cast(seed);
    chair = await signIn(api, db, c.chair);
    admin = await signIn(api, db, c.admin);
    const applicant = await signIn(api, db, c.teachers[0]!);
    reviewers = await Promise.all(
      c.reviewers
        .filter((r) => r.orgUnit !== applicant.login.orgUnit)
        .slice(0, 3)
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
      title,
      fields: fieldsFor.school_plan,
    });
    expect(draft.status).toBe(201);
    applicationId = draft.body.id;
    expect((await applicant.call('POST', `/api/applications/${applicationId}/submit`)).status).toBe(200);
    const assigned = await chair.call('POST', `/api/applications/${applicationId}/reviewers`, {
      reviewers: reviewers.map((r) => ({ reviewerId: r.id })),
    });
    expect(assigned.status).toBe(200);
    dueAt = (await eventsOf('ReviewersAssigned'))[0]!.dueAt as string;
  }, 120_000);

  afterAll(async () => {
    const dbUrl = db?.url;
    await api?.close();
    await db?.drop();
    // This suite's queues live under its own database's prefix: leave Redis as it was.
    if (backend === 'redis' && dbUrl) await dropQueueKeys(REDIS_URL, dbUrl);
  });

  it('turns an assignment into reminders 3 and 1 days before, the due timer and the escalation', async () => {
    const due = Date.parse(dueAt);
    for (const r of reviewers) {
      const expected = [
        [idOf(r, 'review-reminder', 'before-P3D'), due - 3 * day],
        [idOf(r, 'review-reminder', 'before-P1D'), due - day],
        [idOf(r, 'review-due', 'due'), due],
        [idOf(r, 'review-escalation', 'after-P2D'), due + 2 * day],
      ] as const;
      for (const [id, fireAt] of expected) {
        const job = await until(`timer ${id}`, () => queue.job(id));
        expect(await job.getState()).toBe('delayed');
        // Delayed until its fire time (BullMQ counts the delay from when the job was added).
        expect(Math.abs(job.timestamp + job.delay - fireAt)).toBeLessThan(2000);
        expect(job.data).toMatchObject({ reviewerId: r.id, revision: 1, dueAt, chairId: chair.id });
      }
    }
    expect(await reviewTimers()).toBe(12);
  });

  it('schedules a timer once, however often it is scheduled', async () => {
    const id = idOf(reviewers[0]!, 'review-due', 'due');
    const before = await queue.job(id);
    expect(await queue.schedule(await timerOf(id), new Date())).toBe(id);
    expect(await queue.schedule(await timerOf(id), new Date())).toBe(id);
    expect(await reviewTimers()).toBe(12);
    expect((await queue.job(id))!.timestamp).toBe(before!.timestamp);
  });

  it('fires a reminder before the due date into the reviewer’s inbox, to be marked read', async () => {
    const [r1] = reviewers;
    const id = idOf(r1!, 'review-reminder', 'before-P3D');
    await queue.promote(id);
    await finished(id);
    const items = await until('the reminder in the inbox', async () => {
      const got = await inbox(r1!);
      return got.length > 0 ? got : null;
    });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'review_reminder',
      applicationId,
      applicationTitle: title,
      read: false,
    });
    expect(Date.parse(items[0]!.sentAt as string)).toBeLessThan(Date.parse(dueAt));
    expect((items[0]!.message as { zh: string }).zh).toContain(title);
    expect(await unread(r1!)).toBe(1);
    // Recorded as an event: the audit trail shows who was reminded, when and by which timer.
    expect(await eventsOf('NotificationSent')).toEqual([
      expect.objectContaining({ recipientId: r1!.id, kind: 'review_reminder', key: id }),
    ]);

    // Someone else cannot mark it (nor learn it exists); the recipient can, once.
    const nid = items[0]!.id as string;
    expect((await reviewers[1]!.call('POST', `/api/notifications/${nid}/read`)).status).toBe(404);
    const read = await r1!.call('POST', `/api/notifications/${nid}/read`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ read: true, events: ['NotificationRead'] });
    expect((await r1!.call('POST', `/api/notifications/${nid}/read`)).body.events).toEqual([]);
    expect(await unread(r1!)).toBe(0);
    // The count of unread ones is the inbox's, the assignment's notice included (notices.e2e-spec.ts).
    const all = (await r1!.call('GET', '/api/notifications')).body.items as Array<{ read: boolean }>;
    expect((await r1!.call('GET', '/api/notifications/unread-count')).body).toEqual({
      unread: all.filter((i) => !i.read).length,
    });
    expect(await inbox(reviewers[1]!)).toEqual([]);
  });

  it('stops reminding a reviewer who has submitted: their timers go, and a late firing does nothing', async () => {
    const r2 = reviewers[1]!;
    const ids = [
      idOf(r2, 'review-reminder', 'before-P3D'),
      idOf(r2, 'review-reminder', 'before-P1D'),
      idOf(r2, 'review-due', 'due'),
      idOf(r2, 'review-escalation', 'after-P2D'),
    ];
    const timers = await Promise.all(ids.map(timerOf));
    const submitted = await r2.call('POST', `/api/applications/${applicationId}/reviews`, {
      scores: rubricScores(80),
      comments: '方案可行',
    });
    expect(submitted.status).toBe(200);
    for (const id of ids) await until(`${id} removed`, async () => (await queue.state(id)) === null);
    // The other reviewers' timers stay.
    expect(await queue.state(idOf(reviewers[2]!, 'review-due', 'due'))).toBe('delayed');

    // A firing that raced the removal (or came from a queue restored from a backup) changes nothing.
    for (const [n, t] of timers.entries()) expect(await firing.fire(t, ids[n]!)).toEqual({ recorded: 0 });
    expect(await inbox(r2)).toEqual([]);
    expect(await eventsOf('ReviewOverdue')).toEqual([]);
  });

  it('escalates a missed review to the chair at the due date, then to an admin', async () => {
    const r1 = reviewers[0]!;
    await queue.promote(idOf(r1, 'review-due', 'due'));
    await finished(idOf(r1, 'review-due', 'due'));
    expect(await eventsOf('ReviewOverdue')).toEqual([
      expect.objectContaining({ reviewerId: r1.id, revision: 1, dueAt }),
    ]);
    const chairItems = await until('the chair to be told', async () => {
      const got = await inbox(chair);
      return got.length > 0 ? got : null;
    });
    expect(chairItems).toEqual([
      expect.objectContaining({ kind: 'review_overdue', reviewerId: r1.id, applicationId }),
    ]);
    expect(await inbox(admin)).toEqual([]);

    await queue.promote(idOf(r1, 'review-escalation', 'after-P2D'));
    await finished(idOf(r1, 'review-escalation', 'after-P2D'));
    const adminItems = await until('an admin to be told', async () => {
      const got = await inbox(admin);
      return got.length > 0 ? got : null;
    });
    expect(adminItems).toEqual([
      expect.objectContaining({ kind: 'review_escalated', reviewerId: r1.id, applicationId }),
    ]);
    expect(Date.parse(adminItems[0]!.sentAt as string)).toBeGreaterThanOrEqual(
      Date.parse(chairItems[0]!.sentAt as string),
    );
    // The reviewer who submitted is nobody's escalation.
    expect(
      (await eventsOf('NotificationSent')).filter(
        (d) => (d.about as { reviewerId: string }).reviewerId === reviewers[1]!.id,
      ),
    ).toEqual([]);
  });

  it('records nothing new when a timer fires again after its job was removed', async () => {
    const r1 = reviewers[0]!;
    const sentBefore = (await eventsOf('NotificationSent')).length;
    for (const id of [
      idOf(r1, 'review-reminder', 'before-P3D'),
      idOf(r1, 'review-due', 'due'),
      idOf(r1, 'review-escalation', 'after-P2D'),
    ]) {
      const timer = await timerOf(id);
      // Removed (retention, a flush, an operator): the id no longer deduplicates, so it is added again …
      await (await queue.job(id))!.remove();
      expect(await queue.state(id)).toBeNull();
      await queue.schedule({ ...timer, fireAt: new Date().toISOString() }, new Date());
      await finished(id);
      // … and fires again, but its effect is already recorded: the decider's no-op, the keyed notification.
      expect((await queue.job(id))!.returnvalue).toEqual({ recorded: 0 });
    }
    expect(await eventsOf('NotificationSent')).toHaveLength(sentBefore);
    expect(await eventsOf('ReviewOverdue')).toHaveLength(1);
    expect(await inbox(r1)).toHaveLength(1);
    expect(await inbox(chair)).toHaveLength(1);
    expect(await inbox(admin)).toHaveLength(1);
  });

  it('fires a timer on its own when its time comes', async () => {
    const r3 = reviewers[2]!;
    const template = await timerOf(idOf(r3, 'review-reminder', 'before-P1D'));
    const fireAt = Date.now() + 1500;
    const id = await queue.schedule(
      { ...template, at: 'before-PT60S', fireAt: new Date(fireAt).toISOString() },
      new Date(),
    );
    expect(await queue.state(id)).toBe('delayed');
    await finished(id);
    expect((await queue.job(id))!.processedOn!).toBeGreaterThanOrEqual(fireAt - 50);
    const items = await until('the reminder', async () => {
      const got = await inbox(r3);
      return got.length > 0 ? got : null;
    });
    expect(items).toEqual([expect.objectContaining({ kind: 'review_reminder', reviewerId: r3.id })]);
  });

  it('takes every pending timer of the revision away when the application leaves review', async () => {
    const chairCall = await chair.call('POST', `/api/applications/${applicationId}/request-changes`, {
      reason: '请补充研修安排',
    });
    expect(chairCall.status).toBe(200);
    const r3 = reviewers[2]!;
    for (const id of [
      idOf(r3, 'review-reminder', 'before-P3D'),
      idOf(r3, 'review-reminder', 'before-P1D'),
      idOf(r3, 'review-due', 'due'),
      idOf(r3, 'review-escalation', 'after-P2D'),
    ])
      await until(`${id} removed`, async () => (await queue.state(id)) === null);
    expect(await reviewTimers()).toBe(0);
    // Sent back, the application waits for the applicant's revision: its timers take over.
    const revision = await until('the revision timers', async () => {
      const jobs = (await queue.listJobs('delayed', 200)).filter((j) => j.data.step === 'revision');
      return jobs.length === 4 ? jobs : null;
    });
    expect(revision.every((j) => j.data.streamId === `application-${applicationId}`)).toBe(true);
  });
});
