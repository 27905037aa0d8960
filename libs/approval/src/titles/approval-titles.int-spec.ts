import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { applicationSummaryProjection } from '../read-models/application-summary.projection.js';
import { postgresApprovalTitles } from './approval-titles.js';

// Approval's titles for other contexts' pages (ARCHITECTURE.md "Between contexts"; DOMAIN.md "Deadlines and
// reminders": the inbox names what each notification is about), many ids in one look-up.

const at = '2026-11-01T00:00:00.000Z';

describe.each([
  ['PostgreSQL', createPostgresTestDatabase],
  ['PGlite', createPgliteTestDatabase],
])('approval titles port (%s)', (_name, create) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
  });
  afterAll(async () => {
    await db.drop();
  });

  it("fails with PostgreSQL's undefined-table error while its read model is not there", async () => {
    const titles = postgresApprovalTitles(db.pool);
    await expect(titles.applicationTitles(['a1'])).rejects.toMatchObject({ code: '42P01' });
    await expect(titles.callTitles(['c1'])).rejects.toMatchObject({ code: '42P01' });
  });

  it('answers the titles of known applications and calls, each once, unknown ids left out', async () => {
    await applicationSummaryProjection.setup(db.pool);
    for (const [id, title] of [
      ['a1', '初中数学单元整体教学的实践研究'],
      ['a2', 'Second application'],
    ])
      await db.pool.query(
        `INSERT INTO application_summaries (application_id, kind, title, stage, call_id, applicant_id, org_unit, fields, version, created_at, updated_at)
         VALUES ($1, 'title_promotion', $2, 'in_review', 'c1', 't1', 's1', '{}', 1, $3, $3)`,
        [id, title, at],
      );
    for (const [id, title] of [
      ['c1', '2026 年度职称晋升申报'],
      ['c2', 'Training projects 2026'],
    ])
      await db.pool.query(
        `INSERT INTO calls (call_id, kind, org_unit, title, opens_at, closes_at, closed, opened_by, version)
         VALUES ($1, 'title_promotion', 'd1', $2, $3, $3, false, 'admin', 1)`,
        [id, title, at],
      );
    const titles = postgresApprovalTitles(db.pool);

    expect(Object.fromEntries(await titles.applicationTitles(['a1', 'a2', 'a1', 'nowhere']))).toEqual({
      a1: '初中数学单元整体教学的实践研究',
      a2: 'Second application',
    });
    expect(Object.fromEntries(await titles.callTitles(['c2', 'nowhere', 'a1']))).toEqual({
      c2: 'Training projects 2026',
    });
    expect(await titles.applicationTitles([])).toEqual(new Map());
    expect(await titles.callTitles([])).toEqual(new Map());

    // A revision may retitle an application (application-summary.projection.ts): the title now is answered.
    await db.pool.query(`UPDATE application_summaries SET title = 'Retitled' WHERE application_id = 'a2'`);
    expect(await titles.applicationTitles(['a2'])).toEqual(new Map([['a2', 'Retitled']]));
  });
});
