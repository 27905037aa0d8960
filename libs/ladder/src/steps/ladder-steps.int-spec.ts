import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { mentorshipDirectoryProjection } from '../read-models/mentorship-directory.projection.js';
import { teacherProgressProjection } from '../read-models/teacher-progress.projection.js';
import { postgresLadderSteps } from './ladder-steps.js';

// The ladder's port for the deadlines context (ARCHITECTURE.md "Between contexts"; DOMAIN.md "Deadlines
// and reminders", "Hours and credits"): mentorships awaiting sign-off, banned teachers, the teachers it
// follows a page at a time.

const at = '2026-11-01T00:00:00.000Z';

describe.each([
  ['PostgreSQL', createPostgresTestDatabase],
  ['PGlite', createPgliteTestDatabase],
])('ladder steps port (%s)', (_name, create) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
  });
  afterAll(async () => {
    await db.drop();
  });

  it("fails with PostgreSQL's undefined-table error while its read model is not there", async () => {
    const steps = postgresLadderSteps(db.pool);
    await expect(steps.mentorshipsAwaitingSignOff()).rejects.toMatchObject({ code: '42P01' });
    await expect(steps.teachers('', 10)).rejects.toMatchObject({ code: '42P01' });
  });

  it('answers from the read model', async () => {
    await mentorshipDirectoryProjection.setup(db.pool);
    await teacherProgressProjection.setup(db.pool);
    for (const [id, status, signedOff] of [
      ['m-open', 'active', null],
      ['m-signed', 'active', at],
      ['m-ended', 'ended', null],
    ] as const)
      await db.pool.query(
        `INSERT INTO mentorships (mentorship_id, mentor_id, mentee_id, status, paired_at, year_ends_at, signed_off_at, policy_version, version, updated_at)
         VALUES ($1, 'mentor', 'mentee', $2, $3, $3, $4, 'p1', 1, $3)`,
        [id, status, at, signedOff],
      );
    // seed 002: an ethics ban runs two years; t-b ended long ago, t-c has none.
    for (const [id, unit, ban] of [
      ['t-a', 's1', '2027-01-01T00:00:00.000Z'],
      ['t-b', 's2', '2025-01-01T00:00:00.000Z'],
      ['t-c', 's1', null],
      ['t-d', 's3', '2026-12-01T00:00:00.000Z'],
    ] as const)
      await db.pool.query(
        `INSERT INTO teacher_progress (teacher_id, org_unit, ban_ends_at, updated_at) VALUES ($1, $2, $3, $4)`,
        [id, unit, ban, at],
      );
    const steps = postgresLadderSteps(db.pool);

    expect(await steps.mentorshipsAwaitingSignOff()).toEqual(['m-open']);
    expect((await steps.teachersBannedBeyond(new Date(at))).sort()).toEqual(['t-a', 't-d']);
    expect(await steps.teachersBannedBeyond(new Date('2026-12-01T00:00:00.000Z'))).toEqual(['t-a']);
    // Pages by id: the next one starts after the last id of this one.
    expect(await steps.teachers('', 3)).toEqual([
      { id: 't-a', orgUnit: 's1' },
      { id: 't-b', orgUnit: 's2' },
      { id: 't-c', orgUnit: 's1' },
    ]);
    expect(await steps.teachers('t-c', 3)).toEqual([{ id: 't-d', orgUnit: 's3' }]);
    expect(await steps.teachers('t-d', 3)).toEqual([]);
  });
});
