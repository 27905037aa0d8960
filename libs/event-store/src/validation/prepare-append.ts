import { contentHash } from '../hashing/event-hash.js';
import {
  InvalidEventError,
  type EventMetadata,
  type ExpectedVersion,
  type NewEvent,
} from '../event-store.port.js';

/**
 * The validation every adapter applies before an append, so the contract's "bad input" cases are
 * refused the same way by each, before anything reaches a server: the stream id, the expected version,
 * ids, types, schema versions and the audit metadata; and the content hash of what will be stored.
 */
export const STREAM_ID = /^[A-Za-z][A-Za-z0-9_]*-[A-Za-z0-9_.:-]{1,200}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
export const MAX_EVENTS_PER_APPEND = 1000;

export interface PreparedEvent extends NewEvent {
  dataJson: string;
  metadataJson: string;
  hash: Buffer;
}

export function prepareAppend(
  streamId: string,
  expected: ExpectedVersion,
  events: readonly NewEvent[],
): PreparedEvent[] {
  if (!STREAM_ID.test(streamId)) {
    throw new InvalidEventError(`stream id must look like <category>-<id>, got ${JSON.stringify(streamId)}`);
  }
  if (expected !== 'any' && expected !== 'no_stream' && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw new InvalidEventError(
      `expected version must be 'any', 'no_stream' or a version >= 0, got ${String(expected)}`,
    );
  }
  if (events.length === 0) throw new InvalidEventError('an append needs at least one event');
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new InvalidEventError(`an append takes at most ${MAX_EVENTS_PER_APPEND} events`);
  }
  const seen = new Set<string>();
  return events.map((e, i) => {
    if (typeof e.id !== 'string' || !UUID.test(e.id))
      throw new InvalidEventError(`event ${i}: id must be a UUID`);
    const id = e.id.toLowerCase();
    if (seen.has(id)) throw new InvalidEventError(`event ${i}: id ${id} appears twice in one append`);
    seen.add(id);
    if (typeof e.type !== 'string' || !/^[A-Za-z][A-Za-z0-9_.]{0,127}$/.test(e.type)) {
      throw new InvalidEventError(`event ${i}: type must be an identifier of at most 128 characters`);
    }
    if (!Number.isInteger(e.schemaVersion) || e.schemaVersion < 1) {
      throw new InvalidEventError(`event ${i}: schemaVersion must be a positive integer`);
    }
    const m = e.metadata;
    for (const key of [
      'actorId',
      'actorRole',
      'orgUnit',
      'correlationId',
      'causationId',
      'commandId',
    ] as const) {
      if (typeof m?.[key] !== 'string' || m[key].length === 0) {
        throw new InvalidEventError(`event ${i}: metadata.${key} is required`);
      }
    }
    if (
      typeof m.recordedAt !== 'string' ||
      !ISO_TIME.test(m.recordedAt) ||
      Number.isNaN(Date.parse(m.recordedAt))
    ) {
      throw new InvalidEventError(`event ${i}: metadata.recordedAt must be an ISO-8601 time`);
    }
    // Normalise through JSON once, so what is hashed is exactly what the store keeps and gives back
    // (jsonb cannot hold NUL, so no store takes it: every adapter accepts the same events).
    const dataJson = JSON.stringify(e.data ?? null);
    const metadataJson = JSON.stringify(m);
    if (dataJson.includes('\\u0000') || metadataJson.includes('\\u0000')) {
      throw new InvalidEventError(`event ${i}: text must not contain NUL characters`);
    }
    const data = JSON.parse(dataJson) as unknown;
    const metadata = JSON.parse(metadataJson) as EventMetadata;
    return {
      id,
      type: e.type,
      schemaVersion: e.schemaVersion,
      data,
      metadata,
      dataJson,
      metadataJson,
      hash: contentHash({ id, streamId, type: e.type, schemaVersion: e.schemaVersion, data, metadata }),
    };
  });
}
