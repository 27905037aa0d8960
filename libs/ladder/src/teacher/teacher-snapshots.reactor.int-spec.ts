import { randomUUID } from 'node:crypto';
import {
  loadState,
  migrate,
  PostgresEventStore,
  type EventStore,
  type RecordedEvent,
} from '#libs/event-store';
import { testEvent } from '#testing/event-store';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { teacherDecider, TEACHER_SNAPSHOT_TAG } from './teacher.decider.js';
import { TEACHER_SNAPSHOT_EVERY, teacherSnapshotsReactor } from './teacher-snapshots.reactor.js';

// The worker keeps each teacher record's snapshot near its stream's head, so the progression view reads
// a snapshot and a few events and never writes one itself (BENCHMARKS.md Q1). The snapshot is a cache of
// the log: what it holds must be the whole stream's fold at its version, whichever events woke it.
describe('the teacher snapshots reactor (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let saves: number[];
  /** The store as the reactor sees it, counting the snapshots it saves. */
  let counted: EventStore;

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    await migrate(db.pool);
    store = new PostgresEventStore(db.pool);
  });
  afterAll(async () => {
    await db.drop();
  });
  beforeEach(() => {
    saves = [];
    counted = Object.assign(Object.create(store) as EventStore, {
      saveSnapshot: (s: Parameters<NonNullable<EventStore['saveSnapshot']>>[0]) => {
        saves.push(s.version);
        return store.saveSnapshot(s);
      },
    });
  });

  const teacher = async (grants: number) => {
    const id = randomUUID();
    const streamId = `teacher-${id}`;
    await store.append(streamId, 'no_stream', [
      testEvent('TeacherRecordOpened', {
        teacherId: id,
        orgUnit: 'school-a',
        openedAt: '2026-09-01T00:00:00Z',
      }),
    ]);
    await grant(streamId, 0, grants);
    return streamId;
  };
  const grant = async (streamId: string, from: number, n: number) => {
    if (n === 0) return;
    await store.append(
      streamId,
      'any',
      Array.from({ length: n }, (_, i) =>
        testEvent('HoursGranted', {
          entryId: `e${from + i}`,
          hours: 2,
          credits: 2,
          level: 'school',
          kind: 'activity',
          schoolYear: '2026-2027',
          semester: '2026-2027/1',
          completedAt: '2026-09-10T00:00:00.000Z',
          source: { type: 'activity', id: `a${from + i}`, approvingRecord: 'r' },
          score: null,
          policyVersion: 'default-1',
          grantedAt: '2026-09-10T00:00:00.000Z',
        }),
      ),
    );
  };
  const snapshot = async (streamId: string) =>
    (
      await db.pool.query<{ tag: string; version: string; state: unknown }>(
        `SELECT tag, version, state FROM stream_snapshots WHERE stream_id = $1`,
        [streamId],
      )
    ).rows[0];
  const reactTo = async (reactor: ReturnType<typeof teacherSnapshotsReactor>, events: RecordedEvent[]) => {
    for (const e of events) await reactor.react(e);
  };

  it('snapshots a long record at its head once, from the first of its events it sees', async () => {
    const s = await teacher(30);
    const reactor = teacherSnapshotsReactor(counted);
    await reactTo(reactor, await store.readStream(s));
    // A first start over a long log: one fold of the whole stream, then its older events are passed over.
    expect(saves).toEqual([31]);
    const kept = (await snapshot(s))!;
    expect(kept.tag).toBe(TEACHER_SNAPSHOT_TAG);
    expect(Number(kept.version)).toBe(31);
    const whole = await loadState(store, teacherDecider, s);
    expect(JSON.stringify(kept.state)).toBe(JSON.stringify(whole.state));
  });

  it(`folds a new one once the record has grown by ${TEACHER_SNAPSHOT_EVERY} events, not before`, async () => {
    const s = await teacher(20);
    const reactor = teacherSnapshotsReactor(counted);
    await reactTo(reactor, await store.readStream(s));
    expect(saves).toEqual([21]);
    await grant(s, 100, TEACHER_SNAPSHOT_EVERY - 1);
    await reactTo(reactor, await store.readStream(s, { fromVersion: 22 }));
    expect(saves).toEqual([21]);
    await grant(s, 200, 1);
    await reactTo(reactor, await store.readStream(s, { fromVersion: 22 + TEACHER_SNAPSHOT_EVERY - 1 }));
    const head = 21 + TEACHER_SNAPSHOT_EVERY;
    expect(saves).toEqual([21, head]);
    const kept = (await snapshot(s))!;
    expect(Number(kept.version)).toBe(head);
    expect(JSON.stringify(kept.state)).toBe(
      JSON.stringify((await loadState(store, teacherDecider, s)).state),
    );
  });

  it('saves nothing for a short record, nor after a restart over a record already snapshotted', async () => {
    const short = await teacher(3);
    const long = await teacher(25);
    await reactTo(teacherSnapshotsReactor(counted), await store.readStream(long));
    saves = [];
    // A restarted worker remembers nothing: it reads the snapshot and the few events past it, and keeps it.
    const restarted = teacherSnapshotsReactor(counted);
    await reactTo(restarted, await store.readStream(short));
    await reactTo(restarted, (await store.readStream(long)).slice(-1));
    expect(saves).toEqual([]);
    expect(await snapshot(short)).toBeUndefined();
    expect(Number((await snapshot(long))!.version)).toBe(26);
  });

  it('does nothing on a store that keeps no snapshots', async () => {
    const s = await teacher(30);
    const bare = Object.assign(Object.create(store) as EventStore, {
      saveSnapshot: undefined,
      readStreamsAfterSnapshots: undefined,
    });
    await reactTo(teacherSnapshotsReactor(bare), await store.readStream(s));
    expect(await snapshot(s)).toBeUndefined();
  });
});
