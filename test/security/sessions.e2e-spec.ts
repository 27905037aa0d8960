import { createHash } from 'node:crypto';
import type { DemoSeedResult } from '#libs/identity';
import type { TestDatabase } from '#testing/platform';
import { startTestApp, type TestApp, type TestResponse } from '../support/test-app.js';
import { bearer, login, seedDemo } from '../identity/support/identity-test-app.js';
import { BACKENDS, humanEventCount } from './support.js';

/**
 * Sign-in sessions over HTTP on both databases (UI.md §1.2; SECURITY.md, revocation and the login throttle): the web
 * app's httpOnly cookie with its CSRF token, the idle and absolute limits, sign-out, and sessions that
 * end at once when the account is deactivated, erased, given other roles or a new password — whoever
 * holds its token or cookie is refused on the next request, and nothing they send is recorded.
 */
const ZH = { 'accept-language': 'zh-CN' };
/** The stored form of a web session's id (only its SHA-256 is kept). */
const idHash = (s: { cookie: string }) =>
  createHash('sha256').update(s.cookie.split(';')[0]!.split('=')[1]!).digest('hex');
const PASSWORD = 'correct-horse-battery';

interface WebSession {
  cookie: string;
  csrf: string;
  setCookies: string[];
  body: TestResponse['body'];
}

