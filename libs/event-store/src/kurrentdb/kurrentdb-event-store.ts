import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  MaxAppendSizeExceededError,
  NO_STREAM,
  START,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError as KurrentWrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  type AllStreamResolvedEvent,
  type AppendStreamState,
  type EventData,
  type Filter,
  type JSONType,
  type Position,
  type ReadPosition,
  type RecordedEvent as KurrentRecordedEvent,
} from '@kurrent/kurrentdb-client';
import { chainHash, GENESIS_HASH } from '../hashing/event-hash.js';
import {
  comparePositions,
  DuplicateEventIdError,
  InvalidEventError,
  WrongExpectedVersionError,
  type AppendResult,
  type EventCount,
  type EventMetadata,
  type EventStore,
  type ExpectedVersion,
  type FindEventsQuery,
  type LogPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamInfo,
  type StreamVersion,
} from '../event-store.port.js';
import { prepareAppend } from '../validation/prepare-append.js';
import { upcastEvents, type HistoryReader } from '../upcasting/upcasting.js';

/**
 * The event-store port on a KurrentDB (EventStoreDB) node or cluster, through `@kurrent/kurrentdb-client`.
 *
 * How each part of the port maps:
 *
 * - **Versions.** KurrentDB numbers a stream's events from revision 0; the port numbers them from version 1,
 *   so `version = revision + 1`. Expected `'no_stream'` (and `0`) is KurrentDB's `no_stream`; an expected
 *   version N ≥ 1 is revision N − 1; `'any'` is checked here against the head just read (see below).
 * - **Append.** One append reads the stream's tail on the leader (head revision, last chain hash, recent
 *   event ids), checks the caller's expectation and the ids, computes the chain hashes, then appends with the
 *   exact revision it read as KurrentDB's expected state — also for `'any'`, because the chain hash of each
 *   event depends on its predecessor: a writer that slipped in between makes KurrentDB refuse the append, and
 *   the adapter looks again (a few times for `'any'`; for an exact expectation the second look answers
 *   `WrongExpectedVersionError` with the version found). It then reads back the events at its versions to
 *   learn their exact `$all` positions and whether this call wrote them (each append stamps a fresh
 *   `writeId`; a concurrent identical retry that KurrentDB deduplicated finds someone else's). Cost: two
 *   reads and one write per append, against one statement on PostgreSQL.
 * - **Idempotency by event id.** An append whose ids are all already in the stream answers like the first
 *   one with `duplicate: true`; some but not all → `DuplicateEventIdError`. KurrentDB has no index by event
 *   id, so this is checked in the last `idempotencyWindow` events of the stream (default 500; streams here
 *   are short: an application or a call has tens of events). KurrentDB itself also recognises a retry at the
 *   same expected revision. **Not given:** an id already stored in *another* stream is not detected (the
 *   PostgreSQL adapter has a unique index across the log); ids derived from command ids make that a bug, not
 *   a race.
 * - **Global order and positions.** `$all` is KurrentDB's transaction log in commit order. `LogPosition.tx`
 *   is the commit position, `LogPosition.seq` the prepare position (both byte offsets in the log; for
 *   ordinary appends they are equal, events of a legacy explicit transaction share a commit and differ in
 *   prepare). Comparing (commit, prepare) is `$all`'s order, so `comparePositions` and the checkpoint
 *   table work unchanged. An event becomes readable in `$all` only once it is committed, and a later commit
 *   always sits at a higher position, so no event can appear *behind* a reader later: no transaction-id
 *   fence is needed (the PostgreSQL adapter's `pg_snapshot_xmin` fence has no counterpart here).
 *   `readAll` and `headPosition` skip system events (`$`-types) and events not written by this adapter.
 * - **Hash chain.** The same scheme as PostgreSQL (`hashing/event-hash.ts`): content hash of the canonical
 *   event, chain hash over the previous chain hash, the version and the content hash. Both are kept in the
 *   event's KurrentDB metadata beside the port's metadata (see `Envelope`), so `contentHash`/`chainHash` come
 *   back as on PostgreSQL and `verifyKurrentChain` walks them like the PostgreSQL verifier.
 *
 * What it cannot give: atomicity across streams (one append is atomic within its stream only — so is the
 * port's); cross-stream id uniqueness (above); a stream-head row to compare the last event with (KurrentDB's
 * own head *is* the last event, and events cannot be updated in place through the API, so the verifier's
 * "head mismatch" check has nothing to compare); read-model transactions spanning the log (projections keep
 * their checkpoint in PostgreSQL, see `KurrentCheckpointedSubscription`).
 */
