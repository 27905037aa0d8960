import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fmt, freePort, startProduct, type Row } from './support.js';

/**
 * S1: the README's embedded default from nothing to `/health/ready`: a fresh data folder, PGlite
 * initialised, migrations, the demo seed and its read models, the HTTP server. Runs `runs` times.
 */
export async function coldStartBenchmark(opts: { runs: number }): Promise<Row[]> {
  const times: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-cold-'));
    const product = await startProduct(
      { PGLITE_DATA_DIR: path.join(dir, 'pglite'), PGLITE_PORT: String(await freePort()), DATABASE_URL: '' },
      await freePort(),
    );
    times.push(product.readyMs);
    await product.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  return [
    {
      id: 'S1',
      what: 'cold start of the embedded default to /health/ready (fresh data folder, demo seed included)',
      figure: `median ${fmt(median / 1000, 2)} s over ${times.length} runs (max ${fmt(times.at(-1)! / 1000, 2)} s)`,
      baseline: '—',
      ratio: '—',
      target: '< 5 s',
      met: median < 5000,
    },
  ];
}
