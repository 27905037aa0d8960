import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { teacherCreditsProjection } from '../read-models/teacher-credits.projection.js';
import { teacherProgressProjection } from '../read-models/teacher-progress.projection.js';
import { postgresLadderReports } from './ladder-reports.js';

// The ladder's port for the office's reports (ARCHITECTURE.md "Between contexts"; UI.md §5 统计报表;
// DOMAIN.md "Hours and credits"): its figures per bucket of units the caller hands over, and the
// teachers short of the annual hours. A district d1 reported on: its schools s1 and s2 are buckets, d1's
// own people are 本级 (bucket d1); s9 lies outside and is not handed over.

const at = '2026-11-01T00:00:00.000Z';
const year = '2026-2027';
const buckets = new Map([
  ['d1', 'd1'],
  ['s1', 's1'],
  ['s2', 's2'],
]);
/** teacher, unit, tier, hours this school year (null: none recorded) */
const teachers: [string, string, string | null, number | null][] = [
  ['t1', 's1', 'backbone', 50],
  ['t2', 's1', 'backbone', 10],
  ['t3', 's1', null, null],
  ['t4', 's2', 'leading', 39.95],
  ['t5', 's2', null, 20],
  ['t6', 'd1', 'backbone', 72],
  ['t9', 's9', 'backbone', 0],
];

describe.each([
  ['PostgreSQL', createPostgresTestDatabase],
  ['PGlite', createPgliteTestDatabase],
])('ladder reports port (%s)', (_name, create) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
  });
  afterAll(async () => {
    await db.drop();
  });

  it("fails with PostgreSQL's undefined-table error while its read model is not there", async () => {
    const reports = postgresLadderReports(db.pool);
    await expect(reports.tiers(buckets)).rejects.toMatchObject({ code: '42P01' });
    await expect(reports.shortfalls(['s1'], year, 40, 10)).rejects.toMatchObject({ code: '42P01' });
  });

  it('adds up tiers, hours and credits per bucket, and lists the shortfalls', async () => {
    await teacherProgressProjection.setup(db.pool);
    await teacherCreditsProjection.setup(db.pool);
    for (const [id, unit, tier, hours] of teachers) {
      await db.pool.query(
        `INSERT INTO teacher_progress (teacher_id, org_unit, tier, updated_at) VALUES ($1, $2, $3, $4)`,
        [id, unit, tier, at],
      );
      if (hours !== null)
        await db.pool.query(
          `INSERT INTO teacher_hours (teacher_id, school_year, hours) VALUES ($1, $2, $3), ($1, '2025-2026', 99)`,
          [id, year, hours],
        );
    }
    for (const [id, level, credits, hours, y] of [
      ['t1', 'city', 2, 20, year],
      ['t1', 'school', 1.5, 15, year],
      ['t2', 'city', 0.5, 5, year],
      ['t4', 'province', 3, 30, year],
      ['t4', 'city', 1, 10, '2025-2026'],
      ['t9', 'city', 7, 70, year],
    ] as const)
      await db.pool.query(
        `INSERT INTO teacher_credits (teacher_id, school_year, level, credits, hours) VALUES ($1, $2, $3, $4, $5)`,
        [id, y, level, credits, hours],
      );
    const reports = postgresLadderReports(db.pool);
    const by = <T extends { bucket: string }>(rows: T[], key: (r: T) => string = (r) => r.bucket) =>
      [...rows].sort((a, b) => key(a).localeCompare(key(b)));

    // Teachers per bucket and tier; the unit outside (s9) is not counted.
    expect(by(await reports.tiers(buckets), (r) => `${r.bucket}/${r.tier ?? '-'}`)).toEqual([
      { bucket: 'd1', tier: 'backbone', teachers: 1 },
      { bucket: 's1', tier: null, teachers: 1 },
      { bucket: 's1', tier: 'backbone', teachers: 2 },
      { bucket: 's2', tier: null, teachers: 1 },
      { bucket: 's2', tier: 'leading', teachers: 1 },
    ]);
    // Buckets may group several units: both schools into one.
    expect(
      await reports
        .tiers(
          new Map([
            ['s1', 'd1'],
            ['s2', 'd1'],
          ]),
        )
        .then((rows) => rows.reduce((a, r) => a + r.teachers, 0)),
    ).toBe(5);

    // seed 003 §二(四): hours against the annual requirement (40 here); no hours recorded counts 0.
    expect(by(await reports.hours(buckets, year, 40))).toEqual([
      { bucket: 'd1', teachers: 1, hours: 72, shortTeachers: 0, shortHours: 0 },
      { bucket: 's1', teachers: 3, hours: 60, shortTeachers: 2, shortHours: 70 },
      {
        bucket: 's2',
        teachers: 2,
        hours: expect.closeTo(59.95, 9),
        shortTeachers: 2,
        shortHours: expect.closeTo(20.05, 9),
      },
    ]);
    expect(await reports.hours(new Map(), year, 40)).toEqual([]);

    // Fewest hours first, then by id; the unit outside left out.
    expect(await reports.shortfalls(['d1', 's1', 's2'], year, 40, 10)).toEqual([
      { teacherId: 't3', orgUnit: 's1', hours: 0 },
      { teacherId: 't2', orgUnit: 's1', hours: 10 },
      { teacherId: 't5', orgUnit: 's2', hours: 20 },
      { teacherId: 't4', orgUnit: 's2', hours: 39.95 },
    ]);
    expect((await reports.shortfalls(['d1', 's1', 's2'], year, 40, 2)).map((r) => r.teacherId)).toEqual([
      't3',
      't2',
    ]);
    // Within a tenth of an hour of the last listed: kept, as a rounded gap may tie and rank by name.
    await db.pool.query(
      `UPDATE teacher_hours SET hours = 10.05 WHERE teacher_id = 't5' AND school_year = $1`,
      [year],
    );
    expect((await reports.shortfalls(['d1', 's1', 's2'], year, 40, 2)).map((r) => r.teacherId)).toEqual([
      't3',
      't2',
      't5',
    ]);
    expect(await reports.shortfalls([], year, 40, 2)).toEqual([]);

    // seed 000 §六(二): credits and hours per bucket and level in the school year only.
    expect(by(await reports.credits(buckets, year), (r) => `${r.bucket}/${r.level}`)).toEqual([
      { bucket: 's1', level: 'city', credits: 2.5, hours: 25 },
      { bucket: 's1', level: 'school', credits: 1.5, hours: 15 },
      { bucket: 's2', level: 'province', credits: 3, hours: 30 },
    ]);
  });
});
