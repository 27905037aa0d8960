import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import type { Role } from '../identity.model.js';
import { statement, streamHeadColumn } from '#libs/event-store';

/**
 * Sign-in sessions, kept in PostgreSQL so that every api process sees the same ones: ending a session
 * (sign-out, deactivation, erasure, a role or password change) takes effect on the very next request,
 * wherever it lands. A web session is named by its `tdw_session` cookie; a bearer token names its
 * session in its `sid` claim. Either way the id is 32 random bytes, and only its SHA-256 is stored,
 * like the CSRF token bound to a web session: a copy of this table opens no session.
 */
export const SESSIONS_DDL = `
  CREATE TABLE IF NOT EXISTS sessions (
    id_hash       text PRIMARY KEY,
    kind          text NOT NULL CHECK (kind IN ('cookie', 'bearer')),
    user_id       text NOT NULL,
    username      text NOT NULL,
    roles         text[] NOT NULL,
    org_unit      text NOT NULL,
    csrf_hash     text,
    created_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    ended_at      timestamptz,
    end_reason    text,
    address       text,
    user_agent    text
  );
  CREATE INDEX IF NOT EXISTS sessions_user_live ON sessions (user_id) WHERE ended_at IS NULL;
  CREATE INDEX IF NOT EXISTS sessions_ends_at ON sessions (ends_at);
`;

export type SessionKind = 'cookie' | 'bearer';

/** Why a session ended (kept on the row, for the audit of who was signed in when). */
export type SessionEndReason =
  | 'signed_out'
  | 'idle'
  | 'expired'
  | 'deactivated'
  | 'erased'
  | 'roles_changed'
  | 'password_changed'
  | 'transferred';

export interface SessionLimits {
  idleMs: number;
  maxMs: number;
}

export interface StartedSession {
  /** The secret naming the session: the cookie's value, or the token's `sid`. Never stored. */
  id: string;
  /** The CSRF token of a web session (the readable `tdw_csrf` cookie); null for a bearer session. */
  csrf: string | null;
  endsAt: Date;
}

export interface LiveSession {
  userId: string;
  username: string;
  roles: Role[];
  orgUnit: string;
  kind: SessionKind;
  csrfHash: string | null;
  /** From the `users` read model (opened there); null if the row is not there. */
  displayName: string | null;
}

export type SessionCheck =
  | {
      live: true;
      session: LiveSession;
      /**
       * The head of the stream asked for with the check (`streamHead`): its version and last hash as
       * `<version>:<hex>`, null when the log holds no such stream; absent when none was asked for.
       */
      streamHead?: string | null;
    }
  | { live: false; reason: 'unknown' | 'ended' };

const hash = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');
const secret = () => randomBytes(32).toString('base64url');
/** Session ids are 43 base64url characters; anything else is refused before any query. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
/** last_seen_at is written at most this often per session: the idle limit is minutes, not seconds. */
const TOUCH_EVERY_MS = 5_000;

/**
 * Marks the session seen (at most every TOUCH_EVERY_MS) and reads it, with its user's display name;
 * `extra`: more columns of the same row (a stream's head), read without a round trip of their own.
 */
const sessionCheck = (extra = '') => `WITH touched AS (
         UPDATE sessions SET last_seen_at = $2
          WHERE id_hash = $1 AND ended_at IS NULL AND ends_at > $2
            AND last_seen_at > $2 - make_interval(secs => $3::double precision)
            AND last_seen_at < $2 - make_interval(secs => $4::double precision)
       )
       SELECT s.user_id, s.username, s.roles, s.org_unit, s.kind, s.csrf_hash, s.last_seen_at, s.ends_at,
              s.ended_at, u.display_name${extra}
         FROM sessions s LEFT JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1`;
const SESSION_CHECK = sessionCheck();
/** The same with the head of one stream of the event log: one primary-key read more. */
const SESSION_CHECK_STREAM_HEAD = sessionCheck(`,
              ${streamHeadColumn('$5')} AS stream_head`);

interface Row {
  stream_head?: string | null;
  user_id: string;
  username: string;
  roles: Role[];
  org_unit: string;
  kind: SessionKind;
  csrf_hash: string | null;
  last_seen_at: Date;
  ends_at: Date;
  ended_at: Date | null;
  display_name: string | null;
}

export class SessionStore {
  constructor(
    private readonly pool: pg.Pool,
    readonly limits: SessionLimits,
  ) {}

