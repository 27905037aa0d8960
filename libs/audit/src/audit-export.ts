import type pg from 'pg';
import { createHash } from 'node:crypto';
import {
  canonicalJson,
  encodePosition,
  GENESIS_HASH,
  type EventStore,
  type LogPosition,
  type RecordedEvent,
} from '#libs/event-store';
import { rationaleOf } from './audit-fields.js';
import { filterSql, type AuditFilter } from './audit-log.queries.js';

/**
 * One exported event (DOMAIN.md "Audit trail"). Every field is evidence the offline checker verifies
 * (scripts/verify-export.mjs):
 * - `eventId`, `streamId`, `type`, `schemaVersion`, `data`, `metadata` are the hashed content:
 *   `contentHash = sha256(canonical JSON of {id, streamId, type, schemaVersion, data, metadata})`;
 * - `version`, `prevChainHash`, `chainHash`: `chainHash = sha256(prevChainHash ‖ version as int8 BE ‖
 *   contentHash)`, and `prevChainHash` equals the `chainHash` of the stream's previous version whenever
 *   that row is in the file too;
 * - `recordedAt`, `actorId`, `actorRole`, `actorOrgUnit`, `correlationId`, `causationId`, `commandId`
 *   and `rationale` are read out of the content (for people and spreadsheets) and must agree with it;
 * - `position` (`<tx>.<seq>`) increases from row to row;
 * - `row` numbers the rows 1, 2, 3 … in file order.
 * Names from the user directory are not exported: they are not part of the record and nothing in the
 * file could prove them. The file (exportFile) wraps the rows in a header record and a trailer record
 * (ExportHeader, ExportTrailer), so that a row deleted, moved or cut off the end is found as well as an
 * edited one: each row alone only proves itself.
 */
export interface ExportRow {
  /** The row's number in the file, 1, 2, 3 …: a gap or a step back names where rows went missing or moved. */
  row: number;
  position: string;
  streamId: string;
  version: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  recordedAt: string;
  actorId: string;
  actorRole: string;
  actorOrgUnit: string;
  correlationId: string;
  causationId: string;
  commandId: string;
  rationale: string | null;
  data: unknown;
  metadata: Record<string, unknown>;
  contentHash: string;
  prevChainHash: string | null;
  chainHash: string;
}

export const CSV_COLUMNS = [
  'row',
  'position',
  'stream_id',
  'version',
  'event_id',
  'type',
  'schema_version',
  'recorded_at',
  'actor_id',
  'actor_role',
  'actor_org_unit',
  'correlation_id',
  'causation_id',
  'command_id',
  'rationale',
  'data',
  'metadata',
  'content_hash',
  'prev_chain_hash',
  'chain_hash',
] as const;

const CHUNK = 1000;

/** What an export reads the events through: the port, as stored (the hashes are of that form). */
export type ExportEventSource = Pick<EventStore, 'readAtPositions' | 'readAtVersions'>;

/**
 * The filtered log in global order, read in keyset chunks of 1000 rows (memory stays flat for any size).
 * The export ends at the log's last position when it starts, so rows the projection adds meanwhile do
 * not make it endless; the log below that position never changes (positions are settled before the
 * projection writes them), so the chunks together read one consistent log.
 * Why chunks rather than one DECLARE CURSOR transaction: on the embedded store (PGlite has one session)
 * an open transaction holds the whole database for its client until it ends, so a long export would
 * stall every other request; separate short queries take turns with them.
 * The audit log picks the rows; their content comes from the event store itself through its port
 * (ARCHITECTURE.md "Between contexts"), so an edited event shows as edited. A row whose event is gone
 * from the store is left out (the trailer and the offline checker then find the gap).
 */
