import createClient from 'openapi-fetch';
import { createPgliteTestDatabase, type TestDatabase } from '#testing/platform';
import { buildDocumentOffline } from '../../apps/api/src/http/openapi-offline.js';
import type { paths } from '../../apps/web/src/api/schema.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// DOMAIN.md "People and roles": the OpenAPI document at /api/docs describes every route and the bodies they accept.
describe('OpenAPI document at /api/docs', () => {
  let db: TestDatabase;
  let api: TestApp;
  beforeAll(async () => {
    db = await createPgliteTestDatabase();
    api = await startTestApp(db);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('serves the UI page without a token', async () => {
    const res = await fetch(`${api.url}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('swagger-ui');
  });

  it('lists every HTTP route the API serves, with bearer or session-cookie security', async () => {
    const doc = (await api.request('GET', '/api/docs-json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.cookieAuth).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'tdw_session',
    });
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries<Record<string, unknown>>(doc.paths))
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
    // Every route Fastify serves (but the docs' own and HEAD twins) must be in the document.
    const served = servedRoutes(api.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false }));
    expect(served.length).toBeGreaterThan(20);
    for (const route of served) expect(documented).toContain(route);
    for (const route of [
      'POST /api/applications/{id}/decision',
      'GET /api/review-queue',
      'GET /health/ready',
    ])
      expect(documented).toContain(route);
  });

  it('describes request bodies with the same rules the validation enforces', async () => {
    const doc = (await api.request('GET', '/api/docs-json')).body;
    const body = doc.paths['/api/applications'].post.requestBody.content['application/json'].schema;
    const name = String(body.$ref).split('/').pop()!;
    const schema = doc.components.schemas[name];
    expect(schema.properties.title).toMatchObject({ type: 'string', maxLength: expect.any(Number) });
    expect(schema.properties.callId).toMatchObject({ type: 'string' });
    const project = doc.components.schemas.TrainingProjectFieldsDto;
    expect(project.properties.hours).toMatchObject({ minimum: 1, maximum: 1000 });
    expect(project.properties.level.enum).toEqual(['province', 'city', 'district', 'school']);
    expect(doc.components.schemas.SubmitReviewDto.required).toEqual(
      expect.arrayContaining(['scores', 'comments']),
    );
  });
});

// The document as parsed JSON: these tests walk it by hand.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

// What the document says of every operation: what Redocly's lint (npm run lint:api) cannot tell.
describe('every operation of the OpenAPI document', () => {
  let db: TestDatabase;
  let api: TestApp;
  let doc: Json;
  const ops = () =>
    Object.entries<Record<string, Json>>(doc.paths).flatMap(([path, item]) =>
      Object.entries<Json>(item).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
    );
  // /metrics needs no token from METRICS_ALLOW's addresses, and answers 401 to others without an admin's.
  const PUBLIC = [
    'POST /api/auth/login',
    'POST /api/auth/session',
    'GET /health/live',
    'GET /health/ready',
    'GET /api/app-info',
    'GET /metrics',
  ];
  const MAY_401 = ['POST /api/auth/login', 'POST /api/auth/session', 'GET /metrics'];
  beforeAll(async () => {
    db = await createPgliteTestDatabase();
    api = await startTestApp(db);
    doc = (await api.request('GET', '/api/docs-json')).body;
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('is the document built offline for npm run api:types and lint:api (nothing started)', async () => {
    expect(doc).toEqual(JSON.parse(JSON.stringify(await buildDocumentOffline())));
  });

  it('has a summary, tags and a documented 2xx body', () => {
    expect(ops().length).toBeGreaterThan(60);
    for (const { route, op } of ops()) {
      expect([route, op.summary]).toEqual([route, expect.stringMatching(/\S/)]);
      expect([route, op.tags?.length]).toEqual([route, 1]);
      const ok = Object.entries<Json>(op.responses).filter(([s]) => /^2/.test(s));
      expect([route, ok.length]).toEqual([route, 1]);
      const content = ok[0]![1].content;
      expect([route, Object.values<{ schema?: unknown }>(content ?? {}).every((c) => c.schema)]).toEqual([
        route,
        true,
      ]);
    }
  });

  it('answers its 4xx and 5xx with the shared problem+json', () => {
    const problem = doc.components.schemas.Problem;
    expect(problem.required).toEqual(['type', 'title', 'status', 'detail']);
    expect(Object.keys(problem.properties)).toEqual(
      expect.arrayContaining(['errors', 'code', 'correlationId']),
    );
    for (const { route, op } of ops()) {
      const errors = Object.entries<Json>(op.responses).filter(([s]) => /^[45]/.test(s));
      expect([route, errors.map(([s]) => s)]).toEqual([route, expect.arrayContaining(['500', '503'])]);
      for (const [status, r] of errors) {
        const name = String(r.$ref).split('/').pop()!;
        expect([route, status, doc.components.responses[name]?.content]).toEqual([
          route,
          status,
          { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        ]);
      }
    }
    const decision = doc.paths['/api/applications/{id}/decision'].post.responses;
    expect(Object.keys(decision)).toEqual(
      expect.arrayContaining(['400', '401', '403', '404', '409', '412', '422']),
    );
    expect(Object.keys(doc.paths['/api/auth/login'].post.responses)).toEqual(
      expect.arrayContaining(['401', '429']),
    );
  });

  it('asks for a bearer token or the session cookie everywhere but the public endpoints', () => {
    for (const { route, op } of ops()) {
      const expected = PUBLIC.includes(route) ? [] : [{ bearer: [] }, { cookieAuth: [] }];
      expect([route, op.security]).toEqual([route, expected]);
      // A signed-in endpoint can answer 401; of the public ones the sign-ins (a wrong password) and /metrics.
      const may401 = !PUBLIC.includes(route) || MAY_401.includes(route);
      expect([route, op.responses['401'] !== undefined]).toEqual([route, may401]);
    }
  });

  it('names the headers commands and reads take, and every query parameter', () => {
    const names = (route: string) => {
      const [method, path] = route.split(' ');
      return doc.paths[path!][method!.toLowerCase()].parameters.map((p: { $ref?: string; name?: string }) =>
        p.$ref ? doc.components.parameters[p.$ref.split('/').pop()!].name : p.name,
      );
    };
    expect(names('POST /api/applications/{id}/decision')).toEqual(
      expect.arrayContaining(['id', 'Idempotency-Key', 'If-Match', 'Accept-Language', 'X-Act-As']),
    );
    expect(names('GET /api/applications/{id}')).toEqual(expect.arrayContaining(['X-Min-Position']));
    expect(names('POST /api/auth/login')).not.toContain('X-Act-As');
    expect(names('GET /api/audit/events')).toEqual(
      expect.arrayContaining([
        'actor',
        'orgUnit',
        'applicationKind',
        'eventType',
        'entityKind',
        'from',
        'to',
      ]),
    );
    expect(names('GET /api/audit/events')).toEqual(
      expect.arrayContaining(['includeAuditReads', 'cursor', 'limit', 'order']),
    );
    expect(names('GET /api/audit/export')).toContain('format');
    expect(names('GET /api/org-units')).toEqual(expect.arrayContaining(['parent', 'limit']));
    const format = doc.paths['/api/audit/export'].get.parameters.find(
      (p: { name?: string }) => p.name === 'format',
    );
    expect(format).toMatchObject({ in: 'query', required: true, schema: { enum: ['csv', 'jsonl'] } });
  });

  it('types a client the web app can call the API with (openapi-fetch over the generated paths)', async () => {
    const client = createClient<paths>({ baseUrl: api.url });
    const refused = await client.POST('/api/auth/login', {
      body: { username: 'nobody', password: 'wrong-password' },
      headers: { 'Accept-Language': 'zh-CN' },
    });
    expect(refused.response.status).toBe(401);
    expect(refused.error?.detail).toBe('用户名或密码错误');
    const health = await client.GET('/health/live');
    expect(health.data?.status).toBe('ok');
  });
});

/** Flattens Fastify's printed route tree into `METHOD /path/{param}` lines. */
function servedRoutes(tree: string): string[] {
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+) \(([^)]*)\)/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + m[2]!.replace(/\/$/, '');
    stack[depth] = path;
    // The web app's pages and files (web-app.controller.ts, `GET *`) are not API operations.
    if (path.startsWith('/api/docs') || path === '*' || path === '/*') continue;
    for (const method of m[3]!.split(', '))
      if (method !== 'HEAD') out.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
  }
  return out;
}
