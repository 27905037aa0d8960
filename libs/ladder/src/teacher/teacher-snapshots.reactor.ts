import { foldEvents, loadState, type EventStore, type Reactor, type RecordedEvent } from '#libs/event-store';
import {
  teacherDecider,
  TEACHER_SNAPSHOT_TAG,
  type TeacherEvent,
  type TeacherState,
} from './teacher.decider.js';

/** Every event type of a teacher's stream: the reactor is woken by any of them. */
export const TEACHER_EVENT_TYPES = [
  'TeacherRecordOpened',
  'TeacherRecordMoved',
  'TierAwarded',
  'TierRevoked',
  'HoursGranted',
  'RetrainingRequired',
  'HoursGrantReversed',
  'EthicsAssessed',
  'AnnualAppraisalCapped',
  'FlaggedForRemoval',
  'AnnualAppraisalRecorded',
  'MentorshipYearCredited',
] as const satisfies readonly TeacherEvent['type'][];

/** A teacher event type missing above fails to compile here: a stream it grew would not be snapshotted. */
export const TEACHER_EVENT_TYPES_COMPLETE: [
  Exclude<TeacherEvent['type'], (typeof TEACHER_EVENT_TYPES)[number]>,
] extends [never]
  ? true
  : never = true;

/**
 * Events a record may grow past its snapshot before the worker folds a new one. Below the api's own
 * threshold (TeachersController SNAPSHOT_AFTER), so that a progression read finds a snapshot at most
 * this many events behind the head and never writes one itself while the worker keeps up.
 */
export const TEACHER_SNAPSHOT_EVERY = 10;
/** Streams whose snapshot version the reactor remembers; past it, it forgets them all and asks again. */
const REMEMBERED_MAX = 200_000;
/** Events read along with the snapshot; a longer tail reads on page by page. */
const PAGE = 1000;

/**
 * Keeps each teacher record's snapshot (EventStore.saveSnapshot, tag TEACHER_SNAPSHOT_TAG) close to the
 * head of its stream off the request path: the progression view reads a record after its snapshot
 * (TeachersController), and folding the whole record (~70 events on a record years old) or writing its
 * snapshot during a GET was most of what that read cost (BENCHMARKS.md Q1). Not a command: a snapshot
 * is a cache of the log kept by the event store, written through its port, so running this twice over
 * an event (a hand-over, a replay) costs a read and at most an equal snapshot, never a wrong one; the
 * store keeps the newer of two and only one whose event still has its chain hash.
 *
 * It remembers the version of each stream's last snapshot it saw or saved, and reads a stream only when
 * an event is `every` or more past it: on a first start over a long log that is one whole-stream fold per
 * teacher (read at the stream's head, so the record's older events are then passed over), afterwards one
 * read of the snapshot and its last `every` events per `every` events appended.
 */
export function teacherSnapshotsReactor(store: EventStore, every = TEACHER_SNAPSHOT_EVERY): Reactor {
  const snapshotAt = new Map<string, number>();
  return {
    name: 'teacher_snapshots',
    eventTypes: TEACHER_EVENT_TYPES,
    async react(event: RecordedEvent) {
      // A store without snapshots (KurrentDB): nothing to keep.
      if (!store.saveSnapshot || !store.readStreamsAfterSnapshots) return;
      const known = snapshotAt.get(event.streamId);
      if (known !== undefined && event.version - known < every) return;
      const [answer] = await store.readStreamsAfterSnapshots([
        { streamId: event.streamId, fromVersion: 1, limit: PAGE, snapshotTag: TEACHER_SNAPSHOT_TAG },
      ]);
      const from = answer!.snapshot?.version ?? 0;
      let loaded = {
        state: foldEvents(
          teacherDecider,
          (answer!.snapshot?.state as TeacherState | undefined) ?? teacherDecider.initialState,
          answer!.events,
        ),
        version: from + answer!.events.length,
      };
      // A tail longer than the page read along: the rest as loadState reads it.
      if (answer!.events.length === PAGE)
        loaded = await loadState(store, teacherDecider, event.streamId, loaded);
      const { state, version } = loaded;
      if (snapshotAt.size >= REMEMBERED_MAX) snapshotAt.clear();
      if (version - from < every) {
        snapshotAt.set(event.streamId, from);
        return;
      }
      await store.saveSnapshot({ streamId: event.streamId, tag: TEACHER_SNAPSHOT_TAG, version, state });
      snapshotAt.set(event.streamId, version);
    },
  };
}
