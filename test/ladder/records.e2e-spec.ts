import type { DemoLogin, DemoSeedResult } from '#libs/identity';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import type { TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import { bearer, login, seedDemo, startIdentityApp } from '../identity/support/identity-test-app.js';
import { cast, signIn, type Person } from '../approval/support.js';

// Who keeps a teacher's record, over HTTP on real PostgreSQL (DOMAIN.md "People and roles": teacher
// records — hours, ethics assessments, appraisals — are kept by admins of the teacher's org unit or above;
// revoking a tier takes an admin of a district or above; a chair's powers are the committee's only), and
// the ethics ban counted from the end of the assessed school year (DOMAIN.md "Ethics assessment"; seed
// 002 (一)3 当年…两年内), shown on the teacher's progression page with until when and why.
describe('teacher records: keepers, revocation, the ethics ban (real PostgreSQL)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let c: ReturnType<typeof cast>;
  let chair: Person;
  let cityAdmin: Person;
  let districtAdmin: Person;
  let schoolAdmin: Person;
  let otherSchoolAdmin: Person;
  let school: string;

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startIdentityApp(db);
    seed = await seedDemo(api, db);
    c = cast(seed);
    chair = await signIn(api, db, c.chair);
    cityAdmin = await signIn(api, db, c.admin);
    const unit = (name: string) => seed.orgUnits.find((u) => u.name.includes(name))!;
    school = unit('Donghu Experimental').id;
    const token = await login(api, 'admin');
    const admin = async (username: string, orgUnit: string) => {
      const res = await api.request('POST', '/api/users', {
        body: {
          username,
          displayName: username,
          orgUnit,
          roles: ['admin'],
          password: 'correct-horse-battery',
        },
        headers: bearer(token),
      });
      expect(res.status).toBe(201);
      return signIn(api, db, {
        username,
        password: 'correct-horse-battery',
        displayName: username,
        roles: ['admin'],
        orgUnit,
        orgUnitName: '',
        tier: null,
      });
    };
    districtAdmin = await admin('admin.donghu', unit('Donghu District').id);
    schoolAdmin = await admin('admin.experimental', school);
    otherSchoolAdmin = await admin('admin.no1', unit('Donghu No.1').id);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const teacherAt = (tier: string, n = 0) =>
    c.teachers.filter((t) => t.orgUnit === school && t.tier === tier)[n]!;
  const withRecord = async (l: DemoLogin) => {
    const p = await signIn(api, db, l);
    await until(
      `${l.username}'s ladder record`,
      async () => (await p.call('GET', '/api/teachers/me/progression')).status === 200,
    );
    return p;
  };
  const version = async (teacherId: string) =>
    Number(
      (
        await db.pool.query<{ v: string }>(
          `SELECT coalesce(max(version), 0) AS v FROM events WHERE stream_id = $1`,
          [`teacher-${teacherId}`],
        )
      ).rows[0]!.v,
    );
  const grant = (id: string) => ({
    hours: 6,
    level: 'school',
    kind: 'activity',
    completedAt: new Date(Date.now() - 86_400_000).toISOString(),
    source: { type: 'activity', id: `lesson-study-${id}`, approvingRecord: '校〔2026〕5号' },
  });

  it('lets admins of the teacher’s school and above keep the record, never a chair nor another school’s admin', async () => {
    const teacher = await withRecord(teacherAt('young'));
    const entry = await cityAdmin.call('POST', `/api/teachers/${teacher.id}/hours`, grant('city'));
    expect(entry.status).toBe(200);
    const entryId = (await teacher.call('GET', '/api/teachers/me/progression')).body.ledger[0]
      .entryId as string;
    const keep = (who: Person, what: string, suffix = '') =>
      ({
        hours: () =>
          who.call('POST', `/api/teachers/${teacher.id}/hours`, grant(who.login.username + suffix)),
        ethics: () =>
          who.call('POST', `/api/teachers/${teacher.id}/ethics-assessments`, {
            schoolYear: '2024-2025',
            result: 'pass',
          }),
        appraisal: () =>
          who.call('POST', `/api/teachers/${teacher.id}/appraisals`, {
            schoolYear: '2024-2025',
            result: 'good',
          }),
        reversal: () =>
          who.call('POST', `/api/teachers/${teacher.id}/hours/${entryId}/reversal`, { reason: '重复登记' }),
      })[what]!();

    const before = await version(teacher.id);
    for (const what of ['hours', 'ethics', 'appraisal', 'reversal']) {
      const byChair = await keep(chair, what);
      expect([what, byChair.status, byChair.body.code]).toEqual([what, 403, 'office_only']);
      const byOther = await keep(otherSchoolAdmin, what);
      expect([what, byOther.status]).toEqual([what, 403]);
    }
    expect(await version(teacher.id)).toBe(before);

    for (const what of ['hours', 'ethics', 'appraisal', 'reversal'])
      expect([what, (await keep(schoolAdmin, what)).status]).toEqual([what, 200]);
    expect((await keep(districtAdmin, 'hours', '-2')).status).toBe(200);
    const p = (await teacher.call('GET', '/api/teachers/me/progression')).body;
    expect(p).toMatchObject({
      ethicsAssessments: { '2024-2025': 'pass' },
      appraisals: { '2024-2025': 'good' },
    });
    expect(p.ledger.map((e: { reversed: boolean }) => e.reversed)).toEqual([true, false, false]);
  });

  it('follows the teacher to another school: the new school’s office keeps it, the old one no longer', async () => {
    // A new teacher of the school, whom no other case here uses.
    const teacher = await withRecord(teacherAt('new', 1));
    const no1 = seed.orgUnits.find((u) => u.name.includes('Donghu No.1'))!.id;
    expect((await otherSchoolAdmin.call('GET', `/api/teachers/${teacher.id}/progression`)).status).toBe(403);
    // The old school's office reads the record while it is theirs (the api then holds the folded record
    // and has found the school within the office's unit): neither may let them read it after the move.
    expect((await schoolAdmin.call('GET', `/api/teachers/${teacher.id}/progression`)).status).toBe(200);
    expect(
      (await schoolAdmin.call('POST', `/api/teachers/${teacher.id}/hours`, grant('before'))).status,
    ).toBe(200);
    // Between two schools of one district: the district's admin is over both (DOMAIN.md "Organisation").
    const moved = await districtAdmin.call('POST', `/api/users/${teacher.id}/transfer`, {
      orgUnitId: no1,
      reason: '校际交流',
    });
    expect(moved.status).toBe(200);
    await until(
      'the record to follow the transfer',
      async () =>
        (await otherSchoolAdmin.call('GET', `/api/teachers/${teacher.id}/progression`)).status === 200,
    );
    const record = (await otherSchoolAdmin.call('GET', `/api/teachers/${teacher.id}/progression`)).body;
    expect(record.orgUnit).toBe(no1);
    expect((await schoolAdmin.call('GET', `/api/teachers/${teacher.id}/progression`)).status).toBe(403);
    // The hours recorded before the move go with the teacher.
    expect(record.ledger.map((e: { source: { id: string } }) => e.source.id)).toEqual([
      'lesson-study-before',
    ]);
    const before = await version(teacher.id);
    const old = await schoolAdmin.call('POST', `/api/teachers/${teacher.id}/hours`, grant('after-old'));
    expect(old.status).toBe(403);
    expect(await version(teacher.id)).toBe(before);
    expect(
      (await otherSchoolAdmin.call('POST', `/api/teachers/${teacher.id}/hours`, grant('after-new'))).status,
    ).toBe(200);
    const events = await db.pool.query(
      `SELECT data FROM events WHERE stream_id = $1 AND type = 'TeacherRecordMoved'`,
      [`teacher-${teacher.id}`],
    );
    expect(events.rows.map((r) => r.data)).toEqual([
      { fromOrgUnit: school, toOrgUnit: no1, movedAt: expect.any(String) },
    ]);
    const dashboard = await db.pool.query(`SELECT org_unit FROM teacher_progress WHERE teacher_id = $1`, [
      teacher.id,
    ]);
    await until(
      'the dashboard to count the teacher at the new school',
      async () =>
        (await db.pool.query(`SELECT org_unit FROM teacher_progress WHERE teacher_id = $1`, [teacher.id]))
          .rows[0]?.org_unit === no1,
    );
    expect(dashboard.rows).toHaveLength(1);
  });

  it('takes a district admin or above to revoke a tier: a school admin is refused with the level they hold', async () => {
    const teacher = await withRecord(teacherAt('backbone'));
    const revoke = (who: Person, ref: string) =>
      who.call('POST', `/api/teachers/${teacher.id}/tier-revocations`, {
        reason: '任期考核不合格',
        assessment: { ref, score: 48 },
      });
    const before = await version(teacher.id);
    const bySchool = await revoke(schoolAdmin, 'term-a');
    expect(bySchool.status).toBe(403);
    expect(bySchool.body).toMatchObject({ code: 'revocation_needs_district', keeperLevel: 'school' });
    const byChair = await revoke(chair, 'term-a');
    expect([byChair.status, byChair.body.code]).toEqual([403, 'office_only']);
    expect(await version(teacher.id)).toBe(before);

    expect((await revoke(districtAdmin, 'term-a')).status).toBe(200);
    expect((await teacher.call('GET', '/api/teachers/me/progression')).body.tier).toBe('young');
    expect((await revoke(cityAdmin, 'term-b')).status).toBe(200);
    expect((await teacher.call('GET', '/api/teachers/me/progression')).body.tier).toBe('new');
  });

  it('counts the two-year ban from the end of the school year assessed, and says until when and why', async () => {
    // A fail recorded today for 2019-2020: its two years ended on 1 September 2022 — no ban now.
    const late = await withRecord(teacherAt('young', 1));
    expect(
      (
        await schoolAdmin.call('POST', `/api/teachers/${late.id}/ethics-assessments`, {
          schoolYear: '2019-2020',
          result: 'fail',
        })
      ).status,
    ).toBe(200);
    const old = (await late.call('GET', '/api/teachers/me/progression')).body;
    expect(old.ethics).toMatchObject({
      banEndsAt: '2022-08-31T16:00:00.000Z',
      banInForce: false,
      banSchoolYear: '2019-2020',
    });
    expect(old.requirements.find((r: { key: string }) => r.key === 'ethics_ban')).toMatchObject({
      met: true,
    });

    // A fail for 2025-2026: banned until two years after 1 September 2026 (Beijing time), and the page says why.
    const recent = await withRecord(teacherAt('young', 2));
    expect(
      (
        await districtAdmin.call('POST', `/api/teachers/${recent.id}/ethics-assessments`, {
          schoolYear: '2025-2026',
          result: 'fail',
        })
      ).status,
    ).toBe(200);
    for (const view of [
      (await recent.call('GET', '/api/teachers/me/progression')).body,
      (await districtAdmin.call('GET', `/api/teachers/${recent.id}/progression`)).body,
    ]) {
      expect(view.ethics).toMatchObject({
        banEndsAt: '2028-08-31T16:00:00.000Z',
        banInForce: true,
        banSchoolYear: '2025-2026',
      });
      expect(view.ethics.reason).toMatch(/2025-2026.*2028-08-31T16:00:00\.000Z.*seed 002 \(一\)3/);
      expect(view.requirements.find((r: { key: string }) => r.key === 'ethics_ban')).toMatchObject({
        met: false,
        until: '2028-08-31T16:00:00.000Z',
      });
    }
  });
});
