import type pg from 'pg';
import { migrate, type Migration } from '#libs/event-store';
import { PERSON_KEYS_DDL } from '../personal-data/personal-data.js';
import { SESSIONS_DDL } from '../session/sessions.js';

/**
 * Tables of the identity context that are not read models (nothing rebuilds them from the log), run
 * with the event store's migration runner: idempotent, recorded in `schema_migrations`, one migrator
 * at a time across processes.
 */
export const IDENTITY_MIGRATIONS: readonly Migration[] = [
  {
    id: 'identity_0001_login_attempts',
    sql: `
      -- Login rate limiting (DOMAIN.md "People and roles": login rate-limited), shared by every api process. One row per
      -- attempt in flight ('pending') or failed ('failed'); a success deletes its row, so only failures
      -- count. 'cleared' marks a username's failures forgiven by a later success; they still count for
      -- the address. Rows older than the window are deleted as new attempts come in.
      CREATE TABLE IF NOT EXISTS login_attempts (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        username_key  text NOT NULL,
        ip            text NOT NULL,
        attempted_at  timestamptz NOT NULL,
        outcome       text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'failed')),
        cleared       boolean NOT NULL DEFAULT false
      );
      CREATE INDEX IF NOT EXISTS login_attempts_username ON login_attempts (username_key, attempted_at);
      CREATE INDEX IF NOT EXISTS login_attempts_ip ON login_attempts (ip, attempted_at);
      CREATE INDEX IF NOT EXISTS login_attempts_at ON login_attempts (attempted_at);
    `,
  },
  {
    id: 'identity_0002_person_keys',
    // Crypto-shredding keys (DOMAIN.md "Audit trail", personal-data.ts): one AES-256 key per person; erasure
    // nulls the key and sets erased_at (a tombstone, so no new key is ever made for that person).
    sql: PERSON_KEYS_DDL,
  },
  {
    id: 'identity_0003_sessions',
    // Sign-in sessions (sessions.ts): what makes signing out, deactivation and erasure take effect at
    // once on every api process.
    sql: SESSIONS_DDL,
  },
];

/** Creates the identity tables; safe to call from every process at every start. */
export function migrateIdentity(pool: pg.Pool): Promise<void> {
  return migrate(pool, IDENTITY_MIGRATIONS);
}
