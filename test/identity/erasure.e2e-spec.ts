import type { EventStore } from '#libs/event-store';
import { loadState, rebuildProjection, runCommand, verifyChain } from '#libs/event-store';
import {
  ERASED_PLACEHOLDER,
  IDENTITY_PROJECTIONS,
  loadUnitFacts,
  userDecider,
  type DemoSeedResult,
} from '#libs/identity';
import { EVENT_STORE } from '#libs/platform';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import type { TestApp } from '../support/test-app.js';
import {
  bearer,
  eventCount,
  identityCaughtUp,
  login,
  seedDemo,
  startIdentityApp,
} from './support/identity-test-app.js';

// DOMAIN.md "Audit trail": personal data (name, ID-card number, phone, email) is
// stored sealed with a per-person key; erasing the key leaves it unreadable through every API, export
// and rebuilt read model, while the history and its hash chain stay intact. The erasure is audited.
describe('erasure of personal data (crypto-shredding)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let cityAdmin: string;
  let cityAdminId: string;
  let outsideAdmin: string; // 西山县 Xishan County: not above the user
  let userId: string;
  const unit = (key: string) => seed.orgUnits.find((u) => u.name.includes(key))!;
  const person = {
    displayName: '赵秘密 Zhao Mimi',
    phone: '+86 139-0000-4711',
    email: 'zhao.mimi@example.cn',
    idCardNumber: '11010519491231002X',
  };
  const PLAINTEXTS = [...Object.values(person), 'Zhao Mimi', '赵秘密', '13900004711', '1101051949'];
  const leaked = (text: string) => PLAINTEXTS.filter((p) => text.includes(p));
  const post = (path: string, token: string, body: unknown) =>
    api.request('POST', path, { body, headers: bearer(token) });
  const get = (path: string, token: string) => api.request('GET', path, { headers: bearer(token) });
  const rawEvents = async () =>
    (
      await db.pool.query<{ t: string }>(
        `SELECT string_agg(data::text || metadata::text, E'\\n') AS t FROM events`,
      )
    ).rows[0]!.t;
  /** Polls the audit log (its own read model) until `pred` holds. */
  const auditLog = async (query: string, pred: (items: Array<Record<string, unknown>>) => boolean) => {
    for (let i = 0; i < 100; i++) {
      const res = await get(`/api/audit/events?${query}`, cityAdmin);
      expect(res.status).toBe(200);
      if (pred(res.body.items)) return res;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`audit log never showed what was expected for ${query}`);
  };

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startIdentityApp(db);
    seed = await seedDemo(api, db);
    cityAdmin = await login(api, 'admin');
    cityAdminId = (await get('/api/auth/me', cityAdmin)).body.id;
    const outside = await post('/api/users', cityAdmin, {
      username: 'admin.xishan',
      displayName: 'Xishan office',
      orgUnit: unit('Xishan County').id,
      roles: ['admin'],
      password: 'correct-horse-battery',
    });
    expect(outside.status).toBe(201);
    outsideAdmin = await login(api, 'admin.xishan', 'correct-horse-battery');
    const school = seed.orgUnits.find(
      (u) => u.level === 'school' && u.parentId === unit('Donghu District').id,
    )!;
    const res = await post('/api/users', cityAdmin, {
      username: 'zhao.mimi',
      ...person,
      orgUnit: school.id,
      roles: ['teacher'],
      tier: 'new',
      password: 'correct-horse-battery',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ displayName: person.displayName, readModelCaughtUp: true });
    userId = res.body.id;
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('an admin in scope reads the personal fields; the log holds only ciphertext from registration on', async () => {
    const res = await get(`/api/users/${userId}`, cityAdmin);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(person);
    expect(res.body).not.toHaveProperty('erasedAt');
    expect(leaked(await rawEvents())).toEqual([]);
    const registered = await db.pool.query<{ data: Record<string, string> }>(
      `SELECT data FROM events WHERE stream_id = $1 AND type = 'UserRegistered'`,
      [`user-${userId}`],
    );
    for (const f of ['displayName', 'phone', 'email', 'idCardNumber'])
      expect(registered.rows[0]!.data[f]).toMatch(/^pd1:[\w-]+:[\w-]*:[\w-]+$/);
    // The user signs in and sees their own name opened.
    const signIn = await api.request('POST', '/api/auth/login', {
      body: { username: 'zhao.mimi', password: 'correct-horse-battery' },
    });
    expect(signIn.status).toBe(200);
    expect(signIn.body.user.displayName).toBe(person.displayName);
  });

  it('refuses bad personal fields with a problem naming the field, appending nothing', async () => {
    const before = await eventCount(db);
    const res = await post('/api/users', cityAdmin, {
      username: 'bad.fields',
      displayName: 'x',
      orgUnit: unit('Donghu District').id,
      roles: ['teacher'],
      password: 'correct-horse-battery',
      phone: 'call me',
      idCardNumber: '123',
      email: 'x'.repeat(300),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/phone/);
    expect(JSON.stringify(res.body)).toMatch(/idCardNumber/);
    expect(JSON.stringify(res.body)).toMatch(/email/);
    expect(await eventCount(db)).toBe(before);
  });

  it("an admin outside the user's subtree gets 403 and nothing is appended", async () => {
    const before = await eventCount(db);
    const res = await post(`/api/users/${userId}/erasure`, outsideAdmin, {
      reason: '本人申请删除',
      legalBasis: 'PIPL Art. 47',
    });
    expect(res.status).toBe(403);
    expect(await eventCount(db)).toBe(before);
    expect((await get(`/api/users/${userId}`, cityAdmin)).body.phone).toBe(person.phone);
  });

  it('after erasure no personal field is readable anywhere, and the chain still verifies', async () => {
    const res = await post(`/api/users/${userId}/erasure`, cityAdmin, {
      reason: '本人书面申请删除个人信息',
      legalBasis: 'PIPL Art. 47',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: userId, erased: true, duplicate: false, readModelCaughtUp: true });

    // The directory, at once.
    const read = await get(`/api/users/${userId}`, cityAdmin);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ displayName: ERASED_PLACEHOLDER, username: 'zhao.mimi' });
    for (const f of ['phone', 'email', 'idCardNumber']) expect(read.body).not.toHaveProperty(f);
    expect(read.body.erasedAt).toEqual(expect.any(String));
    expect(leaked(JSON.stringify(read.body))).toEqual([]);

    // The key is gone; a tombstone stays.
    const key = await db.pool.query(`SELECT key, erased_at FROM person_keys WHERE person_id = $1`, [userId]);
    expect(key.rows[0]).toMatchObject({ key: null });
    expect(key.rows[0]!.erased_at).not.toBeNull();

    // The erasure is in the audit log, with the admin as its actor and its reason as rationale.
    const log = await auditLog(`eventType=PersonalDataErased`, (items) =>
      items.some((e) => e.streamId === `user-${userId}`),
    );
    const entry = log.body.items.find((e: { streamId: string }) => e.streamId === `user-${userId}`);
    expect(entry.actor).toMatchObject({ id: cityAdminId, role: 'admin' });
    const everything = await get(`/api/audit/events?limit=200`, cityAdmin);
    expect(leaked(JSON.stringify(everything.body))).toEqual([]);
    const history = await get(`/api/audit/events?limit=200&actor=${userId}`, cityAdmin);
    expect(history.status).toBe(200);
    expect(leaked(JSON.stringify(history.body))).toEqual([]);

    // The export, as stored: ciphertext that no key opens any more.
    const exported = await fetch(`${api.url}/api/audit/export?format=jsonl`, {
      headers: bearer(cityAdmin),
    });
    expect(exported.status).toBe(200);
    const text = await exported.text();
    expect(text).toContain(`user-${userId}`);
    expect(text).toContain('PersonalDataErased');
    expect(leaked(text)).toEqual([]);

    // The raw log, the erased user signing in, the read model rebuilt from the log.
    expect(leaked(await rawEvents())).toEqual([]);
    const signIn = await api.request('POST', '/api/auth/login', {
      body: { username: 'zhao.mimi', password: 'correct-horse-battery' },
    });
    expect(signIn.status).toBe(401);
    for (const p of IDENTITY_PROJECTIONS) await rebuildProjection(db.pool, p);
    const rebuilt = await db.pool.query(`SELECT * FROM users WHERE id = $1`, [userId]);
    expect(rebuilt.rows[0]).toMatchObject({
      display_name: ERASED_PLACEHOLDER,
      phone: null,
      email: null,
      id_card_number: null,
      username: 'zhao.mimi',
    });
    expect(leaked(JSON.stringify(rebuilt.rows))).toEqual([]);
    // Other users are untouched by the rebuild.
    const admin = await db.pool.query(`SELECT display_name FROM users WHERE username = 'admin'`);
    expect(admin.rows[0]!.display_name).toContain('Chen Jing');
    expect((await get(`/api/users/${userId}`, cityAdmin)).body.displayName).toBe(ERASED_PLACEHOLDER);

    // Nothing stored changed: the chain verifies.
    const report = await verifyChain(db.pool);
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);

    // Erasing again appends nothing.
    const before = await eventCount(db);
    const again = await post(`/api/users/${userId}/erasure`, cityAdmin, { reason: 'again', legalBasis: 'x' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ erased: true });
    expect(await eventCount(db)).toBe(before);
  }, 60_000);

  it('a crash between appending the erasure and destroying the key cannot leave the key alive', async () => {
    const res = await post('/api/users', cityAdmin, {
      username: 'qian.crash',
      displayName: '钱崩溃',
      phone: '+86 138 0000 0001',
      orgUnit: unit('Donghu District').id,
      roles: ['teacher'],
      password: 'correct-horse-battery',
    });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const store = api.app.get(EVENT_STORE) as EventStore;
    const { state } = await loadState(store, userDecider, `user-${id}`);
    if (!state.exists) throw new Error('not registered');
    // The event only, as if the process died right after the append.
    await runCommand(
      store,
      userDecider,
      id,
      {
        type: 'ErasePersonalData',
        reason: 'r',
        legalBasis: 'b',
        unit: await loadUnitFacts(store, state.orgUnit),
      },
      {
        commandId: crypto.randomUUID(),
        actorId: cityAdminId,
        actorRole: 'admin',
        orgUnit: unit('Qingxi City').id,
        correlationId: crypto.randomUUID(),
        now: new Date(),
      },
    );
    await identityCaughtUp(api, db);
    const key = await db.pool.query(`SELECT key FROM person_keys WHERE person_id = $1`, [id]);
    expect(key.rows[0]).toEqual({ key: null });
    const read = await get(`/api/users/${id}`, cityAdmin);
    expect(read.body).toMatchObject({ displayName: ERASED_PLACEHOLDER });
    expect(read.body).not.toHaveProperty('phone');
  });
});