export interface KurrentEventStoreOptions {
  /** How many of a stream's latest events an append searches for its ids (idempotency). Default 500. */
  idempotencyWindow?: number;
  /** How many times an `'any'` append looks again after losing a race. Default 5. */
  maxAttempts?: number;
}

/** What an event's KurrentDB metadata holds: the port's metadata plus what PostgreSQL keeps in columns. */
export interface Envelope {
  /** KurrentDB's system projections ($by_correlation_id …) read these two. */
  $correlationId: string;
  $causationId: string;
  es: {
    /** Envelope format, for upcasting this wrapper itself one day. */
    v: 1;
    schemaVersion: number;
    contentHash: string;
    chainHash: string;
    /** Fresh per append call: tells the writer whether the stored events are its own. */
    writeId: string;
  };
  metadata: EventMetadata;
}

// Appends are validated by the same rules as on PostgreSQL (../validation/prepare-append.ts), so a stream
// valid on one is valid on the other; its letter-first stream ids keep clear of KurrentDB's `$` streams.
const MAX_READ = 10_000;

export class KurrentEventStore implements EventStore {
  private readonly window: number;
  private readonly maxAttempts: number;

  constructor(
    readonly client: KurrentDBClient,
    options: KurrentEventStoreOptions = {},
  ) {
    this.window = options.idempotencyWindow ?? 500;
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  /** `kurrentdb://host:2113?tls=false` or a cluster string (`kurrentdb+discover://…`). */
  static connect(connectionString: string, options?: KurrentEventStoreOptions): KurrentEventStore {
    return new KurrentEventStore(KurrentDBClient.connectionString(connectionString), options);
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  async append(
    streamId: string,
    expected: ExpectedVersion,
    events: readonly NewEvent[],
  ): Promise<AppendResult> {
    const prepared = prepareAppend(streamId, expected, events);
    const ids = prepared.map((e) => e.id);
    for (let attempt = 1; ; attempt++) {
      const tail = await this.readRaw(streamId, BACKWARDS, END, this.window, true);
      const head = tail[0]?.event.version ?? null;

      const mine = tail.filter((r) => ids.includes(r.event.id));
      if (mine.length === ids.length) {
        const last = mine[0]!.event; // the tail is newest first
        return { streamId, nextVersion: last.version, position: last.position, duplicate: true };
      }
      if (mine.length > 0) throw new DuplicateEventIdError(streamId, ids);

      if (!expectationHolds(expected, head)) throw new WrongExpectedVersionError(streamId, expected, head);

      const base = head ?? 0;
      const writeId = randomUUID();
      let previous: Buffer = tail[0] ? Buffer.from(tail[0].event.chainHash, 'hex') : GENESIS_HASH;
      const data = prepared.map((e, i): EventData => {
        const chain = chainHash(previous, base + i + 1, e.hash);
        previous = chain;
        const envelope: Envelope = {
          $correlationId: e.metadata.correlationId,
          $causationId: e.metadata.causationId,
          es: {
            v: 1,
            schemaVersion: e.schemaVersion,
            contentHash: e.hash.toString('hex'),
            chainHash: chain.toString('hex'),
            writeId,
          },
          metadata: e.metadata,
        };
        return {
          id: e.id,
          contentType: 'application/json',
          type: e.type,
          // Any JSON value; the client JSON.stringify()s it whatever its static type says.
          data: e.data as JSONType,
          metadata: envelope as unknown as JSONType,
        };
      });
      const streamState: AppendStreamState = head === null ? NO_STREAM : BigInt(head - 1);
      try {
        await this.client.appendToStream(streamId, data, { streamState, requiresLeader: true });
      } catch (err) {
        // Someone wrote first: look again (it may have been this very append, retried elsewhere).
        if (err instanceof KurrentWrongExpectedVersionError && attempt < this.maxAttempts) continue;
        if (err instanceof KurrentWrongExpectedVersionError) {
          const info = await this.streamInfo(streamId);
          throw new WrongExpectedVersionError(streamId, expected, info ? info.version : null);
        }
        if (err instanceof MaxAppendSizeExceededError) {
          throw new InvalidEventError(`stream ${streamId}: append too large for KurrentDB: ${err.message}`);
        }
        throw err;
      }
      const written = await this.readRaw(streamId, FORWARDS, BigInt(base), prepared.length, true);
      const last = written[written.length - 1];
      if (written.length !== prepared.length || !written.every((r, i) => r.event.id === ids[i])) {
        // KurrentDB acknowledged the append but other events sit at its revisions: should not happen.
        throw new Error(`stream ${streamId}: append acknowledged but revisions ${base}.. hold other events`);
      }
      return {
        streamId,
        nextVersion: last!.event.version,
        position: last!.event.position,
        duplicate: last!.writeId !== writeId,
      };
    }
  }

  /** Old events come back in their newest shape (upcasting.ts), as on PostgreSQL. */
  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.shaped(await this.readStreamAsStored(streamId, options), options.asStored);
  }

  private async shaped(events: RecordedEvent[], asStored: boolean | undefined): Promise<RecordedEvent[]> {
    return asStored ? events : upcastEvents(events, this.history);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const stored = await this.readAllAsStored(options);
    return options.asStored ? stored : upcastEvents(stored, this.history);
  }

  /** An upcaster's earlier events of the stream, as stored. */
  private readonly history: HistoryReader = async (streamId, beforeVersion, types) =>
    (await this.readStreamAsStored(streamId, { limit: Math.max(1, beforeVersion - 1) })).filter(
      (e) => e.version < beforeVersion && types.includes(e.type),
    );

  private async readStreamAsStored(
    streamId: string,
    options: ReadStreamOptions = {},
  ): Promise<RecordedEvent[]> {
    const limit = clampLimit(options.limit);
    const from = options.fromVersion;
    if (options.direction === 'backwards') {
      if (from !== undefined && from < 1) return [];
      const rows = await this.readRaw(
        streamId,
        BACKWARDS,
        from === undefined ? END : BigInt(from - 1),
        limit,
      );
      return rows.map((r) => r.event).filter((e) => from === undefined || e.version <= from);
    }
    const rows = await this.readRaw(streamId, FORWARDS, BigInt(Math.max(0, (from ?? 1) - 1)), limit);
    return rows.map((r) => r.event);
  }

  private async readAllAsStored(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = clampLimit(options.limit);
    const filter = typeFilter(options.types);
    let after = isStart(options.after) ? null : options.after!;
    const out: RecordedEvent[] = [];
    for (;;) {
      // A read from a position includes the event at it: ask for one more and drop what is not after.
      const want = limit - out.length + 1;
      let seen = 0;
      for await (const resolved of this.client.readAll({
        fromPosition: after ? toKurrent(after) : START,
        direction: FORWARDS,
        maxCount: want,
        filter,
      })) {
        seen++;
        const raw = resolved.event;
        if (!raw) continue;
        const position = fromKurrent(raw.position);
        if (after && comparePositions(position, after) <= 0) continue;
        after = position;
        const row = toRow(raw);
        if (row) out.push(row.event);
        if (out.length === limit) return out;
      }
      if (seen < want) return out; // the end of the log
    }
  }

  async streamInfo(streamId: string): Promise<StreamInfo | null> {
    const [last] = await this.readRaw(streamId, BACKWARDS, END, 1);
    return last ? { streamId, version: last.event.version } : null;
  }

  async headPosition(): Promise<LogPosition | null> {
    let from: ReadPosition = END;
    for (;;) {
      let seen = 0;
      let lastPosition: Position | null = null;
      const page: AsyncIterable<AllStreamResolvedEvent> = this.client.readAll({
        fromPosition: from,
        direction: BACKWARDS,
        maxCount: 100,
        filter: excludeSystemEvents(),
      });
      for await (const resolved of page) {
        seen++;
        const raw = resolved.event;
        if (!raw) continue;
        if (toRow(raw)) return fromKurrent(raw.position);
        lastPosition = raw.position;
      }
      if (seen < 100 || !lastPosition) return null;
      from = lastPosition; // only foreign events on this page: look further back
    }
  }

  /**
   * With stream ids: each stream read whole and filtered here. Without: a scan of `$all` filtered by type
   * on the server and by recorded time here (KurrentDB has no index by time), so a narrow time window
   * over a long log costs a long read.
   */
  async findEvents(query: FindEventsQuery): Promise<RecordedEvent[]> {
    const limit = clampLimit(query.limit);
    const after = isStart(query.after) ? null : query.after!;
    const types = query.types && query.types.length > 0 ? new Set(query.types) : null;
    const since = query.recordedAfter?.getTime();
    const wanted = (e: RecordedEvent) =>
      (!types || types.has(e.type)) &&
      (since === undefined || Date.parse(e.metadata.recordedAt) > since) &&
      (!after || comparePositions(e.position, after) > 0);
    const out: RecordedEvent[] = [];
    if (query.streamIds && query.streamIds.length > 0) {
      for (const streamId of new Set(query.streamIds)) {
        for (let from = 1; ; from += MAX_READ) {
          const page = await this.readStreamAsStored(streamId, { fromVersion: from, limit: MAX_READ });
          out.push(...page.filter(wanted));
          if (page.length < MAX_READ) break;
        }
      }
      out.sort((a, b) => comparePositions(a.position, b.position));
      return this.shaped(out.slice(0, limit), query.asStored);
    }
    let from = after;
    for (;;) {
      const page = await this.readAllAsStored({ after: from, limit: MAX_READ, types: query.types });
      for (const e of page) {
        if (wanted(e)) out.push(e);
        if (out.length === limit) return this.shaped(out, query.asStored);
      }
      if (page.length < MAX_READ) return this.shaped(out, query.asStored);
      from = page[page.length - 1]!.position;
    }
  }

  async readAtPositions(
    positions: readonly LogPosition[],
    options: { asStored?: boolean } = {},
  ): Promise<(RecordedEvent | null)[]> {
    const out: (RecordedEvent | null)[] = [];
    for (const p of positions) {
      let found: RecordedEvent | null = null;
      for await (const resolved of this.client.readAll({
        fromPosition: toKurrent(p),
        direction: FORWARDS,
        maxCount: 1,
      })) {
        const row = resolved.event ? toRow(resolved.event) : null;
        if (row && comparePositions(row.event.position, p) === 0) found = row.event;
      }
      out.push(found && !options.asStored ? ((await this.shaped([found], false))[0] ?? null) : found);
    }
    return out;
  }

  async readAtVersions(
    refs: readonly StreamVersion[],
    options: { asStored?: boolean } = {},
  ): Promise<(RecordedEvent | null)[]> {
    const out: (RecordedEvent | null)[] = [];
    for (const r of refs) {
      const [row] =
        Number.isInteger(r.version) && r.version >= 1
          ? await this.readRaw(r.streamId, FORWARDS, BigInt(r.version - 1), 1)
          : [];
      const found = row && row.event.version === r.version ? row.event : null;
      out.push(found && !options.asStored ? ((await this.shaped([found], false))[0] ?? null) : found);
    }
    return out;
  }

  /** A walk of `$all` from `after`: KurrentDB keeps no count, so this costs a read of that part of the log. */
  async countEvents(
    options: { after?: LogPosition | null; types?: readonly string[] | null } = {},
  ): Promise<EventCount> {
    const wanted = options.types ? new Set(options.types) : null;
    let count = 0;
    let oldest: number | null = null;
    let from = isStart(options.after) ? null : options.after!;
    for (;;) {
      const page = await this.readAllAsStored({ after: from, limit: MAX_READ });
      for (const e of page) {
        if (wanted && !wanted.has(e.type)) continue;
        count++;
        const at = Date.parse(e.metadata.recordedAt);
        if (oldest === null || at < oldest) oldest = at;
      }
      if (page.length < MAX_READ)
        return { count, oldestRecordedAt: oldest === null ? null : new Date(oldest) };
      from = page[page.length - 1]!.position;
    }
  }

  /** Read one stream; a stream that does not exist (or was deleted outside the product) is empty. */
  private async readRaw(
    streamId: string,
    direction: typeof FORWARDS | typeof BACKWARDS,
    fromRevision: bigint | typeof START | typeof END,
    maxCount: number,
    requiresLeader = false,
  ): Promise<Row[]> {
    const out: Row[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, {
        direction,
        fromRevision,
        maxCount,
        requiresLeader,
      })) {
        const row = resolved.event ? toRow(resolved.event) : null;
        if (row) out.push(row);
      }
    } catch (err) {
      if (err instanceof StreamNotFoundError || err instanceof StreamDeletedError) return [];
      throw err;
    }
    return out;
  }
}

