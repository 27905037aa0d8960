import type pg from 'pg';
import type { ConflictReason } from '../application/application.decider.js';

/**
 * Facts for conflict-of-interest checks (DOMAIN.md 利益回避), read from the read models of other
 * contexts: `users` (identity: each user's school), `mentorships` and `studio_members` (the ladder).
 * A read model that does not exist yet contributes no conflicts.
 */
export async function conflictsBetween(
  db: pg.Pool,
  reviewerId: string,
  applicantId: string,
): Promise<ConflictReason[]> {
  if (reviewerId === applicantId) return ['own_application'];
  const tables = (
    await db.query<{ users: boolean; mentorships: boolean; studios: boolean }>(
      `SELECT to_regclass('users') IS NOT NULL AS users, to_regclass('mentorships') IS NOT NULL AS mentorships,
              to_regclass('studio_members') IS NOT NULL AS studios`,
    )
  ).rows[0]!;
  const reasons: ConflictReason[] = [];
  if (tables.users) {
    const r = await db.query(
      `SELECT 1 FROM users r JOIN users a ON a.school_id = r.school_id WHERE r.id = $1 AND a.id = $2 AND r.school_id IS NOT NULL`,
      [reviewerId, applicantId],
    );
    if (r.rowCount) reasons.push('same_school');
  }
  if (tables.mentorships) {
    const r = await db.query(
      `SELECT 1 FROM mentorships WHERE (mentor_id = $1 AND mentee_id = $2) OR (mentor_id = $2 AND mentee_id = $1)`,
      [reviewerId, applicantId],
    );
    if (r.rowCount) reasons.push('mentor_or_mentee');
  }
  if (tables.studios) {
    const r = await db.query(
      `SELECT 1 FROM studio_members x JOIN studio_members y ON x.studio_id = y.studio_id
        WHERE x.member_id = $1 AND y.member_id = $2 AND x.left_at IS NULL AND y.left_at IS NULL`,
      [reviewerId, applicantId],
    );
    if (r.rowCount) reasons.push('same_studio');
  }
  return reasons;
}

/**
 * DOMAIN.md "People and roles": an office (chair or admin) acts only on its org unit and the units below.
 * `org_units.path` lists each unit's ancestors ('/<province>/<city>/…/'), so "within" is a prefix test.
 * Without the identity read model only the unit itself counts.
 */
export async function orgUnitWithin(db: pg.Pool, unit: string, ancestor: string): Promise<boolean> {
  if (unit === ancestor) return true;
  const r = await db.query<{ ok: boolean }>(
    `SELECT CASE WHEN to_regclass('org_units') IS NULL THEN false ELSE EXISTS (
       SELECT 1 FROM org_units u, org_units a WHERE u.id = $1 AND a.id = $2 AND starts_with(u.path, a.path)) END AS ok`,
    [unit, ancestor],
  );
  return r.rows[0]!.ok;
}

/**
 * Whether a user exists, is active and holds a role, from the identity directory. Null when the
 * directory is not there (the approval context used on its own), so the caller cannot check.
 */
export async function userHoldsRole(db: pg.Pool, userId: string, role: string): Promise<boolean | null> {
  const r = await db.query<{ known: boolean; ok: boolean }>(
    `SELECT to_regclass('users') IS NOT NULL AS known`,
  );
  if (!r.rows[0]!.known) return null;
  const u = await db.query(`SELECT 1 FROM users WHERE id = $1 AND active AND $2 = ANY(roles)`, [
    userId,
    role,
  ]);
  return (u.rowCount ?? 0) > 0;
}