export async function* exportRows(
  pool: pg.Pool,
  store: ExportEventSource,
  filter: AuditFilter,
  units: string[],
  end: LogPosition | null = null,
): AsyncGenerator<ExportRow> {
  const until = end ?? (await exportEnd(pool));
  if (!until) return;
  let after = { tx: '0', seq: '0' };
  let row = 0;
  for (;;) {
    const params: unknown[] = [];
    const where = filterSql(filter, units, params);
    params.push(after.tx, after.seq, until.tx.toString(), until.seq.toString(), CHUNK);
    const n = params.length;
    const res = await pool.query<{ tx: string; seq: string }>(
      `SELECT a.tx_id::text AS tx, a.seq::text AS seq
         FROM audit_log a
        WHERE ${where}
          AND (a.tx_id, a.seq) > ($${n - 4}::bigint, $${n - 3}::bigint)
          AND (a.tx_id, a.seq) <= ($${n - 2}::bigint, $${n - 1}::bigint)
        ORDER BY a.tx_id, a.seq LIMIT $${n}`,
      params,
    );
    const events = await store.readAtPositions(
      res.rows.map((r) => ({ tx: BigInt(r.tx), seq: BigInt(r.seq) })),
      { asStored: true },
    );
    const previous = await previousChainHashes(store, events);
    for (const [i, r] of res.rows.entries()) {
      const e = events[i];
      if (e) yield toExportRow(r.tx, e, previous, ++row);
    }
    if (res.rows.length < CHUNK) return;
    const last = res.rows[res.rows.length - 1]!;
    after = { tx: last.tx, seq: last.seq };
  }
}

const versionKey = (streamId: string, version: number) => `${version}:${streamId}`;

/** The chain hash of each event's predecessor in its stream, by `version:streamId` of the event. */
async function previousChainHashes(
  store: ExportEventSource,
  events: readonly (RecordedEvent | null)[],
): Promise<Map<string, string>> {
  const later = events.filter((e): e is RecordedEvent => e !== null && e.version > 1);
  const before = await store.readAtVersions(
    later.map((e) => ({ streamId: e.streamId, version: e.version - 1 })),
    { asStored: true },
  );
  const out = new Map<string, string>();
  for (const [i, e] of later.entries()) {
    const p = before[i];
    if (p) out.set(versionKey(e.streamId, e.version), p.chainHash);
  }
  return out;
}

/** The audit log's last position now: an export reads up to it and no further. */
export async function exportEnd(pool: pg.Pool): Promise<LogPosition | null> {
  const head = await pool.query<{ tx: string | null; seq: string | null }>(
    `SELECT tx_id::text AS tx, seq::text AS seq FROM audit_log ORDER BY tx_id DESC, seq DESC LIMIT 1`,
  );
  const end = head.rows[0];
  return end?.tx && end.seq ? { tx: BigInt(end.tx), seq: BigInt(end.seq) } : null;
}

function toExportRow(tx: string, e: RecordedEvent, previous: Map<string, string>, row: number): ExportRow {
  const m = e.metadata as Record<string, unknown>;
  const text = (k: string) => (typeof m[k] === 'string' ? (m[k] as string) : '');
  return {
    row,
    position: `${tx}.${e.position.seq}`,
    streamId: e.streamId,
    version: e.version,
    eventId: e.id,
    type: e.type,
    schemaVersion: e.schemaVersion,
    recordedAt: text('recordedAt'),
    actorId: text('actorId'),
    actorRole: text('actorRole'),
    actorOrgUnit: text('orgUnit'),
    correlationId: text('correlationId'),
    causationId: text('causationId'),
    commandId: text('commandId'),
    rationale: rationaleOf(e.data, m),
    data: e.data,
    metadata: m,
    contentHash: e.contentHash,
    prevChainHash:
      e.version === 1
        ? GENESIS_HASH.toString('hex')
        : (previous.get(versionKey(e.streamId, e.version)) ?? null),
    chainHash: e.chainHash,
  };
}

/** JSON Lines: one object per line; `data` and `metadata` as JSON values. */
export function toJsonLine(row: ExportRow): string {
  return `${JSON.stringify(row)}\n`;
}

/** CSV (RFC 4180): `data` and `metadata` as canonical JSON text, so one record is one line. */
export function toCsvLine(row: ExportRow): string {
  const values: Record<(typeof CSV_COLUMNS)[number], unknown> = {
    row: row.row,
    position: row.position,
    stream_id: row.streamId,
    version: row.version,
    event_id: row.eventId,
    type: row.type,
    schema_version: row.schemaVersion,
    recorded_at: row.recordedAt,
    actor_id: row.actorId,
    actor_role: row.actorRole,
    actor_org_unit: row.actorOrgUnit,
    correlation_id: row.correlationId,
    causation_id: row.causationId,
    command_id: row.commandId,
    rationale: row.rationale ?? '',
    data: canonicalJson(row.data),
    metadata: canonicalJson(row.metadata),
    content_hash: row.contentHash,
    prev_chain_hash: row.prevChainHash ?? '',
    chain_hash: row.chainHash,
  };
  return `${CSV_COLUMNS.map((c) => csvField(String(values[c]))).join(',')}\r\n`;
}