  /**
   * Starts a session for a user who just proved who they are. A bearer session ends with its token
   * (`endsAt`), a web session after the idle and absolute limits.
   */
  async start(input: {
    kind: SessionKind;
    user: { userId: string; username: string; roles: readonly Role[]; orgUnit: string };
    now: Date;
    address?: string | null;
    userAgent?: string | null;
    endsAt?: Date;
  }): Promise<StartedSession> {
    const id = secret();
    const csrf = input.kind === 'cookie' ? secret() : null;
    const max = new Date(input.now.getTime() + this.limits.maxMs);
    const endsAt = input.endsAt && input.endsAt < max ? input.endsAt : max;
    await this.pool.query(
      `INSERT INTO sessions (id_hash, kind, user_id, username, roles, org_unit, csrf_hash, created_at, last_seen_at,
         ends_at, address, user_agent)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11)`,
      [
        hash(id),
        input.kind,
        input.user.userId,
        input.user.username,
        [...input.user.roles],
        input.user.orgUnit,
        csrf === null ? null : hash(csrf),
        input.now,
        endsAt,
        input.address ?? null,
        (input.userAgent ?? '').slice(0, 300) || null,
      ],
    );
    return { id, csrf, endsAt };
  }

  /**
   * The session `id` names, if it is still live, marking it seen. One indexed read (and, at most every
   * few seconds, a write) per request, with no cache: an ended session is refused by every process on
   * its next request. A session found past its idle or absolute limit is ended here, with the reason.
   */
  async check(
    id: string,
    kind: SessionKind,
    now: Date,
    /**
     * A stream of the event log (in this database) whose head the request will need, read in the same
     * statement: a command that folds a stream it does not write (a draft's call) then knows whether
     * the state it folded before is still the stream's without a round trip of its own.
     */
    streamHead?: string,
  ): Promise<SessionCheck> {
    if (!SESSION_ID.test(id)) return { live: false, reason: 'unknown' };
    const idHash = hash(id);
    const params = [idHash, now, this.limits.idleMs / 1000, TOUCH_EVERY_MS / 1000];
    const res = await this.pool.query<Row>(
      streamHead === undefined
        ? statement(this.pool, 'session_check', SESSION_CHECK, params)
        : statement(this.pool, 'session_check_stream_head', SESSION_CHECK_STREAM_HEAD, [
            ...params,
            streamHead,
          ]),
    );
    const row = res.rows[0];
    if (!row || row.kind !== kind) return { live: false, reason: 'unknown' };
    if (row.ended_at !== null) return { live: false, reason: 'ended' };
    const idle = now.getTime() - row.last_seen_at.getTime() >= this.limits.idleMs;
    if (idle || row.ends_at.getTime() <= now.getTime()) {
      await this.pool.query(
        `UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE id_hash = $1 AND ended_at IS NULL`,
        [idHash, now, idle ? 'idle' : 'expired'],
      );
      return { live: false, reason: 'ended' };
    }
    return {
      live: true,
      ...(streamHead !== undefined && { streamHead: row.stream_head ?? null }),
      session: {
        userId: row.user_id,
        username: row.username,
        roles: row.roles,
        orgUnit: row.org_unit,
        kind: row.kind,
        csrfHash: row.csrf_hash,
        displayName: row.display_name,
      },
    };
  }

  /** True when `given` is the CSRF token bound to the session (compared in constant time). */
  static csrfMatches(session: LiveSession, given: string | undefined): boolean {
    if (!session.csrfHash || typeof given !== 'string' || given.length === 0 || given.length > 200)
      return false;
    const a = Buffer.from(hash(given), 'hex');
    const b = Buffer.from(session.csrfHash, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Ends one session (sign-out). Ending an ended or unknown session does nothing. */
  async end(id: string, reason: SessionEndReason, now: Date): Promise<void> {
    if (!SESSION_ID.test(id)) return;
    await this.pool.query(
      `UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE id_hash = $1 AND ended_at IS NULL`,
      [hash(id), now, reason],
    );
  }

  /** Ends every live session of a user (deactivation, erasure, a role or password change). */
  async endAllFor(userId: string, reason: SessionEndReason, now: Date): Promise<number> {
    const res = await this.pool.query(
      `UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE user_id = $1 AND ended_at IS NULL`,
      [userId, now, reason],
    );
    return res.rowCount ?? 0;
  }
}
