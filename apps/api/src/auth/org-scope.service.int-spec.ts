import { identityDirectoryProjection, orgUnitWithinSql } from '#libs/identity';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { OrgScope } from './org-scope.service.js';

// The office's scope check (DOMAIN.md "People and roles": an admin sees only their unit and below) keeps
// the paths it has read, since a unit is only ever created. It must answer what the read model answers,
// see a unit created after it was first asked about, and answer known units without the database.

const at = '2026-11-01T00:00:00.000Z';
const units: [string, string | null, string, string][] = [
  ['prov', null, 'province', '/prov/'],
  ['city', 'prov', 'city', '/prov/city/'],
  ['d1', 'city', 'district', '/prov/city/d1/'],
  ['s1', 'd1', 'school', '/prov/city/d1/s1/'],
  ['s2', 'd1', 'school', '/prov/city/d1/s2/'],
  ['d2', 'city', 'district', '/prov/city/d2/'],
  ['s3', 'd2', 'school', '/prov/city/d2/s3/'],
  // A prefix of another unit's id: "within" goes by path segments, not by the id's letters.
  ['d', 'city', 'district', '/prov/city/d/'],
];

describe('OrgScope.isWithin over the org_units read model (PostgreSQL)', () => {
  let db: TestDatabase;
  const insert = async ([id, parent, level, path]: (typeof units)[number]) =>
    db.pool.query(
      `INSERT INTO org_units (id, parent_id, level, name, path, version, created_at) VALUES ($1, $2, $3, $1, $4, 1, $5)`,
      [id, parent, level, path, at],
    );
  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    await identityDirectoryProjection.setup(db.pool);
    for (const u of units) await insert(u);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('answers every pair as the read model does, read and then kept', async () => {
    const scope = new OrgScope(db.pool);
    const ids = [...units.map((u) => u[0]), 'nowhere'];
    const sql = async (a: string, b: string) =>
      (await db.pool.query<{ ok: boolean }>(`SELECT ${orgUnitWithinSql('$1', '$2')} AS ok`, [a, b])).rows[0]!
        .ok;
    let within = 0;
    for (const pass of ['read', 'kept'])
      for (const a of ids)
        for (const b of ids) {
          const expected = await sql(a, b);
          expect({ pass, a, b, ok: await scope.isWithin(a, b) }).toEqual({ pass, a, b, ok: expected });
          if (expected) within++;
        }
    // Units within prov 8, city 7, d1 3, s1 1, s2 1, d2 2, s3 1, d 1 (not d1's), nowhere 0 — per pass.
    expect(within).toBe(2 * 24);
  });

  it('sees a unit created after it was asked about, and answers known units without a statement', async () => {
    const scope = new OrgScope(db.pool);
    expect(await scope.isWithin('s4', 'd1')).toBe(false);
    await insert(['s4', 'd1', 'school', '/prov/city/d1/s4/']);
    expect(await scope.isWithin('s4', 'd1')).toBe(true);
    expect(await scope.isWithin('s4', 'd2')).toBe(false);
    // With the read model out of reach, the kept paths still answer; an unknown unit still asks it.
    await db.pool.query('ALTER TABLE org_units RENAME TO org_units_away');
    try {
      expect(await scope.isWithin('s4', 'd1')).toBe(true);
      expect(await scope.isWithin('d2', 's4')).toBe(false);
      await expect(scope.isWithin('s1', 'd1')).rejects.toThrow(/org_units/);
    } finally {
      await db.pool.query('ALTER TABLE org_units_away RENAME TO org_units');
    }
  });
});