describe.each(BACKENDS)('sign-in sessions (%s)', (_name, createDb) => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let cityAdmin: string;
  let adminSeq = 0;

  const webSignIn = async (username: string, password = `demo-${username}`): Promise<WebSession> => {
    const res = await api.request('POST', '/api/auth/session', { body: { username, password } });
    if (res.status !== 200) throw new Error(`session ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    const setCookies = res.headers.getSetCookie();
    const value = (name: string) =>
      setCookies
        .find((c) => c.startsWith(`${name}=`))!
        .split(';')[0]!
        .slice(name.length + 1);
    const csrf = value('tdw_csrf');
    return {
      cookie: `tdw_session=${value('tdw_session')}; tdw_csrf=${csrf}`,
      csrf,
      setCookies,
      body: res.body,
    };
  };
  const withCookie = (s: WebSession, csrf: string | null = s.csrf, extra: Record<string, string> = {}) => ({
    cookie: s.cookie,
    ...(csrf === null ? {} : { 'x-csrf-token': csrf }),
    ...extra,
  });
  /** A fresh admin of the city, registered by the demo's admin, with a token and its id. */
  const newAdmin = async () => {
    const username = `admin.probe${++adminSeq}`;
    const res = await api.request('POST', '/api/users', {
      body: {
        username,
        displayName: `探测管理员 ${adminSeq}`,
        orgUnit: seed.orgUnits.find((u) => u.level === 'city')!.id,
        roles: ['admin'],
        password: PASSWORD,
      },
      headers: bearer(cityAdmin),
    });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, username, token: await login(api, username, PASSWORD) };
  };
  /** What the probe did with the erased admin's token: create another admin. */
  const createAdminWith = (headers: Record<string, string>) =>
    api.request('POST', '/api/users', {
      body: {
        username: `admin.mole${++adminSeq}`,
        displayName: '不该存在的管理员',
        orgUnit: seed.orgUnits.find((u) => u.level === 'city')!.id,
        roles: ['admin'],
        password: PASSWORD,
      },
      headers: { ...headers, ...ZH },
    });
  const expectSessionEnded = (res: TestResponse) => {
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({
      status: 401,
      code: 'session_expired',
      detail: '登录已过期，请重新登录',
    });
  };

  beforeAll(async () => {
    db = await createDb();
    api = await startTestApp(db);
    seed = await seedDemo(api, db);
    cityAdmin = await login(api, 'admin');
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });
  beforeEach(async () => {
    await db.pool.query('DELETE FROM login_attempts');
  });

  describe('the web app’s cookie', () => {
    it('sets an httpOnly SameSite=Strict session cookie and a readable CSRF cookie, and answers the user', async () => {
      const s = await webSignIn('chair');
      const session = s.setCookies.find((c) => c.startsWith('tdw_session='))!;
      const csrf = s.setCookies.find((c) => c.startsWith('tdw_csrf='))!;
      expect(session).toMatch(/; HttpOnly/);
      expect(session).toMatch(/; SameSite=Strict/);
      expect(session).toMatch(/; Path=\//);
      expect(session).not.toMatch(/Secure/); // served over http here: no PUBLIC_URL with https
      expect(csrf).not.toMatch(/HttpOnly/);
      expect(csrf).toMatch(/; SameSite=Strict/);
      expect(s.body).toEqual({
        user: {
          id: expect.any(String),
          username: 'chair',
          displayName: expect.stringContaining('林国华'),
          roles: ['chair'],
          orgUnit: expect.any(String),
          orgUnitName: expect.any(String),
          locale: 'zh-CN',
        },
      });
      expect(JSON.stringify(s.body)).not.toMatch(/token|scrypt/i);
      // Only its hash is stored: the cookie's value is nowhere in the table.
      const value = s.cookie.split(';')[0]!.split('=')[1]!;
      const rows = await db.pool.query(`SELECT * FROM sessions WHERE user_id = $1`, [s.body.user.id]);
      expect(JSON.stringify(rows.rows)).not.toContain(value);
      expect(JSON.stringify(rows.rows)).not.toContain(s.csrf);

      const me = await api.request('GET', '/api/auth/me', { headers: { cookie: s.cookie } });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ username: 'chair', role: 'chair', locale: 'zh-CN' });
    });

    it('refuses a wrong password with the same words as the bearer login, and sets no cookie', async () => {
      const web = await api.request('POST', '/api/auth/session', {
        body: { username: 'chair', password: 'not-it' },
        headers: ZH,
      });
      const token = await api.request('POST', '/api/auth/login', {
        body: { username: 'chair', password: 'not-it' },
        headers: ZH,
      });
      expect(web.status).toBe(401);
      expect(web.body.detail).toBe('用户名或密码错误');
      expect(web.body.detail).toBe(token.body.detail);
      expect(web.headers.getSetCookie()).toEqual([]);
    });

    it('a write with the cookie needs the session’s X-CSRF-Token: 403 csrf_failed without it, nothing recorded', async () => {
      const s = await webSignIn('chair');
      const path = `/api/users/${s.body.user.id}/locale`;
      const before = await humanEventCount(db);
      for (const csrf of [null, 'forged-token', (await webSignIn('chair')).csrf]) {
        const res = await api.request('PUT', path, {
          body: { locale: 'en' },
          headers: withCookie(s, csrf, ZH),
        });
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ code: 'csrf_failed', detail: expect.stringContaining('CSRF') });
      }
      const en = await api.request('PUT', path, { body: { locale: 'en' }, headers: withCookie(s, null) });
      expect(en.body.detail).toBe('this request must carry the X-CSRF-Token of your session');
      expect(await humanEventCount(db)).toBe(before);
      const ok = await api.request('PUT', path, { body: { locale: 'en' }, headers: withCookie(s) });
      expect(ok.status).toBe(200);
      expect((await api.request('GET', '/api/auth/me', { headers: { cookie: s.cookie } })).body.locale).toBe(
        'en',
      );
      await api.request('PUT', path, { body: { locale: 'zh-CN' }, headers: withCookie(s) });
    });

    it('signing out ends the session: the cookies are cleared and the old cookie is refused as expired', async () => {
      const s = await webSignIn('chair');
      const out = await api.request('DELETE', '/api/auth/session', { headers: withCookie(s) });
      expect(out.status).toBe(204);
      expect(out.headers.getSetCookie().join('\n')).toMatch(/tdw_session=; .*Max-Age=0/);
      expect(out.headers.getSetCookie().join('\n')).toMatch(/tdw_csrf=; .*Max-Age=0/);
      const after = await api.request('GET', '/api/auth/me', { headers: { cookie: s.cookie, ...ZH } });
      expectSessionEnded(after);
      // The browser is told to forget the cookies of a session the server no longer has.
      expect(after.headers.getSetCookie().join('\n')).toMatch(/tdw_session=; .*Max-Age=0/);
      const ended = await db.pool.query(
        `SELECT end_reason FROM sessions WHERE user_id = $1 AND ended_at IS NOT NULL`,
        [s.body.user.id],
      );
      expect(ended.rows.map((r) => r.end_reason)).toContain('signed_out');
    });

    it('ends after 30 idle minutes, and 12 hours after sign-in whatever the activity', async () => {
      const idle = await webSignIn('chair');
      const busy = await webSignIn('chair');
      const set = (s: WebSession, assignment: string) =>
        db.pool.query(`UPDATE sessions SET ${assignment} WHERE id_hash = $1`, [idHash(s)]);
      const span = await db.pool.query(
        `SELECT extract(epoch FROM ends_at - created_at)::int AS s FROM sessions WHERE id_hash = $1`,
        [idHash(idle)],
      );
      expect(span.rows[0].s).toBe(12 * 3600);
      await set(idle, `last_seen_at = now() - interval '31 minutes'`);
      expectSessionEnded(
        await api.request('GET', '/api/auth/me', { headers: { cookie: idle.cookie, ...ZH } }),
      );
      // A session used 29 minutes ago is still live …
      await set(busy, `last_seen_at = now() - interval '29 minutes'`);
      expect((await api.request('GET', '/api/auth/me', { headers: { cookie: busy.cookie } })).status).toBe(
        200,
      );
      // … but not past its absolute end, however recently it was used.
      await set(busy, `ends_at = now() - interval '1 second'`);
      expectSessionEnded(
        await api.request('GET', '/api/auth/me', { headers: { cookie: busy.cookie, ...ZH } }),
      );
      const reasons = await db.pool.query(`SELECT end_reason FROM sessions WHERE id_hash = ANY ($1)`, [
        [idHash(idle), idHash(busy)],
      ]);
      expect(reasons.rows.map((r) => r.end_reason).sort()).toEqual(['expired', 'idle']);
    });

    it('a cookie naming no session, or a bearer session’s id as a cookie, is refused', async () => {
      const token = await login(api, 'chair');
      const sid = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sid as string;
      for (const cookie of ['tdw_session=nonsense', `tdw_session=${'A'.repeat(43)}`, `tdw_session=${sid}`]) {
        expectSessionEnded(await api.request('GET', '/api/auth/me', { headers: { cookie, ...ZH } }));
      }
    });
  });

  describe('bearer tokens name a session, and an ended session refuses them at once', () => {
    it('POST /api/auth/logout ends the token’s session', async () => {
      const token = await login(api, 'chair');
      expect((await api.request('GET', '/api/auth/me', { headers: bearer(token) })).status).toBe(200);
      expect((await api.request('POST', '/api/auth/logout', { headers: bearer(token) })).status).toBe(204);
      expectSessionEnded(await api.request('GET', '/api/auth/me', { headers: { ...bearer(token), ...ZH } }));
    });

    it('an admin erased by another admin cannot use the token they hold: 401, and nothing is appended', async () => {
      const a = await newAdmin();
      const web = await webSignIn(a.username, PASSWORD);
      expect((await api.request('GET', '/api/auth/me', { headers: bearer(a.token) })).status).toBe(200);
      const erased = await api.request('POST', `/api/users/${a.id}/erasure`, {
        body: { reason: '本人申请注销', legalBasis: '个人信息保护法第四十七条' },
        headers: bearer(cityAdmin),
      });
      expect(erased.status).toBe(200);
      const before = await humanEventCount(db);
      expectSessionEnded(await createAdminWith(bearer(a.token)));
      expectSessionEnded(await createAdminWith(withCookie(web)));
      expect(await humanEventCount(db)).toBe(before);
      expect(
        (await api.request('POST', '/api/auth/login', { body: { username: a.username, password: PASSWORD } }))
          .status,
      ).toBe(401);
    });

    it('deactivation ends every session of the user at once, on every api process', async () => {
      const a = await newAdmin();
      const web = await webSignIn(a.username, PASSWORD);
      // A second api process on the same database: the session's end is in the database, so it sees it.
      const other = await startTestApp(db, { env: {} });
      try {
        expect((await other.request('GET', '/api/auth/me', { headers: { cookie: web.cookie } })).status).toBe(
          200,
        );
        const res = await api.request('POST', `/api/users/${a.id}/deactivation`, {
          body: { reason: '调离本单位' },
          headers: bearer(cityAdmin),
        });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ active: false, sessionsEnded: true });
        const before = await humanEventCount(db);
        expectSessionEnded(await createAdminWith(bearer(a.token)));
        expectSessionEnded(await createAdminWith(withCookie(web)));
        expectSessionEnded(
          await other.request('POST', '/api/users', {
            body: {
              username: 'admin.mole.other',
              displayName: 'x',
              orgUnit: 'x',
              roles: ['admin'],
              password: PASSWORD,
            },
            headers: { ...withCookie(web), ...ZH },
          }),
        );
        expect(await humanEventCount(db)).toBe(before);
      } finally {
        await other.close();
      }
    });

    it('a role change and a password reset end the user’s sessions; the new password signs in', async () => {
      const a = await newAdmin();
      const roles = await api.request('PUT', `/api/users/${a.id}/roles`, {
        body: { roles: ['admin', 'chair'] },
        headers: bearer(cityAdmin),
      });
      expect(roles.status).toBe(200);
      expect(roles.body).toMatchObject({ roles: ['chair', 'admin'], sessionsEnded: true });
      expectSessionEnded(
        await api.request('GET', '/api/auth/me', { headers: { ...bearer(a.token), ...ZH } }),
      );

      const token = await login(api, a.username, PASSWORD);
      const reset = await api.request('POST', `/api/users/${a.id}/password-reset`, {
        body: { temporaryPassword: 'temporary-pass-1' },
        headers: bearer(cityAdmin),
      });
      expect(reset.status).toBe(200);
      expectSessionEnded(await api.request('GET', '/api/auth/me', { headers: { ...bearer(token), ...ZH } }));
      expect(
        (await api.request('POST', '/api/auth/login', { body: { username: a.username, password: PASSWORD } }))
          .status,
      ).toBe(401);
      expect(
        (
          await api.request('POST', '/api/auth/login', {
            body: { username: a.username, password: 'temporary-pass-1' },
          })
        ).status,
      ).toBe(200);
    });

    it('changing your own password needs the current one, and ends your sessions', async () => {
      const a = await newAdmin();
      const web = await webSignIn(a.username, PASSWORD);
      const wrong = await api.request('PUT', '/api/users/me/password', {
        body: { currentPassword: 'not-it-at-all', newPassword: 'another-pass-2' },
        headers: withCookie(web, web.csrf, ZH),
      });
      expect(wrong.status).toBe(422);
      expect(wrong.body).toMatchObject({ code: 'wrong_current_password', detail: '当前密码不正确' });
      const short = await api.request('PUT', '/api/users/me/password', {
        body: { currentPassword: PASSWORD, newPassword: 'short' },
        headers: withCookie(web),
      });
      expect(short.status).toBe(400);
      expect(short.body.errors.map((e: { field: string }) => e.field)).toEqual(['newPassword']);
      const ok = await api.request('PUT', '/api/users/me/password', {
        body: { currentPassword: PASSWORD, newPassword: 'another-pass-2' },
        headers: withCookie(web),
      });
      expect(ok.status).toBe(204);
      expect(ok.headers.getSetCookie().join('\n')).toMatch(/tdw_session=; .*Max-Age=0/);
      expectSessionEnded(
        await api.request('GET', '/api/auth/me', { headers: { cookie: web.cookie, ...ZH } }),
      );
      expectSessionEnded(
        await api.request('GET', '/api/auth/me', { headers: { ...bearer(a.token), ...ZH } }),
      );
      expect(
        (
          await api.request('POST', '/api/auth/session', {
            body: { username: a.username, password: 'another-pass-2' },
          })
        ).status,
      ).toBe(200);
    });
  });
});

describe.each(BACKENDS)('the login throttle and the client address (%s)', (_name, createDb) => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  const attempt = (username: string, password: string, from?: string) =>
    api.request('POST', '/api/auth/login', {
      body: { username, password },
      headers: from ? { 'x-forwarded-for': from } : {},
    });
  const teachers = () => seed.logins.filter((l) => l.roles.length === 1 && l.roles[0] === 'teacher');

  beforeAll(async () => {
    db = await createDb();
    // This api sits behind a proxy on the loopback: X-Forwarded-For names the client.
    api = await startTestApp(db, { env: { TRUSTED_PROXIES: '127.0.0.1,::1' } });
    seed = await seedDemo(api, db);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });
  beforeEach(async () => {
    await db.pool.query('DELETE FROM login_attempts');
  });

  it('5 wrong passwords from address X: X waits, and the owner from address Y signs in', async () => {
    const owner = teachers()[0]!;
    for (let i = 0; i < 5; i++)
      expect((await attempt(owner.username, 'guess', '203.0.113.9')).status).toBe(401);
    const fromX = await attempt(owner.username, owner.password, '203.0.113.9');
    expect(fromX.status).toBe(429);
    expect(Number(fromX.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await attempt(owner.username, owner.password, '198.51.100.20')).status).toBe(200);
    const ips = await db.pool.query(`SELECT DISTINCT ip FROM login_attempts`);
    expect(ips.rows.map((r) => r.ip)).toEqual(['203.0.113.9']);
  });

  it('20 failures over several accounts from one address do not block another user there', async () => {
    const office = '192.0.2.50';
    for (const t of teachers().slice(1, 6))
      for (let i = 0; i < 4; i++) expect((await attempt(t.username, 'typo', office)).status).toBe(401);
    const colleague = teachers()[7]!;
    expect((await attempt(colleague.username, colleague.password, office)).status).toBe(200);
  });

  it('the address budget is large but not endless: 100 failures from one address within 15 minutes', async () => {
    const now = Date.now();
    await db.pool.query(
      `INSERT INTO login_attempts (username_key, ip, attempted_at, outcome)
       SELECT 'nobody' || g, '192.0.2.99', $1::timestamptz - make_interval(secs => g), 'failed' FROM generate_series(1, 100) g`,
      [new Date(now)],
    );
    const t = teachers()[8]!;
    expect((await attempt(t.username, t.password, '192.0.2.99')).status).toBe(429);
    expect((await attempt(t.username, t.password, '192.0.2.100')).status).toBe(200);
  });
});

describe.each(BACKENDS)('X-Forwarded-For from a peer that is not a trusted proxy (%s)', (_name, createDb) => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;

  beforeAll(async () => {
    db = await createDb();
    api = await startTestApp(db); // no TRUSTED_PROXIES
    seed = await seedDemo(api, db);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('is ignored: the attempts count against the connection’s own address, whatever the header says', async () => {
    const t = seed.logins.find((l) => l.roles.length === 1 && l.roles[0] === 'teacher')!;
    for (let i = 0; i < 5; i++) {
      const res = await api.request('POST', '/api/auth/login', {
        body: { username: t.username, password: 'guess' },
        headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
      });
      expect(res.status).toBe(401);
    }
    const spoofed = await api.request('POST', '/api/auth/login', {
      body: { username: t.username, password: t.password },
      headers: { 'x-forwarded-for': '198.51.100.200' },
    });
    expect(spoofed.status).toBe(429);
    const ips = await db.pool.query(`SELECT DISTINCT ip FROM login_attempts`);
    expect(ips.rows.map((r) => r.ip)).toEqual([
      expect.stringMatching(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/),
    ]);
  });
});
