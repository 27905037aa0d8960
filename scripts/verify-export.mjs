#!/usr/bin/env node
// Offline check of an audit export (DOMAIN.md "Audit trail"): `node scripts/verify-export.mjs <file.jsonl|file.csv>`.
// Needs nothing but Node (>= 20): no database, no project code. Reads the file line by line (memory
// stays flat but for one entry per stream) and recomputes, for each exported event, the documented
// scheme of README "Tamper evidence" (libs/event-store/src/hashing/event-hash.ts):
//   content_hash = sha256(canonical JSON of {id, streamId, type, schemaVersion, data, metadata})
//                  (object keys sorted, no spaces)
//   chain_hash   = sha256(prev_chain_hash || version as 8-byte big-endian || content_hash)
// and checks that prev_chain_hash is the chain hash of the stream's previous version whenever that row
// is in the file too, that the readable columns (actor, times, correlation, rationale) agree with the
// hashed metadata and data, and that positions rise.
// Completeness: the file opens with a header record and ends with a trailer record (the row count, each
// stream's last row — version and chain hash — and a sha256 digest over the header and every row's
// number, position, stream, version and hashes, in order), and rows are numbered 1, 2, 3 …: a deleted
// row shows as a gap at the line where it was, moved rows as numbers out of place, a cut-off end as a
// trailer counting more rows than the file has (or no trailer at all), and anything the numbers could
// hide (rows renumbered after a deletion) as a digest that does not match.
// Every fault is printed with its line number; exit code 0 when the file verifies, 1 when it does not,
// 2 on bad usage.
// What it cannot tell alone: someone who rewrites rows AND recomputes every hash, the numbers, the
// counts and the digest consistently (nothing in the file is keyed) — compare the trailer's last chain
// hash of a stream with the store's (`POST /api/audit/verify`, `npm run audit:verify`) for that.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const RATIONALE_FIELDS = ['rationale', 'reason', 'comment', 'comments'];
const CSV_COLUMNS = [
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
];
const GENESIS = '0'.repeat(64);

export function canonicalJson(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}

const sha256 = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

function rationaleOf(data, metadata) {
  for (const source of [data, metadata]) {
    if (source === null || typeof source !== 'object' || Array.isArray(source)) continue;
    for (const f of RATIONALE_FIELDS)
      if (typeof source[f] === 'string' && source[f].length > 0) return source[f];
  }
  return null;
}

/** Parses CSV records (RFC 4180) from lines; yields { line, fields } with the record's first line. */
async function* csvRecords(lines) {
  let fields = [];
  let field = '';
  let quoted = false;
  let start = 0;
  for await (const { line, text } of lines) {
    if (!quoted) {
      start = line;
      fields = [];
      field = '';
    } else {
      field += '\n';
    }
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') {
          field += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else field += ch;
      } else if (ch === '"' && field.length === 0) quoted = true;
      else if (ch === ',') {
        fields.push(field);
        field = '';
      } else field += ch;
    }
    if (!quoted) {
      fields.push(field.endsWith('\r') ? field.slice(0, -1) : field);
      yield { line: start, fields };
    }
  }
  if (quoted) yield { line: start, fields: null };
}

function rowFromCsv(fields) {
  if (fields.length !== CSV_COLUMNS.length)
    throw new Error(`expected ${CSV_COLUMNS.length} columns, found ${fields.length}`);
  const c = Object.fromEntries(CSV_COLUMNS.map((k, i) => [k, fields[i]]));
  if (c.row === 'header' || c.row === 'trailer') return { record: c.row, ...JSON.parse(c.data) };
  if (!/^\d+$/.test(c.row) || !/^\d+$/.test(c.version) || !/^\d+$/.test(c.schema_version))
    throw new Error('row, version and schema_version must be numbers');
  return {
    row: Number(c.row),
    position: c.position,
    streamId: c.stream_id,
    version: Number(c.version),
    eventId: c.event_id,
    type: c.type,
    schemaVersion: Number(c.schema_version),
    recordedAt: c.recorded_at,
    actorId: c.actor_id,
    actorRole: c.actor_role,
    actorOrgUnit: c.actor_org_unit,
    correlationId: c.correlation_id,
    causationId: c.causation_id,
    commandId: c.command_id,
    rationale: c.rationale === '' ? null : c.rationale,
    data: JSON.parse(c.data),
    metadata: JSON.parse(c.metadata),
    contentHash: c.content_hash,
    prevChainHash: c.prev_chain_hash === '' ? null : c.prev_chain_hash,
    chainHash: c.chain_hash,
    // CSV keeps data and metadata as canonical text: an edit that re-spaces it is an edit too.
    rawData: c.data,
    rawMetadata: c.metadata,
  };
}

