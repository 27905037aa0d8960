import { randomBytes } from 'node:crypto';
import type pg from 'pg';

/** The migration runner's advisory lock (libs/event-store migrations.ts): one set-up at a time. */
const SETUP_LOCK = 727274001;

/**
 * A secret the product makes for itself on first start and keeps in the database, so every process and
 * every restart agrees on it (e.g. the key that turns a trainee into an anonymous evaluation token).
 * Made under the migrators' advisory lock: PostgreSQL's CREATE TABLE IF NOT EXISTS does not guard a
 * concurrent creation, and two processes starting together on a fresh database both create the table.
 */
export async function ensureSecret(pool: pg.Pool, name: string): Promise<string> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SETUP_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS app_secrets (name text PRIMARY KEY, value text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    );
    await client.query(
      `INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
      [name, randomBytes(32).toString('hex')],
    );
    const res = await client.query<{ value: string }>(`SELECT value FROM app_secrets WHERE name = $1`, [
      name,
    ]);
    await client.query('COMMIT');
    return res.rows[0]!.value;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
