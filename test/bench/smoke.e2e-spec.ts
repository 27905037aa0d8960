import { execFileSync } from 'node:child_process';
import { renderMarkdown, runBenchmarks } from '../../bench/run.js';
import { ROOT } from '../../bench/support.js';

// Issue #8: benchmarks are not part of `npm test`, but each runs here at a tiny size so none rots.
// The figures are not checked (a loaded CI machine says nothing about speed); that every row is
// produced, with a figure and a baseline from the same run, is.
describe('benchmarks at a tiny size (smoke)', () => {
  beforeAll(() => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'pipe' });
  }, 120_000);

  it('produces every row of BENCHMARKS.md, each with its figure and same-run baseline', async () => {
    const rows = await runBenchmarks(
      { seconds: 1, commandSeconds: 1, rebuildEvents: 700, coldStarts: 1 },
      null,
      () => undefined,
    );
    expect(rows.map((r) => r.id)).toEqual(['A1', 'A2', 'A3', 'C1', 'M1', 'P1', 'S1', 'Q1', 'T1']);
    for (const r of rows.filter((x) => ['A1', 'A2', 'A3', 'C1', 'P1'].includes(x.id))) {
      expect(r.figure).toMatch(/^\d[\d,]*(\.\d+)? /); // a measured number
      expect(r.baseline).toMatch(/\d/); // and its raw baseline, measured in the same run
      expect(r.ratio).toMatch(/^\d+\.\d\d×$/);
      expect(typeof r.met).toBe('boolean');
    }
    expect(rows.find((r) => r.id === 'C1')!.figure).not.toMatch(/failed/);
    expect(rows.find((r) => r.id === 'P1')!.what).toMatch(/700 events/);
    const md = renderMarkdown(rows, 'smoke');
    expect(md.split('\n').filter((l) => l.startsWith('| ')).length).toBe(rows.length + 2); // + header, rule
  }, 240_000);
});
