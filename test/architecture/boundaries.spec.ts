import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// The boundaries of ARCHITECTURE.md "Between contexts", as `npm run lint:deps` checks them: the
// dependency-cruiser rules (.dependency-cruiser.mjs) and the check that nothing outside libs/event-store
// names the events table (scripts/check-events-table.mjs), and the check that no context's tables are
// named in SQL outside its own folders (scripts/check-table-owners.mjs). Each rule is shown to fail on a planted
// violation in a scratch tree, to pass once the violation is gone, and the real tree to pass.

const ROOT = process.cwd();
const DEPCRUISE = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = path.join(ROOT, '.dependency-cruiser.mjs');
const EVENTS_CHECK = path.join(ROOT, 'scripts/check-events-table.mjs');
const OWNERS_CHECK = path.join(ROOT, 'scripts/check-table-owners.mjs');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}
const cruise = (cwd: string, dirs: string[]) =>
  run([DEPCRUISE, '--config', CONFIG, '--output-type', 'err', ...dirs], cwd);
const eventsCheck = (cwd: string) => run([EVENTS_CHECK], cwd);
const ownersCheck = (cwd: string) => run([OWNERS_CHECK], cwd);

/** A scratch tree shaped like the repository (same package.json imports and tsconfig), holding `files`. */
function scratchTree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'boundaries-'));
  copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  copyFileSync(path.join(ROOT, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** Two contexts with their public entries, a server app and the web app, all within the rules. */
const CLEAN: Record<string, string> = {
  'libs/ladder/src/index.ts': `export * from './teacher/teacher.state.js';\n`,
  'libs/ladder/src/teacher/teacher.state.ts': `export const TIERS = ['novice'];\n`,
  'libs/approval/src/index.ts': `export * from './review.js';\n`,
  'libs/approval/src/review.ts': `import { TIERS } from '#libs/ladder';\nexport const tiers = TIERS;\n`,
  'libs/platform/src/index.ts': `export const platform = 1;\n`,
  'libs/event-store/src/index.ts': `export * from './postgres/store.js';\n`,
  'libs/event-store/src/postgres/store.ts': `export const EVENTS = 'SELECT * FROM events';\n`,
  'apps/api/src/main.ts': `import { tiers } from '#libs/approval';\nexport const main = tiers;\n`,
  'apps/web/src/main.ts': `export const web = 1;\n`,
  'apps/worker/src/reader.ts': `export const READ = 'SELECT * FROM import_jobs';\n`,
  'libs/approval/src/read.ts': `export const INBOX = 'SELECT id FROM application_summaries a, calls c';\n`,
  'apps/api/src/ladder/teachers.ts': `export const Q = 'SELECT * FROM teacher_progress p JOIN teacher_hours h USING (teacher_id)';\n`,
};

/** Each planted violation: the file that breaks a rule, and what the lint must say about it. */
const VIOLATIONS: { rule: string; files: Record<string, string> }[] = [
  {
    rule: 'context-through-public-entry',
    files: {
      'libs/approval/src/deep.ts': `import { TIERS } from '../../ladder/src/teacher/teacher.state.js';\nexport const deep = TIERS;\n`,
    },
  },
  {
    rule: 'apps-and-tests-through-public-entry',
    files: {
      'apps/api/src/deep.ts': `import { tiers } from '../../../libs/approval/src/review.js';\nexport const deep = tiers;\n`,
    },
  },
  {
    rule: 'no-circular',
    files: {
      'libs/ladder/src/a.ts': `import { b } from './b.js';\nexport const a = () => b;\n`,
      'libs/ladder/src/b.ts': `import type { a } from './a.js';\nexport const b = 1;\nexport type A = typeof a;\n`,
    },
  },
  {
    rule: 'platform-not-into-adapters',
    files: {
      'libs/platform/src/store.ts': `import { EVENTS } from '../../event-store/src/postgres/store.js';\nexport const q = EVENTS;\n`,
    },
  },
  {
    rule: 'api-not-worker',
    files: {
      'apps/api/src/with-worker.ts': `import { READ } from '../../worker/src/reader.js';\nexport const q = READ;\n`,
    },
  },
  {
    rule: 'web-not-server',
    files: {
      'apps/web/src/server.ts': `import { tiers } from '#libs/approval';\nexport const leak = tiers;\n`,
    },
  },
];

describe('lint:deps: import boundaries (dependency-cruiser)', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it('passes a scratch tree that keeps every rule', () => {
    const dir = scratchTree(CLEAN);
    made.push(dir);
    const r = cruise(dir, ['apps', 'libs']);
    expect(r.output).toContain('no dependency violations found');
    expect(r.status).toBe(0);
  });

  it.each(VIOLATIONS)(
    'fails on a planted $rule violation, naming the rule and the file',
    ({ rule, files }) => {
      const dir = scratchTree({ ...CLEAN, ...files });
      made.push(dir);
      const r = cruise(dir, ['apps', 'libs']);
      expect(r.status).not.toBe(0);
      expect(r.output).toContain(`error ${rule}:`);
      for (const file of Object.keys(files)) expect(r.output).toContain(file);
    },
  );

  it('passes the real tree', () => {
    const r = cruise(ROOT, ['apps', 'libs', 'test', 'bench', 'scripts']);
    expect(r.output).toContain('no dependency violations found');
    expect(r.status).toBe(0);
  });
});

describe('lint:deps: nothing outside libs/event-store names the events table', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it('passes a scratch tree whose only SQL on events is in libs/event-store', () => {
    const dir = scratchTree(CLEAN);
    made.push(dir);
    const r = eventsCheck(dir);
    expect(r.output).toContain('no SQL on the events table');
    expect(r.status).toBe(0);
  });

  it.each([
    ['a SELECT', 'libs/audit/src/history.ts', 'const q = `SELECT data FROM events WHERE stream_id = $1`;', 2],
    [
      'a JOIN over lines',
      'apps/api/src/timeline.ts',
      'const q = `SELECT 1 FROM users u\n  JOIN\n  events e ON true`;',
      3,
    ],
    ['an UPDATE', 'apps/worker/src/fix.ts', "const q = 'UPDATE events SET data = $1';", 2],
    ['public.events', 'libs/platform/src/count.ts', "const q = 'SELECT count(*) FROM public.events';", 2],
  ])('fails on %s outside libs/event-store, naming the file and line', (_what, file, text, line) => {
    const dir = scratchTree({ ...CLEAN, [file]: `// A planted violation.\n${text}\nexport { q };\n` });
    made.push(dir);
    const r = eventsCheck(dir);
    expect(r.status).toBe(1);
    expect(r.output).toContain(`${file}:${line}:`);
  });

  it('leaves tests alone: they look at the table on purpose', () => {
    const dir = scratchTree({
      ...CLEAN,
      'libs/audit/src/history.int-spec.ts': `const q = 'SELECT * FROM events';\n`,
    });
    made.push(dir);
    expect(eventsCheck(dir).status).toBe(0);
  });

  it('passes the real tree', () => {
    const r = eventsCheck(ROOT);
    expect(r.output).toContain('no SQL on the events table');
    expect(r.status).toBe(0);
  });
});

