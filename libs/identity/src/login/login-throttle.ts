import type pg from 'pg';

/**
 * Login rate limiting (SECURITY.md "the login throttle"; DOMAIN.md has no rule of its own), in PostgreSQL so that every api
 * process sees the same counters. Two limits, neither of which lets a stranger lock an owner out:
 *
 * - per account *and* address: after `pairFailures` failures for one username from one address, that
 *   address waits `baseDelayMs` before its next try for it, doubling with each further failure up to
 *   `maxDelayMs` (failures older than `pairWindowMs` are forgotten). The same account from another
 *   address is not slowed at all, so guessing someone's password never keeps them out.
 * - per address: `perIp` failures within `windowMs`, whatever the usernames. It is large on purpose: an
 *   office behind one proxy shares an address, and one person's typos must not lock out the rest.
 *
 * Which address is the caller's is the HTTP layer's business (Fastify's trustProxy: X-Forwarded-For is
 * believed only from TRUSTED_PROXIES).
 */
export interface LoginLimits {
  pairFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  pairWindowMs: number;
  perIp: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  pairFailures: 5,
  baseDelayMs: 60_000,
  maxDelayMs: 15 * 60_000,
  pairWindowMs: 60 * 60_000,
  perIp: 100,
  windowMs: 15 * 60_000,
};

export type ThrottleGate =
  { allowed: true; attemptId: string } | { allowed: false; retryAfterSeconds: number };

interface CountedRow {
  attempted_at: Date;
  outcome: 'pending' | 'failed';
}

/** An attempt in flight this recently settles in a moment (scrypt takes ~0.1 s): retry in a second. */
const IN_FLIGHT_MS = 60_000;

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
    const ipCutoff = new Date(now.getTime() - this.limits.windowMs);
    const pairCutoff = new Date(now.getTime() - this.limits.pairWindowMs);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(x, 7274) AS k FROM unnest($1::text[]) x ORDER BY k) s`,
        [[`login:u:${usernameKey}:${ip}`, `login:ip:${ip}`]],
      );
      await client.query(`DELETE FROM login_attempts WHERE attempted_at <= $1`, [
        ipCutoff < pairCutoff ? ipCutoff : pairCutoff,
      ]);
      const byPair = (
        await client.query<CountedRow>(
          `SELECT attempted_at, outcome FROM login_attempts
            WHERE username_key = $1 AND ip = $2 AND NOT cleared AND attempted_at > $3 ORDER BY attempted_at, id`,
          [usernameKey, ip, pairCutoff],
        )
      ).rows;
      const byIp = (
        await client.query<CountedRow>(
          `SELECT attempted_at, outcome FROM login_attempts WHERE ip = $1 AND attempted_at > $2 ORDER BY attempted_at, id`,
          [ip, ipCutoff],
        )
      ).rows;
      const waits = [this.pairWait(byPair, now), this.ipWait(byIp, now)].filter(
        (w): w is number => w !== null,
      );
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

  /**
   * A failure stays counted; a success is forgotten and forgives the failures for that username from
   * that address (not from others: the owner signing in must not clear a guesser's record elsewhere).
   */
  async settle(attemptId: string, usernameKey: string, succeeded: boolean): Promise<void> {
    if (succeeded) {
      await this.pool.query(
        `WITH gone AS (DELETE FROM login_attempts WHERE id = $1 RETURNING ip)
         UPDATE login_attempts SET cleared = true
          WHERE username_key = $2 AND ip = (SELECT ip FROM gone) AND outcome = 'failed' AND NOT cleared`,
        [attemptId, usernameKey],
      );
    } else {
      await this.pool.query(`UPDATE login_attempts SET outcome = 'failed' WHERE id = $1`, [attemptId]);
    }
  }

  /**
   * Seconds this address waits before its next try for this username, or null. With n ≥ pairFailures
   * failures on record, the wait after the last is baseDelay · 2^(n − pairFailures), capped at maxDelay.
   * An attempt still in flight counts as a failure (so parallel guesses cannot slip past the limit) and
   * settles in a moment: retry in a second.
   */
  private pairWait(rows: CountedRow[], now: Date): number | null {
    if (rows.length < this.limits.pairFailures) return null;
    const last = rows[rows.length - 1]!;
    if (last.outcome === 'pending' && now.getTime() - last.attempted_at.getTime() < IN_FLIGHT_MS) return 1;
    const over = rows.length - this.limits.pairFailures;
    const delay = Math.min(this.limits.maxDelayMs, this.limits.baseDelayMs * 2 ** Math.min(over, 30));
    const until = last.attempted_at.getTime() + delay;
    return until > now.getTime() ? Math.max(1, Math.ceil((until - now.getTime()) / 1000)) : null;
  }

  /**
   * Seconds until the address is under its budget again, or null when it is now: the count drops below
   * the limit when its (count − limit + 1)-th oldest row leaves the window.
   */
  private ipWait(rows: CountedRow[], now: Date): number | null {
    if (rows.length < this.limits.perIp) return null;
    const blocking = rows[rows.length - this.limits.perIp]!;
    if (blocking.outcome === 'pending' && now.getTime() - blocking.attempted_at.getTime() < IN_FLIGHT_MS)
      return 1;
    return Math.max(
      1,
      Math.ceil((blocking.attempted_at.getTime() + this.limits.windowMs - now.getTime()) / 1000),
    );
  }
}
