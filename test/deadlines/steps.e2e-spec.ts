import type { DemoLogin, DemoSeedResult } from '#libs/identity';
import { TIMER_QUEUE, timerJobId, type StepTimer, type TimerQueue } from '#libs/deadlines';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { TimerFiring } from '../../apps/worker/src/timers/timer.processor.js';
import { TimerReconciler } from '../../apps/worker/src/timers/timer-reconciler.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { seedDemo } from '../identity/support/identity-test-app.js';
import { cast, day, fieldsFor, iso, rubricScores, signIn, type Person } from '../approval/support.js';
import { dropQueueKeys, until } from '../support/until.js';

// DOMAIN.md "Deadlines and reminders" beyond the review: the applicant's revision, the call window, the biennial
// evaluation, the mentorship year and the end of an ethics ban (DOMAIN.md "Deadlines and reminders"),
// over the real app (API + worker in one process) with the timers on real Redis and on BullMQ's
// PostgreSQL backend. Due dates are days or years away, so a timer is moved to "now" with BullMQ's
// promote and the real worker fires it through the real command path; one call closes on its own.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NOT_TIMED = new Set([
  'application_submitted',
  'review_assigned',
  'changes_requested',
  'application_decided',
  'trainee_enrolled',
  'training_completed',
  'annual_hours_shortfall',
  'ethics_study_shortfall',
]);