describe("lint:deps: no context's tables are named outside its own folders", () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it("passes a scratch tree whose SQL names only its own context's tables", () => {
    const dir = scratchTree(CLEAN);
    made.push(dir);
    const r = ownersCheck(dir);
    expect(r.output).toContain("no SQL on another context's tables");
    expect(r.status).toBe(0);
  });

  it.each([
    [
      'the worker reading approval',
      'apps/worker/src/timers/reconcile.ts',
      "const q = `SELECT application_id FROM application_summaries WHERE stage = 'in_review'`;",
      2,
      'application_summaries',
    ],
    [
      'a join into identity over lines',
      'apps/worker/src/timers/shortfall.ts',
      'const q = `SELECT p.teacher_id FROM teacher_progress p\n  JOIN users u ON u.id = p.teacher_id`;',
      3,
      'users',
    ],
    [
      'a comma join in a context',
      'libs/ladder/src/scope.ts',
      'const q = `SELECT u.id FROM mentorships m, org_units u WHERE true`;',
      2,
      'org_units',
    ],
    [
      "identity's tree test spliced into another context's SQL",
      'apps/api/src/applications/board.ts',
      "const q = `SELECT 1 FROM application_summaries a WHERE ${orgUnitWithinSql('a.org_unit', '$1')}`;",
      2,
      'org_units',
    ],
    [
      'another context in an api folder',
      'apps/api/src/admin/scope.ts',
      "const q = 'SELECT parent_id FROM public.org_units WHERE id = $1';",
      2,
      'org_units',
    ],
  ])('fails on %s, naming the file, line and table', (_what, file, text, line, table) => {
    const dir = scratchTree({ ...CLEAN, [file]: `// A planted violation.\n${text}\nexport { q };\n` });
    made.push(dir);
    const r = ownersCheck(dir);
    expect(r.status).toBe(1);
    expect(r.output).toContain(`${file}:${line}: "${table}"`);
  });

  it('leaves tests alone: they set up read models on purpose', () => {
    const dir = scratchTree({
      ...CLEAN,
      'apps/worker/src/timers/reconcile.int-spec.ts': `const q = 'INSERT INTO users (id) VALUES (1)';\n`,
    });
    made.push(dir);
    expect(ownersCheck(dir).status).toBe(0);
  });

  it('passes the real tree', () => {
    const r = ownersCheck(ROOT);
    expect(r.output).toContain("no SQL on another context's tables");
    expect(r.status).toBe(0);
  });
});
