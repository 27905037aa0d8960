import type pg from 'pg';
import {
  EventStoreError,
  type EventStore,
  type LogPosition,
  type RecordedEvent,
} from '../event-store.port.js';
import { PostgresEventStore } from '../postgres/postgres-event-store.js';
import { AppendNotifier, AppendWakeup, type AppendNews } from '../postgres/append-wakeup.js';
import {
  CheckpointedSubscription,
  readSettled,
  type SubscriptionOptions,
} from '../subscription/checkpointed-subscription.js';
import type { Projection } from '../subscription/projection.js';

/**
 * Where the log lives, chosen once from configuration (ARCHITECTURE.md "Between contexts": the adapter is
 * chosen in one factory). Read models, checkpoints and everything else stay in PostgreSQL — the server at
 * DATABASE_URL, or the embedded PGlite without it — whichever adapter holds the log.
 *
 * - `pglite`: no DATABASE_URL, no KURRENTDB_URL: the embedded default.
 * - `postgres`: DATABASE_URL.
 * - `kurrentdb`: KURRENTDB_URL, whatever DATABASE_URL says (it only decides where the read models go).
 */
export type EventStoreConfig =
  | { adapter: 'pglite' }
  | { adapter: 'postgres' }
  | { adapter: 'kurrentdb'; url: string; readModels: 'pglite' | 'postgres' };

export type EventStoreAdapter = EventStoreConfig['adapter'];

/** The configuration values the choice depends on (platform's AppConfig carries them). */
export interface EventStoreSettings {
  databaseUrl: string | null;
  kurrentdbUrl: string | null;
}

/** A configuration that names no usable store; the message names the variable, never its value (it may hold a password). */
export class EventStoreConfigError extends EventStoreError {
  constructor(message: string) {
    super(message);
    this.name = 'EventStoreConfigError';
  }
}

/**
 * A feature that reads the PostgreSQL `events` table with SQL of its own, asked for while the log is in
 * KurrentDB: it would read an empty (or stale) table and answer as if that were the log, so it refuses.
 */
export class NotOnKurrentDbError extends EventStoreError {
  constructor(readonly feature: string) {
    super(
      `${feature} is not available with KURRENTDB_URL set: it reads the log from the PostgreSQL events table, ` +
        `and the log is in KurrentDB. Run it on a deployment without KURRENTDB_URL (README "Event store").`,
    );
    this.name = 'NotOnKurrentDbError';
  }
}

