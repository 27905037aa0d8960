import { createHash } from 'node:crypto';

/**
 * Tamper evidence (documented scheme, README "Tamper evidence"):
 *   content_hash = sha256(canonical JSON of {id, streamId, type, schemaVersion, data, metadata})
 *   chain_hash   = sha256(previous chain_hash of the stream || version as int8 big-endian || content_hash)
 * The first event of a stream chains to 32 zero bytes. Canonical JSON sorts object keys and has no spaces,
 * so the hash can be recomputed from what the database gives back, by this code or by the offline script.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export interface HashableEvent {
  id: string;
  streamId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
}

export function contentHash(e: HashableEvent): Buffer {
  const body = canonicalJson({
    id: e.id.toLowerCase(),
    streamId: e.streamId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
  });
  return createHash('sha256').update(body, 'utf8').digest();
}

export const GENESIS_HASH = Buffer.alloc(32);

export function chainHash(previous: Buffer, version: number | bigint, content: Buffer): Buffer {
  const v = Buffer.alloc(8);
  v.writeBigInt64BE(BigInt(version));
  return createHash('sha256').update(previous).update(v).update(content).digest();
}
