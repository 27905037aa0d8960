import { Module } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '#libs/platform';
import { statement } from '#libs/event-store';
import type { OrgLevel } from '../identity.model.js';

/** A person as the identity directory knows them, with the district and school they belong to. */
export interface DirectoryPerson {
  id: string;
  orgUnit: string;
  roles: string[];
  active: boolean;
  tier: string | null;
  schoolId: string | null;
  /** The district (区县) above the person's unit, or the unit itself when it is a district. */
  districtId: string | null;
}

/**
 * An org unit's units directly below it, as a report of the unit groups its figures (UI.md §5 统计报表:
 * one row per unit below, each covering that unit's whole subtree, and 本级 for the unit itself).
 */
export interface OrgUnitBuckets {
  /** The units directly below, by name then id, each with whether any unit lies below it. */
  children: { id: string; name: string; level: OrgLevel; hasChildren: boolean }[];
  /**
   * Every unit within the unit (the unit too), with the child above it — or the unit itself for the
   * unit: the grouping other contexts are handed as data, so none of them reads the tree.
   */
  bucketOf: Map<string, string>;
}

/** An account as found by its username: who holds it, their display name and roles. */
export interface DirectoryAccount {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
}

/** A holder of a role as a list shows them: their name, their school's name and their tier as registered. */
export interface DirectoryHolder {
  id: string;
  displayName: string;
  /** The name of the person's school; null outside any school (or for a school not known). */
  school: string | null;
  /** The tier identity registered (users.tier); the ladder's record of a teacher may say otherwise. */
  tier: string | null;
}

/**
 * Identity's directory port (ARCHITECTURE.md "Between contexts": other contexts see identity through
 * small ports — is unit A within B, what roles does a user hold, which school — and never read its
 * tables). Answers come from identity's read model (`org_units`, `users`); when that read model is not
 * there, a call fails: an absent directory is an error, never an answer (a conflict-of-interest or
 * scope check must not pass because it could not look).
 */
export interface IdentityDirectory {
  /**
   * DOMAIN.md "People and roles": whether `unit` is `ancestor` or lies below it (an office acts on its
   * org unit and the units below). False when either unit is unknown.
   */
  isWithin(unit: string, ancestor: string): Promise<boolean>;
  /** An org unit's level; null when the unit is unknown. */
  levelOf(unit: string): Promise<OrgLevel | null>;
  /**
   * DOMAIN.md "People and roles": `unit` and every unit below it, and whether `unit` is a root of the
   * tree (an office there sees what belongs to no unit, e.g. the seed's `system` records). Null when the
   * unit is unknown.
   */
  subtree(unit: string): Promise<{ units: string[]; root: boolean } | null>;
  /**
   * The unit and every unit above it, nearest first; empty for an unknown unit (what a call or policy
   * of a unit reaches: the units a teacher's own unit lies within).
   */
  ancestors(unit: string): Promise<string[]>;
  /** A person with their unit, roles, school and district; null when unknown. */
  person(userId: string): Promise<DirectoryPerson | null>;
  /** A user's org unit; null when unknown. */
  orgUnitOf(userId: string): Promise<string | null>;
  /** Whether a user exists, is active and holds `role`. */
  holdsRole(userId: string, role: string): Promise<boolean>;
  /** The school of each known user (null for a user outside any school); unknown users are left out. */
  schoolsOf(userIds: readonly string[]): Promise<Map<string, string | null>>;
  /** Display names of the known users among `userIds`. */
  displayNames(userIds: readonly string[]): Promise<Map<string, string>>;
  /**
   * The active holders of `role` whose org unit is the nearest one covering every unit of `covering`
   * (each of them is that unit or lies below it) and has such holders; `except` left out. Empty when a
   * unit of `covering` is unknown.
   */
  nearestHolders(role: string, covering: readonly string[], except: string): Promise<string[]>;
  /**
   * Active holders of `role` in `unit` itself (`at`), or in `unit` and every unit above it, nearest
   * first (`over`) — an office's own people, or every office answerable for the unit (DOMAIN.md "People
   * and roles"). Empty when the unit is unknown.
   */
  holders(role: string, unit: string, where: 'at' | 'over'): Promise<string[]>;
  /** The unit an org unit sits under; null for a root or an unknown unit. */
  parentOf(unit: string): Promise<string | null>;
  /**
   * Which of `userIds` exist, are active and hold `role`, in one look-up (`holdsRole` for a list, e.g.
   * every reviewer a chair assigns at once).
   */
  holdersOf(userIds: readonly string[], role: string): Promise<Set<string>>;
  /**
   * As `holdersOf`, leaving out people whose personal data was erased (DOMAIN.md "Audit trail": erased on
   * a lawful request) — those a reminder is sent to.
   */
  reachableHoldersOf(userIds: readonly string[], role: string): Promise<Set<string>>;
  /** The org units at any of `levels`, by id (e.g. the offices that owe an annual summary, seed 004 §三). */
  unitsAtLevels(levels: readonly string[]): Promise<string[]>;
  /**
   * DOMAIN.md "People and roles": which of `units` are `ancestor` or lie below it (`isWithin` for a
   * list). Unknown units are left out; none when `ancestor` is unknown.
   */
  within(units: readonly string[], ancestor: string): Promise<Set<string>>;
  /** Whether `unit` is a known root of the tree (no unit above it): an office there sees everything. */
  isRoot(unit: string): Promise<boolean>;
  /** The org unit of each known user among `userIds`; unknown users are left out. */
  orgUnitsOf(userIds: readonly string[]): Promise<Map<string, string>>;
  /** Names of the known org units among `units`, by id; unknown units are left out. */
  unitNames(units: readonly string[]): Promise<Map<string, string>>;
  /** The units directly below `unit` and the one each unit within it falls under; null when unknown. */
  childBuckets(unit: string): Promise<OrgUnitBuckets | null>;
  /**
   * The accounts named by `usernames` (exactly as given), by username; unknown usernames are left out.
   * With `withinUnit`, only people whose org unit is that unit or lies below it (DOMAIN.md "People and
   * roles": an office acts on its unit and below) — none when that unit is unknown.
   */
  byUsernames(usernames: readonly string[], withinUnit?: string): Promise<Map<string, DirectoryAccount>>;
  /**
   * The active holders of `role` whose org unit is `unit` or lies below it (DOMAIN.md "People and roles":
   * an office acts on its unit and below), `except` left out: by display name, then id, at most `limit`
   * (e.g. the reviewers a chair may assign). None when `unit` is unknown.
   */
  holdersWithin(role: string, unit: string, except: string, limit: number): Promise<DirectoryHolder[]>;
}

