import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/** The repository root, whether this runs from bench/ (tests) or dist/bench/ (npm run bench). */
export const ROOT = (() => {
  let dir = import.meta.dirname;
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
})();
export const SERVER_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

/** One benchmark's row in BENCHMARKS.md. */
export interface Row {
  id: string;
  what: string;
  figure: string;
  baseline: string;
  ratio: string;
  target: string;
  met: boolean | null;
  /** What this run alone says (sizes, seeding, timings of its parts). */
  notes?: string;
  /**
   * For a missed target, what the "done when" asks of BENCHMARKS.md: by how much it misses
   * (computed from this run's figures), what the profile shows, what would close it, and the
   * measurements and attempts that led there.
   */
  shortfall?: string;
  profile?: string;
  closing?: string;
  history?: string;
}

export interface BenchDatabase {
  url: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

/** A fresh database on the benchmark server, so every run starts from the same empty state. */
export async function createBenchDatabase(poolSize = 40): Promise<BenchDatabase> {
  const name = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: poolSize });
  pool.on('error', () => undefined);
  return {
    url: url.toString(),
    pool,
    async drop() {
      await pool.end();
      const c = new pg.Client({ connectionString: SERVER_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * pgbench with a custom script; returns transactions per second (excluding connection time).
 * pgbench's -T counts from its start, connections included: on a loaded machine 32 clients can take
 * longer than a short run to connect and then commit nothing and print no rate. Such a run is
 * repeated with twice the time (up to three tries), since a baseline of no transactions is no baseline.
 */
export async function pgbench(url: string, sql: string, clients: number, seconds: number): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pgbench-'));
  const script = path.join(dir, 'script.sql');
  writeFileSync(script, sql);
  try {
    for (let attempt = 1, s = seconds; ; attempt++, s *= 2) {
      const { stdout } = await promisify(execFile)(
        'pgbench',
        ['-n', '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(s), '-f', script, url],
        { maxBuffer: 10 * 1024 * 1024 },
      );
      const m =
        /tps = ([\d.]+) \((?:without initial connection time|excluding connections establishing)\)/.exec(
          stdout,
        );
      if (m) return Number(m[1]);
      const none = /number of transactions actually processed: 0\b/.test(stdout);
      if (!none || attempt === 3) throw new Error(`pgbench printed no tps:\n${stdout}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const fmt = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits }) : 'n/a';

export const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

/** "0.23× against ≥ 0.8×: needs 3.5× its rate" — a ratio below its target, or null when it is not. */
export function ratioShort(ours: number, base: number, target: number): string | null {
  if (!(base > 0) || ours / base >= target) return null;
  const times = ours > 0 ? `needs ${fmt((target * base) / ours, 1)}× its rate` : 'nothing measured';
  return `${ratio(ours, base)} against ≥ ${target}×: ${times}`;
}

/** "p99 47.4 ms against < 20 ms: 2.4× the bound" — a figure over its bound, or null when it is not. */
export function overBound(
  label: string,
  value: number,
  bound: number,
  unit: string,
  digits = 1,
): string | null {
  if (value < bound) return null;
  // A near miss keeps its second decimal: "1.01× the bound", not "1×".
  const times = value / bound;
  return `${label} ${fmt(value, digits)} ${unit} against < ${fmt(bound, digits)} ${unit}: ${fmt(times, times < 1.1 ? 2 : 1)}× the bound`;
}

/** The parts of a shortfall that apply, in one sentence (undefined when none does). */
export const shortOf = (...parts: (string | null | false | undefined)[]): string | undefined =>
  parts.filter(Boolean).join('; ') || undefined;

/** Resident memory of a process, from /proc (Linux). */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

export function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/**
 * `BENCH_PROFILE=<dir>`: the product and worker processes a benchmark starts write V8 CPU profiles
 * there (`--cpu-prof`), to open in Chrome DevTools or speedscope when a target is missed.
 */
function profileArgs(what: string): string[] {
  const dir = process.env.BENCH_PROFILE;
  return dir
    ? ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', `${what}-${Date.now()}.cpuprofile`]
    : [];
}

/** Starts the built product (dist) and resolves once /health/ready answers 200. */
export async function startProduct(
  env: Record<string, string>,
  port: number,
  /** `root`: another checkout's build (bench/compare-builds.ts); one built before bundling runs main.js. */
  options: { withWorker?: boolean; root?: string } = {},
): Promise<{ child: ChildProcess; url: string; readyMs: number; stop(): Promise<void> }> {
  const started = Date.now();
  const root = options.root ?? ROOT;
  const bundled = path.join(root, 'dist/apps/server/src/server.js');
  const child = spawn(
    process.execPath,
    [
      ...profileArgs('product'),
      // With the worker: what `npm start` runs (apps/server). Without: the production layout, the API
      // alone, with the worker started on its own (startWorker).
      options.withWorker === false
        ? path.join(root, 'dist/apps/api/src/main.js')
        : existsSync(bundled)
          ? bundled
          : path.join(root, 'dist/apps/server/src/main.js'),
    ],
    {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`product exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 120_000) throw new Error(`product not ready after 120 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const readyMs = Date.now() - started;
  return {
    child,
    url,
    readyMs,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts the built worker alone (dist/apps/worker: projections, reactors, timers) and resolves once it
 * says it runs; `output()` is the tail of what it printed (JSON log lines at info level).
 */
export async function startWorker(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; output(): string; stop(): Promise<void> }> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [...profileArgs('worker'), path.join(ROOT, 'dist/apps/worker/src/main.js')],
    {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-50_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}:\n${output}`);
    if (output.includes('worker running')) break;
    if (Date.now() - started > 120_000) throw new Error(`worker not running after 120 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
