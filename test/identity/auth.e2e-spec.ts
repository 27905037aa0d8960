import { createHmac, randomBytes } from 'node:crypto';
import { LoginThrottle, type DemoSeedResult } from '#libs/identity';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { AccessTokens } from '../../apps/api/src/auth/access-tokens.service.js';
import type { TestApp } from '../support/test-app.js';
import { bearer, login, seedDemo, startIdentityApp } from './support/identity-test-app.js';

// DOMAIN.md "People and roles" over HTTP on a real PostgreSQL server: login with username and password, signed
// short-lived tokens, login rate limits, 401 for missing/invalid/expired tokens, 403 for missing roles.
describe('authentication over HTTP', () => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  const teacher = () =>
    seed.logins.find((l) => l.roles.length === 1 && l.roles[0] === 'teacher' && l.tier === 'young')!;
  const reviewer = () => seed.logins.find((l) => l.roles.includes('reviewer'))!;
  const wrong = (username: string) =>
    api.request('POST', '/api/auth/login', { body: { username, password: 'not-the-password' } });
  const right = (username: string) =>
    api.request('POST', '/api/auth/login', { body: { username, password: `demo-${username}` } });
  const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startIdentityApp(db);
    seed = await seedDemo(api, db);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });
  // Every test starts with no failed attempts on record (they would count against 127.0.0.1).
  beforeEach(async () => {
    await db.pool.query('DELETE FROM login_attempts');
  });

  describe('login', () => {
    it('answers a bearer token valid for 15 minutes and the user, and the token reads back as the actor', async () => {
      const t = teacher();
      const res = await right(t.username);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.body).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        tokenType: 'Bearer',
        expiresIn: 900,
        user: {
          id: expect.any(String),
          username: t.username,
          displayName: t.displayName,
          roles: ['teacher'],
          orgUnit: t.orgUnit,
        },
      });
      const claims = claimsOf(res.body.accessToken);
      expect(claims).toMatchObject({
        sub: res.body.user.id,
        username: t.username,
        roles: ['teacher'],
        orgUnit: t.orgUnit,
        sid: expect.stringMatching(/^[\w-]{43}$/),
      });
      expect(claims.exp - claims.iat).toBe(900);
      expect(JSON.stringify(res.body)).not.toMatch(/scrypt|demo-/);

      const me = await api.request('GET', '/api/auth/me', { headers: bearer(res.body.accessToken) });
      expect(me.status).toBe(200);
      expect(me.body).toEqual({
        ...res.body.user,
        role: 'teacher',
        orgUnitName: expect.any(String),
        locale: 'zh-CN',
      });
    });

    it('takes the username in any case and with surrounding spaces', async () => {
      const t = teacher();
      const res = await api.request('POST', '/api/auth/login', {
        body: { username: ` ${t.username.toUpperCase()} `, password: t.password },
      });
      expect(res.status).toBe(200);
    });

    it('answers an unknown user and a wrong password with the same 401 problem', async () => {
      const unknown = await wrong('nobody.here');
      const badPassword = await wrong(teacher().username);
      for (const res of [unknown, badPassword]) {
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized' });
      }
      expect(unknown.body.detail).toBe(badPassword.body.detail);
      expect(unknown.body.type).toBe(badPassword.body.type);
    });

    it('refuses a malformed body with 400 naming the field, before counting any attempt', async () => {
      const res = await api.request('POST', '/api/auth/login', {
        body: { username: 'x', password: 42, extra: true },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['password', 'extra']),
      );
      expect(Number((await db.pool.query('SELECT count(*) AS n FROM login_attempts')).rows[0].n)).toBe(0);
    });
  });

  describe('rate limits (per username and address: 1 min after 5 failures, doubling; 100 per address)', () => {
    it('after 5 failures for one username from one address: 429 with Retry-After of a minute, even with the right password; others unaffected', async () => {
      const t = teacher();
      for (let i = 0; i < 5; i++) expect((await wrong(t.username)).status).toBe(401);
      const locked = await right(t.username);
      expect(locked.status).toBe(429);
      expect(locked.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(locked.body).toMatchObject({ status: 429, title: 'Too many requests' });
      const retryAfter = Number(locked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(50);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // Refused attempts are not failures: they do not push the lock further out.
      expect(Number((await db.pool.query('SELECT count(*) AS n FROM login_attempts')).rows[0].n)).toBe(5);
      expect((await right(reviewer().username)).status).toBe(200);
    });

    it('counts only failures: successful logins never lock, and a success forgives the failures before it', async () => {
      const t = teacher();
      for (let i = 0; i < 8; i++) expect((await right(t.username)).status).toBe(200);
      for (let i = 0; i < 4; i++) expect((await wrong(t.username)).status).toBe(401);
      expect((await right(t.username)).status).toBe(200);
      for (let i = 0; i < 4; i++) expect((await wrong(t.username)).status).toBe(401);
      expect((await right(t.username)).status).toBe(200);
    });

    it('20 failures from one address across usernames do not block another user there', async () => {
      const users = seed.logins.slice(2, 7).map((l) => l.username);
      for (const u of users) for (let i = 0; i < 4; i++) expect((await wrong(u)).status).toBe(401);
      expect((await right(reviewer().username)).status).toBe(200);
    });

    it('the delay doubles with each further failure: 1, 2, 4 … minutes, capped at 15', async () => {
      const t = teacher();
      const throttle = api.app.get(LoginThrottle);
      const start = Date.now() - 3 * 3600_000;
      // Failures on record in the past (each allowed when made), then the wait that follows the last.
      const failAt = async (at: number) => {
        const gate = await throttle.begin(t.username, '127.0.0.1', new Date(at));
        expect(gate.allowed).toBe(true);
        if (gate.allowed) await throttle.settle(gate.attemptId, t.username, false);
      };
      const waitAfter = async (at: number) => {
        const gate = await throttle.begin(t.username, '127.0.0.1', new Date(at));
        return gate.allowed ? 0 : gate.retryAfterSeconds;
      };
      let at = start;
      for (let i = 0; i < 5; i++) await failAt((at += 1000));
      expect(await waitAfter(at)).toBe(60);
      await failAt((at += 60_000));
      expect(await waitAfter(at)).toBe(120);
      await failAt((at += 120_000));
      expect(await waitAfter(at)).toBe(240);
      for (const d of [240_000, 480_000]) await failAt((at += d));
      expect(await waitAfter(at)).toBe(900);
    });

    it('parallel guesses cannot slip past the limit: at most 5 are checked', async () => {
      const t = teacher();
      const results = await Promise.all(Array.from({ length: 12 }, () => wrong(t.username)));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(7);
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    });
  });

  describe('tokens', () => {
    const me = (headers: Record<string, string>) => api.request('GET', '/api/auth/me', { headers });

    it('401 without a token, with another scheme, or with garbage, saying how to authenticate', async () => {
      for (const headers of [
        {} as Record<string, string>,
        { authorization: 'Basic dXNlcjpwYXNz' },
        { authorization: 'Bearer' },
        { authorization: 'Bearer not.a.token' },
      ]) {
        const res = await me(headers);
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
    });

    it('401 for an expired token', async () => {
      const res = await right(teacher().username);
      const user = { ...res.body.user, userId: res.body.user.id };
      const sid = claimsOf(res.body.accessToken).sid as string;
      const { token } = api.app.get(AccessTokens).issue(user, sid, new Date(Date.now() - 16 * 60_000));
      const expired = await me(bearer(token));
      expect(expired.status).toBe(401);
      expect(expired.body.detail).toMatch(/expired/);
      expect(expired.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      const fresh = api.app.get(AccessTokens).issue(user, sid, new Date(Date.now() - 14 * 60_000)).token;
      expect((await me(bearer(fresh))).status).toBe(200);
    });

    it('401 for a tampered token: a role added, alg none, or signed with another key', async () => {
      const token = (await right(teacher().username)).body.accessToken as string;
      const [h, p, s] = token.split('.') as [string, string, string];
      const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const claims = claimsOf(token);
      const promoted = `${h}.${b64({ ...claims, roles: ['teacher', 'admin'] })}.${s}`;
      const none = `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`;
      const otherKey = `${h}.${p}.${createHmac('sha256', randomBytes(32)).update(`${h}.${p}`).digest('base64url')}`;
      for (const forged of [promoted, none, otherKey]) {
        const res = await me(bearer(forged));
        expect(res.status).toBe(401);
        expect(res.body.status).toBe(401);
      }
      const create = await api.request('POST', '/api/org-units', {
        body: { name: 'x', level: 'school', parentId: claims.orgUnit },
        headers: bearer(promoted),
      });
      expect(create.status).toBe(401);
    });
  });

  describe('roles', () => {
    it('403 problem naming the missing role when a teacher calls an admin endpoint', async () => {
      const token = await login(api, teacher().username);
      const res = await api.request('POST', '/api/org-units', {
        body: { name: '新学校', level: 'school', parentId: teacher().orgUnit },
        headers: bearer(token),
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 403, code: 'role_required', requiredRoles: ['admin'] });
    });

    it('acts in the least privileged role unless X-Act-As names another role the user holds', async () => {
      const r = reviewer();
      const token = await login(api, r.username);
      expect((await api.request('GET', '/api/auth/me', { headers: bearer(token) })).body.role).toBe(
        'teacher',
      );
      const asReviewer = await api.request('GET', '/api/auth/me', {
        headers: { ...bearer(token), 'x-act-as': 'reviewer' },
      });
      expect(asReviewer.body).toMatchObject({
        role: 'reviewer',
        roles: expect.arrayContaining(['teacher', 'reviewer']),
      });
      const asAdmin = await api.request('GET', '/api/auth/me', {
        headers: { ...bearer(token), 'x-act-as': 'admin' },
      });
      expect(asAdmin.status).toBe(403);
      expect(asAdmin.body.code).toBe('role_not_held');
    });
  });
});
