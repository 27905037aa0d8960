import { spawnSync } from 'node:child_process';
import { boundHeapGrowth, HEAP_GROWTH_PERCENT } from './heap-growth.js';

/** The limit V8 sets at a full collection of a fresh process, set to `percent` after start or not. */
function factorAfterStart(percent: number | null): string {
  const script = [
    percent === null ? '' : `require('node:v8').setFlagsFromString('--heap-growing-percent=${percent}');`,
    'const live = []; for (let i = 0; i < 200000; i++) live.push({ i });',
    'gc(); console.log(live.length);',
  ].join('\n');
  const run = spawnSync(process.execPath, ['--expose-gc', '--trace-gc-verbose', '-e', script], {
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  const limits = run.stdout.split('\n').filter((l) => l.includes('[HeapController] Limit:'));
  return /\(([\d.]+)\)\s*$/.exec(limits.at(-1) ?? '')?.[1] ?? `no limit in:\n${run.stdout}`;
}

describe('boundHeapGrowth', () => {
  it('leaves a process started with heap flags of its own to V8', () => {
    expect(boundHeapGrowth(['--max-old-space-size=512'], '')).toBe(false);
    expect(boundHeapGrowth(['--heap-growing-percent=80'], '')).toBe(false);
    expect(boundHeapGrowth([], '--enable-source-maps --max_old_space_size=384')).toBe(false);
  });

  it('sets the growth otherwise', () => {
    expect(boundHeapGrowth([], '--enable-source-maps')).toBe(true);
  });

  // What it relies on: this Node's V8 knows the flag and reads it at each full collection, though it
  // is set once the heap is up (a V8 that dropped it or froze its flags would fail here, not silently).
  it("is read by this Node's V8 at the next full collection after start", () => {
    expect(factorAfterStart(HEAP_GROWTH_PERCENT)).toBe('1.5');
    expect(factorAfterStart(null)).not.toBe('1.5');
  });
});
