import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { applicationSummaryProjection, ExecuteApplicationCommand } from '#libs/approval';
import { DomainError, rebuildProjection } from '#libs/event-store';
import { IDENTITY_DIRECTORY, type DemoSeedResult, type IdentityDirectory } from '#libs/identity';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import type { TestApp } from '../support/test-app.js';
import { eventCount, seedDemo, startIdentityApp } from '../identity/support/identity-test-app.js';
import {
  cast,
  day,
  eligibleForBackbone,
  fieldsFor,
  iso,
  rubricScores,
  signIn,
  type Person,
} from './support.js';

// DOMAIN.md "The approval pipeline" end to end over HTTP on real PostgreSQL: each of the four kinds
// from draft to decision, a training project through enrolment, completion and evaluation to its grade.
describe('approval pipeline over HTTP (real PostgreSQL)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let c: ReturnType<typeof cast>;
  let chair: Person;
  let admin: Person;
  const calls: Record<string, string> = {};

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startIdentityApp(db);
    seed = await seedDemo(api, db);
    c = cast(seed);
    chair = await signIn(api, db, c.chair);
    admin = await signIn(api, db, c.admin);
    for (const kind of Object.keys(fieldsFor)) {
      const res = await chair.call('POST', '/api/calls', {
        kind,
        orgUnit: c.city.id,
        title: `2026 ${kind} 申报`,
        opensAt: iso(Date.now() - day),
        closesAt: iso(Date.now() + 30 * day),
      });
      expect(res.status).toBe(201);
      calls[kind] = res.body.id;
    }
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const youngTeachers = () => c.teachers.filter((t) => t.tier === 'young');
  /** 名优教师 (the demo's masters are also its reviewers): only they may apply for a studio (seed 000 §五(三)). */
  const masters = () => c.reviewers.filter((r) => r.tier === 'master');

  /** Three reviewers from schools other than the applicant's, so no conflict applies. */
  const freeReviewers = async (applicant: Person) =>
    Promise.all(
      c.reviewers
        .filter((r) => r.orgUnit !== applicant.login.orgUnit)
        .slice(0, 3)
        .map((r) => signIn(api, db, r)),
    );

  async function throughReview(
    kind: keyof typeof fieldsFor,
    applicant: Person,
    decision: 'approve' | 'reject',
  ) {
    const draft = await applicant.call('POST', '/api/applications', {
      callId: calls[kind],
      title: `${kind} by ${applicant.login.username}`,
      fields: fieldsFor[kind],
    });
    expect(draft.status).toBe(201);
    const id = draft.body.id as string;
    expect(
      (await applicant.call('POST', `/api/applications/${id}/submit`, undefined, { 'if-match': '"1"' }))
        .status,
    ).toBe(200);
    const reviewers = await freeReviewers(applicant);
    const assigned = await chair.call('POST', `/api/applications/${id}/reviewers`, {
      reviewers: reviewers.map((r) => ({ reviewerId: r.id })),
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.stage).toBe('in_review');
    for (const [n, r] of reviewers.entries()) {
      const res = await r.call('POST', `/api/applications/${id}/reviews`, {
        scores: rubricScores(70 + n * 10),
        comments: `评审意见 ${n}`,
      });
      expect(res.status).toBe(200);
    }
    const decided = await chair.call('POST', `/api/applications/${id}/decision`, {
      decision,
      rationale: '综合评审意见',
      documentsSeen: ['申报书.pdf'],
    });
    expect(decided.status).toBe(200);
    expect(decided.body.stage).toBe(decision === 'approve' ? 'approved' : 'rejected');
    return { id, reviewers };
  }

  it.each(['training_project', 'tier_promotion', 'studio', 'school_plan'] as const)(
    'takes a %s from draft to decision',
    async (kind) => {
      // A promotion needs a teacher who meets the next tier's requirements (DOMAIN.md "The progression ladder"): a 青年教师 with hours.
      const applicant = await signIn(
        api,
        db,
        kind === 'tier_promotion'
          ? youngTeachers()[0]!
          : kind === 'studio'
            ? masters()[0]!
            : c.teachers[kind.length % c.teachers.length]!,
      );
      if (kind === 'tier_promotion') await eligibleForBackbone(admin, applicant);
      const { id, reviewers } = await throughReview(
        kind,
        applicant,
        kind === 'school_plan' ? 'reject' : 'approve',
      );

      const seen = await chair.call('GET', `/api/applications/${id}`);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({
        kind,
        stage: kind === 'school_plan' ? 'rejected' : 'approved',
        reviewsSubmitted: 3,
        averageScore: 80,
      });
      expect(seen.body.timeline.map((t: { type: string }) => t.type)).toEqual([
        'ApplicationDrafted',
        'ApplicationSubmitted',
        'ReviewersAssigned',
        'ReviewSubmitted',
        'ReviewSubmitted',
        'ReviewSubmitted',
        'ApplicationDecided',
      ]);
      expect(seen.body.timeline[6].actor).toMatchObject({ id: chair.id, role: 'chair' });

      // The decision records the scores, rubric version, policy version and documents seen.
      const decided = await db.pool.query(
        `SELECT data FROM events WHERE stream_id = $1 AND type = 'ApplicationDecided'`,
        [`application-${id}`],
      );
      expect(decided.rows[0].data).toMatchObject({
        rubricVersion: 'rubric-five-dimensions-1',
        policyVersion: 'default-1',
        documentsSeen: ['申报书.pdf'],
        averageScore: 80,
      });
      expect(decided.rows[0].data.reviews.map((r: { reviewerId: string }) => r.reviewerId).sort()).toEqual(
        reviewers.map((r) => r.id).sort(),
      );

      // Blind review: the applicant sees scores after the decision, never who gave them.
      const mine = await applicant.call('GET', `/api/applications/${id}`);
      expect(mine.status).toBe(200);
      expect(mine.body.reviews).toHaveLength(3);
      expect(JSON.stringify(mine.body)).not.toContain(reviewers[0]!.id);
      expect(mine.body.assignments).toBeUndefined();
      const list = await applicant.call('GET', '/api/applications/mine');
      expect(list.body.items.map((i: { id: string }) => i.id)).toContain(id);
    },
  );

  it('runs an approved training project through enrolment, completion and evaluation to its grade', async () => {
    const owner = await signIn(api, db, c.teachers[0]!);
    const { id } = await throughReview('training_project', owner, 'approve');
    const trainees = await Promise.all(c.teachers.slice(5, 9).map((t) => signIn(api, db, t)));
    for (const t of trainees.slice(0, 3))
      expect((await t.call('POST', `/api/applications/${id}/enrolments`, { teacherId: t.id })).status).toBe(
        200,
      );
    // capacity 3 (DOMAIN.md: enrolment up to capacity)
    const full = await trainees[3]!.call('POST', `/api/applications/${id}/enrolments`, {
      teacherId: trainees[3]!.id,
    });
    expect(full.status).toBe(422);
    expect(full.body.code).toBe('project_full');

    for (const t of trainees.slice(0, 3)) {
      expect(
        (
          await owner.call('POST', `/api/applications/${id}/completions`, {
            teacherId: t.id,
            hours: 60,
            score: 85,
          })
        ).status,
      ).toBe(200);
    }
    const completed = await db.pool.query(
      `SELECT data FROM events WHERE stream_id = $1 AND type = 'TrainingCompleted'`,
      [`application-${id}`],
    );
    expect(completed.rows.map((r) => [r.data.hours, r.data.score, r.data.grade])).toEqual([
      [60, 85, 'good'],
      [60, 85, 'good'],
      [60, 85, 'good'],
    ]);

    // Anonymous trainee evaluations: once each, and the record does not name the trainee.
    for (const [n, t] of trainees.slice(0, 3).entries()) {
      expect(
        (
          await t.call('POST', `/api/applications/${id}/trainee-evaluations`, {
            score: 85 + n,
            comment: '很有收获',
          })
        ).status,
      ).toBe(200);
    }
    const twice = await trainees[0]!.call('POST', `/api/applications/${id}/trainee-evaluations`, {
      score: 10,
      comment: 'again',
    });
    expect(twice.status).toBe(422);
    expect(twice.body.code).toBe('already_evaluated');
    const anon = await db.pool.query(
      `SELECT data, metadata FROM events WHERE stream_id = $1 AND type = 'TraineeEvaluationSubmitted'`,
      [`application-${id}`],
    );
    expect(anon.rows).toHaveLength(3);
    for (const r of anon.rows) {
      expect(r.metadata.actorId).toBe('anonymous-trainee');
      expect(JSON.stringify(r)).not.toMatch(new RegExp(trainees.map((t) => t.id).join('|')));
    }

    const evaluated = await chair.call('POST', `/api/applications/${id}/performance-evaluation`, {
      parts: { selfAssessment: 92, archiveCheck: 90, traineeInterviews: 94, onSiteDefence: 88 },
    });
    expect(evaluated.status).toBe(200);
    expect(evaluated.body.events).toEqual(['PerformanceEvaluated', 'ProjectRenewed']);
    // seed 004 §二(四)9: renewed into cycle 2 without re-review; the new cycle starts with no trainees.
    const detail = await chair.call('GET', `/api/applications/${id}`);
    expect(detail.body).toMatchObject({
      grade: 'excellent',
      renewable: true,
      retired: false,
      projectStatus: 'running',
      cycle: 2,
      enrolled: 0,
      completed: 0,
    });
  });

  it('retires an unqualified project', async () => {
    const owner = await signIn(api, db, c.teachers[1]!);
    const { id } = await throughReview('training_project', owner, 'approve');
    const res = await chair.call('POST', `/api/applications/${id}/performance-evaluation`, {
      parts: { selfAssessment: 50, archiveCheck: 55, traineeInterviews: 40, onSiteDefence: 45 },
    });
    expect(res.body.events).toEqual(['PerformanceEvaluated', 'ProjectRetired']);
    const t = await signIn(api, db, c.teachers[2]!);
    const enrol = await t.call('POST', `/api/applications/${id}/enrolments`, { teacherId: t.id });
    expect(enrol.body.code).toBe('project_retired');
  });

  it('sends an application back for changes; the applicant revises and resubmits; reviews start over', async () => {
    const applicant = await signIn(api, db, masters()[1]!);
    const draft = await applicant.call('POST', '/api/applications', {
      callId: calls.studio,
      title: '工作室',
      fields: fieldsFor.studio,
    });
    const id = draft.body.id as string;
    await applicant.call('POST', `/api/applications/${id}/submit`);
    const reviewers = await freeReviewers(applicant);
    await chair.call('POST', `/api/applications/${id}/reviewers`, {
      reviewers: reviewers.map((r) => ({ reviewerId: r.id })),
    });
    await reviewers[0]!.call('POST', `/api/applications/${id}/reviews`, {
      scores: rubricScores(60),
      comments: '计划不具体',
    });
    const back = await chair.call('POST', `/api/applications/${id}/request-changes`, {
      reason: '请补充年度计划',
    });
    expect(back.body.stage).toBe('changes_requested');
    const edited = await applicant.call('PATCH', `/api/applications/${id}`, {
      fields: { ...fieldsFor.studio, plan: '每月两次研讨, 每学期一次公开课' },
    });
    expect(edited.status).toBe(200);
    expect((await applicant.call('POST', `/api/applications/${id}/submit`)).body.stage).toBe('submitted');
    await chair.call('POST', `/api/applications/${id}/reviewers`, {
      reviewers: reviewers.map((r) => ({ reviewerId: r.id })),
    });
    // Earlier reviews do not count toward the quorum of the new revision.
    const early = await chair.call('POST', `/api/applications/${id}/decision`, {
      decision: 'approve',
      rationale: 'x',
    });
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ code: 'no_quorum', required: 3, submitted: 0 });
  });

  it('lets a reviewer see other reviews only after submitting their own, and keeps the queue with due dates', async () => {
    const applicant = await signIn(api, db, youngTeachers()[1]!);
    await eligibleForBackbone(admin, applicant);
    const draft = await applicant.call('POST', '/api/applications', {
      callId: calls.tier_promotion,
      title: '晋升',
      fields: fieldsFor.tier_promotion,
    });
    const id = draft.body.id as string;
    await applicant.call('POST', `/api/applications/${id}/submit`);
    const [a, b] = await freeReviewers(applicant);
    await chair.call('POST', `/api/applications/${id}/reviewers`, {
      reviewers: [{ reviewerId: a!.id }, { reviewerId: b!.id }],
    });
    const queue = await b!.call('GET', '/api/review-queue');
    const item = queue.body.items.find((i: { id: string }) => i.id === id);
    expect(item).toMatchObject({ submitted: false, overdue: false });
    expect(Date.parse(item.dueAt)).toBeGreaterThan(Date.now() + 13 * day);

    await a!.call('POST', `/api/applications/${id}/reviews`, { scores: rubricScores(90), comments: 'A' });
    const before = await b!.call('GET', `/api/applications/${id}`);
    expect(before.body.reviews).toEqual([]);
    await b!.call('POST', `/api/applications/${id}/reviews`, { scores: rubricScores(80), comments: 'B' });
    const after = await b!.call('GET', `/api/applications/${id}`);
    expect(after.body.reviews.map((r: { comments: string }) => r.comments).sort()).toEqual(['A', 'B']);

    const board = await chair.call('GET', '/api/board?stage=in_review');
    expect(board.status).toBe(200);
    expect(board.body.counts.in_review).toBeGreaterThanOrEqual(1);
    expect(board.body.items.find((i: { id: string }) => i.id === id)).toMatchObject({
      stage: 'in_review',
      overdue: false,
    });
  });

  it('pages a reviewer’s queue in due order by cursor, tab by tab, and refuses a cursor it did not give out', async () => {
    type Item = { id: string; dueAt: string; submitted: boolean };
    type Page = { status: number; body: { items: Item[]; nextCursor: string | null } };
    const owners = await Promise.all(c.teachers.slice(1, 4).map((t) => signIn(api, db, t)));
    const reviewer = await signIn(
      api,
      db,
      c.reviewers.find((r) => owners.every((o) => o.login.orgUnit !== r.orgUnit))!,
    );
    const mine: string[] = [];
    for (const owner of owners) {
      const draft = await owner.call('POST', '/api/applications', {
        callId: calls.training_project,
        title: `队列分页 ${owner.login.username}`,
        fields: fieldsFor.training_project,
      });
      expect(draft.status).toBe(201);
      expect((await owner.call('POST', `/api/applications/${draft.body.id}/submit`)).status).toBe(200);
      const assigned = await chair.call('POST', `/api/applications/${draft.body.id}/reviewers`, {
        reviewers: [{ reviewerId: reviewer.id }],
      });
      expect(assigned.status).toBe(200);
      mine.push(draft.body.id as string);
    }
    const walk = async (query: string, limit: number) => {
      const items: Item[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: Page = await reviewer.call(
          'GET',
          `/api/review-queue?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(res.status).toBe(200);
        // A page that says more follows is full; the last one says so with null.
        if (res.body.nextCursor) expect(res.body.items).toHaveLength(limit);
        else expect(res.body.items.length).toBeLessThanOrEqual(limit);
        items.push(...res.body.items);
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 50);
      return { items, pages };
    };

    // The whole queue in one page, in due order (then by id), holds the three tasks.
    const whole: Page = await reviewer.call('GET', '/api/review-queue?limit=100');
    expect(whole.body.nextCursor).toBeNull();
    const all = whole.body.items;
    expect(all.map((i) => i.id)).toEqual(expect.arrayContaining(mine));
    for (const [n, item] of all.slice(1).entries())
      expect(Date.parse(item.dueAt)).toBeGreaterThanOrEqual(Date.parse(all[n]!.dueAt));
    // In pages of two: the same rows in the same order, none twice, and no empty page at the end.
    const paged = await walk('', 2);
    expect(paged.items).toEqual(all);
    expect(paged.pages).toBe(Math.ceil(all.length / 2));
    // Without a limit a page holds up to 50, so this short queue is one page.
    const first: Page = await reviewer.call('GET', '/api/review-queue');
    expect(first.body).toEqual({ items: all, nextCursor: null });

    // Each tab pages on its own: once the first review is in, it is under 已提交 and not under 待评审.
    const reviewed = await reviewer.call('POST', `/api/applications/${mine[0]}/reviews`, {
      scores: rubricScores(85),
      comments: '分页',
    });
    expect(reviewed.status).toBe(200);
    const todo = await walk('&submitted=false', 1);
    const done = await walk('&submitted=true', 1);
    expect(todo.items.map((i) => i.id)).toEqual(expect.arrayContaining(mine.slice(1)));
    expect(todo.items.map((i) => i.id)).not.toContain(mine[0]);
    expect(done.items.map((i) => i.id)).toContain(mine[0]);
    expect(todo.items.every((i) => !i.submitted) && done.items.every((i) => i.submitted)).toBe(true);
    expect(todo.items.length + done.items.length).toBe(all.length);

    // The review page finds its deadline on the application itself, wherever the task is in the queue.
    const detail = await reviewer.call('GET', `/api/applications/${mine[1]}`);
    expect(detail.body.myAssignment).toEqual({
      dueAt: all.find((i) => i.id === mine[1])!.dueAt,
      submittedRevision: null,
    });

    // A cursor this API did not give out, or a tab it does not know: 400, the field named, in Chinese.
    const zh = { 'accept-language': 'zh-CN' };
    for (const bad of ['x', 'bm90LWEta2V5', 'a'.repeat(300), `${first.body.items[0]!.id}`]) {
      const res = await reviewer.call(
        'GET',
        `/api/review-queue?cursor=${encodeURIComponent(bad)}`,
        undefined,
        zh,
      );
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([{ field: 'cursor', message: '须为上一页返回的 nextCursor' }]);
    }
    const tab = await reviewer.call('GET', '/api/review-queue?submitted=maybe', undefined, zh);
    expect(tab.status).toBe(400);
    expect(tab.body.errors).toEqual([{ field: 'submitted', message: '须为以下之一：true, false' }]);
  });

  it('refuses conflicted reviewers unless the chair gives a reason, and never the applicant', async () => {
    const applicant = await signIn(api, db, c.teachers[0]!);
    const draft = await applicant.call('POST', '/api/applications', {
      callId: calls.school_plan,
      title: '冲突',
      fields: fieldsFor.school_plan,
    });
    const id = draft.body.id as string;
    await applicant.call('POST', `/api/applications/${id}/submit`);
    const sameSchool = c.reviewers.find((r) => r.orgUnit === applicant.login.orgUnit)!;
    const colleague = await signIn(api, db, sameSchool);
    const before = await eventCount(db);
    const refused = await chair.call('POST', `/api/applications/${id}/reviewers`, {
      reviewers: [{ reviewerId: colleague.id }],
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'conflict_of_interest', conflicts: ['same_school'] });
    expect(await eventCount(db)).toBe(before);
    const own = await chair.call('POST', `/api/applications/${id}/reviewers`, {
      reviewers: [{ reviewerId: applicant.id, overrideReason: 'why not' }],
    });
    expect(own.status).toBe(403);
    const overridden = await chair.call('POST', `/api/applications/${id}/reviewers`, {
      reviewers: [{ reviewerId: colleague.id, overrideReason: '唯一的学科专家' }],
    });
    expect(overridden.status).toBe(200);
    const detail = await chair.call('GET', `/api/applications/${id}`);
    expect(detail.body.assignments[0]).toMatchObject({
      reviewerId: colleague.id,
      conflicts: ['same_school'],
      overrideReason: '唯一的学科专家',
    });
  });

  it('refuses a submission outside the call window', async () => {
    const early = await chair.call('POST', '/api/calls', {
      kind: 'school_plan',
      orgUnit: c.city.id,
      title: '下一年度',
      opensAt: iso(Date.now() + 10 * day),
      closesAt: iso(Date.now() + 40 * day),
    });
    const applicant = await signIn(api, db, c.teachers[5]!);
    const draft = await applicant.call('POST', '/api/applications', {
      callId: early.body.id,
      title: 'early',
      fields: fieldsFor.school_plan,
    });
    expect(draft.status).toBe(201);
    const res = await applicant.call('POST', `/api/applications/${draft.body.id}/submit`);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('outside_call_window');
  });

  it('yields exactly one decision for 20 simultaneous decide requests, and lands two simultaneous reviews', async () => {
    const applicant = await signIn(api, db, c.teachers[6]!);
    const draft = await applicant.call('POST', '/api/applications', {
      callId: calls.school_plan,
      title: 'race',
      fields: fieldsFor.school_plan,
    });
    const id = draft.body.id as string;
    await applicant.call('POST', `/api/applications/${id}/submit`);
    const reviewers = await freeReviewers(applicant);
    await chair.call('POST', `/api/applications/${id}/reviewers`, {
      reviewers: reviewers.map((r) => ({ reviewerId: r.id })),
    });
    const together = await Promise.all(
      reviewers.slice(0, 2).map((r) =>
        r.call('POST', `/api/applications/${id}/reviews`, {
          scores: rubricScores(75),
          comments: 'same time',
        }),
      ),
    );
    expect(together.map((r) => r.status)).toEqual([200, 200]);
    await reviewers[2]!.call('POST', `/api/applications/${id}/reviews`, {
      scores: rubricScores(75),
      comments: 'third',
    });

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        chair.call('POST', `/api/applications/${id}/decision`, {
          decision: i % 2 ? 'approve' : 'reject',
          rationale: `attempt ${i}`,
        }),
      ),
    );
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect([409, 422]).toContain(r.status);
      expect(r.headers.get('content-type')).toMatch(/problem\+json/);
    }
    const decisions = await db.pool.query(
      `SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND type = 'ApplicationDecided'`,
      [`application-${id}`],
    );
    expect(decisions.rows[0].n).toBe(1);
    const reviews = await db.pool.query(
      `SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND type = 'ReviewSubmitted'`,
      [`application-${id}`],
    );
    expect(reviews.rows[0].n).toBe(3);
  });

  it('keeps separation of duties when a command goes straight to the command bus', async () => {
    const applicant = await signIn(api, db, c.teachers[7]!);
    const draft = await applicant.call('POST', '/api/applications', {
      callId: calls.school_plan,
      title: 'bus',
      fields: fieldsFor.school_plan,
    });
    const id = draft.body.id as string;
    await applicant.call('POST', `/api/applications/${id}/submit`);
    const bus = api.app.get(CommandBus);
    const meta = (actorId: string, actorRole: string) => ({
      commandId: randomUUID(),
      actorId,
      actorRole,
      orgUnit: c.city.id,
      correlationId: randomUUID(),
      now: new Date(),
    });
    const attempts: [string, string, string][] = [
      [applicant.id, 'teacher', 'chair_only'], // a teacher can never decide
      [applicant.id, 'chair', 'own_application'], // nobody decides their own application
    ];
    for (const [actorId, role, code] of attempts) {
      const err = await bus
        .execute(
          new ExecuteApplicationCommand(
            id,
            { type: 'AssignReviewers', reviewers: [{ reviewerId: 'x' }] },
            meta(actorId, role),
          ),
        )
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe(code);
    }
    const review = await bus
      .execute(
        new ExecuteApplicationCommand(
          id,
          { type: 'SubmitReview', scores: rubricScores(90), comments: '' },
          meta(applicant.id, 'reviewer'),
        ),
      )
      .catch((e: unknown) => e);
    expect((review as DomainError).code).toBe('not_assigned');
    void admin;
  });

  it('counts the board by stage as counting the office’s applications does, after a rebuild too', async () => {
    // The board sums the counts the projection keeps per unit and stage; they must answer what counting
    // the subtree's non-draft summaries answered (the board before the counts were kept), whatever the
    // stages the suite's applications went through: drafted, submitted, in review, changes requested,
    // decided, withdrawn.
    const applicant = await signIn(api, db, youngTeachers()[2]!);
    const drafted = async () =>
      (
        await applicant.call('POST', '/api/applications', {
          callId: calls.school_plan,
          title: 'counted',
          fields: fieldsFor.school_plan,
        })
      ).body.id as string;
    await drafted();
    const withdrawn = await drafted();
    expect((await applicant.call('POST', `/api/applications/${withdrawn}/submit`)).status).toBe(200);
    expect(
      (await applicant.call('POST', `/api/applications/${withdrawn}/withdraw`, { reason: 'moved' })).status,
    ).toBe(200);
    const directory = api.app.get<IdentityDirectory>(IDENTITY_DIRECTORY);
    const counted = async (who: Person) => {
      const units = (await directory.subtree(who.login.orgUnit))!.units;
      const res = await db.pool.query<{ stage: string; n: number }>(
        `SELECT stage, count(*)::int AS n FROM application_summaries
          WHERE org_unit = ANY ($1::text[]) AND stage <> 'draft' GROUP BY stage ORDER BY stage`,
        [units],
      );
      return Object.fromEntries(res.rows.map((r) => [r.stage, r.n]));
    };
    const boards = async () => {
      const out = [];
      for (const who of [chair, admin]) {
        const board = await who.call('GET', '/api/board?limit=5');
        expect(board.status).toBe(200);
        expect(board.body.counts).toEqual(await counted(who));
        out.push(board.body.counts);
      }
      return out;
    };
    const before = await boards();
    expect(before[0]).toMatchObject({ withdrawn: expect.any(Number), approved: expect.any(Number) });
    expect(before[0].draft).toBeUndefined();
    await rebuildProjection(db.pool, applicationSummaryProjection);
    expect(await boards()).toEqual(before);
  });
});
