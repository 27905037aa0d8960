import {
  WrongExpectedVersionError,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
} from '../event-store.port.js';
import {
  runCommand,
  runCommandWithFacts,
  type CommandMetadata,
  type StreamDecider,
} from './command-runner.js';

// ARCHITECTURE.md "A command's path": the stream is read once, the facts are gathered from that state,
// the command is decided and appended with the version that was read. A counter: `Add` adds the amount
// the facts found (a port's answer), and refuses nothing.

type Cmd = { type: 'Add'; amount: number };
type Ev = { type: 'Added'; data: { amount: number } };
const counter: StreamDecider<Cmd, Ev, number> = {
  category: 'counter',
  initialState: 0,
  evolve: (s, e) => s + e.data.amount,
  decide: (c) => [{ type: 'Added', data: { amount: c.amount } }],
};

/** A stream store in memory that counts reads; `race` appends someone else's event before an append. */
function memoryStore(race = 0) {
  const events: RecordedEvent[] = [];
  let racing = race;
  const stats = { reads: 0, appends: 0 };
  const record = (streamId: string, e: NewEvent): RecordedEvent => ({
    ...e,
    streamId,
    version: events.length + 1,
    position: { tx: BigInt(events.length + 1), seq: BigInt(events.length + 1) },
    contentHash: '',
    chainHash: '',
  });
  const store = {
    async readStream(_streamId: string, options: { fromVersion?: number } = {}) {
      stats.reads++;
      return events.filter((e) => e.version >= (options.fromVersion ?? 1));
    },
    async append(streamId: string, expected: ExpectedVersion, news: readonly NewEvent[]) {
      if (racing-- > 0)
        events.push(
          record(streamId, {
            ...news[0]!,
            id: `other-${racing}`,
            metadata: { ...news[0]!.metadata, commandId: 'other' },
          }),
        );
      const version = events.length;
      if (expected !== 'any' && (expected === 'no_stream' ? 0 : expected) !== version)
        throw new WrongExpectedVersionError(streamId, expected, version);
      stats.appends++;
      for (const e of news) events.push(record(streamId, e));
      return { streamId, nextVersion: events.length, position: events.at(-1)!.position, duplicate: false };
    },
  } as unknown as EventStore;
  return { store, stats, events };
}

const meta = (commandId = 'cmd-1'): CommandMetadata => ({
  commandId,
  actorId: 'a',
  actorRole: 'teacher',
  orgUnit: 'u',
  correlationId: 'c',
  now: new Date('2026-09-01T00:00:00Z'),
});

describe('runCommandWithFacts (ARCHITECTURE.md "A command\'s path")', () => {
  it('reads the stream once, hands the folded state to the facts, appends what the decider decided', async () => {
    const { store, stats } = memoryStore();
    await runCommand(store, counter, '1', { type: 'Add', amount: 2 }, meta('first'));
    stats.reads = 0;
    stats.appends = 0;
    const seen: number[] = [];
    const out = await runCommandWithFacts(
      store,
      counter,
      '1',
      'add three',
      async (state) => {
        seen.push(state);
        return { type: 'Add', amount: 3 };
      },
      meta('second'),
    );
    expect(seen).toEqual([2]);
    expect(stats).toEqual({ reads: 1, appends: 1 });
    expect(out).toMatchObject({ version: 2, state: 5, duplicate: false });
  });

  it('on a conflict reads again, gathers the facts again on the fresh state and decides once more', async () => {
    const { store, stats } = memoryStore(1);
    const seen: number[] = [];
    const out = await runCommandWithFacts(
      store,
      counter,
      '1',
      null,
      async (state) => {
        seen.push(state);
        return { type: 'Add', amount: 1 };
      },
      meta(),
    );
    expect(seen).toEqual([0, 1]);
    expect(stats).toEqual({ reads: 2, appends: 1 });
    expect(out.state).toBe(2);
  });

  it('answers a retried command as the first time without gathering facts', async () => {
    const { store } = memoryStore();
    await runCommand(store, counter, '1', { type: 'Add', amount: 4 }, meta());
    let asked = 0;
    const facts = async () => (asked++, { type: 'Add' as const, amount: 4 });
    const again = await runCommandWithFacts(store, counter, '1', null, facts, meta());
    expect(asked).toBe(0);
    expect(again).toMatchObject({ duplicate: true, events: [{ type: 'Added', data: { amount: 4 } }] });
  });

  it('refuses a stale If-Match before gathering any fact', async () => {
    const { store } = memoryStore();
    await runCommand(store, counter, '1', { type: 'Add', amount: 1 }, meta('first'));
    let asked = 0;
    const facts = async () => (asked++, { type: 'Add' as const, amount: 1 });
    await expect(
      runCommandWithFacts(store, counter, '1', null, facts, meta('second'), { expectedVersion: 0 }),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(asked).toBe(0);
  });

  it('does not read a fresh stream: appends expecting no stream', async () => {
    const { store, stats } = memoryStore();
    const seen: number[] = [];
    const out = await runCommandWithFacts(
      store,
      counter,
      'new',
      null,
      async (state) => (seen.push(state), { type: 'Add', amount: 2 }),
      meta(),
      { fresh: true },
    );
    expect(stats).toEqual({ reads: 0, appends: 1 });
    expect(seen).toEqual([0]);
    expect(out).toMatchObject({ version: 1, state: 2, duplicate: false });
  });

  it('a "fresh" stream that holds events after all is read and decided on once its append conflicts', async () => {
    const { store, stats } = memoryStore();
    await runCommand(store, counter, '1', { type: 'Add', amount: 5 }, meta('first'));
    stats.reads = 0;
    stats.appends = 0;
    const seen: number[] = [];
    const out = await runCommandWithFacts(
      store,
      counter,
      '1',
      null,
      async (state) => (seen.push(state), { type: 'Add', amount: 1 }),
      meta('second'),
      { fresh: true },
    );
    expect(seen).toEqual([0, 5]);
    expect(stats).toEqual({ reads: 1, appends: 1 });
    expect(out).toMatchObject({ version: 2, state: 6 });
  });
});
