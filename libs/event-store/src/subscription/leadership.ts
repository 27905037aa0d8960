import { createHash } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';

/**
 * One active runner per subscription across processes (README "Running on real servers and scaling").
 *
 * Every process that runs subscriptions contends for them with PostgreSQL session-level advisory locks,
 * one lock per subscription name, all held on one dedicated connection per group (never a pooled one: a
 * pooled client goes back to the pool and would carry the locks to whoever takes it next). Holding a
 * name's lock means running that subscription; a process that does not hold it stands by and tries again
 * every `retryIntervalMs`.
 *
 * - Hand-over on death: PostgreSQL releases a session's advisory locks when the session ends. A killed
 *   process (even SIGKILL) has its socket closed by the kernel, the server ends the session at once, and a
 *   standby takes the names at its next attempt: within `retryIntervalMs` (1 s by default). A connection
 *   cut without a FIN (a network partition) is found by TCP keepalives set on the session (≈ 25 s).
 * - Hand-over on a graceful stop: the holder stops its subscriptions (each finishes its batch in flight),
 *   unlocks, and announces it with NOTIFY, which wakes the standbys at once.
 * - Spreading: processes of a group count each other (each holds a shared "member" lock on its
 *   connection) and take at most their fair share, ceil(names / members); a process above its share
 *   hands the extras over. One worker runs everything; two split the subscriptions; when one dies the
 *   other's share becomes everything.
 * - Losing the connection: the holder can no longer prove it holds the locks, so it stops its
 *   subscriptions at once and contends again after reconnecting.
 *
 * Correctness does not rest on the locks' timing: a projection batch still locks its checkpoint row (two
 * runners in the short overlap of a hand-over take turns, never apply a batch twice), and reactors'
 * commands are idempotent by event id. The election saves the contention and the duplicate reactions.
 *
 * A shared session (the embedded PGlite behind its gateway: every client is the same session, so every
 * advisory lock is granted to everyone) is detected by comparing backend pids; there the process leads
 * every name without locking — only one process can own a PGlite folder.
 */

/** First key of the two-int4 leadership locks; the migrations' lock is 727274001. */
export const LEADERSHIP_LOCK_SPACE = 727274100;
/** Shared locks, one per group, that let the processes of a group count each other. */
const MEMBERS_LOCK_SPACE = 727274101;
/** Serialises set-up (CREATE TABLE IF NOT EXISTS races between processes starting together). */
const SETUP_LOCK_SPACE = 727274102;
/** NOTIFY channel: "something was released or someone joined; look again now". */
export const LEADERSHIP_CHANNEL = 'tdw_leadership';

/** A name's lock key: 31 bits of its SHA-256, so it is the same in every process and never negative. */
export function leadershipKey(name: string): number {
  return createHash('sha256').update(name).digest().readUInt32BE(0) & 0x7fffffff;
}

export type LeadershipMode = 'connecting' | 'elected' | 'shared-session' | 'stopped';

export interface LeadershipStatus {
  group: string;
  mode: LeadershipMode;
  /** This process's session name (`application_name`), as `leadershipHolders` reports it. */
  identity: string;
  /** Processes contending in this group, this one included (as of the last attempt). */
  members: number;
  /** Backend pid of the session that holds this process's locks (null while not connected). */
  session: number | null;
  leading: string[];
  standingBy: string[];
}

export interface LeadershipOptions {
  /** Names the group elects runners for (subscription names, unique across groups). */
  names: readonly string[];
  /** Label for logs and the session name, e.g. `projections`. */
  group: string;
  /** The product's pool: its settings open the dedicated connection; it also tells a shared session. */
  pool: pg.Pool;
  /** Start running `name` (this process now holds its lock). */
  acquire: (name: string) => void | Promise<void>;
  /** Stop running `name` and wait for its batch in flight (before its lock is released). */
  release: (name: string) => Promise<void>;
  /** How often a standby tries again; also how often the holder checks its connection. Default 1000. */
  retryIntervalMs?: number;
  /** A leadership query slower than this counts as a lost connection. Default 5000. */
  queryTimeoutMs?: number;
  log?: (level: 'info' | 'warn', message: string, fields: Record<string, unknown>) => void;
}

