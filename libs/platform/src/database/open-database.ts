import net from 'node:net';
import pg from 'pg';
import { markSessionPerConnection } from '#libs/event-store';
import type { AppConfig } from '../config/config.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';

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
    // A server: each connection is a session of its own, so the hot statements may be named.
    const pool = markSessionPerConnection(newPool(config.databaseUrl, config.dbPoolSize));
    return { pool, url: config.databaseUrl, embedded: null, close: () => pool.end() };
  }
  const running = await portAnswers('127.0.0.1', config.pglitePort);
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
  const embedded = await startEmbeddedPostgres({ dataDir: config.pgliteDataDir, port: config.pglitePort });
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
