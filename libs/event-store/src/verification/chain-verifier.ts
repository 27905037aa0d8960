import type pg from 'pg';
import { GENESIS_HASH, chainHash, contentHash } from '../hashing/event-hash.js';

export type FindingKind =
  | 'altered' // the row's content no longer matches its content hash
  | 'chain_broken' // the row does not chain to the row before it (reordered, inserted, or re-hashed)
  | 'missing' // versions are missing before this row (a deleted row)
  | 'order' // a later version carries an earlier global position (rows swapped)
  | 'head_mismatch' // the stream's head no longer matches its last row (a deleted or forged tail)
  | 'orphan_stream'; // a stream head with no events, or events with no stream head

export interface Finding {
  kind: FindingKind;
  streamId: string;
  /** The version in the stream where the fault shows. */
  version: number | null;
  /** Global sequence number (events.seq) of the row at fault, when there is one. */
  seq: string | null;
  detail: string;
}

export interface VerifyProgress {
  checked: number;
  total: number;
}

export interface VerifyReport {
  checked: number;
  streams: number;
  ok: boolean;
  findings: Finding[];
}

interface Row {
  seq: string;
  stream_id: string;
  version: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_at: Date;
  content_hash: Buffer;
  chain_hash: Buffer;
}

/**
 * Walks every stream in version order and checks each row against the documented scheme
 * (libs/event-store/src/hashing/event-hash.ts): content hash recomputed from the row, chain hash linked
 * to the stored hash of the row before, versions contiguous from 1, versions and global positions in
 * the same order, and the stream head agreeing with the last row. Faults are reported where they show,
 * one finding per fault rather than a cascade.
 */
