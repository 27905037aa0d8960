import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import type pg from 'pg';
import { DomainError, WrongExpectedVersionError, type EventStore } from '#libs/event-store';
import { TIMER_QUEUE, type TimerQueue } from '#libs/deadlines';
import {
  CORRELATION_ATTRIBUTE,
  EVENT_STORE,
  PG_POOL,
  currentCorrelationId,
  inSpan,
  productMetrics,
  subscriptionLagProbe,
} from '#libs/platform';

/** A command's outcome as the metrics count it. */
export function commandOutcome(err: unknown): 'refused' | 'conflict' | 'error' {
  if (err instanceof WrongExpectedVersionError) return 'conflict';
  if (err instanceof DomainError) return err.kind === 'conflict' ? 'conflict' : 'refused';
  return 'error';
}

/**
 * Wires this process into its metrics: every command through the bus is counted by type and outcome,
 * and a scrape asks the database for the subscriptions' lag and the timer queue for its depths.
 */
@Injectable()
export class MetricsWiring implements OnModuleInit, OnModuleDestroy {
  private readonly lagProbe: () => Promise<void>;
  private queueProbe: (() => Promise<void>) | null = null;

  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(EVENT_STORE) store: EventStore,
    private readonly bus: CommandBus,
    private readonly modules: ModuleRef,
  ) {
    this.lagProbe = subscriptionLagProbe(pool, store);
  }

  onModuleInit(): void {
    const m = productMetrics();
    // The timer queue lives in another module (the worker's, or the queue console's).
    let queue: TimerQueue | null = null;
    try {
      queue = this.modules.get<TimerQueue>(TIMER_QUEUE, { strict: false });
    } catch {
      queue = null;
    }
    if (queue) {
      const q = queue;
      this.queueProbe = async () => {
        const counts = await q.counts();
        for (const [state, n] of Object.entries(counts)) productMetrics().timerJobs.set({ state }, n);
      };
    }
    m.pools.add(this.pool);
    m.probes.add(this.lagProbe);
    if (this.queueProbe) m.probes.add(this.queueProbe);
    const bus = this.bus as unknown as { execute: (command: object) => Promise<unknown> };
    const execute = bus.execute.bind(this.bus);
    bus.execute = async (command: object) => {
      const type = command?.constructor?.name ?? 'unknown';
      // Each command is a span of its request's trace (README "Monitoring"); a refusal by a rule is an
      // answer, not a failure, so only unexpected errors mark it red.
      return inSpan(
        `command ${type}`,
        { 'tdw.command': type, [CORRELATION_ATTRIBUTE]: currentCorrelationId() },
        async (span) => {
          try {
            const result = await execute(command);
            m.commands.inc({ type, outcome: 'accepted' });
            span.setAttribute('tdw.outcome', 'accepted');
            return result;
          } catch (err) {
            const outcome = commandOutcome(err);
            m.commands.inc({ type, outcome });
            span.setAttribute('tdw.outcome', outcome);
            throw err;
          }
        },
        (err) => commandOutcome(err) === 'error',
      );
    };
  }

  onModuleDestroy(): void {
    const m = productMetrics();
    m.pools.delete(this.pool);
    m.probes.delete(this.lagProbe);
    if (this.queueProbe) m.probes.delete(this.queueProbe);
  }
}
