#!/usr/bin/env node
// `npm test`: every suite, in two runs of Jest. The quick stage (unit, integration and API suites, each
// on its own databases and queue prefix) runs on two workers; the slow stages — the browser walks and the
// fault suites, which time pages and kill processes (test/support/sequencer.mjs) — then run one suite at a
// time, last, as DEVELOPERS' CI rule asks. The two runs' figures end up in one test-results.json.
//
// With arguments (`npm test -- <paths or options>`) it is one plain Jest run on one worker, as before.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const node = [
  '--max-old-space-size=8192',
  '--experimental-vm-modules',
  '--no-warnings=ExperimentalWarning',
  'node_modules/jest/bin/jest.js',
  '--workerIdleMemoryLimit=1GB',
];

function jest(extra, env = {}) {
  const run = spawnSync(process.execPath, [...node, ...extra], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  return run.status ?? 1;
}

if (args.length > 0) process.exit(jest(['--maxWorkers=1', ...args]));

const quickWorkers = process.env.TEST_WORKERS ?? '2';
console.log(`\n==> the quick stage on ${quickWorkers} workers\n`);
const quick = jest([`--maxWorkers=${quickWorkers}`, '--filter=./test/support/stage-filter.cjs'], {
  TEST_STAGES: '0',
});
console.log('\n==> the browser walks, then the fault suites, one suite at a time\n');
const slow = jest(['--maxWorkers=1', '--filter=./test/support/stage-filter.cjs'], {
  TEST_STAGES: '1,2',
  TEST_RESULTS_APPEND: '1',
});
process.exit(quick || slow);
