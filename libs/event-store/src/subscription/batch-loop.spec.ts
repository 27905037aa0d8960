import { BatchLoop } from './batch-loop.js';

// The subscriptions' loop (BENCHMARKS.md: coalesced wake-ups). Real timers: the spacing is a lower bound
// (a timer never fires early), and "at once" is measured against a poll interval far longer than it.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('BatchLoop', () => {
  let loop: BatchLoop | null = null;
  afterEach(async () => {
    await loop?.stop();
    loop = null;
  });

  function startLoop(results: () => number, coalesceMs: number, batchSize = 10) {
    const starts: number[] = [];
    loop = new BatchLoop(
      () => {
        starts.push(Date.now());
        return Promise.resolve(results());
      },
      { batchSize, pollIntervalMs: 10_000, coalesceMs, onError: () => undefined },
    );
    loop.start();
    return starts;
  }

  it('runs at once when nudged after a quiet spell', async () => {
    const starts = startLoop(() => 0, 200);
    await sleep(30);
    expect(starts).toHaveLength(1);
    const nudgedAt = Date.now();
    loop!.nudge();
    await sleep(30);
    expect(starts).toHaveLength(2);
    expect(starts[1]! - nudgedAt).toBeLessThan(30);
  });

  it('spaces batches that found work by coalesceMs however often it is nudged', async () => {
    let found = 0;
    const starts = startLoop(() => (found++ < 1000 ? 1 : 0), 40);
    // Long enough for a few batches even on a loaded machine (a timer may fire late, never early).
    const until = Date.now() + 600;
    let nudges = 0;
    while (Date.now() < until) {
      loop!.nudge();
      nudges++;
      await sleep(2);
    }
    expect(starts.length).toBeGreaterThanOrEqual(3);
    // At most about 600 / 40 batches, not one per nudge.
    expect(starts.length).toBeLessThanOrEqual(17);
    expect(starts.length).toBeLessThan(nudges / 4);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(39);
  });

  it('runs full batches back to back: catching up is not slowed down', async () => {
    let left = 5;
    const starts = startLoop(() => (left-- > 0 ? 10 : 0), 1000);
    await sleep(100);
    // Five full batches and the empty one that ends the catch-up, well inside one spacing.
    expect(starts).toHaveLength(6);
    expect(starts[5]! - starts[0]!).toBeLessThan(100);
  });

  it('polls at most once a second while slowed, and runs at once when that ends', async () => {
    // The demo seed's burst (AppendSignal.quietly): 100 ms polls took PGlite's one session between its
    // commands. Unslowed, a 20 ms poll would run ~15 times in these 300 ms.
    const starts: number[] = [];
    loop = new BatchLoop(
      () => {
        starts.push(Date.now());
        return Promise.resolve(0);
      },
      { batchSize: 10, pollIntervalMs: 20, onError: () => undefined },
    );
    loop.slow(true);
    loop.start();
    await sleep(300);
    expect(starts.length).toBeLessThanOrEqual(2); // the first batch, and one poll already set at 20 ms
    const resumedAt = Date.now();
    loop.slow(false);
    await sleep(100);
    expect(starts.length).toBeGreaterThan(2);
    expect(starts.find((t) => t >= resumedAt)! - resumedAt).toBeLessThan(100);
  });
});
