import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { ExecuteApplicationCommand } from '#libs/approval';
import { TIMER_QUEUE, type ReviewTimer, type TimerQueue } from '#libs/deadlines';
import { DomainError } from '#libs/event-store';
import type { DemoLogin, DemoSeedResult } from '#libs/identity';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import type { TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import {
  bearer,
  eventCount,
  login,
  seedDemo,
  startIdentityApp,
} from '../identity/support/identity-test-app.js';
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

// The rules of DOMAIN.md the committee got wrong, over HTTP on real PostgreSQL (the decider specs in
// libs/approval/src/application/application.decider.spec.ts hold the same rules without the edge):
// four eyes and separation of duties ("People and roles"), eligibility at submission and again at the
// decision ("Ethics assessment", last rule), replacing an overdue or conflicted reviewer ("Deadlines and
// reminders", 利益回避), the chair's list of reviewer candidates, Idempotency-Key reuse, and an
// application pinned to the policy version in force at its submission (DOMAIN.md preamble).
describe('committee rules over HTTP (real PostgreSQL)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let c: ReturnType<typeof cast>;
  let chair: Person;
  let admin: Person;
  /** A city committee chair who also sits on the committee as a reviewer. */
  let chairReviewer: Person;
  let queue: TimerQueue;
  const calls: Record<string, string> = {};

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startIdentityApp(db);
    seed = await seedDemo(api, db);
    c = cast(seed);
    chair = await signIn(api, db, c.chair);
    admin = await signIn(api, db, c.admin);
    queue = api.app.get(TIMER_QUEUE, { strict: false });
    const made = await api.request('POST', '/api/users', {
      body: {
        username: 'chair.reviewer',
        displayName: '评审兼组长',
        orgUnit: c.city.id,
        roles: ['reviewer', 'chair'],
        password: 'correct-horse-battery',
      },
      headers: bearer(await login(api, 'admin')),
    });
    expect(made.status).toBe(201);
    chairReviewer = await signIn(api, db, {
      username: 'chair.reviewer',
      password: 'correct-horse-battery',
      displayName: '评审兼组长',
      roles: ['reviewer', 'chair'],
      orgUnit: c.city.id,
      orgUnitName: c.city.name,
      tier: null,
    });
    for (const kind of Object.keys(fieldsFor)) {
      const res = await chair.call('POST', '/api/calls', {
        kind,
        orgUnit: c.city.id,
        title: `2026 ${kind}`,
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

  const as = (l: DemoLogin) => signIn(api, db, l);
  const ok = async <T extends { status: number; body: unknown }>(res: Promise<T>, what: string) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  };
  const masters = () => c.reviewers.filter((r) => r.tier === 'master');
  const streamVersion = async (id: string) =>
    Number(
      (
        await db.pool.query<{ v: string }>(
          `SELECT coalesce(max(version), 0) AS v FROM events WHERE stream_id = $1`,
          [`application-${id}`],
        )
      ).rows[0]!.v,
    );
  const eventsOf = async (id: string, type: string) =>
    (
      await db.pool.query<{ data: Record<string, unknown>; schema_version: number }>(
        `SELECT data, schema_version FROM events WHERE stream_id = $1 AND type = $2 ORDER BY version`,
        [`application-${id}`, type],
      )
    ).rows;

  async function drafted(applicant: Person, kind: keyof typeof fieldsFor, fields?: unknown) {
    const res = await ok(
      applicant.call('POST', '/api/applications', {
        callId: calls[kind],
        title: `${kind} ${applicant.login.username}`,
        fields: fields ?? fieldsFor[kind],
      }),
      'draft',
    );
    return (res.body as { id: string }).id;
  }
  async function submitted(applicant: Person, kind: keyof typeof fieldsFor = 'school_plan') {
    const id = await drafted(applicant, kind);
    await ok(applicant.call('POST', `/api/applications/${id}/submit`), 'submit');
    return id;
  }
  /** Reviewers of no school of the given people, signed in. */
  const freeReviewers = (n: number, ...of: Person[]) =>
    Promise.all(
      c.reviewers
        .filter((r) => !of.some((p) => p.login.orgUnit === r.orgUnit))
        .slice(0, n)
        .map(as),
    );
  const assign = (id: string, reviewers: { id: string }[], by = chair) =>
    by.call('POST', `/api/applications/${id}/reviewers`, {
      reviewers: reviewers.map((r) => ({ reviewerId: r.id })),
    });
  const reviewBy = (id: string, r: Person, base = 80) =>
    r.call('POST', `/api/applications/${id}/reviews`, {
      scores: rubricScores(base),
      comments: `评审 ${base}`,
    });
  const decide = (id: string, by = chair, decision: 'approve' | 'reject' = 'approve') =>
    by.call('POST', `/api/applications/${id}/decision`, { decision, rationale: '综合评审意见' });
  /** The review timers pending for one reviewer of one application. */
  const reviewTimers = async (id: string, reviewerId: string) =>
    (await queue.pendingJobs())
      .map((j) => ({ id: j.id, timer: j.timer as ReviewTimer }))
      .filter((j) => j.timer.applicationId === id && j.timer.reviewerId === reviewerId);

  describe('four eyes (DOMAIN.md "People and roles")', () => {
    it('refuses a chair assigning themselves as a reviewer, appending nothing', async () => {
      const applicant = await as(c.teachers[0]!);
      const id = await submitted(applicant);
      const others = await freeReviewers(2, applicant);
      const before = await eventCount(db);
      const res = await assign(id, [chairReviewer, ...others], chairReviewer);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'four_eyes' });
      expect(await eventCount(db)).toBe(before);
      expect(await streamVersion(id)).toBe(2);
    });

    it('refuses a decision by a chair who reviewed it — over HTTP and straight on the command bus — and lets another chair decide', async () => {
      const applicant = await as(c.teachers[1]!);
      const id = await submitted(applicant);
      const others = await freeReviewers(2, applicant);
      await ok(assign(id, [chairReviewer, ...others]), 'assign');
      for (const r of [chairReviewer, ...others]) await ok(reviewBy(id, r), 'review');
      const before = await eventCount(db);
      const refused = await decide(id, chairReviewer);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'four_eyes', chairId: chairReviewer.id });
      expect(await eventCount(db)).toBe(before);
      // Whatever the edge does: the decider refuses it.
      const err = await api.app
        .get(CommandBus)
        .execute(
          new ExecuteApplicationCommand(
            id,
            { type: 'DecideApplication', decision: 'approve', rationale: 'x', documentsSeen: [] },
            {
              commandId: randomUUID(),
              actorId: chairReviewer.id,
              actorRole: 'chair',
              orgUnit: c.city.id,
              correlationId: randomUUID(),
              now: new Date(),
            },
          ),
        )
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('four_eyes');
      expect((await ok(decide(id), 'decide')).body).toMatchObject({ stage: 'approved' });
    });
  });

  describe('eligibility at submission and again at the decision (DOMAIN.md "Ethics assessment", last rule)', () => {
    it('refuses a studio from a 青年教师 at submission, with the tier asked and held, before any committee work (seed 000 §五(三))', async () => {
      const young = await as(c.teachers.find((t) => t.tier === 'young')!);
      const id = await drafted(young, 'studio');
      const before = await eventCount(db);
      const res = await young.call('POST', `/api/applications/${id}/submit`);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        code: 'leader_not_master',
        requiredTier: 'master',
        currentTier: 'young',
        checkedAt: 'submission',
      });
      expect(await eventCount(db)).toBe(before);
      expect((await young.call('GET', `/api/applications/${id}`)).body.stage).toBe('draft');
    });

    it('refuses a promotion short of the ladder’s entry rules with the numbers, and takes it once they are met (DOMAIN.md ladder table)', async () => {
      const young = await as(c.teachers.filter((t) => t.tier === 'young')[1]!);
      const id = await drafted(young, 'tier_promotion');
      const res = await young.call('POST', `/api/applications/${id}/submit`);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'promotion_ineligible', targetTier: 'backbone' });
      expect(res.body.unmet).toEqual([
        expect.objectContaining({ key: 'training_hours', required: 150, current: 0 }),
      ]);
      await eligibleForBackbone(admin, young);
      await ok(young.call('POST', `/api/applications/${id}/submit`), 'submit once eligible');
    });

    it('checks again at the decision: a studio leader who lost the master title since submitting cannot be approved, only rejected', async () => {
      const master = await as(masters()[0]!);
      const id = await submitted(master, 'studio');
      const reviewers = await freeReviewers(3, master);
      await ok(assign(id, reviewers), 'assign');
      for (const r of reviewers) await ok(reviewBy(id, r, 85), 'review');
      // seed 000 §五(四) 评估跟进: a failed end-of-term assessment revokes the title (by the city office).
      await ok(
        admin.call('POST', `/api/teachers/${master.id}/tier-revocations`, {
          reason: '任期考核不合格',
          assessment: { ref: `term-${id}`, score: 52 },
        }),
        'revoke',
      );
      const before = await eventCount(db);
      const refused = await decide(id);
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({
        code: 'leader_not_master',
        currentTier: 'leader',
        checkedAt: 'decision',
      });
      expect(await eventCount(db)).toBe(before);
      expect((await ok(decide(id, chair, 'reject'), 'reject')).body.stage).toBe('rejected');
    });
  });

  describe('the chair’s reviewer candidates (the "assign reviewers" page)', () => {
    it('lists every active reviewer in scope but the chair, with load, assignment and the conflicts the assignment raises', async () => {
      // The master of Donghu No.1 applies: the school's subject leader (also a reviewer) shares their school.
      const donghuNo1 = c.schools.find((s) => s.name.includes('Donghu No.1'))!;
      const applicantLogin = masters().find((m) => m.orgUnit === donghuNo1.id)!;
      const colleagueLogin = c.reviewers.find((r) => r.orgUnit === donghuNo1.id && r.tier === 'leader')!;
      const applicant = await as(applicantLogin);
      const colleague = await as(colleagueLogin);
      const id = await submitted(applicant);
      const listFor = async (p: Person) => {
        const res = await p.call('GET', `/api/applications/${id}/reviewer-candidates`);
        expect(res.status).toBe(200);
        return res.body as {
          revision: number;
          quorum: number;
          items: {
            id: string;
            conflicts: string[];
            assigned: boolean;
            openReviews: number;
            school: string;
          }[];
        };
      };
      const list = await listFor(chair);
      expect(list).toMatchObject({ revision: 1, quorum: 3 });
      const byId = new Map(list.items.map((i) => [i.id, i]));
      // Four eyes: never the chair; every other active reviewer of the city.
      expect(byId.has(chair.id)).toBe(false);
      expect(byId.has(chairReviewer.id)).toBe(true);
      expect((await listFor(chairReviewer)).items.map((i) => i.id)).not.toContain(chairReviewer.id);
      expect(byId.size).toBe(c.reviewers.length + 1);
      expect(byId.get(applicant.id)).toMatchObject({ conflicts: ['own_application'], assigned: false });
      expect(byId.get(colleague.id)).toMatchObject({
        conflicts: ['same_school'],
        school: donghuNo1.name,
        tier: 'leader',
      });
      const others = list.items.filter((i) => i.id !== applicant.id && i.id !== colleague.id);
      for (const o of others) expect(o.conflicts).toEqual([]);

      // The page and the decider agree: the conflict listed is the conflict refused.
      const refused = await assign(id, [colleague]);
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'conflict_of_interest', conflicts: ['same_school'] });
      const free = others.find((o) => o.id !== chairReviewer.id)!;
      await ok(assign(id, [free]), 'assign');
      const after = new Map((await listFor(chair)).items.map((i) => [i.id, i]));
      expect(after.get(free.id)).toMatchObject({ assigned: true, openReviews: free.openReviews + 1 });
      expect(after.get(colleague.id)).toMatchObject({ assigned: false });

      // Documented for the web app's typed client: summary, response schema, refusals.
      const doc = (await api.request('GET', '/api/docs-json')).body;
      const op = doc.paths['/api/applications/{id}/reviewer-candidates'].get;
      expect(op.summary).toMatch(/reviewers the chair may assign/i);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '403', '404']));
      expect(op.responses['200'].content['application/json'].schema.$ref).toBe(
        '#/components/schemas/ReviewerCandidates',
      );
      const item = doc.components.schemas.ReviewerCandidates.properties.items.items;
      expect(Object.keys(item.properties).sort()).toEqual(
        [
          'assigned',
          'conflicts',
          'displayName',
          'id',
          'openReviews',
          'removed',
          'school',
          'subject',
          'tier',
        ].sort(),
      );
      expect(item.properties.conflicts.items.enum).toEqual([
        'same_school',
        'mentor_or_mentee',
        'same_studio',
        'own_application',
      ]);

      expect((await applicant.call('GET', `/api/applications/${id}/reviewer-candidates`)).status).toBe(403);
      expect(
        (await colleague.call('GET', `/api/applications/${randomUUID()}/reviewer-candidates`)).status,
      ).toBe(403);
    });
  });

  describe('replacing a reviewer (DOMAIN.md "Deadlines and reminders", 利益回避)', () => {
    it('removes a reviewer whose review went overdue: their timers stop, they lose the application, another takes their place', async () => {
      // From a school with one reviewer, so that four reviewers of other schools are left.
      const applicant = await as(
        c.teachers.find((t) => c.reviewers.filter((r) => r.orgUnit === t.orgUnit).length === 1)!,
      );
      const id = await submitted(applicant);
      const [late, a, b, spare] = await freeReviewers(4, applicant);
      await ok(assign(id, [late!, a!, b!]), 'assign');
      const timers = await until('the late reviewer’s timers', async () => {
        const t = await reviewTimers(id, late!.id);
        return t.length === 4 ? t : null;
      });
      // The review-due timer fires (moved to now): the real worker marks the review overdue.
      const due = timers.find((t) => t.timer.kind === 'review-due')!;
      await queue.promote(due.id);
      await until(
        'the review marked overdue',
        async () => (await eventsOf(id, 'ReviewOverdue')).length === 1,
      );
      const removed = await chair.call('POST', `/api/applications/${id}/reviewers/${late!.id}/removal`, {
        reason: '逾期未评，另行指派',
      });
      expect(removed.status).toBe(200);
      expect(removed.body.events).toEqual(['ReviewerRemoved']);
      expect((await eventsOf(id, 'ReviewerRemoved'))[0]!.data).toMatchObject({
        reviewerId: late!.id,
        grounds: ['overdue'],
        reason: '逾期未评，另行指派',
        reviewDiscarded: false,
      });
      // Their pending timers (reminders, escalation) are gone; the others' stay.
      await until(
        'the removed reviewer’s timers gone',
        async () => (await reviewTimers(id, late!.id)).length === 0,
      );
      expect(await reviewTimers(id, a!.id)).toHaveLength(4);
      // They lose the application: no review, not on their queue.
      const theirs = await reviewBy(id, late!);
      expect(theirs.status).toBe(403);
      expect(theirs.body.code).toBe('not_assigned');
      const q = await late!.call('GET', '/api/review-queue');
      expect(q.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
      // The chair assigns another; the decision counts the three who reviewed.
      await ok(assign(id, [spare!]), 'assign the replacement');
      for (const r of [a!, b!, spare!]) await ok(reviewBy(id, r, 80), 'review');
      await ok(decide(id), 'decide');
      const decision = (await eventsOf(id, 'ApplicationDecided'))[0]!.data;
      expect((decision.reviews as { reviewerId: string }[]).map((r) => r.reviewerId).sort()).toEqual(
        [a!.id, b!.id, spare!.id].sort(),
      );
      const detail = await chair.call('GET', `/api/applications/${id}`);
      expect(detail.body.removals).toEqual([
        expect.objectContaining({ reviewerId: late!.id, grounds: ['overdue'] }),
      ]);
      // Blind review: the applicant never learns who was removed.
      const seen = await applicant.call('GET', `/api/applications/${id}`);
      expect(seen.body.removals).toBeUndefined();
      expect(JSON.stringify(seen.body)).not.toContain(late!.id);
    });

    it('removes a conflicted reviewer after their review, which then no longer counts toward the quorum or the average', async () => {
      const applicant = await as(c.teachers.find((t) => c.reviewers.some((r) => r.orgUnit === t.orgUnit))!);
      const colleague = await as(c.reviewers.find((r) => r.orgUnit === applicant.login.orgUnit)!);
      const id = await submitted(applicant);
      const [a, b, spare] = await freeReviewers(3, applicant, colleague);
      await ok(
        chair.call('POST', `/api/applications/${id}/reviewers`, {
          reviewers: [
            { reviewerId: colleague.id, overrideReason: '唯一的学科专家' },
            { reviewerId: a!.id },
            { reviewerId: b!.id },
          ],
        }),
        'assign',
      );
      await ok(reviewBy(id, colleague, 40), 'colleague reviews');
      for (const r of [a!, b!]) await ok(reviewBy(id, r, 90), 'review');
      const removed = await chair.call('POST', `/api/applications/${id}/reviewers/${colleague.id}/removal`, {
        reason: '同校回避，评分作废',
      });
      expect(removed.status).toBe(200);
      const detail = await chair.call('GET', `/api/applications/${id}`);
      expect(detail.body).toMatchObject({ reviewsSubmitted: 2 });
      expect(
        detail.body.reviews.find((r: { reviewerId: string }) => r.reviewerId === colleague.id),
      ).toMatchObject({ counted: false });
      expect(detail.body.assignments.map((x: { reviewerId: string }) => x.reviewerId)).not.toContain(
        colleague.id,
      );
      const short = await decide(id);
      expect(short.status).toBe(422);
      expect(short.body).toMatchObject({ code: 'no_quorum', required: 3, submitted: 2 });
      await ok(assign(id, [spare!]), 'assign the replacement');
      await ok(reviewBy(id, spare!, 90), 'review');
      await ok(decide(id), 'decide');
      expect((await chair.call('GET', `/api/applications/${id}`)).body.averageScore).toBe(90);
    });

    it('refuses to remove a reviewer who is on time and unconflicted, appending nothing', async () => {
      const applicant = await as(c.teachers[4]!);
      const id = await submitted(applicant);
      const reviewers = await freeReviewers(3, applicant);
      await ok(assign(id, reviewers), 'assign');
      const before = await eventCount(db);
      const res = await chair.call('POST', `/api/applications/${id}/reviewers/${reviewers[0]!.id}/removal`, {
        reason: '想换人',
      });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'removal_not_justified', reviewerId: reviewers[0]!.id });
      const noReason = await chair.call(
        'POST',
        `/api/applications/${id}/reviewers/${reviewers[0]!.id}/removal`,
        {},
      );
      expect(noReason.status).toBe(400);
      expect(noReason.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
      const byReviewer = await reviewers[1]!.call(
        'POST',
        `/api/applications/${id}/reviewers/${reviewers[0]!.id}/removal`,
        { reason: 'x' },
      );
      expect(byReviewer.status).toBe(403);
      expect(await eventCount(db)).toBe(before);
    });
  });

  describe('Idempotency-Key reused with a different request', () => {
    it('answers 422 and stores nothing, never the first result; the same request still answers the first result', async () => {
      const teacher = await as(c.teachers[8]!);
      await until(
        'the teacher’s record',
        async () => (await admin.call('GET', `/api/teachers/${teacher.id}/progression`)).status === 200,
      );
      const key = `grant-${randomUUID()}`;
      const completedAt = new Date(Date.now() - day).toISOString();
      const body = (hours: number) => ({
        hours,
        level: 'school',
        kind: 'activity',
        completedAt,
        source: { type: 'activity', id: `open-class-${key}`, approvingRecord: '校〔2026〕8号' },
      });
      const first = await admin.call('POST', `/api/teachers/${teacher.id}/hours`, body(12), {
        'idempotency-key': key,
      });
      expect(first.status).toBe(200);
      const retry = await admin.call('POST', `/api/teachers/${teacher.id}/hours`, body(12), {
        'idempotency-key': key,
      });
      expect(retry.status).toBe(200);
      expect(retry.body).toMatchObject({ duplicate: true, version: first.body.version });
      const before = await eventCount(db);
      const reused = await admin.call('POST', `/api/teachers/${teacher.id}/hours`, body(99), {
        'idempotency-key': key,
      });
      expect(reused.status).toBe(422);
      expect(reused.body).toMatchObject({ code: 'idempotency_key_reused' });
      expect(reused.body.duplicate).toBeUndefined();
      expect(await eventCount(db)).toBe(before);
      const p = await admin.call('GET', `/api/teachers/${teacher.id}/progression`);
      expect(
        p.body.ledger.filter((e: { source: { id: string } }) => e.source.id === `open-class-${key}`),
      ).toEqual([expect.objectContaining({ hours: 12 })]);

      // The same on an application: a draft's key reused for another title.
      const k2 = `draft-${randomUUID()}`;
      const draft = (title: string) =>
        teacher.call(
          'POST',
          '/api/applications',
          { callId: calls.school_plan, title, fields: fieldsFor.school_plan },
          { 'idempotency-key': k2 },
        );
      expect((await draft('校本研修方案')).status).toBe(201);
      expect((await draft('校本研修方案')).body.duplicate).toBe(true);
      const other = await draft('另一个方案');
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('idempotency_key_reused');
    });
  });

  describe('an application follows the policy version in force at its submission (DOMAIN.md preamble)', () => {
    it('keeps the pinned rubric, quorum and due days for the rest of its review after a new version is published, and says which', async () => {
      const applicant = await as(c.teachers[9]!);
      const id = await submitted(applicant);
      const reviewers = await freeReviewers(3, applicant);
      await ok(assign(id, reviewers), 'assign');
      await ok(reviewBy(id, reviewers[0]!, 70), 'first review');

      // Mid-review, the office publishes a new rubric, a quorum of 2 and 7 review days.
      const current = (await admin.call('GET', '/api/policies/current')).body;
      expect(current.version).toBe('default-1');
      const published = await admin.call('POST', '/api/policies', {
        policy: {
          ...current,
          version: '2027-1',
          reviewQuorum: 2,
          reviewDueDays: 7,
          rubric: {
            version: 'rubric-three-2027',
            dimensions: [
              { key: 'ethics', label: '师德素养' },
              { key: 'teaching', label: '教学能力' },
              { key: 'research', label: '教研能力' },
            ],
          },
        },
      });
      expect(published.status).toBe(201);

      // The remaining reviews are scored on the pinned five-dimension rubric, not the new one.
      const onNew = await reviewers[1]!.call('POST', `/api/applications/${id}/reviews`, {
        scores: { ethics: 90, teaching: 90, research: 90 },
        comments: 'new rubric',
      });
      expect(onNew.status).toBe(422);
      expect(onNew.body.code).toBe('rubric_mismatch');
      await ok(reviewBy(id, reviewers[1]!, 80), 'second review');
      // The pinned quorum is 3, whatever the new version says.
      const early = await decide(id);
      expect(early.status).toBe(422);
      expect(early.body).toMatchObject({ code: 'no_quorum', required: 3, submitted: 2 });
      await ok(reviewBy(id, reviewers[2]!, 90), 'third review');
      await ok(decide(id), 'decide');
      const [decision] = await eventsOf(id, 'ApplicationDecided');
      expect(decision!.data).toMatchObject({
        policyVersion: 'default-1',
        rubricVersion: 'rubric-five-dimensions-1',
        averageScore: 80,
      });
      const reviews = await db.pool.query(
        `SELECT DISTINCT rubric_version FROM reviews WHERE application_id = $1`,
        [id],
      );
      expect(reviews.rows).toEqual([{ rubric_version: 'rubric-five-dimensions-1' }]);
      const seen = await chair.call('GET', `/api/applications/${id}`);
      expect(seen.body.policyVersion).toBe('default-1');

      // An application submitted now is pinned to the new version: its rubric, quorum and due days.
      const next = await submitted(applicant);
      expect((await applicant.call('GET', `/api/applications/${next}`)).body.policyVersion).toBe('2027-1');
      const [r1, r2] = reviewers;
      const assigned = await ok(assign(next, [r1!, r2!]), 'assign');
      void assigned;
      const [assignment] = await eventsOf(next, 'ReviewersAssigned');
      expect(assignment!.data.policyVersion).toBe('2027-1');
      const dueIn = Date.parse(assignment!.data.dueAt as string) - Date.now();
      expect(dueIn).toBeGreaterThan(6.9 * day);
      expect(dueIn).toBeLessThan(7.1 * day);
      for (const r of [r1!, r2!])
        await ok(
          r.call('POST', `/api/applications/${next}/reviews`, {
            scores: { ethics: 80, teaching: 80, research: 80 },
            comments: '新细则',
          }),
          'review on the new rubric',
        );
      await ok(decide(next), 'decide with the new quorum of 2');
      expect((await eventsOf(next, 'ApplicationDecided'))[0]!.data).toMatchObject({
        policyVersion: '2027-1',
        rubricVersion: 'rubric-three-2027',
      });
    });
  });
});
