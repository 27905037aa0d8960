import { Queue, UnrecoverableError, Worker, createPostgresBackend, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { databaseName, shareBullmqSchema } from '../../bullmq-backend.js';
import { consoleJob, type ConsoleJob, type ConsoleJobState } from '../../timer-queue.js';

export const EMAIL_QUEUE = Symbol('EMAIL_QUEUE');

/** Thrown by the delivery when retrying cannot help (the server refused the message): failed at once, kept. */
export { UnrecoverableError as PermanentEmailFailure };

/** The longest wait between two attempts: a server back after an outage is used within this long. */
export const EMAIL_RETRY_CAP_MS = 10 * 60_000;
/**
 * Attempts per email. With the default first retry of 5 s doubling to the 10-minute cap this keeps
 * trying for about 2 days — longer than a notification stays worth sending (see EMAIL_MAX_AGE_MS) — so
 * an outage short of that never loses an email; the worker also re-adds missing jobs at every start.
 */
export const EMAIL_ATTEMPTS = 300;

/** The job id of a notification's email: one job per notification, however often it is added. */
export function emailJobId(notificationId: string): string {
  return `email|${notificationId}`;
}

/** The wait before attempt `attemptsMade + 1`: `base`, doubling each time, never above the cap. */
export function emailRetryDelay(attemptsMade: number, baseMs: number): number {
  return Math.min(EMAIL_RETRY_CAP_MS, baseMs * 2 ** Math.max(0, Math.min(30, attemptsMade - 1)));
}

export interface EmailQueueOptions {
  /** Redis through ioredis when set, as the timers … */
  redisUrl: string | null;
  /** … else BullMQ's PostgreSQL backend on the product's own database (ARCHITECTURE.md "Stores"). */
  databaseUrl: string;
  /** The embedded PGlite behind the product's gateway: one session shared by every client. */
  sharedSession?: boolean;
  queueName?: string;
  /** First retry after this long; doubled each time up to EMAIL_RETRY_CAP_MS (SMTP_RETRY_DELAY_MS). */
  retryDelayMs: number;
  attempts?: number;
}

export type EmailProcessor = (
  notificationId: string,
  job: { id: string; attemptsMade: number },
) => Promise<unknown>;

/**
 * The notification emails' queue (DOMAIN.md "Deadlines and reminders"): one BullMQ job per notification, on Redis or on
 * PostgreSQL like the timers, with its own name so a slow or absent SMTP server never holds up a timer.
 * A job that fails for a passing reason (the server is down) is retried with capped exponential backoff;
 * one that gives up, or is refused for good, is kept for inspection. Completed jobs are kept for a while,
 * so a replayed reactor does not add the job again — and when it does, the delivery finds the email
 * recorded on the notification's stream and sends nothing.
 */
export class EmailQueue {
  private worker: Worker | null = null;
  private readonly connections: Redis[] = [];

  private constructor(
    readonly backend: 'redis' | 'postgres',
    readonly name: string,
    private readonly queue: Queue,
    private readonly workerFactory: (
      processor: (job: Job) => Promise<unknown>,
      concurrency: number,
    ) => Worker,
  ) {}

  static async open(o: EmailQueueOptions): Promise<EmailQueue> {
    const name = o.queueName ?? 'notification-email';
    const defaultJobOptions: JobsOptions = {
      attempts: o.attempts ?? EMAIL_ATTEMPTS,
      backoff: { type: 'capped-exponential', delay: o.retryDelayMs },
      removeOnComplete: { age: 30 * 86_400 },
      removeOnFail: false,
    };
    const workerSettings = {
      // A delivery cut off by a crash is taken up again; the recorded outcome makes that harmless.
      maxStalledCount: 5,
      settings: {
        backoffStrategy: (attemptsMade: number) => emailRetryDelay(attemptsMade, o.retryDelayMs),
      },
    };
    if (o.redisUrl) {
      const redis = new Redis(o.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
      redis.on('error', () => undefined); // ioredis reconnects; BullMQ retries
      await redis.connect();
      // The timers' namespace: one product database, one prefix (timer-queue.ts).
      const prefix = `tdw-${databaseName(o.databaseUrl)}`;
      const queue = new Queue(name, { connection: redis, prefix, defaultJobOptions });
      const eq: EmailQueue = new EmailQueue('redis', name, queue, (processor, concurrency) => {
        const conn = redis.duplicate();
        conn.on('error', () => undefined);
        eq.connections.push(conn);
        return new Worker(name, processor, { connection: conn, prefix, concurrency, ...workerSettings });
      });
      eq.connections.push(redis);
      await queue.waitUntilReady();
      return eq;
    }
    if (o.sharedSession) await shareBullmqSchema(o.databaseUrl);
    const connection = { connectionString: o.databaseUrl, migrate: true, max: 2 };
    const queue = new Queue(name, { connection, defaultJobOptions }, createPostgresBackend);
    queue.on('error', () => undefined);
    await queue.waitUntilReady();
    return new EmailQueue(
      'postgres',
      name,
      queue as unknown as Queue,
      (processor, concurrency) =>
        new Worker(
          name,
          processor,
          { connection, concurrency, ...workerSettings },
          createPostgresBackend,
        ) as unknown as Worker,
    );
  }

  /** Adds the notification's email unless its job exists (in any state). */
  async enqueue(notificationId: string): Promise<string> {
    const id = emailJobId(notificationId);
    await this.queue.add('notification-email', { notificationId }, { jobId: id });
    return id;
  }

  async job(notificationId: string): Promise<Job<{ notificationId: string }> | undefined> {
    return (await this.queue.getJob(emailJobId(notificationId))) as
      Job<{ notificationId: string }> | undefined;
  }

  async state(notificationId: string): Promise<string | null> {
    const job = await this.queue.getJob(emailJobId(notificationId));
    return job ? await job.getState() : null;
  }

  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('delayed', 'waiting', 'active', 'completed', 'failed');
  }

  /** The queue console's listing (DOMAIN.md "Deadlines and reminders"), as for the timers. */
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

  startWorker(processor: EmailProcessor, options: { concurrency?: number } = {}): void {
    if (this.worker) return;
    this.worker = this.workerFactory(
      (job) =>
        processor((job.data as { notificationId: string }).notificationId, {
          id: job.id!,
          attemptsMade: job.attemptsMade,
        }),
      options.concurrency ?? 4,
    );
    this.worker.on('error', () => undefined);
  }

  async stopWorker(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    await w?.close();
  }

  async close(): Promise<void> {
    await this.stopWorker();
    await this.queue.close();
    for (const c of this.connections.splice(0)) c.disconnect();
  }
}
