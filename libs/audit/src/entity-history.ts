import type pg from 'pg';
import { applicationDecider, callDecider } from '#libs/approval';
import {
  comparePositions,
  encodePosition,
  type DomainEvent,
  type EventStore,
  type LogPosition,
  type RecordedEvent,
  type StreamDecider,
} from '#libs/event-store';
import { postgresIdentityDirectory } from '#libs/identity';
import { mentorshipDecider, studioDecider, teacherDecider } from '#libs/ladder';
import { rationaleOf, type EntityKind } from './audit-fields.js';

/**
 * The decider of each entity kind: its `evolve` folds the stream into the state (DOMAIN.md "Audit trail"). The
 * as-of view is that state, the same shape the command path folds for every decision (for
 * applications the decider state, not the `application_summaries` row).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const ENTITY_DECIDERS: Record<EntityKind, StreamDecider<any, DomainEvent, any>> = {
  application: applicationDecider,
  teacher: teacherDecider,
  mentorship: mentorshipDecider,
  studio: studioDecider,
  call: callDecider,
};

/** Longest stream the history answers in one piece; longer ones are cut and say so. */
export const MAX_HISTORY = 10_000;

export interface EntityStream {
  streamId: string;
  /** The entity's org unit: the first `orgUnit` in its events' data, else the first actor's unit. */
  orgUnit: string;
  events: RecordedEvent[];
  truncated: boolean;
}

/**
 * The stream read from the event store itself (not a read model that may lag), in version order, as
 * stored: the history is the record as written, which its hashes prove (DOMAIN.md "Audit trail").
 */
export async function readEntityStream(
  store: Pick<EventStore, 'readStream'>,
  kind: EntityKind,
  id: string,
): Promise<EntityStream | null> {
  const streamId = `${kind}-${id}`;
  const events = await store.readStream(streamId, { limit: MAX_HISTORY, asStored: true });
  if (events.length === 0) return null;
  const beyond =
    events.length === MAX_HISTORY
      ? await store.readStream(streamId, {
          fromVersion: events[events.length - 1]!.version + 1,
          limit: 1,
          asStored: true,
        })
      : [];
  const owner = events.find((e) => typeof (e.data as { orgUnit?: unknown })?.orgUnit === 'string');
  const orgUnit = owner ? (owner.data as { orgUnit: string }).orgUnit : events[0]!.metadata.orgUnit;
  return { streamId, orgUnit, events, truncated: beyond.length > 0 };
}

export interface EntityStateView {
  kind: EntityKind;
  id: string;
  streamId: string;
  /** Events folded: the stream's version at that point (0: the entity did not exist yet). */
  version: number;
  /** Position and time of the last event folded (null before the first). */
  position: string | null;
  recordedAt: string | null;
  state: unknown;
}

export type AsOf = { at: Date } | { position: LogPosition } | null;

/**
 * Replays the stream up to `asOf` (null: to its end) with the kind's `evolve`. A stream's events are in
 * version order, and their positions and recorded times rise with it, so the replay takes the prefix up
 * to the first event past the point.
 */
export function stateAsOf(kind: EntityKind, id: string, stream: EntityStream, asOf: AsOf): EntityStateView {
  const decider = ENTITY_DECIDERS[kind];
  let state = decider.initialState;
  let last: RecordedEvent | null = null;
  for (const e of stream.events) {
    if (asOf && 'at' in asOf && Date.parse(e.metadata.recordedAt) > asOf.at.getTime()) break;
    if (asOf && 'position' in asOf && comparePositions(e.position, asOf.position) > 0) break;
    state = decider.evolve(state, decider.upcast ? decider.upcast(e) : { type: e.type, data: e.data });
    last = e;
  }
  return {
    kind,
    id,
    streamId: stream.streamId,
    version: last?.version ?? 0,
    position: last ? encodePosition(last.position) : null,
    recordedAt: last?.metadata.recordedAt ?? null,
    state,
  };
}

export interface HistoryEntry {
  position: string;
  version: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  recordedAt: string;
  actor: { id: string; name: string | null; role: string };
  actorOrgUnit: string;
  correlationId: string;
  causationId: string;
  commandId: string;
  rationale: string | null;
  data: unknown;
  /** Anything else the command recorded (request path …). */
  metadata: Record<string, unknown>;
  contentHash: string;
  chainHash: string;
}

/** Each event of the stream with who caused it (name and role), when, why, and through which request. */
export async function historyOf(pool: pg.Pool, stream: EntityStream): Promise<HistoryEntry[]> {
  const actorIds = [...new Set(stream.events.map((e) => e.metadata.actorId))];
  // Names from identity's directory (ARCHITECTURE.md "Between contexts": never its tables).
  const names = await postgresIdentityDirectory(pool).displayNames(actorIds);
  return stream.events.map((e) => {
    const m = e.metadata;
    return {
      position: encodePosition(e.position),
      version: e.version,
      eventId: e.id,
      type: e.type,
      schemaVersion: e.schemaVersion,
      recordedAt: m.recordedAt,
      actor: { id: m.actorId, name: names.get(m.actorId) ?? null, role: m.actorRole },
      actorOrgUnit: m.orgUnit,
      correlationId: m.correlationId,
      causationId: m.causationId,
      commandId: m.commandId,
      rationale: rationaleOf(e.data, m),
      data: e.data,
      metadata: m,
      contentHash: e.contentHash,
      chainHash: e.chainHash,
    };
  });
}
