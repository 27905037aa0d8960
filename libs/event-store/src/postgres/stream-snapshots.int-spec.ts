import { randomUUID } from 'node:crypto';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { testEvent } from '../testing/fixtures.js';
import { migrate } from './migrations.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { markSessionPerConnection } from './prepared-statements.js';

// Snapshots kept beside the log (EventStore.saveSnapshot / readStreamsAfterSnapshots): a read starts after
// a stream's snapshot of the tag it asks for and folds only the events past it, so what it answers must be
// what a read of the whole stream gives — the snapshot is a cache of the log, never a second truth.
const runs: [string, () => Promise<TestDatabase>, boolean][] = [
  ['PostgreSQL server', () => createPostgresTestDatabase(), false],
  ['embedded PGlite via its wire-protocol gateway', () => createPgliteTestDatabase(), false],
  ['PostgreSQL server, statements named', () => createPostgresTestDatabase(), true],
];

describe.each(runs)('stream snapshots on %s', (_name, open, named) => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const sid = () => `snap-${randomUUID()}`;
  const events = (n: number, prefix = 'E') =>
    Array.from({ length: n }, (_, i) => testEvent(`${prefix}${i + 1}`, { n: i + 1 }));

  beforeAll(async () => {
    db = await open();
    if (named) markSessionPerConnection(db.pool);
    await migrate(db.pool);
    store = new PostgresEventStore(db.pool);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('reads a stream without a snapshot as readStreams does, and another stream alongside', async () => {
    const [a, b] = [sid(), sid()];
    await store.append(a, 'no_stream', events(3));
    await store.append(b, 'no_stream', events(2, 'B'));
    const [ra, rb, missing] = await store.readStreamsAfterSnapshots([
      { streamId: a, fromVersion: 1, snapshotTag: 't-1' },
      { streamId: b, fromVersion: 2 },
      { streamId: sid(), fromVersion: 1, snapshotTag: 't-1' },
    ]);
    expect(ra).toEqual({ snapshot: null, events: await store.readStream(a) });
    expect(rb).toEqual({ snapshot: null, events: await store.readStream(b, { fromVersion: 2 }) });
    expect(missing).toEqual({ snapshot: null, events: [] });
  });

  it('starts after the snapshot of the tag asked, with the state as it was written', async () => {
    const s = sid();
    await store.append(s, 'no_stream', events(5));
    // Key order kept (json, not jsonb): the state answers as it was folded.
    const state = { zeta: 1, alpha: [{ b: 2, a: 1 }], when: '2026-09-01T08:00:00.000Z', none: null };
    await store.saveSnapshot({ streamId: s, tag: 't-1', version: 3, state });
    const [r] = await store.readStreamsAfterSnapshots([{ streamId: s, fromVersion: 1, snapshotTag: 't-1' }]);
    expect(r!.snapshot).toEqual({ version: 3, state });
    expect(JSON.stringify(r!.snapshot!.state)).toBe(JSON.stringify(state));
    expect(r!.events).toEqual(await store.readStream(s, { fromVersion: 4 }));
    // At the head: the snapshot and no events.
    await store.saveSnapshot({ streamId: s, tag: 't-1', version: 5, state: { at: 5 } });
    const [head] = await store.readStreamsAfterSnapshots([
      { streamId: s, fromVersion: 1, snapshotTag: 't-1' },
    ]);
    expect(head).toEqual({ snapshot: { version: 5, state: { at: 5 } }, events: [] });
  });

  it('ignores a snapshot of another tag, one not past what the reader holds, and reads without a tag', async () => {
    const s = sid();
    await store.append(s, 'no_stream', events(4));
    await store.saveSnapshot({ streamId: s, tag: 'old-shape', version: 3, state: { old: true } });
    const whole = await store.readStream(s);
    const [otherTag, held, noTag] = await store.readStreamsAfterSnapshots([
      { streamId: s, fromVersion: 1, snapshotTag: 'new-shape' },
      { streamId: s, fromVersion: 4, snapshotTag: 'old-shape' },
      { streamId: s, fromVersion: 1 },
    ]);
    expect(otherTag).toEqual({ snapshot: null, events: whole });
    expect(held).toEqual({ snapshot: null, events: whole.slice(3) });
    expect(noTag).toEqual({ snapshot: null, events: whole });
  });

  it('keeps a newer snapshot of the same tag, replaces it with another tag, and stores none past the head', async () => {
    const s = sid();
    await store.append(s, 'no_stream', events(4));
    await store.saveSnapshot({ streamId: s, tag: 't-1', version: 3, state: { v: 3 } });
    await store.saveSnapshot({ streamId: s, tag: 't-1', version: 2, state: { v: 2 } });
    const read = async (tag: string) =>
      (await store.readStreamsAfterSnapshots([{ streamId: s, fromVersion: 1, snapshotTag: tag }]))[0]!
        .snapshot;
    expect(await read('t-1')).toEqual({ version: 3, state: { v: 3 } });
    await store.saveSnapshot({ streamId: s, tag: 't-2', version: 2, state: { v: 2 } });
    expect(await read('t-1')).toBeNull();
    expect(await read('t-2')).toEqual({ version: 2, state: { v: 2 } });
    await store.saveSnapshot({ streamId: s, tag: 't-2', version: 9, state: { v: 9 } });
    await store.saveSnapshot({ streamId: sid(), tag: 't-2', version: 1, state: { v: 1 } });
    expect(await read('t-2')).toEqual({ version: 2, state: { v: 2 } });
  });

  it('leaves unused a snapshot whose event is no longer the one it was folded from, and replaces it', async () => {
    const s = sid();
    await store.append(s, 'no_stream', events(3));
    await store.saveSnapshot({ streamId: s, tag: 't-1', version: 2, state: { v: 2 } });
    // As if the log under it were restored from another history: the event at its version differs.
    await db.pool.query(`UPDATE stream_snapshots SET chain_hash = '\\x00' WHERE stream_id = $1`, [s]);
    const [r] = await store.readStreamsAfterSnapshots([{ streamId: s, fromVersion: 1, snapshotTag: 't-1' }]);
    expect(r).toEqual({ snapshot: null, events: await store.readStream(s) });
    await store.saveSnapshot({ streamId: s, tag: 't-1', version: 1, state: { v: 1 } });
    const [again] = await store.readStreamsAfterSnapshots([
      { streamId: s, fromVersion: 1, snapshotTag: 't-1' },
    ]);
    expect(again!.snapshot).toEqual({ version: 1, state: { v: 1 } });
  });
});