interface Row {
  event: RecordedEvent;
  writeId: string;
}

function isEnvelope(m: unknown): m is Envelope {
  const e = m as Partial<Envelope> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.es === 'object' &&
    e.es !== null &&
    e.es.v === 1 &&
    typeof e.metadata === 'object'
  );
}

/** Our event from KurrentDB's, or null for one this adapter did not write (a system or foreign event). */
function toRow(e: KurrentRecordedEvent): Row | null {
  if (!e.isJson || !isEnvelope(e.metadata)) return null;
  if (!e.position) throw new Error(`KurrentDB returned ${e.streamId}@${e.revision} without a log position`);
  const env = e.metadata;
  return {
    event: {
      id: e.id.toLowerCase(),
      streamId: e.streamId,
      version: Number(e.revision) + 1,
      type: e.type,
      schemaVersion: env.es.schemaVersion,
      data: e.data,
      metadata: env.metadata,
      position: fromKurrent(e.position),
      contentHash: env.es.contentHash,
      chainHash: env.es.chainHash,
    },
    writeId: env.es.writeId,
  };
}

/** LogPosition ↔ KurrentDB Position: tx is the commit position, seq the prepare position. */
export function fromKurrent(p: Position): LogPosition {
  return { tx: p.commit, seq: p.prepare };
}

export function toKurrent(p: LogPosition): Position {
  return { commit: p.tx, prepare: p.seq };
}

function isStart(p: LogPosition | null | undefined): boolean {
  return !p || (p.tx === 0n && p.seq === 0n);
}

/** A server-side `$all` filter: exactly these event types, or (none given) every non-system event. */
export function typeFilter(types: readonly string[] | undefined): Filter {
  if (!types || types.length === 0) return excludeSystemEvents();
  const escaped = types.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return eventTypeFilter({ regex: `^(?:${escaped.join('|')})$` });
}

function expectationHolds(expected: ExpectedVersion, head: number | null): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream' || expected === 0) return head === null;
  return head === expected;
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined) return 1000;
  if (!Number.isInteger(limit) || limit < 1) throw new InvalidEventError(`limit must be a positive integer`);
  return Math.min(limit, MAX_READ);
}
