import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { eventStoreContract } from '../testing/event-store.contract.js';
import { testEvent } from '../testing/fixtures.js';
import { migrate } from './migrations.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { markSessionPerConnection } from './prepared-statements.js';

async function harness(db: TestDatabase, named = false) {
  if (named) markSessionPerConnection(db.pool);
  await migrate(db.pool);
  await migrate(db.pool); // migrations are idempotent: a second start changes nothing
  return {
    store: new PostgresEventStore(db.pool),
    pool: db.pool,
    concurrentTransactions: db.kind === 'postgres',
    teardown: () => db.drop(),
  };
}

// One contract, two ways to run the same node-postgres adapter (ARCHITECTURE.md "Stores").
eventStoreContract('PostgreSQL server', async () => harness(await createPostgresTestDatabase()));
eventStoreContract('embedded PGlite via its wire-protocol gateway', async () =>
  harness(await createPgliteTestDatabase()),
);
// The product's pool at DATABASE_URL names the command path's statements (prepared-statements.ts): the
// same contract holds when a stream's read and the append are prepared once per connection.
eventStoreContract('PostgreSQL server, command statements named', async () =>
  harness(await createPostgresTestDatabase(), true),
);

// BENCHMARKS.md (T1): a version conflict is an error response from es_append; it must not cost the
// connection (pg-pool's own query() closed it, and under contention that meant a new server process
// per conflict).
describe('PostgresEventStore on PostgreSQL: conflicts keep their connection', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createPostgresTestDatabase(1);
    await migrate(db.pool);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('answers a wrong expected version on the same server session', async () => {
    const store = new PostgresEventStore(db.pool);
    const pid = async () =>
      (await db.pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    await store.append('conflict-1', 'no_stream', [testEvent()]);
    const before = await pid();
    for (let i = 0; i < 3; i++)
      await expect(store.append('conflict-1', 'no_stream', [testEvent()])).rejects.toMatchObject({
        name: 'WrongExpectedVersionError',
      });
    expect(await pid()).toBe(before);
    expect(db.pool.totalCount).toBe(1);
  });
});

// prepared-statements.ts: on a server pool the command path's statements are parsed once per connection
// and then only bound and executed; a conflict raised inside the named append still keeps the session
// and its prepared statements, and the next command on that connection reuses them.
describe('PostgresEventStore on PostgreSQL: named command statements', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createPostgresTestDatabase(1);
    markSessionPerConnection(db.pool);
    await migrate(db.pool);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('prepares the read and the append once on a connection and reuses them after a conflict', async () => {
    const store = new PostgresEventStore(db.pool);
    const prepared = async () =>
      (
        await db.pool.query<{ name: string }>(
          `SELECT name FROM pg_prepared_statements WHERE name LIKE 'es\\_%' ORDER BY name`,
        )
      ).rows.map((r) => r.name);
    expect(await prepared()).toEqual([]);
    for (let i = 0; i < 3; i++) {
      expect(await store.readStream(`named-${i}`)).toEqual([]);
      await store.append(`named-${i}`, 'no_stream', [testEvent()]);
    }
    await expect(store.append('named-0', 'no_stream', [testEvent()])).rejects.toMatchObject({
      name: 'WrongExpectedVersionError',
    });
    await store.append('named-0', 1, [testEvent()]);
    expect((await store.readStream('named-0')).map((e) => e.version)).toEqual([1, 2]);
    // One connection (pool of 1): each statement was parsed there once, and is still there.
    expect(await prepared()).toEqual(['es_append', 'es_read_stream']);
    expect(db.pool.totalCount).toBe(1);
  });
});
