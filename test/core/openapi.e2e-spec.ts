import { createPgliteTestDatabase, type TestDatabase } from '#testing/platform';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Issue #3 item 6: the OpenAPI document at /api/docs describes every route and the bodies they accept.
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

  it('lists every HTTP route the API serves, with bearer security', async () => {
    const doc = (await api.request('GET', '/api/docs-json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
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
    if (path.startsWith('/api/docs')) continue;
    for (const method of m[3]!.split(', '))
      if (method !== 'HEAD') out.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
  }
  return out;
}
