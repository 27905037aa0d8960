import { randomUUID } from 'node:crypto';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import type { TestApp } from '../support/test-app.js';
import { seedDemo, startIdentityApp } from '../identity/support/identity-test-app.js';
import { cast, day, fieldsFor, iso, signIn, type Person } from '../approval/support.js';

// The command path end to end over real HTTP (ARCHITECTURE.md "A command's path"): controller → CommandBus →
// handler → decide → append → projection → read, on a real PostgreSQL server and on embedded PGlite.
describe.each([
  ['PostgreSQL server', createPostgresTestDatabase],
  ['embedded PGlite', createPgliteTestDatabase],
] as const)('command path over HTTP on %s', (_name, makeDb) => {
  let db: TestDatabase;
  let api: TestApp;
  let teacher: Person;
  let callId: string;
  const draft = (
    title: string,
    headers: Record<string, string> = {},
    kind: keyof typeof fieldsFor = 'studio',
  ) => teacher.call('POST', '/api/applications', { callId, title, fields: fieldsFor[kind] }, headers);
  const eventCount = async () =>
    Number(
      (
        await db.pool.query<{ n: string }>(
          "SELECT count(*) AS n FROM events WHERE metadata->>'actorRole' IS DISTINCT FROM 'system'",
        )
      ).rows[0]!.n,
    );

  beforeAll(async () => {
    db = await makeDb();
    api = await startIdentityApp(db);
    const c = cast(await seedDemo(api, db));
    // A 名优教师: a studio application is submitted only by one (seed 000 §五(三)).
    teacher = await signIn(
      api,
      db,
      c.reviewers.find((r) => r.tier === 'master')!,
    );
    const chair = await signIn(api, db, c.chair);
    const call = await chair.call('POST', '/api/calls', {
      kind: 'studio',
      orgUnit: c.city.id,
      title: '名优教师工作室申报',
      opensAt: iso(Date.now() - day),
      closesAt: iso(Date.now() + 30 * day),
    });
    callId = call.body.id;
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('drafts, reads back at once, and records who, when and through which request', async () => {
    const correlationId = `e2e-${randomUUID()}`;
    const created = await draft('名优教师工作室', { 'x-correlation-id': correlationId });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-correlation-id')).toBe(correlationId);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('location')).toBe(`/api/applications/${created.body.id}`);
    expect(created.headers.get('x-log-position')).toMatch(/^\d+\.\d+$/);
    expect(created.body).toMatchObject({ stage: 'draft', version: 1, readModelCaughtUp: true });

    // Read-your-writes: the 201 waited for the read model, so the very next read sees the draft.
    const read = await teacher.call('GET', `/api/applications/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body).toMatchObject({ id: created.body.id, kind: 'studio', stage: 'draft', version: 1 });

    const events = await db.pool.query(`SELECT type, metadata FROM events WHERE stream_id = $1`, [
      `application-${created.body.id}`,
    ]);
    expect(events.rows).toHaveLength(1);
    expect(events.rows[0].type).toBe('ApplicationDrafted');
    expect(events.rows[0].metadata).toMatchObject({
      actorId: teacher.id,
      actorRole: 'teacher',
      orgUnit: teacher.login.orgUnit,
      correlationId,
      request: 'POST /api/applications',
    });
    expect(events.rows[0].metadata.commandId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(events.rows[0].metadata.recordedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a read waits for X-Min-Position, and refuses a position it never gave out', async () => {
    const created = await draft('工作室');
    const position = created.headers.get('x-log-position')!;
    const read = await teacher.call('GET', `/api/applications/${created.body.id}`, undefined, {
      'x-min-position': position,
    });
    expect(read.status).toBe(200);
    const bad = await teacher.call('GET', `/api/applications/${created.body.id}`, undefined, {
      'x-min-position': 'abc',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('answers before the read models when the client prefers it, and the read with X-Min-Position sees the write', async () => {
    // A client that carries positions itself (Prefer: respond-before-read-models) is answered once the
    // event is recorded; the same detail read, with the answer's position, waits for the read model.
    const created = await draft('工作室（先答后读）', { prefer: 'respond-before-read-models' });
    expect(created.status).toBe(201);
    expect(created.headers.get('preference-applied')).toBe('respond-before-read-models');
    expect(created.body).toMatchObject({ stage: 'draft', version: 1, readModelCaughtUp: false });
    const position = created.headers.get('x-log-position')!;
    expect(position).toMatch(/^\d+\.\d+$/);
    const read = await teacher.call('GET', `/api/applications/${created.body.id}`, undefined, {
      'x-min-position': position,
    });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: created.body.id, stage: 'draft', version: 1 });
    // Without the preference the answer still waits, as before.
    const waited = await draft('工作室（等读模型）');
    expect(waited.headers.get('preference-applied')).toBeNull();
    expect(waited.body.readModelCaughtUp).toBe(true);
  });

  it('applies If-Match: the current version proceeds, a stale one is 412 and appends nothing', async () => {
    const id = (await draft('校本研修方案')).body.id as string;
    const submitted = await teacher.call('POST', `/api/applications/${id}/submit`, undefined, {
      'if-match': '"1"',
    });
    expect(submitted.status).toBe(200);
    expect(submitted.headers.get('etag')).toBe('"2"');
    const before = await eventCount();
    const stale = await teacher.call(
      'POST',
      `/api/applications/${id}/withdraw`,
      { reason: 'changed our mind' },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({
      status: 412,
      currentVersion: 2,
      instance: `/api/applications/${id}/withdraw`,
    });
    expect(await eventCount()).toBe(before);
  });

  it('answers a retried command with an Idempotency-Key like the first, storing it once', async () => {
    const key = `key-${randomUUID()}`;
    const first = await draft('申请', { 'idempotency-key': key });
    const before = await eventCount();
    const retry = await draft('申请', { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ id: first.body.id, version: 1, duplicate: true });
    expect(await eventCount()).toBe(before);
  });

  it('refuses a domain rule with a problem naming the rule, appending nothing', async () => {
    const id = (await draft('x')).body.id as string;
    await teacher.call('POST', `/api/applications/${id}/withdraw`, { reason: 'r' });
    const before = await eventCount();
    const res = await teacher.call('POST', `/api/applications/${id}/submit`);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'not_submittable', status: 422 });
    expect(await eventCount()).toBe(before);
    const missing = await teacher.call('POST', `/api/applications/${randomUUID()}/submit`);
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('application_not_found');
  });

  describe('bad input gets a 4xx problem body naming the field and appends nothing', () => {
    const good = () => ({ callId, title: 't', fields: fieldsFor.studio });
    const cases: [
      string,
      () => {
        method?: string;
        path?: string;
        body?: unknown;
        raw?: string;
        headers?: Record<string, string>;
      },
      number,
      string[],
    ][] = [
      ['a wrong type', () => ({ body: { ...good(), title: 42 } }), 400, ['title']],
      ['an unknown field', () => ({ body: { ...good(), admin: true } }), 400, ['admin']],
      [
        'an unknown nested field',
        () => ({ body: { ...good(), fields: { ...fieldsFor.studio, budget: 1 } } }),
        400,
        ['fields.budget'],
      ],
      ['a missing field', () => ({ body: { callId } }), 400, ['title', 'fields']],
      ['an oversized string', () => ({ body: { ...good(), title: 'x'.repeat(201) } }), 400, ['title']],
      [
        'an invalid enum value',
        () => ({ body: { ...good(), fields: { ...fieldsFor.studio, kind: 'party' } } }),
        400,
        ['fields.kind'],
      ],
      ['a blank title', () => ({ body: { ...good(), title: '   ' } }), 400, ['title']],
      ['a malformed call id', () => ({ body: { ...good(), callId: 'call-1' } }), 400, ['callId']],
      ['an array body', () => ({ body: [1, 2] }), 400, []],
      [
        'malformed JSON',
        () => ({ raw: '{"title": "t",', headers: { 'content-type': 'application/json' } }),
        400,
        [],
      ],
      [
        'a non-JSON media type',
        () => ({ raw: 'title=t', headers: { 'content-type': 'text/plain' } }),
        415,
        [],
      ],
      [
        'a body over the limit',
        () => ({
          raw: JSON.stringify({ ...good(), title: 'x'.repeat(1_100_000) }),
          headers: { 'content-type': 'application/json' },
        }),
        413,
        [],
      ],
      ['a malformed id in the path', () => ({ path: '/api/applications/not-a-uuid/submit' }), 400, []],
      [
        'a malformed If-Match',
        () => ({ path: `/api/applications/${randomUUID()}/submit`, headers: { 'if-match': 'yesterday' } }),
        400,
        [],
      ],
      [
        'a malformed Idempotency-Key',
        () => ({ body: good(), headers: { 'idempotency-key': 'a b' } }),
        400,
        [],
      ],
      ['an unknown route', () => ({ method: 'GET', path: '/api/nothing-here' }), 404, []],
      ['no token', () => ({ body: good(), headers: { authorization: '' } }), 401, []],
    ];
    it.each(cases)('%s', async (_label, make, status, fields) => {
      const req = make();
      const before = await eventCount();
      const headers = { authorization: `Bearer ${teacher.token}`, ...req.headers };
      if (headers.authorization === '') delete (headers as Record<string, string>).authorization;
      const res = await api.request(req.method ?? 'POST', req.path ?? '/api/applications', {
        ...req,
        headers,
      });
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        status,
        type: expect.any(String),
        title: expect.any(String),
        detail: expect.any(String),
      });
      expect(res.body.correlationId).toBe(res.headers.get('x-correlation-id'));
      if (fields.length > 0)
        expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(
          expect.arrayContaining(fields),
        );
      expect(await eventCount()).toBe(before);
    });
  });

  it('reports live and ready without a token', async () => {
    const live = await api.request('GET', '/health/live');
    expect(live.status).toBe(200);
    const ready = await api.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' } } });
  });
});
