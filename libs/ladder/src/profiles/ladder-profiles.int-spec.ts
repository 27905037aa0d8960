import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { mentorshipDirectoryProjection } from '../read-models/mentorship-directory.projection.js';
import { teacherProgressProjection } from '../read-models/teacher-progress.projection.js';
import { postgresLadderProfiles } from './ladder-profiles.js';

// The ladder's port for other contexts' lists (ARCHITECTURE.md "Between contexts"): the tier and the studio
// of many teachers in one look-up (e.g. the reviewers a chair may assign).

const at = '2026-11-01T00:00:00.000Z';

describe.each([
  ['PostgreSQL', createPostgresTestDatabase],
  ['PGlite', createPgliteTestDatabase],
])('ladder profiles port (%s)', (_name, create) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
  });
  afterAll(async () => {
    await db.drop();
  });

  it("fails with PostgreSQL's undefined-table error while its read model is not there", async () => {
    await expect(postgresLadderProfiles(db.pool).profilesOf(['t1'])).rejects.toMatchObject({
      code: '42P01',
    });
  });

  it('answers the tier and the subject of the open studio each teacher leads, the earliest founded first', async () => {
    await mentorshipDirectoryProjection.setup(db.pool);
    await teacherProgressProjection.setup(db.pool);
    for (const [id, tier] of [
      ['t-leader', 'leader'],
      ['t-novice', 'novice'],
      ['t-untiered', null],
    ] as const)
      await db.pool.query(
        `INSERT INTO teacher_progress (teacher_id, org_unit, tier, updated_at) VALUES ($1, 's1', $2, $3)`,
        [id, tier, at],
      );
    // t-leader leads two open studios and a closed one; t-studio leads one but has no ladder record yet.
    for (const [id, subject, leader, closed, founded] of [
      ['st-closed', '物理', 't-leader', true, '2025-01-01T00:00:00.000Z'],
      ['st-later', '化学', 't-leader', false, '2026-03-01T00:00:00.000Z'],
      ['st-first', '数学', 't-leader', false, '2026-02-01T00:00:00.000Z'],
      ['st-other', '语文', 't-studio', false, '2026-02-01T00:00:00.000Z'],
      ['st-gone', '英语', 't-novice', true, '2026-02-01T00:00:00.000Z'],
    ] as const)
      await db.pool.query(
        `INSERT INTO studios (studio_id, application_id, name, subject, leader_id, org_unit, closed, founded_at, version, updated_at)
         VALUES ($1, 'a-' || $1, $1, $2, $3, 's1', $4, $5, 1, $5)`,
        [id, subject, leader, closed, founded],
      );
    const profiles = postgresLadderProfiles(db.pool);

    expect(
      Object.fromEntries(
        await profiles.profilesOf(['t-leader', 't-novice', 't-untiered', 't-studio', 'nobody', 't-leader']),
      ),
    ).toEqual({
      't-leader': { tier: 'leader', studioSubject: '数学' },
      't-novice': { tier: 'novice', studioSubject: null },
      't-untiered': { tier: null, studioSubject: null },
      't-studio': { tier: null, studioSubject: '语文' },
    });
    expect(await profiles.profilesOf([])).toEqual(new Map());
  });
});
