import type { EventStore, ReadStreamOptions, RecordedEvent } from '#libs/event-store';
import { DEFAULT_POLICY, type Policy } from './policy.js';
import { cataloguePolicySource } from './policy-source.js';

// DOMAIN.md preamble: every decision uses the policy version in force. The source keeps the folded
// catalogue in memory and reads only what was published since, so a new version is in force at once.
const NOW = new Date('2026-09-01T08:00:00.000Z');
const v2: Policy = { ...DEFAULT_POLICY, version: 'city-2026' };

function fakeStore() {
  const events: RecordedEvent[] = [];
  const reads: number[] = []; // events handed out per read
  const store = {
    readStream: async (streamId: string, options: ReadStreamOptions = {}) => {
      const from = options.fromVersion ?? 1;
      const page = events
        .filter((e) => e.streamId === streamId && e.version >= from)
        .slice(0, options.limit ?? 1000);
      reads.push(page.length);
      return page;
    },
  } as unknown as EventStore;
  const publish = (policy: Policy) =>
    events.push({
      id: `e${events.length + 1}`,
      streamId: 'policy-catalogue',
      version: events.length + 1,
      type: 'PolicyPublished',
      schemaVersion: 1,
      data: {
        version: policy.version,
        policy,
        effectiveFrom: NOW.toISOString(),
        publishedAt: NOW.toISOString(),
        publishedBy: 'admin-1',
      },
      metadata: {} as RecordedEvent['metadata'],
      position: { tx: 1n, seq: BigInt(events.length + 1) },
      contentHash: '',
      chainHash: '',
    });
  return { store, reads, publish };
}

describe('the catalogue policy source', () => {
  it('folds the catalogue once and then reads only what was published since', async () => {
    const { store, reads, publish } = fakeStore();
    const source = cataloguePolicySource(store, { now: () => NOW });
    expect((await source.current()).version).toBe(DEFAULT_POLICY.version);
    expect((await source.current()).version).toBe(DEFAULT_POLICY.version);
    publish(v2);
    // In force at the very next call, read as one new event rather than the whole stream.
    expect((await source.current()).version).toBe('city-2026');
    expect(await source.version('city-2026')).toEqual(v2);
    expect((await source.versions()).map((v) => v.policy.version)).toEqual([
      DEFAULT_POLICY.version,
      'city-2026',
    ]);
    // current, current, current (one new event), versions: a version already held is not read at all.
    expect(reads).toEqual([0, 0, 1, 0]);
  });

  it('answers a version it holds without a read, and reads for one it does not hold yet', async () => {
    const { store, reads, publish } = fakeStore();
    const source = cataloguePolicySource(store, { now: () => NOW });
    expect(await source.version(DEFAULT_POLICY.version)).toEqual(DEFAULT_POLICY);
    expect(reads).toEqual([]);
    expect(await source.version('city-2026')).toBeUndefined();
    publish(v2);
    expect(await source.version('city-2026')).toEqual(v2);
    expect(await source.version('city-2026')).toEqual(v2);
    expect(reads).toEqual([0, 1]);
  });

  it('keeps the further state when calls overlap', async () => {
    const { store, publish } = fakeStore();
    const source = cataloguePolicySource(store, { now: () => NOW });
    publish(v2);
    const [a, b] = await Promise.all([source.current(), source.current()]);
    expect([a.version, b.version]).toEqual(['city-2026', 'city-2026']);
    expect((await source.versions()).length).toBe(2);
  });

  it('reads the policy along with another stream, and a version published since is in force at the next call', async () => {
    const { store, reads, publish } = fakeStore();
    const source = cataloguePolicySource(store, { now: () => NOW });
    const first = await source.currentWith!('teacher-t1', 1, 1000);
    expect(first.policy.version).toBe(DEFAULT_POLICY.version);
    expect(first.events).toEqual([]);
    publish(v2);
    const next = await source.currentWith!('teacher-t1', 1, 1000);
    expect(next.policy).toEqual(v2);
    // And current agrees without reading it again: the version read along is held.
    expect((await source.current()).version).toBe('city-2026');
    // teacher stream, catalogue; teacher stream, catalogue (the new version); current (nothing new).
    expect(reads).toEqual([0, 0, 0, 1, 0]);
  });
});
