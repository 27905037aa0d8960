import { randomUUID } from 'node:crypto';
import { getMetadataStorage } from 'class-validator';
import { createPostgresTestDatabase } from '#testing/platform';
import { signIn, type Person } from '../approval/support.js';
import { fieldsNamed, humanEventCount, startSeededApp, type SeededApp } from './support.js';

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Route {
  method: string;
  path: string;
  schemaName: string;
  schema: Schema;
}

interface NestedField {
  name: string;
  required: boolean;
  /** An array of nested objects (its elements are checked too). */
  list: boolean;
}

// A nested DTO validated without being required let a body without it through the validator, and the
// controller then read a field of `undefined`: `POST /api/teachers/:id/tier-revocations` without
// `assessment` answered 500. Every object-valued field of every body the API accepts is sent missing,
// null, as a string and as an array (and, for a list of objects, with such elements): each answer is a
// 400 naming the field, never a 5xx. Routes and their body schemas come from the OpenAPI document; which
// fields are objects, from it and from the DTO classes' class-validator metadata.
describe('nested object fields in request bodies (real PostgreSQL)', () => {
  let s: SeededApp;
  let doc: Schema;
  let people: Person[];

  beforeAll(async () => {
    s = await startSeededApp(await createPostgresTestDatabase());
    doc = (await s.api.request('GET', '/api/docs-json')).body;
    // One person per role, so every route's guard lets at least one of them through to validation.
    const logins = s.seed.logins;
    const byRole = (['reviewer', 'mentor'] as const).map((role) =>
      logins.find((l) => l.roles.includes(role))!,
    );
    people = [s.admin, s.chair, s.teacher, ...(await Promise.all(byRole.map((l) => signIn(s.api, s.db, l))))];
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  const resolve = (schema: Schema | undefined): Schema | undefined => {
    if (!schema?.$ref) return schema;
    const target = doc.components.schemas[String(schema.$ref).split('/').pop()!];
    return target ? { ...schema, ...target, $ref: undefined } : schema;
  };
  const isObjectSchema = (p: Schema | undefined): boolean =>
    !!p &&
    (p.$ref !== undefined ||
      p.type === 'object' ||
      [...(p.oneOf ?? []), ...(p.anyOf ?? []), ...(p.allOf ?? [])].some((a: Schema) => isObjectSchema(a)));

  function routesWithBodies(): Route[] {
    const out: Route[] = [];
    for (const [path, ops] of Object.entries<Schema>(doc.paths))
      for (const [method, op] of Object.entries<Schema>(ops)) {
        const ref = op.requestBody?.content?.['application/json']?.schema;
        if (!ref) continue;
        const schemaName = String(ref.$ref ?? '')
          .split('/')
          .pop()!;
        out.push({ method: method.toUpperCase(), path, schemaName, schema: resolve(ref)! });
      }
    return out;
  }

  /** Properties the DTO class (by its schema's name) validates as nested or as an object. */
  function objectFieldsFromMetadata(className: string): Set<string> {
    const all = (
      getMetadataStorage() as unknown as {
        validationMetadatas: Map<
          unknown,
          Array<{ target: unknown; propertyName: string; type: string; name?: string }>
        >;
      }
    ).validationMetadatas;
    const metas = [...all.values()].flat();
    const cls = metas.find((m) => typeof m.target === 'function' && m.target.name === className)?.target as
      (new () => unknown) | undefined;
    const out = new Set<string>();
    if (!cls) return out;
    for (const m of metas) {
      const t = m.target as new () => unknown;
      if (typeof t !== 'function' || !(t === cls || cls.prototype instanceof t)) continue;
      if (m.type === 'nestedValidation' || m.name === 'isObject') out.add(m.propertyName);
    }
    return out;
  }

  function nestedFields(route: Route): NestedField[] {
    const props: Schema = route.schema.properties ?? {};
    const required = new Set<string>(route.schema.required ?? []);
    const names = new Set<string>(objectFieldsFromMetadata(route.schemaName));
    for (const [name, p] of Object.entries<Schema>(props)) {
      if (isObjectSchema(p) && !(p.oneOf ?? []).every((a: Schema) => a.type === 'string')) names.add(name);
      if (p.type === 'array' && isObjectSchema(p.items)) names.add(name);
    }
    return [...names].map((name) => ({
      name,
      required: required.has(name),
      list: props[name]?.type === 'array',
    }));
  }

  /** A value that satisfies a schema as far as the document tells (enough for the other fields to pass). */
  function sample(schema: Schema | undefined, depth = 0): unknown {
    const p = resolve(schema);
    if (!p || depth > 4) return {};
    if (p.enum) return p.enum[0];
    if (p.oneOf) return sample(p.oneOf[p.oneOf.length - 1], depth + 1);
    switch (p.type) {
      case 'string':
        if (p.format === 'uuid') return randomUUID();
        if (p.format === 'date-time') return new Date().toISOString();
        if (p.format === 'date' || /\\d\{4\}-\\d\{2\}/.test(p.pattern ?? '')) return '2026-09-01';
        return 'x'.repeat(Math.max(1, p.minLength ?? 1));
      case 'number':
      case 'integer':
        return Math.max(1, Math.ceil(p.minimum ?? 1));
      case 'boolean':
        return true;
      case 'array':
        return Array.from({ length: Math.max(1, p.minItems ?? 1) }, () => sample(p.items, depth + 1));
      default: {
        const out: Record<string, unknown> = {};
        for (const name of p.required ?? []) out[name] = sample(p.properties?.[name], depth + 1);
        return out;
      }
    }
  }

  const concretePath = (path: string) => path.replace(/\{[^}]+\}/g, () => randomUUID());

  it('finds the object fields of the API’s bodies', () => {
    const found = routesWithBodies().flatMap((r) =>
      nestedFields(r).map((f) => `${r.method} ${r.path} ${f.name}`),
    );
    // The sweep below is only as good as this discovery: the known nested DTOs must be among them.
    expect(found).toEqual(
      expect.arrayContaining([
        'POST /api/teachers/{id}/tier-revocations assessment',
        'POST /api/teachers/{id}/hours source',
        'POST /api/applications fields',
        'PATCH /api/applications/{id} fields',
        'POST /api/applications/{id}/reviewers reviewers',
        'POST /api/applications/{id}/performance-evaluation parts',
        'POST /api/applications/{id}/reviews scores',
        'POST /api/policies policy',
      ]),
    );
  });

  it('answers a tier revocation without its assessment with 400 naming it, and records nothing', async () => {
    const teacher = s.seed.logins.find((l) => l.roles.includes('teacher') && l.tier === 'backbone')!;
    const me = await s.api.request('GET', '/api/auth/me', {
      headers: { authorization: `Bearer ${(await signIn(s.api, s.db, teacher)).token}` },
    });
    const before = await humanEventCount(s.db);
    const res = await s.admin.call('POST', `/api/teachers/${me.body.id}/tier-revocations`, {
      reason: '年度考核不合格',
    });
    expect(res.status).toBe(400);
    expect(fieldsNamed(res.body)).toContain('assessment');
    expect(await humanEventCount(s.db)).toBe(before);
  });

  it('answers every nested field missing, null, a string or an array with 400 naming it', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of routesWithBodies()) {
      for (const field of nestedFields(route)) {
        const valid = sample(route.schema) as Record<string, unknown>;
        const cases: Array<[string, Record<string, unknown>, string]> = [
          ['null', { ...valid, [field.name]: null }, field.name],
          ['a string', { ...valid, [field.name]: 'text' }, field.name],
          ['a number', { ...valid, [field.name]: 7 }, field.name],
        ];
        if (field.list) {
          cases.push(['an object', { ...valid, [field.name]: {} }, field.name]);
          for (const [label, element] of [
            ['null', null],
            ['a string', 'text'],
            ['an array', []],
          ] as const)
            cases.push([`a list with ${label}`, { ...valid, [field.name]: [element] }, `${field.name}.0`]);
        } else cases.push(['an array', { ...valid, [field.name]: [] }, field.name]);
        const missing = { ...valid };
        delete missing[field.name];
        if (field.required) cases.push(['missing', missing, field.name]);
        for (const [label, body, named] of cases) {
          checked++;
          const path = concretePath(route.path);
          const answers = await Promise.all(people.map((p) => p.call(route.method, path, body)));
          const where = `${route.method} ${route.path} with ${field.name} ${label}`;
          for (const a of answers)
            if (a.status >= 500) failures.push(`${where}: ${a.status} ${JSON.stringify(a.body)}`);
          const named400 = answers.some(
            (a) =>
              a.status === 400 &&
              fieldsNamed(a.body).some((f) => f === named || f.startsWith(`${named}.`) || f === field.name),
          );
          if (!named400)
            failures.push(`${where}: no 400 naming ${named} (${answers.map((a) => a.status).join(', ')})`);
        }
        // Missing where it is optional is fine, but never a 5xx.
        if (!field.required) {
          const answers = await Promise.all(
            people.map((p) => p.call(route.method, concretePath(route.path), missing)),
          );
          for (const a of answers)
            if (a.status >= 500)
              failures.push(`${route.method} ${route.path} without ${field.name}: ${a.status}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
    expect(failures).toEqual([]);
  }, 120_000);
});
