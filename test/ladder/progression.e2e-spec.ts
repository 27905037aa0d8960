import { randomUUID } from 'node:crypto';
import { runCommand, waitForPosition, type EventStore } from '#libs/event-store';
import { ERASED_PLACEHOLDER, type DemoSeedResult } from '#libs/identity';
import { DEFAULT_POLICY } from '#libs/policy';
import { mentorshipDecider } from '#libs/ladder';
import { EVENT_STORE } from '#libs/platform';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import type { TestApp } from '../support/test-app.js';
import { bearer, login, seedDemo, startIdentityApp } from '../identity/support/identity-test-app.js';
import { cast, day, fieldsFor, iso, rubricScores, signIn, type Person } from '../approval/support.js';
import { ALL_PROJECTIONS } from '../../apps/worker/src/projections.js';
import { ReactorRunner } from '../../apps/worker/src/reactor-runner.service.js';

// DOMAIN.md "The progression ladder", end to end over HTTP against real PostgreSQL: a new teacher completes 120 hours
// of training from an approved project and a mentorship year, and is promoted to 青年教师; then applies
// for 骨干教师 and is refused until 150 hours are reached, then is approved through the committee.
// DOMAIN.md "The progression ladder", "Hours and credits", "Ethics assessment", "Mentorship and studios".
describe('the progression ladder over HTTP (real PostgreSQL)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let c: ReturnType<typeof cast>;
  let chair: Person;
  let admin: Person;
  let newcomer: Person;
  let mentorId: string;
  const calls: Record<string, string> = {};

  /** Waits until the reactors have acted on everything recorded so far, and the read models with them. */
  async function settled(): Promise<void> {
    const store = api.app.get(EVENT_STORE) as EventStore;
    for (let round = 0; round < 5; round++) {
      const head = await store.headPosition();
      for (const s of api.app.get(ReactorRunner).subscriptions) await s.catchUp();
      const after = await store.headPosition();
      if (head && after && head.tx === after.tx && head.seq === after.seq) break;
    }
    const head = await store.headPosition();
    if (head)
      expect(
        await waitForPosition(
          db.pool,
          ALL_PROJECTIONS.map((p) => p.name),
          head,
          10_000,
        ),
      ).toBe(true);
  }

  const progression = async (p: Person) => {
    await settled();
    const res = await p.call('GET', '/api/teachers/me/progression');
    expect(res.status).toBe(200);
    return res.body;
  };

  /**
   * Reactors act after the fact (eventual consistency): the view a reaction changes is read until it
   * shows the change, for up to 10 s. A reaction the rules refused never shows it, and the test fails.
   */
  const progressionOnce = async (p: Person, until: (view: { tier: string }) => boolean) => {
    let view = await progression(p);
    for (const deadline = Date.now() + 10_000; !until(view) && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 100));
      view = await progression(p);
    }
    return view;
  };

  async function throughCommittee(applicant: Person, kind: keyof typeof fieldsFor, fields: unknown) {
    const draft = await applicant.call('POST', '/api/applications', {
      callId: calls[kind],
      title: `${kind} ${applicant.login.username}`,
      fields,
    });
    expect(draft.status).toBe(201);
    const id = draft.body.id as string;
    const submitted = await applicant.call('POST', `/api/applications/${id}/submit`);
    return { id, submitted };
  }

  async function reviewAndApprove(id: string, applicant: Person) {
    const reviewers = await Promise.all(
      c.reviewers
        .filter((r) => r.orgUnit !== applicant.login.orgUnit)
        .slice(0, 3)
        .map((r) => signIn(api, db, r)),
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
            scores: rubricScores(88),
            comments: '同意',
          })
        ).status,
      ).toBe(200);
    return chair.call('POST', `/api/applications/${id}/decision`, { decision: 'approve', rationale: '同意' });
  }

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startIdentityApp(db);
    seed = await seedDemo(api, db);
    c = cast(seed);
    chair = await signIn(api, db, c.chair);
    admin = await signIn(api, db, c.admin);
    for (const kind of ['training_project', 'tier_promotion'] as const) {
      const res = await chair.call('POST', '/api/calls', {
        kind,
        orgUnit: c.city.id,
        title: `${kind} 2026`,
        opensAt: iso(Date.now() - day),
        closesAt: iso(Date.now() + 60 * day),
      });
      expect(res.status).toBe(201);
      calls[kind] = res.body.id;
    }
    // A new teacher joins a Donghu school; the ladder opens their record at 新教师.
    const school = c.schools[0]!;
    const registered = await api.request('POST', '/api/users', {
      body: {
        username: 'xin.laoshi',
        displayName: '辛老师 Xin',
        orgUnit: school.id,
        roles: ['teacher'],
        password: 'correct-horse-battery',
        tier: 'new',
      },
      headers: bearer(await login(api, 'admin')),
    });
    expect(registered.status).toBe(201);
    newcomer = await signIn(api, db, {
      username: 'xin.laoshi',
      password: 'correct-horse-battery',
      displayName: '辛老师',
      roles: ['teacher'],
      orgUnit: school.id,
      orgUnitName: school.name,
      tier: 'new',
    });
    const mentor = seed.logins.find((l) => l.roles.includes('mentor') && l.orgUnit === school.id)!;
    mentorId = (await signIn(api, db, mentor)).id;
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('opens a new teacher at 新教师 and lists what 青年教师 takes, naming the policy version', async () => {
    const p = await progression(newcomer);
    expect(p).toMatchObject({ tier: 'new', nextTier: 'young', eligible: false, policyVersion: 'default-1' });
    const keys = p.requirements.map((r: { key: string }) => r.key);
    expect(keys).toEqual(expect.arrayContaining(['mentorship']));
    expect(p.hours).toMatchObject({ total: 0 });
    expect(p.creditSplit.levels.map((l: { level: string; target: number }) => [l.level, l.target])).toEqual([
      ['province', 10],
      ['city', 20],
      ['district', 20],
      ['school', 50],
    ]);
  });

  it('grants 120 hours when the teacher completes an approved project, and 青年教师 after a signed-off mentorship year', async () => {
    const owner = await signIn(api, db, c.teachers[10]!);
    const { id, submitted } = await throughCommittee(owner, 'training_project', {
      ...fieldsFor.training_project,
      hours: 120,
    });
    expect(submitted.status).toBe(200);
    expect((await reviewAndApprove(id, owner)).status).toBe(200);
    expect(
      (await newcomer.call('POST', `/api/applications/${id}/enrolments`, { teacherId: newcomer.id })).status,
    ).toBe(200);
    expect(
      (
        await owner.call('POST', `/api/applications/${id}/completions`, {
          teacherId: newcomer.id,
          hours: 120,
          score: 78,
        })
      ).status,
    ).toBe(200);
    let p = await progression(newcomer);
    expect(p.hours.total).toBe(120);
    expect(p.ledger).toHaveLength(1);
    // The grant cites its source: the project and the completion record.
    expect(p.ledger[0]).toMatchObject({
      hours: 120,
      level: 'district',
      kind: 'training',
      source: { type: 'training_project', id },
    });
    expect(p.tier).toBe('new'); // hours alone do not make a 青年教师: the mentorship year is missing

    // A mentorship paired a school year ago; the mentor signs the year off (seed 002 (三)4).
    const store = api.app.get(EVENT_STORE) as EventStore;
    const mentorshipId = randomUUID();
    const meta = (actorId: string, actorRole: string, now: Date) => ({
      commandId: randomUUID(),
      actorId,
      actorRole,
      orgUnit: c.city.id,
      correlationId: randomUUID(),
      now,
    });
    await runCommand(
      store,
      mentorshipDecider,
      mentorshipId,
      {
        type: 'PairMentor',
        mentorId,
        menteeId: newcomer.id,
        facts: { mentorActivePairs: 0, sameOrRelatedSchool: true, menteeTier: 'new' },
        policy: DEFAULT_POLICY,
      },
      meta(admin.id, 'admin', new Date(Date.now() - 370 * day)),
    );
    await runCommand(
      store,
      mentorshipDecider,
      mentorshipId,
      { type: 'SignOffYear', comment: '教学常规扎实', policy: DEFAULT_POLICY },
      meta(mentorId, 'mentor', new Date()),
    );
    p = await progressionOnce(newcomer, (v) => v.tier === 'young');
    expect(p.tier).toBe('young');
    expect(p.tierHistory.map((t: { tier: string }) => t.tier)).toEqual(['new', 'young']);
    expect(p.mentorships).toHaveLength(1);
  });

  it('refuses a 骨干教师 application until 150 hours, then approves it through the committee', async () => {
    const promotion = { kind: 'tier_promotion', targetTier: 'backbone', evidence: ['公开课'] };
    const first = await throughCommittee(newcomer, 'tier_promotion', promotion);
    expect(first.submitted.status).toBe(422);
    expect(first.submitted.body).toMatchObject({ code: 'promotion_ineligible', targetTier: 'backbone' });
    const unmet = first.submitted.body.unmet as { key: string; required: number; current: number }[];
    expect(unmet.find((u) => u.key === 'training_hours')).toMatchObject({ required: 150, current: 120 });

    // A recognised activity of 30 hours, granted by the office with its approving record.
    const granted = await admin.call('POST', `/api/teachers/${newcomer.id}/hours`, {
      hours: 30,
      level: 'city',
      kind: 'activity',
      completedAt: new Date().toISOString(),
      source: { type: 'activity', id: 'city-open-class-2026', approvingRecord: '青教发〔2026〕12号' },
    });
    expect(granted.status).toBe(200);
    expect((await progression(newcomer)).hours.total).toBe(150);

    const again = await newcomer.call('POST', `/api/applications/${first.id}/submit`);
    expect(again.status).toBe(200);
    expect((await reviewAndApprove(first.id, newcomer)).status).toBe(200);
    const p = await progressionOnce(newcomer, (v) => v.tier === 'backbone');
    expect(p.tier).toBe('backbone');
    expect(p.tierHistory.at(-1)).toMatchObject({
      tier: 'backbone',
      source: { type: 'promotion', applicationId: first.id },
    });
  });

  it('corrects a mistaken grant by a reversing entry, and revokes a title after a failed end-of-term assessment', async () => {
    const teacher = await signIn(
      api,
      db,
      c.teachers.find((t) => t.tier === 'backbone')!,
    );
    await settled();
    const grant = await admin.call('POST', `/api/teachers/${teacher.id}/hours`, {
      hours: 12,
      level: 'school',
      kind: 'activity',
      completedAt: new Date().toISOString(),
      source: { type: 'activity', id: 'typo-grant', approvingRecord: '校〔2026〕3号' },
    });
    expect(grant.status).toBe(200);
    let p = await progression(teacher);
    const entry = p.ledger.find((e: { source: { id: string } }) => e.source.id === 'typo-grant');
    expect(p.hours.total).toBe(12);
    // DOMAIN.md "Hours and credits": append-only; a mistake is corrected by a reversing entry.
    const reversed = await admin.call('POST', `/api/teachers/${teacher.id}/hours/${entry.entryId}/reversal`, {
      reason: '重复登记',
    });
    expect(reversed.status).toBe(200);
    expect(reversed.body.events).toEqual(['HoursGrantReversed']);
    const twice = await admin.call('POST', `/api/teachers/${teacher.id}/hours/${entry.entryId}/reversal`, {
      reason: '再次',
    });
    expect(twice.status).toBe(422);
    p = await progression(teacher);
    expect(p.hours.total).toBe(0);
    expect(p.ledger).toHaveLength(1); // the entry stays, marked reversed
    expect(p.ledger[0].reversed).toBe(true);

    // seed 000 §五(四) 评估跟进: a qualified assessment keeps the title, an unqualified one revokes it.
    const kept = await admin.call('POST', `/api/teachers/${teacher.id}/tier-revocations`, {
      reason: '任期考核',
      assessment: { ref: 'term-2026-a', score: 75 },
    });
    expect(kept.status).toBe(422);
    const revoked = await admin.call('POST', `/api/teachers/${teacher.id}/tier-revocations`, {
      reason: '任期考核不合格',
      assessment: { ref: 'term-2026-b', score: 52 },
    });
    expect(revoked.status).toBe(200);
    p = await progression(teacher);
    expect(p.tier).toBe('young');
    expect(p.tierHistory.at(-1)).toMatchObject({ change: 'revoked', tier: 'backbone' }); // the title lost
  });

  it('bans promotions for two years after an ethics fail, shows it to the teacher and the office, hides it from others', async () => {
    const teacher = await signIn(api, db, c.teachers[12]!);
    const fail = await admin.call('POST', `/api/teachers/${teacher.id}/ethics-assessments`, {
      schoolYear: '2025-2026',
      result: 'fail',
    });
    expect(fail.status).toBe(200);
    const mine = await progression(teacher);
    expect(mine.ethics).toMatchObject({ banInForce: true });
    expect(Date.parse(mine.ethics.banEndsAt)).toBeGreaterThan(Date.now() + 365 * day);
    // A colleague never sees another teacher's ethics results; the office over them does.
    expect((await newcomer.call('GET', `/api/teachers/${teacher.id}/progression`)).status).toBe(403);
    expect((await admin.call('GET', `/api/teachers/${teacher.id}/progression`)).status).toBe(200);
    // Teachers do not keep records, their own least of all.
    expect(
      (
        await teacher.call('POST', `/api/teachers/${teacher.id}/ethics-assessments`, {
          schoolYear: '2024-2025',
          result: 'pass',
        })
      ).status,
    ).toBe(403);
    const dashboard = await admin.call('GET', '/api/dashboard');
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.bansInForce.map((b: { teacherId: string }) => b.teacherId)).toContain(teacher.id);
    expect(Object.values(dashboard.body.teachersPerTier).reduce((a, b) => Number(a) + Number(b), 0)).toBe(41);
    expect(dashboard.body.annualHoursShortfalls.length).toBeGreaterThan(0);
    expect((await newcomer.call('GET', '/api/dashboard')).status).toBe(403);
  });

  it('publishes a new policy version that later answers name, and refuses a malformed one', async () => {
    const current = (await admin.call('GET', '/api/policies/current')).body;
    expect(current.version).toBe('default-1');
    const bad = await admin.call('POST', '/api/policies', {
      policy: { ...current, version: 'bad', ladder: { ...current.ladder, annualHours: 'fifty' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('policy.ladder.annualHours');
    const split = await admin.call('POST', '/api/policies', {
      policy: {
        ...current,
        version: 'split',
        ladder: { ...current.ladder, creditSplit: { province: 50, city: 50, district: 50, school: 50 } },
      },
    });
    expect(split.status).toBe(422);
    // The api holds the newcomer's folded record and the catalogue it read last: both views as of now.
    const newcomerId = (await newcomer.call('GET', '/api/teachers/me/progression')).body.teacherId;
    expect((await newcomer.call('GET', '/api/teachers/me/progression')).body.policyVersion).toBe('default-1');
    expect((await admin.call('GET', `/api/teachers/${newcomerId}/progression`)).body.policyVersion).toBe(
      'default-1',
    );
    const published = await admin.call('POST', '/api/policies', {
      policy: { ...current, version: '2026-2', ladder: { ...current.ladder, annualHours: 60 } },
    });
    expect(published.status).toBe(201);
    // The very next reads, with nothing waited for, use the version just published (DOMAIN.md preamble:
    // the version in force), the teacher's own view and an office's alike.
    const mine = (await newcomer.call('GET', '/api/teachers/me/progression')).body;
    expect(mine.policyVersion).toBe('2026-2');
    expect(mine.obligations.find((o: { key: string }) => o.key === 'annual_hours').required).toBe(60);
    expect((await admin.call('GET', `/api/teachers/${newcomerId}/progression`)).body.policyVersion).toBe(
      '2026-2',
    );
    expect((await admin.call('GET', '/api/policies/current')).body.version).toBe('2026-2');
    const p = await progression(newcomer);
    expect(p.policyVersion).toBe('2026-2');
    expect(p.obligations.find((o: { key: string }) => o.key === 'annual_hours').required).toBe(60);
    expect((await newcomer.call('POST', '/api/policies', { policy: current })).status).toBe(403);
  });

  it("names the dashboard's teachers and units through identity, within the office's subtree only, and shows an erased teacher as erased", async () => {
    type Row = { teacherId: string; name: string | null; orgUnit: string; orgUnitName: string | null };
    type Shortfall = Row & { hours: number; missing: number };
    const teacher = c.teachers[12]!; // banned in the test above
    const id = (await signIn(api, db, teacher)).id;
    await settled();
    const whole = (await admin.call('GET', '/api/dashboard')).body;
    const banned = whole.bansInForce.find((b: Row) => b.teacherId === id);
    expect(banned).toMatchObject({
      name: teacher.displayName,
      orgUnit: teacher.orgUnit,
      orgUnitName: teacher.orgUnitName,
    });
    // Every listed teacher named, and the list still in its order: most hours missing first, then by id.
    const shortfalls: Shortfall[] = whole.annualHoursShortfalls;
    expect(shortfalls.length).toBeGreaterThan(1);
    for (const r of shortfalls) {
      const login = seed.logins.find((l) => l.orgUnit === r.orgUnit && l.displayName === r.name);
      expect(login).toBeDefined();
      expect(r.orgUnitName).toBe(login!.orgUnitName);
      expect(r.missing).toBe(whole.annualHoursRequired - r.hours);
    }
    const order = [...shortfalls].sort(
      (a, b) => b.missing - a.missing || (a.teacherId < b.teacherId ? -1 : 1),
    );
    expect(shortfalls.map((r) => r.teacherId)).toEqual(order.map((r) => r.teacherId));

    // DOMAIN.md "People and roles": a school's dashboard shows that school's teachers only.
    const school = (await admin.call('GET', `/api/dashboard?orgUnit=${teacher.orgUnit}`)).body;
    expect(school.bansInForce.map((b: Row) => b.teacherId)).toContain(id);
    for (const r of [...school.annualHoursShortfalls, ...school.bansInForce] as Row[])
      expect(r.orgUnit).toBe(teacher.orgUnit);
    const atSchool = seed.logins.filter((l) => l.orgUnit === teacher.orgUnit && l.roles.includes('teacher'));
    expect(Object.values(school.teachersPerTier).reduce((a, b) => Number(a) + Number(b), 0)).toBe(
      atSchool.length,
    );
    const bad = await admin.call('GET', '/api/dashboard?orgUnit=not%20a%20unit');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(bad.body)).toContain('orgUnit');

    // DOMAIN.md "Audit trail": erased on a lawful request, the teacher's name is gone from the lists.
    const erased = await admin.call('POST', `/api/users/${id}/erasure`, {
      reason: '本人书面申请删除个人信息',
      legalBasis: 'PIPL Art. 47',
    });
    expect(erased.status).toBe(200);
    const after = (await admin.call('GET', '/api/dashboard')).body;
    expect(after.bansInForce.find((b: Row) => b.teacherId === id)).toMatchObject({
      name: ERASED_PLACEHOLDER,
      orgUnitName: teacher.orgUnitName,
    });
    expect(JSON.stringify(after)).not.toContain(teacher.displayName);

    // Capped at 500 rows, names looked up for the capped page: records identity does not know (planted
    // in the read model here) list without a name, after the named ones missing as much.
    await db.pool.query(
      `INSERT INTO teacher_progress (teacher_id, org_unit, updated_at)
       SELECT 'zz-cap-' || lpad(n::text, 3, '0'), $1, now() FROM generate_series(1, 520) n`,
      [teacher.orgUnit],
    );
    const capped: Shortfall[] = (await admin.call('GET', `/api/dashboard?orgUnit=${teacher.orgUnit}`)).body
      .annualHoursShortfalls;
    expect(capped).toHaveLength(500);
    expect(capped.at(-1)).toMatchObject({ teacherId: expect.stringMatching(/^zz-cap-/), name: null });
    expect(capped.at(-1)!.orgUnitName).toBe(teacher.orgUnitName);
    const named = capped.filter((r) => r.name !== null);
    expect(named.length).toBeGreaterThan(0);
    expect(capped.slice(0, named.length)).toEqual(named);
  });
});
