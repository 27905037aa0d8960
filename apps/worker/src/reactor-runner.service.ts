import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type pg from 'pg';
import {
  LeaderElection,
  ReactorSubscription,
  type EventLog,
  type EventStore,
  type LeadershipStatus,
} from '#libs/event-store';
import { evidenceErasureReactor } from '#libs/approval';
import { stepNotificationsReactor, TIMER_QUEUE, timersReactor, type TimerQueue } from '#libs/deadlines';
import { ladderReactor, teacherSnapshotsReactor } from '#libs/ladder';
import {
  AppendSignal,
  BLOB_STORE,
  Clock,
  EVENT_LOG,
  EVENT_STORE,
  InFlightTracker,
  PG_POOL,
  type BlobStore,
} from '#libs/platform';
import { POLICY_SOURCE, type PolicySource } from '#libs/policy';

/**
 * Runs the reactors (ARCHITECTURE.md step 3: "then hands the event to reactors"). With several worker
 * processes each reactor runs in one of them at a time, elected like the projections (leadership.ts), so
 * an event is reacted to once rather than once per process; the reactions' idempotent commands stay the
 * safety net for the overlap of a hand-over.
 */
@Injectable()
export class ReactorRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ReactorRunner');
  readonly subscriptions: ReactorSubscription[];
  private readonly election: LeaderElection;
  private unsubscribe: (() => void) | null = null;

  constructor(
    @Inject(PG_POOL) pool: pg.Pool,
    @Inject(BLOB_STORE) blobs: BlobStore,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(EVENT_LOG) log: EventLog,
    bus: CommandBus,
    @Inject(POLICY_SOURCE) policies: PolicySource,
    private readonly signal: AppendSignal,
    private readonly inFlight: InFlightTracker,
    @Inject(TIMER_QUEUE) timers: TimerQueue,
    clock: Clock,
  ) {
    this.subscriptions = [
      ladderReactor(store, bus, policies),
      // Teacher records' snapshots kept off the api's request path (the progression view reads after them).
      teacherSnapshotsReactor(store),
      timersReactor(store, bus, timers, policies, clock),
      stepNotificationsReactor(store, bus, pool, policies, clock),
      evidenceErasureReactor(pool, bus, blobs),
    ].map(
      (r) =>
        new ReactorSubscription(pool, r, {
          // Batches come from whichever log the factory chose; the checkpoint stays in PostgreSQL.
          read: (after, limit, types) => log.readBatch(after, limit, types),
          pollIntervalMs: log.pollIntervalMs,
          onRefused: (err, event, name) =>
            this.logger.warn(
              { reactor: name, eventId: event.id, type: event.type, code: err.code, detail: err.message },
              `${name}: the rules refused the reaction to ${event.type}`,
            ),
          onError: (err, name) =>
            this.logger.error({ err, reactor: name }, `${name} failed a batch; retrying`),
        }),
    );
    const byName = new Map(this.subscriptions.map((s) => [s.reactor.name, s]));
    this.election = new LeaderElection({
      group: 'reactors',
      names: [...byName.keys()],
      pool,
      acquire: (name) => byName.get(name)!.start(),
      release: (name) => byName.get(name)!.stop(),
      log: (level, message, fields) =>
        level === 'warn' ? this.logger.warn(fields, message) : this.logger.log(fields, message),
    });
  }

  /** Which reactors this process runs now and which it stands by for. */
  leadership(): LeadershipStatus {
    return this.election.status();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.election.exclusive(async () => {
      for (const s of this.subscriptions) await s.setup();
    });
    this.election.start();
    const off = this.signal.on((news) => this.subscriptions.forEach((s) => s.nudge(news)));
    // A quiet burst of appends (the demo seed): poll seldom, catch up after it.
    const offQuiet = this.signal.onQuiet((quiet) => this.subscriptions.forEach((s) => s.slow(quiet)));
    this.unsubscribe = () => {
      off();
      offQuiet();
    };
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.inFlight.drain();
    this.unsubscribe?.();
    await this.election.stop();
  }
}
