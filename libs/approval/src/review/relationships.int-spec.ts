import { identityDirectoryProjection, postgresIdentityDirectory } from '#libs/identity';
import { mentorshipDirectoryProjection, postgresLadderRelations } from '#libs/ladder';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { conflictsFor } from './relationships.js';

// DOMAIN.md 利益回避 through the owners' ports (ARCHITECTURE.md "Between contexts"): each conflict is
// found from identity's directory or the ladder's relations, and a port that cannot look (its read model
// is not there) fails the check — it never answers "no conflict".

const at = '2026-11-01T00:00:00.000Z';

async function addUser(db: TestDatabase, id: string, orgUnit: string, schoolId: string | null) {
  await db.pool.query(
    `INSERT INTO users (id, username, display_name, org_unit, school_id, roles, password_hash, version, created_at, updated_at)
     VALUES ($1, $1, $1, $2, $3, ARRAY['teacher', 'reviewer'], 'x', 1, $4, $4)`,
    [id, orgUnit, schoolId, at],
  );
}

describe.each([
  ['PostgreSQL', createPostgresTestDatabase],
  ['PGlite', createPgliteTestDatabase],
])('conflicts of interest through the ports (%s)', (_name, create) => {
  let db: TestDatabase;
  const ports = () => ({
    directory: postgresIdentityDirectory(db.pool),
    ladder: postgresLadderRelations(db.pool),
  });

  beforeAll(async () => {
    db = await create();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('refuses to answer without identity’s directory or the ladder’s relations, rather than find no conflict', async () => {
    await expect(conflictsFor(ports(), ['r-school'], 'applicant')).rejects.toThrow(/users/);
    await identityDirectoryProjection.setup(db.pool);
    await addUser(db, 'applicant', 'school-1', 'school-1');
    await addUser(db, 'r-school', 'school-1', 'school-1');
    // The directory answers now, the ladder's read model is still missing: still an error.
    await expect(conflictsFor(ports(), ['r-school'], 'applicant')).rejects.toThrow(/mentorships/);
  });

  it('finds each conflict from the context that owns it, and none for an unrelated reviewer', async () => {
    await mentorshipDirectoryProjection.setup(db.pool);
    for (const id of ['r-mentor', 'r-studio', 'r-left', 'r-free'])
      await addUser(db, id, 'school-2', 'school-2');
    await addUser(db, 'r-district', 'district-1', null);
    await db.pool.query(
      `INSERT INTO mentorships (mentorship_id, mentor_id, mentee_id, status, paired_at, year_ends_at, policy_version, version, updated_at)
       VALUES ('m-1', 'r-mentor', 'applicant', 'ended', $1, $1, 'p1', 1, $1)`,
      [at],
    );
    await db.pool.query(
      `INSERT INTO studio_members (studio_id, member_id, joined_version, role, added_by, joined_at, left_at)
       VALUES ('s-1', 'applicant', 1, 'member', 'x', $1, NULL), ('s-1', 'r-studio', 2, 'member', 'x', $1, NULL),
              ('s-1', 'r-left', 3, 'member', 'x', $1, $1)`,
      [at],
    );
    const conflicts = await conflictsFor(
      ports(),
      ['r-school', 'r-mentor', 'r-studio', 'r-left', 'r-free', 'r-district', 'applicant'],
      'applicant',
    );
    expect(Object.fromEntries(conflicts)).toEqual({
      'r-school': ['same_school'],
      'r-mentor': ['mentor_or_mentee'],
      'r-studio': ['same_studio'],
      'r-left': [],
      'r-free': [],
      // Neither has a school: no "same school" between two people outside any school.
      'r-district': [],
      applicant: ['own_application'],
    });
  });
});
