import type { DemoSeedResult } from '#libs/identity';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import type { TestApp } from '../support/test-app.js';
import { bearer, eventCount, login, seedDemo, startIdentityApp } from './support/identity-test-app.js';

// DOMAIN.md "People and roles" (editing a user): an admin lists, searches and
// edits the users of their own org unit and below it — roles, deactivation and reactivation, a password
// reset — and nobody else does. Every refusal is a localised problem and appends nothing.
const ZH = { 'accept-language': 'zh-CN' };
const PASSWORD = 'correct-horse-battery';

type Who = 'anonymous' | 'self' | 'teacher' | 'chair' | 'adminOut' | 'adminIn' | 'cityAdmin';
const WHO: Who[] = ['anonymous', 'self', 'teacher', 'chair', 'adminOut', 'adminIn', 'cityAdmin'];

describe('user administration over HTTP, scoped to the admin’s subtree (real PostgreSQL)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  const tokens = {} as Record<Exclude<Who, 'anonymous' | 'self'>, string>;
  let seq = 0;
  const unit = (key: string) => seed.orgUnits.find((u) => u.name.includes(key))!;
  const as = (token: string | null, extra: Record<string, string> = {}) => ({
    ...(token ? bearer(token) : {}),
    ...extra,
  });

  /** A new teacher at Donghu No.1 Middle School, signed in. */
  const newTeacher = async (name = '新教师') => {
    const username = `t.admin${++seq}`;
    const res = await api.request('POST', '/api/users', {
      body: {
        username,
        displayName: `${name}${seq}`,
        orgUnit: unit('Donghu No.1').id,
        roles: ['teacher'],
        tier: 'young',
        password: PASSWORD,
      },
      headers: bearer(tokens.cityAdmin),
    });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, username, token: await login(api, username, PASSWORD) };
  };

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startIdentityApp(db);
    seed = await seedDemo(api, db);
    tokens.cityAdmin = await login(api, 'admin');
    tokens.chair = await login(api, 'chair');
    const t = seed.logins.find((l) => l.roles.length === 1 && l.orgUnitName.includes('Donghu No.1'))!;
    tokens.teacher = await login(api, t.username);
    for (const [username, district] of [
      ['admin.donghu', 'Donghu District'],
      ['admin.xishan', 'Xishan County'],
    ] as const) {
      const res = await api.request('POST', '/api/users', {
        body: {
          username,
          displayName: `${district} office`,
          orgUnit: unit(district).id,
          roles: ['admin'],
          password: PASSWORD,
        },
        headers: bearer(tokens.cityAdmin),
      });
      expect(res.status).toBe(201);
    }
    tokens.adminIn = await login(api, 'admin.donghu', PASSWORD);
    tokens.adminOut = await login(api, 'admin.xishan', PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });
  beforeEach(async () => {
    await db.pool.query('DELETE FROM login_attempts');
  });

  describe('the list', () => {
    it('shows a district admin only their district, each row with its school, with the total over every page', async () => {
      const res = await api.request('GET', '/api/users?limit=5', { headers: as(tokens.adminIn) });
      expect(res.status).toBe(200);
      expect(res.body.limit).toBe(5);
      expect(res.body.offset).toBe(0);
      expect(res.body.items).toHaveLength(5);
      const inDonghu = seed.logins.filter((l) => l.orgUnitName.includes('Donghu')).length;
      expect(res.body.total).toBeGreaterThanOrEqual(inDonghu);
      const all = await api.request('GET', `/api/users?limit=200`, { headers: as(tokens.adminIn) });
      expect(all.body.items).toHaveLength(all.body.total);
      expect(all.body.items.every((u: { orgUnitName: string }) => u.orgUnitName.includes('东湖'))).toBe(true);
      const teacherRow = all.body.items.find((u: { roles: string[] }) => u.roles.includes('teacher'));
      expect(teacherRow.schoolName).toMatch(/东湖/);
      expect(JSON.stringify(all.body)).not.toMatch(/scrypt|password/i);
      const city = await api.request('GET', '/api/users?limit=200', { headers: as(tokens.cityAdmin) });
      expect(city.body.total).toBeGreaterThan(all.body.total);
    });

    it('searches names and usernames, filters by role, tier, unit and state, and pages in username order', async () => {
      const reviewers = await api.request('GET', '/api/users?role=reviewer&limit=200', {
        headers: as(tokens.cityAdmin),
      });
      expect(reviewers.body.total).toBe(seed.logins.filter((l) => l.roles.includes('reviewer')).length);
      const masters = await api.request('GET', '/api/users?tier=master&limit=200', {
        headers: as(tokens.cityAdmin),
      });
      expect(masters.body.items.every((u: { tier: string }) => u.tier === 'master')).toBe(true);
      expect(masters.body.total).toBe(seed.logins.filter((l) => l.tier === 'master').length);
      const someone = seed.logins.find((l) => l.roles.includes('mentor'))!;
      const byName = await api.request(
        'GET',
        `/api/users?q=${encodeURIComponent(someone.displayName.slice(0, 2))}`,
        {
          headers: as(tokens.cityAdmin),
        },
      );
      expect(byName.body.items.map((u: { username: string }) => u.username)).toContain(someone.username);
      const byUsername = await api.request('GET', `/api/users?q=${someone.username.toUpperCase()}`, {
        headers: as(tokens.cityAdmin),
      });
      expect(byUsername.body.items.map((u: { username: string }) => u.username)).toEqual([someone.username]);
      // A % in the search is a character, not a wildcard.
      expect(
        (await api.request('GET', '/api/users?q=%25', { headers: as(tokens.cityAdmin) })).body.total,
      ).toBe(0);
      const school = unit('Xishan Middle');
      const inSchool = await api.request('GET', `/api/users?orgUnitId=${school.id}&limit=200`, {
        headers: as(tokens.cityAdmin),
      });
      expect(inSchool.body.total).toBe(seed.logins.filter((l) => l.orgUnit === school.id).length);
      const p1 = await api.request('GET', '/api/users?limit=3&offset=0', { headers: as(tokens.cityAdmin) });
      const p2 = await api.request('GET', '/api/users?limit=3&offset=3', { headers: as(tokens.cityAdmin) });
      const names = [...p1.body.items, ...p2.body.items].map((u: { username: string }) => u.username);
      expect(names).toEqual([...names].sort());
      expect(new Set(names).size).toBe(6);
      const past = await api.request('GET', '/api/users?limit=3&offset=100000', {
        headers: as(tokens.cityAdmin),
      });
      expect(past.body).toMatchObject({ items: [], total: p1.body.total });
      const t = await newTeacher('停用者');
      await api.request('POST', `/api/users/${t.id}/deactivation`, {
        body: { reason: '离职' },
        headers: as(tokens.cityAdmin),
      });
      const inactive = await api.request('GET', '/api/users?active=false', { headers: as(tokens.cityAdmin) });
      expect(inactive.body.items.map((u: { id: string }) => u.id)).toContain(t.id);
    });

    it('records a teacher’s subject (学科) and finds them by it; a blank or overlong subject is refused and nothing is written', async () => {
      const body = (subject: unknown) => ({
        username: `t.subject${++seq}`,
        displayName: `学科教师${seq}`,
        orgUnit: unit('Donghu No.1').id,
        roles: ['teacher'],
        tier: 'new',
        password: PASSWORD,
        subject,
      });
      const created = await api.request('POST', '/api/users', {
        body: body(' 初中物理（实验班） '),
        headers: as(tokens.cityAdmin),
      });
      expect(created.status).toBe(201);
      const found = await api.request('GET', `/api/users?q=${encodeURIComponent('物理（实验')}`, {
        headers: as(tokens.cityAdmin),
      });
      expect(found.body.items).toEqual([
        expect.objectContaining({ id: created.body.id, subject: '初中物理（实验班）' }),
      ]);
      const one = await api.request('GET', `/api/users/${created.body.id}`, {
        headers: as(tokens.cityAdmin),
      });
      expect(one.body.subject).toBe('初中物理（实验班）');
      // The ladder's reactor opens the new teacher's record on its own time (actor "system"), so
      // "nothing written" counts what a person's command appended, as the other refusals here do.
      const before = await eventCount(db);
      for (const bad of ['   ', 'x'.repeat(101), 42]) {
        const res = await api.request('POST', '/api/users', {
          body: body(bad),
          headers: as(tokens.cityAdmin, ZH),
        });
        expect(res.status).toBe(400);
        expect(new Set(res.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['subject']));
      }
      expect(await eventCount(db)).toBe(before);
    });

    it('refuses bad filters naming the field, and a unit outside the admin’s subtree, in Chinese', async () => {
      const bad = await api.request('GET', '/api/users?role=king&limit=0&tier=x&active=maybe', {
        headers: as(tokens.cityAdmin, ZH),
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'active',
        'limit',
        'role',
        'tier',
      ]);
      const out = await api.request('GET', `/api/users?orgUnitId=${unit('Xishan County').id}`, {
        headers: as(tokens.adminIn, ZH),
      });
      expect(out.status).toBe(403);
      expect(out.body).toMatchObject({ code: 'outside_admin_scope', detail: '超出本单位管辖范围' });
    });
  });

  describe('editing a user', () => {
    it('roles: set by an admin over them, never by themselves; unknown roles and empty lists refused', async () => {
      const t = await newTeacher();
      const res = await api.request('PUT', `/api/users/${t.id}/roles`, {
        body: { roles: ['teacher', 'reviewer'] },
        headers: as(tokens.adminIn),
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: t.id,
        roles: ['teacher', 'reviewer'],
        active: true,
        sessionsEnded: true,
      });
      const user = await api.request('GET', `/api/users/${t.id}`, { headers: as(tokens.adminIn) });
      expect(user.body.roles).toEqual(['teacher', 'reviewer']);
      const same = await api.request('PUT', `/api/users/${t.id}/roles`, {
        body: { roles: ['reviewer', 'teacher'] },
        headers: as(tokens.adminIn),
      });
      expect(same.body).toMatchObject({ sessionsEnded: false, version: res.body.version });
      const before = await eventCount(db);
      for (const roles of [[], ['king']]) {
        const bad = await api.request('PUT', `/api/users/${t.id}/roles`, {
          body: { roles },
          headers: as(tokens.adminIn, ZH),
        });
        expect(bad.status).toBe(400);
        expect(bad.body.errors[0].field).toBe('roles');
      }
      const adminId = (await api.request('GET', '/api/auth/me', { headers: as(tokens.adminIn) })).body.id;
      const own = await api.request('PUT', `/api/users/${adminId}/roles`, {
        body: { roles: ['admin', 'chair'] },
        headers: as(tokens.adminIn, ZH),
      });
      expect(own.status).toBe(403);
      expect(own.body.code).toBe('own_roles');
      expect(await eventCount(db)).toBe(before);
    });

    it('deactivation and reactivation: the account stops and starts signing in; a reason is required', async () => {
      const t = await newTeacher();
      const noReason = await api.request('POST', `/api/users/${t.id}/deactivation`, {
        body: { reason: '  ' },
        headers: as(tokens.adminIn, ZH),
      });
      expect(noReason.status).toBe(400);
      expect(noReason.body.errors[0].field).toBe('reason');
      const off = await api.request('POST', `/api/users/${t.id}/deactivation`, {
        body: { reason: '调往外省' },
        headers: as(tokens.adminIn),
      });
      expect(off.body).toMatchObject({ active: false, sessionsEnded: true });
      expect(
        (await api.request('POST', '/api/auth/login', { body: { username: t.username, password: PASSWORD } }))
          .status,
      ).toBe(401);
      const changeLocale = await api.request('PUT', `/api/users/${t.id}/locale`, {
        body: { locale: 'en' },
        headers: as(tokens.adminIn, ZH),
      });
      expect(changeLocale.status).toBe(422);
      const on = await api.request('POST', `/api/users/${t.id}/reactivation`, {
        body: { reason: '返回本单位' },
        headers: as(tokens.adminIn),
      });
      expect(on.status).toBe(200);
      expect(on.body).toMatchObject({ active: true, sessionsEnded: false });
      expect(
        (await api.request('GET', `/api/users/${t.id}`, { headers: as(tokens.adminIn) })).body.active,
      ).toBe(true);
      expect(
        (await api.request('POST', '/api/auth/login', { body: { username: t.username, password: PASSWORD } }))
          .status,
      ).toBe(200);
      const again = await api.request('POST', `/api/users/${t.id}/reactivation`, {
        body: { reason: '重复' },
        headers: as(tokens.adminIn),
      });
      expect(again.body.version).toBe(on.body.version);
      const events = await db.pool.query(`SELECT type FROM events WHERE stream_id = $1 ORDER BY version`, [
        `user-${t.id}`,
      ]);
      expect(events.rows.map((r) => r.type)).toEqual([
        'UserRegistered',
        'UserDeactivated',
        'UserReactivated',
      ]);
    });

    it('an admin cannot deactivate or reactivate themselves, and an erased account stays closed', async () => {
      const adminId = (await api.request('GET', '/api/auth/me', { headers: as(tokens.adminIn) })).body.id;
      const own = await api.request('POST', `/api/users/${adminId}/deactivation`, {
        body: { reason: '试试' },
        headers: as(tokens.adminIn, ZH),
      });
      expect(own.status).toBe(403);
      expect(own.body).toMatchObject({ code: 'own_account', detail: expect.stringContaining('本人') });
      const t = await newTeacher();
      await api.request('POST', `/api/users/${t.id}/deactivation`, {
        body: { reason: '注销' },
        headers: as(tokens.adminIn),
      });
      await api.request('POST', `/api/users/${t.id}/erasure`, {
        body: { reason: '本人申请', legalBasis: '个人信息保护法第四十七条' },
        headers: as(tokens.adminIn),
      });
      const back = await api.request('POST', `/api/users/${t.id}/reactivation`, {
        body: { reason: '恢复' },
        headers: as(tokens.adminIn, ZH),
      });
      expect(back.status).toBe(422);
      expect(back.body).toMatchObject({ code: 'user_erased', detail: expect.stringMatching(/已删除/) });
    });

    it('a password reset sets a temporary password of at least 8 characters', async () => {
      const t = await newTeacher();
      const short = await api.request('POST', `/api/users/${t.id}/password-reset`, {
        body: { temporaryPassword: 'short' },
        headers: as(tokens.adminIn, ZH),
      });
      expect(short.status).toBe(400);
      expect(short.body.errors[0]).toMatchObject({
        field: 'temporaryPassword',
        message: expect.stringMatching(/8/),
      });
      const ok = await api.request('POST', `/api/users/${t.id}/password-reset`, {
        body: { temporaryPassword: 'temp-pass-123' },
        headers: as(tokens.adminIn),
      });
      expect(ok.status).toBe(200);
      expect(
        (
          await api.request('POST', '/api/auth/login', {
            body: { username: t.username, password: 'temp-pass-123' },
          })
        ).status,
      ).toBe(200);
      const events = await db.pool.query(
        `SELECT data FROM events WHERE stream_id = $1 AND type = 'PasswordChanged'`,
        [`user-${t.id}`],
      );
      expect(JSON.stringify(events.rows)).not.toContain('temp-pass-123');
    });
  });

  describe('transfer to another school', () => {
    it('moves a teacher between districts (the city over both), keeps the earlier school in the history and ends their sessions', async () => {
      const t = await newTeacher('调动');
      const to = unit('Xishan Middle');
      const before = await eventCount(db);
      // Donghu's admin is over the school the teacher leaves, not over the one in Xishan.
      const district = await api.request('POST', `/api/users/${t.id}/transfer`, {
        body: { orgUnitId: to.id, reason: '交流轮岗' },
        headers: as(tokens.adminIn, ZH),
      });
      expect(district.status).toBe(403);
      expect(district.body).toMatchObject({ code: 'outside_admin_scope', detail: '超出本单位管辖范围' });
      expect(await eventCount(db)).toBe(before);

      const res = await api.request('POST', `/api/users/${t.id}/transfer`, {
        body: { orgUnitId: to.id, reason: ' 交流轮岗 ' },
        headers: as(tokens.cityAdmin),
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: t.id, orgUnit: to.id, sessionsEnded: true, duplicate: false });
      expect(await eventCount(db)).toBe(before + 1);
      expect((await api.request('GET', '/api/auth/me', { headers: as(t.token) })).status).toBe(401);

      const user = await api.request('GET', `/api/users/${t.id}`, { headers: as(tokens.cityAdmin) });
      expect(user.body).toMatchObject({ orgUnit: to.id, schoolId: to.id, roles: ['teacher'], tier: 'young' });
      // Scope follows the school: Donghu's admin no longer sees the teacher, Xishan's does.
      expect((await api.request('GET', `/api/users/${t.id}`, { headers: as(tokens.adminIn) })).status).toBe(
        403,
      );
      expect((await api.request('GET', `/api/users/${t.id}`, { headers: as(tokens.adminOut) })).status).toBe(
        200,
      );

      const history = await api.request('GET', `/api/users/${t.id}/org-unit-history`, {
        headers: as(tokens.adminOut),
      });
      expect(history.status).toBe(200);
      const adminId = (await api.request('GET', '/api/auth/me', { headers: as(tokens.cityAdmin) })).body.id;
      expect(history.body.items).toEqual([
        expect.objectContaining({
          orgUnit: unit('Donghu No.1').id,
          orgUnitName: unit('Donghu No.1').name,
          level: 'school',
          until: expect.any(String),
          reason: null,
          movedBy: null,
        }),
        expect.objectContaining({
          orgUnit: to.id,
          orgUnitName: to.name,
          until: null,
          reason: '交流轮岗',
          movedBy: adminId,
          movedByName: expect.stringContaining('陈静'),
        }),
      ]);
      expect(history.body.items[0].until).toBe(history.body.items[1].since);
      const events = await db.pool.query(
        `SELECT data, metadata->>'actorId' AS actor FROM events WHERE stream_id = $1 AND type = 'UserTransferred'`,
        [`user-${t.id}`],
      );
      expect(events.rows).toEqual([
        {
          data: { fromOrgUnit: unit('Donghu No.1').id, toOrgUnit: to.id, reason: '交流轮岗' },
          actor: adminId,
        },
      ]);

      // The same request again (same Idempotency-Key) answers the first result and appends nothing.
      const key = { 'idempotency-key': '5b0c9f5e-3f7e-4a55-9a53-6a9e1d1e0a11' };
      const back = await api.request('POST', `/api/users/${t.id}/transfer`, {
        body: { orgUnitId: unit('Donghu No.1').id, reason: '回原校' },
        headers: as(tokens.cityAdmin, key),
      });
      expect(back.status).toBe(200);
      const count = await eventCount(db);
      const retry = await api.request('POST', `/api/users/${t.id}/transfer`, {
        body: { orgUnitId: unit('Donghu No.1').id, reason: '回原校' },
        headers: as(tokens.cityAdmin, key),
      });
      expect(retry.body).toMatchObject({ duplicate: true, version: back.body.version });
      expect(await eventCount(db)).toBe(count);
      const three = await api.request('GET', `/api/users/${t.id}/org-unit-history`, {
        headers: as(tokens.cityAdmin),
      });
      expect(three.body.items.map((p: { orgUnit: string }) => p.orgUnit)).toEqual([
        unit('Donghu No.1').id,
        to.id,
        unit('Donghu No.1').id,
      ]);
    });

    it('a district admin moves a teacher between two of its schools; the list finds them by the new school', async () => {
      const t = await newTeacher('校际交流');
      const to = unit('Donghu Experimental');
      const res = await api.request('POST', `/api/users/${t.id}/transfer`, {
        body: { orgUnitId: to.id, reason: '校际交流' },
        headers: as(tokens.adminIn),
      });
      expect(res.status).toBe(200);
      const bySchool = await api.request('GET', `/api/users?q=${encodeURIComponent('实验小学')}&limit=200`, {
        headers: as(tokens.adminIn),
      });
      const row = bySchool.body.items.find((u: { id: string }) => u.id === t.id);
      expect(row).toMatchObject({ orgUnit: to.id, schoolId: to.id, schoolName: to.name });
      expect(
        bySchool.body.items.every((u: { schoolName: string | null; orgUnitName: string }) =>
          `${u.schoolName ?? ''}${u.orgUnitName}`.includes('实验小学'),
        ),
      ).toBe(true);
      expect(bySchool.body.total).toBe(seed.logins.filter((l) => l.orgUnit === to.id).length + 1);
    });

    it('refuses bad input naming the field, an unknown unit, the same unit and oneself, in Chinese, appending nothing', async () => {
      const t = await newTeacher('拒绝');
      const before = await eventCount(db);
      const bad = await api.request('POST', `/api/users/${t.id}/transfer`, {
        body: { orgUnitId: 'no such/unit', reason: ' ', extra: 1 },
        headers: as(tokens.cityAdmin, ZH),
      });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
        expect.arrayContaining(['orgUnitId', 'reason']),
      );
      const long = await api.request('POST', `/api/users/${t.id}/transfer`, {
        body: { orgUnitId: unit('Donghu Experimental').id, reason: '长'.repeat(2001) },
        headers: as(tokens.cityAdmin, ZH),
      });
      expect(long.status).toBe(400);
      expect(long.body.errors[0].field).toBe('reason');
      const unknown = await api.request('POST', `/api/users/${t.id}/transfer`, {
        body: { orgUnitId: 'nowhere', reason: '调动' },
        headers: as(tokens.cityAdmin, ZH),
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body).toMatchObject({ code: 'orgunit_not_found', detail: '组织机构不存在' });
      const same = await api.request('POST', `/api/users/${t.id}/transfer`, {
        body: { orgUnitId: unit('Donghu No.1').id, reason: '调动' },
        headers: as(tokens.cityAdmin, ZH),
      });
      expect(same.status).toBe(422);
      expect(same.body).toMatchObject({ code: 'same_org_unit', detail: expect.stringMatching(/已在此单位/) });
      const cityAdminId = (await api.request('GET', '/api/auth/me', { headers: as(tokens.cityAdmin) })).body
        .id;
      const selfMove = await api.request('POST', `/api/users/${cityAdminId}/transfer`, {
        body: { orgUnitId: unit('Donghu District').id, reason: '自己调动' },
        headers: as(tokens.cityAdmin, ZH),
      });
      expect(selfMove.status).toBe(403);
      expect(selfMove.body).toMatchObject({ code: 'own_transfer', detail: expect.stringContaining('本人') });
      const missing = await api.request('POST', `/api/users/0b8f3a3c-8a51-4d1e-9a11-4f5f4a0c2b9e/transfer`, {
        body: { orgUnitId: unit('Donghu No.1').id, reason: '调动' },
        headers: as(tokens.cityAdmin, ZH),
      });
      expect(missing.status).toBe(404);
      expect(await eventCount(db)).toBe(before);
    });
  });

  /**
   * Endpoint × who. The subject is a new Donghu No.1 teacher for each cell; `adminIn` is the Donghu
   * District admin, `adminOut` Xishan County's, `self` the subject themselves. Allowed actors get the
   * listed status; everyone else 403 (anonymous 401), and a refused cell appends nothing.
   */
  describe('authorisation matrix', () => {
    const rows: {
      name: string;
      method: string;
      path: (id: string) => string;
      /** A function when it names a seeded unit, known only once the demo is seeded. */
      body?: unknown;
      prepare?: (id: string) => Promise<void>;
      /** The status each listed actor gets (a success, or a refusal other than the default). */
      allowed: Partial<Record<Who, number>>;
    }[] = [
      {
        name: 'list users of Donghu District',
        method: 'GET',
        path: () => `/api/users?orgUnitId=${unit('Donghu District').id}`,
        allowed: { adminIn: 200, cityAdmin: 200 },
      },
      {
        name: 'set roles',
        method: 'PUT',
        path: (id) => `/api/users/${id}/roles`,
        body: { roles: ['teacher', 'mentor'] },
        allowed: { adminIn: 200, cityAdmin: 200 },
      },
      {
        name: 'deactivate',
        method: 'POST',
        path: (id) => `/api/users/${id}/deactivation`,
        body: { reason: '离职' },
        allowed: { adminIn: 200, cityAdmin: 200 },
      },
      {
        name: 'reactivate',
        method: 'POST',
        path: (id) => `/api/users/${id}/reactivation`,
        body: { reason: '返岗' },
        prepare: async (id) => {
          const res = await api.request('POST', `/api/users/${id}/deactivation`, {
            body: { reason: '离职' },
            headers: bearer(tokens.cityAdmin),
          });
          expect(res.status).toBe(200);
        },
        // The deactivated subject's own session ended with the deactivation: 401 before any role check.
        allowed: { adminIn: 200, cityAdmin: 200, self: 401 },
      },
      {
        name: 'reset the password',
        method: 'POST',
        path: (id) => `/api/users/${id}/password-reset`,
        body: { temporaryPassword: 'temp-pass-456' },
        allowed: { adminIn: 200, cityAdmin: 200 },
      },
      {
        name: 'erase personal data',
        method: 'POST',
        path: (id) => `/api/users/${id}/erasure`,
        body: { reason: '本人申请', legalBasis: '个人信息保护法第四十七条' },
        allowed: { adminIn: 200, cityAdmin: 200 },
      },
      {
        name: 'transfer to a sister school',
        method: 'POST',
        path: (id) => `/api/users/${id}/transfer`,
        body: () => ({ orgUnitId: unit('Donghu Experimental').id, reason: '校际交流' }),
        allowed: { adminIn: 200, cityAdmin: 200 },
      },
      {
        name: 'transfer to another district',
        method: 'POST',
        path: (id) => `/api/users/${id}/transfer`,
        body: () => ({ orgUnitId: unit('Xishan Middle').id, reason: '交流轮岗' }),
        allowed: { cityAdmin: 200 },
      },
      {
        name: 'read the org-unit history',
        method: 'GET',
        path: (id) => `/api/users/${id}/org-unit-history`,
        allowed: { adminIn: 200, cityAdmin: 200 },
      },
      {
        name: 'change the language',
        method: 'PUT',
        path: (id) => `/api/users/${id}/locale`,
        body: { locale: 'en' },
        allowed: { self: 200, adminIn: 200, cityAdmin: 200 },
      },
    ];

    it.each(rows.flatMap((r) => WHO.map((who) => [r.name, who, r] as const)))(
      '%s as %s',
      async (_n, who, row) => {
        const subject = await newTeacher('矩阵');
        await row.prepare?.(subject.id);
        const token = who === 'anonymous' ? null : who === 'self' ? subject.token : tokens[who];
        const before = await eventCount(db);
        const res = await api.request(row.method, row.path(subject.id), {
          ...(row.body === undefined
            ? {}
            : { body: typeof row.body === 'function' ? (row.body as () => unknown)() : row.body }),
          headers: as(token, ZH),
        });
        const expected = row.allowed[who] ?? (who === 'anonymous' ? 401 : 403);
        expect({ who, status: res.status }).toEqual({ who, status: expected });
        if (expected >= 400) {
          expect(res.body.detail).toMatch(/[\u4e00-\u9fff]/);
          expect(await eventCount(db)).toBe(before);
        }
      },
    );
  });
});