/** Every fault of one row (empty when it verifies on its own). */
function checkRow(r) {
  const faults = [];
  const hex = /^[0-9a-f]{64}$/;
  if (!hex.test(r.contentHash ?? '') || !hex.test(r.chainHash ?? ''))
    return ['hashes are missing or malformed'];
  if (r.rawData !== undefined && r.rawData !== canonicalJson(r.data))
    faults.push('data is not in canonical form');
  if (r.rawMetadata !== undefined && r.rawMetadata !== canonicalJson(r.metadata))
    faults.push('metadata is not in canonical form');
  const content = sha256(
    canonicalJson({
      id: String(r.eventId).toLowerCase(),
      streamId: r.streamId,
      type: r.type,
      schemaVersion: r.schemaVersion,
      data: r.data,
      metadata: r.metadata,
    }),
  );
  if (content !== r.contentHash) faults.push('content does not match its content hash');
  if (r.prevChainHash === null || !hex.test(r.prevChainHash)) {
    faults.push('the previous chain hash is missing (the previous version was gone from the store)');
  } else {
    const v = Buffer.alloc(8);
    v.writeBigInt64BE(BigInt(r.version));
    const chain = sha256(Buffer.from(r.prevChainHash, 'hex'), v, Buffer.from(r.contentHash, 'hex'));
    if (chain !== r.chainHash)
      faults.push('chain hash does not match (previous chain hash, version, content hash)');
    if (r.version === 1 && r.prevChainHash !== GENESIS) faults.push('version 1 must chain to 32 zero bytes');
  }
  const m = r.metadata ?? {};
  const agree = [
    ['recordedAt', 'recordedAt'],
    ['actorId', 'actorId'],
    ['actorRole', 'actorRole'],
    ['actorOrgUnit', 'orgUnit'],
    ['correlationId', 'correlationId'],
    ['causationId', 'causationId'],
    ['commandId', 'commandId'],
  ];
  for (const [col, key] of agree) {
    if ((typeof m[key] === 'string' ? m[key] : '') !== r[col])
      faults.push(`${col} does not agree with the metadata`);
  }
  if ((rationaleOf(r.data, m) ?? null) !== (r.rationale ?? null))
    faults.push('rationale does not agree with the data');
  return faults;
}

function comparePositions(a, b) {
  const [at, as] = a.split('.').map(BigInt);
  const [bt, bs] = b.split('.').map(BigInt);
  return at !== bt ? (at < bt ? -1 : 1) : as !== bs ? (as < bs ? -1 : 1) : 0;
}

const FORMAT = 'teacher-dev-audit-export';
const FORMAT_VERSION = 2;

/** One row's part of the digest: as libs/audit/src/audit-export.ts `digestLine`. */
const digestLine = (r) =>
  `${canonicalJson([r.row, r.position, r.streamId, r.version, r.contentHash, r.chainHash])}\n`;

const span = (from, to) => (from === to ? `row ${from}` : `rows ${from}–${to}`);