describe.each([['redis'], ['postgres']] as const)('step deadlines with timers on %s', (backend) => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let c: ReturnType<typeof cast>;
  let queue: TimerQueue;
  let firing: TimerFiring;
  let chair: Person;
  let admin: Person;
  let applicant: Person;
  let calls: Record<'school_plan' | 'training_project', string>;

  const stepJobs = async (
    step: string,
    streamId: string,
    state: 'delayed' | 'failed' | 'completed' = 'delayed',
  ) => (await queue.listJobs(state, 200)).filter((j) => j.data.step === step && j.data.streamId === streamId);
  /** The step's timers once the reactor has scheduled `n` of them, by phase and offset. */
  const timersOf = async (step: string, streamId: string, n: number) => {
    const jobs = await until(`${n} ${step} timers on ${streamId}`, async () => {
      const got = await stepJobs(step, streamId);
      return got.length === n ? got : null;
    });
    const out: Record<string, StepTimer & { id: string }> = {};
    for (const j of jobs) out[j.data.at!] = { ...((await queue.job(j.id))!.data as StepTimer), id: j.id };
    return out;
  };
  /**
   * A person's notifications of the timed steps: those announced as they happen (notices.e2e-spec.ts:
   * the applicant is told of the changes requested, the chair of each submission) and the shortfall
   * reminders (shortfall.e2e-spec.ts) are left out.
   */
  const inbox = async (p: Person) => {
    const res = await p.call('GET', '/api/notifications');
    expect(res.status).toBe(200);
    return (res.body.items as Array<Record<string, unknown>>).filter((i) => !NOT_TIMED.has(i.kind as string));
  };
  const told = (p: Person, kind: string) =>
    until(`${p.login.username} to be told ${kind}`, async () => {
      const got = (await inbox(p)).filter((i) => i.kind === kind);
      return got.length > 0 ? got : null;
    });
  const fire = async (id: string) => {
    await queue.promote(id);
    return until(`job ${id} to finish`, async () => {
      const s = await queue.state(id);
      return s === 'completed' || s === 'failed' ? s : null;
    });
  };
  const eventsOn = async (streamId: string, type: string) =>
    (
      await db.pool.query<{ data: Record<string, unknown>; metadata: Record<string, unknown> }>(
        `SELECT data, metadata FROM events WHERE stream_id = $1 AND type = $2 ORDER BY seq`,
        [streamId, type],
      )
    ).rows;
  const as = (l: DemoLogin) => signIn(api, db, l);

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startTestApp(db, { env: backend === 'redis' ? { REDIS_URL } : {} });
    queue = api.app.get(TIMER_QUEUE, { strict: false });
    firing = api.app.get(TimerFiring, { strict: false });
    expect(queue.backend).toBe(backend);
    seed = await seedDemo(api, db);
    c = cast(seed);
    chair = await as(c.chair);
    admin = await as(c.admin);
    applicant = await as(c.teachers[0]!);
    calls = {} as typeof calls;
    for (const kind of ['school_plan', 'training_project'] as const) {
      const res = await chair.call('POST', '/api/calls', {
        kind,
        orgUnit: c.city.id,
        title: `2026 ${kind}`,
        opensAt: iso(Date.now() - day),
        closesAt: iso(Date.now() + 60 * day),
      });
      expect(res.status).toBe(201);
      calls[kind] = res.body.id as string;
    }
  }, 120_000);

  afterAll(async () => {
    const dbUrl = db?.url;
    await api?.close();
    await db?.drop();
    // This suite's queues live under its own database's prefix: leave Redis as it was.
    if (backend === 'redis' && dbUrl) await dropQueueKeys(REDIS_URL, dbUrl);
  });

  async function submitted(title: string, who: Person = applicant): Promise<string> {
    const draft = await who.call('POST', '/api/applications', {
      callId: calls.school_plan,
      title,
      fields: fieldsFor.school_plan,
    });
    expect(draft.status).toBe(201);
    expect((await who.call('POST', `/api/applications/${draft.body.id}/submit`)).status).toBe(200);
    return draft.body.id as string;
  }
  const requestChanges = async (id: string) => {
    const res = await chair.call('POST', `/api/applications/${id}/request-changes`, { reason: '请补充材料' });
    expect(res.status).toBe(200);
    return (await eventsOn(`application-${id}`, 'ChangesRequested')).at(-1)!.data.dueAt as string;
  };

  it('reminds the applicant of a revision, marks it overdue once, tells the chair then an admin', async () => {
    const id = await submitted('修改期限测试方案');
    const stream = `application-${id}`;
    const dueAt = await requestChanges(id);
    const t = await timersOf('revision', stream, 4);
    expect(Object.keys(t).sort()).toEqual(['after-P2D', 'before-P1D', 'before-P3D', 'due']);
    expect(t.due).toMatchObject({ occurrence: 'r1', dueAt, fireAt: dueAt, phase: 'due' });
    expect(Date.parse(t['before-P3D']!.fireAt)).toBe(Date.parse(dueAt) - 3 * day);

    expect(await fire(t['before-P3D']!.id)).toBe('completed');
    const [reminder] = await told(applicant, 'revision_reminder');
    expect(reminder).toMatchObject({
      step: 'revision',
      applicationId: id,
      applicationTitle: '修改期限测试方案',
    });
    expect((reminder!.message as { zh: string }).zh).toContain('修改期限测试方案');

    expect(await fire(t.due!.id)).toBe('completed');
    expect((await eventsOn(stream, 'RevisionOverdue')).map((r) => r.data)).toEqual([
      expect.objectContaining({ revision: 1, dueAt }),
    ]);
    expect(await told(chair, 'revision_overdue')).toHaveLength(1);
    expect(await fire(t['after-P2D']!.id)).toBe('completed');
    expect(await told(admin, 'revision_escalated')).toHaveLength(1);

    // Fired again (a retry, a job re-added after removal): nothing new is recorded.
    for (const timer of [t['before-P3D']!, t.due!, t['after-P2D']!])
      expect(await firing.fire(timer, timer.id)).toEqual({ recorded: 0 });
    expect(await eventsOn(stream, 'RevisionOverdue')).toHaveLength(1);

    // The applicant resubmits (late): the reminder still pending goes.
    expect((await applicant.call('POST', `/api/applications/${id}/submit`)).status).toBe(200);
    await until(
      'the pending reminder removed',
      async () => (await queue.state(t['before-P1D']!.id)) === null,
    );
  });

  it('stops a revision’s reminders as soon as the applicant resubmits; a late firing does nothing', async () => {
    const id = await submitted('及时修改的方案');
    await requestChanges(id);
    const t = await timersOf('revision', `application-${id}`, 4);
    expect((await applicant.call('POST', `/api/applications/${id}/submit`)).status).toBe(200);
    for (const timer of Object.values(t))
      await until(`${timer.id} removed`, async () => (await queue.state(timer.id)) === null);
    for (const timer of Object.values(t)) expect(await firing.fire(timer, timer.id)).toEqual({ recorded: 0 });
    expect(await eventsOn(`application-${id}`, 'RevisionOverdue')).toEqual([]);
    expect((await inbox(applicant)).filter((i) => i.applicationId === id)).toEqual([]);
  });

  it('reminds holders of unsubmitted drafts before a call closes; closing early is refused and kept as a failed job', async () => {
    const res = await chair.call('POST', '/api/calls', {
      kind: 'school_plan',
      orgUnit: c.city.id,
      title: '四天后截止的申报',
      opensAt: iso(Date.now() - day),
      closesAt: iso(Date.now() + 4 * day),
    });
    expect(res.status).toBe(201);
    const callId = res.body.id as string;
    const holder = await as(c.teachers[1]!);
    const done = await as(c.teachers[2]!);
    for (const [who, submit] of [
      [holder, false],
      [done, true],
    ] as const) {
      const draft = await who.call('POST', '/api/applications', {
        callId,
        title: `草稿 ${who.login.username}`,
        fields: fieldsFor.school_plan,
      });
      expect(draft.status).toBe(201);
      if (submit)
        expect((await who.call('POST', `/api/applications/${draft.body.id}/submit`)).status).toBe(200);
    }
    // A call has no escalation: it closes by itself.
    const t = await timersOf('call_close', `call-${callId}`, 3);
    expect(Object.keys(t).sort()).toEqual(['before-P1D', 'before-P3D', 'due']);
    await until('the drafts in the read model', async () => {
      const n = await db.pool.query(`SELECT 1 FROM application_summaries WHERE call_id = $1`, [callId]);
      return n.rowCount === 2;
    });
    expect(await fire(t['before-P3D']!.id)).toBe('completed');
    expect(await told(holder, 'call_closing')).toEqual([
      expect.objectContaining({
        step: 'call_close',
        subjectId: callId,
        applicationTitle: '四天后截止的申报',
      }),
    ]);
    expect((await inbox(done)).filter((i) => i.kind === 'call_closing')).toEqual([]);

    // Promoted before the window ends, the close is refused by the rules: it fails at once (no retry
    // can help) and stays in the queue console for an operator to see; the call stays open.
    expect(await fire(t.due!.id)).toBe('failed');
    const failed = await admin.call('GET', '/api/admin/queues/jobs?state=failed');
    expect(failed.status).toBe(200);
    expect(failed.body.items).toEqual([
      expect.objectContaining({
        id: t.due!.id,
        attempts: 1,
        failedReason: expect.stringContaining('call_window_open'),
        data: expect.objectContaining({
          kind: 'step',
          step: 'call_close',
          phase: 'due',
          streamId: `call-${callId}`,
        }),
      }),
    ]);
    expect(await eventsOn(`call-${callId}`, 'CallClosed')).toEqual([]);
  });

  it('closes a call when its window ends, on its own, and tells whoever opened it', async () => {
    const closesAt = Date.now() + 2500;
    const res = await chair.call('POST', '/api/calls', {
      kind: 'studio',
      orgUnit: c.city.id,
      title: '即将截止的工作室申报',
      opensAt: iso(Date.now() - day),
      closesAt: iso(closesAt),
    });
    expect(res.status).toBe(201);
    const stream = `call-${res.body.id}`;
    const closed = await until('the call closed by its timer', async () => {
      const rows = await eventsOn(stream, 'CallClosed');
      return rows.length > 0 ? rows : null;
    });
    expect(closed).toHaveLength(1);
    expect(closed[0]!.metadata).toMatchObject({ actorRole: 'system' });
    expect(Date.parse(closed[0]!.data.closedAt as string)).toBeGreaterThanOrEqual(closesAt);
    expect(await told(chair, 'call_closed')).toEqual([
      expect.objectContaining({ subjectId: res.body.id, applicationTitle: '即将截止的工作室申报' }),
    ]);
  });

  it('reminds the mentor before the mentorship year ends, and stops when the pairing ends', async () => {
    const school = c.schools.find(
      (s) =>
        seed.logins.some((l) => l.orgUnit === s.id && l.roles.includes('mentor')) &&
        seed.logins.some((l) => l.orgUnit === s.id && l.tier === 'new'),
    )!;
    const mentor = await as(seed.logins.find((l) => l.orgUnit === school.id && l.roles.includes('mentor'))!);
    const mentee = seed.logins.find((l) => l.orgUnit === school.id && l.tier === 'new')!;
    const menteeId = (await as(mentee)).id;
    const paired = await until('the mentee’s ladder record', async () => {
      const r = await admin.call('POST', '/api/mentorships', { mentorId: mentor.id, menteeId });
      return r.status === 201 ? r : null;
    });
    const stream = `mentorship-${paired.body.id}`;
    const yearEndsAt = (await eventsOn(stream, 'MentorPaired'))[0]!.data.yearEndsAt as string;
    const t = await timersOf('mentorship_year', stream, 4);
    expect(t.due).toMatchObject({ dueAt: yearEndsAt, occurrence: 'y1' });
    expect(await fire(t['before-P3D']!.id)).toBe('completed');
    expect(await told(mentor, 'mentorship_year_reminder')).toEqual([
      expect.objectContaining({ step: 'mentorship_year', subjectId: paired.body.id }),
    ]);
    const ended = await admin.call('POST', `/api/mentorships/${paired.body.id}/end`, { reason: '调岗' });
    expect(ended.status).toBe(200);
    for (const at of ['before-P1D', 'due', 'after-P2D'])
      await until(`${at} removed`, async () => (await queue.state(t[at]!.id)) === null);
  });

  it('tells a teacher when their ethics ban ends, with no reminder before', async () => {
    const teacher = await as(c.teachers[5]!);
    const fail = await until('the teacher’s ladder record', async () => {
      const r = await admin.call('POST', `/api/teachers/${teacher.id}/ethics-assessments`, {
        schoolYear: '2025-2026',
        result: 'fail',
      });
      return r.status === 200 ? r : null;
    });
    expect(fail.status).toBe(200);
    const stream = `teacher-${teacher.id}`;
    const banEndsAt = (await eventsOn(stream, 'EthicsAssessed'))[0]!.data.banEndsAt as string;
    const t = await timersOf('ethics_ban_end', stream, 1);
    expect(t.due).toMatchObject({ dueAt: banEndsAt, occurrence: 'ban-2025-2026' });
    expect(await fire(t.due!.id)).toBe('completed');
    expect(await told(teacher, 'ethics_ban_ended')).toHaveLength(1);
  });

  it('keeps a running training project’s evaluation due every two years, from approval then from each evaluation', async () => {
    const owner = await as(c.teachers[3]!);
    const draft = await owner.call('POST', '/api/applications', {
      callId: calls.training_project,
      title: '评价周期测试项目',
      fields: fieldsFor.training_project,
    });
    expect(draft.status).toBe(201);
    const id = draft.body.id as string;
    expect((await owner.call('POST', `/api/applications/${id}/submit`)).status).toBe(200);
    const reviewers = await Promise.all(
      c.reviewers
        .filter((r) => r.orgUnit !== owner.login.orgUnit)
        .slice(0, 3)
        .map((r) => as(r)),
    );
    expect(
      (
        await chair.call('POST', `/api/applications/${id}/reviewers`, {
          reviewers: reviewers.map((r) => ({ reviewerId: r.id })),
        })
      ).status,
    ).toBe(200);
    for (const r of reviewers)
      expect(
        (
          await r.call('POST', `/api/applications/${id}/reviews`, {
            scores: rubricScores(85),
            comments: '好',
          })
        ).status,
      ).toBe(200);
    const decided = await chair.call('POST', `/api/applications/${id}/decision`, {
      decision: 'approve',
      rationale: '同意立项',
      documentsSeen: ['申报书.pdf'],
    });
    expect(decided.status).toBe(200);
    const stream = `application-${id}`;
    const decidedAt = Date.parse(
      (await eventsOn(stream, 'ApplicationDecided'))[0]!.metadata.recordedAt as string,
    );
    const first = await timersOf('evaluation', stream, 4);
    expect(first.due).toMatchObject({ occurrence: 'e1' });
    const due = new Date(decidedAt);
    due.setUTCFullYear(due.getUTCFullYear() + 2);
    expect(first.due!.dueAt).toBe(due.toISOString());
    expect(await fire(first['before-P3D']!.id)).toBe('completed');
    expect(await told(chair, 'evaluation_reminder')).toHaveLength(1);

    const evaluated = await chair.call('POST', `/api/applications/${id}/performance-evaluation`, {
      parts: { selfAssessment: 90, archiveCheck: 90, traineeInterviews: 90, onSiteDefence: 90 },
    });
    expect(evaluated.status).toBe(200);
    for (const at of ['before-P1D', 'due', 'after-P2D'])
      await until(`e1 ${at} removed`, async () => (await queue.state(first[at]!.id)) === null);
    const next = await until('the next cycle', async () => {
      const jobs = (await stepJobs('evaluation', stream)).filter((j) => j.data.occurrence === 'e2');
      return jobs.length === 4 ? jobs : null;
    });
    expect(new Set(next.map((j) => j.data.dueAt)).size).toBe(1);
    expect(Date.parse(next[0]!.data.dueAt!)).toBeGreaterThan(Date.parse(first.due!.dueAt));
  }, 60_000);

  it('reminds an office of its annual summary by the end of February, escalates a missing one upwards, and moves on to next year', async () => {
    // seed 004 §三: each office (city, districts) owes the summary of this year by the end of next
    // February; nothing is recorded on its stream until then, so the timers come from the calendar.
    expect(c.admin.orgUnit).toBe(c.city.id);
    const year = new Date().getUTCFullYear() - (new Date().getUTCMonth() < 2 ? 1 : 0);
    const dueAt = new Date(Date.UTC(year + 1, 2, 1) - 8 * 3_600_000).toISOString();
    const cityStream = `annualsummary-${year}-${c.city.id}`;
    const districtStream = `annualsummary-${year}-${c.districts[0]!.id}`;
    const city = await timersOf('annual_summary', cityStream, 4);
    expect(city.due).toMatchObject({ dueAt, occurrence: String(year) });
    const district = await timersOf('annual_summary', districtStream, 4);
    const schools = (await queue.listJobs('delayed', 200)).filter(
      (j) => j.data.step === 'annual_summary' && c.schools.some((sc) => j.data.streamId!.endsWith(sc.id)),
    );
    expect(schools).toEqual([]); // schools do not report

    // The city's admins are reminded; the district has no admin of its own, so its missing summary is
    // marked overdue at the due date and escalated to the office above it, the city.
    expect(await fire(city['before-P3D']!.id)).toBe('completed');
    expect(await told(admin, 'annual_summary_reminder')).toEqual([
      expect.objectContaining({
        step: 'annual_summary',
        subjectId: c.city.id,
        applicationTitle: c.city.name,
      }),
    ]);
    expect(await fire(district.due!.id)).toBe('completed');
    expect((await eventsOn(districtStream, 'AnnualSummaryOverdue')).map((r) => r.data)).toEqual([
      expect.objectContaining({ orgUnit: c.districts[0]!.id, year, dueAt }),
    ]);
    expect(await fire(district['after-P2D']!.id)).toBe('completed');
    expect(await told(admin, 'annual_summary_escalated')).toEqual([
      expect.objectContaining({ subjectId: c.districts[0]!.id }),
    ]);
    // Missed, it hands over to next year's summary.
    await timersOf('annual_summary', `annualsummary-${year + 1}-${c.districts[0]!.id}`, 4);

    // The city submits: its pending timers go, next year's come, and only its own admins may submit.
    const body = { year, summary: `${year} 年度培训工作总结`, documents: ['总结.pdf'] };
    const chairTry = await chair.call('POST', `/api/org-units/${c.city.id}/annual-summaries`, body);
    expect(chairTry.status).toBe(403);
    const bad = await admin.call('POST', `/api/org-units/${c.city.id}/annual-summaries`, {
      ...body,
      year: 'x',
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('year');
    const school = await admin.call('POST', `/api/org-units/${c.schools[0]!.id}/annual-summaries`, body);
    expect(school.status).toBe(422); // a school does not report
    const ok = await admin.call('POST', `/api/org-units/${c.city.id}/annual-summaries`, body);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ year, events: ['AnnualSummarySubmitted'] });
    const again = await admin.call('POST', `/api/org-units/${c.city.id}/annual-summaries`, body);
    expect(again.status).toBe(422);
    for (const at of ['before-P1D', 'due', 'after-P2D'])
      await until(`city ${at} removed`, async () => (await queue.state(city[at]!.id)) === null);
    await timersOf('annual_summary', `annualsummary-${year + 1}-${c.city.id}`, 4);
    expect(await firing.fire(city.due!, city.due!.id)).toEqual({ recorded: 0 });
    const listed = await admin.call('GET', `/api/org-units/${c.city.id}/annual-summaries?year=${year}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        year,
        dueAt,
        submitted: true,
        late: false,
        overdue: false,
        documents: ['总结.pdf'],
      }),
    ]);
  });

  it('rebuilds every lost step timer from the event store, and adds nothing on a second run', async () => {
    const reconciler = api.app.get(TimerReconciler, { strict: false });
    const steps = (await queue.listJobs('delayed', 200)).filter((j) => j.data.kind === 'step');
    expect(steps.length).toBeGreaterThan(0);
    expect(new Set(steps.map((j) => j.data.step))).toEqual(
      // the open calls, the running project, the offices' summaries
      new Set(['call_close', 'evaluation', 'annual_summary']),
    );
    await queue.remove(steps.map((j) => j.id));
    expect((await queue.listJobs('delayed', 200)).filter((j) => j.data.kind === 'step')).toEqual([]);
    const result = await reconciler.run();
    expect(result.added).toBeGreaterThanOrEqual(steps.length);
    const back = (await queue.listJobs('delayed', 200)).filter((j) => j.data.kind === 'step');
    expect(back.map((j) => j.id).sort()).toEqual(steps.map((j) => j.id).sort());
    expect((await reconciler.run()).added).toBe(0);
  });

  it('builds the same timer id for the same step, and keeps colons out of it', () => {
    const t = {
      kind: 'step',
      step: 'revision',
      phase: 'due',
      streamId: 'application-x',
      occurrence: 'r1',
      at: 'due',
      dueAt: '2026-12-01T08:00:00.000Z',
    } as const;
    expect(timerJobId(t)).toBe('revision-due|application-x|revision.r1|due-20261201T080000.000Z');
    expect(timerJobId(t)).not.toContain(':');
  });
});
