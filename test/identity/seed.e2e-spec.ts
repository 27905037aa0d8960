import type { EventStore } from '#libs/event-store';
import { seedDemoRegion, type DemoSeedResult } from '#libs/identity';
import { EVENT_STORE } from '#libs/platform';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import type { TestApp } from '../support/test-app.js';
import {
  bearer,
  eventCount,
  identityCaughtUp,
  login,
  startIdentityApp,
} from './support/identity-test-app.js';

// DOMAIN.md "People and roles": "First start seeds a demo region … and prints the demo logins; seeding never runs twice."
describe('demo region on first start', () => {
  let db: TestDatabase;
  let api: TestApp;
  let first: DemoSeedResult;

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startIdentityApp(db);
    first = await seedDemoRegion(api.app.get(EVENT_STORE) as EventStore);
    await identityCaughtUp(api, db);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('seeds on the first start and returns the demo logins', () => {
    expect(first.seeded).toBe(true);
    expect(first.logins.length).toBeGreaterThanOrEqual(40);
    for (const l of first.logins) expect(l.password).toBe(`demo-${l.username}`);
  });

  it('does nothing on the next start (a new app on the same database)', async () => {
    const before = await eventCount(db);
    await api.close();
    api = await startIdentityApp(db);
    const second = await seedDemoRegion(api.app.get(EVENT_STORE) as EventStore);
    expect(second.seeded).toBe(false);
    expect(second.logins).toEqual([]);
    expect(await eventCount(db)).toBe(before);
    expect(
      (
        await db.pool.query(`SELECT type FROM events WHERE stream_id = 'seed-demo' ORDER BY version`)
      ).rows.map((r) => r.type),
    ).toEqual(['DemoSeedStarted', 'DemoSeedCompleted']);
  });

  it('the printed logins work: the admin at the city, the chair, a reviewer who teaches at a school', async () => {
    const city = first.orgUnits.find((u) => u.level === 'city')!;
    const admin = await api.request('GET', '/api/auth/me', { headers: bearer(await login(api, 'admin')) });
    expect(admin.body).toMatchObject({ username: 'admin', roles: ['admin'], orgUnit: city.id });
    const chair = await api.request('GET', '/api/auth/me', { headers: bearer(await login(api, 'chair')) });
    expect(chair.body).toMatchObject({ roles: ['chair'], role: 'chair' });
    const r = first.logins.find((l) => l.roles.includes('reviewer'))!;
    const reviewer = await api.request('GET', '/api/auth/me', {
      headers: bearer(await login(api, r.username, r.password)),
    });
    expect(reviewer.body).toMatchObject({ roles: ['teacher', 'reviewer'], orgUnit: r.orgUnit });
    expect(first.orgUnits.find((u) => u.id === r.orgUnit)!.level).toBe('school');
  });
});
