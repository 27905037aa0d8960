import pg from 'pg';
import {
  createPgliteTestDatabase,
  createPostgresTestDatabase,
  TEST_SERVER_URL,
  type TestDatabase,
} from '#testing/platform';
import type { RecordedEvent } from '../event-store.port.js';
import { migrate } from '../postgres/migrations.js';
import { PostgresEventStore } from '../postgres/postgres-event-store.js';
import { testEvent } from '../testing/fixtures.js';
import { LeaderElection, leadershipHolders } from './leadership.js';
import { ReactorSubscription } from './reactor.js';

// README "Running on real servers and scaling": one runner per subscription across processes. Two contenders in this test process,
// each on its own connection as two worker processes would be, against real PostgreSQL (and PGlite,
// where advisory locks cannot elect anyone).

async function until<T>(what: string, probe: () => T | Promise<T>, ms = 10_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Who runs what, as the callbacks see it: `acquire` of a name someone else runs is recorded as an
 * overlap (the very thing the election exists to prevent).
 */
class Runs {
  readonly running = new Map<string, string>();
  readonly overlaps: string[] = [];
  readonly log: string[] = [];
  contender(who: string, db: TestDatabase, names: string[], options: { retryIntervalMs?: number } = {}) {
    return new LeaderElection({
      group: 'test',
      names,
      pool: db.pool,
      retryIntervalMs: options.retryIntervalMs ?? 200,
      acquire: (name) => {
        const other = this.running.get(name);
        if (other !== undefined) this.overlaps.push(`${name}: ${who} while ${other}`);
        this.running.set(name, who);
        this.log.push(`${who}+${name}`);
      },
      release: async (name) => {
        if (this.running.get(name) === who) this.running.delete(name);
        this.log.push(`${who}-${name}`);
      },
    });
  }
  of(who: string): string[] {
    return [...this.running].filter(([, w]) => w === who).map(([n]) => n);
  }
}

describe('leader election on PostgreSQL', () => {
  let db: TestDatabase;
  let admin: pg.Client;
  const names = ['alpha', 'beta', 'gamma', 'delta'];
  const stopping: LeaderElection[] = [];

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    admin = new pg.Client({ connectionString: TEST_SERVER_URL });
    await admin.connect();
  });
  afterEach(async () => {
    await Promise.all(stopping.splice(0).map((e) => e.stop()));
  });
  afterAll(async () => {
    await admin?.end();
    await db?.drop();
  });

  it('elects one runner per name, shares them out, and hands all to the survivor when a holder dies', async () => {
    const runs = new Runs();
    // A stands in for a process that dies: after its connection is killed it does not come back during
    // the test (its next try is a minute away), as a SIGKILLed worker would not.
    const a = runs.contender('A', db, names, { retryIntervalMs: 60_000 });
    stopping.push(a);
    a.start();
    await until('A to lead everything', () => runs.of('A').length === names.length);
    expect(a.status()).toMatchObject({ mode: 'elected', members: 1, leading: names, standingBy: [] });

    // B joins: A hands over the extras above its fair share (2 of 4), B takes them.
    const b = runs.contender('B', db, names);
    stopping.push(b);
    b.start();
    await until('the names to be shared', () => runs.of('A').length === 2 && runs.of('B').length === 2);
    expect([...runs.of('A'), ...runs.of('B')].sort()).toEqual([...names].sort());
    expect(runs.overlaps).toEqual([]);
    // PostgreSQL agrees: each name's lock is held by the session of the process that runs it.
    const holders = await leadershipHolders(db.pool, names);
    const pidA = a.status().session!;
    const pidB = b.status().session!;
    expect(pidA).not.toBe(pidB);
    for (const n of names) expect(holders.get(n)?.pid).toBe(runs.running.get(n) === 'A' ? pidA : pidB);
    expect(b.status().members).toBe(2);
    expect([...b.status().leading].sort()).toEqual(runs.of('B').sort());
    expect(holders.get(runs.of('B')[0]!)?.identity).toBe(b.identity);

    // A's connection dies (what SIGKILL does to a process's sessions): A stops running at once, and B
    // takes A's names within about one retry interval.
    const aHeld = runs.of('A');
    const killedAt = Date.now();
    await admin.query('SELECT pg_terminate_backend($1)', [pidA]);
    await until('A to step down', () => runs.of('A').length === 0, 2000);
    await until('B to take over', () => runs.of('B').length === names.length, 5000);
    const handOverMs = Date.now() - killedAt;
    expect(handOverMs).toBeLessThan(2000);
    expect(a.status().leading).toEqual([]);
    expect(a.status().mode).toBe('connecting');
    for (const n of aHeld) expect(runs.log).toContain(`B+${n}`);
    expect(runs.overlaps).toEqual([]);
    const after = await leadershipHolders(db.pool, names);
    expect(new Set([...after.values()].map((h) => h.pid))).toEqual(new Set([pidB]));
  });

  it('hands over at once on a graceful stop', async () => {
    const runs = new Runs();
    const a = runs.contender('A', db, names);
    stopping.push(a);
    a.start();
    await until('A to lead everything', () => runs.of('A').length === names.length);
    // B would try again only in a minute: only A's announcement can make it take over sooner.
    const b = runs.contender('B', db, names, { retryIntervalMs: 60_000 });
    stopping.push(b);
    b.start();
    await until('the names to be shared', () => runs.of('B').length === 2);
    const stoppedAt = Date.now();
    await a.stop();
    // A stopped its runs before releasing them.
    expect(runs.of('A')).toEqual([]);
    await until('B to take over everything', () => runs.of('B').length === names.length, 3000);
    expect(Date.now() - stoppedAt).toBeLessThan(1000);
    expect(runs.overlaps).toEqual([]);
    expect(a.status()).toMatchObject({ mode: 'stopped', leading: [] });
  });

  it('keeps set-ups of different processes from running at once', async () => {
    const a = new Runs().contender('A', db, names);
    const b = new Runs().contender('B', db, names);
    stopping.push(a, b);
    let inside = 0;
    let most = 0;
    const setup = async () => {
      inside++;
      most = Math.max(most, inside);
      await new Promise((r) => setTimeout(r, 100));
      inside--;
    };
    await Promise.all([a.exclusive(setup), b.exclusive(setup), a.exclusive(setup), b.exclusive(setup)]);
    expect(most).toBe(1);
  });

  it('reacts to each event once across shares and a graceful hand-over', async () => {
    // A reactor without idempotency of its own: every reaction is a row, so a second reaction to an
    // event by a second process would show. (The product's reactors are idempotent as well; here the
    // election alone must keep them from reacting twice.)
    await migrate(db.pool);
    await db.pool.query(`CREATE TABLE reactions (event_id uuid, by text)`);
    const store = new PostgresEventStore(db.pool);
    const reactorNames = ['r_one', 'r_two', 'r_three'];
    const contender = (who: string, pool: pg.Pool) => {
      const subs = new Map(
        reactorNames.map((name) => [
          name,
          new ReactorSubscription(
            pool,
            {
              name,
              eventTypes: ['Noted'],
              async react(e: RecordedEvent) {
                await pool.query(`INSERT INTO reactions VALUES ($1, $2)`, [e.id, `${name}/${who}`]);
              },
            },
            { pollIntervalMs: 20, batchSize: 10 },
          ),
        ]),
      );
      return {
        subs,
        election: new LeaderElection({
          group: 'reactors-test',
          names: reactorNames,
          pool,
          retryIntervalMs: 200,
          acquire: (n) => subs.get(n)!.start(),
          release: (n) => subs.get(n)!.stop(),
        }),
      };
    };
    const poolB = new pg.Pool({ connectionString: db.url, max: 4 });
    const a = contender('A', db.pool);
    const b = contender('B', poolB);
    for (const s of a.subs.values()) await s.setup();
    a.election.start();
    b.election.start();
    stopping.push(b.election);
    let appended = 0;
    const append = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await store.append(`noted-${appended % 7}`, 'any', [testEvent('Noted')]);
        appended++;
      }
    };
    await append(100);
    await until(
      'the shares to settle',
      () => a.election.status().leading.length > 0 && b.election.status().leading.length > 0,
    );
    await append(100);
    // A leaves gracefully mid-stream; B carries on with everything.
    await a.election.stop();
    await append(100);
    await until('B to lead all reactors', () => b.election.status().leading.length === reactorNames.length);
    await until('every event reacted to by every reactor', async () => {
      const r = await db.pool.query<{ n: number }>(
        `SELECT count(DISTINCT (event_id, split_part(by, '/', 1)))::int AS n FROM reactions`,
      );
      return r.rows[0]!.n === appended * reactorNames.length;
    });
    await b.election.stop();
    const twice = await db.pool.query(
      `SELECT event_id, split_part(by, '/', 1) AS reactor, count(*) FROM reactions GROUP BY 1, 2 HAVING count(*) > 1`,
    );
    expect(twice.rows).toEqual([]);
    const total = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM reactions`);
    expect(total.rows[0]!.n).toBe(300 * reactorNames.length);
    // Both processes did part of the work.
    const by = await db.pool.query<{ who: string }>(
      `SELECT DISTINCT split_part(by, '/', 2) AS who FROM reactions`,
    );
    expect(by.rows.map((r) => r.who).sort()).toEqual(['A', 'B']);
    await poolB.end();
  });
});

describe('leader election on a shared session (embedded PGlite behind its gateway)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createPgliteTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('sees that advisory locks cannot elect there, and leads everything rather than nothing', async () => {
    // Every gateway client is PGlite's one session: a lock taken by one "connection" is granted to all.
    const c1 = new pg.Client({ connectionString: db.url });
    const c2 = new pg.Client({ connectionString: db.url });
    await c1.connect();
    await c2.connect();
    try {
      const lock = 'SELECT pg_try_advisory_lock(1, 2) AS ok';
      expect((await c1.query(lock)).rows[0].ok).toBe(true);
      expect((await c2.query(lock)).rows[0].ok).toBe(true);
      await c1.query('SELECT pg_advisory_unlock(1, 2)');
      await c1.query('SELECT pg_advisory_unlock(1, 2)');
    } finally {
      await c1.end();
      await c2.end();
    }
    // So the election takes no locks there: the one process that owns the PGlite folder runs everything.
    const runs = new Runs();
    const e = runs.contender('solo', db, ['alpha', 'beta']);
    await e.exclusive(async () => undefined);
    e.start();
    await until('it to lead everything', () => runs.of('solo').length === 2);
    expect(e.status()).toMatchObject({ mode: 'shared-session', leading: ['alpha', 'beta'] });
    const locks = await db.pool.query(`SELECT * FROM pg_locks WHERE locktype = 'advisory'`);
    expect(locks.rows).toEqual([]);
    await e.stop();
    expect(runs.of('solo')).toEqual([]);
  });
});
