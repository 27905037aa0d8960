import { Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TIMER_QUEUE, TimerQueue } from './timer-queue.js';
import { APP_CONFIG, DATABASE, type AppConfig, type Database } from '#libs/platform';

/** Closes the queue's connections when the process stops (closing twice is harmless). */
@Injectable()
class TimerQueueCloser implements OnApplicationShutdown {
  constructor(@Inject(TIMER_QUEUE) private readonly queue: TimerQueue) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}

/**
 * The timers' queue alone (DOMAIN.md "Deadlines and reminders"): on Redis when REDIS_URL is set, else on BullMQ's PostgreSQL
 * backend in the product's own database. The worker's TimersModule adds the firing on top of it; the
 * API's queue console uses it to read the queue without firing anything. One instance per process
 * (Nest shares a module imported twice).
 */
@Module({
  providers: [
    {
      provide: TIMER_QUEUE,
      inject: [APP_CONFIG, DATABASE],
      useFactory: (config: AppConfig, db: Database) => {
        const logger = new Logger('Timers');
        return TimerQueue.open({
          redisUrl: config.redisUrl,
          databaseUrl: db.url,
          // An embedded database, or a PGlite served over its socket (one session for every client), ignores
          // the search_path BullMQ asks for at connect; appending BullMQ's schema to the session's path is
          // a no-op on a PostgreSQL server, whose connections each have their own session.
          sharedSession: true,
          nodeEnv: config.nodeEnv,
          warn: (m) => logger.warn(m),
          // TIMER_LOCK_MS: a firing cut off by a crash is taken over after this long.
          lockDurationMs: config.timerLockMs,
          stalledIntervalMs: Math.max(500, config.timerLockMs / 2),
        });
      },
    },
    TimerQueueCloser,
  ],
  exports: [TIMER_QUEUE],
})
export class TimerQueueModule {}
