import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { EventLog } from '#libs/event-store';
import {
  APP_CONFIG,
  DATABASE,
  EVENT_LOG,
  listBackups,
  writeBackup,
  type AppConfig,
  type Database,
} from '#libs/platform';

const HOUR = 3_600_000;
/** The first backup waits this long after start, so it never competes with the first-start seed. */
export const FIRST_BACKUP_DELAY_MS = 60_000;
/** A failed backup (a full disk) is tried again after this long, and logged each time. */
const RETRY_MS = HOUR;

/** The time a backup's file name holds (`backup-20261203T193501Z-…`). */
export function backupTime(name: string): number | null {
  const m = /^backup-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-/.exec(name);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : null;
}

/** When the next backup is due: `every` after the newest one in the folder, never sooner than `minDelay`. */
export function nextBackupDelay(names: string[], now: number, everyMs: number, minDelayMs: number): number {
  const newest = names.map(backupTime).filter((t): t is number => t !== null);
  const due = newest.length === 0 ? now : Math.max(...newest) + everyMs;
  return Math.max(minDelayMs, due - now);
}

/**
 * The embedded default backs itself up (README "Running it for years"): an office running the product
 * on one machine has no database administrator, so the running product writes a backup into BACKUP_DIR
 * every BACKUP_EVERY_HOURS (daily by default) and keeps the newest BACKUP_KEEP. The schedule follows the
 * newest file in the folder, so restarts neither skip a day nor take an extra backup. On a PostgreSQL
 * server, backups are the server's (or `npm run backup` from cron), and nothing is scheduled here.
 */
@Injectable()
export class ScheduledBackup implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Backup');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly db: Database,
    @Inject(EVENT_LOG) private readonly log: EventLog,
  ) {}

  onApplicationBootstrap(): void {
    if (this.db.embedded === null || this.config.backup.everyHours === 0) return;
    // A backup copies PostgreSQL's tables: with the log in KurrentDB it would hold read models without
    // their events, a backup that cannot be restored. Refuse at start rather than write such files.
    this.log.postgresLog('Scheduled backups (BACKUP_EVERY_HOURS; set it to 0 to start without them)');
    this.schedule(FIRST_BACKUP_DELAY_MS);
  }

  private schedule(minDelayMs: number): void {
    if (this.stopped) return;
    const delay = nextBackupDelay(
      listBackups(this.config.backup.dir),
      Date.now(),
      this.config.backup.everyHours * HOUR,
      minDelayMs,
    );
    this.timer = setTimeout(() => {
      this.running = this.runOnce().finally(() => (this.running = null));
    }, delay);
    this.timer.unref();
  }

  /** Takes one backup now; the next is scheduled after it (or retried in an hour when it failed). */
  async runOnce(): Promise<void> {
    try {
      const r = await writeBackup(this.db.pool, {
        dir: this.config.backup.dir,
        keep: this.config.backup.keep,
      });
      this.logger.log(
        `backup ${r.file}: ${r.manifest.events} events, log head ${r.manifest.head ?? 'none'}, ${r.bytes} bytes` +
          (r.removed.length > 0 ? `; removed ${r.removed.length} older` : ''),
      );
      this.schedule(0);
    } catch (err) {
      this.logger.error(`backup into ${this.config.backup.dir} failed: ${(err as Error).message}`);
      if (!this.stopped) {
        this.timer = setTimeout(() => {
          this.running = this.runOnce().finally(() => (this.running = null));
        }, RETRY_MS);
        this.timer.unref();
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
