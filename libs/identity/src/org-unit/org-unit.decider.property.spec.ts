import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  propertyParams,
  reachCounts,
  runSequence,
  type AcceptedStep,
  type PropertyStep,
} from '#testing/event-store';
import { childLevelOf, ORG_LEVELS, ORG_UNIT_NAME_MAX, type OrgLevel } from '../identity.model.js';
import {
  orgUnitDecider as d,
  type OrgUnitCommand,
  type OrgUnitEvent,
  type OrgUnitState,
  type ParentFacts,
} from './org-unit.decider.js';

// Property specs of an org unit: random creations, valid and invalid, by the system, admins in and out
// of scope and others keep DOMAIN.md "Organisation" (four levels, province → city → district → school,
// each unit exactly one level below its parent, nothing under a school; only the system makes a
// province) and "People and roles" (an admin acts only in their unit and below). A unit, once created,
// never changes. Replaying what was produced rebuilds the same state.
type Step = PropertyStep<OrgUnitCommand>;

/** A branch of the tree, as the handler reads it from the `orgunit-…` streams. */
const tree: Record<string, ParentFacts> = {
  prov: { id: 'prov', level: 'province', ancestry: ['prov'] },
  'city-1': { id: 'city-1', level: 'city', ancestry: ['prov', 'city-1'] },
  'district-a': { id: 'district-a', level: 'district', ancestry: ['prov', 'city-1', 'district-a'] },
  'school-a': { id: 'school-a', level: 'school', ancestry: ['prov', 'city-1', 'district-a', 'school-a'] },
  'district-b': { id: 'district-b', level: 'district', ancestry: ['prov', 'city-1', 'district-b'] },
};
const people = [
  { actorId: 'system', actorRole: 'system', orgUnit: 'system' },
  ...Object.keys(tree).map((unit) => ({ actorId: `admin-${unit}`, actorRole: 'admin', orgUnit: unit })),
  { actorId: 'admin-other', actorRole: 'admin', orgUnit: 'prov-2' },
  { actorId: 'chair-1', actorRole: 'chair', orgUnit: 'city-1' },
  { actorId: 'teacher-1', actorRole: 'teacher', orgUnit: 'school-a' },
];

/** Half the time the level one below the parent (a province for a root), otherwise any level. */
const command: fc.Arbitrary<OrgUnitCommand> = fc
  .record({
    name: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('第一中学', '  海淀区  ') },
      { weight: 1, arbitrary: fc.constantFrom('', '   ', 'x'.repeat(ORG_UNIT_NAME_MAX + 1)) },
    ),
    level: fc.constantFrom<OrgLevel>(...ORG_LEVELS, 'county' as OrgLevel),
    parent: fc.constantFrom(null, ...Object.values(tree)),
    below: fc.boolean(),
  })
  .map(({ name, level, parent, below }) => ({
    type: 'CreateOrgUnit' as const,
    name,
    level: below ? ((parent ? childLevelOf(parent.level) : 'province') ?? level) : level,
    parent,
  }));
const sequences: fc.Arbitrary<Step[]> = fc.array(fc.record({ command, meta: fc.constantFrom(...people) }), {
  minLength: 1,
  maxLength: 6,
});

function invariant({
  command,
  meta,
  before,
  after,
  events,
}: AcceptedStep<OrgUnitCommand, OrgUnitEvent, OrgUnitState>) {
  // Created once; a unit never changes after.
  expect(before.exists).toBe(false);
  expect(events).toHaveLength(1);
  const e = events[0]!;
  expect(ORG_LEVELS).toContain(e.data.level);
  expect(e.data.name).toBe(e.data.name.trim());
  expect(e.data.name.length).toBeGreaterThan(0);
  expect(e.data.name.length).toBeLessThanOrEqual(ORG_UNIT_NAME_MAX);
  if (command.parent === null) {
    // The root is a province, made by the system only.
    expect(e.data.parentId).toBeNull();
    expect(e.data.level).toBe('province');
    expect(meta.actorRole).toBe('system');
  } else {
    // One level below the parent, never under a school, by the system or an admin over the parent.
    expect(e.data.parentId).toBe(command.parent.id);
    expect(command.parent.level).not.toBe('school');
    expect(e.data.level).toBe(childLevelOf(command.parent.level));
    expect(ORG_LEVELS.indexOf(e.data.level)).toBe(ORG_LEVELS.indexOf(command.parent.level) + 1);
    if (meta.actorRole !== 'system') {
      expect(meta.actorRole).toBe('admin');
      expect(command.parent.ancestry).toContain(meta.orgUnit);
    }
  }
  expect(after).toEqual({ exists: true, name: e.data.name, level: e.data.level, parentId: e.data.parentId });
}

describe('org unit decider properties', () => {
  it('random creations keep the four-level tree and admin scope, and replaying the events rebuilds the unit', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        const { events } = runSequence(d, steps, invariant);
        expect(events.length).toBeLessThanOrEqual(1);
      }),
      propertyParams(300),
    );
  });

  it('the generated sequences reach creations of roots and children, not only refusals', () => {
    const reached = reachCounts(sequences, 300, (steps) => {
      const { events } = runSequence(d, steps, invariant);
      return {
        created: events.length > 0,
        byAdmin: events.some((e) => e.data.parentId !== null),
      };
    });
    expect(reached.created).toBeGreaterThan(30);
    expect(reached.byAdmin).toBeGreaterThan(20);
  });

  it('nothing is ever created under a school, by anyone', () => {
    fc.assert(
      fc.property(fc.constantFrom<OrgLevel>(...ORG_LEVELS), fc.constantFrom(...people), (level, who) => {
        const { state } = runSequence(
          d,
          [
            {
              command: { type: 'CreateOrgUnit', name: '教研组', level, parent: tree['school-a']! },
              meta: who,
            },
          ],
          invariant,
        );
        expect(state.exists).toBe(false);
      }),
      propertyParams(40),
    );
  });
});
