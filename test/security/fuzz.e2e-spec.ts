import fc from 'fast-check';
import { TIMER_QUEUE, type TimerQueue } from '#libs/deadlines';
import { createPgliteTestDatabase } from '#testing/platform';
import { bearer } from '../identity/support/identity-test-app.js';
import { humanEventCount, startSeededApp, type SeededApp } from './support.js';

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// Fuzzing from the OpenAPI document the product builds of itself: every operation, as anonymous, a
// teacher and an admin, with random, malformed, oversized, deeply nested and injection-laden bodies,
// path and query parameters and headers. DOMAIN.md preamble and the API rules: bad input is a 4xx
// problem, never a 5xx and never a hang, and a refused request records nothing — no event appended,
// no timer queued. Every answer is also checked against the document by the harness (test-app.ts).
// FUZZ_SEED reproduces a run; FUZZ_CASES deepens it (the default keeps the suite within minutes).
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261203;
const CASES = process.env.FUZZ_CASES ? Number(process.env.FUZZ_CASES) : 3;
const TIMEOUT_MS = 10_000;

const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE events; --",
  '" OR 1=1 --',
  '$(reboot)',
  '`id`',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${jndi:ldap://x}',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%00',
  '\\u0000',
  '%s%s%s%n',
  'NaN',
  '-1',
  '1e309',
  '9'.repeat(400),
  '😀🚀'.repeat(50),
  '\u202e\u200b',
  'null',
  '[]',
  '{"$ne": null}',
];

const text = fc.oneof(
  fc.constantFrom(...INJECTIONS),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constant('x'.repeat(70_000)),
  fc.uuid(),
);
const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.constantFrom(true, false, null, 0, -1, Number.MAX_SAFE_INTEGER, 1e308, -1e308),
);

/** Objects of the document's shape with wrong values, extra fields and prototype keys. */
function bodyFor(schema: Schema | undefined, doc: Schema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, doc);
  if (!s || depth > 3) return scalar;
  if (s.type === 'object' || s.properties) {
    const props = Object.entries((s.properties ?? {}) as Record<string, Schema>);
    return fc
      .record(Object.fromEntries(props.map(([k, v]) => [k, fc.oneof(bodyFor(v, doc, depth + 1), scalar)])), {
        requiredKeys: [],
      })
      .chain((o) =>
        fc
          .dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'x', '$where', ''), scalar, {
            maxKeys: 2,
          })
          .map((extra) => ({ ...o, ...extra })),
      );
  }
  if (s.type === 'array') return fc.array(bodyFor(s.items, doc, depth + 1), { maxLength: 4 });
  if (s.enum) return fc.oneof(fc.constantFrom(...(s.enum as unknown[])), scalar);
  return scalar;
}

function resolve(s: Schema | undefined, doc: Schema): Schema | undefined {
  let out = s;
  for (let i = 0; out?.$ref && i < 10; i++) {
    const path = (out.$ref as string).replace(/^#\//, '').split('/');
    out = path.reduce<Schema | undefined>((o, k) => o?.[k], doc);
  }
  if (out?.allOf?.length === 1) return resolve(out.allOf[0], doc);
  return out;
}

/** A body as raw text: JSON of a random value, broken JSON, deep nesting, or oversized. */
const nested = (depth: number, open: string, close: string) => open.repeat(depth) + close.repeat(depth);
function rawBody(schema: Schema | undefined, doc: Schema): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 6, arbitrary: bodyFor(schema, doc).map((b) => JSON.stringify(b)) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '{',
        '{"a":',
        '[1,2',
        'null',
        '""',
        '\u0000',
        '{"__proto__":{"isAdmin":true}}',
        '{"constructor":{"prototype":{"admin":true}}}',
        nested(3000, '[', ']'),
        `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`,
      ),
    },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(JSON.stringify({ big: 'y'.repeat(1_200_000) })) },
  );
}

const pathValue = fc.oneof(
  fc.uuid(),
  fc.constantFrom(
    '00000000-0000-0000-0000-000000000000',
    'not-a-uuid',
    '%2e%2e%2f',
    '%00',
    "1'%20OR%20'1'%3D'1",
    'a'.repeat(3000),
    '%F0%9F%98%80',
    '%ZZ',
    '-1',
  ),
);

const headerSets = fc.record(
  {
    'accept-language': fc.constantFrom('zh-CN', 'en', '*', 'xx;q=abc', 'a'.repeat(500)),
    'x-min-position': fc.constantFrom('0', '-1', '1e30', 'abc', '99999999999999999999', ''),
    'x-correlation-id': fc.constantFrom('c', 'x'.repeat(300), '\u00e9'),
    'idempotency-key': fc.constantFrom('k', '', 'k'.repeat(500)),
    'if-match': fc.constantFrom('"1"', 'W/"x"', '*', '"-5"', 'garbage'),
    'x-act-as': fc.constantFrom('admin', 'chair', 'root', ''),
    'x-forwarded-for': fc.constantFrom('1.2.3.4', 'not-an-ip', '::1, 10.0.0.1'),
    'content-type': fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
    ),
  },
  { requiredKeys: ['content-type'] },
);

interface Operation {
  method: string;
  path: string;
  op: Schema;
}

interface Finding {
  who: string;
  method: string;
  url: string;
  status: number | string;
  problem: string;
}

