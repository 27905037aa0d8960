import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type pg from 'pg';
import { ReactorSubscription, type EventStore } from '#libs/event-store';
import { TIMER_QUEUE, type TimerQueue } from '#libs/deadlines';
import { AppendSignal, Clock, EVENT_STORE, InFlightTracker, PG_POOL } from '#libs/platform';
import { POLICY_SOURCE, type PolicySource } from '#libs/policy';
import { ladderReactor } from './reactors/ladder.reactor.js';
import { timersReactor } from './timers/timers.reactor.js';

/** Runs the reactors (ARCHITECTURE.md step 3: "then hands the event to reactors"). */
@Injectable()
export class ReactorRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ReactorRunner');
  readonly subscriptions: ReactorSubscription[];
  private unsubscribe: (() => void) | null = null;

  constructor(
    @Inject(PG_POOL) pool: pg.Pool,
    @Inject(EVENT_STORE) store: EventStore,
    bus: CommandBus,
    @Inject(POLICY_SOURCE) policies: PolicySource,
    private readonly signal: AppendSignal,
    private readonly inFlight: InFlightTracker,
    @Inject(TIMER_QUEUE) timers: TimerQueue,
    clock: Clock,
  ) {
    this.subscriptions = [
      ladderReactor(store, bus, policies),
      timersReactor(store, bus, timers, policies, clock),
    ].map(
      (r) =>
        new ReactorSubscription(pool, r, {
          onRefused: (err, event, name) =>
            this.logger.warn(
              { reactor: name, eventId: event.id, type: event.type, code: err.code, detail: err.message },
              `${name}: the rules refused the reaction to ${event.type}`,
            ),
          onError: (err, name) =>
            this.logger.error({ err, reactor: name }, `${name} failed a batch; retrying`),
        }),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const s of this.subscriptions) await s.setup();
    for (const s of this.subscriptions) s.start();
    this.unsubscribe = this.signal.on(() => this.subscriptions.forEach((s) => s.nudge()));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.inFlight.drain();
    this.unsubscribe?.();
    await Promise.all(this.subscriptions.map((s) => s.stop()));
  }
}
