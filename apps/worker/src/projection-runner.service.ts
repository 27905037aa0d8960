import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type pg from 'pg';
import { CheckpointedSubscription, type Projection } from '#libs/event-store';
import { AppendSignal, InFlightTracker, PG_POOL } from '#libs/platform';

export const PROJECTIONS = Symbol('PROJECTIONS');

/**
 * Runs every projection from its durable checkpoint (ARCHITECTURE.md "A command's path" step 3).
 * Tables are created before the API serves a read; subscriptions stop after their batch in flight.
 */
@Injectable()
export class ProjectionRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ProjectionRunner');
  private readonly subscriptions: CheckpointedSubscription[];
  private unsubscribe: (() => void) | null = null;

  constructor(
    @Inject(PG_POOL) pool: pg.Pool,
    @Inject(PROJECTIONS) projections: readonly Projection[],
    private readonly signal: AppendSignal,
    private readonly inFlight: InFlightTracker,
  ) {
    this.subscriptions = projections.map(
      (p) =>
        new CheckpointedSubscription(pool, p, {
          pollIntervalMs: 100,
          onError: (err, name) =>
            this.logger.error({ err, projection: name }, `projection ${name} failed a batch; retrying`),
        }),
    );
  }

  names(): string[] {
    return this.subscriptions.map((s) => s.projection.name);
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const s of this.subscriptions) await s.setup();
    for (const s of this.subscriptions) s.start();
    this.unsubscribe = this.signal.on(() => this.nudge());
    this.logger.log(`running ${this.subscriptions.length} projection(s): ${this.names().join(', ')}`);
  }

  /** An append in this process: wake the subscriptions instead of waiting for their next poll. */
  nudge(): void {
    for (const s of this.subscriptions) s.nudge();
  }

  // Before the pool closes (DatabaseModule closes it in onApplicationShutdown).
  async beforeApplicationShutdown(): Promise<void> {
    // Requests in flight may be waiting for a read model to catch up: let them finish first.
    await this.inFlight.drain();
    this.unsubscribe?.();
    await Promise.all(this.subscriptions.map((s) => s.stop()));
  }
}
