import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';

// The embedded default serves PGlite's one session to many node-postgres clients (ARCHITECTURE.md
// "Stores"). Clients must take whole turns: an extended-protocol batch, or a whole transaction.
describe('PGlite gateway: many clients, one session', () => {
  let embedded: EmbeddedPostgres;
  let pool: pg.Pool;
  beforeAll(async () => {
    embedded = await startEmbeddedPostgres({ dataDir: null });
    pool = new pg.Pool({ connectionString: embedded.url, max: 16 });
    await pool.query('CREATE TABLE t (id int PRIMARY KEY, owner text NOT NULL)');
  });
  afterAll(async () => {
    await pool?.end();
    await embedded?.stop();
  });

  it('never mixes one client’s statement with another’s parameters under concurrent load', async () => {
    // Each client uses its own statement text and parameters; an interleaved Parse/Bind would answer
    // with another client's statement or fail with "unnamed prepared statement does not exist".
    const wrong: string[] = [];
    await Promise.all(
      Array.from({ length: 16 }, async (_, k) => {
        for (let i = 0; i < 100; i++) {
          const res = await pool.query<{ v: number; k: number }>(
            `SELECT $1::int * ${k + 1} AS v, ${k}::int AS k`,
            [i],
          );
          const row = res.rows[0]!;
          if (row.k !== k || row.v !== i * (k + 1)) wrong.push(`${k}/${i}: ${JSON.stringify(row)}`);
        }
      }),
    );
    expect(wrong).toEqual([]);
  });

  it('gives a transaction the session until it ends, so others never see it half done', async () => {
    const a = await pool.connect();
    try {
      await a.query('BEGIN');
      await a.query(`INSERT INTO t VALUES (1, 'a')`);
      // Another client's read waits for A's transaction to end instead of running inside it.
      let seen: number | null = null;
      const reader = pool.query<{ n: number }>('SELECT count(*)::int AS n FROM t').then((r) => {
        seen = r.rows[0]!.n;
      });
      await new Promise((r) => setTimeout(r, 100));
      expect(seen).toBeNull();
      await a.query(`INSERT INTO t VALUES (2, 'a')`);
      await a.query('COMMIT');
      await reader;
      expect(seen).toBe(2);
    } finally {
      a.release();
    }
  });

  it('rolls back the transaction of a client that disconnects inside it, and serves the others', async () => {
    const dying = new pg.Client({ connectionString: embedded.url });
    dying.on('error', () => undefined);
    await dying.connect();
    await dying.query('BEGIN');
    await dying.query(`INSERT INTO t VALUES (3, 'dying')`);
    const waiting = pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM t WHERE owner = 'dying'`);
    (dying as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect((await waiting).rows[0]!.n).toBe(0);
    const after = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM t`);
    expect(after.rows[0]!.n).toBe(2);
    // The session is not left inside a transaction: a new client's own transaction works.
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(`INSERT INTO t VALUES (4, 'c')`);
      await c.query('ROLLBACK');
    } finally {
      c.release();
    }
    expect((await pool.query(`SELECT 1 FROM t WHERE id = 4`)).rowCount).toBe(0);
  });

  it('reports a statement error to its client only, and keeps serving', async () => {
    const results = await Promise.allSettled([
      pool.query('SELECT * FROM no_such_table'),
      pool.query<{ v: number }>('SELECT $1::int AS v', [7]),
      pool.query('SELECT 1/0'),
      pool.query<{ v: number }>('SELECT $1::int AS v', [8]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseFulfilledResult<pg.QueryResult>).value.rows[0].v).toBe(7);
    expect((results[3] as PromiseFulfilledResult<pg.QueryResult>).value.rows[0].v).toBe(8);
  });

  it('runs a client’s whole extended-protocol batch in one go, an error in it skipping to its Sync', async () => {
    // Parse, Bind, Describe, Execute and Sync reach PGlite together: a failing Execute must still end
    // the turn at its Sync, with the client told, and the same client's next batch must run as usual.
    const c = await pool.connect();
    try {
      await expect(c.query('SELECT $1::int / 0 AS v', [1])).rejects.toThrow(/division by zero/);
      await expect(c.query('SELECT $1::int AS v FROM no_such_table', [1])).rejects.toThrow(/no_such_table/);
      expect((await c.query<{ v: number }>('SELECT $1::int + 1 AS v', [41])).rows[0]!.v).toBe(42);
      await c.query('BEGIN');
      await expect(c.query('SELECT $1::int / 0 AS v', [1])).rejects.toThrow(/division by zero/);
      await c.query('ROLLBACK');
      expect((await c.query<{ v: number }>('SELECT $1::int AS v', [5])).rows[0]!.v).toBe(5);
    } finally {
      c.release();
    }
  });

  it('lets the event loop take its I/O between one client’s turn and the next', async () => {
    // PGlite runs on the product's own thread: a line of clients' statements chained without a break
    // would hold every HTTP request until the whole line had run (the web app's assets right after a
    // cold start). Measured as the longest stall of a 1 ms timer while eight clients' slow statements
    // queue up, against the whole burst.
    const clients = await Promise.all(Array.from({ length: 8 }, () => pool.connect()));
    try {
      const slow = 'SELECT count(*)::int AS n FROM generate_series(1, 200000)';
      await clients[0]!.query(slow); // warm the plan and the WebAssembly
      let last = performance.now();
      let longestStall = 0;
      const ticker = setInterval(() => {
        const now = performance.now();
        longestStall = Math.max(longestStall, now - last);
        last = now;
      }, 1);
      const started = performance.now();
      const each = await Promise.all(
        clients.map(async (c) => {
          const t = performance.now();
          await c.query(slow);
          return performance.now() - t;
        }),
      );
      const burst = performance.now() - started;
      clearInterval(ticker);
      expect(Math.min(...each)).toBeGreaterThan(0);
      // Without the yield the timer waited for (nearly) the whole burst.
      expect(longestStall).toBeLessThan(burst / 3);
    } finally {
      for (const c of clients) c.release();
    }
  });
});
