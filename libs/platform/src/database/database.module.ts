import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import pg from 'pg';
import {
  createEventStore,
  eventStoreConfig,
  migrate,
  type EventLog,
  type EventStore,
  type AppendNews,
  type SnapshotStreamRead,
  type StreamRead,
  type StreamSnapshot,
} from '#libs/event-store';
import type { AppConfig } from '../config/config.js';
import { Clock, SystemClock } from '../clock/clock.js';
import { openDatabase, type Database } from './open-database.js';
import { InFlightTracker } from '../lifecycle/in-flight.js';
import { BLOB_STORE, openBlobStore } from '../blobs/blob-store.js';
import { APP_CONFIG, DATABASE, EVENT_LOG, EVENT_STORE, PG_POOL } from './tokens.js';

/**
 * Wakes the local subscriptions at once instead of at their next poll: after an append made in this
 * process, and (through the log's LISTEN connection on PostgreSQL, opened when the first subscription
 * listens) after one made by another process — the API when the worker runs on its own.
 */
export class AppendSignal {
  private readonly listeners = new Set<(news: AppendNews | null) => void>();
  private elsewhere: (() => void) | null = null;

  constructor(private readonly log?: Pick<EventLog, 'onAppendedElsewhere'>) {}

  /** `listener` gets the append's position and event types when known (null: read whatever is new). */
  on(listener: (news: AppendNews | null) => void): () => void {
    this.listeners.add(listener);
    if (this.log && !this.elsewhere) this.elsewhere = this.log.onAppendedElsewhere((p) => this.emit(p));
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.elsewhere?.();
        this.elsewhere = null;
      }
    };
  }
  private held = 0;
  private missed = false;
  private readonly holders = new Set<(held: boolean) => void>();

  /** `listener(true)` when a quiet burst begins, `listener(false)` when it has ended (see quietly). */
  onQuiet(listener: (quiet: boolean) => void): () => void {
    this.holders.add(listener);
    return () => this.holders.delete(listener);
  }
  emit(news: AppendNews | null = null): void {
    if (this.held > 0) {
      this.missed = true;
      return;
    }
    for (const l of this.listeners) l(news);
  }

  /**
   * Runs a burst of appends without waking the subscriptions after each one; they catch up in a few
   * larger batches at their polls, and are woken once at the end. On the embedded default, where every
   * transaction shares PGlite's one session, a wake-up per append made each command of the first-start
   * seed wait behind every subscriber's transaction (BENCHMARKS.md S1). The subscriptions of this process
   * also poll seldom meanwhile (onQuiet): polling every 100 ms, as they then did on the embedded default
   * (and KurrentDB's reactors still do), they took the same session between the commands.
   */
  async quietly<T>(fn: () => Promise<T>): Promise<T> {
    this.held += 1;
    if (this.held === 1) for (const h of this.holders) h(true);
    try {
      return await fn();
    } finally {
      this.held -= 1;
      if (this.held === 0) {
        for (const h of this.holders) h(false);
        if (this.missed) {
          this.missed = false;
          this.emit();
        }
      }
    }
  }
}

function signalling(store: EventStore, signal: AppendSignal): EventStore {
  return {
    append: async (...args) => {
      const r = await store.append(...args);
      if (!r.duplicate) signal.emit({ position: r.position, types: args[2].map((e) => e.type) });
      return r;
    },
    readStream: (...args) => store.readStream(...args),
    // Passed on only where the store has it: readStreamsOf falls back to readStream otherwise.
    ...(store.readStreams
      ? { readStreams: (reads: readonly StreamRead[]) => store.readStreams!(reads) }
      : {}),
    ...(store.readStreamsAfterSnapshots && store.saveSnapshot
      ? {
          readStreamsAfterSnapshots: (reads: readonly SnapshotStreamRead[]) =>
            store.readStreamsAfterSnapshots!(reads),
          saveSnapshot: (snapshot: StreamSnapshot) => store.saveSnapshot!(snapshot),
        }
      : {}),
    readAll: (...args) => store.readAll(...args),
    streamInfo: (...args) => store.streamInfo(...args),
    headPosition: () => store.headPosition(),
    findEvents: (...args) => store.findEvents(...args),
    readAtPositions: (...args) => store.readAtPositions(...args),
    readAtVersions: (...args) => store.readAtVersions(...args),
    countEvents: (...args) => store.countEvents(...args),
  };
}

@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(EVENT_LOG) private readonly log: EventLog,
  ) {}
  // Runs after every beforeApplicationShutdown hook (in-flight requests, subscriptions) has finished.
  async onApplicationShutdown(): Promise<void> {
    try {
      await this.log.close();
    } finally {
      await this.db.close();
    }
  }
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        {
          provide: DATABASE,
          useFactory: async () => {
            const db = await openDatabase(config, { role: 'owner' });
            try {
              await migrate(db.pool);
            } catch (err) {
              await db.close();
              throw err;
            }
            new Logger('Database').log(
              db.embedded
                ? `embedded PGlite in ${config.pgliteDataDir} served on ${db.url}`
                : 'connected to PostgreSQL',
            );
            return db;
          },
        },
        { provide: PG_POOL, inject: [DATABASE], useFactory: (db: Database) => db.pool },
        { provide: AppendSignal, inject: [EVENT_LOG], useFactory: (log: EventLog) => new AppendSignal(log) },
        {
          // The adapter is chosen here, once, from configuration (ARCHITECTURE.md "Between contexts"):
          // platform hands the read-model pool to the event store's factory and builds no adapter itself.
          provide: EVENT_LOG,
          inject: [PG_POOL],
          useFactory: async (pool: pg.Pool) => {
            const log = await createEventStore(eventStoreConfig(config), pool);
            if (log.adapter === 'kurrentdb')
              new Logger('Database').log(
                `event log in KurrentDB (KURRENTDB_URL); read models in ${config.databaseUrl ? 'PostgreSQL' : 'the embedded PGlite'}`,
              );
            return log;
          },
        },
        {
          provide: EVENT_STORE,
          inject: [EVENT_LOG, AppendSignal],
          useFactory: (log: EventLog, signal: AppendSignal) => signalling(log.store, signal),
        },
        {
          provide: BLOB_STORE,
          inject: [PG_POOL],
          useFactory: (pool: pg.Pool) => openBlobStore(config.blobDir, pool),
        },
        { provide: Clock, useClass: SystemClock },
        DatabaseLifecycle,
        InFlightTracker,
      ],
      exports: [
        APP_CONFIG,
        DATABASE,
        PG_POOL,
        EVENT_LOG,
        EVENT_STORE,
        BLOB_STORE,
        AppendSignal,
        Clock,
        InFlightTracker,
      ],
    };
  }
}
