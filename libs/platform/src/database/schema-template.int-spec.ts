import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { migrate, type Migration } from '#libs/event-store';
import { loadConfig } from '../config/config.js';
import { confirmSchemaKey, openDatabase, openEmbeddedEarly } from './open-database.js';
import { servePglite } from './pglite-gateway.js';
import { isFreshDataDir, openPgliteWithSchema, schemaTemplateDir } from './pglite-template.js';
import { saveSchemaTemplate, schemaKey, type SchemaPart } from './schema-template.js';
import { ensureSecret } from './secrets.js';

// The embedded default's migrated template (BENCHMARKS.md S1): a fresh folder starts from a copy of a
// cluster on which the migrations have run, keyed by their SQL. Each install must still make its own
// secrets; a changed migration must make a new template, never reuse the old schema; a folder made from
// an older template (or none) is still migrated at start.

const withPool = async <T>(url: string, fn: (pool: pg.Pool) => Promise<T>): Promise<T> => {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
};

/** A part made of event-store-style migrations, applied by the same runner the owners use. */
const part = (owner: string, migrations: Migration[]): SchemaPart => ({
  owner,
  sql: migrations.flatMap((m) => [m.id, m.sql]),
  apply: (url) => withPool(url, (pool) => migrate(pool, migrations)),
});

const M1: Migration = { id: 't_0001', sql: `CREATE TABLE things (id int PRIMARY KEY)` };
const M1_CHANGED: Migration = { id: 't_0001', sql: `CREATE TABLE things (id int PRIMARY KEY, label text)` };
const M2: Migration = { id: 't_0002', sql: `CREATE TABLE widgets (id int PRIMARY KEY)` };

/** Serves `db` as the product would, for node-postgres; stops the gateway, not the database. */
async function served<T>(db: PGlite, fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const server = await servePglite(db, '127.0.0.1', 0);
  try {
    return await withPool(`postgres://postgres@127.0.0.1:${server.port}/postgres`, fn);
  } finally {
    await server.stop();
  }
}

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });

