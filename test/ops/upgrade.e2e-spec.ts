import { randomUUID } from 'node:crypto';
import {
  EVENT_STORE_MIGRATIONS,
  PostgresEventStore,
  migrate,
  verifyChain,
  type NewEvent,
} from '#libs/event-store';
import { IDENTITY_MIGRATIONS } from '#libs/identity';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { ALL_MIGRATION_IDS } from '../../apps/server/src/schema.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Upgrades (README "Upgrading"): migrations are numbered, forward-only, recorded in schema_migrations and
// run in one transaction under an advisory lock. A database made by an earlier version — built here by
// running only the earlier migrations, with data in it — is upgraded by starting the product, its data
// intact; and two processes starting at once on a fresh database both start, each migration applied once.
// Every owner's migrations, as apps/server lists them in one place (schema.ts).
const ALL_IDS = ALL_MIGRATION_IDS;

const event = (type: string, data: unknown): NewEvent => ({
  id: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  metadata: {
    actorId: 'upgrade-test',
    actorRole: 'system',
    orgUnit: 'ou-city',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    commandId: randomUUID(),
    recordedAt: new Date().toISOString(),
  },
});

describe.each([
  ['PostgreSQL', createPostgresTestDatabase],
  ['embedded PGlite', createPgliteTestDatabase],
] as const)('upgrading a database made by the previous schema on %s', (_name, makeDb) => {
  let db: TestDatabase;
  let api: TestApp | null = null;
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('applies only the missing migrations, keeping every event, hash and row', async () => {
    db = await makeDb();
    // The previous version: the event store and the first identity table, not the personal-data keys.
    const previous = [EVENT_STORE_MIGRATIONS[0]!, IDENTITY_MIGRATIONS[0]!];
    await migrate(db.pool, previous);
    const store = new PostgresEventStore(db.pool);
    for (let i = 0; i < 5; i++)
      await store.append(`upgradecheck-${i}`, 'no_stream', [
        event('UpgradeChecked', { i }),
        event('UpgradeChecked', { i }),
      ]);
    await db.pool.query(
      `INSERT INTO login_attempts (username_key, ip, attempted_at, outcome) VALUES ('wang', '10.0.0.1', now(), 'failed')`,
    );
    const before = {
      events: (await db.pool.query(`SELECT event_id, chain_hash FROM events ORDER BY seq`)).rows,
      streams: (await db.pool.query(`SELECT stream_id, version, last_hash FROM streams ORDER BY stream_id`))
        .rows,
      attempts: (await db.pool.query(`SELECT username_key, ip, outcome FROM login_attempts`)).rows,
    };
    const applied = async () =>
      (await db.pool.query<{ id: string }>(`SELECT id FROM schema_migrations ORDER BY id`)).rows.map(
        (r) => r.id,
      );
    const personKeys = async () =>
      (await db.pool.query<{ t: string | null }>(`SELECT to_regclass('public.person_keys')::text AS t`))
        .rows[0]!.t;
    expect(await applied()).toEqual(previous.map((m) => m.id).sort());
    expect(await personKeys()).toBeNull();

    // The new version starts on it.
    api = await startTestApp(db);
    expect((await api.request('GET', '/health/ready')).status).toBe(200);
    expect(await applied()).toEqual([...ALL_IDS].sort());
    expect(await personKeys()).toBe('person_keys');
    expect((await db.pool.query(`SELECT event_id, chain_hash FROM events ORDER BY seq`)).rows).toEqual(
      before.events,
    );
    expect(
      (await db.pool.query(`SELECT stream_id, version, last_hash FROM streams ORDER BY stream_id`)).rows,
    ).toEqual(before.streams);
    expect((await db.pool.query(`SELECT username_key, ip, outcome FROM login_attempts`)).rows).toEqual(
      before.attempts,
    );
    expect(await verifyChain(db.pool)).toMatchObject({ ok: true, checked: 10 });
  }, 120_000);
});

describe('two processes starting at once on a fresh PostgreSQL database', () => {
  let db: TestDatabase;
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const a of apps) await a.close();
    await db?.drop();
  });

  it('both start, and each migration is applied once', async () => {
    db = await createPostgresTestDatabase();
    const started = await Promise.allSettled([startTestApp(db), startTestApp(db)]);
    for (const s of started) if (s.status === 'fulfilled') apps.push(s.value);
    expect(started.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);
    for (const a of apps) expect((await a.request('GET', '/health/ready')).status).toBe(200);
    const rows = (
      await db.pool.query<{ id: string; n: number }>(
        `SELECT id, count(*)::int AS n FROM schema_migrations GROUP BY id ORDER BY id`,
      )
    ).rows;
    expect(rows).toEqual([...ALL_IDS].sort().map((id) => ({ id, n: 1 })));
    // Each migration's objects exist once: the functions and tables a race would have made twice.
    expect(
      (
        await db.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_proc WHERE proname = 'es_append'`,
        )
      ).rows[0]!.n,
    ).toBe(1);
  }, 180_000);

  it('runs a migration that could not run twice once, however many migrators start together', async () => {
    // Without IF NOT EXISTS: a second run would fail, an unlocked race would insert twice or fail.
    const once = [
      { id: '9001_race_probe', sql: `CREATE TABLE race_probe (n int); INSERT INTO race_probe VALUES (1)` },
    ];
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => migrate(db.pool, once)));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill('fulfilled'));
    expect((await db.pool.query(`SELECT n FROM race_probe`)).rows).toEqual([{ n: 1 }]);
  });
});
