import type pg from 'pg';

/**
 * Login rate limiting (issue #3), in PostgreSQL so that every api process sees the same counters.
 * Defaults: 5 failures for one username, or 20 from one address, within 15 minutes.
 */
export interface LoginLimits {
  perUsername: number;
  perIp: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perUsername: 5, perIp: 20, windowMs: 15 * 60_000 };

export type ThrottleGate =
  { allowed: true; attemptId: string } | { allowed: false; retryAfterSeconds: number };

interface CountedRow {
  attempted_at: Date;
  outcome: 'pending' | 'failed';
}

/**
 * The gate runs in one short transaction holding an advisory lock per key (username and address), so
 * concurrent attempts are counted one after another: it counts the failures and the attempts still in
 * flight, and records this attempt as in flight. An attempt in flight counts as a failure until it
 * settles — so twenty parallel guesses cannot all slip through a limit of five — and is deleted if it
 * succeeds. The lock is not held during the password check (scrypt takes ~0.1 s).
 */
export class LoginThrottle {
  constructor(
    private readonly pool: pg.Pool,
    readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
  ) {}

  async begin(usernameKey: string, ip: string, now: Date): Promise<ThrottleGate> {
    const cutoff = new Date(now.getTime() - this.limits.windowMs);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(x, 7274) AS k FROM unnest($1::text[]) x ORDER BY k) s`,
        [[`login:u:${usernameKey}`, `login:ip:${ip}`]],
      );
      await client.query(`DELETE FROM login_attempts WHERE attempted_at <= $1`, [cutoff]);
      const byName = (
        await client.query<CountedRow>(
          `SELECT attempted_at, outcome FROM login_attempts
            WHERE username_key = $1 AND NOT cleared AND attempted_at > $2 ORDER BY attempted_at, id`,
          [usernameKey, cutoff],
        )
      ).rows;
      const byIp = (
        await client.query<CountedRow>(
          `SELECT attempted_at, outcome FROM login_attempts WHERE ip = $1 AND attempted_at > $2 ORDER BY attempted_at, id`,
          [ip, cutoff],
        )
      ).rows;
      const waits = [
        this.wait(byName, this.limits.perUsername, now),
        this.wait(byIp, this.limits.perIp, now),
      ].filter((w): w is number => w !== null);
      if (waits.length > 0) {
        await client.query('COMMIT');
        return { allowed: false, retryAfterSeconds: Math.max(...waits) };
      }
      const inserted = await client.query<{ id: string }>(
        `INSERT INTO login_attempts (username_key, ip, attempted_at) VALUES ($1, $2, $3) RETURNING id::text AS id`,
        [usernameKey, ip, now],
      );
      await client.query('COMMIT');
      return { allowed: true, attemptId: inserted.rows[0]!.id };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** A failure stays counted; a success is forgotten and forgives the username's earlier failures. */
  async settle(attemptId: string, usernameKey: string, succeeded: boolean): Promise<void> {
    if (succeeded) {
      await this.pool.query(
        `WITH gone AS (DELETE FROM login_attempts WHERE id = $1)
         UPDATE login_attempts SET cleared = true WHERE username_key = $2 AND outcome = 'failed' AND NOT cleared`,
        [attemptId, usernameKey],
      );
    } else {
      await this.pool.query(`UPDATE login_attempts SET outcome = 'failed' WHERE id = $1`, [attemptId]);
    }
  }

  /**
   * Seconds until one more attempt is allowed under this limit, or null when it is allowed now. The
   * count drops below the limit when its (count − limit + 1)-th oldest row leaves the window; if that
   * row is an attempt still in flight, it settles in a moment, so retry in a second.
   */
  private wait(rows: CountedRow[], limit: number, now: Date): number | null {
    if (rows.length < limit) return null;
    const blocking = rows[rows.length - limit]!;
    if (blocking.outcome === 'pending' && now.getTime() - blocking.attempted_at.getTime() < 60_000) return 1;
    return Math.max(
      1,
      Math.ceil((blocking.attempted_at.getTime() + this.limits.windowMs - now.getTime()) / 1000),
    );
  }
}
