import { createHash } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import {
  WrongExpectedVersionError,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type LogPosition,
  type RecordedEvent,
} from '../event-store.port.js';
import { refuse } from './domain-error.js';

/** An event as a decider returns it: a type and its data. Envelope fields come from the runner. */
export interface DomainEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
}

/** Everything a command carries besides its payload: who, when, which request (ARCHITECTURE.md). */
export interface CommandMetadata {
  commandId: string;
  actorId: string;
  actorRole: string;
  orgUnit: string;
  correlationId: string;
  causationId?: string;
  /** The command's clock: deciders read time from here, never from the system. */
  now: Date;
  /** Extra audit fields kept with every event (rationale, request path …). */
  extra?: Record<string, unknown>;
}

export interface StreamDecider<C, E extends DomainEvent, S> {
  /** Stream category, e.g. `application`: streams are `<category>-<id>`. */
  category: string;
  initialState: S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S, meta: CommandMetadata): E[];
  /** Schema version of each event type; 1 unless bumped (never rename a type: add a version). */
  schemaVersion?(type: E['type']): number;
  /** Upcast an old recorded shape on read. */
  upcast?(event: RecordedEvent): E;
}

export interface CommandOutcome<S> {
  streamId: string;
  /** Stream version after the command (unchanged when the decider answered nothing). */
  version: number;
  /** Position of the last event written; null when nothing was written. */
  position: LogPosition | null;
  events: DomainEvent[];
  state: S;
  /** True when the same command (same commandId) had already been recorded. */
  duplicate: boolean;
}

