import { Inject, Injectable, Module, Optional, type OnApplicationShutdown } from '@nestjs/common';
import { EMAIL_QUEUE, EmailQueue } from './email-queue.js';
import { APP_CONFIG, DATABASE, type AppConfig, type Database } from '#libs/platform';

/** Closes the queue's connections when the process stops (closing twice is harmless). */
@Injectable()
class EmailQueueCloser implements OnApplicationShutdown {
  constructor(@Optional() @Inject(EMAIL_QUEUE) private readonly queue: EmailQueue | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.close();
  }
}

/**
 * The notification emails' queue alone (DOMAIN.md "Deadlines and reminders"), like TimerQueueModule for the timers: on Redis
 * when REDIS_URL is set, else BullMQ's PostgreSQL backend; null when no SMTP server is configured. The
 * worker's NotificationEmailModule sends from it; the API's queue console reads it without sending.
 */
@Module({
  providers: [
    {
      provide: EMAIL_QUEUE,
      inject: [APP_CONFIG, DATABASE],
      useFactory: (config: AppConfig, db: Database) =>
        config.smtp
          ? EmailQueue.open({
              redisUrl: config.redisUrl,
              databaseUrl: db.url,
              // An embedded database, or a PGlite served over its socket (one session for every client), ignores
              // the search_path BullMQ asks for at connect; appending BullMQ's schema to the session's path is
              // a no-op on a PostgreSQL server, whose connections each have their own session.
              sharedSession: true,
              retryDelayMs: config.smtp.retryDelayMs,
            })
          : null,
    },
    EmailQueueCloser,
  ],
  exports: [EMAIL_QUEUE],
})
export class EmailQueueModule {}
