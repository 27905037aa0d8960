// The event-store port: what every adapter (PostgreSQL/PGlite today, KurrentDB later) must give.
// The contract suite in ./testing/event-store.contract.ts runs against each adapter.

/** Who caused an event, why, and through which request (DOMAIN.md "Audit trail"). */
export interface EventMetadata {
  actorId: string;
  actorRole: string;
  orgUnit: string;
  correlationId: string;
  causationId: string;
  commandId: string;
  /** ISO-8601 time the command was recorded at; it comes from the command's clock, never from a decider. */
  recordedAt: string;
  /** Anything else worth keeping (rationale, request path …). */
  [extra: string]: unknown;
}

/** An event as a decider produces it, before the store gives it a place. */
export interface NewEvent<T extends string = string, D = unknown> {
  /** UUID chosen by the caller: appending the same id twice stores it once. */
  id: string;
  type: T;
  /** The shape version of `data`; bump it (and upcast old ones on read) instead of renaming a type. */
  schemaVersion: number;
  data: D;
  metadata: EventMetadata;
}

/**
 * A place in the global log. Order is (tx, seq): the writing transaction's id, then the row's sequence
 * number. A subscriber only reads below the oldest still-running transaction, so an event committed late
 * by a long transaction is never skipped (ARCHITECTURE.md "Stores").
 */
export interface LogPosition {
  tx: bigint;
  seq: bigint;
}

export interface RecordedEvent<T extends string = string, D = unknown> extends NewEvent<T, D> {
  streamId: string;
  /** 1-based version of the event in its stream. */
  version: number;
  position: LogPosition;
  /** SHA-256 of the canonical event content, hex. */
  contentHash: string;
  /** SHA-256 chained to the previous event of the same stream, hex. */
  chainHash: string;
}

/** What the writer believes about the stream: absent, at exactly this version, or anything. */
export type ExpectedVersion = 'no_stream' | 'any' | number;

export interface AppendResult {
  streamId: string;
  /** The stream's version after the append. */
  nextVersion: number;
  /** Position of the last appended event; hand it to a read-your-writes wait. */
  position: LogPosition;
  /** True when every event id was already stored: nothing new was written. */
  duplicate: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Forwards: first version to return (inclusive, default 1). Backwards: highest (default the head). */
  fromVersion?: number;
  limit?: number;
  /**
   * Hand the events out as stored, not upcast to their newest shape: the audit trail shows the record as
   * it was written (its content hash is of that form), and a reader of metadata only skips the upcasters.
   */
  asStored?: boolean;
}

export interface ReadAllOptions {
  /** Exclusive: return events after this position (default the beginning). */
  after?: LogPosition | null;
  limit?: number;
  /** Only these event types (empty or absent: all). */
  types?: readonly string[];
  /** As stored, not upcast (a scan that only counts or copies events needs no upcasters). */
  asStored?: boolean;
}

/**
 * A lookup in the whole log by stream, type and recorded time, for reads that are not subscribers (a
 * reconciler at start, an operator's question). Unlike `readAll` it is not fenced: it answers what is
 * committed now, so it may show an event a subscriber will only see once an older transaction ends.
 */
export interface FindEventsQuery {
  /** Only events of these streams (empty or absent: every stream). */
  streamIds?: readonly string[];
  /** Only these event types (empty or absent: all). */
  types?: readonly string[];
  /** Only events recorded strictly after this time (`metadata.recordedAt`). */
  recordedAfter?: Date;
  /** Exclusive: events after this position (keyset paging). */
  after?: LogPosition | null;
  /** Default 1000, at most 10 000. */
  limit?: number;
  asStored?: boolean;
}

/** A stream's read forwards from a version (EventStore.readStreams). */
export interface StreamRead {
  streamId: string;
  fromVersion: number;
  limit?: number;
}

/** Several streams' reads forwards: in one statement where the store has readStreams, else one by one. */
export function readStreamsOf(store: EventStore, reads: readonly StreamRead[]): Promise<RecordedEvent[][]> {
  return store.readStreams
    ? store.readStreams(reads)
    : Promise.all(
        reads.map((r) => store.readStream(r.streamId, { fromVersion: r.fromVersion, limit: r.limit })),
      );
}

/**
 * A stream's state folded by a decider up to `version`, kept beside the log (EventStore.saveSnapshot) so
 * that a read folds only the events after it. `tag` names the decider's state shape and fold: a snapshot
 * is used only by a reader asking for the same tag, so a change to the fold (evolve, upcasters, the
 * state's fields) that bumps the tag leaves older snapshots unused. The state is stored as JSON, so it
 * must be plain data (no Dates, Sets or Maps) folded from the events as stored — never a state holding
 * personal data unsealed (DOMAIN.md "Audit trail": what is sealed in the log stays sealed).
 */
export interface StreamSnapshot<S = unknown> {
  streamId: string;
  tag: string;
  version: number;
  state: S;
}

/** A stream's read forwards that may start after a snapshot of that tag (EventStore.readStreamsAfterSnapshots). */
export interface SnapshotStreamRead extends StreamRead {
  /** The snapshot tag the reader folds with; absent: read from `fromVersion` as readStreams does. */
  snapshotTag?: string;
}

/** One read of readStreamsAfterSnapshots: the snapshot it starts after (if any), and the events after that. */
export interface SnapshotStreamAnswer {
  /** The stream's snapshot of the tag asked, when one is stored past `fromVersion - 1` and still on the log. */
  snapshot: { version: number; state: unknown } | null;
  /** Events from `fromVersion`, or from the snapshot's version + 1 when there is one. */
  events: RecordedEvent[];
}