export async function verifyExport(file, report = (s) => process.stdout.write(`${s}\n`)) {
  const input = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  async function* numbered() {
    for await (const text of input) yield { line: ++n, text };
  }
  const lines = numbered();
  const first = await lines.next();
  if (first.done) {
    report('FAILED: the file is empty');
    return { ok: false, rows: 0, faults: 1 };
  }
  const csv = !first.value.text.startsWith('{');
  if (csv && first.value.text.replace(/\r$/, '') !== CSV_COLUMNS.join(',')) {
    report(`line 1: not an audit export: the CSV header must be ${CSV_COLUMNS.join(',')}`);
    return { ok: false, rows: 0, faults: 1 };
  }
  async function* records() {
    if (csv) {
      for await (const rec of csvRecords(lines)) {
        if (rec.fields === null) {
          yield { line: rec.line, error: 'unterminated quoted field' };
          continue;
        }
        if (rec.fields.length === 1 && rec.fields[0] === '') continue; // a blank line
        try {
          yield { line: rec.line, row: rowFromCsv(rec.fields) };
        } catch (err) {
          yield { line: rec.line, error: `unreadable row: ${err.message}` };
        }
      }
    } else {
      for (const item of [first.value]) yield parseJsonLine(item);
      for await (const item of lines) if (item.text.trim() !== '') yield parseJsonLine(item);
    }
  }
  function parseJsonLine({ line, text }) {
    try {
      return { line, row: JSON.parse(text) };
    } catch (err) {
      return { line, error: `unreadable row: ${err.message}` };
    }
  }

  let rows = 0;
  let faults = 0;
  let lastPosition = null;
  let lastRow = 0;
  let lastLine = csv ? 1 : 0;
  let header = null;
  let trailer = null;
  let trailerLine = 0;
  let seenAny = false;
  const digest = createHash('sha256');
  const streams = new Map(); // streamId -> { version, chainHash, line, rows }
  const faultAt = (line, msg) => {
    faults++;
    report(`line ${line}: ${msg}`);
  };
  for await (const rec of records()) {
    lastLine = rec.line;
    const fault = (msg, r) =>
      faultAt(rec.line, `${msg}${r ? ` (stream ${r.streamId} version ${r.version})` : ''}`);
    const firstRecord = !seenAny;
    seenAny = true;
    if (rec.error) {
      fault(rec.error);
      continue;
    }
    const r = rec.row;
    if (trailer) fault('found after the trailer: the trailer must be the last record');
    if (r?.record === 'header') {
      if (!firstRecord) fault('a header in the middle of the file: only the first record may be one');
      else if (r.format !== FORMAT || r.formatVersion !== FORMAT_VERSION)
        fault(`the header is not of a ${FORMAT} version ${FORMAT_VERSION}`);
      else {
        header = r;
        digest.update(`${canonicalJson(r)}\n`);
      }
      continue;
    }
    if (firstRecord)
      fault('the export header is missing: the start of the file was cut, or it is not a complete export');
    if (r?.record === 'trailer') {
      if (!trailer) {
        trailer = r;
        trailerLine = rec.line;
      }
      continue;
    }
    rows++;
    for (const f of checkRow(r)) fault(f, r);
    if (!Number.isSafeInteger(r.row) || r.row < 1) fault('the row number is missing or malformed', r);
    else {
      const expected = lastRow + 1;
      if (r.row > expected)
        fault(`${span(expected, r.row - 1)} should come before this line: deleted, or moved further down`, r);
      else if (r.row < expected)
        fault(`row ${r.row} is out of place: row ${expected} was expected here (rows moved or repeated)`, r);
      lastRow = Math.max(lastRow, r.row);
    }
    digest.update(digestLine(r));
    if (typeof r.position !== 'string' || !/^\d+\.\d+$/.test(r.position)) fault('position is malformed', r);
    else {
      if (lastPosition && comparePositions(r.position, lastPosition) <= 0)
        fault('position does not follow the row before', r);
      lastPosition = r.position;
    }
    const prev = streams.get(r.streamId);
    if (prev && prev.version + 1 === r.version && prev.chainHash !== r.prevChainHash) {
      fault(`does not chain to line ${prev.line}, the stream's previous version`, r);
    }
    if (prev && r.version <= prev.version)
      fault(`version does not follow line ${prev.line} of the same stream`, r);
    streams.set(r.streamId, {
      version: r.version,
      chainHash: r.chainHash,
      line: rec.line,
      rows: (prev?.rows ?? 0) + 1,
    });
  }

  // Completeness: the trailer must be there and agree with what the file holds.
  if (!trailer) {
    faultAt(
      lastLine,
      `the file ends here without its trailer: it was cut short after ${lastRow > 0 ? `row ${lastRow}` : 'its header'}`,
    );
  } else {
    const at = (msg) => faultAt(trailerLine, `trailer: ${msg}`);
    if (
      !Number.isSafeInteger(trailer.rows) ||
      !Array.isArray(trailer.streams) ||
      typeof trailer.digest !== 'string'
    )
      at('malformed: it needs rows, streams and digest');
    else {
      if (trailer.rows > lastRow)
        at(
          `${span(lastRow + 1, trailer.rows)} of ${trailer.rows} are missing at the end of the file (after line ${trailerLine - 1})`,
        );
      else if (trailer.rows < lastRow)
        at(`it counts ${trailer.rows} rows, the file numbers them up to ${lastRow}: rows were added`);
      else if (trailer.rows !== rows) at(`it counts ${trailer.rows} rows, the file holds ${rows}`);
      const listed = new Set();
      for (const t of trailer.streams) {
        listed.add(t.streamId);
        const seen = streams.get(t.streamId);
        if (!seen)
          at(`stream ${t.streamId}: its ${t.rows} row(s) up to version ${t.lastVersion} are all missing`);
        else if (seen.rows !== t.rows || seen.version !== t.lastVersion || seen.chainHash !== t.lastChainHash)
          at(
            `stream ${t.streamId}: the trailer has ${t.rows} row(s) ending at version ${t.lastVersion}, the file ${seen.rows} ending at version ${seen.version} (line ${seen.line})`,
          );
      }
      for (const [streamId, seen] of streams)
        if (!listed.has(streamId))
          at(`stream ${streamId} (line ${seen.line}) is not in the trailer: rows were added`);
      if (header && digest.digest('hex') !== trailer.digest)
        at(
          'the digest does not match the rows: rows were deleted, added, reordered or altered, or the header was edited',
        );
    }
  }
  report(
    faults === 0
      ? `OK: ${rows} events in ${streams.size} streams verify; the file is complete (header, ${rows} rows, trailer and digest agree)`
      : `FAILED: ${faults} fault(s) in ${rows} events`,
  );
  return { ok: faults === 0, rows, faults };
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    process.stderr.write('usage: node scripts/verify-export.mjs <export.jsonl|export.csv>\n');
    process.exit(2);
  }
  verifyExport(file).then(
    (r) => process.exit(r.ok ? 0 : 1),
    (err) => {
      process.stderr.write(`${err.stack ?? err}\n`);
      process.exit(2);
    },
  );
}