/** Deterministic event ids: the same command retried yields the same ids, which the store keeps once. */
export function eventIdFor(commandId: string, index: number): string {
  const h = createHash('sha256').update(`${commandId}:${index}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50; // RFC 4122 layout, version nibble 5 (name-based)
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export async function loadState<C, E extends DomainEvent, S>(
  store: EventStore,
  decider: StreamDecider<C, E, S>,
  streamId: string,
  /**
   * A state already folded up to `version` (a reader's cache): only the events after it are read and
   * folded onto it, and `events` holds only those.
   */
  from?: { state: S; version: number },
): Promise<{ state: S; version: number; events: RecordedEvent[] }> {
  const start = from?.version ?? 0;
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readStream(streamId, { fromVersion: start + events.length + 1, limit: 1000 });
    events.push(...page);
    if (page.length < 1000) break;
  }
  const state = foldEvents(decider, from?.state ?? decider.initialState, events);
  return { state, version: start + events.length, events };
}

/** `events` folded onto `state` by the decider, each first upcast to its newest shape. */
export function foldEvents<C, E extends DomainEvent, S>(
  decider: StreamDecider<C, E, S>,
  state: S,
  events: readonly RecordedEvent[],
): S {
  return events.reduce(
    (s, e) => decider.evolve(s, decider.upcast ? decider.upcast(e) : ({ type: e.type, data: e.data } as E)),
    state,
  );
}

/** Options of a command run: what the caller saw, and whether the stream's past matters at all. */
export interface RunOptions {
  expectedVersion?: number;
  /**
   * For a decider whose decisions never depend on the stream's past (a log of facts, like the audit
   * reads): the stream is not read and the events are appended with expected version `any`, so
   * concurrent commands on one stream never conflict. A retry is still stored once — its event ids
   * derive from the command id — but answers with the initial state.
   */
  blind?: boolean;
  /**
   * The id was made for this command by its caller (a random UUID, seen by no one before): the stream
   * cannot hold events yet, so it is not read — one round trip less on every create — and the events
   * are appended expecting no stream. Should it exist after all, that append fails like any conflict,
   * and the stream is then read and decided on as usual.
   */
  fresh?: boolean;
}

/**
 * A decider's command whose facts are already complete: `runCommandWithFacts` with no facts to gather.
 */
export async function runCommand<C, E extends DomainEvent, S>(
  store: EventStore,
  decider: StreamDecider<C, E, S>,
  id: string,
  command: C,
  meta: CommandMetadata,
  options: RunOptions = {},
): Promise<CommandOutcome<S>> {
  return runCommandWithFacts(store, decider, id, command, async () => command, meta, options);
}

/**
 * The one command path (ARCHITECTURE.md "A command's path"): read the stream once, fold `evolve`, let
 * `facts(state, intent)` complete the command from that state through ports (the policy pinned by the
 * state, the ladder's eligibility of its applicant, whether the actor's office covers its org unit —
 * never the stream again), call the pure `decide`, append with the version that was read. A concurrent
 * writer makes the append fail; the stream is read again, the facts are gathered again on the fresh
 * state and the command is decided once more; a second conflict goes back to the caller (409/412).
 * A retried command (same commandId) answers as the first time without gathering any facts.
 */
export async function runCommandWithFacts<I, C, E extends DomainEvent, S>(
  store: EventStore,
  decider: StreamDecider<C, E, S>,
  id: string,
  intent: I,
  facts: (state: S, intent: I) => Promise<C>,
  meta: CommandMetadata,
  options: RunOptions = {},
): Promise<CommandOutcome<S>> {
  const streamId = `${decider.category}-${id}`;
  for (let attempt = 0; ; attempt++) {
    const {
      state,
      version,
      events: history,
    } = options.blind || (options.fresh && attempt === 0)
      ? { state: decider.initialState, version: 0, events: [] as RecordedEvent[] }
      : await loadState(store, decider, streamId);
    if (history.some((e) => e.metadata.commandId === meta.commandId)) {
      // This command was already recorded (a retry): answer as the first time, write nothing.
      const mine = history.filter((e) => e.metadata.commandId === meta.commandId);
      // A retry is the same request. A key reused for a different one (another body) is refused rather
      // than answered with the first result, which would tell the client its new request was done
      // (IETF draft "The Idempotency-Key HTTP Header Field" §2.6: 422).
      const asked = meta.extra?.requestHash;
      const recorded = mine[0]!.metadata.requestHash;
      if (typeof asked === 'string' && typeof recorded === 'string' && asked !== recorded) {
        throw refuse(
          'idempotency_key_reused',
          'this Idempotency-Key was already used for a different request; use a new key for a new request',
        );
      }
      return {
        streamId,
        version,
        position: mine[mine.length - 1]!.position,
        events: mine.map((e) => ({ type: e.type, data: e.data })),
        state,
        duplicate: true,
      };
    }
    if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
      // The caller acted on a version it saw (If-Match); the stream has moved on since.
      throw new WrongExpectedVersionError(streamId, options.expectedVersion, version);
    }
    const command = await facts(state, intent);
    const produced = decider.decide(command, state, meta);
    if (produced.length === 0) {
      return { streamId, version, position: null, events: [], state, duplicate: false };
    }
    const metadata: EventMetadata = {
      ...meta.extra,
      actorId: meta.actorId,
      actorRole: meta.actorRole,
      orgUnit: meta.orgUnit,
      correlationId: meta.correlationId,
      causationId: meta.causationId ?? meta.commandId,
      commandId: meta.commandId,
      recordedAt: meta.now.toISOString(),
    };
    let result: AppendResult;
    try {
      result = await traced(`append ${decider.category}`, streamId, produced, () =>
        store.append(
          streamId,
          options.blind ? 'any' : version === 0 ? 'no_stream' : version,
          produced.map((e, i) => ({
            id: eventIdFor(meta.commandId, i),
            type: e.type,
            schemaVersion: decider.schemaVersion?.(e.type) ?? 1,
            data: e.data,
            metadata,
          })),
        ),
      );
    } catch (err) {
      if (err instanceof WrongExpectedVersionError && attempt === 0 && options.expectedVersion === undefined)
        continue;
      throw err;
    }
    const state2 = produced.reduce(decider.evolve, state);
    return {
      streamId,
      version: result.nextVersion,
      position: result.position,
      events: produced,
      state: state2,
      duplicate: result.duplicate,
    };
  }
}

/**
 * The append as a span of the command's trace (README "Monitoring"): which stream, which events. Through
 * `@opentelemetry/api` only, which does nothing unless the process registered a tracer provider.
 */
function traced<T>(
  name: string,
  streamId: string,
  events: { type: string }[],
  fn: () => Promise<T>,
): Promise<T> {
  return trace
    .getTracer('teacher-dev-workflow')
    .startActiveSpan(
      name,
      { attributes: { 'tdw.stream': streamId, 'tdw.events': events.map((e) => e.type).join(',') } },
      async (span) => {
        try {
          return await fn();
        } finally {
          span.end();
        }
      },
    );
}
