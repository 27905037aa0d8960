import net from 'node:net';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { markSessionPerConnection } from '#libs/event-store';
import type { AppConfig } from '../config/config.js';
import {
  openEmbeddedPgliteWithSchema,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
} from './embedded-postgres.js';
import { discardFresh } from './pglite-template.js';

export interface Database {
  pool: pg.Pool;
  url: string;
  embedded: EmbeddedPostgres | null;
  close(): Promise<void>;
}

// node-postgres returns bigint (int8) as text; keep it text so large positions stay exact.
function newPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000 });
  // An idle client dropped by a restarted server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // A client checked out (a projection's transaction) also emits 'error' when its connection drops, and
  // unheard that throws: its queries reject anyway, and the caller retries, so the event is only noise.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/**
 * Marks `pool` as one whose connections are sessions of their own, so the hot statements may be named
 * (prepared-statements.ts), once a connection has shown the server is PostgreSQL itself. DATABASE_URL
 * may also lead to an embedded PGlite's gateway (the test suites run the product so), where every client
 * shares one session and a second Parse of the same name fails. Decided on the first connection that
 * answers, not at open: the product may start before its database is up, and until then (or if the probe
 * fails) statements simply stay unnamed.
 */
function markWhenServer(pool: pg.Pool): void {
  let state: 'unknown' | 'asking' | 'known' = 'unknown';
  const ask = () => {
    if (state !== 'unknown') return;
    state = 'asking';
    // Through the pool, never on a connecting client: a second query on a client already busy is what
    // node-postgres deprecates, and its warning would reach a CLI's standard error.
    pool.query<{ v: string }>('SELECT version() AS v').then(
      (res) => {
        state = 'known';
        if (!/PGlite/i.test(res.rows[0]?.v ?? '')) markSessionPerConnection(pool);
      },
      () => {
        state = 'unknown'; // not up yet, or closed: ask again when a connection is next made
      },
    );
  };
  pool.on('connect', ask);
  ask();
}

function portAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

let early: {
  dataDir: string;
  opened: Promise<{ db: PGlite; schemaKey: string | null } | null>;
  /** The key of the migrations this build runs, once the caller knows it (confirmSchemaKey). */
  confirmed: string | null;
} | null = null;

/**
 * Starts opening the embedded database now, before the rest of the product has loaded: apps/server's
 * main calls it first, so PGlite's WebAssembly compiles and a fresh folder's template is copied while
 * node loads the ~1,000 modules of NestJS, Fastify and the contexts (BENCHMARKS.md S1, the cold start).
 * openDatabase then takes this open instead of opening the folder itself. The owner's check comes
 * first, as in openDatabase: with PGLITE_PORT answering, another product holds the folder, nothing is
 * opened here, and openDatabase refuses to start. Nothing with DATABASE_URL set.
 *
 * `schemaKey`: a fresh folder starts from the migrated template of that key (schema-template.ts) when
 * there is one. The caller knows the key for sure only once the migrations' modules are loaded, so this
 * is the key it expects, and confirmSchemaKey tells the real one before the database is used.
 */
export function openEmbeddedEarly(
  config: AppConfig,
  schemaKey: string | null = null,
  /** Where the templates are kept (tests); by default beside the PGlite package. */
  templateBase?: string,
): void {
  if (config.databaseUrl) return;
  const dataDir = config.pgliteDataDir;
  const opened = portAnswers('127.0.0.1', config.pglitePort).then((running) =>
    running ? null : openEmbeddedPgliteWithSchema(dataDir, schemaKey, templateBase),
  );
  opened.catch(() => undefined); // awaited by openDatabase, which reports it
  early = { dataDir: path.resolve(dataDir), opened, confirmed: null };
}

/** The key of the migrations this build runs (schema-template.ts schemaKey), for the early open's check. */
export function confirmSchemaKey(schemaKey: string): void {
  if (early) early.confirmed = schemaKey;
}

/**
 * The early open of `dataDir`, once; null when none was started for it or another product holds it.
 * A fresh folder copied from a migrated template other than the confirmed key's (a template of another
 * build's migrations) is closed and discarded before anything is written to it, and opened afresh by
 * the caller: the migrations would not repair such a copy, its schema_migrations recording ids whose SQL
 * has since changed.
 */
async function takeEarly(dataDir: string): Promise<PGlite | null> {
  if (!early || early.dataDir !== path.resolve(dataDir)) return null;
  const { opened, confirmed } = early;
  early = null;
  const got = await opened;
  if (!got) return null;
  if (got.schemaKey === null || got.schemaKey === confirmed) return got.db;
  await got.db.close();
  discardFresh(dataDir);
  return null;
}

/**
 * The product's database: `DATABASE_URL` when set, else the embedded PGlite. The process that runs the
 * product owns the embedded database (`role: 'owner'`); a CLI command (`role: 'client'`) first looks for
 * a running product on PGLITE_PORT and goes through it, because two processes must never open the same
 * PGlite folder at once; only when none answers does it open the folder itself.
 */
export async function openDatabase(
  config: AppConfig,
  options: { role: 'owner' | 'client' },
): Promise<Database> {
  if (config.databaseUrl) {
    const pool = newPool(config.databaseUrl, config.dbPoolSize);
    markWhenServer(pool);
    return { pool, url: config.databaseUrl, embedded: null, close: () => pool.end() };
  }
  const opened = options.role === 'owner' ? await takeEarly(config.pgliteDataDir) : null;
  const running = opened === null && (await portAnswers('127.0.0.1', config.pglitePort));
  if (running) {
    if (options.role === 'owner') {
      throw new Error(
        `PGLITE_PORT ${config.pglitePort} is already in use: is the product already running on this machine? ` +
          `Stop it, or set PGLITE_PORT (and PGLITE_DATA_DIR) for a second instance.`,
      );
    }
    const url = `postgres://postgres@127.0.0.1:${config.pglitePort}/postgres`;
    const pool = newPool(url, Math.min(config.dbPoolSize, 4));
    return { pool, url, embedded: null, close: () => pool.end() };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: config.pgliteDataDir,
    port: config.pglitePort,
    ...(opened ? { opening: Promise.resolve(opened) } : {}),
  });
  const pool = newPool(embedded.url, config.dbPoolSize);
  return {
    pool,
    url: embedded.url,
    embedded,
    async close() {
      await pool.end();
      await embedded.stop();
    },
  };
}
