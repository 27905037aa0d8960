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
export type HistoryReader = (
  streamId: string,
  beforeVersion: number,
  types: readonly string[],
) => Promise<RecordedEvent[]>;

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
 * returns the same array without reading anything.
 */
export async function upcastEvents(
  events: RecordedEvent[],
  history: HistoryReader,
): Promise<RecordedEvent[]> {
  if (!events.some(needsUpcast)) return events;
  const out: RecordedEvent[] = [];
  for (const e of events) out.push(needsUpcast(e) ? await upcastOne(e, history) : e);
  return out;
}

async function upcastOne(event: RecordedEvent, history: HistoryReader): Promise<RecordedEvent> {
  let current = event;
  for (
    let u = registry.get(keyOf(current.type, current.schemaVersion));
    u;
    u = registry.get(keyOf(current.type, current.schemaVersion))
  ) {
    const earlier =
      u.needs && u.needs.length > 0 ? await history(event.streamId, event.version, u.needs) : [];
    current = {
      ...current,
      schemaVersion: current.schemaVersion + 1,
      data: u.upcast(current.data, earlier, current),
    };
  }
  return current;
}
