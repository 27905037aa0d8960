import type { DemoSeedResult } from '#libs/identity';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { seedDemo } from '../identity/support/identity-test-app.js';
import { cast, signIn, type Person } from '../approval/support.js';

/** The two ways the product runs: a PostgreSQL server, and the embedded PGlite behind its gateway. */
export const BACKENDS: Array<[name: string, create: () => Promise<TestDatabase>]> = [
  ['PostgreSQL', () => createPostgresTestDatabase()],
  ['PGlite', () => createPgliteTestDatabase()],
];

/** The real product on its own database with the demo region, and its people signed in. */
export interface SeededApp {
  db: TestDatabase;
  api: TestApp;
  seed: DemoSeedResult;
  admin: Person;
  chair: Person;
  teacher: Person;
  close(): Promise<void>;
}

export async function startSeededApp(db: TestDatabase, env: Record<string, string> = {}): Promise<SeededApp> {
  const api = await startTestApp(db, { env });
  const seed = await seedDemo(api, db);
  const c = cast(seed);
  const [admin, chair, teacher] = await Promise.all([
    signIn(api, db, c.admin),
    signIn(api, db, c.chair),
    signIn(api, db, c.teachers[0]!),
  ]);
  return {
    db,
    api,
    seed,
    admin,
    chair,
    teacher,
    async close() {
      await api.close();
      await db.drop();
    },
  };
}

/** Events appended by people (reactors append on their own time, as `system`). */
export async function humanEventCount(db: TestDatabase): Promise<number> {
  const res = await db.pool.query<{ n: string }>(
    "SELECT count(*) AS n FROM events WHERE metadata->>'actorRole' IS DISTINCT FROM 'system'",
  );
  return Number(res.rows[0]!.n);
}

/** The problem+json answer's shape, and that it names `field` among its errors. */
export function expectProblem(
  res: { status: number; headers: Headers; body: any }, // eslint-disable-line @typescript-eslint/no-explicit-any
  status: number,
): void {
  expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({
    status,
    type: expect.stringContaining('application/problem+json'),
  });
  expect(res.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
}

export function fieldsNamed(body: { errors?: { field: string }[] } | null): string[] {
  return (body?.errors ?? []).map((e) => e.field);
}