export class LeaderElection {
  private readonly names: readonly string[];
  private readonly keys: Map<string, number>;
  private readonly retryMs: number;
  private readonly timeoutMs: number;
  readonly identity: string;
  private client: pg.Client | null = null;
  private session: number | null = null;
  private mode: LeadershipMode = 'connecting';
  private members = 0;
  private readonly held = new Set<string>();
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  /** Leadership steps (attempts, step-downs, stop) never overlap. */
  private turn: Promise<void> = Promise.resolve();
  private attemptQueued = false;
  /** Where this process starts looking, so processes that start together do not all try the same names. */
  private readonly offset: number;
  /** Processes of a group count each other only when they contend for the same names. */
  private readonly membersKey: number;
  /** A failing connection is reported once, not at every try. */
  private reportedDown = false;

  constructor(private readonly options: LeadershipOptions) {
    this.names = [...options.names];
    this.keys = new Map(this.names.map((n) => [n, leadershipKey(n)]));
    const byKey = new Map<number, string>();
    for (const [name, key] of this.keys) {
      const other = byKey.get(key);
      if (other !== undefined) throw new Error(`leadership keys of ${other} and ${name} collide`);
      byKey.set(key, name);
    }
    this.retryMs = options.retryIntervalMs ?? 1000;
    this.timeoutMs = options.queryTimeoutMs ?? 5000;
    // Visible in pg_stat_activity: who leads what, for operators and tests (`leadershipHolders`).
    this.identity = `tdw-${options.group}@${os.hostname()}:${process.pid}`.slice(0, 63);
    this.offset = this.names.length ? process.pid % this.names.length : 0;
    this.membersKey = leadershipKey(`${options.group}:${[...this.names].sort().join(',')}`);
  }

