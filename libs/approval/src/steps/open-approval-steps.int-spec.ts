import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { applicationSummaryProjection } from '../read-models/application-summary.projection.js';
import { postgresOpenApprovalSteps } from './open-approval-steps.js';

// Approval's port for the deadlines context (ARCHITECTURE.md "Between contexts"; DOMAIN.md "Deadlines
// and reminders"): which applications and calls have a step that may be open, and who holds a draft.

const at = '2026-11-01T00:00:00.000Z';
/** id, kind, stage, call, applicant */
const applications: [string, string, string, string, string][] = [
  ['a-review', 'title_promotion', 'in_review', 'c1', 't1'],
  ['a-changes', 'title_promotion', 'changes_requested', 'c1', 't2'],
  ['a-training', 'training_project', 'approved', 'c1', 't3'],
  ['a-approved', 'title_promotion', 'approved', 'c1', 't4'],
  ['a-draft-1', 'title_promotion', 'draft', 'c1', 't5'],
  ['a-draft-2', 'training_project', 'draft', 'c1', 't5'],
  ['a-draft-3', 'title_promotion', 'draft', 'c1', 't0'],
  ['a-draft-other', 'title_promotion', 'draft', 'c2', 't6'],
  ['a-submitted', 'title_promotion', 'submitted', 'c1', 't7'],
];

describe.each([
  ['PostgreSQL', createPostgresTestDatabase],
  ['PGlite', createPgliteTestDatabase],
])('open approval steps port (%s)', (_name, create) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
  });
  afterAll(async () => {
    await db.drop();
  });

  it("fails with PostgreSQL's undefined-table error while its read model is not there", async () => {
    await expect(postgresOpenApprovalSteps(db.pool).applicationsInReview()).rejects.toMatchObject({
      code: '42P01',
    });
  });

  it('answers from the read model', async () => {
    await applicationSummaryProjection.setup(db.pool);
    for (const [id, kind, stage, call, applicant] of applications)
      await db.pool.query(
        `INSERT INTO application_summaries (application_id, kind, title, stage, call_id, applicant_id, org_unit, fields, version, created_at, updated_at)
         VALUES ($1, $2, $1, $3, $4, $5, 's1', '{}', 1, $6, $6)`,
        [id, kind, stage, call, applicant, at],
      );
    for (const [id, closed] of [
      ['c1', false],
      ['c2', true],
    ] as const)
      await db.pool.query(
        `INSERT INTO calls (call_id, kind, org_unit, title, opens_at, closes_at, closed, opened_by, version)
         VALUES ($1, 'title_promotion', 'd1', $1, $2, $2, $3, 'admin', 1)`,
        [id, at, closed],
      );
    const steps = postgresOpenApprovalSteps(db.pool);

    expect(await steps.applicationsInReview()).toEqual(['a-review']);
    // A revision asked of the applicant; an approved training project's evaluations (seed 004 §二(四)9).
    expect((await steps.applicationsWithOpenSteps()).sort()).toEqual(['a-changes', 'a-training']);
    expect(await steps.openCalls()).toEqual(['c1']);
    // Each holder once, in order; submitted applications and other calls' drafts left out.
    expect(await steps.draftHolders('c1')).toEqual(['t0', 't5']);
    expect(await steps.draftHolders('nowhere')).toEqual([]);
  });

  it('answers the approved studio applications of some units, latest decision first, a page at a time', async () => {
    /** id, stage, unit, decided at */
    const studios: [string, string, string, string | null][] = [
      ['st-old', 'approved', 's1', '2026-09-01T00:00:00.000Z'],
      ['st-new', 'approved', 's2', '2026-10-01T00:00:00.000Z'],
      ['st-undated', 'approved', 's1', null],
      ['st-b', 'approved', 's1', '2026-09-01T00:00:00.000Z'],
      ['st-review', 'in_review', 's1', null],
      ['st-elsewhere', 'approved', 's3', '2026-10-02T00:00:00.000Z'],
    ];
    for (const [id, stage, unit, decided] of studios)
      await db.pool.query(
        `INSERT INTO application_summaries (application_id, kind, title, stage, call_id, applicant_id, org_unit, fields, version, created_at, updated_at, decided_at)
         VALUES ($1, 'studio', 'title ' || $1, $2, 'c1', 'a-' || $1, $3, '{}', 1, $4, $4, $5)`,
        [id, stage, unit, at, decided],
      );
    const steps = postgresOpenApprovalSteps(db.pool);
    const all = await steps.approvedStudioApplications(['s1', 's2'], { limit: 10, offset: 0 });

    // Other kinds (a-approved), other stages and other units left out; undecided last.
    expect(all.map((a) => a.applicationId)).toEqual(['st-new', 'st-b', 'st-old', 'st-undated']);
    expect(all[0]).toMatchObject({
      applicationId: 'st-new',
      title: 'title st-new',
      applicantId: 'a-st-new',
      orgUnit: 's2',
    });
    expect(new Date(all[0]!.decidedAt!).toISOString()).toBe('2026-10-01T00:00:00.000Z');
    expect(all[3]!.decidedAt).toBeNull();
    const pages = [
      await steps.approvedStudioApplications(['s1', 's2'], { limit: 3, offset: 0 }),
      await steps.approvedStudioApplications(['s1', 's2'], { limit: 3, offset: 3 }),
    ];
    expect(pages.flat()).toEqual(all);
    expect(await steps.approvedStudioApplications([], { limit: 10, offset: 0 })).toEqual([]);
  });
});
