import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { LATEST_SCHEMA_VERSION, runMigrations } from 'bullmq';
import pg from 'pg';
import {
  EVENT_STORE_MIGRATIONS,
  migrate,
  type Migration,
  type Projection,
  type SqlExecutor,
} from '#libs/event-store';
import { IDENTITY_MIGRATIONS } from '#libs/identity';
import { BLOB_MIGRATIONS, type SchemaPart } from '#libs/platform';
import { IMPORT_JOB_MIGRATIONS } from '../../api/src/imports/import-jobs.service.js';
import { ALL_PROJECTIONS } from '../../worker/src/projections.js';

/**
 * Every part of the product's schema, in one place: what each owner creates at start, in its own
 * module, and what the embedded default's migrated template is made of and keyed by
 * (libs/platform schema-template.ts; BENCHMARKS.md S1). A new owner's migrations belong here too, or a
 * fresh folder from the template would run them at start (correct, only slower).
 *
 * Not here on purpose: app_secrets (secrets.ts), made by each install for itself, never copied; and
 * the subscriptions' checkpoint rows, made by their runners.
 */
export const MIGRATION_OWNERS: readonly { owner: string; migrations: readonly Migration[] }[] = [
  { owner: 'event store', migrations: EVENT_STORE_MIGRATIONS },
  { owner: 'identity', migrations: IDENTITY_MIGRATIONS },
  { owner: 'blobs', migrations: BLOB_MIGRATIONS },
  { owner: 'import jobs', migrations: IMPORT_JOB_MIGRATIONS },
];

/** Every migration id the product records in schema_migrations. */
export const ALL_MIGRATION_IDS = MIGRATION_OWNERS.flatMap((o) => o.migrations.map((m) => m.id));

async function withPool<T>(url: string, fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

/**
 * The statements a projection's set-up sends, in order, recorded without a database: set-ups are DDL
 * and read nothing back, so they run the same against this recorder.
 */
async function setupStatements(projection: Projection): Promise<string[]> {
  const sent: string[] = [];
  await projection.setup({
    query: (text: string) => {
      sent.push(text);
      return Promise.resolve({ rows: [], rowCount: 0 });
    },
  });
  return sent;
}

/** The parts of the schema as the template applies them; `sql` is what the key is made of. */
export async function productSchema(): Promise<SchemaPart[]> {
  const parts: SchemaPart[] = MIGRATION_OWNERS.map(({ owner, migrations }) => ({
    owner,
    sql: migrations.flatMap((m) => [m.id, m.sql]),
    apply: (url) => withPool(url, (pool) => migrate(pool, migrations)),
  }));
  const projections = await Promise.all(
    ALL_PROJECTIONS.map(async (p) => ({ p, sql: await setupStatements(p) })),
  );
  parts.push({
    owner: 'projections',
    sql: projections.flatMap(({ p, sql }) => [p.name, ...sql]),
    // Each projection's own set-up, in a transaction with search_path at public, as its runner does.
    apply: (url) =>
      withPool(url, async (pool) => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('SET LOCAL search_path TO public');
          for (const { p } of projections) await p.setup(client as unknown as SqlExecutor);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      }),
  });
  // BullMQ's queues on PostgreSQL (the timers and emails without REDIS_URL) migrate their schema when
  // they connect; its SQL is the package's, so the package's version keys it.
  const bullmq = createRequire(import.meta.url).resolve('bullmq/package.json');
  const bullmqVersion = (JSON.parse(readFileSync(bullmq, 'utf8')) as { version: string }).version;
  parts.push({
    owner: 'bullmq',
    sql: [bullmqVersion, String(LATEST_SCHEMA_VERSION)],
    apply: async (url) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await runMigrations(client);
      } finally {
        await client.end();
      }
    },
  });
  return parts;
}
