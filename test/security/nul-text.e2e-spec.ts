import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import type { TestResponse } from '../support/test-app.js';
import {
  BACKENDS,
  expectProblem,
  fieldsNamed,
  humanEventCount,
  startSeededApp,
  type SeededApp,
} from './support.js';

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// PostgreSQL cannot store U+0000 in text or jsonb: a NUL in any string (an enrolment's teacherId, a
// title, a query parameter, a path segment) reached the database and answered 500. Lone UTF-16
// surrogates fail the same way in jsonb. Such text is refused at the edge — before the guard, the
// validator and the database — with a 400 naming the field, and nothing is recorded.
describe.each(BACKENDS)('NUL characters and broken Unicode in text (%s)', (_name, create) => {
  let s: SeededApp;
  let doc: Schema;
  beforeAll(async () => {
    s = await startSeededApp(await create());
    doc = (await s.api.request('GET', '/api/docs-json')).body;
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  const day = 86_400_000;
  const call = (title: string) => ({
    kind: 'training_project',
    orgUnit: s.seed.orgUnits.find((u) => u.level === 'city')!.id,
    title,
    opensAt: new Date(Date.now() - day).toISOString(),
    closesAt: new Date(Date.now() + 30 * day).toISOString(),
  });

  it('refuses a NUL in body fields, nested ones and keys, naming the field', async () => {
    const before = await humanEventCount(s.db);
    const cases: Array<[string, () => Promise<TestResponse>, string]> = [
      ['a call title', () => s.chair.call('POST', '/api/calls', call('培训\u0000项目')), 'title'],
      [
        'an enrolment’s teacherId',
        () =>
          s.teacher.call('POST', `/api/applications/${randomUUID()}/enrolments`, {
            teacherId: `${s.teacher.id}\u0000`,
          }),
        'teacherId',
      ],
      [
        'a reviewer in a list',
        () =>
          s.chair.call('POST', `/api/applications/${randomUUID()}/reviewers`, {
            reviewers: [{ reviewerId: 'ok' }, { reviewerId: 'a\u0000' }],
          }),
        'reviewers.1.reviewerId',
      ],
      ['a key', () => s.chair.call('POST', '/api/calls', { ...call('ok'), 'x\u0000': 1 }), 'x\\u0000'],
      [
        'the sign-in name',
        () =>
          s.api.request('POST', '/api/auth/login', {
            body: { username: 'admin\u0000', password: 'demo-admin' },
          }),
        'username',
      ],
      [
        'a lone surrogate in a title',
        () => s.chair.call('POST', '/api/calls', call('培训\ud800项目')),
        'title',
      ],
    ];
    for (const [label, send, field] of cases) {
      const res = await send();
      expect({ label, status: res.status }).toEqual({ label, status: 400 });
      expectProblem(res, 400);
      expect({ label, fields: fieldsNamed(res.body) }).toEqual({ label, fields: [field] });
    }
    expect(await humanEventCount(s.db)).toBe(before);
  });

  it('refuses a NUL in path parameters and query parameters, naming them', async () => {
    for (const [path, field] of [
      [`/api/applications/${randomUUID()}%00`, 'id'],
      ['/api/teachers/%00/progression', 'id'],
      ['/api/audit/events?actor=%00', 'actor'],
      ['/api/org-units?parent=a%00', 'parent'],
      ['/api/dashboard?orgUnit=%00', 'orgUnit'],
      ['/api/admin/queues/jobs?state=delayed%00', 'state'],
    ] as const) {
      const res = await s.admin.call('GET', path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expectProblem(res, 400);
      expect({ path, fields: fieldsNamed(res.body) }).toEqual({ path, fields: [field] });
    }
  });

  it('refuses a NUL in every parameter and string body field of every documented operation', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const [path, ops] of Object.entries<Schema>(doc.paths)) {
      for (const [method, op] of Object.entries<Schema>(ops)) {
        const params: Schema[] = op.parameters ?? [];
        const fill = (except?: string) =>
          path.replace(/\{([^}]+)\}/g, (_m, name: string) => (name === except ? 'x%00' : randomUUID()));
        const probes: Array<[string, string, unknown]> = [];
        for (const p of params) {
          if (p.in === 'path') probes.push([p.name, fill(p.name), undefined]);
          if (p.in === 'query')
            probes.push([p.name, `${fill()}?${encodeURIComponent(p.name)}=x%00`, undefined]);
        }
        const ref = op.requestBody?.content?.['application/json']?.schema?.$ref;
        const schema = ref ? doc.components.schemas[String(ref).split('/').pop()!] : undefined;
        for (const [name, prop] of Object.entries<Schema>(schema?.properties ?? {}))
          if (prop.type === 'string' || prop.oneOf) probes.push([name, fill(), { [name]: 'x\u0000' }]);
        for (const [field, url, body] of probes) {
          checked++;
          const res = await s.admin.call(method.toUpperCase(), url, body);
          const where = `${method.toUpperCase()} ${path} ${field}`;
          if (res.status !== 400 || !fieldsNamed(res.body).includes(field))
            failures.push(`${where}: ${res.status} ${JSON.stringify(res.body?.errors ?? res.body?.detail)}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(failures).toEqual([]);
  }, 120_000);

  it('answers a raw NUL in a header with 400, and keeps serving', async () => {
    const port = Number(new URL(s.api.url).port);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`GET /api/auth/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\u0000b\r\n\r\n`);
      });
      let got = '';
      socket.on('data', (d) => (got += d.toString('latin1')));
      socket.on('close', () => resolve(got));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('application/problem+json');
    expect((await s.admin.call('GET', '/api/auth/me')).status).toBe(200);
  });
});
