import { CheckpointedSubscription, migrate, PostgresEventStore, rebuildProjection } from '#libs/event-store';
import { settled } from '#testing/event-store';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { TEACHER_TIERS } from '../identity.model.js';
import {
  IDENTITY_PROJECTIONS,
  identityDirectoryProjection,
} from '../read-models/identity-directory.projection.js';
import { findUserByUsername } from '../login/authenticate.js';
import { verifyPassword } from '../password/password-hasher.js';
import { formatDemoLogins, seedDemoRegion } from './demo-region.seed.js';

// DOMAIN.md "People and roles": "First start seeds a demo region … seeding never runs twice", on a real PostgreSQL server
// and on embedded PGlite (where it must still take only a few seconds).
describe.each([
  ['PostgreSQL server', createPostgresTestDatabase],
  ['embedded PGlite', createPgliteTestDatabase],
] as const)('demo region seed on %s', (_name, makeDb) => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const eventCount = async () =>
    Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);

  beforeAll(async () => {
    db = await makeDb();
    await migrate(db.pool);
    store = new PostgresEventStore(db.pool);
  }, 180_000);
  afterAll(async () => {
    await db?.drop();
  });

  // How fast it seeds is the start-up benchmark's business (bench S1), not a timed test's.
  it('seeds once; a second call and a concurrent call do nothing', async () => {
    const [a, b] = await Promise.all([seedDemoRegion(store), seedDemoRegion(store)]);
    expect([a.seeded, b.seeded].sort()).toEqual([false, true]);
    const result = a.seeded ? a : b;
    expect(result.orgUnits).toHaveLength(8);
    expect(result.logins).toHaveLength(42);
    const count = await eventCount();
    const again = await seedDemoRegion(store);
    expect(again).toEqual({ seeded: false, logins: [], orgUnits: [] });
    expect(await eventCount()).toBe(count);
    expect(formatDemoLogins(result)).toContain('demo-<username>');
  });

  it('has the region the issue asks for, in the read models too', async () => {
    await settled(db.pool); // another suite's open transaction may hold the seed's last events back
    for (const p of IDENTITY_PROJECTIONS) {
      const s = new CheckpointedSubscription(db.pool, p);
      await s.setup();
      await s.catchUp();
    }
    const units = (
      await db.pool.query<{ level: string; n: string }>(
        `SELECT level, count(*) AS n FROM org_units GROUP BY level`,
      )
    ).rows;
    expect(Object.fromEntries(units.map((u) => [u.level, Number(u.n)]))).toEqual({
      province: 1,
      city: 1,
      district: 2,
      school: 4,
    });

    const users = (
      await db.pool.query<{
        username: string;
        roles: string[];
        tier: string | null;
        school_id: string | null;
        level: string;
        password_hash: string;
      }>(
        `SELECT u.username, u.roles, u.tier, u.school_id, o.level, u.password_hash FROM users u JOIN org_units o ON o.id = u.org_unit`,
      )
    ).rows;
    const teachers = users.filter((u) => u.roles.includes('teacher'));
    expect(teachers).toHaveLength(40);
    // All five tiers (DOMAIN.md ladder), every teacher at a school.
    expect(new Set(teachers.map((t) => t.tier))).toEqual(new Set(TEACHER_TIERS));
    expect(teachers.every((t) => t.level === 'school' && t.school_id !== null)).toBe(true);
    // One committee: a chair and five reviewers who teach at different schools, two at the same one.
    const chairs = users.filter((u) => u.roles.includes('chair'));
    expect(chairs).toHaveLength(1);
    const reviewers = users.filter((u) => u.roles.includes('reviewer'));
    expect(reviewers).toHaveLength(5);
    expect(reviewers.every((r) => r.roles.includes('teacher'))).toBe(true);
    expect(new Set(reviewers.map((r) => r.school_id)).size).toBe(4);
    expect(users.filter((u) => u.roles.includes('mentor')).length).toBeGreaterThan(0);
    // One admin, at the city.
    expect(users.filter((u) => u.roles.includes('admin')).map((u) => u.level)).toEqual(['city']);
    expect(users.every((u) => u.password_hash.startsWith('scrypt$'))).toBe(true);

    const admin = await findUserByUsername(store, 'admin');
    expect(await verifyPassword('demo-admin', admin!.passwordHash)).toBe(true);
  });

  it('rebuilds the identity read models from the log to the same rows', async () => {
    const snapshot = async () =>
      (
        await db.pool.query(
          `SELECT (SELECT json_agg(o ORDER BY o.id) FROM (SELECT id, parent_id, level, name, path FROM org_units) o) AS units,
                  (SELECT json_agg(u ORDER BY u.id) FROM (SELECT id, username, org_unit, school_id, roles, tier, active FROM users) u) AS users`,
        )
      ).rows[0];
    const before = await snapshot();
    await rebuildProjection(db.pool, identityDirectoryProjection);
    expect(await snapshot()).toEqual(before);
  });
});

// The seed appends without reading its streams first: a seed cut off half-way is completed by the next
// start once the first is clearly dead, each append it had made answered as the first time.
describe('a demo region seed cut off half-way, on embedded PGlite', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createPgliteTestDatabase();
    await migrate(db.pool);
    store = new PostgresEventStore(db.pool);
  }, 180_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('is completed by a later start, with every event once', async () => {
    let appends = 0;
    const dying = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop !== 'append') return Reflect.get(target, prop, receiver) as unknown;
        return async (...args: Parameters<PostgresEventStore['append']>) => {
          const result = await target.append(...args);
          if (++appends >= 30) throw new Error('the process died');
          return result;
        };
      },
    });
    await expect(seedDemoRegion(dying)).rejects.toThrow('the process died');
    // Let the appends the dying seed had in flight land.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const later = new Date(Date.now() + 11 * 60_000);
    const result = await seedDemoRegion(store, { clock: { now: () => later } });
    expect(result.seeded).toBe(true);
    expect(result.logins).toHaveLength(42);
    const counts = (
      await db.pool.query<{ type: string; n: string }>(
        `SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY type`,
      )
    ).rows;
    expect(Object.fromEntries(counts.map((c) => [c.type, Number(c.n)]))).toEqual({
      DemoSeedCompleted: 1,
      DemoSeedStarted: 2,
      OrgUnitCreated: 8,
      UserRegistered: 42,
      UsernameReserved: 42,
    });
    expect(await seedDemoRegion(store, { clock: { now: () => later } })).toEqual({
      seeded: false,
      logins: [],
      orgUnits: [],
    });
  });
});