  /** Runs `fn` while no other process runs a set-up under this lock (any group). */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.names.length === 0) return fn();
    let result!: T;
    await this.serial(async () => {
      const client = this.client ?? (await this.connect());
      if (this.mode === 'shared-session') {
        result = await fn();
        return;
      }
      // No timeout here: waiting for another process's set-up is normal at a simultaneous start.
      await client.query('SELECT pg_advisory_lock($1, 0)', [SETUP_LOCK_SPACE]);
      try {
        result = await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, 0)', [SETUP_LOCK_SPACE]);
      }
    });
    return result;
  }

  /** Contend from now on: try at once, then every `retryIntervalMs` and whenever another process calls. */
  start(): void {
    // Nothing to lead: no connection, and no membership that would shrink the others' share.
    if (this.running || this.names.length === 0) return;
    this.running = true;
    this.attempt();
  }

  /** Graceful stop: stop every subscription this process runs, release its locks, tell the others. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.serial(async () => {
      const client = this.client;
      const held = [...this.held];
      for (const name of held) await this.stepDown(name);
      if (client && this.mode === 'elected') {
        try {
          for (const name of held)
            await this.query(client, 'SELECT pg_advisory_unlock($1, $2)', [
              LEADERSHIP_LOCK_SPACE,
              this.keys.get(name),
            ]);
          await this.query(client, 'SELECT pg_notify($1, $2)', [LEADERSHIP_CHANNEL, this.options.group]);
        } catch {
          // Ending the session below releases the locks anyway; the standbys then find them at their next try.
        }
      }
      if (held.length)
        this.log('info', `released leadership of ${held.join(', ')} (stopping)`, { released: held });
      this.client = null;
      this.mode = 'stopped';
      if (client) await client.end().catch(() => undefined);
    });
  }

  isLeading(name: string): boolean {
    return this.held.has(name);
  }

  status(): LeadershipStatus {
    return {
      group: this.options.group,
      mode: this.mode,
      identity: this.identity,
      members: this.members,
      session: this.client ? this.session : null,
      leading: this.names.filter((n) => this.held.has(n)),
      standingBy: this.names.filter((n) => !this.held.has(n)),
    };
  }

  /** Queue one leadership attempt (coalesced: a burst of wake-ups makes one attempt). */
  private attempt(): void {
    if (!this.running || this.attemptQueued) return;
    this.attemptQueued = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.serial(async () => {
      this.attemptQueued = false;
      if (!this.running) return;
      try {
        await this.contend();
      } catch (err) {
        await this.connectionLost(err);
      }
    }).finally(() => {
      if (this.running && !this.attemptQueued && !this.timer)
        this.timer = setTimeout(() => {
          this.timer = null;
          this.attempt();
        }, this.retryMs);
    });
  }

  private async contend(): Promise<void> {
    const client = this.client ?? (await this.connect());
    if (this.mode === 'shared-session') {
      // One session for every client: locks would be granted to all alike, so this process leads all.
      this.members = 1;
      const taken: string[] = [];
      for (const name of this.names)
        if (!this.held.has(name) && (await this.takeOver(name))) taken.push(name);
      if (taken.length)
        this.log('info', `leading ${taken.join(', ')} (shared session: the only process)`, { taken });
      return;
    }
    const res = await this.query<{ n: number }>(
      client,
      `SELECT count(DISTINCT pid)::int AS n FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 2
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND classid = $1::bigint::oid AND objid = $2::bigint::oid`,
      [MEMBERS_LOCK_SPACE, this.membersKey],
    );
    this.members = Math.max(1, res.rows[0]!.n);
    const share = Math.ceil(this.names.length / this.members);
    if (this.held.size > share) {
      // Above the fair share (another process joined): hand the extras over. Stop first, then unlock,
      // so the next holder never starts while this process still applies a batch.
      const extras = this.names.filter((n) => this.held.has(n)).slice(share);
      for (const name of extras) {
        await this.stepDown(name);
        await this.query(client, 'SELECT pg_advisory_unlock($1, $2)', [
          LEADERSHIP_LOCK_SPACE,
          this.keys.get(name),
        ]);
      }
      this.log(
        'info',
        `handed over ${extras.join(', ')} (sharing with ${this.members - 1} other process(es))`,
        {
          released: extras,
          members: this.members,
        },
      );
      await this.query(client, 'SELECT pg_notify($1, $2)', [LEADERSHIP_CHANNEL, this.options.group]);
    }
    const taken: string[] = [];
    for (let i = 0; i < this.names.length && this.held.size < share; i++) {
      const name = this.names[(i + this.offset) % this.names.length]!;
      if (this.held.has(name)) continue;
      const got = await this.query<{ ok: boolean }>(client, 'SELECT pg_try_advisory_lock($1, $2) AS ok', [
        LEADERSHIP_LOCK_SPACE,
        this.keys.get(name),
      ]);
      if (got.rows[0]!.ok && (await this.takeOver(name))) taken.push(name);
    }
    if (taken.length)
      this.log('info', `leading ${taken.join(', ')} (elected; ${this.members} process(es) in the group)`, {
        taken,
        leading: this.names.filter((n) => this.held.has(n)),
        members: this.members,
      });
  }

  /** Start running `name`, whose lock this process holds now; false (and the lock given back) if it cannot. */
  private async takeOver(name: string): Promise<boolean> {
    this.held.add(name);
    try {
      await this.options.acquire(name);
      return true;
    } catch (err) {
      // Could not start it: give the lock back so that another process can.
      this.held.delete(name);
      this.log('warn', `could not start ${name}; releasing it`, { subscription: name, err });
      if (this.client && this.mode === 'elected')
        await this.query(this.client, 'SELECT pg_advisory_unlock($1, $2)', [
          LEADERSHIP_LOCK_SPACE,
          this.keys.get(name),
        ]);
      return false;
    }
  }

  private async stepDown(name: string): Promise<void> {
    this.held.delete(name);
    try {
      await this.options.release(name);
    } catch (err) {
      this.log('warn', `stopping ${name} failed`, { subscription: name, err });
    }
  }

  private async connectionLost(err: unknown): Promise<void> {
    const client = this.client;
    this.client = null;
    if (this.mode !== 'stopped') this.mode = 'connecting';
    client?.end().catch(() => undefined);
    const held = [...this.held];
    // Without the session the locks are (or soon will be) gone: stop before another process starts.
    for (const name of held) await this.stepDown(name);
    if (held.length || !this.reportedDown)
      this.log('warn', held.length ? `lost leadership of ${held.join(', ')}` : 'leadership connection lost', {
        lost: held,
        err: (err as Error)?.message ?? String(err),
      });
    this.reportedDown = true;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      ...this.options.pool.options,
      application_name: this.identity,
      keepAlive: true,
    });
    client.on('error', (err) => {
      // The connection dropped (server restart, the session terminated): step down now, not at the next
      // try; contend again at the next regular try (a restarting server is not hammered).
      if (this.client === client)
        void this.serial(() => (this.client === client ? this.connectionLost(err) : Promise.resolve()));
    });
    try {
      await withTimeout(client.connect(), this.timeoutMs);
      const mine = await this.query<{ pid: number }>(client, 'SELECT pg_backend_pid() AS pid');
      const pooled = await withTimeout(
        this.options.pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'),
        this.timeoutMs,
      );
      this.session = mine.rows[0]!.pid;
      if (mine.rows[0]!.pid === pooled.rows[0]!.pid) {
        this.mode = 'shared-session';
      } else {
        this.mode = 'elected';
        // Server-side keepalives: a holder cut off without a FIN loses its locks in ≈ 25 s, not 2 h.
        await this.query(
          client,
          'SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3',
        );
        await this.query(client, `LISTEN ${LEADERSHIP_CHANNEL}`);
        client.on('notification', (n) => {
          if (n.channel === LEADERSHIP_CHANNEL && n.payload === this.options.group) this.attempt();
        });
        await this.query(client, 'SELECT pg_advisory_lock_shared($1, $2)', [
          MEMBERS_LOCK_SPACE,
          this.membersKey,
        ]);
        // A newcomer: the others recount and hand over their extras.
        await this.query(client, 'SELECT pg_notify($1, $2)', [LEADERSHIP_CHANNEL, this.options.group]);
      }
    } catch (err) {
      client.end().catch(() => undefined);
      throw err;
    }
    this.client = client;
    this.reportedDown = false;
    return client;
  }

  private query<R extends pg.QueryResultRow>(
    client: pg.Client,
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>> {
    return withTimeout(client.query<R>(text, values), this.timeoutMs);
  }

  private serial(fn: () => Promise<void>): Promise<void> {
    const next = this.turn.then(fn);
    this.turn = next.catch(() => undefined);
    return next;
  }

  private log(level: 'info' | 'warn', message: string, fields: Record<string, unknown>): void {
    this.options.log?.(level, `${this.options.group}: ${message}`, {
      group: this.options.group,
      identity: this.identity,
      ...fields,
    });
  }
}

/**
 * Who leads each name now, as PostgreSQL sees it: the holder's session name (`application_name`,
 * `tdw-<group>@<host>:<pid>`) and backend pid. Names nobody holds are absent. For operators and tests.
 */
export async function leadershipHolders(
  db: { query: pg.Pool['query'] },
  names: readonly string[],
): Promise<Map<string, { identity: string; pid: number }>> {
  const byKey = new Map(names.map((n) => [leadershipKey(n), n]));
  const res = await db.query<{ key: string; identity: string; pid: number }>(
    `SELECT l.objid::bigint::text AS key, a.application_name AS identity, l.pid
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.classid = $1::bigint::oid
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [LEADERSHIP_LOCK_SPACE],
  );
  const out = new Map<string, { identity: string; pid: number }>();
  for (const r of res.rows) {
    const name = byKey.get(Number(r.key));
    if (name !== undefined) out.set(name, { identity: r.identity, pid: r.pid });
  }
  return out;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
