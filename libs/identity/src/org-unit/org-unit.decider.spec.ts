import { given } from '#testing/event-store';
import { orgUnitDecider as d, type OrgUnitEvent, type ParentFacts } from './org-unit.decider.js';

// Decider specs for DOMAIN.md "Organisation" (province → city → district → school) and the admin scope
// rule of "People and roles" ("an admin sees only their org unit and the units below it").
const system = { actorId: 'system', actorRole: 'system', orgUnit: 'system' };
const cityAdmin = { actorId: 'admin-1', actorRole: 'admin', orgUnit: 'city-1' };
const districtAdmin = { actorId: 'admin-2', actorRole: 'admin', orgUnit: 'district-a' };

const city: ParentFacts = { id: 'city-1', level: 'city', ancestry: ['prov-1', 'city-1'] };
const districtA: ParentFacts = {
  id: 'district-a',
  level: 'district',
  ancestry: ['prov-1', 'city-1', 'district-a'],
};
const districtB: ParentFacts = {
  id: 'district-b',
  level: 'district',
  ancestry: ['prov-1', 'city-1', 'district-b'],
};
const school: ParentFacts = {
  id: 'school-1',
  level: 'school',
  ancestry: ['prov-1', 'city-1', 'district-a', 'school-1'],
};

const created = (
  name: string,
  level: OrgUnitEvent['data']['level'],
  parentId: string | null,
): OrgUnitEvent => ({
  type: 'OrgUnitCreated',
  data: { name, level, parentId },
});

describe('org units form a four-level tree (DOMAIN.md "Organisation")', () => {
  it('the system creates a province as a root', () => {
    given(d)
      .when({ type: 'CreateOrgUnit', name: '江南省', level: 'province', parent: null }, system)
      .then([created('江南省', 'province', null)]);
  });

  it('a child is exactly one level below its parent', () => {
    given(d)
      .when({ type: 'CreateOrgUnit', name: '东湖区', level: 'district', parent: city }, cityAdmin)
      .then([created('东湖区', 'district', 'city-1')]);
    given(d)
      .when({ type: 'CreateOrgUnit', name: '东湖一中', level: 'school', parent: districtA }, cityAdmin)
      .then([created('东湖一中', 'school', 'district-a')]);
  });

  it('refuses a child that skips a level or climbs back up', () => {
    const err = given(d)
      .when({ type: 'CreateOrgUnit', name: 'x', level: 'school', parent: city }, cityAdmin)
      .thenRefuses('level_not_below_parent');
    expect(err.details).toEqual({ expectedLevel: 'district' });
    given(d)
      .when({ type: 'CreateOrgUnit', name: 'x', level: 'city', parent: districtA }, cityAdmin)
      .thenRefuses('level_not_below_parent');
  });

  it('refuses a unit under a school: schools are the lowest level', () => {
    given(d)
      .when({ type: 'CreateOrgUnit', name: 'x', level: 'school', parent: school }, cityAdmin)
      .thenRefuses('school_has_no_children');
  });

  it('refuses a root that is not a province', () => {
    given(d)
      .when({ type: 'CreateOrgUnit', name: 'x', level: 'city', parent: null }, system)
      .thenRefuses('root_must_be_province');
  });

  it('refuses an unknown level', () => {
    given(d)
      .when({ type: 'CreateOrgUnit', name: 'x', level: 'county' as never, parent: city }, cityAdmin)
      .thenRefuses('unknown_level');
  });

  it('refuses a blank or overlong name, and trims the name it keeps', () => {
    given(d)
      .when({ type: 'CreateOrgUnit', name: '   ', level: 'district', parent: city }, cityAdmin)
      .thenRefuses('invalid_name');
    given(d)
      .when({ type: 'CreateOrgUnit', name: 'x'.repeat(101), level: 'district', parent: city }, cityAdmin)
      .thenRefuses('invalid_name');
    given(d)
      .when({ type: 'CreateOrgUnit', name: '  东湖区 ', level: 'district', parent: city }, cityAdmin)
      .then([created('东湖区', 'district', 'city-1')]);
  });

  it('refuses to create a unit twice', () => {
    given(d, [created('东湖区', 'district', 'city-1')])
      .when({ type: 'CreateOrgUnit', name: '东湖区', level: 'district', parent: city }, cityAdmin)
      .thenRefuses('orgunit_exists');
  });
});

