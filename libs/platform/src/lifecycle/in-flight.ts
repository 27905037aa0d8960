import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../database/tokens.js';

/**
 * Counts work in flight (HTTP requests, commands). On shutdown it refuses new work and waits, up to
 * SHUTDOWN_TIMEOUT_MS, for what is running to finish, so an accepted command is fully recorded before
 * the subscriptions stop and the pool closes.
 */
@Injectable()
export class InFlightTracker implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private count = 0;
  private closingFlag = false;
  private waiters: (() => void)[] = [];
  private drainedPromise: Promise<void> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get closing(): boolean {
    return this.closingFlag;
  }

  get inFlight(): number {
    return this.count;
  }

  enter(): void {
    this.count++;
  }

  leave(): void {
    this.count = Math.max(0, this.count - 1);
    if (this.count === 0) for (const w of this.waiters.splice(0)) w();
  }

  /** Stop taking work and wait for what is running (idempotent; every caller gets the same wait). */
  drain(): Promise<void> {
    this.closingFlag = true;
    this.drainedPromise ??= (async () => {
      if (this.count === 0) return;
      this.logger.log(`waiting for ${this.count} request(s) in flight`);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.waiters.push(resolve)),
        new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            this.logger.warn(
              `${this.count} request(s) still in flight after ${this.config.shutdownTimeoutMs} ms`,
            );
            resolve();
          }, this.config.shutdownTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
    })();
    return this.drainedPromise;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.drain();
  }
}
