import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { identityDirectoryProjection } from '../read-models/identity-directory.projection.js';
import { postgresIdentityDirectory } from './identity-directory.js';

// Identity's directory port (ARCHITECTURE.md "Between contexts"): what other contexts may ask of identity,
// answered from its read model. A province with a city, a district, two schools of the district and a
// school of another district.

const at = '2026-11-01T00:00:00.000Z';
const units: [string, string | null, string, string][] = [
  ['prov', null, 'province', '/prov/'],
  ['city', 'prov', 'city', '/prov/city/'],
  ['d1', 'city', 'district', '/prov/city/d1/'],
  ['s1', 'd1', 'school', '/prov/city/d1/s1/'],
  ['s2', 'd1', 'school', '/prov/city/d1/s2/'],
  ['d2', 'city', 'district', '/prov/city/d2/'],
  ['s3', 'd2', 'school', '/prov/city/d2/s3/'],
];
const users: [string, string, string[], boolean][] = [
  ['t1', 's1', ['teacher'], true],
  ['chair-s1', 's1', ['chair'], true],
  ['chair-d1', 'd1', ['chair'], true],
  ['chair-d1-gone', 'd1', ['chair'], false],
  ['chair-city', 'city', ['chair'], true],
  ['t2', 's2', ['teacher'], true],
  ['t-erased', 's3', ['teacher'], true],
];

