import { AppendSignal } from './database.module.js';

// BENCHMARKS.md S1: a burst of appends (the first-start seed) wakes the subscriptions once, at its end.
describe('AppendSignal', () => {
  it('wakes every listener on each append', () => {
    const s = new AppendSignal();
    let woken = 0;
    s.on(() => (woken += 1));
    s.emit();
    s.emit();
    expect(woken).toBe(2);
  });

  it('holds the wake-ups of a quiet burst and gives one at its end, also when the burst fails', async () => {
    const s = new AppendSignal();
    let woken = 0;
    s.on(() => (woken += 1));
    const result = await s.quietly(async () => {
      s.emit();
      s.emit();
      await s.quietly(async () => s.emit()); // nested: still quiet until the outer burst ends
      expect(woken).toBe(0);
      return 'done';
    });
    expect(result).toBe('done');
    expect(woken).toBe(1);
    await expect(
      s.quietly(async () => {
        s.emit();
        throw new Error('seed failed');
      }),
    ).rejects.toThrow('seed failed');
    expect(woken).toBe(2);
    await s.quietly(async () => undefined); // nothing appended: nobody woken
    expect(woken).toBe(2);
  });

  it('tells the quiet listeners when the outermost burst begins and ends, also when it fails', async () => {
    // The worker's subscriptions poll seldom in between (batch-loop.ts, slow): they must be told both.
    const s = new AppendSignal();
    const seen: boolean[] = [];
    s.onQuiet((quiet) => seen.push(quiet));
    await s.quietly(async () => {
      await s.quietly(async () => undefined);
      expect(seen).toEqual([true]);
    });
    expect(seen).toEqual([true, false]);
    await expect(
      s.quietly(async () => {
        throw new Error('seed failed');
      }),
    ).rejects.toThrow('seed failed');
    expect(seen).toEqual([true, false, true, false]);
  });
});