const columns = async (pool: pg.Pool, table: string): Promise<string[]> =>
  (
    await pool.query<{ c: string }>(
      `SELECT column_name AS c FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
      [table],
    )
  ).rows.map((r) => r.c);

describe('migrated PGlite template', () => {
  // Each template starts from an initdb of its own (in WebAssembly: ~10 s, several times that loaded).
  let dir: string;
  let base: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'schema-template-'));
    base = path.join(dir, 'cache', 'pglite-test');
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts fresh folders with the schema, each making its own secret', async () => {
    const parts = [part('things', [M1])];
    expect(await saveSchemaTemplate(parts, base)).toBe(true);
    const key = schemaKey(parts);
    const template = schemaTemplateDir(key, base)!;
    expect(existsSync(path.join(template, 'PG_VERSION'))).toBe(true);
    // Built aside and renamed: no staging folder is left behind.
    expect(readdirSync(path.dirname(base)).filter((f) => f.includes('partial'))).toEqual([]);

    const secrets: string[] = [];
    for (const name of ['a', 'b']) {
      const opened = await openPgliteWithSchema(path.join(dir, name), key, base);
      expect(opened.schemaKey).toBe(key);
      await served(opened.db, async (pool) => {
        expect(await columns(pool, 'things')).toEqual(['id']);
        // The migrations find nothing to do: the ids are recorded.
        expect((await pool.query(`SELECT id FROM schema_migrations`)).rows).toEqual([{ id: 't_0001' }]);
        // No secret came with the copy: the table is made by the install's first start.
        expect((await pool.query(`SELECT to_regclass('app_secrets') AS t`)).rows).toEqual([{ t: null }]);
        secrets.push(await ensureSecret(pool, 'anonymity'));
        await migrate(pool, [M1]);
      });
      await opened.db.close();
    }
    expect(secrets[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(secrets[1]).not.toBe(secrets[0]);
    // The template was not written to by the copies.
    const again = await openPgliteWithSchema(path.join(dir, 'c'), key, base);
    await served(again.db, async (pool) =>
      expect((await pool.query(`SELECT to_regclass('app_secrets') AS t`)).rows).toEqual([{ t: null }]),
    );
    await again.db.close();
  }, 300_000);

  it('treats a folder whose copy was cut off before PG_VERSION as fresh', async () => {
    const key = schemaKey([part('things', [M1])]);
    const cut = path.join(dir, 'cut');
    // A start killed mid-copy: every file of the template but PG_VERSION, which is copied last.
    cpSync(schemaTemplateDir(key, base)!, cut, { recursive: true });
    rmSync(path.join(cut, 'PG_VERSION'));
    expect(isFreshDataDir(cut)).toBe(true);
    const opened = await openPgliteWithSchema(cut, key, base);
    expect(opened.schemaKey).toBe(key);
    await served(opened.db, async (pool) => expect(await columns(pool, 'things')).toEqual(['id']));
    await opened.db.close();
  }, 300_000);

  it('makes a new template when a migration changes, and still migrates a folder of an older one', async () => {
    const oldKey = schemaKey([part('things', [M1])]);
    const changed = [part('things', [M1_CHANGED])];
    const newKey = schemaKey(changed);
    expect(newKey).not.toBe(oldKey);
    expect(schemaKey([part('things', [M1, M2])])).not.toBe(oldKey);
    expect(await saveSchemaTemplate(changed, base)).toBe(true);
    const fresh = await openPgliteWithSchema(path.join(dir, 'd'), newKey, base);
    expect(fresh.schemaKey).toBe(newKey);
    await served(fresh.db, async (pool) => expect(await columns(pool, 'things')).toEqual(['id', 'label']));
    await fresh.db.close();

    // A folder made from the older template: the start's migrations add what came since.
    const older = await openPgliteWithSchema(path.join(dir, 'e'), oldKey, base);
    expect(older.schemaKey).toBe(oldKey);
    await served(older.db, async (pool) => {
      await migrate(pool, [M1, M2]);
      expect(await columns(pool, 'things')).toEqual(['id']);
      expect(await columns(pool, 'widgets')).toEqual(['id']);
    });
    await older.db.close();
    // No template of an unknown key: the empty one, as before.
    const none = await openPgliteWithSchema(path.join(dir, 'f'), 'f'.repeat(32), base);
    expect(none.schemaKey).toBeNull();
    await served(none.db, async (pool) =>
      expect((await pool.query(`SELECT to_regclass('things') AS t`)).rows).toEqual([{ t: null }]),
    );
    await none.db.close();
  }, 300_000);

  it("discards an early copy of another build's template before anything is written to it", async () => {
    const oldKey = schemaKey([part('things', [M1])]);
    const dataDir = path.join(dir, 'g');
    const config = loadConfig({
      PGLITE_DATA_DIR: dataDir,
      PGLITE_PORT: String(await freePort()),
      NODE_ENV: 'test',
    });
    // main copies the template its build's key file names, then learns the migrations' real key.
    openEmbeddedEarly(config, oldKey, base);
    confirmSchemaKey(schemaKey([part('things', [M1_CHANGED])]));
    const db = await openDatabase(config, { role: 'owner' });
    try {
      // Opened afresh from the empty template: the changed migration runs, instead of being found
      // recorded on the old table.
      expect((await db.pool.query(`SELECT to_regclass('things') AS t`)).rows).toEqual([{ t: null }]);
      await migrate(db.pool, [M1_CHANGED]);
      expect(await columns(db.pool, 'things')).toEqual(['id', 'label']);
    } finally {
      await db.close();
    }
    expect(isFreshDataDir(dataDir)).toBe(false);

    // The same key confirmed: the copy is kept.
    const kept = path.join(dir, 'h');
    const keptConfig = loadConfig({
      PGLITE_DATA_DIR: kept,
      PGLITE_PORT: String(await freePort()),
      NODE_ENV: 'test',
    });
    openEmbeddedEarly(keptConfig, oldKey, base);
    confirmSchemaKey(oldKey);
    const same = await openDatabase(keptConfig, { role: 'owner' });
    try {
      expect(await columns(same.pool, 'things')).toEqual(['id']);
    } finally {
      await same.close();
    }
  }, 300_000);
});
