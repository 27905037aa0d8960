import { randomBytes } from 'node:crypto';
import type pg from 'pg';

/**
 * A secret the product makes for itself on first start and keeps in the database, so every process and
 * every restart agrees on it (e.g. the key that turns a trainee into an anonymous evaluation token).
 */
export async function ensureSecret(pool: pg.Pool, name: string): Promise<string> {
  const create = `CREATE TABLE IF NOT EXISTS app_secrets (name text PRIMARY KEY, value text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`;
  try {
    await pool.query(create);
  } catch (err) {
    // Two processes starting together both create the table: PostgreSQL's IF NOT EXISTS does not guard
    // against a concurrent creation (unique violation on pg_type, or duplicate table). The other won:
    // the table is there now.
    const code = (err as { code?: string }).code;
    if (code !== '23505' && code !== '42P07') throw err;
    await pool.query(create);
  }
  await pool.query(`INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
    name,
    randomBytes(32).toString('hex'),
  ]);
  const res = await pool.query<{ value: string }>(`SELECT value FROM app_secrets WHERE name = $1`, [name]);
  return res.rows[0]!.value;
}
