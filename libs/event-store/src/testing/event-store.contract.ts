import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  DuplicateEventIdError,
  InvalidEventError,
  WrongExpectedVersionError,
  comparePositions,
  decodePosition,
  eachEvent,
  encodePosition,
  readStreamsOf,
  type EventStore,
  type RecordedEvent,
} from '../event-store.port.js';
import { chainHash, contentHash, GENESIS_HASH } from '../hashing/event-hash.js';
import { CheckpointedSubscription, waitForPosition } from '../subscription/checkpointed-subscription.js';
import type { Projection, SqlExecutor } from '../subscription/projection.js';
import { rebuildProjection } from '../subscription/rebuild.js';
import { registerUpcasters } from '../upcasting/upcasting.js';
import { verifyChain } from '../verification/chain-verifier.js';
import { testEvent } from './fixtures.js';
import { settled } from './settled.js';

export interface ContractHarness {
  store: EventStore;
  pool: pg.Pool;
  /** True where separate connections run separate transactions at once (a real server). */
  concurrentTransactions: boolean;
  teardown(): Promise<void>;
}

/** A projection that records every delivery; the primary key on seq makes a double delivery fail loudly. */
export function deliveryLogProjection(name = 'delivery'): Projection {
  const log = `${name}_log`;
  const tally = `${name}_tally`;
  return {
    name,
    tables: [log, tally],
    async setup(db: SqlExecutor) {
      await db.query(
        `CREATE TABLE IF NOT EXISTS ${log} (seq bigint PRIMARY KEY, tx text NOT NULL, stream_id text NOT NULL, version int NOT NULL)`,
      );
      await db.query(`CREATE TABLE IF NOT EXISTS ${tally} (stream_id text PRIMARY KEY, events int NOT NULL)`);
    },
    async apply(e: RecordedEvent, db: SqlExecutor) {
      await db.query(`INSERT INTO ${log} (seq, tx, stream_id, version) VALUES ($1, $2, $3, $4)`, [
        e.position.seq.toString(),
        e.position.tx.toString(),
        e.streamId,
        e.version,
      ]);
      await db.query(
        `INSERT INTO ${tally} (stream_id, events) VALUES ($1, 1)
         ON CONFLICT (stream_id) DO UPDATE SET events = ${tally}.events + 1`,
        [e.streamId],
      );
    },
  };
}

/**
 * The port's contract. Every adapter runs this same suite (libs/event-store/src/**\/*.int-spec.ts).
 */