export const CSV_HEADER = `${CSV_COLUMNS.join(',')}\r\n`;

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** Names the file's kind in its header; the offline checker refuses anything else. */
export const EXPORT_FORMAT = 'teacher-dev-audit-export';
export const EXPORT_FORMAT_VERSION = 2;

/**
 * The first record of an export: what it is, when it was made, the filter it answers and the log
 * position it ends at. Its canonical JSON opens the digest, so an edited filter is found too.
 */
export interface ExportHeader {
  record: 'header';
  format: typeof EXPORT_FORMAT;
  formatVersion: number;
  exportedAt: string;
  /** The last log position the export covers (`<tx>.<seq>`); null when the log was empty. */
  until: string | null;
  filter: Record<string, unknown>;
}

/**
 * The last record: how many rows the file holds, each stream's last exported row (its version and chain
 * hash, which `POST /api/audit/verify` or the store can confirm), and a digest over every row in order.
 * Deleting, adding or reordering rows, or cutting the file short, cannot leave all three intact.
 */
export interface ExportTrailer {
  record: 'trailer';
  rows: number;
  streams: { streamId: string; rows: number; lastVersion: number; lastChainHash: string }[];
  /**
   * sha256 (hex) over the header's canonical JSON and a newline, then for each row in file order the
   * canonical JSON of `[row, position, streamId, version, contentHash, chainHash]` and a newline.
   */
  digest: string;
}

/** One row's part of the digest (the checker computes the same from the file). */
export function digestLine(
  r: Pick<ExportRow, 'row' | 'position' | 'streamId' | 'version' | 'contentHash' | 'chainHash'>,
): string {
  return `${canonicalJson([r.row, r.position, r.streamId, r.version, r.contentHash, r.chainHash])}\n`;
}

/** The filter as plain JSON for the header (dates as ISO text, unset members left out). */
function filterJson(filter: AuditFilter): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify({
      ...filter,
      from: filter.from?.toISOString(),
      to: filter.to?.toISOString(),
    }),
  ) as Record<string, unknown>;
}

/**
 * The whole export file, line by line: (for CSV, the column names,) the header record, one line per
 * event, the trailer record. Memory stays flat but for one entry per stream.
 */
export async function* exportFile(
  pool: pg.Pool,
  store: ExportEventSource,
  filter: AuditFilter,
  units: string[],
  format: 'csv' | 'jsonl',
  exportedAt: Date,
): AsyncGenerator<string> {
  const end = await exportEnd(pool);
  const header: ExportHeader = {
    record: 'header',
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    exportedAt: exportedAt.toISOString(),
    until: end ? encodePosition(end) : null,
    filter: filterJson(filter),
  };
  const digest = createHash('sha256').update(`${canonicalJson(header)}\n`);
  const streams = new Map<string, { rows: number; lastVersion: number; lastChainHash: string }>();
  let rows = 0;
  if (format === 'csv') yield CSV_HEADER;
  yield format === 'csv' ? csvRecord('header', header) : `${JSON.stringify(header)}\n`;
  if (end) {
    for await (const row of exportRows(pool, store, filter, units, end)) {
      rows = row.row;
      digest.update(digestLine(row));
      const st = streams.get(row.streamId);
      streams.set(row.streamId, {
        rows: (st?.rows ?? 0) + 1,
        lastVersion: row.version,
        lastChainHash: row.chainHash,
      });
      yield format === 'csv' ? toCsvLine(row) : toJsonLine(row);
    }
  }
  const trailer: ExportTrailer = {
    record: 'trailer',
    rows,
    streams: [...streams]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([streamId, st]) => ({ streamId, ...st })),
    digest: digest.digest('hex'),
  };
  yield format === 'csv' ? csvRecord('trailer', trailer) : `${JSON.stringify(trailer)}\n`;
}

/** The header or trailer as a CSV record: its kind in `row`, its JSON in `data`, the rest empty. */
function csvRecord(kind: 'header' | 'trailer', record: ExportHeader | ExportTrailer): string {
  return `${CSV_COLUMNS.map((c) => (c === 'row' ? kind : c === 'data' ? csvField(canonicalJson(record)) : '')).join(',')}\r\n`;
}
