import pg from 'pg';
import { comparePositions, decodePosition, encodePosition, type LogPosition } from '../event-store.port.js';
import { statement } from './prepared-statements.js';

/** The channel an append is announced on once it has committed; the payload is its position. */
export const APPEND_CHANNEL = 'es_appended';
/**
 * The application_name of every LISTEN connection: an appender asks pg_stat_activity whether any
 * process other than itself listens, and sends no NOTIFY when none does.
 */
export const WAKEUP_APPLICATION_NAME = 'es-append-wakeup';
/** How long an appender that found nobody else listening stops asking (and notifying). */
const QUIET_MS = 1000;
/** Payloads stay well under PostgreSQL's 8000 bytes; past this the types are left out (everyone wakes). */
const MAX_PAYLOAD = 4000;

/**
 * What an append announces: its position, and the event types it wrote (null: unknown, which wakes
 * everyone). A subscription that handles none of the types need not wake: it reads them at its next
 * poll, and a position waiter counts it caught up meanwhile (checkpointed-subscription.ts `caughtUp`).
 */
export interface AppendNews {
  position: LogPosition;
  types: readonly string[] | null;
}

/** The NOTIFY payload: `<tx>.<seq>`, then a space and the types, comma-separated, when they fit. */
export function encodeNews(news: AppendNews): string {
  const position = encodePosition(news.position);
  if (!news.types) return position;
  const payload = `${position} ${news.types.join(',')}`;
  return payload.length <= MAX_PAYLOAD ? payload : position;
}

export function decodeNews(payload: string): AppendNews | null {
  const space = payload.indexOf(' ');
  const position = decodePosition(space < 0 ? payload : payload.slice(0, space));
  if (!position) return null;
  return { position, types: space < 0 ? null : payload.slice(space + 1).split(',') };
}

/**
 * Wakes this process's subscriptions and position waiters when another process appends to the log on
 * PostgreSQL. An append in this process wakes them in-process (platform's AppendSignal); one made by
 * another process (the API, with the worker in its own process) used to be seen only at the next poll,
 * 100 ms later, and every read-your-writes wait paid for it (BENCHMARKS.md C1). The appenders announce
 * each commit with `pg_notify(es_appended, position)` (AppendNotifier), and this holds one LISTEN
 * connection for the whole process.
 *
 * A notification is a hint, never the only way an event is found: subscriptions keep a slow poll (a few
 * seconds) for notifications that were never sent or were missed, and whenever the LISTEN connection is
 * (re)established — at start, and after the connection or the server was lost, which loses whatever was
 * announced meanwhile — every listener is woken once so it reads what it may have missed.
 */
export class AppendWakeup {
  private readonly listeners = new Set<(news: AppendNews | null) => void>();
  private client: pg.Client | null = null;
  private running = false;
  private failures = 0;
  private retry: NodeJS.Timeout | null = null;
  private connecting: Promise<void> | null = null;
  private backendPid: number | null = null;

  constructor(
    private readonly options: {
      /** Where to connect: the pool's own settings (`pool.options`). */
      connection: pg.ClientConfig;
      /** Called on a lost or refused LISTEN connection; it is retried (0.25 s, doubling up to 5 s). */
      onError?: (err: unknown) => void;
    },
  ) {}

  /** The server process id of the LISTEN connection while it is up (an appender leaves it out). */
  get pid(): number | null {
    return this.backendPid;
  }

  /** Whether the LISTEN connection is up now. */
  get listening(): boolean {
    return this.backendPid !== null;
  }

