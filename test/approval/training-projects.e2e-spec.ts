import { randomUUID } from 'node:crypto';
import { TIMER_QUEUE, type StepTimer, type TimerQueue } from '#libs/deadlines';
import type { EventStore } from '#libs/event-store';
import {
  hashPassword,
  registerUser,
  SessionStore,
  type DemoLogin,
  type DemoSeedResult,
} from '#libs/identity';
import { EVENT_STORE } from '#libs/platform';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { AccessTokens } from '../../apps/api/src/auth/access-tokens.service.js';
import type { TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import {
  bearer,
  eventCount,
  identityCaughtUp,
  seedDemo,
  startIdentityApp,
} from '../identity/support/identity-test-app.js';
import { cast, day, fieldsFor, iso, rubricScores, signIn, type Person } from './support.js';

// DOMAIN.md "The approval pipeline" stage 4 over HTTP on real PostgreSQL: teachers find the running
// projects within their reach and enrol themselves, capacity holding under a rush; the owner neither
// enrols nor evaluates, a trainee evaluates once completed ("People and roles"); a completion records
// the assessed score, and below 60 the teacher retrains (seed 003 §六4); the biennial evaluation renews
// a good project into its next cycle without re-review, retires an unqualified one, and concludes a
// qualified one (seed 004 §二(四)9) — the owner sees each on the application.
describe('training projects: enrolling, completions, renewal (real PostgreSQL)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let c: ReturnType<typeof cast>;
  let chair: Person;
  let queue: TimerQueue;
  let callId: string;
  let donghuSchools: string[];
  let xishanSchools: string[];

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startIdentityApp(db);
    seed = await seedDemo(api, db);
    c = cast(seed);
    chair = await signIn(api, db, c.chair);
    queue = api.app.get(TIMER_QUEUE, { strict: false });
    const district = (name: string) => seed.orgUnits.find((u) => u.name.includes(name))!.id;
    const donghu = district('Donghu District');
    const xishan = district('Xishan County');
    donghuSchools = seed.orgUnits.filter((u) => u.parentId === donghu).map((u) => u.id);
    xishanSchools = seed.orgUnits.filter((u) => u.parentId === xishan).map((u) => u.id);
    // A Donghu District call: its projects reach Donghu's schools, not Xishan's.
    const res = await chair.call('POST', '/api/calls', {
      kind: 'training_project',
      orgUnit: donghu,
      title: '东湖区 2027 培训项目',
      opensAt: iso(Date.now() - day),
      closesAt: iso(Date.now() + 30 * day),
    });
    expect(res.status).toBe(201);
    callId = res.body.id;
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const as = (l: DemoLogin) => signIn(api, db, l);
  const ok = async <T extends { status: number; body: unknown }>(res: Promise<T>, what: string) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  };
  const donghuTeachers = () => c.teachers.filter((t) => donghuSchools.includes(t.orgUnit));
  const eventsOf = async (id: string, type: string) =>
    (
      await db.pool.query<{ data: Record<string, unknown> }>(
        `SELECT data FROM events WHERE stream_id = $1 AND type = $2 ORDER BY version`,
        [`application-${id}`, type],
      )
    ).rows;

  /** A training project of `owner`, through the committee to approval. */
  async function approvedProject(
    owner: Person,
    patch: Record<string, unknown> = {},
    title = '初中数学骨干研修',
  ) {
    const draft = await ok(
      owner.call('POST', '/api/applications', {
        callId,
        title,
        fields: { ...fieldsFor.training_project, ...patch },
      }),
      'draft',
    );
    const id = (draft.body as { id: string }).id;
    await ok(owner.call('POST', `/api/applications/${id}/submit`), 'submit');
    const reviewers = await Promise.all(
      c.reviewers
        .filter((r) => r.orgUnit !== owner.login.orgUnit)
        .slice(0, 3)
        .map(as),
    );
    await ok(
      chair.call('POST', `/api/applications/${id}/reviewers`, {
        reviewers: reviewers.map((r) => ({ reviewerId: r.id })),
      }),
      'assign',
    );
    for (const r of reviewers)
      await ok(
        r.call('POST', `/api/applications/${id}/reviews`, { scores: rubricScores(85), comments: '同意' }),
        'review',
      );
    await ok(
      chair.call('POST', `/api/applications/${id}/decision`, { decision: 'approve', rationale: '同意立项' }),
      'decide',
    );
    return id;
  }
  const listed = async (p: Person, id: string) => {
    const res = await p.call('GET', '/api/training-projects');
    expect(res.status).toBe(200);
    return (res.body.items as { id: string }[]).find((i) => i.id === id) as
      Record<string, unknown> | undefined;
  };
  const progression = (p: Person) => p.call('GET', '/api/teachers/me/progression');
  const evaluationTimers = async (id: string) =>
    (await queue.pendingJobs())
      .map((j) => j.timer as StepTimer)
      .filter((t) => t.kind === 'step' && t.step === 'evaluation' && t.streamId === `application-${id}`);

  it('lists approved, running projects within reach with places and my enrolment; teachers enrol themselves, owners and outsiders do not', async () => {
    const [ownerLogin, teacherLogin] = donghuTeachers();
    const owner = await as(ownerLogin!);
    const teacher = await as(teacherLogin!);
    const outsider = await as(c.teachers.find((t) => xishanSchools.includes(t.orgUnit))!);
    const id = await approvedProject(owner, { capacity: 3, subject: '初中数学', hours: 36 });
    // Not yet listed: a draft of the same owner.
    const draft = await ok(
      owner.call('POST', '/api/applications', { callId, title: '草稿', fields: fieldsFor.training_project }),
      'draft',
    );

    expect(await listed(teacher, id)).toEqual({
      id,
      title: '初中数学骨干研修',
      level: 'district',
      targetTier: 'backbone',
      subject: '初中数学',
      hours: 36,
      startsOn: fieldsFor.training_project.startsOn,
      endsOn: fieldsFor.training_project.endsOn,
      capacity: 3,
      enrolled: 0,
      cycle: 1,
      orgUnit: expect.any(String),
      enrolledByMe: false,
      ownProject: false,
      full: false,
    });
    expect(await listed(teacher, (draft.body as { id: string }).id)).toBeUndefined();
    expect(await listed(outsider, id)).toBeUndefined();
    expect(await listed(owner, id)).toMatchObject({ ownProject: true });

    // A teacher enrols themself (no body needed); the list says so.
    const enrolled = await teacher.call('POST', `/api/applications/${id}/enrolments`, {});
    expect(enrolled.status).toBe(200);
    expect(enrolled.body.events).toEqual(['TraineeEnrolled']);
    expect(await listed(teacher, id)).toMatchObject({ enrolled: 1, enrolledByMe: true });

    const before = await eventCount(db);
    const own = await owner.call('POST', `/api/applications/${id}/enrolments`, {});
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('own_project');
    const far = await outsider.call('POST', `/api/applications/${id}/enrolments`, {});
    expect(far.status).toBe(422);
    expect(far.body.code).toBe('outside_project_scope');
    expect(await eventCount(db)).toBe(before);
  });

  it('opens a trainee’s evaluation at their completion, and never to the owner (DOMAIN.md "People and roles")', async () => {
    const [, , ownerLogin, traineeLogin] = donghuTeachers();
    const owner = await as(ownerLogin!);
    const trainee = await as(traineeLogin!);
    const id = await approvedProject(owner);
    await ok(trainee.call('POST', `/api/applications/${id}/enrolments`, {}), 'enrol');
    const before = await eventCount(db);
    const early = await trainee.call('POST', `/api/applications/${id}/trainee-evaluations`, {
      score: 90,
      comment: '还没结业',
    });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('evaluation_not_open');
    const byOwner = await owner.call('POST', `/api/applications/${id}/trainee-evaluations`, {
      score: 100,
      comment: '自评',
    });
    expect(byOwner.status).toBe(403);
    expect(byOwner.body.code).toBe('own_project');
    expect(await eventCount(db)).toBe(before);
    await ok(
      owner.call('POST', `/api/applications/${id}/completions`, {
        teacherId: trainee.id,
        hours: 60,
        score: 88,
      }),
      'complete',
    );
    await ok(
      trainee.call('POST', `/api/applications/${id}/trainee-evaluations`, { score: 90, comment: '很有收获' }),
      'evaluate',
    );
  });

  it('holds capacity under a rush: 50 parallel enrolments for 20 places give exactly 20', async () => {
    const owner = await as(donghuTeachers()[4]!);
    const id = await approvedProject(owner, { capacity: 20 }, '热门项目');
    // Fifty more teachers at a Donghu school, registered through the identity context's command path.
    const store = api.app.get(EVENT_STORE) as EventStore;
    const passwordHash = await hashPassword('correct-horse-battery', { N: 2 ** 10, r: 8, p: 1 });
    const tokens = api.app.get(AccessTokens);
    const sessions = api.app.get(SessionStore);
    const school = donghuSchools[0]!;
    const rush: { id: string; token: string }[] = [];
    for (let i = 0; i < 50; i++) {
      const userId = randomUUID();
      await registerUser(
        store,
        {
          userId,
          username: `rush.${i}`,
          displayName: `报名教师 ${i}`,
          orgUnit: school,
          roles: ['teacher'],
          tier: 'young',
          passwordHash,
        },
        {
          commandId: randomUUID(),
          actorId: 'system',
          actorRole: 'system',
          orgUnit: c.city.id,
          correlationId: randomUUID(),
          now: new Date(),
        },
      );
      const user = {
        userId,
        username: `rush.${i}`,
        displayName: `报名教师 ${i}`,
        roles: ['teacher' as const],
        orgUnit: school,
      };
      // A token is good only with a live session (tokens name theirs), as a sign-in would start.
      const session = await sessions.start({ kind: 'bearer', user, now: new Date() });
      const token = tokens.issue(user, session.id).token;
      rush.push({ id: userId, token });
    }
    await identityCaughtUp(api, db);

    const answers = await Promise.all(
      rush.map((t) =>
        api.request('POST', `/api/applications/${id}/enrolments`, { body: {}, headers: bearer(t.token) }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.filter((s) => s === 422)).toHaveLength(30);
    for (const a of answers.filter((x) => x.status === 422)) expect(a.body.code).toBe('project_full');
    expect(await eventsOf(id, 'TraineeEnrolled')).toHaveLength(20);
    const enrolledIds = (await eventsOf(id, 'TraineeEnrolled')).map((e) => e.data.teacherId);
    expect(new Set(enrolledIds).size).toBe(20);
    expect(
      (
        await db.pool.query(`SELECT count(*)::int AS n FROM training_enrolments WHERE application_id = $1`, [
          id,
        ])
      ).rows[0].n,
    ).toBe(20);
    expect(await listed(owner, id)).toMatchObject({ enrolled: 20, full: true });
  }, 120_000);

  it('retrains a trainee below 60 until a qualified completion, across a renewal into the next cycle without re-review (seed 003 §六4; seed 004 §二(四)9)', async () => {
    const [, , , , , ownerLogin, traineeLogin] = donghuTeachers();
    const owner = await as(ownerLogin!);
    const trainee = await as(traineeLogin!);
    const id = await approvedProject(owner, { capacity: 5, hours: 40 }, '复训项目');
    await ok(trainee.call('POST', `/api/applications/${id}/enrolments`, {}), 'enrol');
    const hoursBefore = (await ok(progression(trainee), 'progression')).body.hours.total as number;

    // Assessed at 55: the completion is recorded with its grade; the ladder grants no hours.
    const failed = await ok(
      owner.call('POST', `/api/applications/${id}/completions`, {
        teacherId: trainee.id,
        hours: 40,
        score: 55,
      }),
      'complete below 60',
    );
    expect(failed.body.events).toEqual(['TrainingCompleted']);
    expect((await eventsOf(id, 'TrainingCompleted'))[0]!.data).toMatchObject({
      score: 55,
      grade: 'unqualified',
      cycle: 1,
    });
    const marked = await until('the trainee marked for retraining', async () => {
      const p = (await progression(trainee)).body;
      return p.retraining?.required ? p : null;
    });
    expect(marked.retraining.pending).toEqual([
      expect.objectContaining({
        score: 55,
        grade: 'unqualified',
        kind: 'training',
        source: expect.objectContaining({ id }),
      }),
    ]);
    expect(marked.hours.total).toBe(hoursBefore);
    expect(marked.ledger.filter((e: { source: { id: string } }) => e.source.id === id)).toEqual([]);

    // The biennial evaluation: excellent renews the project into cycle 2, no new review.
    const e1 = await until('the first evaluation timer', async () => {
      const t = await evaluationTimers(id);
      return t.some((x) => x.occurrence === 'e1') ? t : null;
    });
    expect(e1.every((t) => t.occurrence === 'e1')).toBe(true);
    const evaluated = await ok(
      chair.call('POST', `/api/applications/${id}/performance-evaluation`, {
        parts: { selfAssessment: 95, archiveCheck: 92, traineeInterviews: 94, onSiteDefence: 93 },
      }),
      'evaluate',
    );
    expect(evaluated.body.events).toEqual(['PerformanceEvaluated', 'ProjectRenewed']);
    const renewed = (await eventsOf(id, 'ProjectRenewed'))[0]!.data;
    const seen = (await ok(owner.call('GET', `/api/applications/${id}`), 'owner reads')).body;
    expect(seen).toMatchObject({
      stage: 'approved',
      projectStatus: 'running',
      cycle: 2,
      enrolled: 0,
      nextEvaluationDueAt: renewed.nextEvaluationDueAt,
      renewals: [
        {
          cycle: 2,
          grade: 'excellent',
          renewedAt: expect.any(String),
          nextEvaluationDueAt: renewed.nextEvaluationDueAt,
        },
      ],
    });
    expect(Date.parse(renewed.nextEvaluationDueAt as string) - Date.now()).toBeGreaterThan(729 * day);
    // Without re-review: nothing was submitted, assigned or reviewed after the decision.
    const types = (
      await db.pool.query<{ type: string }>(`SELECT type FROM events WHERE stream_id = $1 ORDER BY version`, [
        `application-${id}`,
      ])
    ).rows.map((r) => r.type);
    expect(types.slice(types.indexOf('ApplicationDecided') + 1)).toEqual([
      'TraineeEnrolled',
      'TrainingCompleted',
      'PerformanceEvaluated',
      'ProjectRenewed',
    ]);
    // Its next evaluation timer, due two years on; the first cycle's are gone. The reactor adds an
    // occurrence's timers one after another (reminders first), so wait for the due one itself.
    const e2 = await until('the next cycle’s evaluation timer', async () => {
      const t = await evaluationTimers(id);
      return t.some((x) => x.phase === 'due') && t.every((x) => x.occurrence === 'e2') ? t : null;
    });
    expect(e2.find((t) => t.phase === 'due')!.dueAt).toBe(renewed.nextEvaluationDueAt);

    // Cycle 2 takes trainees afresh: the one who failed retrains and passes.
    expect(await listed(trainee, id)).toMatchObject({ cycle: 2, enrolled: 0, enrolledByMe: false });
    await ok(trainee.call('POST', `/api/applications/${id}/enrolments`, {}), 'enrol again');
    await ok(
      owner.call('POST', `/api/applications/${id}/completions`, {
        teacherId: trainee.id,
        hours: 40,
        score: 76,
      }),
      'complete again',
    );
    const cleared = await until('the retraining cleared', async () => {
      const p = (await progression(trainee)).body;
      return p.retraining && !p.retraining.required ? p : null;
    });
    expect(cleared.retraining.pending).toEqual([]);
    expect(cleared.hours.total).toBe(hoursBefore + 40);
    expect(cleared.ledger.filter((e: { source: { id: string } }) => e.source.id === id)).toEqual([
      expect.objectContaining({ hours: 40, score: 76 }),
    ]);
  });

  it('retires an unqualified project and concludes a qualified one: neither is listed nor takes trainees, neither keeps an evaluation timer, and the owner sees which', async () => {
    const [, , , , , , , ownerLogin, traineeLogin] = donghuTeachers();
    const owner = await as(ownerLogin!);
    const trainee = await as(traineeLogin!);
    const parts = (v: number) => ({
      selfAssessment: v,
      archiveCheck: v,
      traineeInterviews: v,
      onSiteDefence: v,
    });
    for (const [score, status, event] of [
      [50, 'retired', 'ProjectRetired'],
      [70, 'concluded', 'ProjectConcluded'],
    ] as const) {
      const id = await approvedProject(owner, {}, `评估 ${score}`);
      await until('the evaluation timer', async () => (await evaluationTimers(id)).length > 0);
      const res = await ok(
        chair.call('POST', `/api/applications/${id}/performance-evaluation`, { parts: parts(score) }),
        'evaluate',
      );
      expect(res.body.events).toEqual(['PerformanceEvaluated', event]);
      const seen = (await owner.call('GET', `/api/applications/${id}`)).body;
      expect(seen).toMatchObject({ projectStatus: status, nextEvaluationDueAt: null, renewals: [] });
      expect(seen.retiredReason).toMatch(String(score));
      expect(await listed(trainee, id)).toBeUndefined();
      const enrol = await trainee.call('POST', `/api/applications/${id}/enrolments`, {});
      expect(enrol.status).toBe(422);
      expect(enrol.body.code).toBe(status === 'retired' ? 'project_retired' : 'project_concluded');
      await until('its evaluation timers removed', async () => (await evaluationTimers(id)).length === 0);
    }
  });
});