describe('fuzzing every operation of the OpenAPI document (PGlite)', () => {
  let s: SeededApp;
  let doc: Schema;
  let queue: TimerQueue;
  let operations: Operation[];

  beforeAll(async () => {
    s = await startSeededApp(await createPgliteTestDatabase());
    doc = (await s.api.request('GET', '/api/docs-json')).body;
    queue = s.api.app.get(TIMER_QUEUE, { strict: false });
    operations = Object.entries(doc.paths as Record<string, Record<string, Schema>>)
      .flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
          .map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
      )
      // Signing out and changing one's password last, so the other operations run signed in.
      .sort((a, b) => Number(/\/auth\//.test(a.path)) - Number(/\/auth\//.test(b.path)));
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  /** Jobs of every state; BullMQ's PostgreSQL backend makes its table with the first job. */
  async function jobs(): Promise<number> {
    try {
      return Object.values(await queue.counts()).reduce((a, b) => a + b, 0);
    } catch (err) {
      if (/relation "job" does not exist/.test(String(err))) return 0;
      throw err;
    }
  }
  const current = async () => ({ events: await humanEventCount(s.db), jobs: await jobs() });
  /** Waits until the reactors have done what earlier accepted requests set off. */
  async function settled(): Promise<{ events: number; jobs: number }> {
    let last = await current();
    for (let i = 0; i < 40; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const now = await current();
      if (now.events === last.events && now.jobs === last.jobs) return now;
      last = now;
    }
    return last;
  }

  it('answers every operation’s bad input with a documented 4xx, at once, and records nothing for it', async () => {
    expect(operations.length).toBeGreaterThan(50);
    const findings: Finding[] = [];
    const who: Array<[string, Record<string, string>]> = [
      ['anonymous', {}],
      ['teacher', bearer(s.teacher.token)],
      ['admin', bearer(s.admin.token)],
    ];
    let sent = 0;
    let refused = 0;
    let seed = SEED;
    let dirty = true;
    for (const { method, path, op } of operations) {
      const params = (op.parameters ?? []).map((p: Schema) => resolve(p, doc)!) as Schema[];
      const pathParams = params.filter((p) => p.in === 'path').map((p) => p.name as string);
      const queryParams = params.filter((p) => p.in === 'query').map((p) => p.name as string);
      const body = op.requestBody?.content?.['application/json']?.schema as Schema | undefined;
      const hasBody = ['POST', 'PUT', 'PATCH'].includes(method);
      const input = fc.record({
        path: fc.record(Object.fromEntries(pathParams.map((n) => [n, pathValue]))),
        query: fc.dictionary(
          fc.oneof(fc.constantFrom(...queryParams, 'x', '__proto__'), fc.string({ maxLength: 5 })),
          fc.oneof(text, fc.array(text, { maxLength: 3 })),
          { maxKeys: 3 },
        ),
        headers: headerSets,
        raw: hasBody ? rawBody(body, doc) : fc.constant(undefined),
      });
      for (const [name, auth] of who) {
        const cases = fc.sample(input, { seed: seed++, numRuns: CASES });
        // After an accepted request the reactors may still be at work: wait for them to finish first.
        const before = dirty ? await settled() : await current();
        let accepted = false;
        for (const c of cases) {
          let url = path.replace(/\{(\w+)\}/g, (_m, n: string) => encodePathish(c.path[n] as string));
          const q = new URLSearchParams();
          for (const [k, v] of Object.entries(c.query))
            for (const x of Array.isArray(v) ? v : [v]) q.append(k, String(x).slice(0, 4000));
          if ([...q].length > 0) url += `?${q}`;
          const headers: Record<string, string> = { ...c.headers, ...auth };
          if (!hasBody) delete headers['content-type'];
          // A command is checked one request at a time; reads by their batch (below).
          const events = method === 'GET' ? null : await humanEventCount(s.db);
          sent += 1;
          let status: number;
          try {
            const res = await within(
              s.api.request(method, url, { raw: c.raw, headers }),
              `${method} ${url.slice(0, 120)}`,
            );
            status = res.status;
          } catch (err) {
            findings.push({
              who: name,
              method,
              url: url.slice(0, 200),
              status: 'error',
              problem: String(err)
                .replace(/a{40,}/g, 'a…')
                .slice(0, 600),
            });
            continue;
          }
          if (status >= 500)
            findings.push({
              who: name,
              method,
              url: url.slice(0, 200),
              status,
              problem: `a ${status} for ${String(c.raw).slice(0, 200)}`,
            });
          if (status >= 200 && status < 300) accepted = true;
          if (status >= 400 && status < 500) {
            refused += 1;
            const after = events === null ? null : await humanEventCount(s.db);
            if (events !== null && after !== events)
              findings.push({
                who: name,
                method,
                url: url.slice(0, 200),
                status,
                problem: `${after! - events} event(s) appended by a refused request`,
              });
          }
        }
        // No timer from a batch that was all refused (accepted requests may set timers off).
        dirty = accepted;
        if (!accepted) {
          // A refusal appends nothing, so nothing reacts later: what it did is there when it answers.
          const after = await current();
          if (after.events !== before.events)
            findings.push({
              who: name,
              method,
              url: path,
              status: '4xx',
              problem: `${after.events - before.events} event(s) appended by refused requests`,
            });
          if (after.jobs !== before.jobs)
            findings.push({
              who: name,
              method,
              url: path,
              status: '4xx',
              problem: `${after.jobs - before.jobs} job(s) queued by refused requests`,
            });
        }
      }
    }
    if (findings.length > 0) console.log(`fuzz seed ${SEED}:\n${JSON.stringify(findings, null, 1)}`);
    expect(findings).toEqual([]);
    expect(sent).toBeGreaterThan(operations.length * 3 * CASES - 1);
    expect(refused).toBeGreaterThan(sent / 2);
  }, 360_000);
});

/** A path segment as an attacker sends it: as given when it is already %-encoded, else encoded. */
function encodePathish(v: string): string {
  return /%[0-9A-Za-z]{2}/.test(v) ? v : encodeURIComponent(v);
}

async function within<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_r, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms: ${what}`)), TIMEOUT_MS);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
