import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The built product the suites start as processes (dist/), built once and shared. `npm test` runs the
 * quick stage on two workers (scripts/test.mjs), so two suites may ask for a build at the same moment,
 * or one may rebuild while another runs what is there: a build happens only when a source is newer
 * than the last one, under a lock, and a suite that finds it fresh runs nothing.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist');
const LOCK = join(DIST, '.build-lock');

/** The newest modification time under `path`, leaving out `skip` (a path under it) and any build output. */
function newestMtime(path: string, skip?: string): number {
  if (!existsSync(path) || path === skip) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, entry.name), skip));
  }
  return newest;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `build` while holding the lock (a directory: its creation is atomic), unless `fresh()` by then. */
function buildOnce(fresh: () => boolean, build: () => void): void {
  if (fresh()) return;
  mkdirSync(DIST, { recursive: true });
  const giveUpAt = Date.now() + 600_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another suite is building; a lock left by a killed run is stale after ten minutes.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 600_000) rmdirSync(LOCK);
      if (Date.now() > giveUpAt) throw new Error(`waited ten minutes for ${LOCK}`);
      sleep(250);
    }
  }
  try {
    if (!fresh()) build();
  } finally {
    rmdirSync(LOCK);
  }
}

function run(command: string, args: string[], env: Record<string, string> = {}): void {
  const out = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  if (out.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed:\n${out.stdout ?? ''}\n${out.stderr ?? ''}`);
}

const SERVER_STAMP = join(DIST, '.server-built-from');
const SERVER_SOURCES = [
  'apps',
  'libs',
  'bench',
  'scripts',
  'package.json',
  'tsconfig.json',
  'tsconfig.build.json',
];

/** `npm run build:server` (tsc, the bundled server, the schema template) unless dist/ is newer than its sources. */
export function ensureServerBuilt(): void {
  // The web app is built on its own (ensureWebBuilt); its sources do not make the server stale.
  const web = join(ROOT, 'apps/web');
  const fresh = () =>
    existsSync(SERVER_STAMP) &&
    statSync(SERVER_STAMP).mtimeMs >= Math.max(...SERVER_SOURCES.map((s) => newestMtime(join(ROOT, s), web)));
  buildOnce(fresh, () => {
    run('npm', ['run', 'build:server', '--silent']);
    writeFileSync(SERVER_STAMP, new Date().toISOString());
  });
}

export const WEB_DIST = join(DIST, 'web');
/**
 * What a complete build of the web app leaves, the sign-in shells last (apps/web/vite.config.ts writes
 * them once index.html is out): so a build by `npm run build` counts as well as one made here, and the
 * first browser suite after it does not build the app again inside its beforeAll.
 */
const WEB_OUTPUTS = ['index.html', 'signed-out.html', 'signed-out-demo.html'].map((f) => join(WEB_DIST, f));

/** The web app's production build into dist/web unless it is newer than every source file. */
export function ensureWebBuilt(): void {
  const fresh = () =>
    WEB_OUTPUTS.every(existsSync) &&
    Math.min(...WEB_OUTPUTS.map((f) => statSync(f).mtimeMs)) >= newestMtime(join(ROOT, 'apps/web'));
  buildOnce(fresh, () => {
    // Jest runs with NODE_ENV=test, which Vite would honour with React's development build.
    run(
      process.execPath,
      [
        join(ROOT, 'node_modules/vite/bin/vite.js'),
        'build',
        '-c',
        'apps/web/vite.config.ts',
        '--logLevel',
        'warn',
      ],
      {
        NODE_ENV: 'production',
      },
    );
  });
}
