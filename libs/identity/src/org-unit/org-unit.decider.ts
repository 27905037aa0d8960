import {
  forbidden,
  refuse,
  type CommandMetadata,
  type DomainEvent,
  type StreamDecider,
} from '#libs/event-store';
import {
  childLevelOf,
  ORG_LEVELS,
  ORG_UNIT_NAME_MAX,
  SYSTEM_ROLE,
  type OrgLevel,
} from '../identity.model.js';

/**
 * What the handler read about the parent unit before deciding (deciders do no I/O): its level and its
 * ancestry from the root down to the parent itself, read from the `orgunit-…` streams.
 */
export interface ParentFacts {
  id: string;
  level: OrgLevel;
  /** Ids from the province down to and including the parent. */
  ancestry: string[];
}

export type OrgUnitCommand = {
  type: 'CreateOrgUnit';
  name: string;
  level: OrgLevel;
  parent: ParentFacts | null;
};

export type OrgUnitEvent = DomainEvent<
  'OrgUnitCreated',
  { name: string; level: OrgLevel; parentId: string | null }
>;

export type OrgUnitState =
  { exists: false } | { exists: true; name: string; level: OrgLevel; parentId: string | null };

/**
 * DOMAIN.md "People and roles": an admin acts only in their org unit and below. `meta.orgUnit` is the
 * admin's unit (from the verified token); the target must have it on its ancestry.
 */
export function requireAdminOver(ancestry: readonly string[], meta: CommandMetadata, what: string): void {
  if (meta.actorRole === SYSTEM_ROLE) return;
  if (meta.actorRole !== 'admin') throw forbidden('admin_only', `only an admin may ${what}`);
  if (!ancestry.includes(meta.orgUnit)) {
    throw forbidden(
      'outside_admin_scope',
      `an admin may ${what} only in their own org unit and the units below it`,
    );
  }
}

export const orgUnitDecider: StreamDecider<OrgUnitCommand, OrgUnitEvent, OrgUnitState> = {
  category: 'orgunit',
  initialState: { exists: false },

  evolve(_s, e) {
    switch (e.type) {
      case 'OrgUnitCreated':
        return { exists: true, name: e.data.name, level: e.data.level, parentId: e.data.parentId };
    }
  },

  decide(c, s, meta) {
    switch (c.type) {
      case 'CreateOrgUnit': {
        if (s.exists) throw refuse('orgunit_exists', 'this org unit already exists');
        const name = c.name.trim();
        if (name.length === 0 || name.length > ORG_UNIT_NAME_MAX) {
          throw refuse('invalid_name', `an org unit's name must be 1–${ORG_UNIT_NAME_MAX} characters`);
        }
        if (!(ORG_LEVELS as readonly string[]).includes(c.level)) {
          throw refuse('unknown_level', `level must be one of ${ORG_LEVELS.join(', ')}`);
        }
        if (c.parent === null) {
          // The tree has one root per province, created when the product is installed (or by the demo
          // seed), never by an admin, whose scope is always some unit inside the tree.
          if (meta.actorRole !== SYSTEM_ROLE)
            throw forbidden('root_unit_system_only', 'only the system creates a province');
          if (c.level !== 'province')
            throw refuse('root_must_be_province', 'a unit without a parent must be a province');
          return [{ type: 'OrgUnitCreated', data: { name, level: c.level, parentId: null } }];
        }
        requireAdminOver(c.parent.ancestry, meta, 'create org units');
        // DOMAIN.md "Organisation": four levels, each unit exactly one level below its parent.
        const expected = childLevelOf(c.parent.level);
        if (expected === null)
          throw refuse('school_has_no_children', 'a school is the lowest level: it has no units below it');
        if (c.level !== expected) {
          throw refuse(
            'level_not_below_parent',
            `a unit under a ${c.parent.level} must be a ${expected}, not a ${c.level}`,
            {
              expectedLevel: expected,
            },
          );
        }
        return [{ type: 'OrgUnitCreated', data: { name, level: c.level, parentId: c.parent.id } }];
      }
    }
  },
};