export async function verifyChain(
  pool: pg.Pool,
  options: { batchSize?: number; onProgress?: (p: VerifyProgress) => void; maxFindings?: number } = {},
): Promise<VerifyReport> {
  const batchSize = options.batchSize ?? 5000;
  const maxFindings = options.maxFindings ?? 10_000;
  const total = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);
  const findings: Finding[] = [];
  const add = (f: Finding) => {
    if (findings.length < maxFindings) findings.push(f);
  };

  const heads = new Map<string, { version: number; lastHash: Buffer }>();
  for (const r of (
    await pool.query<{ stream_id: string; version: string; last_hash: Buffer }>(
      'SELECT stream_id, version, last_hash FROM streams',
    )
  ).rows) {
    heads.set(r.stream_id, { version: Number(r.version), lastHash: r.last_hash });
  }

  let checked = 0;
  let streams = 0;
  type Walked = { id: string; version: number; chain: Buffer; seq: bigint };
  let current: Walked | null = null;
  // The heads were read before the rows, and the product keeps writing while it is verified: a stream
  // appended to (or begun) in between shows rows past its head. Such streams are read again at the end
  // instead of being reported; only a head that still disagrees is a fault. No snapshot transaction:
  // on the embedded store one would hold its single session for the whole walk.
  const recheck: Walked[] = [];
  const closeStream = () => {
    if (!current) return;
    const head = heads.get(current.id);
    if (!head) {
      recheck.push(current);
    } else {
      if (head.version < current.version) {
        recheck.push(current);
      } else if (head.version !== current.version || !head.lastHash.equals(current.chain)) {
        add(headMismatch(current, head.version));
      }
      heads.delete(current.id);
    }
  };

  let after: { stream: string; version: string } | null = null;
  for (;;) {
    const res: pg.QueryResult<Row> = await pool.query<Row>(
      `SELECT seq, stream_id, version, event_id, type, schema_version, data, metadata, recorded_at,
              content_hash, chain_hash
         FROM events
        WHERE $1::text IS NULL OR (stream_id, version) > ($1::text, $2::bigint)
        ORDER BY stream_id, version LIMIT $3`,
      [after?.stream ?? null, after?.version ?? '0', batchSize],
    );
    for (const r of res.rows) {
      const version = Number(r.version);
      const seq = BigInt(r.seq);
      if (!current || current.id !== r.stream_id) {
        closeStream();
        streams++;
        current = { id: r.stream_id, version: 0, chain: GENESIS_HASH, seq: 0n };
      }
      const at = { streamId: r.stream_id, version, seq: r.seq };
      if (version !== current.version + 1) {
        add({
          kind: 'missing',
          ...at,
          detail: `versions ${current.version + 1}..${version - 1} are missing`,
        });
      }
      if (seq < current.seq) {
        add({
          kind: 'order',
          ...at,
          detail: `global position ${seq} is before version ${current.version}'s ${current.seq}`,
        });
      }
      const recomputed = contentHash({
        id: r.event_id,
        streamId: r.stream_id,
        type: r.type,
        schemaVersion: r.schema_version,
        data: r.data,
        metadata: r.metadata,
      });
      const recordedAtAgrees =
        typeof r.metadata?.recordedAt === 'string' &&
        Date.parse(r.metadata.recordedAt) === r.recorded_at.getTime();
      if (!recomputed.equals(r.content_hash) || !recordedAtAgrees) {
        add({ kind: 'altered', ...at, detail: 'content does not match its hash' });
      } else if (!chainHash(current.chain, version, r.content_hash).equals(r.chain_hash)) {
        add({ kind: 'chain_broken', ...at, detail: 'does not chain to the previous row of its stream' });
      }
      current = { id: r.stream_id, version, chain: r.chain_hash, seq };
      checked++;
    }
    options.onProgress?.({ checked, total });
    if (res.rows.length < batchSize) break;
    const last = res.rows[res.rows.length - 1]!;
    after = { stream: last.stream_id, version: last.version };
  }
  closeStream();
  for (const walked of recheck) {
    const now = (
      await pool.query<{ version: string; last_hash: Buffer; chain_hash: Buffer | null }>(
        `SELECT s.version, s.last_hash, e.chain_hash
           FROM streams s LEFT JOIN events e ON e.stream_id = s.stream_id AND e.version = $2
          WHERE s.stream_id = $1`,
        [walked.id, walked.version],
      )
    ).rows[0];
    if (!now) {
      add({
        kind: 'orphan_stream',
        streamId: walked.id,
        version: null,
        seq: null,
        detail: 'events without a stream head',
      });
      continue;
    }
    const headVersion = Number(now.version);
    // Consistent when the head now names the last row walked, or has moved on past it while that row
    // still carries the chain hash that was verified (later rows came after the walk began).
    const caughtUp = headVersion === walked.version && now.last_hash.equals(walked.chain);
    const movedOn = headVersion > walked.version && now.chain_hash?.equals(walked.chain) === true;
    if (!caughtUp && !movedOn) add(headMismatch(walked, headVersion));
  }
  for (const [streamId, head] of heads) {
    if (head.version > 0) {
      add({
        kind: 'orphan_stream',
        streamId,
        version: head.version,
        seq: null,
        detail: 'stream head without events',
      });
    }
  }
  return { checked, streams, ok: findings.length === 0, findings };
}

function headMismatch(walked: { id: string; version: number; seq: bigint }, headVersion: number): Finding {
  return {
    kind: 'head_mismatch',
    streamId: walked.id,
    version: walked.version,
    seq: walked.seq.toString(),
    detail: `stream head says version ${headVersion}, last row is version ${walked.version}`,
  };
}

/**
 * Each finding with the log position of its row (`<tx>.<seq>`), when the row is still there: the
 * verifier names rows by their sequence number, a reader by their position.
 */
export async function withPositions(
  pool: pg.Pool,
  findings: readonly Finding[],
): Promise<(Finding & { position: string | null })[]> {
  const seqs = findings.map((f) => f.seq).filter((s): s is string => s !== null);
  const tx = new Map(
    (
      await pool.query<{ seq: string; tx: string }>(
        'SELECT seq::text AS seq, tx_id::text AS tx FROM events WHERE seq = ANY ($1::bigint[])',
        [seqs],
      )
    ).rows.map((r) => [r.seq, r.tx]),
  );
  return findings.map((f) => ({
    ...f,
    position: f.seq !== null && tx.has(f.seq) ? `${tx.get(f.seq)}.${f.seq}` : null,
  }));
}
