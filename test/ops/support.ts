import { spawn } from 'node:child_process';
import path from 'node:path';
import net from 'node:net';
import pg from 'pg';
import { startEmbeddedPostgres } from '#libs/platform';
import type { TestDatabase } from '#testing/platform';
import { startTestApp, type TestApp } from '../support/test-app.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const poolOn = (url: string) => {
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
};

/**
 * The product as `npm start` runs it on the embedded default — no DATABASE_URL: it opens its own PGlite
 * folder and serves it on PGLITE_PORT (so its timers use BullMQ on the shared session) — with a pool
 * through that port for the test's own SQL. Closing the app stops the database.
 */
export async function startEmbeddedApp(dataDir: string): Promise<{ api: TestApp; db: TestDatabase }> {
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const pool = poolOn(url);
  const db: TestDatabase = { kind: 'pglite', url, pool, drop: () => pool.end() };
  const api = await startTestApp(db, {
    env: { DATABASE_URL: '', PGLITE_DATA_DIR: dataDir, PGLITE_PORT: String(port) },
  });
  return { api, db };
}

/** An embedded data folder opened on its own (no product), to look at what a command left in it. */
export async function openEmbeddedFolder(dataDir: string): Promise<TestDatabase> {
  const embedded = await startEmbeddedPostgres({ dataDir });
  const pool = poolOn(embedded.url);
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

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a built CLI command without blocking this process: the embedded product a test runs lives in
 * this process, and a command that goes through it would wait for ever on a blocked event loop.
 */
export function runBuilt(
  root: string,
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, script), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
