import type pg from 'pg';
import type { ConflictReason } from '../application/application.decider.js';

/**
 * Facts for conflict-of-interest checks (DOMAIN.md 利益回避), read from the read models of other
 * contexts: `users` (identity: each user's school), `mentorships` and `studio_members` (the ladder).
 * A read model that does not exist yet contributes no conflicts. One answer per reviewer asked, in the
 * order of ConflictReason, so the assignment (the decider's facts) and the chair's list of candidates
 * compute them the same way and cannot disagree.
 */
export async function conflictsFor(
  db: pg.Pool,
  reviewerIds: readonly string[],
  applicantId: string,
): Promise<Map<string, ConflictReason[]>> {
  const out = new Map<string, ConflictReason[]>(reviewerIds.map((id) => [id, []]));
  if (reviewerIds.length === 0) return out;
  const add = (id: string, reason: ConflictReason) => {
    const list = out.get(id);
    if (list && !list.includes(reason)) list.push(reason);
  };
  for (const id of reviewerIds) if (id === applicantId) add(id, 'own_application');
  const ids = [...new Set(reviewerIds)].filter((id) => id !== applicantId);
  if (ids.length === 0) return out;
  const tables = (
    await db.query<{ users: boolean; mentorships: boolean; studios: boolean }>(
      `SELECT to_regclass('users') IS NOT NULL AS users, to_regclass('mentorships') IS NOT NULL AS mentorships,
              to_regclass('studio_members') IS NOT NULL AS studios`,
    )
  ).rows[0]!;
  if (tables.users) {
    const r = await db.query<{ id: string }>(
      `SELECT r.id FROM users r JOIN users a ON a.school_id = r.school_id
        WHERE r.id = ANY ($1) AND a.id = $2 AND r.school_id IS NOT NULL`,
      [ids, applicantId],
    );
    for (const row of r.rows) add(row.id, 'same_school');
  }
  if (tables.mentorships) {
    const r = await db.query<{ id: string }>(
      `SELECT CASE WHEN mentor_id = $2 THEN mentee_id ELSE mentor_id END AS id FROM mentorships
        WHERE (mentor_id = ANY ($1) AND mentee_id = $2) OR (mentee_id = ANY ($1) AND mentor_id = $2)`,
      [ids, applicantId],
    );
    for (const row of r.rows) add(row.id, 'mentor_or_mentee');
  }
  if (tables.studios) {
    const r = await db.query<{ id: string }>(
      `SELECT DISTINCT x.member_id AS id FROM studio_members x JOIN studio_members y ON x.studio_id = y.studio_id
        WHERE x.member_id = ANY ($1) AND y.member_id = $2 AND x.left_at IS NULL AND y.left_at IS NULL`,
      [ids, applicantId],
    );
    for (const row of r.rows) add(row.id, 'same_studio');
  }
  // One order whatever the query order: the order of the reasons' type.
  const order: ConflictReason[] = ['same_school', 'mentor_or_mentee', 'same_studio', 'own_application'];
  for (const list of out.values()) list.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return out;
}

/** The conflicts between one reviewer and the applicant (conflictsFor). */
export async function conflictsBetween(
  db: pg.Pool,
  reviewerId: string,
  applicantId: string,
): Promise<ConflictReason[]> {
  return (await conflictsFor(db, [reviewerId], applicantId)).get(reviewerId) ?? [];
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
