import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { TIMER_QUEUE, type TimerQueue } from '#libs/deadlines';
import { APP_CONFIG, type AppConfig } from '#libs/platform';
import { TimerFiring } from './timer.processor.js';

/**
 * Runs the BullMQ worker that fires the timers. Stops taking jobs before the database pool closes
 * (a job in flight finishes; one cut off by a crash is taken up again by BullMQ's stalled-job check and
 * fired again, which its idempotent commands make harmless).
 */
@Injectable()
export class TimerWorker implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('TimerWorker');

  constructor(
    @Inject(TIMER_QUEUE) private readonly queue: TimerQueue,
    private readonly firing: TimerFiring,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // TIMER_CONCURRENCY firings in flight: a firing is a command that mostly waits on the database, and
    // with 8 at once one process fired fewer timers per second than 10,000 in a minute fall due (#8 T1).
    this.queue.startWorker(
      async (timer, job) => {
        try {
          return await this.firing.process(timer, job);
        } catch (err) {
          this.logger.warn({ err, jobId: job.id, attempt: job.attemptsMade + 1 }, `timer ${job.id} failed`);
          throw err;
        }
      },
      { concurrency: this.config.timerConcurrency },
    );
    this.logger.log(`firing timers from the ${this.queue.backend} queue "${this.queue.name}"`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.stopWorker();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