/** One event named by its stream and version. */
export interface StreamVersion {
  streamId: string;
  version: number;
}

/** How many events the log holds past a point, and when the oldest of them was recorded. */
export interface EventCount {
  count: number;
  /** Null when there is none. */
  oldestRecordedAt: Date | null;
}

export interface StreamInfo {
  streamId: string;
  version: number;
}

export interface EventStore {
  append(streamId: string, expected: ExpectedVersion, events: readonly NewEvent[]): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Several streams read forwards at once, each from its own version and up to `limit` events (default
   * 1000), in the order asked; as one statement where the store can (so a read that needs two streams
   * sends one round trip, and sees both as of one moment). Optional: `readStreamsOf` reads them one by
   * one from a store without it.
   */
  readStreams?(reads: readonly StreamRead[]): Promise<RecordedEvent[][]>;
  /**
   * readStreams where a read may name a snapshot tag: a stored snapshot of that tag past `fromVersion - 1`
   * whose version's event is still the one it was taken after (same chain hash: a log restored or
   * rewritten under it leaves it unused) is returned, and that stream's events are read from the version
   * after it, all in one statement. Optional: a store without it has no snapshots (readers fold from
   * `fromVersion` as before).
   */
  readStreamsAfterSnapshots?(reads: readonly SnapshotStreamRead[]): Promise<SnapshotStreamAnswer[]>;
  /**
   * Keeps a stream's folded state at `version` (one snapshot per stream; an older one, or one of another
   * tag, is replaced; a newer one of the same tag is kept). Nothing is stored when the stream has no event
   * at `version`. A snapshot is a cache of the log: losing it costs a longer fold, never a wrong answer.
   */
  saveSnapshot?(snapshot: StreamSnapshot): Promise<void>;
  /** The global log in its one order, only up to where no earlier transaction can still commit. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  streamInfo(streamId: string): Promise<StreamInfo | null>;
  /**
   * The position of the latest committed event: a subscriber whose checkpoint has reached it has seen
   * every event committed before the call (it may be ahead of what `readAll` returns while an older
   * transaction is still open). Null when the log is empty.
   */
  headPosition(): Promise<LogPosition | null>;
  /** Events matching the query, in the log's order (see `FindEventsQuery`: not fenced). */
  findEvents(query: FindEventsQuery): Promise<RecordedEvent[]>;
  /**
   * The events at these log positions, one answer per position in the same order (null where the log
   * holds none). Not fenced: the positions come from something that has already seen them (a read model).
   */
  readAtPositions(
    positions: readonly LogPosition[],
    options?: { asStored?: boolean },
  ): Promise<(RecordedEvent | null)[]>;
  /** The events at these stream versions, one answer per entry in the same order (null where none). */
  readAtVersions(
    refs: readonly StreamVersion[],
    options?: { asStored?: boolean },
  ): Promise<(RecordedEvent | null)[]>;
  /**
   * Events in the log after `after` (the whole log when absent) and the oldest one's recorded time: a
   * subscription's lag behind its checkpoint, the size of a walk. Not fenced.
   */
  /**
   * The events after a position (all of them, or those of `types` only: a subscription that skips its
   * checkpoint over events it ignores is behind only by the events it handles).
   */
  countEvents(options?: {
    after?: LogPosition | null;
    types?: readonly string[] | null;
  }): Promise<EventCount>;
}

/** Base of every error the store raises on purpose. */
export class EventStoreError extends Error {}

/** The stream was not where the writer expected it; nothing was written. */
export class WrongExpectedVersionError extends EventStoreError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number | null,
  ) {
    super(
      `stream ${streamId}: expected ${typeof expected === 'number' ? `version ${expected}` : expected}, ` +
        `found ${actual === null ? 'no stream' : `version ${actual}`}`,
    );
    this.name = 'WrongExpectedVersionError';
  }
}

/** Some but not all event ids of an append were already stored, or stored elsewhere: refuse it whole. */
export class DuplicateEventIdError extends EventStoreError {
  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
  ) {
    super(`stream ${streamId}: event id(s) already stored in another append: ${eventIds.join(', ')}`);
    this.name = 'DuplicateEventIdError';
  }
}

/** An event that cannot be stored as given (bad id, empty type, data that is not JSON …). */
export class InvalidEventError extends EventStoreError {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

export function comparePositions(a: LogPosition, b: LogPosition): number {
  if (a.tx !== b.tx) return a.tx < b.tx ? -1 : 1;
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
  return 0;
}

/** A position as a compact string for HTTP headers and logs: "<tx>.<seq>". */
export function encodePosition(p: LogPosition): string {
  return `${p.tx}.${p.seq}`;
}

export function decodePosition(s: string): LogPosition | null {
  const m = /^(\d{1,20})\.(\d{1,20})$/.exec(s);
  if (!m) return null;
  return { tx: BigInt(m[1]!), seq: BigInt(m[2]!) };
}

/** Every event a query matches, in the log's order, read a page at a time (memory holds one page). */
export async function* eachEvent(
  store: Pick<EventStore, 'findEvents'>,
  query: Omit<FindEventsQuery, 'after' | 'limit'>,
  pageSize = 1000,
): AsyncGenerator<RecordedEvent> {
  let after: LogPosition | null = null;
  for (;;) {
    const page = await store.findEvents({ ...query, after, limit: pageSize });
    yield* page;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.position;
  }
}
