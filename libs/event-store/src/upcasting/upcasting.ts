import type { RecordedEvent } from '../event-store.port.js';

/**
 * Reading old events in their newest shape (ARCHITECTURE.md "Between contexts": an event's `type` is a
 * persisted contract — never renamed; its data gets a new schema version and old ones are upcast on
 * read). A context registers one upcaster per (type, version) it has moved past; every read through the
 * port (`readStream`, `readAll`) and every subscription batch (`readSettled`: projections, reactors,
 * rebuilds) hands out the newest shape, so deciders, read models and reactors are written against one
 * shape only. What is stored never changes: the hash chain, the verifier and the audit export keep
 * reading the rows as written (`contentHash` and `chainHash` of an upcast event are those of its stored
 * form).
 *
 * An upcaster may need facts the old event did not carry but its stream recorded earlier (an
 * `ApplicationDecided` v1 names neither the applicant nor the kind; the `ApplicationDrafted` before it
 * does). It names the types it needs and receives those earlier events, read only for old events: a
 * stream written in the newest shape costs no extra read.
 */
export interface Upcaster {
  type: string;
  /** The schema version this upcaster reads; it returns the data of `fromVersion + 1`. */
  fromVersion: number;
  /** Types of the same stream's earlier events the new shape is made from (as stored, in order). */
  needs?: readonly string[];
  upcast(data: unknown, earlier: readonly RecordedEvent[], event: RecordedEvent): unknown;
}

/** Earlier events of a stream (`version < beforeVersion`) of the given types, in stream order. */
export type HistoryReader = ((
  streamId: string,
  beforeVersion: number,
  types: readonly string[],
) => Promise<RecordedEvent[]>) & {
  /**
   * Optional: the same for many streams at once, one answer per request in request order. A batch of
   * old events (a rebuild reads thousands) then costs one read instead of one per event.
   */
  many?: (
    requests: readonly { streamId: string; beforeVersion: number }[],
    types: readonly string[],
  ) => Promise<RecordedEvent[][]>;
};

const registry = new Map<string, Upcaster>();
const upcastTypes = new Set<string>();
const keyOf = (type: string, version: number) => `${type}@${version}`;

/**
 * Registers upcasters for the whole process: the context that owns a type registers its upcasters when
 * its module is loaded, so any process that can read its events reads them in the newest shape.
 * Registering the same (type, version) again replaces it (a module loaded twice under test).
 */
export function registerUpcasters(upcasters: readonly Upcaster[]): void {
  for (const u of upcasters) {
    if (!Number.isInteger(u.fromVersion) || u.fromVersion < 1)
      throw new Error(`upcaster for ${u.type}: fromVersion must be a positive integer`);
    registry.set(keyOf(u.type, u.fromVersion), u);
    upcastTypes.add(u.type);
  }
}

/** Whether a read event is older than its type's newest shape. Events read without data are left alone. */
export function needsUpcast(e: RecordedEvent): boolean {
  return (
    upcastTypes.has(e.type) &&
    e.data !== null &&
    e.data !== undefined &&
    registry.has(keyOf(e.type, e.schemaVersion))
  );
}

/**
 * The events in their newest shapes, in the same order. The common case — nothing old among them —
 * returns the same array without reading anything. Old events move one version per round; the
 * histories a round needs are read together (`history.many`) when the reader can, each event's
 * exactly as a read of its own would have returned it.
 */
export async function upcastEvents(
  events: RecordedEvent[],
  history: HistoryReader,
): Promise<RecordedEvent[]> {
  if (!events.some(needsUpcast)) return events;
  const out = events.slice();
  let streams: Map<string, RecordedEvent[]> | undefined;
  /** The read's events by stream, as stored (made once, when first needed). */
  const byStream = () => {
    if (!streams) {
      streams = new Map();
      for (const e of events) {
        const list = streams.get(e.streamId);
        if (list) list.push(e);
        else streams.set(e.streamId, [e]);
      }
    }
    return streams;
  };
  for (;;) {
    const pending: number[] = [];
    for (let i = 0; i < out.length; i++) if (needsUpcast(out[i]!)) pending.push(i);
    if (pending.length === 0) return out;
    // Group this round's events by the history they need (the same types: one read for the group).
    const groups = new Map<string, { types: readonly string[]; at: number[] }>();
    const earlier = new Map<number, readonly RecordedEvent[]>();
    for (const i of pending) {
      const needs = registry.get(keyOf(out[i]!.type, out[i]!.schemaVersion))!.needs;
      if (!needs || needs.length === 0) {
        earlier.set(i, []);
        continue;
      }
      const key = JSON.stringify(needs);
      const group = groups.get(key) ?? { types: needs, at: [] };
      group.at.push(i);
      groups.set(key, group);
    }
    for (const group of groups.values()) {
      // A stream whose earlier events are all in this read (a rebuild's batch holds most of a
      // stream's life, a stream read from its start all of it) needs nothing read again.
      const { types } = group;
      const at = group.at.filter((i) => {
        const known = earlierInRead(byStream().get(out[i]!.streamId)!, out[i]!, types);
        if (known) earlier.set(i, known);
        return !known;
      });
      if (at.length === 0) continue;
      if (history.many && at.length > 1) {
        const read = await history.many(
          at.map((i) => ({ streamId: out[i]!.streamId, beforeVersion: out[i]!.version })),
          types,
        );
        at.forEach((i, k) => earlier.set(i, read[k]!));
      } else for (const i of at) earlier.set(i, await history(out[i]!.streamId, out[i]!.version, types));
    }
    for (const i of pending) {
      const current = out[i]!;
      const u = registry.get(keyOf(current.type, current.schemaVersion))!;
      out[i] = {
        ...current,
        schemaVersion: current.schemaVersion + 1,
        data: u.upcast(current.data, earlier.get(i)!, current),
      };
    }
  }
}

/**
 * The history `history(event.streamId, event.version, types)` would return, taken from the read's own
 * events of the stream (as stored, in order) when they hold every earlier version (1 to version - 1)
 * with the payloads of those of `types`; otherwise undefined (a type-filtered read leaves other types'
 * payloads out).
 */
function earlierInRead(
  stream: readonly RecordedEvent[],
  event: RecordedEvent,
  types: readonly string[],
): RecordedEvent[] | undefined {
  const before = stream.filter((e) => e.version < event.version);
  const versions = new Set(before.map((e) => e.version));
  if (versions.size !== event.version - 1 || before.some((e) => e.version < 1)) return undefined;
  const wanted = before.filter((e) => types.includes(e.type)).sort((a, b) => a.version - b.version);
  return wanted.every((e) => e.data !== null && e.data !== undefined) ? wanted : undefined;
}