/** The Nest token of the IdentityDirectory. */
export const IDENTITY_DIRECTORY = Symbol('IDENTITY_DIRECTORY');

/**
 * `org_units.path` lists each unit's ancestors ('/<province>/<city>/<district>/<school>/', ids), so
 * "within" is a prefix test: the one place it is written (list queries of the api that must filter in
 * SQL use `orgUnitWithinSql`, the same test as an SQL condition).
 */
export function orgUnitWithinSql(unit: string, ancestor: string): string {
  return `EXISTS (SELECT 1 FROM org_units su, org_units sa WHERE su.id = ${unit} AND sa.id = ${ancestor} AND starts_with(su.path, sa.path))`;
}

/** How many "within" pairs a directory keeps before it starts again (a bound on memory, not on truth). */
const WITHIN_KEPT = 10_000;

/** The directory over identity's PostgreSQL read model (identity-directory.projection.ts). */
export function postgresIdentityDirectory(db: pg.Pool): IdentityDirectory {
  // The pairs found within, kept: a unit never changes once created, nor goes away (org-unit.decider.ts;
  // its path is fixed at creation), so "within" once true stays true, and every draft
  // asks the same few pairs (the applicant's school within the call's unit) — a statement per command
  // saved. "Not within" is always asked again: the unit may be created after the answer.
  const within = new Set<string>();
  return {
    async isWithin(unit, ancestor) {
      if (unit === ancestor) return true;
      const key = JSON.stringify([unit, ancestor]);
      if (within.has(key)) return true;
      const r = await db.query<{ ok: boolean }>(
        statement(db, 'org_unit_within', `SELECT ${orgUnitWithinSql('$1', '$2')} AS ok`, [unit, ancestor]),
      );
      if (r.rows[0]!.ok) {
        if (within.size >= WITHIN_KEPT) within.clear();
        within.add(key);
      }
      return r.rows[0]!.ok;
    },
    async levelOf(unit) {
      const r = await db.query<{ level: OrgLevel }>(`SELECT level FROM org_units WHERE id = $1`, [unit]);
      return r.rows[0]?.level ?? null;
    },
    async subtree(unit) {
      const r = await db.query<{ id: string; root: boolean }>(
        `SELECT u.id, a.parent_id IS NULL AS root FROM org_units u, org_units a
          WHERE a.id = $1 AND starts_with(u.path, a.path)`,
        [unit],
      );
      if (r.rows.length === 0) return null;
      return { units: r.rows.map((row) => row.id), root: r.rows[0]!.root };
    },
    async ancestors(unit) {
      const r = await db.query<{ id: string }>(
        `SELECT a.id FROM org_units u, org_units a
          WHERE u.id = $1 AND starts_with(u.path, a.path) ORDER BY length(a.path) DESC, a.id`,
        [unit],
      );
      return r.rows.map((row) => row.id);
    },
    async person(userId) {
      // The district is the ancestor at level `district`: a prefix match on the path, like "within".
      const r = await db.query<DirectoryPerson>(
        `SELECT u.id, u.org_unit AS "orgUnit", u.roles, u.active, u.tier, u.school_id AS "schoolId",
                (SELECT d.id FROM org_units d WHERE d.level = 'district' AND starts_with(o.path, d.path) LIMIT 1) AS "districtId"
           FROM users u LEFT JOIN org_units o ON o.id = u.org_unit
          WHERE u.id = $1`,
        [userId],
      );
      return r.rows[0] ?? null;
    },
    async orgUnitOf(userId) {
      const r = await db.query<{ unit: string }>(`SELECT org_unit AS unit FROM users WHERE id = $1`, [
        userId,
      ]);
      return r.rows[0]?.unit ?? null;
    },
    async holdsRole(userId, role) {
      const r = await db.query(`SELECT 1 FROM users WHERE id = $1 AND active AND $2 = ANY (roles)`, [
        userId,
        role,
      ]);
      return (r.rowCount ?? 0) > 0;
    },
    async schoolsOf(userIds) {
      const out = new Map<string, string | null>();
      if (userIds.length === 0) return out;
      const r = await db.query<{ id: string; school: string | null }>(
        `SELECT id, school_id AS school FROM users WHERE id = ANY ($1::text[])`,
        [[...userIds]],
      );
      for (const row of r.rows) out.set(row.id, row.school);
      return out;
    },
    async displayNames(userIds) {
      const out = new Map<string, string>();
      if (userIds.length === 0) return out;
      const r = await db.query<{ id: string; name: string }>(
        `SELECT id, display_name AS name FROM users WHERE id = ANY ($1::text[])`,
        [[...userIds]],
      );
      for (const row of r.rows) out.set(row.id, row.name);
      return out;
    },
    async nearestHolders(role, covering, except) {
      const r = await db.query<{ id: string; depth: number }>(
        `SELECT u.id, length(o.path) AS depth
           FROM users u JOIN org_units o ON o.id = u.org_unit
          WHERE u.active AND $1 = ANY (u.roles) AND u.id <> $3
            AND NOT EXISTS (SELECT 1 FROM unnest($2::text[]) AS x(id) WHERE NOT EXISTS (
                  SELECT 1 FROM org_units c WHERE c.id = x.id AND starts_with(c.path, o.path)))
          ORDER BY length(o.path) DESC, u.id`,
        [role, [...covering], except],
      );
      const nearest = r.rows[0]?.depth;
      return r.rows.filter((row) => row.depth === nearest).map((row) => row.id);
    },
    async holders(role, unit, where) {
      const r =
        where === 'at'
          ? await db.query<{ id: string }>(
              `SELECT id FROM users WHERE active AND $1 = ANY (roles) AND org_unit = $2 ORDER BY id`,
              [role, unit],
            )
          : await db.query<{ id: string }>(
              `SELECT u.id FROM users u
                 JOIN org_units mine ON mine.id = $2
                 JOIN org_units theirs ON theirs.id = u.org_unit
                WHERE u.active AND $1 = ANY (u.roles) AND starts_with(mine.path, theirs.path)
                ORDER BY length(theirs.path) DESC, u.id`,
              [role, unit],
            );
      return r.rows.map((row) => row.id);
    },
    async parentOf(unit) {
      const r = await db.query<{ parent: string | null }>(
        `SELECT parent_id AS parent FROM org_units WHERE id = $1`,
        [unit],
      );
      return r.rows[0]?.parent ?? null;
    },
    async holdersOf(userIds, role) {
      if (userIds.length === 0) return new Set();
      const r = await db.query<{ id: string }>(
        `SELECT id FROM users WHERE id = ANY ($1::text[]) AND active AND $2 = ANY (roles)`,
        [[...userIds], role],
      );
      return new Set(r.rows.map((row) => row.id));
    },
    async reachableHoldersOf(userIds, role) {
      if (userIds.length === 0) return new Set();
      const r = await db.query<{ id: string }>(
        `SELECT id FROM users
          WHERE id = ANY ($1::text[]) AND active AND erased_at IS NULL AND $2 = ANY (roles)`,
        [[...userIds], role],
      );
      return new Set(r.rows.map((row) => row.id));
    },
    async unitsAtLevels(levels) {
      const r = await db.query<{ id: string }>(
        `SELECT id FROM org_units WHERE level = ANY ($1::text[]) ORDER BY path`,
        [[...levels]],
      );
      return r.rows.map((row) => row.id);
    },
    async within(units, ancestor) {
      if (units.length === 0) return new Set();
      const r = await db.query<{ id: string }>(
        `SELECT x.id FROM unnest($1::text[]) AS x(id) WHERE ${orgUnitWithinSql('x.id', '$2')}`,
        [[...units], ancestor],
      );
      return new Set(r.rows.map((row) => row.id));
    },
    async isRoot(unit) {
      const r = await db.query(`SELECT 1 FROM org_units WHERE id = $1 AND parent_id IS NULL`, [unit]);
      return (r.rowCount ?? 0) > 0;
    },
    async orgUnitsOf(userIds) {
      const out = new Map<string, string>();
      if (userIds.length === 0) return out;
      const r = await db.query<{ id: string; unit: string }>(
        `SELECT id, org_unit AS unit FROM users WHERE id = ANY ($1::text[])`,
        [[...userIds]],
      );
      for (const row of r.rows) out.set(row.id, row.unit);
      return out;
    },
    async unitNames(units) {
      const out = new Map<string, string>();
      if (units.length === 0) return out;
      const r = await db.query<{ id: string; name: string }>(
        `SELECT id, name FROM org_units WHERE id = ANY ($1::text[])`,
        [[...units]],
      );
      for (const row of r.rows) out.set(row.id, row.name);
      return out;
    },
    async childBuckets(unit) {
      const [children, within] = await Promise.all([
        db.query<{ id: string; name: string; level: OrgLevel; hasChildren: boolean }>(
          `SELECT c.id, c.name, c.level,
                  EXISTS (SELECT 1 FROM org_units g WHERE g.parent_id = c.id) AS "hasChildren"
             FROM org_units c WHERE c.parent_id = $1 ORDER BY c.name, c.id`,
          [unit],
        ),
        db.query<{ unit: string; bucket: string }>(
          `SELECT u.id AS unit, coalesce(c.id, sel.id) AS bucket
             FROM org_units sel JOIN org_units u ON starts_with(u.path, sel.path)
             LEFT JOIN org_units c ON c.parent_id = sel.id AND starts_with(u.path, c.path)
            WHERE sel.id = $1`,
          [unit],
        ),
      ]);
      if (within.rows.length === 0) return null;
      return {
        children: children.rows,
        bucketOf: new Map(within.rows.map((r) => [r.unit, r.bucket])),
      };
    },
    async byUsernames(usernames, withinUnit) {
      const out = new Map<string, DirectoryAccount>();
      if (usernames.length === 0) return out;
      const r =
        withinUnit === undefined
          ? await db.query<DirectoryAccount>(
              `SELECT id, username, display_name AS "displayName", roles FROM users
                WHERE username = ANY ($1::text[])`,
              [[...usernames]],
            )
          : await db.query<DirectoryAccount>(
              `SELECT u.id, u.username, u.display_name AS "displayName", u.roles
                 FROM users u JOIN org_units o ON o.id = u.org_unit
                 JOIN org_units a ON a.id = $2 AND starts_with(o.path, a.path)
                WHERE u.username = ANY ($1::text[])`,
              [[...usernames], withinUnit],
            );
      for (const row of r.rows) out.set(row.username, row);
      return out;
    },
    async holdersWithin(role, unit, except, limit) {
      const r = await db.query<DirectoryHolder>(
        `SELECT u.id, u.display_name AS "displayName", s.name AS school, u.tier
           FROM users u
           LEFT JOIN org_units s ON s.id = u.school_id
          WHERE u.active AND $1 = ANY (u.roles) AND u.id <> $3 AND ${orgUnitWithinSql('u.org_unit', '$2')}
          ORDER BY u.display_name, u.id
          LIMIT $4`,
        [role, unit, except, limit],
      );
      return r.rows;
    },
  };
}

/**
 * Provides the IdentityDirectory to the modules that import it (the approval and ladder modules, the
 * api's queries), over the pool of the global DatabaseModule.
 */
@Module({
  providers: [
    {
      provide: IDENTITY_DIRECTORY,
      inject: [PG_POOL],
      useFactory: (pool: pg.Pool) => postgresIdentityDirectory(pool),
    },
  ],
  exports: [IDENTITY_DIRECTORY],
})
export class IdentityDirectoryModule {}
