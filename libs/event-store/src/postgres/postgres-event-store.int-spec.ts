import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { eventStoreContract } from '../testing/event-store.contract.js';
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
