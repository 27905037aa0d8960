import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { applicationSummaryProjection } from '../read-models/application-summary.projection.js';
import { overdueStepsProjection } from '../read-models/overdue-steps.projection.js';
import { postgresApprovalReports } from './approval-reports.js';

// Approval's port for the office's reports (ARCHITECTURE.md "Between contexts"; UI.md §5 统计报表;
// DOMAIN.md "The approval pipeline", "Deadlines and reminders"): applications and overdue steps per
// bucket of units the caller hands over, and the overdue steps themselves. A district d1 reported on for
// the school year 2026-2027: its schools s1 and s2 are buckets, d1's own are 本级 (bucket d1); s9 lies
// outside and is not handed over.

const span = { from: '2026-08-31T16:00:00.000Z', to: '2027-08-31T16:00:00.000Z' };
const buckets = new Map([
  ['d1', 'd1'],
  ['s1', 's1'],
  ['s2', 's2'],
]);
const day = 86_400_000;
const t = (iso: string, days = 0) => new Date(new Date(iso).getTime() + days * day).toISOString();
/** id, kind, stage, unit, created, submitted, decided */
const applications: [string, string, string, string, string, string | null, string | null][] = [
  [
    'a1',
    'title_promotion',
    'approved',
    's1',
    '2026-10-01T00:00:00.000Z',
    '2026-10-02T00:00:00.000Z',
    t('2026-10-02T00:00:00.000Z', 4),
  ],
  [
    'a2',
    'title_promotion',
    'rejected',
    's1',
    '2026-10-01T00:00:00.000Z',
    '2026-10-02T00:00:00.000Z',
    t('2026-10-02T00:00:00.000Z', 2),
  ],
  ['a3', 'title_promotion', 'in_review', 's1', '2026-10-01T00:00:00.000Z', '2026-10-02T00:00:00.000Z', null],
  ['a4', 'training_project', 'approved', 's2', '2026-12-01T00:00:00.000Z', null, '2026-12-05T00:00:00.000Z'],
  ['a5', 'title_promotion', 'draft', 's2', '2026-12-01T00:00:00.000Z', null, null],
  ['a6', 'title_promotion', 'submitted', 'd1', '2026-08-01T00:00:00.000Z', '2026-08-02T00:00:00.000Z', null],
  ['a7', 'title_promotion', 'submitted', 's9', '2026-10-01T00:00:00.000Z', '2026-10-02T00:00:00.000Z', null],
];
/** stream, step, subject, unit, assignee, due, resolved */
const overdue: [string, string, string, string, string | null, string, string | null][] = [
  ['application-a3', 'review', 'r1', 's1', 'r1', '2026-11-03T00:00:00.000Z', null],
  ['application-a3', 'review', 'r2', 's1', 'r2', '2026-11-03T00:00:00.000Z', '2026-11-05T00:00:00.000Z'],
  ['application-a1', 'revision', '1', 's1', 't1', '2026-11-01T00:00:00.000Z', null],
  ['annualsummary-d1-2026', 'annual_summary', '2026', 'd1', 'd1', '2027-01-31T00:00:00.000Z', null],
  ['application-a7', 'review', 'r1', 's9', 'r1', '2026-11-02T00:00:00.000Z', null],
  ['application-a6', 'review', 'r1', 'd1', 'r1', '2026-06-01T00:00:00.000Z', null],
];

