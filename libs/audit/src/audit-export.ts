import type pg from 'pg';
import { canonicalJson, GENESIS_HASH } from '#libs/event-store';
import { rationaleOf } from './audit-fields.js';
import { filterSql, type AuditFilter } from './audit-log.queries.js';

/**
 * One exported event (issue 6 item 4). Every field is evidence the offline checker verifies
 * (scripts/verify-export.mjs):
 * - `eventId`, `streamId`, `type`, `schemaVersion`, `data`, `metadata` are the hashed content:
 *   `contentHash = sha256(canonical JSON of {id, streamId, type, schemaVersion, data, metadata})`;
 * - `version`, `prevChainHash`, `chainHash`: `chainHash = sha256(prevChainHash ‖ version as int8 BE ‖
 *   contentHash)`, and `prevChainHash` equals the `chainHash` of the stream's previous version whenever
 *   that row is in the file too;
 * - `recordedAt`, `actorId`, `actorRole`, `actorOrgUnit`, `correlationId`, `causationId`, `commandId`
 *   and `rationale` are read out of the content (for people and spreadsheets) and must agree with it;
 * - `position` (`<tx>.<seq>`) increases from row to row.
 * Names from the user directory are not exported: they are not part of the record and nothing in the
 * file could prove them.
 */
export interface ExportRow {
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

interface Row {
  tx: string;
  seq: string;
  stream_id: string;
  version: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: Record<string, unknown>;
  content_hash: Buffer;
  chain_hash: Buffer;
  prev_chain_hash: Buffer | null;
}

const CHUNK = 1000;

/**
 * The filtered log in global order, read in keyset chunks of 1000 rows (memory stays flat for any size).
 * The export ends at the log's last position when it starts, so rows the projection adds meanwhile do
 * not make it endless; the log below that position never changes (positions are settled before the
 * projection writes them), so the chunks together read one consistent log.
 * Why chunks rather than one DECLARE CURSOR transaction: on the embedded store (PGlite has one session)
 * an open transaction holds the whole database for its client until it ends, so a long export would
 * stall every other request; separate short queries take turns with them.
 */
export async function* exportRows(
  pool: pg.Pool,
  filter: AuditFilter,
  units: string[],
): AsyncGenerator<ExportRow> {
  const head = await pool.query<{ tx: string | null; seq: string | null }>(
    `SELECT tx_id::text AS tx, seq::text AS seq FROM audit_log ORDER BY tx_id DESC, seq DESC LIMIT 1`,
  );
  const end = head.rows[0];
  if (!end?.tx || !end.seq) return;
  let after = { tx: '0', seq: '0' };
  for (;;) {
    const params: unknown[] = [];
    const where = filterSql(filter, units, params);
    params.push(after.tx, after.seq, end.tx, end.seq, CHUNK);
    const n = params.length;
    const res = await pool.query<Row>(
      `SELECT a.tx_id::text AS tx, e.seq::text AS seq, e.stream_id, e.version, e.event_id, e.type, e.schema_version,
              e.data, e.metadata, e.content_hash, e.chain_hash,
              CASE WHEN e.version = 1 THEN $${n + 1}::bytea ELSE p.chain_hash END AS prev_chain_hash
         FROM audit_log a
         JOIN events e ON e.seq = a.seq
         LEFT JOIN events p ON p.stream_id = e.stream_id AND p.version = e.version - 1
        WHERE ${where}
          AND (a.tx_id, a.seq) > ($${n - 4}::bigint, $${n - 3}::bigint)
          AND (a.tx_id, a.seq) <= ($${n - 2}::bigint, $${n - 1}::bigint)
        ORDER BY a.tx_id, a.seq LIMIT $${n}`,
      [...params, GENESIS_HASH],
    );
    for (const r of res.rows) yield toExportRow(r);
    if (res.rows.length < CHUNK) return;
    const last = res.rows[res.rows.length - 1]!;
    after = { tx: last.tx, seq: last.seq };
  }
}

function toExportRow(r: Row): ExportRow {
  const m = r.metadata;
  const text = (k: string) => (typeof m[k] === 'string' ? (m[k] as string) : '');
  return {
    position: `${r.tx}.${r.seq}`,
    streamId: r.stream_id,
    version: Number(r.version),
    eventId: r.event_id,
    type: r.type,
    schemaVersion: r.schema_version,
    recordedAt: text('recordedAt'),
    actorId: text('actorId'),
    actorRole: text('actorRole'),
    actorOrgUnit: text('orgUnit'),
    correlationId: text('correlationId'),
    causationId: text('causationId'),
    commandId: text('commandId'),
    rationale: rationaleOf(r.data, m),
    data: r.data,
    metadata: m,
    contentHash: r.content_hash.toString('hex'),
    prevChainHash: r.prev_chain_hash ? r.prev_chain_hash.toString('hex') : null,
    chainHash: r.chain_hash.toString('hex'),
  };
}

/** JSON Lines: one object per line; `data` and `metadata` as JSON values. */
export function toJsonLine(row: ExportRow): string {
  return `${JSON.stringify(row)}\n`;
}

/** CSV (RFC 4180): `data` and `metadata` as canonical JSON text, so one record is one line. */
export function toCsvLine(row: ExportRow): string {
  const values: Record<(typeof CSV_COLUMNS)[number], unknown> = {
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
