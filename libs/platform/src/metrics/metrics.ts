import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type pg from 'pg';
import type { EventStore } from '#libs/event-store';

/**
 * The process's Prometheus metrics (README "Monitoring"), one set per process: the api's HTTP hook,
 * the command bus, the timer processor and the scrape's own probes all record into it, wherever they
 * live. Probes that ask the database or the queue (subscription lag, timer queue depths, pool use) run
 * at scrape time, registered by the process that has those things.
 */
export interface ProductMetrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  commands: Counter<'type' | 'outcome'>;
  timerLateness: Histogram<'kind'>;
  /** Pools whose use is reported (the process's own database pool). */
  pools: Set<pg.Pool>;
  /** Scrape-time probes: each sets its gauges; one failing (the database away) leaves the others. */
  probes: Set<() => Promise<void>>;
  subscriptionLagEvents: Gauge<'subscription'>;
  subscriptionLagSeconds: Gauge<'subscription'>;
  timerJobs: Gauge<'state'>;
}

let metrics: ProductMetrics | null = null;

export function productMetrics(): ProductMetrics {
  if (metrics) return metrics;
  const registry = new Registry();
  // Event-loop lag, heap, CPU, handles: prom-client's defaults (nodejs_eventloop_lag_seconds …).
  collectDefaultMetrics({ register: registry });
  const pools = new Set<pg.Pool>();
  const probes = new Set<() => Promise<void>>();
  const poolGauge = new Gauge({
    name: 'tdw_db_pool_connections',
    help: 'Database pool connections by state (total, idle, waiting: callers queued for a connection)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      let total = 0;
      let idle = 0;
      let waiting = 0;
      for (const p of pools) {
        total += p.totalCount;
        idle += p.idleCount;
        waiting += p.waitingCount;
      }
      this.set({ state: 'total' }, total);
      this.set({ state: 'idle' }, idle);
      this.set({ state: 'waiting' }, waiting);
    },
  });
  void poolGauge;
  metrics = {
    registry,
    pools,
    probes,
    httpRequests: new Counter({
      name: 'tdw_http_requests_total',
      help: 'HTTP requests by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'tdw_http_request_duration_seconds',
      help: 'HTTP request latency by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    commands: new Counter({
      name: 'tdw_commands_total',
      help: 'Commands by type and outcome: accepted, refused (by a rule), conflict (concurrent change), error',
      labelNames: ['type', 'outcome'],
      registers: [registry],
    }),
    timerLateness: new Histogram({
      name: 'tdw_timer_lateness_seconds',
      help: 'How long after its fire time a timer fired',
      labelNames: ['kind'],
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 21600, 86400],
      registers: [registry],
    }),
    subscriptionLagEvents: new Gauge({
      name: 'tdw_subscription_lag_events',
      help: 'Events in the log after a projection or reactor checkpoint',
      labelNames: ['subscription'],
      registers: [registry],
    }),
    subscriptionLagSeconds: new Gauge({
      name: 'tdw_subscription_lag_seconds',
      help: 'Age of the oldest event a projection or reactor has not applied yet (0 when caught up)',
      labelNames: ['subscription'],
      registers: [registry],
    }),
    timerJobs: new Gauge({
      name: 'tdw_timer_jobs',
      help: 'Timer jobs by state (delayed: waiting for their time; waiting: due, not yet fired; failed: kept for inspection)',
      labelNames: ['state'],
      registers: [registry],
    }),
  };
  return metrics;
}

/** Runs the scrape-time probes, then renders the exposition text. */
export async function scrapeMetrics(): Promise<{ contentType: string; body: string }> {
  const m = productMetrics();
  await Promise.all([...m.probes].map((p) => p().catch(() => undefined)));
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}

/**
 * Subscription lag from the checkpoints, for the process that owns a database pool. The events behind
 * each checkpoint are counted through the event-store port (ARCHITECTURE.md "Between contexts"); the
 * age of the oldest is taken against this process's clock.
 */
export function subscriptionLagProbe(
  pool: pg.Pool,
  store: Pick<EventStore, 'countEvents'>,
): () => Promise<void> {
  return async () => {
    const m = productMetrics();
    const checkpoints = (
      await pool.query<{ name: string; tx: string; seq: string; types: string[] | null }>(
        `SELECT name, tx_id::text AS tx, seq::text AS seq, event_types AS types FROM subscription_checkpoints`,
      )
    ).rows;
    const rows: { name: string; behind: number; seconds: number }[] = [];
    // One after the other: a scrape should not take a connection per subscription from the pool.
    for (const c of checkpoints) {
      // A subscription that records its event types moves its checkpoint only now and then over events
      // it ignores: it is behind by the events it handles, not by those.
      const lag = await store.countEvents({
        after: { tx: BigInt(c.tx), seq: BigInt(c.seq) },
        types: c.types,
      });
      const seconds = lag.oldestRecordedAt ? (Date.now() - lag.oldestRecordedAt.getTime()) / 1000 : 0;
      rows.push({ name: c.name, behind: lag.count, seconds });
    }
    m.subscriptionLagEvents.reset();
    m.subscriptionLagSeconds.reset();
    for (const r of rows) {
      m.subscriptionLagEvents.set({ subscription: r.name }, r.behind);
      m.subscriptionLagSeconds.set({ subscription: r.name }, Math.max(0, r.seconds));
    }
  };
}
