import { randomUUID } from 'node:crypto';
import type { DemoSeedResult } from '#libs/identity';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import type { TestApp } from '../support/test-app.js';
import { bearer, eventCount, login, seedDemo, startIdentityApp } from './support/identity-test-app.js';

// DOMAIN.md "People and roles": admins manage org units and users only in their own
// org unit and below it; reads are scoped the same way; usernames are unique even under concurrency;
// bad input is refused with a problem naming the field, and nothing is appended.
describe("org units and users over HTTP, scoped to the admin's subtree", () => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  const unit = (key: string) => seed.orgUnits.find((u) => u.name.includes(key))!;
  let cityAdmin: string;
  let adminA: string; // 东湖区 Donghu District
  let adminB: string; // 西山县 Xishan County
  const post = (path: string, token: string, body: unknown, headers: Record<string, string> = {}) =>
    api.request('POST', path, { body, headers: { ...bearer(token), ...headers } });
  const get = (path: string, token: string) => api.request('GET', path, { headers: bearer(token) });

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startIdentityApp(db);
    seed = await seedDemo(api, db);
    cityAdmin = await login(api, 'admin');
    for (const [username, district] of [
      ['admin.donghu', 'Donghu District'],
      ['admin.xishan', 'Xishan County'],
    ] as const) {
      const res = await post('/api/users', cityAdmin, {
        username,
        displayName: `${district} office`,
        orgUnit: unit(district).id,
        roles: ['admin'],
        password: 'correct-horse-battery',
      });
      expect(res.status).toBe(201);
    }
    adminA = await login(api, 'admin.donghu', 'correct-horse-battery');
    adminB = await login(api, 'admin.xishan', 'correct-horse-battery');
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  describe('org units', () => {
    it('an admin adds a school in their district; it reads back at once with its path', async () => {
      const district = unit('Donghu District');
      const res = await post('/api/org-units', adminA, {
        name: '东湖第三中学',
        level: 'school',
        parentId: district.id,
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toBe(`/api/org-units/${res.body.id}`);
      expect(res.body).toMatchObject({
        name: '东湖第三中学',
        level: 'school',
        parentId: district.id,
        version: 1,
        readModelCaughtUp: true,
      });
      const read = await get(`/api/org-units/${res.body.id}`, adminA);
      expect(read.status).toBe(200);
      const province = unit('Province').id;
      const city = unit('Qingxi City').id;
      expect(read.body).toEqual({
        id: res.body.id,
        parentId: district.id,
        level: 'school',
        name: '东湖第三中学',
        path: `/${province}/${city}/${district.id}/${res.body.id}/`,
      });
      const events = await db.pool.query(`SELECT type, metadata FROM events WHERE stream_id = $1`, [
        `orgunit-${res.body.id}`,
      ]);
      expect(events.rows[0]).toMatchObject({
        type: 'OrgUnitCreated',
        metadata: { actorRole: 'admin', orgUnit: district.id },
      });
    });

    it('refuses a unit that is not exactly one level below its parent (DOMAIN.md four levels), appending nothing', async () => {
      const before = await eventCount(db);
      const res = await post('/api/org-units', cityAdmin, {
        name: '跳级学校',
        level: 'school',
        parentId: unit('Qingxi City').id,
      });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'level_not_below_parent', expectedLevel: 'district' });
      expect(await eventCount(db)).toBe(before);
    });

    it('403: an admin of district A cannot create units in district B or above their own unit', async () => {
      const before = await eventCount(db);
      const inB = await post('/api/org-units', adminA, {
        name: '西山第三中学',
        level: 'school',
        parentId: unit('Xishan County').id,
      });
      expect(inB.status).toBe(403);
      expect(inB.body.code).toBe('outside_admin_scope');
      const above = await post('/api/org-units', adminA, {
        name: '南湖区',
        level: 'district',
        parentId: unit('Qingxi City').id,
      });
      expect(above.status).toBe(403);
      expect(await eventCount(db)).toBe(before);
    });

    it('403: an admin of district A cannot read district B or its schools; they can read their own branch', async () => {
      expect((await get(`/api/org-units/${unit('Xishan County').id}`, adminA)).status).toBe(403);
      expect((await get(`/api/org-units/${unit('Xishan Middle').id}`, adminA)).status).toBe(403);
      expect((await get(`/api/org-units/${unit('Donghu No.1').id}`, adminA)).status).toBe(200);
      expect((await get(`/api/org-units/${unit('Qingxi City').id}`, adminA)).status).toBe(200); // above: where they belong
      expect((await get(`/api/org-units/${unit('Xishan County').id}`, cityAdmin)).status).toBe(200);
      expect((await get(`/api/org-units/${randomUUID()}`, adminA)).status).toBe(404);
    });

    it('lists leak nothing a single read would refuse', async () => {
      const city = unit('Qingxi City').id;
      const children = await api.request('GET', `/api/org-units?parent=${city}`, { headers: bearer(adminA) });
      expect(children.status).toBe(200);
      expect(children.body.items.map((u: { id: string }) => u.id)).toEqual([unit('Donghu District').id]);
      const all = await api.request('GET', `/api/org-units?parent=${city}`, { headers: bearer(cityAdmin) });
      expect(all.body.items).toHaveLength(2);
      const mine = await get('/api/org-units', adminA);
      expect(mine.body.items[0].id).toBe(unit('Donghu District').id);
      expect(
        mine.body.items.every((u: { path: string }) => u.path.includes(unit('Donghu District').id)),
      ).toBe(true);
      expect(
        (
          await api.request('GET', `/api/org-units?parent=${unit('Xishan County').id}`, {
            headers: bearer(adminA),
          })
        ).status,
      ).toBe(403);
      expect(
        (await api.request('GET', `/api/org-units?limit=9999`, { headers: bearer(adminA) })).status,
      ).toBe(400);
    });
  });

  describe('users', () => {
    const newTeacher = (over: Record<string, unknown> = {}) => ({
      username: `t.${randomUUID().slice(0, 8)}`,
      displayName: '新老师',
      orgUnit: unit('Donghu No.1').id,
      roles: ['teacher'],
      tier: 'new',
      password: 'first-day-at-school',
      ...over,
    });

    it('an admin registers a teacher in their subtree; the teacher logs in at once; hashes are never returned', async () => {
      const body = newTeacher();
      const res = await post('/api/users', adminA, body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        username: body.username,
        roles: ['teacher'],
        tier: 'new',
        orgUnit: body.orgUnit,
        active: true,
        readModelCaughtUp: true,
      });
      const token = await login(api, body.username, body.password);
      const me = await get('/api/auth/me', token);
      expect(me.body).toMatchObject({ id: res.body.id, roles: ['teacher'], orgUnit: body.orgUnit });

      const asAdmin = await get(`/api/users/${res.body.id}`, adminA);
      expect(asAdmin.status).toBe(200);
      expect(asAdmin.body).toEqual({
        id: res.body.id,
        username: body.username,
        displayName: '新老师',
        orgUnit: body.orgUnit,
        schoolId: body.orgUnit,
        roles: ['teacher'],
        tier: 'new',
        active: true,
        version: 1,
      });
      expect((await get(`/api/users/${res.body.id}`, token)).status).toBe(200); // themselves
      const raw = JSON.stringify([res.body, asAdmin.body]);
      expect(raw).not.toMatch(/scrypt|password/i);
      const event = await db.pool.query(`SELECT data FROM events WHERE stream_id = $1`, [
        `user-${res.body.id}`,
      ]);
      expect(event.rows[0].data.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(JSON.stringify(event.rows[0].data)).not.toContain(body.password);
    });

    it('403: an admin of district A cannot register users in district B, nor read users there', async () => {
      const before = await eventCount(db);
      const inB = await post('/api/users', adminA, newTeacher({ orgUnit: unit('Xishan Middle').id }));
      expect(inB.status).toBe(403);
      expect(inB.body.code).toBe('outside_admin_scope');
      expect(await eventCount(db)).toBe(before);

      const teacherInB = seed.logins.find((l) => l.orgUnitName.includes('Xishan Middle'))!;
      const id = (
        await api.request('POST', '/api/auth/login', {
          body: { username: teacherInB.username, password: teacherInB.password },
        })
      ).body.user.id;
      expect((await get(`/api/users/${id}`, adminA)).status).toBe(403);
      expect((await get(`/api/users/${id}`, adminB)).status).toBe(200);
      expect((await get(`/api/users/${id}`, cityAdmin)).status).toBe(200);
      // A teacher reads only themselves — and learns nothing about whether others exist.
      const other = await login(
        api,
        seed.logins.find((l) => l.orgUnitName.includes('Donghu No.1'))!.username,
      );
      expect((await get(`/api/users/${id}`, other)).status).toBe(403);
      expect((await get(`/api/users/${randomUUID()}`, other)).status).toBe(403);
      expect((await get(`/api/users/${randomUUID()}`, adminA)).status).toBe(404);
    });

    it('a teacher cannot register users (403 role_required), nor make themselves admin', async () => {
      const teacher = await login(api, seed.logins.find((l) => l.roles.join() === 'teacher')!.username);
      const res = await post('/api/users', teacher, newTeacher({ roles: ['admin'] }));
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('role_required');
    });

    it('10 concurrent registrations of one username: exactly one succeeds, the others get 409 problems', async () => {
      const username = `race.${randomUUID().slice(0, 6)}`;
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          post('/api/users', i % 2 ? adminA : cityAdmin, newTeacher({ username, displayName: `racer ${i}` })),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
      for (const r of results.filter((x) => x.status === 409)) {
        expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(r.body).toMatchObject({ status: 409, code: 'username_taken', username });
      }
      const registered = await db.pool.query(
        `SELECT stream_id FROM events WHERE type = 'UserRegistered' AND data->>'username' = $1`,
        [username],
      );
      expect(registered.rows).toHaveLength(1);
      const reservations = await db.pool.query(`SELECT data FROM events WHERE stream_id = $1`, [
        `username-${username}`,
      ]);
      expect(reservations.rows).toHaveLength(1);
      expect(`user-${reservations.rows[0].data.userId}`).toBe(registered.rows[0].stream_id);
    });

    it('usernames are case-insensitive: a second registration differing only in case is a 409', async () => {
      const username = `case.${randomUUID().slice(0, 6)}`;
      expect((await post('/api/users', adminA, newTeacher({ username }))).status).toBe(201);
      const again = await post('/api/users', adminA, newTeacher({ username: username.toUpperCase() }));
      expect(again.status).toBe(409);
    });

    it('a retried registration with the same Idempotency-Key answers the first result and stores it once', async () => {
      const body = newTeacher();
      const key = `key-${randomUUID()}`;
      const first = await post('/api/users', adminA, body, { 'idempotency-key': key });
      const before = await eventCount(db);
      const retry = await post('/api/users', adminA, body, { 'idempotency-key': key });
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.body).toMatchObject({ id: first.body.id, duplicate: true });
      expect(await eventCount(db)).toBe(before);
    });

    describe('bad input gets a 400 problem naming the field and appends nothing', () => {
      const cases: [string, Record<string, unknown>, string[]][] = [
        ['an unknown field', { isSuperuser: true }, ['isSuperuser']],
        ['a wrong type', { displayName: 42 }, ['displayName']],
        ['a missing field', { orgUnit: undefined }, ['orgUnit']],
        ['a malformed username', { username: 'no spaces allowed' }, ['username']],
        ['an oversized display name', { displayName: 'x'.repeat(101) }, ['displayName']],
        ['an unknown role', { roles: ['teacher', 'principal'] }, ['roles']],
        ['no roles', { roles: [] }, ['roles']],
        ['roles not an array', { roles: 'teacher' }, ['roles']],
        ['an unknown tier', { tier: 'guru' }, ['tier']],
        ['a short password', { password: 'short' }, ['password']],
        ['an oversized password', { password: 'p'.repeat(129) }, ['password']],
      ];
      it.each(cases)('%s', async (_label, over, fields) => {
        const before = await eventCount(db);
        const res = await post('/api/users', adminA, newTeacher(over));
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(
          expect.arrayContaining(fields),
        );
        expect(await eventCount(db)).toBe(before);
      });

      it('an org unit with an invalid level or a blank name', async () => {
        const before = await eventCount(db);
        const level = await post('/api/org-units', adminA, {
          name: 'x',
          level: 'county',
          parentId: unit('Donghu District').id,
        });
        expect(level.status).toBe(400);
        expect(level.body.errors.map((e: { field: string }) => e.field)).toEqual(['level']);
        const blank = await post('/api/org-units', adminA, {
          name: '   ',
          level: 'school',
          parentId: unit('Donghu District').id,
        });
        expect(blank.status).toBe(400);
        expect(blank.body.errors.map((e: { field: string }) => e.field)).toEqual(['name']);
        expect(await eventCount(db)).toBe(before);
      });

      it('a registration in an org unit that does not exist is refused (422) and appends nothing', async () => {
        const before = await eventCount(db);
        const res = await post('/api/users', adminA, newTeacher({ orgUnit: randomUUID() }));
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('orgunit_not_found');
        expect(await eventCount(db)).toBe(before);
      });
    });
  });
});
