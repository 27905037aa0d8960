import { Queue, UnrecoverableError, Worker, createPostgresBackend, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { timerJobId, type ReviewTimer, type StepTimer, type Timer } from './timer.model.js';
import { databaseName, shareBullmqSchema } from './bullmq-backend.js';

export const TIMER_QUEUE = Symbol('TIMER_QUEUE');

export type TimerBackend = 'redis' | 'postgres';

export interface TimerQueueOptions {
  /** Redis through ioredis when set (the production default) … */
  redisUrl: string | null;
  /** … else BullMQ's PostgreSQL backend on the product's own database (ARCHITECTURE.md "Stores"). */
  databaseUrl: string;
  /**
   * The database is the embedded PGlite behind the product's gateway: one session shared by every
   * client, which ignores the `search_path` BullMQ asks for when it connects (see open()).
   */
  sharedSession?: boolean;
  nodeEnv: 'development' | 'production' | 'test';
  queueName?: string;
  /** Retries of a firing that failed for a passing reason (database restart, Redis away). */
  attempts?: number;
  backoffMs?: number;
  /**
   * How long a firing holds its job before another worker may take it over (renewed every half of it
   * while the firing runs), and how often workers look for jobs whose holder died (SIGKILL, lost
   * host). A crashed worker's firings are taken up again after about lock + check interval. BullMQ's
   * defaults are 30 s each.
   */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  warn?: (message: string) => void;
}

/** What a processor is told about the job it fires. */
export interface FiringJob {
  id: string;
  attemptsMade: number;
}

export type TimerProcessor = (timer: Timer, job: FiringJob) => Promise<unknown>;

/** Thrown by a processor when retrying cannot help (the rules refused): the job fails at once, kept. */
export { UnrecoverableError as PermanentTimerFailure };

/**
 * The durable timers' queue (DOMAIN.md "Deadlines and reminders"): one BullMQ queue on Redis or on PostgreSQL, behind the
 * same methods. Job ids are the timers' deterministic ids, so scheduling twice is one job; a job is
 * delayed until its fire time; a failed firing is retried with exponential backoff and, when it gives
 * up, kept (never removed) for inspection. Completed jobs are kept for a while too, so a replayed
 * reactor does not schedule a timer that has already fired again — but once removed, an id stops
 * deduplicating, which is why every firing's effect is idempotent on its own.
 */
export class TimerQueue {
  private worker: Worker | null = null;
  private readonly connections: Redis[] = [];

  private constructor(
    readonly backend: TimerBackend,
    readonly name: string,
    private readonly queue: Queue,
    private readonly workerFactory: (
      processor: (job: Job) => Promise<unknown>,
      concurrency: number,
    ) => Worker,
    redis: Redis | null,
  ) {
    if (redis) this.connections.push(redis);
  }

  static async open(o: TimerQueueOptions): Promise<TimerQueue> {
    const name = o.queueName ?? 'deadlines';
    const workerTiming = {
      lockDuration: o.lockDurationMs ?? 30_000,
      stalledInterval: o.stalledIntervalMs ?? o.lockDurationMs ?? 30_000,
      // A firing cut off by a crash is taken up again; its effect is idempotent, so a few crashes in a
      // row (a crash loop) must not fail the timer outright, as BullMQ's default of 1 would.
      maxStalledCount: 5,
    };
    const defaultJobOptions: JobsOptions = {
      attempts: o.attempts ?? 10,
      backoff: { type: 'exponential', delay: o.backoffMs ?? 2000 },
      // Completed: kept 30 days (ids keep deduplicating meanwhile). Failed: kept until someone looks.
      removeOnComplete: { age: 30 * 86_400 },
      removeOnFail: false,
    };
    if (o.redisUrl) {
      const redis = new Redis(o.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
      redis.on('error', () => undefined); // ioredis reconnects; commands fail and are retried by callers
      try {
        await redis.connect();
        await assertRedisFitForTimers(redis, o.nodeEnv, o.warn);
      } catch (err) {
        redis.disconnect();
        throw err;
      }
      // One product database, one namespace: two products (or test databases) on one Redis never
      // fire each other's timers.
      const prefix = `tdw-${databaseName(o.databaseUrl)}`;
      const queue = new Queue(name, { connection: redis, prefix, defaultJobOptions });
      const tq = new TimerQueue(
        'redis',
        name,
        queue,
        (processor, concurrency) => {
          const conn = redis.duplicate();
          conn.on('error', () => undefined);
          tq.connections.push(conn);
          return new Worker(name, processor, { connection: conn, prefix, concurrency, ...workerTiming });
        },
        redis,
      );
      await queue.waitUntilReady();
      return tq;
    }
    if (o.sharedSession) await shareBullmqSchema(o.databaseUrl);
    const connection = { connectionString: o.databaseUrl, migrate: true, max: 4 };
    const queue = new Queue(name, { connection, defaultJobOptions }, createPostgresBackend);
    // A lost database connection is reported by the health check and retried by BullMQ; unheard, the
    // 'error' event would take the process down.
    queue.on('error', () => undefined);
    await queue.waitUntilReady();
    return new TimerQueue(
      'postgres',
      name,
      queue as unknown as Queue,
      (processor, concurrency) =>
        new Worker(
          name,
          processor,
          { connection, concurrency, ...workerTiming },
          createPostgresBackend,
        ) as unknown as Worker,
      null,
    );
  }

  /** Adds the timer unless a job with its id exists; delayed until its fire time (at once if past). */
  async schedule(timer: Timer, now: Date): Promise<string> {
    const id = timerJobId(timer);
    const delay = Math.max(0, Date.parse(timer.fireAt) - now.getTime());
    await this.queue.add(timer.kind, timer, { jobId: id, delay });
    return id;
  }

  async scheduleAll(timers: readonly Timer[], now: Date): Promise<string[]> {
    const ids: string[] = [];
    for (const t of timers) ids.push(await this.schedule(t, now));
    return ids;
  }

  /** Removes pending jobs (a job being fired right now is left to finish: its command is a no-op). */
  async remove(ids: readonly string[]): Promise<number> {
    let removed = 0;
    for (const id of ids) {
      const job = await this.queue.getJob(id);
      if (!job) continue;
      const state = await job.getState();
      if (state !== 'delayed' && state !== 'waiting' && state !== 'prioritized') continue;
      removed += await this.queue.remove(id);
    }
    return removed;
  }

  async job(id: string): Promise<Job<Timer> | undefined> {
    return (await this.queue.getJob(id)) as Job<Timer> | undefined;
  }

  async state(id: string): Promise<string | null> {
    const job = await this.queue.getJob(id);
    return job ? await job.getState() : null;
  }

  /**
   * Every job still to fire (delayed, waiting), for the reconciler; read page by page. A job that moves
   * while the pages are read may be missed or listed twice: the reconciler only needs "most", and its
   * next run sees the rest.
   */
  async pendingJobs(pageSize = 1000): Promise<Array<{ id: string; timer: Timer }>> {
    const out = new Map<string, Timer>();
    for (let start = 0; ; start += pageSize) {
      const page = await this.queue.getJobs(
        ['delayed', 'waiting', 'prioritized'],
        start,
        start + pageSize - 1,
      );
      for (const job of page) if (job?.id) out.set(job.id, job.data as Timer);
      if (page.length < pageSize) break;
    }
    return [...out].map(([id, timer]) => ({ id, timer }));
  }

  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('delayed', 'waiting', 'active', 'completed', 'failed');
  }

  /**
   * The queue console's listing (DOMAIN.md "Deadlines and reminders"): up to `limit` jobs in one state — delayed ones
   * soonest first, finished ones newest first — summarised for an operator.
   */
  async listJobs(state: ConsoleJobState, limit: number): Promise<ConsoleJob[]> {
    const jobs = await this.queue.getJobs([state], 0, Math.max(1, limit) - 1, state === 'delayed');
    return jobs
      .filter((job): job is Job => Boolean(job?.id))
      .slice(0, limit)
      .map((job) => consoleJob(job));
  }

  /** A job as the console shows it, with its BullMQ state; null when there is none. */
  async consoleJobById(id: string): Promise<(ConsoleJob & { state: string }) | null> {
    const job = await this.queue.getJob(id);
    if (!job?.id) return null;
    return { ...consoleJob(job), state: await job.getState() };
  }

  /**
   * Puts a failed job back to work (任务队列「重试」): it runs once more with its attempts counted afresh.
   * BullMQ refuses a job that is no longer failed (someone retried it first): false then.
   */
  async retryFailed(id: string): Promise<boolean> {
    const job = await this.queue.getJob(id);
    if (!job) return false;
    try {
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    } catch {
      return false;
    }
  }

  /** Moves a delayed job to run now (an operator's "fire now"; tests use it instead of waiting days). */
  async promote(id: string): Promise<void> {
    const job = await this.queue.getJob(id);
    if (!job) throw new Error(`no timer ${id}`);
    await job.promote();
  }

  startWorker(processor: TimerProcessor, options: { concurrency?: number } = {}): void {
    if (this.worker) return;
    this.worker = this.workerFactory(
      (job) => processor(job.data as Timer, { id: job.id!, attemptsMade: job.attemptsMade }),
      options.concurrency ?? 8,
    );
    // A failing firing is retried and finally kept as failed; the worker itself must not crash the process.
    this.worker.on('error', () => undefined);
  }

  /** Stops taking jobs and waits for the firings in flight. */
  async stopWorker(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    await w?.close();
  }

  async close(): Promise<void> {
    await this.stopWorker();
    await this.queue.close();
    for (const c of this.connections) c.disconnect();
  }
}

/** The job states the queue console lists. */
export const CONSOLE_JOB_STATES = ['delayed', 'failed', 'completed'] as const;
export type ConsoleJobState = (typeof CONSOLE_JOB_STATES)[number];

/** One job as the queue console shows it: what it is for, when it fires, how its attempts went. */
export interface ConsoleJob {
  id: string;
  name: string;
  data: {
    kind: string | null;
    applicationId: string | null;
    reviewerId: string | null;
    revision: number | null;
    /** For the other steps' timers (kind `step`): which step, phase, stream and occurrence. */
    step: string | null;
    phase: string | null;
    streamId: string | null;
    occurrence: string | null;
    at: string | null;
    dueAt: string | null;
    /** For an email job: the notification it sends. */
    notificationId: string | null;
  };
  /** When the job is (or was) due to fire (ISO). */
  fireAt: string | null;
  attempts: number;
  /** Set once a firing failed (the last reason). */
  failedReason: string | null;
  finishedAt: string | null;
}

/** A BullMQ job as the console shows it, whichever queue it is in (the timers', the emails'). */
export function consoleJob(job: Job): ConsoleJob {
  const d = (job.data ?? {}) as Partial<
    Record<keyof ReviewTimer | keyof StepTimer | 'notificationId', unknown>
  >;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const isoOf = (ms: unknown) =>
    typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null;
  return {
    id: String(job.id),
    name: job.name,
    data: {
      kind: str(d.kind),
      applicationId: str(d.applicationId),
      reviewerId: str(d.reviewerId),
      revision: typeof d.revision === 'number' ? d.revision : null,
      step: str(d.step),
      phase: str(d.phase),
      streamId: str(d.streamId),
      occurrence: str(d.occurrence),
      at: str(d.at),
      dueAt: str(d.dueAt),
      notificationId: str(d.notificationId),
    },
    fireAt: str(d.fireAt) ?? isoOf((job.timestamp ?? 0) + (job.delay ?? 0)),
    attempts: job.attemptsMade ?? 0,
    failedReason: job.failedReason || null,
    finishedAt: isoOf(job.finishedOn),
  };
}

/** The slice of a Redis client the safety check needs. */
export interface RedisInfoClient {
  info(section: string): Promise<string>;
  config(op: 'GET', key: string): Promise<unknown>;
}

const infoField = (info: string, field: string): string | null =>
  new RegExp(`^${field}:(.*)$`, 'm').exec(info)?.[1]?.trim() ?? null;

/**
 * ARCHITECTURE.md "Stores" / DOMAIN.md "Deadlines and reminders": timers must not be evicted. In production, start refuses a
 * Redis whose `maxmemory-policy` is not `noeviction`, and warns when it keeps no persistence (a restart
 * of Redis would then lose every pending timer until the reconciler rebuilds them). Elsewhere both are
 * warnings.
 */
export async function assertRedisFitForTimers(
  redis: RedisInfoClient,
  nodeEnv: string,
  warn: (message: string) => void = () => undefined,
): Promise<{ maxmemoryPolicy: string | null; persistent: boolean | null }> {
  const memory = await redis.info('memory');
  const policy = infoField(memory, 'maxmemory_policy');
  if (policy !== 'noeviction') {
    const message = `Redis maxmemory-policy is ${policy ?? 'unknown'}; timers need "noeviction", or Redis may evict pending deadlines`;
    if (nodeEnv === 'production') throw new Error(`${message}. Refusing to start.`);
    warn(message);
  }
  const persistence = await redis.info('persistence');
  let persistent: boolean | null = infoField(persistence, 'aof_enabled') === '1';
  if (!persistent) {
    try {
      const save = (await redis.config('GET', 'save')) as string[];
      persistent = typeof save?.[1] === 'string' && save[1].trim() !== '';
    } catch {
      persistent = null; // CONFIG is disabled on some managed Redis: cannot tell
    }
  }
  if (persistent === false)
    warn('Redis keeps no persistence (no AOF, no RDB save points): a Redis restart loses pending timers');
  return { maxmemoryPolicy: policy, persistent };
}