  /** Call `listener` on every announced append and on every (re)connection (null: read whatever is new). */
  on(listener: (news: AppendNews | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Open the LISTEN connection (in the background; listeners are woken once it is up). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.connecting = this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    await this.connecting;
    const client = this.client;
    this.client = null;
    this.backendPid = null;
    await client?.end().catch(() => undefined);
  }

  private emit(news: AppendNews | null): void {
    for (const l of this.listeners) {
      try {
        l(news);
      } catch (err) {
        this.options.onError?.(err);
      }
    }
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      ...this.options.connection,
      application_name: WAKEUP_APPLICATION_NAME,
      // An idle connection whose server vanished without closing it is noticed by TCP keepalive.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    client.on('notification', (msg) => {
      if (client === this.client) this.emit(msg.payload ? decodeNews(msg.payload) : null);
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('LISTEN connection closed')));
    try {
      await client.connect();
      const res = (await client.query(
        `LISTEN ${APPEND_CHANNEL}; SELECT pg_backend_pid() AS pid`,
      )) as unknown as pg.QueryResult<{ pid: number }>[];
      if (!this.running) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      this.backendPid = res[1]!.rows[0]!.pid;
      this.failures = 0;
      // Whatever was appended while nobody here listened (before start, or while reconnecting).
      this.emit(null);
    } catch (err) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      this.lost(client, err, true);
    } finally {
      this.connecting = null;
    }
  }

  private lost(client: pg.Client, err: unknown, refused = false): void {
    if (!refused && client !== this.client) return;
    this.client = null;
    this.backendPid = null;
    if (!refused) client.end().catch(() => undefined);
    if (!this.running || this.retry) return;
    this.options.onError?.(err);
    const delay = Math.min(5000, 250 * 2 ** this.failures++);
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.running) this.connecting = this.connect();
    }, delay);
  }
}

/**
 * Announces committed appends to the other processes (AppendWakeup). One NOTIFY at a time: appends that
 * commit while one is on its way are announced together by the next, with the furthest position, so a
 * busy API adds far fewer than one statement per append. The NOTIFY is sent after the append's own
 * transaction, never inside it: a notifying commit takes a database-wide lock, and inside es_append it
 * would make every append wait for every other one's commit.
 *
 * The same statement asks whether any other process listens, and sends nothing when none does (the API
 * and the worker in one process, the default: they are woken in-process); it then stays quiet for a
 * second before asking again. A worker that starts listening within that second is not notified of it
 * at once, but loses nothing: it reads everything on connecting and at its fallback poll.
 */
export class AppendNotifier {
  private pending: LogPosition | null = null;
  /** The types of the appends waiting to be announced; null once one of unknown types is among them. */
  private types: Set<string> | null = new Set();
  private sending = false;
  private quietUntil = 0;

  constructor(
    private readonly pool: pg.Pool,
    /** Server process ids of this process's own LISTEN connections, which need no announcement. */
    private readonly own: () => readonly number[] = () => [],
  ) {}

  announce(position: LogPosition, types: readonly string[] | null = null): void {
    if (Date.now() < this.quietUntil) return;
    if (!this.pending || comparePositions(position, this.pending) > 0) this.pending = position;
    if (!types) this.types = null;
    else if (this.types) for (const t of types) this.types.add(t);
    if (!this.sending) void this.send();
  }

  /** Resolves once nothing is waiting to be announced (tests). */
  async settled(): Promise<void> {
    while (this.sending) await new Promise((r) => setTimeout(r, 1));
  }

  private async send(): Promise<void> {
    this.sending = true;
    try {
      while (this.pending) {
        const news: AppendNews = { position: this.pending, types: this.types ? [...this.types] : null };
        this.pending = null;
        this.types = new Set();
        const res = await this.pool.query(
          statement(
            this.pool,
            'es_announce',
            `SELECT pg_notify($1, $2) FROM pg_stat_activity
              WHERE application_name = $3 AND datname = current_database() AND NOT (pid = ANY ($4::int[]))
              LIMIT 1`,
            [APPEND_CHANNEL, encodeNews(news), WAKEUP_APPLICATION_NAME, [...this.own()]],
          ),
        );
        if (res.rowCount === 0) {
          this.quietUntil = Date.now() + QUIET_MS;
          this.pending = null;
          this.types = new Set();
        }
      }
    } catch {
      // Database away: the listeners reconnect and read everything, and they poll in any case.
      this.pending = null;
      this.types = new Set();
    } finally {
      this.sending = false;
    }
  }
}
