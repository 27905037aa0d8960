import pg from 'pg';
import {
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
  type SnapshotStreamAnswer,
  type SnapshotStreamRead,
  type StreamSnapshot,
  type StreamInfo,
  type StreamRead,
  type StreamVersion,
} from '../event-store.port.js';
import { prepareAppend, type PreparedEvent } from '../validation/prepare-append.js';
import { statement } from './prepared-statements.js';
import { upcastEvents, type HistoryReader } from '../upcasting/upcasting.js';
import type { SqlExecutor } from '../subscription/projection.js';

const MAX_READ = 10_000;

export interface EventRow {
  seq: string;
  tx_text: string;
  stream_id: string;
  version: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  content_hash: Buffer;
  chain_hash: Buffer;
}

export const EVENT_COLUMNS =
  'seq, tx_id::text AS tx_text, stream_id, version, event_id, type, schema_version, data, metadata, content_hash, chain_hash';

/**
 * A stream's read forwards ($1 stream, $2 first version, $3 limit): the statement a command's state load
 * sends. Exported so a benchmark's raw baseline can run the store's own statement rather than its own SQL
 * on the events table.
 */
export const READ_STREAM_SQL = `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND version >= $2 ORDER BY version LIMIT $3`;

/**
 * Several streams' reads forwards in one statement ($1 streams, $2 first versions, $3 limits): each is
 * READ_STREAM_SQL's index walk, tagged with its place in the request.
 */
const READ_STREAMS_SQL = `SELECT r.i, e.* FROM unnest($1::text[], $2::bigint[], $3::int[]) WITH ORDINALITY AS r(sid, from_version, lim, i)
  CROSS JOIN LATERAL (SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = r.sid AND version >= r.from_version
                       ORDER BY version LIMIT r.lim) e
  ORDER BY r.i, e.version`;

/**
 * READ_STREAMS_SQL where a read may start after its stream's snapshot ($4 the tags, null for none): the
 * snapshot of that tag past the read's first version whose event at its version still has the chain hash
 * it was taken at (a log restored or rewritten under it leaves it unused), then the events after it.
 * The state rides on the stream's first row only (or on a row of its own when no event follows), so a
 * long state is sent and parsed once.
 */
const READ_STREAMS_AFTER_SNAPSHOTS_SQL = `WITH r AS (
    SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::text[]) WITH ORDINALITY AS r(sid, from_version, lim, tag, i)
  ), s AS (
    SELECT r.i, sn.version, sn.state FROM r
      JOIN stream_snapshots sn ON sn.stream_id = r.sid AND sn.tag = r.tag AND sn.version >= r.from_version
      JOIN events ev ON ev.stream_id = sn.stream_id AND ev.version = sn.version AND ev.chain_hash = sn.chain_hash
  )
  SELECT r.i, s.version AS snapshot_version,
         CASE WHEN e.version IS NULL OR e.version = s.version + 1 THEN s.state END AS snapshot_state, e.*
    FROM r LEFT JOIN s ON s.i = r.i
    LEFT JOIN LATERAL (SELECT ${EVENT_COLUMNS} FROM events
                        WHERE stream_id = r.sid AND version >= GREATEST(r.from_version, s.version + 1)
                        ORDER BY version LIMIT r.lim) e ON true
   ORDER BY r.i, e.version`;

/**
 * A stream's snapshot (EventStore.saveSnapshot), with the chain hash of the event at its version; kept
 * unless the one stored is of the same tag, newer, and still on the log.
 */
const SAVE_SNAPSHOT_SQL = `INSERT INTO stream_snapshots (stream_id, tag, version, chain_hash, state)
  SELECT e.stream_id, $2, e.version, e.chain_hash, $4::json FROM events e WHERE e.stream_id = $1 AND e.version = $3
  ON CONFLICT (stream_id) DO UPDATE
    SET tag = excluded.tag, version = excluded.version, chain_hash = excluded.chain_hash, state = excluded.state,
        taken_at = now()
    WHERE stream_snapshots.tag <> excluded.tag OR stream_snapshots.version < excluded.version
       OR NOT EXISTS (SELECT 1 FROM events x WHERE x.stream_id = stream_snapshots.stream_id
                         AND x.version = stream_snapshots.version AND x.chain_hash = stream_snapshots.chain_hash)`;