// The schemes @kurrent/kurrentdb-client accepts (esdb is its deprecated older name).
const KURRENT_URL = /^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\/(?:[^@/?#]*@)?([^@/?#]+)\/?(?:\?[^#]*)?$/;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/;

/** Problems with a KURRENTDB_URL value, empty when it is well formed (the server is not contacted). */
export function kurrentDbUrlProblems(url: string): string[] {
  const m = KURRENT_URL.exec(url.trim());
  const hosts = m ? m[3]!.split(',') : [];
  const badHost = hosts.find((h) => {
    const hm = HOST.exec(h);
    return !hm || (hm[1] !== undefined && (Number(hm[1]) < 1 || Number(hm[1]) > 65535));
  });
  if (m && badHost === undefined) return [];
  return [
    'KURRENTDB_URL: must be a KurrentDB connection string such as kurrentdb://host:2113?tls=false ' +
      'or kurrentdb+discover://host1:2113,host2:2113 (one or more host[:port])',
  ];
}

/** The adapter these settings select. KURRENTDB_URL wins; DATABASE_URL then only places the read models. */
export function eventStoreConfig(settings: EventStoreSettings): EventStoreConfig {
  if (settings.kurrentdbUrl !== null) {
    const problems = kurrentDbUrlProblems(settings.kurrentdbUrl);
    if (problems.length > 0) throw new EventStoreConfigError(problems.join('; '));
    return {
      adapter: 'kurrentdb',
      url: settings.kurrentdbUrl.trim(),
      readModels: settings.databaseUrl ? 'postgres' : 'pglite',
    };
  }
  return settings.databaseUrl ? { adapter: 'postgres' } : { adapter: 'pglite' };
}

/**
 * For commands that read the PostgreSQL `events` table with SQL of their own (backup, restore, rebuild,
 * chain verification): refuses, before anything is opened, when the settings put the log in KurrentDB.
 */
export function requirePostgresLog(settings: EventStoreSettings, feature: string): void {
  if (eventStoreConfig(settings).adapter === 'kurrentdb') throw new NotOnKurrentDbError(feature);
}

/** What the product runs a projection with; both adapters' subscriptions have this shape. */
export interface ProjectionSubscription {
  readonly projection: Projection;
  setup(): Promise<void>;
  runOnce(): Promise<number>;
  catchUp(): Promise<number>;
  position(): Promise<LogPosition>;
  start(): void;
  /**
   * An append happened: wake it now, unless the news names event types it does not handle; with a
   * position it keeps reading until it has that (the SETTLED fence may hold it back a moment).
   */
  nudge(news?: AppendNews | null): void;
  /** Poll seldom while `on`: a burst of appends is under way that wakes nobody (batch-loop.ts). */
  slow(on: boolean): void;
  stop(): Promise<void>;
}

export type ProjectionSubscriptionOptions = Pick<
  SubscriptionOptions,
  'batchSize' | 'pollIntervalMs' | 'onError'
>;

/** The log the product runs on, with the ways of following it that depend on the adapter. */
export interface EventLog {
  readonly adapter: EventStoreAdapter;
  readonly store: EventStore;
  /** A projection kept in the read-model database, fed from this log with its checkpoint beside it. */
  subscribe(projection: Projection, options?: ProjectionSubscriptionOptions): ProjectionSubscription;
  /**
   * A reactor's next batch after `after`: on PostgreSQL/PGlite fenced by transaction id (`readSettled`),
   * on KurrentDB the port's `readAll` (its `$all` only grows at the end, so there is nothing to fence).
   */
  readBatch(after: LogPosition, limit: number, types?: readonly string[]): Promise<RecordedEvent[]>;
  /**
   * The pool whose `events` table is the log, for the features that read it with SQL of their own (chain
   * verification, backup, rebuild…); on KurrentDB it throws `NotOnKurrentDbError` naming `feature`.
   */
  postgresLog(feature: string): pg.Pool;
  /**
   * Calls `listener` when another process has appended (PostgreSQL: a LISTEN connection, opened on the
   * first call; append-wakeup.ts) and once whenever that connection is (re)established. Elsewhere it
   * never calls: on PGlite every append is made in this process, and KurrentDB's subscriptions are
   * woken by its own stream.
   */
  onAppendedElsewhere(listener: (news: AppendNews | null) => void): () => void;
  /**
   * How long a caught-up subscription sleeps unless woken: slow (2 s) where every append wakes it — in
   * this process (platform's AppendSignal) or, on PostgreSQL, from another (NOTIFY) — so an idle worker
   * hardly queries at all; 100 ms on KurrentDB, whose reactors nothing wakes across processes.
   */
  readonly pollIntervalMs: number;
  /** Closes what the factory opened (the KurrentDB client, the LISTEN connection); the pool belongs to the caller. */
  close(): Promise<void>;
}

/** The fallback poll of subscriptions woken by NOTIFY: it only finds what a lost notification missed. */
export const NOTIFIED_POLL_MS = 2000;
/**
 * The fallback poll on the embedded default. PGlite's data folder is held by one process (open-database.ts
 * refuses a second owner; the CLI commands that reach it through its gateway read the log or rebuild read
 * models, and append nothing), so every append is made in this process, through the store platform wraps
 * with its AppendSignal, which wakes the subscriptions and reactors after each one. Polling every 100 ms
 * as well kept an idle product busy, on the small machine an office runs it on every day (ARCHITECTURE.md
 * "Stores": the embedded default is for small offices): ~330 statements and ~230 ms of CPU a second at
 * rest, against ~19 and ~45 ms polling every 2 s. The poll only catches what no wake-up announced (a tool
 * writing to the database directly), as NOTIFIED_POLL_MS does on PostgreSQL.
 */
export const EMBEDDED_POLL_MS = 2000;
/** The poll of subscriptions nothing wakes across processes (KurrentDB's reactors). */
export const PLAIN_POLL_MS = 100;

/**
 * Builds the log for a configuration. `pool` is the read-model database (the caller opens it: the server
 * at DATABASE_URL or the embedded PGlite); on PostgreSQL and PGlite it also holds the log, and the adapter
 * is the same node-postgres one (ARCHITECTURE.md "Stores": one adapter, two ways to run it).
 */
export async function createEventStore(config: EventStoreConfig, pool: pg.Pool): Promise<EventLog> {
  if (config.adapter === 'kurrentdb') return openKurrentLog(config.url, pool);
  if (config.adapter === 'pglite') {
    // One process holds the embedded database: its appends wake its subscriptions in-process, so they
    // poll as seldom as those NOTIFY wakes on PostgreSQL (EMBEDDED_POLL_MS).
    const store = new PostgresEventStore(pool);
    return {
      adapter: config.adapter,
      store,
      subscribe: (projection, options) =>
        new CheckpointedSubscription(pool, projection, { pollIntervalMs: EMBEDDED_POLL_MS, ...options }),
      readBatch: (after, limit, types) => readSettled(pool, after, limit, types),
      postgresLog: () => pool,
      onAppendedElsewhere: () => () => undefined,
      pollIntervalMs: EMBEDDED_POLL_MS,
      close: async () => undefined,
    };
  }
  // PostgreSQL: the API and the worker may be separate processes (npm run start:worker), so each
  // commit is announced with NOTIFY and a LISTEN connection wakes this process's subscriptions.
  const wakeup = new AppendWakeup({ connection: pool.options });
  const notifier = new AppendNotifier(pool, () => (wakeup.pid === null ? [] : [wakeup.pid]));
  const store = new PostgresEventStore(pool, {
    onAppended: (position, types) => notifier.announce(position, types),
  });
  return {
    adapter: config.adapter,
    store,
    subscribe: (projection, options) =>
      new CheckpointedSubscription(pool, projection, { pollIntervalMs: NOTIFIED_POLL_MS, ...options }),
    readBatch: (after, limit, types) => readSettled(pool, after, limit, types),
    postgresLog: () => pool,
    onAppendedElsewhere: (listener) => {
      const off = wakeup.on(listener);
      wakeup.start();
      return off;
    },
    pollIntervalMs: NOTIFIED_POLL_MS,
    close: () => wakeup.stop(),
  };
}

async function openKurrentLog(url: string, pool: pg.Pool): Promise<EventLog> {
  // Loaded only when chosen: the PostgreSQL and PGlite deployments never load the gRPC client.
  const { KurrentEventStore } = await import('../kurrentdb/kurrentdb-event-store.js');
  const { KurrentCheckpointedSubscription } = await import('../kurrentdb/kurrentdb-subscription.js');
  let store: InstanceType<typeof KurrentEventStore>;
  try {
    store = KurrentEventStore.connect(url);
  } catch {
    // The client's parser is stricter than kurrentDbUrlProblems; its message may quote the URL (and a password).
    throw new EventStoreConfigError(
      'KURRENTDB_URL: the KurrentDB client refused this connection string (see README "Event store" for the form)',
    );
  }
  return {
    adapter: 'kurrentdb',
    store,
    subscribe: (projection, options) => new KurrentCheckpointedSubscription(store, pool, projection, options),
    readBatch: (after, limit, types) => store.readAll({ after, limit, types }),
    postgresLog: (feature) => {
      throw new NotOnKurrentDbError(feature);
    },
    onAppendedElsewhere: () => () => undefined,
    pollIntervalMs: PLAIN_POLL_MS,
    close: () => store.close(),
  };
}
