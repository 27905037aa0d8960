import v8 from 'node:v8';

/**
 * How far past what survived its last full collection V8 lets a server process's old generation grow
 * before the next one, in percent (V8's --heap-growing-percent).
 */
export const HEAP_GROWTH_PERCENT = 50;

/**
 * V8 chooses that growth at each full collection from how fast the process allocates against how fast
 * it marks, up to 4× when more than ~2 GB may be used for the heap, as on any machine with 8 GB or more.
 * Under request load the API allocates fast, so it got 4×: its ~48 MB of live heap let the old
 * generation reach ~160 MB before the next collection, filled with the objects of requests that were in
 * flight across two scavenges and died soon after, and its resident memory followed its throughput
 * (BENCHMARKS.md M1). A fixed 1.5× keeps that garbage to half the live heap, for one more full
 * collection per ~24 MB promoted. A process started with heap flags of its own keeps V8's choice.
 * Returns whether the growth was set.
 */
export function boundHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS ?? '',
): boolean {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)];
  if (given.some((arg) => /^--(max[-_]old[-_]space[-_]size|heap[-_]growing[-_]percent)\b/.test(arg)))
    return false;
  // V8 reads it at every full collection, so it applies though the heap is already set up.
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWTH_PERCENT}`);
  return true;
}