describe('who may create org units (DOMAIN.md "People and roles")', () => {
  it('only the system creates a root: no admin can make themselves a new province', () => {
    given(d)
      .when({ type: 'CreateOrgUnit', name: 'x', level: 'province', parent: null }, cityAdmin)
      .thenRefuses('root_unit_system_only');
  });

  it('only an admin creates units', () => {
    for (const actorRole of ['teacher', 'mentor', 'reviewer', 'chair']) {
      given(d)
        .when(
          { type: 'CreateOrgUnit', name: 'x', level: 'school', parent: districtA },
          { ...cityAdmin, actorRole },
        )
        .thenRefuses('admin_only');
    }
  });

  it('an admin creates units in their own unit and below it', () => {
    given(d)
      .when({ type: 'CreateOrgUnit', name: 'a-school', level: 'school', parent: districtA }, districtAdmin)
      .then([created('a-school', 'school', 'district-a')]);
  });

  it('an admin never creates units outside their subtree (a sibling district, or above them)', () => {
    given(d)
      .when({ type: 'CreateOrgUnit', name: 'x', level: 'school', parent: districtB }, districtAdmin)
      .thenRefuses('outside_admin_scope');
    given(d)
      .when({ type: 'CreateOrgUnit', name: 'x', level: 'district', parent: city }, districtAdmin)
      .thenRefuses('outside_admin_scope');
  });
});

describe('rules pinned by mutation testing', () => {
  const province: ParentFacts = { id: 'prov-1', level: 'province', ancestry: ['prov-1'] };

  it('keeps each unit on its own orgunit stream, with its name, level and parent', () => {
    expect(d.category).toBe('orgunit');
    expect(given(d, [created('江南市', 'city', 'prov-1')]).state).toEqual({
      exists: true,
      name: '江南市',
      level: 'city',
      parentId: 'prov-1',
    });
  });

  it('lets the system (installation, demo seed) create units anywhere in the tree', () => {
    given(d)
      .when({ type: 'CreateOrgUnit', name: '江南市', level: 'city', parent: province }, system)
      .then([created('江南市', 'city', 'prov-1')]);
  });

  it('takes a name of exactly the longest length', () => {
    const longest = '校'.repeat(100);
    given(d)
      .when({ type: 'CreateOrgUnit', name: longest, level: 'school', parent: districtA }, districtAdmin)
      .then([created(longest, 'school', 'district-a')]);
  });

  it('says in each refusal why', () => {
    const create = (name: string, level: string, parent: ParentFacts | null) =>
      ({ type: 'CreateOrgUnit', name, level, parent }) as Parameters<typeof d.decide>[0];
    given(d)
      .when(create('某校', 'school', districtA), {
        actorId: 't',
        actorRole: 'teacher',
        orgUnit: 'district-a',
      })
      .thenRefuses('admin_only', 'only an admin may create org units');
    given(d)
      .when(create('某校', 'school', districtB), districtAdmin)
      .thenRefuses(
        'outside_admin_scope',
        'an admin may create org units only in their own org unit and the units below it',
      );
    given(d, [created('江南省', 'province', null)])
      .when(create('江南省', 'province', null), system)
      .thenRefuses('orgunit_exists', 'this org unit already exists');
    given(d)
      .when(create(' ', 'school', districtA), districtAdmin)
      .thenRefuses('invalid_name', "an org unit's name must be 1–100 characters");
    given(d)
      .when(create('某镇', 'town', districtA), districtAdmin)
      .thenRefuses('unknown_level', 'level must be one of province, city, district, school');
    given(d)
      .when(create('新省', 'province', null), cityAdmin)
      .thenRefuses('root_unit_system_only', 'only the system creates a province');
    given(d)
      .when(create('某市', 'city', null), system)
      .thenRefuses('root_must_be_province', 'a unit without a parent must be a province');
    given(d)
      .when(create('某班', 'school', school), districtAdmin)
      .thenRefuses('school_has_no_children', 'a school is the lowest level: it has no units below it');
    const err = given(d)
      .when(create('某区', 'district', districtA), districtAdmin)
      .thenRefuses('level_not_below_parent', 'a unit under a district must be a school, not a district');
    expect(err.details).toEqual({ expectedLevel: 'school' });
  });
});