export function rowToEvent(r: EventRow): RecordedEvent {
  return {
    id: r.event_id,
    streamId: r.stream_id,
    version: Number(r.version),
    type: r.type,
    schemaVersion: r.schema_version,
    data: r.data,
    metadata: r.metadata,
    position: { tx: BigInt(r.tx_text), seq: BigInt(r.seq) },
    contentHash: r.content_hash.toString('hex'),
    chainHash: r.chain_hash.toString('hex'),
  };
}

/**
 * Earlier events of a stream, as stored, for an upcaster that derives a new shape from them
 * (upcasting.ts). `db` is whatever the caller reads with: a pool, or a subscription's transaction.
 */
export function pgHistoryReader(db: SqlExecutor): HistoryReader {
  const one = async (streamId: string, beforeVersion: number, types: readonly string[]) =>
    (
      await db.query<EventRow & Record<string, unknown>>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND version < $2 AND type = ANY ($3::text[])
          ORDER BY version`,
        [streamId, beforeVersion, types],
      )
    ).rows.map(rowToEvent);
  // Every request's history in one statement: the i-th request's rows carry i, in stream order.
  const many = async (
    requests: readonly { streamId: string; beforeVersion: number }[],
    types: readonly string[],
  ): Promise<RecordedEvent[][]> => {
    const out: RecordedEvent[][] = requests.map(() => []);
    const res = await db.query<EventRow & { i: string } & Record<string, unknown>>(
      `SELECT q.i, h.* FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS q (sid, before, i),
         LATERAL (SELECT ${EVENT_COLUMNS} FROM events
                   WHERE stream_id = q.sid AND version < q.before AND type = ANY ($3::text[])) h
        ORDER BY q.i, h.version`,
      [requests.map((r) => r.streamId), requests.map((r) => r.beforeVersion), types],
    );
    for (const r of res.rows) out[Number(r.i) - 1]!.push(rowToEvent(r));
    return out;
  };
  return Object.assign(one, { many });
}

/**
 * Streams are named `<category>-<id>` (ARCHITECTURE.md "Conventions"); the category is stored so read
 * models and the audit log can filter by entity kind without parsing.
 */
export function streamCategory(streamId: string): string {
  return streamId.slice(0, streamId.indexOf('-'));
}

/** The fence every global read uses: nothing at or above the oldest running transaction. */
export const SETTLED = 'tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint';

interface Append {
  streamId: string;
  expected: ExpectedVersion;
  prepared: PreparedEvent[];
}

interface WaitingAppend extends Append {
  resolve(result: AppendResult): void;
  reject(err: unknown): void;
}

/**
 * Group commit: how many append statements one store keeps in flight before further appends wait, and
 * how large a batch of waiting appends may grow. A lone writer never waits; while others are in flight,
 * the appends that arrive meanwhile go together in one statement and one commit (BENCHMARKS.md A2, C1:
 * per append, a transaction, a round trip and the stream table's contention were most of the cost).
 */
export interface GroupCommitOptions {
  maxInFlight: number;
  maxAppends: number;
  maxEvents: number;
}

// Two in flight, not one: an append waiting for a stream row another process holds (a command and a
// reactor on one stream) then stalls at most one lane of this process's appends, not all of them. One
// lane gathered larger batches, but A2 was not resolved between the two on the shared bench machine.
const GROUP_COMMIT: GroupCommitOptions = { maxInFlight: 2, maxAppends: 64, maxEvents: 1000 };

/** The event arrays es_append and es_append_many take, in their order. */
function eventColumns(events: readonly PreparedEvent[]): unknown[] {
  return [
    events.map((e) => e.id),
    events.map((e) => e.type),
    events.map((e) => e.schemaVersion),
    events.map((e) => e.dataJson),
    events.map((e) => e.metadataJson),
    events.map((e) => e.metadata.recordedAt),
    events.map((e) => e.hash),
  ];
}

export class PostgresEventStore implements EventStore {
  /** Reads an old event's earlier stream events for its upcaster (reads hand out the newest shapes). */
  private readonly history: HistoryReader;
  private readonly groupCommit: GroupCommitOptions;
  /** Append statements sent and not yet answered (their slots are freed in `release`). */
  private inFlight = 0;
  private readonly waiting: WaitingAppend[] = [];

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: {
      /** Called after each append that wrote events has committed (the factory announces it: AppendNotifier). */
      onAppended?: (position: LogPosition, types: readonly string[]) => void;
      groupCommit?: Partial<GroupCommitOptions>;
    } = {},
  ) {
    this.groupCommit = { ...GROUP_COMMIT, ...options.groupCommit };
    this.history = pgHistoryReader({
      query: async <R extends Record<string, unknown>>(text: string, params?: unknown[]) =>
        this.query<R>(text, params),
    });
  }

  /**
   * `pool.query`, except that an error the server reported keeps the connection. pg-pool's own query()
   * closes the connection on any error, and a version conflict is an error here (es_append raises it):
   * under contention every conflict cost a new server process — fork, authentication, cold caches —
   * about 70 a second when T1's two reviewers' timers fell due together (BENCHMARKS.md). After an error
   * response the session is idle and sound; a broken socket or a protocol error still drops it.
   */
  private async query<R extends pg.QueryResultRow>(text: string, params?: unknown[], name?: string) {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      // The command path's statements (a stream's read, the append) are named where the pool allows it
      // (prepared-statements.ts): parsed and planned once per connection, not at every command.
      return name
        ? await client.query<R>(statement(this.pool, name, text, params ?? []))
        : await client.query<R>(text, params);
    } catch (err) {
      if (!(err instanceof pg.DatabaseError)) broken = err as Error;
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async append(
    streamId: string,
    expected: ExpectedVersion,
    events: readonly NewEvent[],
  ): Promise<AppendResult> {
    const append = { streamId, expected, prepared: prepareAppend(streamId, expected, events) };
    if (this.inFlight < this.groupCommit.maxInFlight) {
      this.inFlight++;
      try {
        return await this.appendAlone(append);
      } finally {
        this.release();
      }
    }
    return new Promise<AppendResult>((resolve, reject) => this.waiting.push({ ...append, resolve, reject }));
  }

  /**
   * Frees an append slot and sends what waits for it. The slot is kept until the callers just answered
   * have run on (setImmediate follows their continuations, no timer): a writer that appends again at
   * once joins the others waiting, instead of taking the slot alone ahead of them.
   */
  private release(): void {
    setImmediate(() => {
      this.inFlight--;
      while (this.waiting.length > 0 && this.inFlight < this.groupCommit.maxInFlight) {
        this.inFlight++;
        const batch = this.takeBatch();
        void this.appendBatch(batch)
          // Only a fault of this code lands here; a caller already answered keeps its answer.
          .catch((err: unknown) => batch.forEach((a) => a.reject(err)))
          .finally(() => this.release());
      }
    });
  }

  /** The waiting appends, oldest first, up to the batch's caps (at least one). */
  private takeBatch(): WaitingAppend[] {
    const { maxAppends, maxEvents } = this.groupCommit;
    let n = 0;
    let events = 0;
    while (n < this.waiting.length && n < maxAppends) {
      events += this.waiting[n]!.prepared.length;
      if (n > 0 && events > maxEvents) break;
      n++;
    }
    return this.waiting.splice(0, n);
  }

  /**
   * Appends gathered while others were in flight, in one statement and one transaction (es_append_many,
   * migrations.ts). Each caller gets the answer it would have got alone: a wrong expected version is
   * answered through es_append alone (a retry of an append that landed is a success there); any error
   * of the whole statement — a data error in one event, a retried event id, a deadlock with another
   * batch — rolled all of it back, and the batch is appended one by one instead.
   */
  private async appendBatch(batch: WaitingAppend[]): Promise<void> {
    if (batch.length === 1) {
      const only = batch[0]!;
      return this.appendAlone(only).then(only.resolve, only.reject);
    }
    const events = batch.flatMap((a) => a.prepared);
    let rows: { out_ok: boolean; out_version: string; out_tx: string; out_seq: string }[];
    try {
      rows = (
        await this.query<{ out_ok: boolean; out_version: string; out_tx: string; out_seq: string }>(
          `SELECT out_ok, out_version, out_tx::text AS out_tx, out_seq
             FROM es_append_many($1::text[], $2::text[], $3::bigint[], $4::int[], $5::uuid[], $6::text[], $7::int[],
                                 $8::jsonb[], $9::jsonb[], $10::timestamptz[], $11::bytea[])
            ORDER BY out_i`,
          [
            batch.map((a) => a.streamId),
            batch.map((a) => streamCategory(a.streamId)),
            batch.map((a) => expectedCode(a.expected)),
            batch.map((a) => a.prepared.length),
            ...eventColumns(events),
          ],
          'es_append_many',
        )
      ).rows;
    } catch (err) {
      if (!(err instanceof pg.DatabaseError)) {
        // The connection failed: whether the batch committed is unknown, as for an append alone.
        for (const a of batch) a.reject(err);
        return;
      }
      for (const a of batch) await this.appendAlone(a).then(a.resolve, a.reject);
      return;
    }
    const conflicts: WaitingAppend[] = [];
    batch.forEach((a, k) => {
      const row = rows[k]!;
      if (!row.out_ok) return void conflicts.push(a);
      const position = { tx: BigInt(row.out_tx), seq: BigInt(row.out_seq) };
      this.announce(position, a.prepared);
      a.resolve({ streamId: a.streamId, nextVersion: Number(row.out_version), position, duplicate: false });
    });
    for (const a of conflicts) await this.appendAlone(a).then(a.resolve, a.reject);
  }

  private announce(position: LogPosition, prepared: readonly PreparedEvent[]): void {
    this.options.onAppended?.(
      position,
      prepared.map((e) => e.type),
    );
  }

  /** One append through es_append, with every failure answered as the port defines it. */
  private async appendAlone({ streamId, expected, prepared }: Append): Promise<AppendResult> {
    const params = [streamId, streamCategory(streamId), expectedCode(expected), ...eventColumns(prepared)];
    try {
      const res = await this.query<{
        out_version: string;
        out_tx: string;
        out_seq: string;
        out_duplicate: boolean;
      }>(
        `SELECT out_version, out_tx::text AS out_tx, out_seq, out_duplicate
           FROM es_append($1, $2, $3, $4::uuid[], $5::text[], $6::int[], $7::jsonb[], $8::jsonb[], $9::timestamptz[], $10::bytea[])`,
        params,
        'es_append',
      );
      const row = res.rows[0]!;
      const position = { tx: BigInt(row.out_tx), seq: BigInt(row.out_seq) };
      if (!row.out_duplicate) this.announce(position, prepared);
      return {
        streamId,
        nextVersion: Number(row.out_version),
        position,
        duplicate: row.out_duplicate,
      };
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ESWEV' || code === '23505' || code === 'ESDUP') {
        // A retry of an append that already landed (same ids) is a success, whatever raced it.
        const again = await this.findDuplicate(
          streamId,
          prepared.map((e) => e.id),
        );
        if (again) return again;
        if (code === 'ESDUP')
          throw new DuplicateEventIdError(
            streamId,
            prepared.map((e) => e.id),
          );
        if (code === '23505' && (err as { constraint?: string }).constraint === 'events_event_id') {
          throw new DuplicateEventIdError(
            streamId,
            prepared.map((e) => e.id),
          );
        }
        const info = await this.streamInfo(streamId);
        throw new WrongExpectedVersionError(streamId, expected, info ? info.version : null);
      }
      if (code === '22P05' || code === '22P02' || code === '22021') {
        throw new InvalidEventError(
          `stream ${streamId}: event data cannot be stored: ${(err as Error).message}`,
        );
      }
      throw err;
    }
  }

  private async findDuplicate(streamId: string, ids: string[]): Promise<AppendResult | null> {
    const res = await this.query<{
      n: string;
      in_stream: string;
      version: string;
      tx: string;
      seq: string;
    }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE stream_id = $2) AS in_stream, max(version) AS version,
              (array_agg(tx_id::text ORDER BY seq DESC))[1] AS tx, max(seq) AS seq
         FROM events WHERE event_id = ANY ($1::uuid[])`,
      [ids, streamId],
    );
    const r = res.rows[0]!;
    if (Number(r.n) !== ids.length || Number(r.in_stream) !== ids.length) return null;
    return {
      streamId,
      nextVersion: Number(r.version),
      position: { tx: BigInt(r.tx), seq: BigInt(r.seq) },
      duplicate: true,
    };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const limit = clampLimit(options.limit);
    const backwards = options.direction === 'backwards';
    const from = options.fromVersion;
    const res = backwards
      ? await this.query<EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND ($2::bigint IS NULL OR version <= $2)
            ORDER BY version DESC LIMIT $3`,
          [streamId, from ?? null, limit],
        )
      : await this.query<EventRow>(READ_STREAM_SQL, [streamId, from ?? 1, limit], 'es_read_stream');
    return this.shaped(res.rows.map(rowToEvent), options.asStored);
  }

  async readStreams(reads: readonly StreamRead[]): Promise<RecordedEvent[][]> {
    if (reads.length === 0) return [];
    const res = await this.query<EventRow & { i: string }>(
      READ_STREAMS_SQL,
      [
        reads.map((r) => r.streamId),
        reads.map((r) => Math.max(1, r.fromVersion)),
        reads.map((r) => clampLimit(r.limit)),
      ],
      'es_read_streams',
    );
    const out: RecordedEvent[][] = reads.map(() => []);
    for (const row of res.rows) out[Number(row.i) - 1]!.push(rowToEvent(row));
    return Promise.all(out.map((events) => this.shaped(events, false)));
  }

  async readStreamsAfterSnapshots(reads: readonly SnapshotStreamRead[]): Promise<SnapshotStreamAnswer[]> {
    if (reads.length === 0) return [];
    const res = await this.query<
      EventRow & { i: string; snapshot_version: string | null; snapshot_state: unknown }
    >(
      READ_STREAMS_AFTER_SNAPSHOTS_SQL,
      [
        reads.map((r) => r.streamId),
        reads.map((r) => Math.max(1, r.fromVersion)),
        reads.map((r) => clampLimit(r.limit)),
        reads.map((r) => r.snapshotTag ?? null),
      ],
      'es_read_streams_after_snapshots',
    );
    const out: SnapshotStreamAnswer[] = reads.map(() => ({ snapshot: null, events: [] }));
    for (const row of res.rows) {
      const answer = out[Number(row.i) - 1]!;
      if (row.snapshot_state !== null && row.snapshot_version !== null)
        answer.snapshot = { version: Number(row.snapshot_version), state: row.snapshot_state };
      // A snapshot with no event after it, or a stream with neither, comes as a row without an event.
      if (row.seq !== null) answer.events.push(rowToEvent(row));
    }
    return Promise.all(out.map(async (a) => ({ ...a, events: await this.shaped(a.events, false) })));
  }

  async saveSnapshot(snapshot: StreamSnapshot): Promise<void> {
    await this.query(
      SAVE_SNAPSHOT_SQL,
      [snapshot.streamId, snapshot.tag, snapshot.version, JSON.stringify(snapshot.state)],
      'es_save_snapshot',
    );
  }

  /** The newest shape of each event, unless the caller asked for them as stored. */
  private async shaped(events: RecordedEvent[], asStored: boolean | undefined): Promise<RecordedEvent[]> {
    return asStored ? events : upcastEvents(events, this.history);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? { tx: 0n, seq: 0n };
    const types = options.types && options.types.length > 0 ? options.types : null;
    const res = await this.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE (tx_id, seq) > ($1::bigint, $2::bigint) AND ${SETTLED}
          AND ($4::text[] IS NULL OR type = ANY ($4))
        ORDER BY tx_id, seq LIMIT $3`,
      [after.tx.toString(), after.seq.toString(), clampLimit(options.limit), types],
    );
    return this.shaped(res.rows.map(rowToEvent), options.asStored);
  }

  async streamInfo(streamId: string): Promise<StreamInfo | null> {
    const res = await this.query<{ version: string }>('SELECT version FROM streams WHERE stream_id = $1', [
      streamId,
    ]);
    const row = res.rows[0];
    return row ? { streamId, version: Number(row.version) } : null;
  }

  async headPosition(): Promise<LogPosition | null> {
    const res = await this.query<{ tx: string; seq: string }>(
      // Not fenced by SETTLED: a caller waits for subscribers to pass everything committed before it
      // asked, and an event committed while an older transaction is still open is among that. (Fenced,
      // a read-your-writes wait could return before the event it waits for was projected.)
      `SELECT tx_id::text AS tx, seq FROM events ORDER BY tx_id DESC, seq DESC LIMIT 1`,
    );
    const row = res.rows[0];
    return row ? { tx: BigInt(row.tx), seq: BigInt(row.seq) } : null;
  }

  async findEvents(query: FindEventsQuery): Promise<RecordedEvent[]> {
    const after = query.after ?? { tx: 0n, seq: 0n };
    const res = await this.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE ($1::text[] IS NULL OR stream_id = ANY ($1))
          AND ($2::text[] IS NULL OR type = ANY ($2))
          AND ($3::timestamptz IS NULL OR recorded_at > $3)
          AND (tx_id, seq) > ($4::bigint, $5::bigint)
        ORDER BY tx_id, seq LIMIT $6`,
      [
        nonEmpty(query.streamIds),
        nonEmpty(query.types),
        query.recordedAfter ?? null,
        after.tx.toString(),
        after.seq.toString(),
        clampLimit(query.limit),
      ],
    );
    return this.shaped(res.rows.map(rowToEvent), query.asStored);
  }

  /** `seq` alone names a row here (it is unique across the log); the answer carries the row's own tx. */
  async readAtPositions(
    positions: readonly LogPosition[],
    options: { asStored?: boolean } = {},
  ): Promise<(RecordedEvent | null)[]> {
    if (positions.length === 0) return [];
    const res = await this.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE seq = ANY ($1::bigint[])`,
      [positions.map((p) => p.seq.toString())],
    );
    const bySeq = new Map(
      (await this.shaped(res.rows.map(rowToEvent), options.asStored)).map((e) => [e.position.seq, e]),
    );
    return positions.map((p) => bySeq.get(p.seq) ?? null);
  }

  async readAtVersions(
    refs: readonly StreamVersion[],
    options: { asStored?: boolean } = {},
  ): Promise<(RecordedEvent | null)[]> {
    if (refs.length === 0) return [];
    const res = await this.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE (stream_id, version) IN (SELECT * FROM unnest($1::text[], $2::bigint[]))`,
      [refs.map((r) => r.streamId), refs.map((r) => r.version)],
    );
    const key = (streamId: string, version: number) => `${version}:${streamId}`;
    const byKey = new Map(
      (await this.shaped(res.rows.map(rowToEvent), options.asStored)).map((e) => [
        key(e.streamId, e.version),
        e,
      ]),
    );
    return refs.map((r) => byKey.get(key(r.streamId, r.version)) ?? null);
  }

  async countEvents(
    options: { after?: LogPosition | null; types?: readonly string[] | null } = {},
  ): Promise<EventCount> {
    const after = options.after ?? { tx: 0n, seq: 0n };
    const res = await this.query<{ n: string; oldest: Date | null }>(
      `SELECT count(*) AS n, min(recorded_at) AS oldest FROM events
        WHERE (tx_id, seq) > ($1::bigint, $2::bigint) AND ($3::text[] IS NULL OR type = ANY ($3))`,
      [after.tx.toString(), after.seq.toString(), options.types ? [...options.types] : null],
    );
    const row = res.rows[0]!;
    return { count: Number(row.n), oldestRecordedAt: row.oldest };
  }
}

function nonEmpty(values: readonly string[] | undefined): readonly string[] | null {
  return values && values.length > 0 ? values : null;
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined) return 1000;
  if (!Number.isInteger(limit) || limit < 1) throw new InvalidEventError(`limit must be a positive integer`);
  return Math.min(limit, MAX_READ);
}

function expectedCode(expected: ExpectedVersion): number {
  if (expected === 'any') return -1;
  if (expected === 'no_stream') return -2;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new InvalidEventError(
      `expected version must be 'any', 'no_stream' or a version >= 0, got ${expected}`,
    );
  }
  return expected;
}
