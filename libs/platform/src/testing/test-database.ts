import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../database/embedded-postgres.js';

/** The real server the integration suites use; CI points it at the machine's PostgreSQL. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  kind: 'postgres' | 'pglite';
  url: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

/** A fresh, empty database on the real server, dropped again by `drop()`. */
export async function createPostgresTestDatabase(poolSize = 10): Promise<TestDatabase> {
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: poolSize });
  // An idle client cut off by drop()'s FORCE must not crash the suite and hide the real failure.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return {
    kind: 'postgres',
    url: url.toString(),
    pool,
    async drop() {
      await pool.end();
      await dropOrRetire(name);
    },
  };
}

/**
 * Set by the test run's global set-up (test/support/test-databases.mjs): the file where a run lists the
 * databases it has finished with, dropped together once the run ends.
 */
export const RETIRED_DATABASES_ENV = 'TEST_RETIRED_DATABASES';

/**
 * DROP DATABASE makes PostgreSQL run an immediate checkpoint and wait for it, flushing every suite's
 * dirty pages to disk: 0.5–1.4 s a suite on this machine, for data that is about to be thrown away.
 * Inside a test run a finished database is instead closed to connections (nothing can write to it or
 * hold it any more) and listed for the run's end, where one checkpoint serves all the drops. Outside a
 * run (a script, a bench) it is dropped at once.
 */
async function dropOrRetire(name: string): Promise<void> {
  const list = process.env[RETIRED_DATABASES_ENV];
  const c = new pg.Client({ connectionString: TEST_SERVER_URL });
  await c.connect();
  try {
    if (!list) {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      return;
    }
    await c.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
    await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
    appendFileSync(list, `${name}\n`);
  } finally {
    await c.end();
  }
}

/** A fresh in-memory PGlite behind the product's PGlite gateway, reached through node-postgres like the product does. */
export async function createPgliteTestDatabase(poolSize = 10): Promise<TestDatabase> {
  const embedded: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir: null });
  const pool = new pg.Pool({ connectionString: embedded.url, max: poolSize });
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return {
    kind: 'pglite',
    url: embedded.url,
    pool,
    async drop() {
      await pool.end();
      await embedded.stop();
    },
  };
}
