import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type pg from 'pg';
import {
  LeaderElection,
  type EventLog,
  type LeadershipStatus,
  type AppendNews,
  type Projection,
  type ProjectionSubscription,
} from '#libs/event-store';
import { AppendSignal, EVENT_LOG, InFlightTracker, PG_POOL } from '#libs/platform';

export const PROJECTIONS = Symbol('PROJECTIONS');

/**
 * Runs the projections from their durable checkpoints (ARCHITECTURE.md "A command's path" step 3).
 * Tables are created before the API serves a read; subscriptions stop after their batch in flight.
 * With several worker processes each projection runs in one of them at a time (README "Running on real servers and scaling"): the
 * processes elect a runner per projection with advisory locks (leadership.ts), share them out, and a
 * standby takes over within a second of its holder's death. The checkpoint row lock stays the safety net.
 */
@Injectable()
export class ProjectionRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ProjectionRunner');
  private readonly subscriptions: ProjectionSubscription[];
  private readonly election: LeaderElection;
  private unsubscribe: (() => void) | null = null;

  constructor(
    @Inject(PG_POOL) pool: pg.Pool,
    @Inject(EVENT_LOG) log: EventLog,
    @Inject(PROJECTIONS) projections: readonly Projection[],
    private readonly signal: AppendSignal,
    private readonly inFlight: InFlightTracker,
  ) {
    // The log's own subscription (the factory's choice): the events table on PostgreSQL/PGlite, `$all` on
    // KurrentDB; either way the read model and its checkpoint commit together in PostgreSQL.
    this.subscriptions = projections.map((p) =>
      // Polls slowly where other processes' appends wake it (EventLog.pollIntervalMs).
      log.subscribe(p, {
        onError: (err, name) =>
          this.logger.error({ err, projection: name }, `projection ${name} failed a batch; retrying`),
      }),
    );
    const byName = new Map(this.subscriptions.map((s) => [s.projection.name, s]));
    this.election = new LeaderElection({
      group: 'projections',
      names: this.names(),
      pool,
      acquire: (name) => byName.get(name)!.start(),
      release: (name) => byName.get(name)!.stop(),
      log: (level, message, fields) =>
        level === 'warn' ? this.logger.warn(fields, message) : this.logger.log(fields, message),
    });
  }

  /** Which projections this process runs now and which it stands by for. */
  leadership(): LeadershipStatus {
    return this.election.status();
  }

  names(): string[] {
    return this.subscriptions.map((s) => s.projection.name);
  }

  async onApplicationBootstrap(): Promise<void> {
    // Every process creates the tables (the API reads them whoever runs the projection), one process at
    // a time: concurrent CREATE TABLE IF NOT EXISTS can fail on PostgreSQL's catalogue.
    await this.election.exclusive(async () => {
      for (const s of this.subscriptions) await s.setup();
    });
    const off = this.signal.on((news) => this.nudge(news));
    // A quiet burst of appends (the demo seed): poll seldom, catch up after it.
    const offQuiet = this.signal.onQuiet((quiet) => this.subscriptions.forEach((s) => s.slow(quiet)));
    this.unsubscribe = () => {
      off();
      offQuiet();
    };
    this.election.start();
    this.logger.log(
      `contending for ${this.subscriptions.length} projection(s): ${this.names().join(', ')} as ${this.election.identity}`,
    );
  }

  /** An append in this process: wake the subscriptions instead of waiting for their next poll. */
  nudge(news: AppendNews | null = null): void {
    for (const s of this.subscriptions) s.nudge(news);
  }

  // Before the pool closes (DatabaseModule closes it in onApplicationShutdown).
  async beforeApplicationShutdown(): Promise<void> {
    // Requests in flight may be waiting for a read model to catch up: let them finish first.
    await this.inFlight.drain();
    this.unsubscribe?.();
    // Stops the projections this process leads, then releases them to a standby at once.
    await this.election.stop();
  }
}