describe.each([
  ['PostgreSQL', createPostgresTestDatabase],
  ['PGlite', createPgliteTestDatabase],
])('identity directory port (%s)', (_name, create) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('fails, rather than answers, while its read model is not there', async () => {
    const directory = postgresIdentityDirectory(db.pool);
    await expect(directory.isWithin('s1', 'd1')).rejects.toThrow(/org_units/);
    await expect(directory.holdsRole('t1', 'teacher')).rejects.toThrow(/users/);
  });

  it('answers within, level, subtree, holders, holders of a list, parent, person, roles, schools, names and the nearest office from the read model', async () => {
    await identityDirectoryProjection.setup(db.pool);
    for (const [id, parent, level, path] of units)
      await db.pool.query(
        `INSERT INTO org_units (id, parent_id, level, name, path, version, created_at) VALUES ($1, $2, $3, $1, $4, 1, $5)`,
        [id, parent, level, path, at],
      );
    for (const [id, unit, roles, active] of users)
      await db.pool.query(
        `INSERT INTO users (id, username, display_name, org_unit, school_id, roles, password_hash, active, version, created_at, updated_at)
         VALUES ($1, $1, 'name ' || $1, $2, (SELECT id FROM org_units WHERE id = $2 AND level = 'school'), $3, 'x', $4, 1, $5, $5)`,
        [id, unit, roles, active, at],
      );
    const directory = postgresIdentityDirectory(db.pool);

    expect(await directory.isWithin('s1', 'd1')).toBe(true);
    expect(await directory.isWithin('s1', 'prov')).toBe(true);
    expect(await directory.isWithin('s3', 'd1')).toBe(false);
    expect(await directory.isWithin('d1', 's1')).toBe(false);
    expect(await directory.isWithin('nowhere', 'prov')).toBe(false);
    expect(await directory.levelOf('d2')).toBe('district');
    expect(await directory.levelOf('nowhere')).toBeNull();
    const d1 = await directory.subtree('d1');
    expect(d1?.root).toBe(false);
    expect(d1?.units.sort()).toEqual(['d1', 's1', 's2']);
    const prov = await directory.subtree('prov');
    expect(prov?.root).toBe(true);
    expect(prov?.units).toHaveLength(units.length);
    expect(await directory.subtree('s3')).toEqual({ units: ['s3'], root: false });
    expect(await directory.subtree('nowhere')).toBeNull();
    // What a unit lies within, nearest first: the calls and projects of those units reach its teachers.
    expect(await directory.ancestors('s1')).toEqual(['s1', 'd1', 'city', 'prov']);
    expect(await directory.ancestors('prov')).toEqual(['prov']);
    expect(await directory.ancestors('nowhere')).toEqual([]);
    // An office's own people, and every office answerable for a unit, nearest first; inactive left out.
    expect(await directory.holders('chair', 'd1', 'at')).toEqual(['chair-d1']);
    expect(await directory.holders('chair', 's1', 'over')).toEqual(['chair-s1', 'chair-d1', 'chair-city']);
    expect(await directory.holders('chair', 's3', 'over')).toEqual(['chair-city']);
    expect(await directory.holders('chair', 'nowhere', 'over')).toEqual([]);
    expect(await directory.parentOf('s1')).toBe('d1');
    expect(await directory.parentOf('prov')).toBeNull();
    expect(await directory.parentOf('nowhere')).toBeNull();

    expect(await directory.person('t1')).toEqual({
      id: 't1',
      orgUnit: 's1',
      roles: ['teacher'],
      active: true,
      tier: null,
      schoolId: 's1',
      districtId: 'd1',
    });
    expect(await directory.person('nobody')).toBeNull();
    expect(await directory.orgUnitOf('chair-d1')).toBe('d1');
    expect(await directory.holdsRole('t1', 'teacher')).toBe(true);
    expect(await directory.holdsRole('t1', 'chair')).toBe(false);
    expect(await directory.holdsRole('chair-d1-gone', 'chair')).toBe(false);
    // holdsRole for a list in one look-up: the inactive, the unknown and other roles' holders left out.
    expect(
      [
        ...(await directory.holdersOf(['chair-d1', 'chair-d1-gone', 't1', 'nobody', 'chair-city'], 'chair')),
      ].sort(),
    ).toEqual(['chair-city', 'chair-d1']);
    expect(await directory.holdersOf([], 'chair')).toEqual(new Set());
    expect(Object.fromEntries(await directory.schoolsOf(['t1', 'chair-d1', 'nobody']))).toEqual({
      t1: 's1',
      'chair-d1': null,
    });
    expect(Object.fromEntries(await directory.displayNames(['t1', 'nobody']))).toEqual({ t1: 'name t1' });

    // The nearest unit covering both that has an active holder; the applicant themself never counts.
    expect(await directory.nearestHolders('chair', ['s1', 's1'], 't1')).toEqual(['chair-s1']);
    expect(await directory.nearestHolders('chair', ['d1', 's1'], 't1')).toEqual(['chair-d1']);
    expect(await directory.nearestHolders('chair', ['s1', 's3'], 't1')).toEqual(['chair-city']);
    expect(await directory.nearestHolders('chair', ['s1', 's1'], 'chair-s1')).toEqual(['chair-d1']);
    expect(await directory.nearestHolders('chair', ['s1', 'nowhere'], 't1')).toEqual([]);
  });

  it("answers units at a level, units within a unit, roots, users' units and reachable holders", async () => {
    // DOMAIN.md "Audit trail": a person's data erased on a lawful request; they are no longer written to.
    await db.pool.query(`UPDATE users SET erased_at = $2 WHERE id = $1`, ['t-erased', at]);
    const directory = postgresIdentityDirectory(db.pool);

    // seed 004 §三: the offices that owe an annual summary.
    expect((await directory.unitsAtLevels(['province', 'city', 'district'])).sort()).toEqual([
      'city',
      'd1',
      'd2',
      'prov',
    ]);
    expect(await directory.unitsAtLevels([])).toEqual([]);
    // "within" for a list: unknown units and units outside left out; duplicates answered once.
    expect(await directory.within(['s1', 's2', 's3', 'd1', 'nowhere', 's1'], 'd1')).toEqual(
      new Set(['s1', 's2', 'd1']),
    );
    expect(await directory.within(['s1', 's3'], 'prov')).toEqual(new Set(['s1', 's3']));
    expect(await directory.within(['s1'], 'nowhere')).toEqual(new Set());
    expect(await directory.within([], 'prov')).toEqual(new Set());
    expect(await directory.isRoot('prov')).toBe(true);
    expect(await directory.isRoot('city')).toBe(false);
    expect(await directory.isRoot('nowhere')).toBe(false);
    expect(Object.fromEntries(await directory.orgUnitsOf(['t1', 'chair-d1', 'nobody']))).toEqual({
      t1: 's1',
      'chair-d1': 'd1',
    });
    expect(await directory.orgUnitsOf([])).toEqual(new Map());
    // holdersOf, the erased left out as well.
    expect(await directory.holdersOf(['t1', 't2', 't-erased'], 'teacher')).toEqual(
      new Set(['t1', 't2', 't-erased']),
    );
    expect(
      await directory.reachableHoldersOf(['t1', 't2', 't-erased', 'chair-d1', 'nobody'], 'teacher'),
    ).toEqual(new Set(['t1', 't2']));
    expect(await directory.reachableHoldersOf([], 'teacher')).toEqual(new Set());
  });

  it('answers unit names and accounts by username, within a unit or anywhere', async () => {
    await db.pool.query(`UPDATE org_units SET name = 'School ' || id WHERE level = 'school'`);
    const directory = postgresIdentityDirectory(db.pool);

    expect(Object.fromEntries(await directory.unitNames(['s1', 'd1', 'nowhere']))).toEqual({
      s1: 'School s1',
      d1: 'd1',
    });
    expect(await directory.unitNames([])).toEqual(new Map());
    // Anywhere: every known username (the inactive too), unknown ones left out.
    expect(Object.fromEntries(await directory.byUsernames(['t1', 'chair-d1-gone', 'nobody']))).toEqual({
      t1: { id: 't1', username: 't1', displayName: 'name t1', roles: ['teacher'] },
      'chair-d1-gone': {
        id: 'chair-d1-gone',
        username: 'chair-d1-gone',
        displayName: 'name chair-d1-gone',
        roles: ['chair'],
      },
    });
    // DOMAIN.md "People and roles": within d1 means d1 and its schools; another district's people left out.
    expect(
      [
        ...(await directory.byUsernames(['t1', 't2', 'chair-d1', 't-erased', 'chair-city'], 'd1')).keys(),
      ].sort(),
    ).toEqual(['chair-d1', 't1', 't2']);
    expect(await directory.byUsernames(['t1'], 's2')).toEqual(new Map());
    expect(await directory.byUsernames(['t1'], 'nowhere')).toEqual(new Map());
    expect(await directory.byUsernames([], 'd1')).toEqual(new Map());
  });

  it("answers a unit's children by name and the child each unit within it falls under", async () => {
    // Named against the ids' order: the children come by name (UI.md §5: one report row per unit below).
    await db.pool.query(`UPDATE org_units SET name = 'B' WHERE id = 'd1'`);
    await db.pool.query(`UPDATE org_units SET name = 'A' WHERE id = 'd2'`);
    const directory = postgresIdentityDirectory(db.pool);

    const city = await directory.childBuckets('city');
    expect(city?.children).toEqual([
      { id: 'd2', name: 'A', level: 'district', hasChildren: true },
      { id: 'd1', name: 'B', level: 'district', hasChildren: true },
    ]);
    // The unit itself is its own bucket (本级); each unit below falls under its child of the unit.
    expect(Object.fromEntries(city!.bucketOf)).toEqual({
      city: 'city',
      d1: 'd1',
      s1: 'd1',
      s2: 'd1',
      d2: 'd2',
      s3: 'd2',
    });
    const d1 = await directory.childBuckets('d1');
    expect(d1?.children.map((c) => [c.id, c.hasChildren])).toEqual([
      ['s1', false],
      ['s2', false],
    ]);
    expect(await directory.childBuckets('s3')).toEqual({ children: [], bucketOf: new Map([['s3', 's3']]) });
    expect(await directory.childBuckets('nowhere')).toBeNull();
  });

  it('answers the active holders of a role within a unit, by name then id, at most a limit', async () => {
    // id, unit, roles, active, display name, tier
    const reviewers: [string, string, string[], boolean, string, string | null][] = [
      ['r-b', 's1', ['teacher', 'reviewer'], true, 'B 王老师', 'leader'],
      ['r-a2', 's2', ['reviewer'], true, 'A 李老师', null],
      ['r-a1', 'd1', ['reviewer'], true, 'A 李老师', 'backbone'],
      ['r-gone', 's1', ['reviewer'], false, 'A 停用', null],
      ['r-other', 's3', ['reviewer'], true, 'D 外区', null],
      ['r-chair', 's1', ['chair', 'reviewer'], true, 'C 组长', null],
    ];
    for (const [id, unit, roles, active, name, tier] of reviewers)
      await db.pool.query(
        `INSERT INTO users (id, username, display_name, org_unit, school_id, roles, password_hash, tier, active, version, created_at, updated_at)
         VALUES ($1, $1, $2, $3, (SELECT id FROM org_units WHERE id = $3 AND level = 'school'), $4, 'x', $5, $6, 1, $7, $7)`,
        [id, name, unit, roles, tier, active, at],
      );
    const directory = postgresIdentityDirectory(db.pool);

    // DOMAIN.md "People and roles": d1 and its schools; the inactive, another district's and `except` left
    // out; the same name ordered by id; the school by its name, none for a district's own people.
    expect(await directory.holdersWithin('reviewer', 'd1', 'r-chair', 10)).toEqual([
      { id: 'r-a1', displayName: 'A 李老师', school: null, tier: 'backbone' },
      { id: 'r-a2', displayName: 'A 李老师', school: 'School s2', tier: null },
      { id: 'r-b', displayName: 'B 王老师', school: 'School s1', tier: 'leader' },
    ]);
    expect((await directory.holdersWithin('reviewer', 'd1', 'r-a1', 2)).map((h) => h.id)).toEqual([
      'r-a2',
      'r-b',
    ]);
    expect((await directory.holdersWithin('reviewer', 'prov', 'nobody', 10)).map((h) => h.id)).toEqual([
      'r-a1',
      'r-a2',
      'r-b',
      'r-chair',
      'r-other',
    ]);
    expect(await directory.holdersWithin('reviewer', 'nowhere', 'nobody', 10)).toEqual([]);
  });

  it('asks "within" once for a pair found within, and again for one that was not (the unit may come later)', async () => {
    const directory = postgresIdentityDirectory(db.pool);
    const sent: unknown[] = [];
    const query = db.pool.query.bind(db.pool);
    db.pool.query = ((...args: Parameters<typeof query>) => (
      sent.push(args[0]),
      query(...args)
    )) as typeof query;
    try {
      expect(await directory.isWithin('s2', 'd1')).toBe(true);
      expect(await directory.isWithin('s2', 'd1')).toBe(true);
      expect(sent).toHaveLength(1);
      expect(await directory.isWithin('s9', 'd1')).toBe(false);
      await query(
        `INSERT INTO org_units (id, parent_id, level, name, path, version, created_at)
         VALUES ('s9', 'd1', 'school', 's9', '/prov/city/d1/s9/', 1, $1)`,
        [at],
      );
      expect(await directory.isWithin('s9', 'd1')).toBe(true);
      expect(await directory.isWithin('s9', 'd2')).toBe(false);
      expect(sent).toHaveLength(4);
    } finally {
      db.pool.query = query;
    }
  });
});
