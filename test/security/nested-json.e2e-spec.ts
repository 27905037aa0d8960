import { BACKENDS, expectProblem, humanEventCount, startSeededApp, type SeededApp } from './support.js';

const arrays = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const objects = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

// A body nested thousands deep used to reach class-transformer, whose recursion overflowed the stack
// (500, "Maximum call stack size exceeded") — on the public sign-in route too. The JSON parser now
// refuses anything nested deeper than 32 levels with 400 before validation, on every route.
describe.each(BACKENDS)('deeply nested JSON bodies (%s)', (_name, create) => {
  let s: SeededApp;
  beforeAll(async () => {
    s = await startSeededApp(await create());
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  const raw = (path: string, body: string, headers: Record<string, string> = {}) =>
    s.api.request('POST', path, { raw: body, headers: { 'content-type': 'application/json', ...headers } });

  it.each([
    ['2,000 nested arrays', arrays(2000)],
    ['5,000 nested objects', objects(5000)],
    ['a password nested 5,000 deep', `{"username":"admin","password":${objects(5000)}}`],
    ['100,000 nested arrays', arrays(100_000)],
    ['33 levels', `{"username":"admin","password":${arrays(32)}}`],
  ])('refuses %s on the sign-in route with 400, before validation', async (_label, body) => {
    const res = await raw('/api/auth/login', body);
    expectProblem(res, 400);
    expect(res.body).toMatchObject({ code: 'body_too_deep', maxDepth: 32 });
  });

  it('refuses them on signed-in routes as well, and records nothing', async () => {
    const before = await humanEventCount(s.db);
    const auth = { authorization: `Bearer ${s.teacher.token}` };
    for (const [path, body] of [
      ['/api/applications', `{"callId":"x","title":"t","fields":${objects(5000)}}`],
      ['/api/applications/00000000-0000-4000-8000-000000000000/submit', arrays(2000)],
      ['/api/notifications/00000000-0000-4000-8000-000000000000/read', objects(2000)],
    ] as const) {
      const res = await raw(path, body, auth);
      expectProblem(res, 400);
      expect(res.body.code).toBe('body_too_deep');
    }
    // Without a token too: the body is read before the guard runs, and never reaches the validator.
    expectProblem(await raw('/api/calls', arrays(2000)), 400);
    expect(await humanEventCount(s.db)).toBe(before);
  });

  it('still reads a body nested to the limit, and brackets inside strings are text', async () => {
    // 32 levels: the body, then 31 arrays in the password: validation answers, naming the field.
    const deep = await raw('/api/auth/login', `{"username":"admin","password":${arrays(31)}}`);
    expectProblem(deep, 400);
    expect(deep.body.code).toBeUndefined();
    expect(deep.body.errors.map((e: { field: string }) => e.field)).toContain('password');
    // Brackets and escaped quotes in a string do not count as nesting.
    const text = `"${'[{'.repeat(60)}\\"${'['.repeat(60)}"`;
    const res = await raw('/api/auth/login', `{"username":"admin","password":${text}}`);
    expect(res.status).toBe(401);
    const ok = await s.api.request('POST', '/api/auth/login', {
      body: { username: 'admin', password: 'demo-admin' },
    });
    expect(ok.status).toBe(200);
  });

  it('keeps refusing prototype keys, as Fastify’s own parser did', async () => {
    const res = await raw(
      '/api/auth/login',
      '{"username":"admin","password":"x","__proto__":{"admin":true}}',
    );
    expectProblem(res, 400);
  });
});
