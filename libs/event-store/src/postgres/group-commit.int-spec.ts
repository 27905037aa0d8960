import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import {
  DuplicateEventIdError,
  InvalidEventError,
  WrongExpectedVersionError,
  type AppendResult,
  type ExpectedVersion,
  type LogPosition,
  type NewEvent,
} from '../event-store.port.js';
import { testEvent } from '../testing/fixtures.js';
import { verifyChain } from '../verification/chain-verifier.js';
import { migrate } from './migrations.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { markSessionPerConnection } from './prepared-statements.js';

// Group commit (postgres-event-store.ts): appends that arrive while others are in flight go together in
// one statement (es_append_many). Each caller must get the answer it would have got alone, and the log
// must keep its chains (DOMAIN.md "Audit trail": tamper evidence) and lose nothing.
const runs: [string, () => Promise<TestDatabase>, boolean][] = [
  ['PostgreSQL server', () => createPostgresTestDatabase(6), false],
  ['PostgreSQL server, command statements named', () => createPostgresTestDatabase(6), true],
  ['embedded PGlite via its wire-protocol gateway', () => createPgliteTestDatabase(), false],
];

describe.each(runs)('group commit on %s', (_name, open, named) => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let announced: LogPosition[];
  let n = 0;
  const sid = () => `batch-${++n}-${Date.now()}`;

  beforeAll(async () => {
    db = await open();
    if (named) markSessionPerConnection(db.pool);
    await migrate(db.pool);
  });
  beforeEach(() => {
    announced = [];
    store = new PostgresEventStore(db.pool, { onAppended: (position) => announced.push(position) });
  });
  afterAll(async () => {
    await db.drop();
  });

  /** Sends every append in the same tick: the first two take the store's slots, the rest wait together. */
  const together = (appends: [string, ExpectedVersion, NewEvent[]][]) =>
    Promise.allSettled(appends.map(([s, expected, events]) => store.append(s, expected, events)));
  const ok = (r: PromiseSettledResult<AppendResult>) => (r as PromiseFulfilledResult<AppendResult>).value;
  const failure = (r: PromiseSettledResult<AppendResult>) => (r as PromiseRejectedResult).reason as unknown;

  async function expectCleanLog() {
    const report = await verifyChain(db.pool);
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
  }

  it('answers each append of a batch as alone: successes, a wrong expected version, a retry, a missing stream', async () => {
    const [s1, s2, s3, s4] = [sid(), sid(), sid(), sid()];
    await store.append(s1, 'no_stream', [testEvent()]);
    const a = [testEvent(), testEvent()];
    const results = await together([
      [sid(), 'no_stream', [testEvent()]],
      [sid(), 'no_stream', [testEvent()]],
      [s1, 1, a], // → 3
      [s1, 1, [testEvent()]], // wrong: s1 is at 3 by then
      [s2, 'no_stream', [testEvent()]],
      [s1, 'any', [testEvent()]], // → 4
      [s3, 5, [testEvent()]], // wrong: no such stream
      [s1, 1, a], // the retry of the third: the same answer, nothing written
      [s4, 0, [testEvent(), testEvent(), testEvent()]],
    ]);

    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    const third = ok(results[2]!);
    expect(third).toMatchObject({ streamId: s1, nextVersion: 3, duplicate: false });
    expect(failure(results[3]!)).toBeInstanceOf(WrongExpectedVersionError);
    expect(failure(results[3]!)).toMatchObject({ actual: 4 });
    expect(ok(results[4]!)).toMatchObject({ streamId: s2, nextVersion: 1, duplicate: false });
    expect(ok(results[5]!)).toMatchObject({ streamId: s1, nextVersion: 4, duplicate: false });
    expect(failure(results[6]!)).toBeInstanceOf(WrongExpectedVersionError);
    expect(failure(results[6]!)).toMatchObject({ actual: null });
    expect(ok(results[7]!)).toEqual({ ...third, duplicate: true });
    expect(ok(results[8]!)).toMatchObject({ streamId: s4, nextVersion: 3, duplicate: false });

    // The waiting appends committed together: one transaction for all of the batch's successes.
    const batched = [2, 4, 5, 8].map((i) => ok(results[i]!).position.tx);
    expect(new Set(batched).size).toBe(1);
    // Positions follow arrival order within the batch, and each success was announced once.
    const seqs = [2, 4, 5, 8].map((i) => ok(results[i]!).position.seq);
    expect([...seqs].sort((x, y) => (x < y ? -1 : 1))).toEqual(seqs);
    expect(announced).toHaveLength(7);

    expect((await store.readStream(s1)).map((e) => e.id)).toEqual([
      expect.any(String),
      a[0]!.id,
      a[1]!.id,
      expect.any(String),
    ]);
    expect(await store.streamInfo(s3)).toBeNull();
    await expectCleanLog();
  });

  it('appends a batch one by one when one of its events cannot be stored, with the same answers', async () => {
    const [s1, s2, bad] = [sid(), sid(), sid()];
    await store.append(s1, 'no_stream', [testEvent()]);
    const retried = testEvent();
    await store.append(s2, 'no_stream', [retried]);
    const results = await together([
      [sid(), 'no_stream', [testEvent()]],
      [sid(), 'no_stream', [testEvent()]],
      [s1, 1, [testEvent()]],
      // A lone surrogate passes the adapter's checks but not jsonb's: the whole statement fails.
      [bad, 'no_stream', [testEvent(), testEvent('A', { s: '\ud800' })]],
      [s1, 1, [testEvent()]],
      [s2, 'any', [retried]],
      [sid(), 'any', [retried]],
    ]);
    expect(ok(results[2]!)).toMatchObject({ streamId: s1, nextVersion: 2, duplicate: false });
    expect(failure(results[3]!)).toBeInstanceOf(InvalidEventError);
    expect(failure(results[4]!)).toBeInstanceOf(WrongExpectedVersionError);
    expect(ok(results[5]!)).toMatchObject({ streamId: s2, nextVersion: 1, duplicate: true });
    expect(failure(results[6]!)).toBeInstanceOf(DuplicateEventIdError);
    expect(await store.streamInfo(bad)).toBeNull();
    expect((await store.readStream(s1)).map((e) => e.version)).toEqual([1, 2]);
    await expectCleanLog();
  });

  it('falls back one by one when a retried id fails the batch’s insert, answering the retry as a duplicate', async () => {
    const s1 = sid();
    const a = [testEvent()];
    const results = await together([
      [sid(), 'no_stream', [testEvent()]],
      [sid(), 'no_stream', [testEvent()]],
      [s1, 'no_stream', a],
      [s1, 'any', a], // would insert the same id again in the same statement
      [s1, 'any', [testEvent()]],
    ]);
    expect(ok(results[2]!)).toMatchObject({ nextVersion: 1, duplicate: false });
    expect(ok(results[3]!)).toEqual({ ...ok(results[2]!), duplicate: true });
    expect(ok(results[4]!)).toMatchObject({ nextVersion: 2, duplicate: false });
    expect(announced).toHaveLength(4);
    await expectCleanLog();
  });

  it('lets many writers on shared streams each get exactly the versions they were told', async () => {
    const streams = Array.from({ length: 4 }, () => sid());
    const told: AppendResult[] = [];
    let refused = 0;
    await Promise.all(
      Array.from({ length: 16 }, async (_, w) => {
        for (let i = 0; i < 15; i++) {
          const s = streams[(w + i) % streams.length]!;
          const info = await store.streamInfo(s);
          const expected: ExpectedVersion = i % 3 === 0 ? 'any' : (info?.version ?? 'no_stream');
          try {
            told.push(await store.append(s, expected, [testEvent(), testEvent()]));
          } catch (err) {
            expect(err).toBeInstanceOf(WrongExpectedVersionError);
            refused++;
          }
        }
      }),
    );
    expect(told.length + refused).toBe(16 * 15);
    for (const s of streams) {
      const versions = told.filter((r) => r.streamId === s).map((r) => r.nextVersion);
      const events = await store.readStream(s);
      // Every accepted append's two events are in its stream, each version told once, nothing else.
      expect([...versions].sort((x, y) => x - y)).toEqual(
        Array.from({ length: events.length / 2 }, (_, i) => 2 * (i + 1)),
      );
    }
    await expectCleanLog();
  });
});
