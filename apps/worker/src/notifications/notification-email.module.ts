import {
  Inject,
  Injectable,
  Logger,
  Module,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type pg from 'pg';
import {
  EMAIL_MAX_AGE_MS,
  EMAIL_QUEUE,
  EmailQueue,
  EmailQueueModule,
  notificationEmailReactor,
  smtpTransport,
  type MailTransport,
} from '#libs/deadlines';
import { eachEvent, ReactorSubscription, type EventLog, type EventStore } from '#libs/event-store';
import {
  APP_CONFIG,
  AppendSignal,
  Clock,
  EVENT_LOG,
  EVENT_STORE,
  PG_POOL,
  type AppConfig,
} from '#libs/platform';
import { MAIL_TRANSPORT, NotificationEmailDelivery } from './notification-email.delivery.js';

/** Notification streams asked about per round trip when looking for recorded email outcomes. */
const OUTCOME_LOOKUP = 1000;

/**
 * Runs email delivery when SMTP is configured (DOMAIN.md "Deadlines and reminders"): the reactor that turns notifications
 * into email jobs, the queue's worker that sends them, and — at start — a reconciliation that re-adds
 * the job of every recent notification whose email outcome is not recorded (the queue lost its data, or
 * a job gave up while the server was down for long). Without SMTP settings it does nothing at all.
 */
@Injectable()
export class NotificationEmailWorker
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('NotificationEmail');
  private subscription: ReactorSubscription | null = null;
  private unsubscribe: (() => void) | null = null;
  private reconciling: Promise<unknown> = Promise.resolve();

  constructor(
    @Optional() @Inject(EMAIL_QUEUE) readonly queue: EmailQueue | null,
    @Optional() @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport | null,
    private readonly delivery: NotificationEmailDelivery,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    private readonly signal: AppendSignal,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.queue !== null;
  }

  async onApplicationBootstrap(): Promise<void> {
    const queue = this.queue;
    if (!queue || !this.config.smtp) return;
    queue.startWorker(async (notificationId, job) => {
      try {
        return await this.delivery.deliver(notificationId);
      } catch (err) {
        // The address is never logged: the notification id leads to it for those allowed to see it.
        this.logger.warn({ err, notificationId, attempt: job.attemptsMade + 1 }, `email ${job.id} failed`);
        throw err;
      }
    });
    this.subscription = new ReactorSubscription(this.pool, notificationEmailReactor(queue, this.clock), {
      read: (after, limit, types) => this.log.readBatch(after, limit, types),
      pollIntervalMs: this.log.pollIntervalMs,
      onRefused: (err, event, name) =>
        this.logger.warn({ reactor: name, eventId: event.id, code: err.code }, `${name}: refused`),
      onError: (err, name) => this.logger.error({ err, reactor: name }, `${name} failed a batch; retrying`),
    });
    await this.subscription.setup();
    this.subscription.start();
    this.unsubscribe = this.signal.on((news) => this.subscription?.nudge(news));
    this.reconciling = this.reconcile().catch((err: unknown) =>
      this.logger.error({ err }, 'could not re-add missing email jobs; the next start tries again'),
    );
    const { host, port } = this.config.smtp;
    this.logger.log(
      `emailing notifications through ${host}:${port} from the ${queue.backend} queue "${queue.name}"`,
    );
    // A server that is down at start is not an error: emails wait in the queue until it is back.
    void this.transport
      ?.verify()
      .catch((err: unknown) =>
        this.logger.warn(
          { err },
          `SMTP server ${host}:${port} is not answering; emails wait and are retried`,
        ),
      );
  }

  /**
   * Re-adds the email job of every notification sent within EMAIL_MAX_AGE_MS that has no recorded email
   * outcome and no job waiting, and retries those whose job gave up for a passing reason. Returns how
   * many it re-added or retried. Reads the log through the event-store port (ARCHITECTURE.md "Between
   * contexts"): the notifications sent in the window, then which of their streams record an outcome.
   */
  async reconcile(): Promise<number> {
    const queue = this.queue;
    if (!queue) return 0;
    const since = new Date(this.clock.now().getTime() - EMAIL_MAX_AGE_MS);
    const sent: string[] = [];
    for await (const e of eachEvent(this.store, {
      types: ['NotificationSent'],
      recordedAfter: since,
      asStored: true,
    }))
      sent.push(e.streamId);
    const settled = new Set<string>();
    for (let i = 0; i < sent.length; i += OUTCOME_LOOKUP) {
      for await (const e of eachEvent(this.store, {
        streamIds: sent.slice(i, i + OUTCOME_LOOKUP),
        types: ['NotificationEmailed', 'NotificationEmailSkipped'],
        asStored: true,
      }))
        settled.add(e.streamId);
    }
    const unsettled = sent
      .filter((streamId) => !settled.has(streamId))
      .map((streamId) => streamId.slice('notification-'.length));
    let touched = 0;
    for (const id of unsettled) {
      const job = await queue.job(id);
      if (!job) {
        await queue.enqueue(id);
        touched++;
      } else if (
        (await job.getState()) === 'failed' &&
        !String(job.failedReason ?? '').startsWith('refused:')
      ) {
        await job.retry('failed');
        touched++;
      }
    }
    if (touched > 0) this.logger.log(`re-added ${touched} email job(s) from the event store`);
    return touched;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.reconciling;
    await this.subscription?.stop();
    await this.queue?.stopWorker();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.close();
    this.transport?.close();
  }
}

/**
 * Email delivery of notifications (DOMAIN.md "Deadlines and reminders"): on the same backend as the timers (Redis when
 * REDIS_URL is set, else BullMQ's PostgreSQL backend), in a queue of its own. Nothing is opened when no
 * SMTP server is configured.
 */
@Module({
  imports: [EmailQueueModule],
  providers: [
    {
      provide: MAIL_TRANSPORT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => (config.smtp ? smtpTransport(config.smtp) : null),
    },
    NotificationEmailDelivery,
    NotificationEmailWorker,
  ],
  exports: [EmailQueueModule, NotificationEmailDelivery, NotificationEmailWorker],
})
export class NotificationEmailModule {}
