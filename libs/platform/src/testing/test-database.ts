import { randomBytes } from 'node:crypto';
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
      const c = new pg.Client({ connectionString: TEST_SERVER_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
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
