import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { eventStoreContract } from '../testing/event-store.contract.js';
import { testEvent } from '../testing/fixtures.js';
import { migrate } from './migrations.js';
import { PostgresEventStore } from './postgres-event-store.js';

async function harness(db: TestDatabase) {
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
