import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { IDENTITY_DIRECTORY, type IdentityDirectory } from '#libs/identity';
import { PG_POOL } from '#libs/platform';
import type { Actor } from './actor.js';

export interface OrgUnitRow {
  id: string;
  parentId: string | null;
  level: string;
  name: string;
  path: string;
}

const COLUMNS = `id, parent_id AS "parentId", level, name, path`;

/**
 * Org-unit scope over the `org_units` read model (DOMAIN.md "an admin sees only their org unit and the
 * units below it"). `path` is '/<province>/<city>/<district>/<school>/', so "within" is a prefix test.
 * It reads a read model: a unit created a moment ago is known here once the projection has passed it
 * (the identity endpoints wait for that before answering). Deciders check scope again from the streams.
 */
@Injectable()
export class OrgScope {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(IDENTITY_DIRECTORY) private readonly directory: IdentityDirectory,
  ) {}

  async unit(unitId: string): Promise<OrgUnitRow | null> {
    const res = await this.pool.query<OrgUnitRow>(`SELECT ${COLUMNS} FROM org_units WHERE id = $1`, [unitId]);
    return res.rows[0] ?? null;
  }

  /**
   * True when `unitId` is `ancestorUnitId` or lies below it; false when either is unknown. Asked of
   * identity's directory, which keeps the pairs it found within (a unit's place in the tree is fixed at
   * its creation and units are never removed, so "within" once true stays true; "not within" is asked
   * again each time): a scope check of a known pair sends no statement (BENCHMARKS.md Q1).
   */
  isWithin(unitId: string, ancestorUnitId: string): Promise<boolean> {
    return this.directory.isWithin(unitId, ancestorUnitId);
  }

  /** The ids of `unitId` and every unit below it, the unit first, then in tree order. */
  async subtreeOf(unitId: string): Promise<string[]> {
    const res = await this.pool.query<{ id: string }>(
      `SELECT u.id FROM org_units u, org_units a WHERE a.id = $1 AND starts_with(u.path, a.path) ORDER BY u.path`,
      [unitId],
    );
    return res.rows.map((r) => r.id);
  }

  /** The ids from the province down to `unitId` (empty when unknown). */
  async ancestryOf(unitId: string): Promise<string[]> {
    const row = await this.unit(unitId);
    return row ? row.path.split('/').filter((s) => s.length > 0) : [];
  }

  /** True when an admin acting for `actor` may act on `unitId`: the actor holds admin and it is in their subtree. */
  async adminOver(actor: Actor, unitId: string): Promise<boolean> {
    return actor.roles.includes('admin') && this.isWithin(unitId, actor.orgUnit);
  }

  /**
   * Units a person may look at: their own unit, the units above it (where they belong) and the units
   * below it. A sibling district or another school is not visible.
   */
  async isVisibleTo(actor: Actor, unitId: string): Promise<boolean> {
    const res = await this.pool.query<{ ok: boolean }>(
      `SELECT starts_with(u.path, a.path) OR starts_with(a.path, u.path) AS ok
         FROM org_units u, org_units a WHERE u.id = $1 AND a.id = $2`,
      [unitId, actor.orgUnit],
    );
    return res.rows[0]?.ok ?? false;
  }

  /** The visible children of `parentId` (or, without a parent, the actor's subtree), capped at `limit`. */
  async visibleUnits(actor: Actor, parentId: string | null, limit: number): Promise<OrgUnitRow[]> {
    const res = await this.pool.query<OrgUnitRow>(
      `SELECT u.id, u.parent_id AS "parentId", u.level, u.name, u.path FROM org_units u, org_units a
        WHERE a.id = $1
          AND (starts_with(u.path, a.path) OR starts_with(a.path, u.path))
          AND ($2::text IS NULL AND starts_with(u.path, a.path) OR u.parent_id = $2::text)
        ORDER BY u.path LIMIT $3`,
      [actor.orgUnit, parentId, limit],
    );
    return res.rows;
  }
}
