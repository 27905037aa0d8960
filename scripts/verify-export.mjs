#!/usr/bin/env node
// Offline check of an audit export (issue 6 item 4): `node scripts/verify-export.mjs <file.jsonl|file.csv>`.
// Needs nothing but Node (>= 20): no database, no project code. Reads the file line by line (memory
// stays flat but for one entry per stream) and recomputes, for each exported event, the documented
// scheme of README "Tamper evidence" (libs/event-store/src/hashing/event-hash.ts):
//   content_hash = sha256(canonical JSON of {id, streamId, type, schemaVersion, data, metadata})
//                  (object keys sorted, no spaces)
//   chain_hash   = sha256(prev_chain_hash || version as 8-byte big-endian || content_hash)
// and checks that prev_chain_hash is the chain hash of the stream's previous version whenever that row
// is in the file too, that the readable columns (actor, times, correlation, rationale) agree with the
// hashed metadata and data, and that positions rise. Every fault is printed with its line number;
// exit code 0 when the file verifies, 1 when it does not, 2 on bad usage.
// What it cannot tell alone: a row removed from a filtered export whose neighbours are not of the same
// stream, and an edit that recomputes every hash of a stream's tail consistently — compare the last
// chain hash of a stream with the store's (`POST /api/audit/verify`, `npm run audit:verify`) for that.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const RATIONALE_FIELDS = ['rationale', 'reason', 'comment', 'comments'];
const CSV_COLUMNS = [
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
  if (!/^\d+$/.test(c.version) || !/^\d+$/.test(c.schema_version))
    throw new Error('version and schema_version must be numbers');
  return {
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
  const streams = new Map(); // streamId -> { version, chainHash, line }
  for await (const rec of records()) {
    const fault = (msg, r) => {
      faults++;
      report(`line ${rec.line}: ${msg}${r ? ` (stream ${r.streamId} version ${r.version})` : ''}`);
    };
    if (rec.error) {
      fault(rec.error);
      continue;
    }
    const r = rec.row;
    rows++;
    for (const f of checkRow(r)) fault(f, r);
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
    streams.set(r.streamId, { version: r.version, chainHash: r.chainHash, line: rec.line });
  }
  report(
    faults === 0
      ? `OK: ${rows} events in ${streams.size} streams verify`
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
