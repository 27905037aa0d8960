import type pg from 'pg';

/**
 * Waits until every transaction open anywhere on the server when it was called has ended.
 *
 * What a subscription or a rebuild reads stops at the server's oldest open transaction, and
 * transaction ids belong to the whole cluster, not to one database. The test server is shared by the
 * suites running beside this one, so an event just appended may be held back a moment by another
 * database's transaction. A test that expects a read to see what it just wrote waits for this first.
 */
export async function settled(pool: pg.Pool, timeoutMs = 30_000): Promise<void> {
  const asked = await pool.query<{ xmax: string }>(
    `SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xmax`,
  );
  const past = BigInt(asked.rows[0]!.xmax);
  for (const giveUpAt = Date.now() + timeoutMs; ;) {
    const now = await pool.query<{ xmin: string }>(
      `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`,
    );
    if (BigInt(now.rows[0]!.xmin) >= past) return;
    if (Date.now() > giveUpAt)
      throw new Error(`a transaction older than ${past} was still open after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
