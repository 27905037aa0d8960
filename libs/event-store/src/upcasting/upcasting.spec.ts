import type { RecordedEvent } from '../event-store.port.js';
import { testMetadata } from '../testing/fixtures.js';
import { needsUpcast, registerUpcasters, upcastEvents, type HistoryReader } from './upcasting.js';

// ARCHITECTURE.md "Between contexts": an event type is a persisted contract, never renamed; its data gets a
// new version and old ones are upcast on read. The hook that does it for every reader.
const recorded = (
  type: string,
  version: number,
  schemaVersion: number,
  data: unknown,
  streamId = 'thing-1',
): RecordedEvent => ({
  id: `00000000-0000-4000-8000-${String(version).padStart(12, '0')}`,
  streamId,
  version,
  type,
  schemaVersion,
  data,
  metadata: testMetadata(),
  position: { tx: 1n, seq: BigInt(version) },
  contentHash: 'c',
  chainHash: 'h',
});

registerUpcasters([
  {
    type: 'SpecRenamed',
    fromVersion: 1,
    upcast: (data) => ({ ...(data as object), name: (data as { title: string }).title }),
  },
  {
    type: 'SpecRenamed',
    fromVersion: 2,
    needs: ['SpecCreated'],
    upcast: (data, earlier) => ({
      ...(data as object),
      owner: (earlier[0]!.data as { owner: string }).owner,
    }),
  },
]);

describe('upcasting on read', () => {
  const created = recorded('SpecCreated', 1, 1, { owner: 'u-1' });
  let reads: Parameters<HistoryReader>[];
  const history: HistoryReader = async (...args) => {
    reads.push(args);
    return [created];
  };
  beforeEach(() => {
    reads = [];
  });

  it('lifts an old event through every version to the newest, with facts of its stream’s earlier events', async () => {
    const old = recorded('SpecRenamed', 2, 1, { title: 'A' });
    const [first, second] = await upcastEvents([created, old], history);
    expect(first).toBe(created);
    expect(second).toMatchObject({ schemaVersion: 3, data: { title: 'A', name: 'A', owner: 'u-1' } });
    // Stored facts of the event stay as stored: only the shape of its data is new.
    expect(second).toMatchObject({ id: old.id, contentHash: 'c', chainHash: 'h', version: 2 });
    // The stream's earlier events were all in the read: nothing is read again.
    expect(reads).toEqual([]);
  });

  it('reads the history when the read lacks an earlier version or left its payload out', async () => {
    const old = recorded('SpecRenamed', 2, 1, { title: 'A' });
    expect((await upcastEvents([old], history))[0]).toMatchObject({ data: { owner: 'u-1' } });
    const withoutPayload = recorded('SpecCreated', 1, 1, null);
    expect((await upcastEvents([withoutPayload, old], history))[1]).toMatchObject({ data: { owner: 'u-1' } });
    expect(reads).toEqual([
      ['thing-1', 2, ['SpecCreated']],
      ['thing-1', 2, ['SpecCreated']],
    ]);
  });

  it('reads the histories of a batch of old events together when the reader can, each its own', async () => {
    const calls: unknown[] = [];
    const batched: HistoryReader = Object.assign(
      async () => {
        throw new Error('one at a time');
      },
      {
        many: async (
          requests: readonly { streamId: string; beforeVersion: number }[],
          types: readonly string[],
        ) => {
          calls.push([requests, types]);
          return requests.map((r) => [
            recorded('SpecCreated', 1, 1, { owner: `of ${r.streamId}` }, r.streamId),
          ]);
        },
      },
    );
    const old = [
      recorded('SpecRenamed', 2, 2, { title: 'A', name: 'A' }, 'thing-1'),
      recorded('SpecRenamed', 5, 2, { title: 'B', name: 'B' }, 'thing-2'),
    ];
    const out = await upcastEvents(old, batched);
    expect(out.map((e) => [e.schemaVersion, (e.data as { owner: string }).owner])).toEqual([
      [3, 'of thing-1'],
      [3, 'of thing-2'],
    ]);
    expect(calls).toEqual([
      [
        [
          { streamId: 'thing-1', beforeVersion: 2 },
          { streamId: 'thing-2', beforeVersion: 5 },
        ],
        ['SpecCreated'],
      ],
    ]);
  });

  it('reads nothing for events already in their newest shape, or of types without upcasters', async () => {
    const events = [created, recorded('SpecRenamed', 2, 3, { title: 'A', name: 'A', owner: 'u-1' })];
    expect(await upcastEvents(events, history)).toBe(events);
    expect(reads).toEqual([]);
  });

  it('leaves events read without their data (a projection skips their payload) alone', () => {
    expect(needsUpcast(recorded('SpecRenamed', 2, 1, null))).toBe(false);
    expect(needsUpcast(recorded('SpecRenamed', 2, 1, { title: 'A' }))).toBe(true);
  });
});
