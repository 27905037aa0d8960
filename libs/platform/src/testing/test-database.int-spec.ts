import { readFileSync } from 'node:fs';
import pg from 'pg';
import { createPostgresTestDatabase, RETIRED_DATABASES_ENV, TEST_SERVER_URL } from './test-database.js';

/**
 * A finished test database is retired, not dropped, inside a run (the drop's forced checkpoint is paid
 * once at the run's end): it must take no connection any more, and be on the run's list, which the
 * global tear-down drops.
 */
describe('retiring a finished PostgreSQL test database', () => {
  it('closes it to connections and lists it for the end of the run', async () => {
    const list = process.env[RETIRED_DATABASES_ENV];
    expect(list).toBeTruthy();
    const db = await createPostgresTestDatabase(2);
    await db.pool.query('CREATE TABLE t (n int)');
    // A connection the suite forgot to close does not keep the database.
    const lingering = new pg.Client({ connectionString: db.url });
    lingering.on('error', () => undefined);
    await lingering.connect();
    await db.drop();

    const name = new URL(db.url).pathname.slice(1);
    expect(readFileSync(list!, 'utf8').split('\n')).toContain(name);
    await expect(lingering.query('SELECT 1')).rejects.toThrow();
    const late = new pg.Client({ connectionString: db.url });
    await expect(late.connect()).rejects.toThrow(/not currently accepting connections/);

    const admin = new pg.Client({ connectionString: TEST_SERVER_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query('SELECT datallowconn FROM pg_database WHERE datname = $1', [name]);
      expect(rows).toEqual([{ datallowconn: false }]);
    } finally {
      await admin.end();
    }
  });
});
