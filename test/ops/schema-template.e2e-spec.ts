import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '#libs/platform';
import { openPgliteWithSchema } from '../../libs/platform/src/database/pglite-template.js';
import { buildSchemaTemplate } from '../../apps/server/src/build-schema-template.js';
import { readSchemaKey } from '../../apps/server/src/schema-key.js';
import { startTestApp } from '../support/test-app.js';

// The embedded default's fresh folder starts from the migrated template (apps/server schema.ts,
// BENCHMARKS.md S1). It must hold exactly the schema a start makes on an empty cluster — every owner's
// migrations, the projections' tables, BullMQ's — so the start finds nothing to do, and no secret: each
// install makes its own.

/** What a start made: relations, columns, indexes, functions and the migrations' ledgers. */
async function schemaOf(pool: pg.Pool): Promise<unknown> {
  const client = await pool.connect();
  try {
    // Names printed schema-qualified whatever the session's search_path (on PGlite the one session's,
    // which the timers' queue extends with BullMQ's schema).
    await client.query(`BEGIN; SET LOCAL search_path = pg_catalog`);
    return await catalogue(client);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}

async function catalogue(client: pg.PoolClient): Promise<unknown> {
  const q = async (sql: string) => (await client.query(sql)).rows;
  const owned = `n.nspname IN ('public', 'bullmq')`;
  return {
    relations: await q(
      `SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE ${owned} ORDER BY 1, 2`,
    ),
    columns: await q(
      `SELECT table_schema, table_name, column_name, data_type, column_default, is_nullable
         FROM information_schema.columns WHERE table_schema IN ('public', 'bullmq') ORDER BY 1, 2, 3`,
    ),
    indexes: await q(`SELECT schemaname, indexname, indexdef FROM pg_indexes
                       WHERE schemaname IN ('public', 'bullmq') ORDER BY 1, 2`),
    functions: await q(
      `SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid) AS args, md5(p.prosrc) AS body
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${owned} ORDER BY 1, 2, 3`,
    ),
    migrations: await q(`SELECT id FROM public.schema_migrations ORDER BY id`),
    bullmq: await q(`SELECT version, name FROM bullmq.migration ORDER BY version`),
  };
}

/** The schema without app_secrets, which each install makes for itself at its first start. */
function withoutSecrets(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema), (_k, v: unknown) =>
    Array.isArray(v) ? v.filter((r) => !JSON.stringify(r).includes('app_secrets')) : v,
  ) as unknown;
}

describe('the migrated template of the embedded default', () => {
  let dir: string;
  const servers: EmbeddedPostgres[] = [];
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'product-schema-'));
  });
  afterAll(async () => {
    for (const s of servers) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh folder opened as main opens it (with or without the template), then the product started. */
  async function start(name: string, key: string | null, base: string) {
    const dataDir = path.join(dir, name);
    const opened = await openPgliteWithSchema(dataDir, key, base);
    const embedded = await startEmbeddedPostgres({ dataDir, opening: Promise.resolve(opened.db) });
    servers.push(embedded);
    const pool = new pg.Pool({ connectionString: embedded.url, max: 4 });
    const before = await schemaOf(pool).catch(() => null);
    const app = await startTestApp({ kind: 'pglite', url: embedded.url, pool, drop: async () => {} });
    try {
      expect((await app.request('GET', '/health/ready')).status).toBe(200);
      const secret = (await pool.query<{ value: string }>(`SELECT value FROM app_secrets`)).rows;
      return { copied: opened.schemaKey, before, after: await schemaOf(pool), secret };
    } finally {
      await app.close();
      await pool.end();
    }
  }

  it('holds what a start makes on an empty cluster, and no secret', async () => {
    const base = path.join(dir, 'cache', 'pglite-test');
    const keyFile = path.join(dir, 'schema.key');
    const { key, made } = await buildSchemaTemplate({ base, keyFile });
    expect(made).toBe(true);
    expect(readSchemaKey(keyFile)).toBe(key);

    const fromTemplate = await start('template', key, base);
    expect(fromTemplate.copied).toBe(key);
    // The start found nothing to make but the install's own secret.
    expect(fromTemplate.before).toEqual(withoutSecrets(fromTemplate.after));
    expect(fromTemplate.before).not.toEqual(fromTemplate.after);

    // The same as a start that ran every migration itself (no owner left out of schema.ts).
    const migrated = await start('empty', null, base);
    expect(migrated.copied).toBeNull();
    expect(fromTemplate.after).toEqual(migrated.after);
    // Each install its own secret.
    expect(fromTemplate.secret).toHaveLength(1);
    expect(migrated.secret).toHaveLength(1);
    expect(fromTemplate.secret[0]!.value).not.toBe(migrated.secret[0]!.value);
  }, 600_000);
});