describe.each([
  ['PostgreSQL', createPostgresTestDatabase],
  ['PGlite', createPgliteTestDatabase],
])('approval reports port (%s)', (_name, create) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
  });
  afterAll(async () => {
    await db.drop();
  });

  it("fails with PostgreSQL's undefined-table error while its read model is not there", async () => {
    const reports = postgresApprovalReports(db.pool);
    await expect(reports.applications(buckets, span)).rejects.toMatchObject({ code: '42P01' });
    await expect(reports.overdueSteps(['s1'], span, 10)).rejects.toMatchObject({ code: '42P01' });
  });

  it('adds up applications and overdue steps per bucket, and lists the overdue steps', async () => {
    await applicationSummaryProjection.setup(db.pool);
    await overdueStepsProjection.setup(db.pool);
    for (const [id, kind, stage, unit, created, submitted, decided] of applications)
      await db.pool.query(
        `INSERT INTO application_summaries (application_id, kind, title, stage, call_id, applicant_id, org_unit, fields, version, created_at, updated_at, submitted_at, decided_at)
         VALUES ($1, $2, $1, $3, 'c1', 't1', $4, '{}', 1, $5, $5, $6, $7)`,
        [id, kind, stage, unit, created, submitted, decided],
      );
    for (const [stream, step, subject, unit, assignee, due, resolved] of overdue)
      await db.pool.query(
        `INSERT INTO overdue_steps (stream_id, step, subject, org_unit, application_id, kind, title, assignee, due_at, marked_at, resolved_at, resolution)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11)`,
        [
          stream,
          step,
          subject,
          unit,
          stream.startsWith('application-') ? stream.slice('application-'.length) : null,
          stream.startsWith('application-') ? 'title_promotion' : null,
          stream.startsWith('application-') ? `title ${stream}` : null,
          assignee,
          due,
          resolved,
          resolved ? 'done_late' : null,
        ],
      );
    const reports = postgresApprovalReports(db.pool);
    const key = (r: { bucket: string; kind?: string; stage?: string; step?: string }) =>
      `${r.bucket}/${r.kind ?? ''}/${r.stage ?? ''}/${r.step ?? ''}`;
    const sorted = <T extends { bucket: string }>(rows: T[]) =>
      [...rows].sort((a, b) => key(a).localeCompare(key(b)));

    // Started in the school year, drafts left out, units outside left out; review time from the
    // submission the decision answered (none without a submission).
    expect(sorted(await reports.applications(buckets, span))).toEqual([
      {
        bucket: 's1',
        kind: 'title_promotion',
        stage: 'approved',
        applications: 1,
        decided: 1,
        reviewSeconds: 4 * 86_400,
      },
      {
        bucket: 's1',
        kind: 'title_promotion',
        stage: 'in_review',
        applications: 1,
        decided: 0,
        reviewSeconds: 0,
      },
      {
        bucket: 's1',
        kind: 'title_promotion',
        stage: 'rejected',
        applications: 1,
        decided: 1,
        reviewSeconds: 2 * 86_400,
      },
      {
        bucket: 's2',
        kind: 'training_project',
        stage: 'approved',
        applications: 1,
        decided: 0,
        reviewSeconds: 0,
      },
    ]);
    // Buckets may group several units.
    const whole = await reports.applications(
      new Map([
        ['s1', 'd1'],
        ['s2', 'd1'],
      ]),
      span,
    );
    expect(whole.every((r) => r.bucket === 'd1')).toBe(true);
    expect(whole.reduce((a, r) => a + r.applications, 0)).toBe(4);

    // Due in the school year; open ones are those not done since.
    expect(sorted(await reports.overdue(buckets, span))).toEqual([
      { bucket: 'd1', step: 'annual_summary', overdue: 1, open: 1 },
      { bucket: 's1', step: 'review', overdue: 2, open: 1 },
      { bucket: 's1', step: 'revision', overdue: 1, open: 1 },
    ]);

    // By due date, then stream and subject; a page of `limit`.
    const steps = await reports.overdueSteps(['d1', 's1', 's2'], span, 10);
    expect(steps.map((o) => `${o.step}:${o.subject}`)).toEqual([
      'revision:1',
      'review:r1',
      'review:r2',
      'annual_summary:2026',
    ]);
    expect(steps[2]).toEqual({
      step: 'review',
      subject: 'r2',
      orgUnit: 's1',
      applicationId: 'a3',
      kind: 'title_promotion',
      title: 'title application-a3',
      assignee: 'r2',
      dueAt: '2026-11-03T00:00:00.000Z',
      markedAt: '2026-11-03T00:00:00.000Z',
      resolvedAt: '2026-11-05T00:00:00.000Z',
      resolution: 'done_late',
    });
    expect(steps[3]).toMatchObject({ orgUnit: 'd1', applicationId: null, assignee: 'd1', resolvedAt: null });
    expect((await reports.overdueSteps(['d1', 's1', 's2'], span, 2)).map((o) => o.subject)).toEqual([
      '1',
      'r1',
    ]);
    expect(await reports.overdueSteps([], span, 2)).toEqual([]);
  });
});
