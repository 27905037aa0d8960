import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureServerBuilt } from '../support/build.js';

const root = path.resolve(import.meta.dirname, '../..');
const COMMANDS = ['rebuild-projections', 'verify-chain', 'reconcile-timers', 'backup'] as const;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

// `npm run projections:rebuild -- --help` ran a rebuild, and without DATABASE_URL created
// ./data/pglite wherever it was started. Each CLI command now reads its arguments first: --help prints
// usage and exits 0, an unknown option or operand is a usage error (exit 2); neither touches anything.
// On the embedded default a command with no product running and no data folder stops (exit 1) rather
// than creating an empty database. Run as built (`dist/`), from an empty folder, with no DATABASE_URL.
describe('the CLI commands’ arguments (built, embedded default, empty folder)', () => {
  let cwd: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    ensureServerBuilt();
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      // A port nothing answers on: no running product to go through.
      PGLITE_PORT: String(await freePort()),
    };
  }, 600_000);
  beforeEach(() => {
    cwd = mkdtempSync(path.join(tmpdir(), 'cli-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  const run = (command: string, ...args: string[]) =>
    spawnSync(process.execPath, [path.join(root, `dist/apps/worker/src/cli/${command}.js`), ...args], {
      cwd,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });

  it.each(COMMANDS)('%s --help prints usage, exits 0 and touches nothing', (command) => {
    for (const flag of ['--help', '-h']) {
      const r = run(command, flag);
      expect({ flag, status: r.status }).toEqual({ flag, status: 0 });
      expect(r.stdout).toMatch(/^usage: npm run [a-z:]+ --/);
      expect(r.stdout).toContain('-h, --help');
      expect(r.stdout).not.toMatch(/rebuilt from|streams verify|: added \d/);
      expect(readdirSync(cwd)).toEqual([]);
    }
  });

  it.each(COMMANDS)('%s refuses an unknown option with usage (exit 2), touching nothing', (command) => {
    const r = run(command, '--all');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^unknown option --all\n\nusage: /);
    expect(r.stdout).toBe('');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses operands a command does not know (exit 2), touching nothing', () => {
    const rebuild = run('rebuild-projections', 'no_such_projection');
    expect(rebuild.status).toBe(2);
    expect(rebuild.stderr).toContain('unknown projection(s): no_such_projection; known: ');
    const verify = run('verify-chain', 'now');
    expect(verify.status).toBe(2);
    expect(verify.stderr).toContain('takes no arguments, got now');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.each(COMMANDS)('%s with no database anywhere stops (exit 1) instead of creating one', (command) => {
    const r = run(command);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no database: DATABASE_URL is not set');
    expect(r.stderr).toContain('./data/pglite');
    expect(readdirSync(cwd)).toEqual([]);
  });

  // The commands that make a database (restore, moving to a server) read their arguments first too, and
  // refuse a file that is not a backup before creating anything.
  it.each(['restore', 'migrate-to-postgres'])('%s answers --help and refuses unknown options', (command) => {
    const help = run(command, '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run [a-z:-]+ --/);
    const bad = run(command, '--all');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^unknown option --all\n\nusage: /);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('restore takes exactly one file, and refuses one that is not a backup before creating a database', () => {
    expect(run('restore').status).toBe(2);
    expect(run('restore', 'a', 'b').stderr).toContain('takes 1 file, got 2');
    writeFileSync(path.join(cwd, 'notes.txt'), 'not a backup\n');
    const r = run('restore', 'notes.txt');
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^refused: notes\.txt: not a backup of teacher-dev-workflow/);
    expect(readdirSync(cwd)).toEqual(['notes.txt']);
  });
});