export function eventStoreContract(adapterName: string, makeHarness: () => Promise<ContractHarness>): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let h: ContractHarness;
    let store: EventStore;
    const sid = (category = 'thing') => `${category}-${randomUUID()}`;

    beforeAll(async () => {
      h = await makeHarness();
      store = h.store;
    });
    afterAll(async () => {
      await h?.teardown();
    });

    describe('append with an expected version', () => {
      it('creates a stream when none is expected and numbers events from 1', async () => {
        const s = sid();
        const r = await store.append(s, 'no_stream', [testEvent('A'), testEvent('B')]);
        expect(r).toMatchObject({ streamId: s, nextVersion: 2, duplicate: false });
        const read = await store.readStream(s);
        expect(read.map((e) => [e.type, e.version])).toEqual([
          ['A', 1],
          ['B', 2],
        ]);
        expect(await store.streamInfo(s)).toEqual({ streamId: s, version: 2 });
      });

      it('keeps id, type, schema version, data and every metadata field', async () => {
        const s = sid();
        const e = testEvent('Kept', {
          title: '骨干教师 培训',
          nested: { list: [1, 2.5, null, 'x'] },
          ok: true,
        });
        await store.append(s, 'no_stream', [e]);
        const [got] = await store.readStream(s);
        expect(got).toMatchObject({
          id: e.id,
          type: 'Kept',
          schemaVersion: 1,
          data: e.data,
          metadata: e.metadata,
        });
      });

      it('accepts an exact version that matches and refuses one that does not, writing nothing', async () => {
        const s = sid();
        await store.append(s, 'no_stream', [testEvent()]);
        await expect(store.append(s, 1, [testEvent()])).resolves.toMatchObject({ nextVersion: 2 });
        const err = await store.append(s, 1, [testEvent(), testEvent()]).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(WrongExpectedVersionError);
        expect(err).toMatchObject({ streamId: s, expected: 1, actual: 2 });
        expect((await store.readStream(s)).length).toBe(2);
      });

      it('refuses no_stream on an existing stream and an exact version on a missing one', async () => {
        const s = sid();
        await store.append(s, 'no_stream', [testEvent()]);
        await expect(store.append(s, 'no_stream', [testEvent()])).rejects.toBeInstanceOf(
          WrongExpectedVersionError,
        );
        const missing = sid();
        await expect(store.append(missing, 3, [testEvent()])).rejects.toMatchObject({ actual: null });
        expect(await store.streamInfo(missing)).toBeNull();
        expect(await store.readStream(missing)).toEqual([]);
      });

      it('reads several streams at once, each from its own version and up to its own limit, as readStream does', async () => {
        const [a, b, missing] = [sid(), sid(), sid()];
        await store.append(a, 'no_stream', [testEvent('A1'), testEvent('A2'), testEvent('A3')]);
        await store.append(b, 'no_stream', [testEvent('B1'), testEvent('B2')]);
        const reads = [
          { streamId: a, fromVersion: 2 },
          { streamId: missing, fromVersion: 1 },
          { streamId: b, fromVersion: 1, limit: 1 },
          { streamId: b, fromVersion: 3 },
          { streamId: a, fromVersion: 1 },
        ];
        const got = await readStreamsOf(store, reads);
        expect(
          got.map((es) => es.map((e) => `${e.streamId === a ? 'a' : 'b'}${e.version}:${e.type}`)),
        ).toEqual([['a2:A2', 'a3:A3'], [], ['b1:B1'], [], ['a1:A1', 'a2:A2', 'a3:A3']]);
        // The same events, hashes and positions as each stream's own read.
        expect(got[4]).toEqual(await store.readStream(a));
      });

      it('treats expected version 0 as "no stream yet"', async () => {
        const s = sid();
        await expect(store.append(s, 0, [testEvent()])).resolves.toMatchObject({ nextVersion: 1 });
        await expect(store.append(s, 0, [testEvent()])).rejects.toBeInstanceOf(WrongExpectedVersionError);
      });

      it('appends at any version', async () => {
        const s = sid();
        await store.append(s, 'any', [testEvent()]);
        await expect(store.append(s, 'any', [testEvent()])).resolves.toMatchObject({ nextVersion: 2 });
      });

      it('lets exactly one of several writers at the same expected version win', async () => {
        const s = sid();
        await store.append(s, 'no_stream', [testEvent()]);
        const results = await Promise.allSettled(
          Array.from({ length: 6 }, () => store.append(s, 1, [testEvent(), testEvent()])),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results.filter((r) => r.status === 'rejected')) {
          expect((r as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
        }
        expect((await store.readStream(s)).map((e) => e.version)).toEqual([1, 2, 3]);
      });

      it('lets exactly one of several creators of the same stream win', async () => {
        const s = sid();
        const results = await Promise.allSettled(
          Array.from({ length: 5 }, () => store.append(s, 'no_stream', [testEvent()])),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect((await store.readStream(s)).length).toBe(1);
      });
    });

    describe('event ids', () => {
      it('stores an event appended twice with the same id once, and answers the retry like the first', async () => {
        const s = sid();
        const events = [testEvent(), testEvent()];
        const first = await store.append(s, 'no_stream', events);
        const retry = await store.append(s, 'no_stream', events);
        expect(retry).toEqual({ ...first, duplicate: true });
        const retryAny = await store.append(s, 'any', events);
        expect(retryAny.nextVersion).toBe(2);
        expect((await store.readStream(s)).length).toBe(2);
      });

      it('refuses an append where only some ids are already stored, writing none of it', async () => {
        const s = sid();
        const a = testEvent();
        await store.append(s, 'no_stream', [a]);
        const err = await store.append(s, 1, [a, testEvent()]).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DuplicateEventIdError);
        expect((await store.readStream(s)).length).toBe(1);
      });

      it('refuses an id already stored in another stream', async () => {
        const a = testEvent();
        await store.append(sid(), 'no_stream', [a]);
        const other = sid();
        await expect(store.append(other, 'no_stream', [a])).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect(await store.streamInfo(other)).toBeNull();
      });

      it('stores concurrent retries of one append once', async () => {
        const s = sid();
        const events = [testEvent(), testEvent()];
        const results = await Promise.all(
          Array.from({ length: 5 }, () => store.append(s, 'no_stream', events)),
        );
        expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
        expect(new Set(results.map((r) => r.nextVersion))).toEqual(new Set([2]));
        expect((await store.readStream(s)).length).toBe(2);
      });
    });

    describe('bad input', () => {
      it.each([
        ['a stream id without a category', 'nocategory', [testEvent()]],
        ['an empty append', 'thing-empty', []],
        ['an event id that is not a UUID', 'thing-x1', [testEvent('A', {}, { id: 'not-a-uuid' })]],
        ['an empty type', 'thing-x2', [testEvent('A', {}, { type: '' })]],
        ['a zero schema version', 'thing-x3', [testEvent('A', {}, { schemaVersion: 0 })]],
        ['a NUL character in data', 'thing-x4', [testEvent('A', { s: 'a\u0000b' })]],
      ])('refuses %s with an InvalidEventError and writes nothing', async (_label, streamId, events) => {
        await expect(store.append(streamId, 'any', events)).rejects.toBeInstanceOf(InvalidEventError);
        expect(await store.streamInfo(streamId)).toBeNull();
      });

      it('refuses metadata without the audit fields', async () => {
        const e = testEvent();
        const bad = { ...e, metadata: { ...e.metadata, actorId: '' } };
        await expect(store.append(sid(), 'any', [bad])).rejects.toThrow(/metadata.actorId/);
      });

      it('refuses a batch where one event is bad, writing none of it', async () => {
        const s = sid();
        await expect(
          store.append(s, 'no_stream', [testEvent(), testEvent('A', {}, { schemaVersion: -1 })]),
        ).rejects.toBeInstanceOf(InvalidEventError);
        expect(await store.streamInfo(s)).toBeNull();
      });
    });

    describe('reading', () => {
      it('reads a stream forwards and backwards from a version, with a limit', async () => {
        const s = sid();
        await store.append(
          s,
          'no_stream',
          Array.from({ length: 5 }, (_, i) => testEvent('N', { i })),
        );
        expect((await store.readStream(s, { fromVersion: 3 })).map((e) => e.version)).toEqual([3, 4, 5]);
        expect((await store.readStream(s, { direction: 'backwards' })).map((e) => e.version)).toEqual([
          5, 4, 3, 2, 1,
        ]);
        expect(
          (await store.readStream(s, { direction: 'backwards', fromVersion: 4, limit: 2 })).map(
            (e) => e.version,
          ),
        ).toEqual([4, 3]);
        expect((await store.readStream(s, { limit: 2 })).map((e) => e.version)).toEqual([1, 2]);
      });

      it('reads the global log from a position in one order, filtered by type when asked', async () => {
        const head = await store.headPosition();
        const s1 = sid();
        const s2 = sid();
        await store.append(s1, 'no_stream', [testEvent('G1')]);
        await store.append(s2, 'no_stream', [testEvent('G2')]);
        await store.append(s1, 1, [testEvent('G1')]);
        // readAll stops before any transaction still open on the server (on PostgreSQL the fence is
        // cluster-wide: another database's open transaction holds it too), so wait for it to lift.
        let all: RecordedEvent[] = [];
        let mine: RecordedEvent[] = [];
        for (const end = Date.now() + 10_000; mine.length < 3 && Date.now() < end;) {
          all = await store.readAll({ after: head, limit: 100 });
          mine = all.filter((e) => e.streamId === s1 || e.streamId === s2);
          if (mine.length < 3) await new Promise((r) => setTimeout(r, 20));
        }
        expect(mine.map((e) => [e.streamId, e.version])).toEqual([
          [s1, 1],
          [s2, 1],
          [s1, 2],
        ]);
        for (let i = 1; i < all.length; i++) {
          expect(comparePositions(all[i - 1]!.position, all[i]!.position)).toBeLessThan(0);
        }
        const fromMiddle = await store.readAll({ after: mine[0]!.position, limit: 100 });
        expect(fromMiddle[0]!.id).toBe(mine[1]!.id);
        const onlyG2 = await store.readAll({ after: head, types: ['G2'] });
        expect(onlyG2.map((e) => e.streamId)).toEqual([s2]);
        expect(comparePositions((await store.headPosition())!, mine[2]!.position)).toBe(0);
      });

      it('orders transaction ids as numbers, across a change in their number of digits', async () => {
        // Regression: a query once sorted by the text form of the transaction id (1000 before 991).
        const first = await store.append(sid(), 'no_stream', [testEvent('Before')]);
        const digits = first.position.tx.toString().length;
        for (let i = 0; i < 400; i++) {
          const r = await h.pool.query<{ tx: string }>('SELECT pg_current_xact_id()::text AS tx');
          if (r.rows[0]!.tx.length > digits) break;
        }
        const second = await store.append(sid(), 'no_stream', [testEvent('After')]);
        await settled(h.pool); // readAll stops at the oldest transaction open anywhere on the server
        const read = await store.readAll({
          after: { tx: first.position.tx - 1n, seq: 0n },
          types: ['Before', 'After'],
        });
        expect(read.map((e) => e.type)).toEqual(['Before', 'After']);
        expect(comparePositions(first.position, second.position)).toBe(-1);
      });

      it('encodes positions for headers and decodes them back', async () => {
        const r = await store.append(sid(), 'no_stream', [testEvent()]);
        expect(decodePosition(encodePosition(r.position))).toEqual(r.position);
        expect(decodePosition('12;drop')).toBeNull();
      });
    });

    describe('lookups for readers that are not subscribers', () => {
      // Four events over two streams, each recorded a second after the one before (fixtures.ts).
      async function twoStreams(types: [string, string, string]) {
        const s1 = sid('lookup');
        const s2 = sid('lookup');
        await store.append(s1, 'no_stream', [testEvent(types[0]), testEvent(types[1])]);
        await store.append(s2, 'no_stream', [testEvent(types[0])]);
        await store.append(s1, 2, [testEvent(types[2])]);
        // What reads the whole log stops at the oldest transaction open anywhere on the server.
        await settled(h.pool);
        const [a1, b1, c1] = await store.readStream(s1);
        const [a2] = await store.readStream(s2);
        return { s1, s2, inOrder: [a1!, b1!, a2!, c1!] };
      }
      const ids = (events: readonly (RecordedEvent | null)[]) => events.map((e) => e?.id ?? null);
      const unique = (name: string) => `${name}${randomUUID().replaceAll('-', '').slice(0, 12)}`;

      it('finds events by stream, type and recorded time, in log order, in pages', async () => {
        const [a, b, c] = [unique('FindA'), unique('FindB'), unique('FindC')];
        const { s1, s2, inOrder } = await twoStreams([a, b, c]);
        const [a1, b1, a2, c1] = inOrder;
        expect(ids(await store.findEvents({ streamIds: [s2, s1] }))).toEqual(ids(inOrder));
        expect(ids(await store.findEvents({ streamIds: [s1, s2], types: [a] }))).toEqual(ids([a1!, a2!]));
        // Strictly after: the event recorded at that very time is not among them.
        const since = new Date(b1!.metadata.recordedAt);
        expect(ids(await store.findEvents({ streamIds: [s1, s2], recordedAfter: since }))).toEqual(
          ids([a2!, c1!]),
        );
        // Across the whole log, by type and time.
        expect(ids(await store.findEvents({ types: [a, c], recordedAfter: since }))).toEqual(ids([a2!, c1!]));
        expect(ids(await store.findEvents({ types: [a] }))).toEqual(ids([a1!, a2!]));
        // Keyset pages.
        const first = await store.findEvents({ streamIds: [s1, s2], limit: 2 });
        const second = await store.findEvents({ streamIds: [s1, s2], limit: 2, after: first[1]!.position });
        expect(ids([...first, ...second])).toEqual(ids(inOrder));
        const all: RecordedEvent[] = [];
        for await (const e of eachEvent(store, { streamIds: [s1, s2] }, 3)) all.push(e);
        expect(ids(all)).toEqual(ids(inOrder));
        expect(await store.findEvents({ streamIds: [sid('lookup')] })).toEqual([]);
      });

      it('reads the events at given positions and at given stream versions, null where none is', async () => {
        const { s1, s2, inOrder } = await twoStreams([unique('AtA'), unique('AtB'), unique('AtC')]);
        const [a1, b1, a2, c1] = inOrder;
        const nowhere = { tx: 0n, seq: 0n };
        const atPositions = await store.readAtPositions([c1!.position, nowhere, a1!.position]);
        expect(ids(atPositions)).toEqual([c1!.id, null, a1!.id]);
        expect(atPositions[0]).toEqual(c1);
        expect(await store.readAtPositions([])).toEqual([]);
        const atVersions = await store.readAtVersions([
          { streamId: s1, version: 2 },
          { streamId: s2, version: 2 },
          { streamId: s2, version: 1 },
          { streamId: sid('lookup'), version: 1 },
          { streamId: s1, version: 3 },
        ]);
        expect(ids(atVersions)).toEqual([b1!.id, null, a2!.id, null, c1!.id]);
        expect(atVersions[4]).toEqual(c1);
        expect(await store.readAtVersions([])).toEqual([]);
      });

      it('counts the events after a position and tells when the oldest of them was recorded', async () => {
        const head = await store.headPosition();
        const before = await store.countEvents();
        const { inOrder } = await twoStreams([unique('CountA'), unique('CountB'), unique('CountC')]);
        const after = await store.countEvents({ after: head });
        expect(after.count).toBe(4);
        expect(after.oldestRecordedAt).toEqual(new Date(inOrder[0]!.metadata.recordedAt));
        expect((await store.countEvents()).count).toBe(before.count + 4);
        expect(await store.countEvents({ after: inOrder[3]!.position })).toEqual({
          count: 0,
          oldestRecordedAt: null,
        });
        const fromSecond = await store.countEvents({ after: inOrder[1]!.position });
        expect(fromSecond).toEqual({ count: 2, oldestRecordedAt: new Date(inOrder[2]!.metadata.recordedAt) });
        // Of some types only: a subscription is behind by the events it handles.
        const ofThird = await store.countEvents({ after: head, types: [inOrder[3]!.type, 'NoSuchType'] });
        expect(ofThird.count).toBe(inOrder.filter((e) => e.type === inOrder[3]!.type).length);
        expect(ofThird.oldestRecordedAt).toEqual(
          new Date(inOrder.find((e) => e.type === inOrder[3]!.type)!.metadata.recordedAt),
        );
        expect(await store.countEvents({ after: head, types: ['NoSuchType'] })).toEqual({
          count: 0,
          oldestRecordedAt: null,
        });
      });

      it('hands events out upcast by default and as stored when asked', async () => {
        const type = unique('Shape');
        registerUpcasters([{ type, fromVersion: 1, upcast: (d) => ({ ...(d as object), upcast: true }) }]);
        const s = sid('lookup');
        await store.append(s, 'no_stream', [testEvent(type, { n: 1 })]);
        const [upcast] = await store.readStream(s);
        const [stored] = await store.readStream(s, { asStored: true });
        expect([upcast!.schemaVersion, upcast!.data]).toEqual([2, { n: 1, upcast: true }]);
        expect([stored!.schemaVersion, stored!.data]).toEqual([1, { n: 1 }]);
        await settled(h.pool); // readAll stops at the oldest transaction open anywhere on the server
        const all = async (asStored?: boolean) =>
          (await store.readAll({ after: null, limit: 10_000, types: [type], asStored })).map((e) => e.data);
        expect(await all()).toEqual([{ n: 1, upcast: true }]);
        expect(await all(true)).toEqual([{ n: 1 }]);
        expect((await store.findEvents({ streamIds: [s] }))[0]!.data).toEqual({ n: 1, upcast: true });
        expect((await store.findEvents({ streamIds: [s], asStored: true }))[0]!.data).toEqual({ n: 1 });
        expect((await store.readAtPositions([stored!.position]))[0]!.data).toEqual({ n: 1, upcast: true });
        expect((await store.readAtPositions([stored!.position], { asStored: true }))[0]).toEqual(stored);
        expect((await store.readAtVersions([{ streamId: s, version: 1 }], { asStored: true }))[0]).toEqual(
          stored,
        );
      });
    });

    describe('tamper evidence', () => {
      it('stores content and chain hashes that anyone can recompute', async () => {
        const s = sid();
        await store.append(s, 'no_stream', [testEvent(), testEvent()]);
        const [e1, e2] = await store.readStream(s);
        const c1 = contentHash({ ...e1!, streamId: s });
        expect(c1.toString('hex')).toBe(e1!.contentHash);
        const h1 = chainHash(GENESIS_HASH, 1, c1);
        expect(h1.toString('hex')).toBe(e1!.chainHash);
        expect(chainHash(h1, 2, contentHash({ ...e2!, streamId: s })).toString('hex')).toBe(e2!.chainHash);
      });

      it('verifies an untouched log clean, then reports an UPDATE, a DELETE and a swap at their positions', async () => {
        const clean = await verifyChain(h.pool);
        expect(clean.findings).toEqual([]);
        expect(clean.ok).toBe(true);

        const s = sid('tamper');
        await store.append(
          s,
          'no_stream',
          Array.from({ length: 6 }, (_, i) => testEvent('T', { i })),
        );
        const rows = await store.readStream(s);
        const seqOf = (v: number) => rows[v - 1]!.position.seq.toString();

        await h.pool.query(`UPDATE events SET data = '{"i": 99}' WHERE stream_id = $1 AND version = 2`, [s]);
        await h.pool.query(`DELETE FROM events WHERE stream_id = $1 AND version = 4`, [s]);
        // Swap two rows: versions 5 and 6 trade places (through a spare version, as the unique key demands).
        for (const [from, to] of [
          [5, 1000],
          [6, 5],
          [1000, 6],
        ]) {
          await h.pool.query(`UPDATE events SET version = $3 WHERE stream_id = $1 AND version = $2`, [
            s,
            from,
            to,
          ]);
        }
        const report = await verifyChain(h.pool);
        expect(report.ok).toBe(false);
        const at = report.findings.filter((f) => f.streamId === s).map((f) => [f.kind, f.version, f.seq]);
        expect(at).toEqual([
          ['altered', 2, seqOf(2)],
          ['missing', 5, seqOf(6)], // version 4 deleted; the row now at 5 is the old 6
          ['chain_broken', 5, seqOf(6)],
          ['order', 6, seqOf(5)],
          ['chain_broken', 6, seqOf(5)],
          ['head_mismatch', 6, seqOf(5)], // the head still names the old last row
        ]);
        await h.pool.query(`DELETE FROM events WHERE stream_id = $1`, [s]);
        await h.pool.query(`DELETE FROM streams WHERE stream_id = $1`, [s]);
      });

      it('reports nothing for streams written while the walk runs, and still a row forged past the head', async () => {
        const grown = sid('live');
        await store.append(grown, 'no_stream', [testEvent()]);
        const born = sid('live');
        // The walk reads the heads first, then the rows: write between the two, as the running product does.
        let calls = 0;
        const racing = {
          query: async (...args: Parameters<pg.Pool['query']>) => {
            if (++calls === 3) {
              await store.append(grown, 1, [testEvent(), testEvent()]);
              await store.append(born, 'no_stream', [testEvent()]);
            }
            return (h.pool.query as (...a: unknown[]) => unknown)(...args);
          },
        } as unknown as pg.Pool;
        const live = await verifyChain(racing);
        expect(calls).toBeGreaterThan(3);
        expect(live.findings.filter((f) => f.streamId === grown || f.streamId === born)).toEqual([]);

        // A row inserted past the head without moving it is still a fault, read again or not.
        const [last] = (await store.readStream(grown)).slice(-1);
        await h.pool.query(
          `INSERT INTO events (stream_id, version, event_id, type, schema_version, data, metadata, recorded_at,
                               content_hash, chain_hash)
           SELECT stream_id, version + 1, gen_random_uuid(), type, schema_version, data, metadata, recorded_at,
                  content_hash, chain_hash
             FROM events WHERE stream_id = $1 AND version = $2`,
          [grown, last!.version],
        );
        const forged = await verifyChain(h.pool);
        expect(forged.findings.filter((f) => f.streamId === grown).map((f) => f.kind)).toEqual([
          'altered', // a new event id under another's hash
          'head_mismatch',
        ]);
        for (const s of [grown, born]) {
          await h.pool.query(`DELETE FROM events WHERE stream_id = $1`, [s]);
          await h.pool.query(`DELETE FROM streams WHERE stream_id = $1`, [s]);
        }
      });

      it('reports a deleted last event as a head mismatch', async () => {
        const s = sid('tamper');
        await store.append(s, 'no_stream', [testEvent(), testEvent()]);
        await h.pool.query(`DELETE FROM events WHERE stream_id = $1 AND version = 2`, [s]);
        const report = await verifyChain(h.pool);
        expect(report.findings.filter((f) => f.streamId === s).map((f) => f.kind)).toEqual(['head_mismatch']);
        await h.pool.query(`DELETE FROM events WHERE stream_id = $1`, [s]);
        await h.pool.query(`DELETE FROM streams WHERE stream_id = $1`, [s]);
      });
    });

    describe('checkpointed subscriptions', () => {
      it('applies every event once, in order, and keeps its place across restarts', async () => {
        const projection = deliveryLogProjection('contract_once');
        const sub = new CheckpointedSubscription(h.pool, projection, { batchSize: 7 });
        await sub.setup();
        await sub.catchUp();
        const s = sid();
        await store.append(
          s,
          'no_stream',
          Array.from({ length: 20 }, () => testEvent()),
        );
        await settled(h.pool);
        expect(await sub.catchUp()).toBe(20);
        const again = new CheckpointedSubscription(h.pool, projection, { batchSize: 7 });
        expect(await again.catchUp()).toBe(0);
        const tally = await h.pool.query(`SELECT events FROM contract_once_tally WHERE stream_id = $1`, [s]);
        expect(tally.rows[0]).toEqual({ events: 20 });
        const total = await h.pool.query(`SELECT count(*)::int AS n FROM contract_once_log`);
        const log = await h.pool.query(`SELECT count(*)::int AS n FROM events`);
        expect(total.rows[0].n).toBe(log.rows[0].n);
      });

      it('rolls back a batch whose projection fails, so the checkpoint does not move past it', async () => {
        const good = deliveryLogProjection('contract_fail');
        await new CheckpointedSubscription(h.pool, good).setup();
        await new CheckpointedSubscription(h.pool, good).catchUp();
        const before = await new CheckpointedSubscription(h.pool, good).position();
        const s = sid();
        await store.append(s, 'no_stream', [testEvent('Ok'), testEvent('Boom'), testEvent('Ok')]);
        await settled(h.pool);
        const failing: Projection = {
          ...good,
          async apply(e, db) {
            await good.apply(e, db);
            if (e.type === 'Boom') throw new Error('projection bug');
          },
        };
        await expect(new CheckpointedSubscription(h.pool, failing).runOnce()).rejects.toThrow(
          'projection bug',
        );
        expect(await new CheckpointedSubscription(h.pool, good).position()).toEqual(before);
        const partial = await h.pool.query(
          `SELECT count(*)::int AS n FROM contract_fail_tally WHERE stream_id = $1`,
          [s],
        );
        expect(partial.rows[0].n).toBe(0);
        await new CheckpointedSubscription(h.pool, good).catchUp();
        const tally = await h.pool.query(`SELECT events FROM contract_fail_tally WHERE stream_id = $1`, [s]);
        expect(tally.rows[0]).toEqual({ events: 3 });
      });

      it('lets a writer wait until a running subscription has applied what it wrote', async () => {
        const projection = deliveryLogProjection('contract_ryw');
        const sub = new CheckpointedSubscription(h.pool, projection, { pollIntervalMs: 20 });
        await sub.setup();
        sub.start();
        try {
          const s = sid();
          const r = await store.append(s, 'no_stream', [testEvent()]);
          expect(await waitForPosition(h.pool, ['contract_ryw'], r.position, 5000)).toBe(true);
          const seen = await h.pool.query(`SELECT events FROM contract_ryw_tally WHERE stream_id = $1`, [s]);
          expect(seen.rows[0]).toEqual({ events: 1 });
          const far = { tx: r.position.tx + 1_000_000n, seq: r.position.seq };
          expect(await waitForPosition(h.pool, ['contract_ryw'], far, 100)).toBe(false);
        } finally {
          await sub.stop();
        }
      });

      it('rebuilds a projection into fresh tables that equal the live ones, and swaps them in', async () => {
        const base = deliveryLogProjection('contract_rebuild');
        // A secondary index: the rebuild loads without it and builds it before the swap, same name.
        const projection: Projection = {
          ...base,
          async setup(db) {
            await base.setup(db);
            await db.query(
              `CREATE INDEX IF NOT EXISTS contract_rebuild_log_stream ON contract_rebuild_log (stream_id, version)`,
            );
          },
        };
        const live = new CheckpointedSubscription(h.pool, projection);
        await live.setup();
        await live.catchUp();
        await store.append(sid(), 'no_stream', [testEvent(), testEvent()]);
        await settled(h.pool);
        await live.catchUp();
        await h.pool.query(`UPDATE contract_rebuild_tally SET events = events + 1000`); // drift the live copy
        const progress: number[] = [];
        const result = await rebuildProjection(h.pool, projection, {
          batchSize: 5,
          onProgress: (p) => progress.push(p.done),
        });
        const total = await h.pool.query(`SELECT count(*)::int AS n FROM events`);
        expect(result.events).toBe(total.rows[0].n);
        expect(progress[progress.length - 1]).toBe(total.rows[0].n);
        const drift = await h.pool.query(
          `SELECT count(*)::int AS n FROM contract_rebuild_tally WHERE events >= 1000`,
        );
        expect(drift.rows[0].n).toBe(0);
        const byStream = await h.pool.query(
          `SELECT (SELECT count(*) FROM contract_rebuild_tally t JOIN (SELECT stream_id, count(*) AS n FROM events GROUP BY 1) e
                    USING (stream_id) WHERE t.events <> e.n)::int AS wrong`,
        );
        expect(byStream.rows[0].wrong).toBe(0);
        expect(await live.catchUp()).toBe(0);
        const indexes = await h.pool.query(
          `SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'contract_rebuild_log' ORDER BY 1`,
        );
        expect(indexes.rows.map((r: { indexname: string }) => r.indexname)).toEqual([
          'contract_rebuild_log_pkey',
          'contract_rebuild_log_stream',
        ]);
        const leftovers = await h.pool.query(
          `SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'rebuild_%'`,
        );
        expect(leftovers.rows[0].n).toBe(0);
      });

      it('gives a projection that names its metadata keys only those, and no hashes if it reads none, live and rebuilt alike', async () => {
        // A projection reading only some metadata is not sent the rest, nor the hashes when it says it
        // reads none (BENCHMARKS.md, P1); what it folds must still be the same whether the live runner
        // or a rebuild read it.
        const projection: Projection = {
          name: 'contract_meta',
          tables: ['contract_meta_seen'],
          eventTypes: ['MetaWanted'],
          metadataKeys: ['recordedAt', 'actorRole', 'notStamped'],
          readsHashes: false,
          async setup(db) {
            await db.query(
              `CREATE TABLE IF NOT EXISTS contract_meta_seen (event_id text PRIMARY KEY, metadata jsonb NOT NULL, hashes text NOT NULL)`,
            );
          },
          async apply(e, db) {
            await db.query(`INSERT INTO contract_meta_seen VALUES ($1, $2, $3)`, [
              e.id,
              JSON.stringify(e.metadata),
              e.contentHash + e.chainHash,
            ]);
          },
        };
        const wanted = [testEvent('MetaWanted'), testEvent('MetaWanted')];
        await store.append(sid(), 'no_stream', [wanted[0]!, testEvent('MetaOther'), wanted[1]!]);
        const live = new CheckpointedSubscription(h.pool, projection);
        await live.setup();
        const read = async () =>
          (await h.pool.query(`SELECT event_id, metadata, hashes FROM contract_meta_seen ORDER BY event_id`))
            .rows;
        // Another session's open transaction (the server is shared) holds the events back a moment.
        for (const until = Date.now() + 10_000; (await read()).length < 2 && Date.now() < until;)
          await live.catchUp();
        const expected = wanted
          .map((e) => ({
            event_id: e.id,
            metadata: { recordedAt: e.metadata.recordedAt, actorRole: e.metadata.actorRole },
            hashes: '',
          }))
          .sort((a, b) => a.event_id.localeCompare(b.event_id));
        expect(await read()).toEqual(expected);
        await rebuildProjection(h.pool, projection, { batchSize: 2 });
        expect(await read()).toEqual(expected);
      });

      it('leaves the live tables as they were when a rebuild fails part way', async () => {
        const base = deliveryLogProjection('contract_rebuild_fail');
        const live = new CheckpointedSubscription(h.pool, base);
        await live.setup();
        await store.append(sid(), 'no_stream', [testEvent(), testEvent()]);
        await settled(h.pool);
        await live.catchUp();
        const before = await h.pool.query(`SELECT * FROM contract_rebuild_fail_tally ORDER BY stream_id`);
        let applied = 0;
        const failing: Projection = {
          ...base,
          async apply(e, db) {
            if (++applied === 3) throw new Error('rebuild bug');
            await base.apply(e, db);
          },
        };
        await expect(rebuildProjection(h.pool, failing, { batchSize: 2 })).rejects.toThrow('rebuild bug');
        const after = await h.pool.query(`SELECT * FROM contract_rebuild_fail_tally ORDER BY stream_id`);
        expect(after.rows).toEqual(before.rows);
        const leftovers = await h.pool.query(
          `SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'rebuild_%'`,
        );
        expect(leftovers.rows[0].n).toBe(0);
      });

      it('waits for a transaction that committed late instead of skipping it', async () => {
        const projection = deliveryLogProjection('contract_late');
        const sub = new CheckpointedSubscription(h.pool, projection);
        await sub.setup();
        await sub.catchUp();
        const late = sid('late');
        const slow = await h.pool.connect();
        try {
          await slow.query('BEGIN');
          const e = testEvent('Late');
          await slow.query(
            `SELECT * FROM es_append($1, 'late', -2, $2::uuid[], $3::text[], $4::int[], $5::jsonb[], $6::jsonb[], $7::timestamptz[], $8::bytea[])`,
            [
              late,
              [e.id],
              [e.type],
              [1],
              [JSON.stringify(e.data)],
              [JSON.stringify(e.metadata)],
              [e.metadata.recordedAt],
              [contentHash({ ...e, streamId: late })],
            ],
          );
          if (h.concurrentTransactions) {
            // Others commit after the slow writer took its place in the order.
            const quick = sid('quick');
            await store.append(quick, 'no_stream', [testEvent()]);
            await sub.catchUp();
            const seenQuick = await h.pool.query(
              `SELECT count(*)::int AS n FROM contract_late_log WHERE stream_id = $1`,
              [quick],
            );
            expect(seenQuick.rows[0].n).toBe(0); // held back behind the open transaction, not skipped past it
          }
          await slow.query('COMMIT');
        } finally {
          slow.release();
        }
        await settled(h.pool);
        await sub.catchUp();
        const seen = await h.pool.query(
          `SELECT stream_id FROM contract_late_log WHERE stream_id LIKE 'late-%' OR stream_id LIKE 'quick-%' ORDER BY tx::bigint, seq`,
        );
        expect(seen.rows.map((r: { stream_id: string }) => r.stream_id.split('-')[0])).toEqual(
          h.concurrentTransactions ? ['late', 'quick'] : ['late'],
        );
      });
    });
  });
}
