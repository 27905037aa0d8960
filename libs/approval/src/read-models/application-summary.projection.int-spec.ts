import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '#libs/event-store';
import { buildInSchema } from '#testing/event-store';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { applicationSummaryProjection } from './application-summary.projection.js';

// The approval read models fold a batch at once (BENCHMARKS.md, P1). Whatever the batch boundaries, the
// tables must hold what applying one event at a time gives, and what each event means (DOMAIN.md "The approval pipeline").

const versions = new Map<string, number>();
let seq = 0n;
function event(streamId: string, type: string, data: Record<string, unknown>): RecordedEvent {
  seq += 1n;
  const version = (versions.get(streamId) ?? 0) + 1;
  versions.set(streamId, version);
  return {
    id: randomUUID(),
    streamId,
    version,
    type,
    schemaVersion: 1,
    data,
    metadata: {
      actorId: 'u-1',
      actorRole: 'chair',
      orgUnit: 'ou-1',
      correlationId: 'c',
      causationId: 'c',
      commandId: randomUUID(),
      recordedAt: new Date(Date.UTC(2026, 10, 1) + Number(seq) * 60_000).toISOString(),
    },
    position: { tx: 10n + seq, seq },
  } as unknown as RecordedEvent;
}

const due = '2026-12-01T00:00:00.000Z';
const review = (reviewerId: string, revision: number, total: number) => ({
  reviewerId,
  revision,
  scores: { design: total / 2, feasibility: total / 2 },
  total,
  comments: `it's fine, "mostly"`,
  rubricVersion: 'r1',
  submittedAt: '2026-11-20T08:00:00.000Z',
});
const drafted = (kind: string) => ({
  kind,
  title: '校本研修',
  callId: 'call-1',
  applicantId: 't-1',
  orgUnit: 'ou-school',
  fields: { kind, summary: 'a "plan"', tags: ['x', 'y'] },
});

const log: RecordedEvent[] = [
  event('call-c1', 'CallOpened', {
    kind: 'training_project',
    orgUnit: 'ou-city',
    title: 'Call',
    opensAt: '2026-11-01T00:00:00.000Z',
    closesAt: '2026-11-30T00:00:00.000Z',
    openedBy: 'chair-1',
  }),
  event('application-a1', 'ApplicationDrafted', drafted('training_project')),
  event('application-a1', 'DraftUpdated', { title: 'Renamed', fields: { kind: 'training_project', n: 2 } }),
  event('application-a1', 'ApplicationSubmitted', { submittedAt: '2026-11-02T00:00:00.000Z', revision: 1 }),
  event('application-a1', 'ReviewersAssigned', {
    dueAt: due,
    reviewers: [
      { reviewerId: 'r-1', conflicts: [] },
      { reviewerId: 'r-2', conflicts: ['same school'], overrideReason: 'no one else' },
    ],
  }),
  event('application-a1', 'ReviewSubmitted', review('r-1', 1, 80)),
  event('application-a1', 'ChangesRequested', { reason: 'more', dueAt: due, revision: 1 }),
  event('application-a1', 'ApplicationSubmitted', { submittedAt: '2026-11-05T00:00:00.000Z', revision: 2 }),
  // Assigned again: r-1 keeps its conflicts and submitted revision; the dates move.
  event('application-a1', 'ReviewersAssigned', {
    dueAt: '2026-12-05T00:00:00.000Z',
    reviewers: [{ reviewerId: 'r-1', conflicts: ['ignored on re-assignment'] }],
  }),
  event('application-a1', 'ReviewSubmitted', review('r-1', 2, 90)),
  event('application-a1', 'ReviewSubmitted', review('r-2', 2, 70)),
  event('application-a1', 'ApplicationDecided', { decision: 'approve', rationale: 'good', averageScore: 80 }),
  event('application-a1', 'TraineeEnrolled', { teacherId: 't-2', enrolledAt: due }),
  event('application-a1', 'TraineeEnrolled', { teacherId: 't-3', enrolledAt: due }),
  event('application-a1', 'TrainingCompleted', { teacherId: 't-2' }),
  event('application-a1', 'TraineeEvaluationSubmitted', { evaluatorToken: 'x', score: 4, comment: 'ok' }),
  event('application-a1', 'PerformanceEvaluated', { grade: 'excellent' }),
  event('application-a1', 'ProjectRenewable', { grade: 'excellent', reviewExempt: true }),
  event('application-a2', 'ApplicationDrafted', drafted('studio')),
  event('application-a2', 'ApplicationSubmitted', { submittedAt: '2026-11-03T00:00:00.000Z', revision: 1 }),
  event('application-a2', 'ReviewersAssigned', {
    dueAt: due,
    reviewers: [
      { reviewerId: 'r-1', conflicts: [] },
      { reviewerId: 'r-3', conflicts: [] },
    ],
  }),
  event('application-a2', 'ReviewSubmitted', review('r-3', 1, 60)),
  // Withdrawn: the open assignment goes, the submitted one stays.
  event('application-a2', 'ApplicationWithdrawn', { reason: 'moved', withdrawnAt: due }),
  event('call-c1', 'CallClosed', {}),
  // Events for rows that are not there change nothing (as an UPDATE of no row did).
  event('application-ghost', 'ApplicationDecided', {
    decision: 'reject',
    rationale: 'n/a',
    averageScore: null,
  }),
  event('call-ghost', 'CallClosed', {}),
  event('application-a3', 'ApplicationDrafted', drafted('school_plan')),
  event('application-a3', 'ProjectRetired', { reason: 'old', grade: 'poor' }),
  // A pinned policy, a reviewer removed after reviewing (the review stops counting), a decision in the
  // v2 shape starting cycle 1, a completion with its score, a renewal into cycle 2 with a new trainee
  // row, and the project concluded.
  event('application-a4', 'ApplicationDrafted', drafted('training_project')),
  event('application-a4', 'ApplicationSubmitted', {
    submittedAt: '2026-11-06T00:00:00.000Z',
    revision: 1,
    policyVersion: 'p-1',
  }),
  event('application-a4', 'ReviewersAssigned', {
    dueAt: due,
    reviewers: [
      { reviewerId: 'r-1', conflicts: [] },
      { reviewerId: 'r-2', conflicts: ['same_school'], overrideReason: 'only expert' },
    ],
  }),
  event('application-a4', 'ReviewSubmitted', review('r-2', 1, 50)),
  event('application-a4', 'ReviewerRemoved', {
    reviewerId: 'r-2',
    revision: 1,
    reason: 'conflict',
    grounds: ['conflict_of_interest'],
    conflicts: ['same_school'],
    reviewDiscarded: true,
    removedAt: '2026-11-07T00:00:00.000Z',
  }),
  event('application-a4', 'ReviewersAssigned', {
    dueAt: due,
    reviewers: [{ reviewerId: 'r-4', conflicts: [] }],
  }),
  event('application-a4', 'ApplicationDecided', {
    applicantId: 't-1',
    kind: 'training_project',
    targetTier: 'backbone',
    decision: 'approve',
    rationale: 'ok',
    decidedAt: '2026-11-08T00:00:00.000Z',
    averageScore: 85,
  }),
  event('application-a4', 'TraineeEnrolled', { teacherId: 't-5', enrolledAt: due }),
  event('application-a4', 'TrainingCompleted', {
    teacherId: 't-5',
    hours: 20,
    completedAt: due,
    score: 55,
    grade: 'unqualified',
    cycle: 1,
  }),
  event('application-a4', 'ProjectRenewed', {
    grade: 'good',
    cycle: 2,
    reviewExempt: true,
    renewedAt: due,
    nextEvaluationDueAt: '2028-12-01T00:00:00.000Z',
  }),
  event('application-a4', 'TraineeEnrolled', { teacherId: 't-5', enrolledAt: '2026-12-02T00:00:00.000Z' }),
  event('application-a4', 'ProjectConcluded', { grade: 'qualified', reason: 'qualified', concludedAt: due }),
];

describe.each([
  ['PostgreSQL', createPostgresTestDatabase],
  ['PGlite', createPgliteTestDatabase],
])('approval read models on %s: one batch or many', (_name, create) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create(2);
  });
  afterAll(async () => {
    await db.drop();
  });

  const build = (schema: string, batches: RecordedEvent[][], options: { asRebuilt?: boolean } = {}) =>
    buildInSchema(
      db.pool,
      applicationSummaryProjection,
      schema,
      batches,
      async (client) => {
        const read = async (sql: string) => (await client.query(sql)).rows;
        return {
          summaries: await read(`SELECT * FROM application_summaries ORDER BY application_id`),
          assignments: await read(`SELECT * FROM review_assignments ORDER BY application_id, reviewer_id`),
          reviews: await read(`SELECT * FROM reviews ORDER BY application_id, reviewer_id, revision`),
          calls: await read(`SELECT * FROM calls ORDER BY call_id`),
          enrolments: await read(
            `SELECT * FROM training_enrolments ORDER BY application_id, cycle, teacher_id`,
          ),
          counts: await read(`SELECT * FROM application_stage_counts ORDER BY org_unit, stage`),
        };
      },
      options,
    );

  it('writes the same rows when a rebuild sends them as the tables’ row type', async () => {
    // The rows carry quotes, backslashes, CJK, NULLs, text[] and jsonb: each is escaped twice in the
    // row-type literal (in the row, then as an array element), so each must read back as it went in.
    const odd = [
      event('application-odd', 'ApplicationDrafted', {
        ...drafted('school_plan'),
        title: 'back\\slash "quoted" it\'s, (paren) {brace} 校本',
        fields: { note: 'a\\b "c" \'d\' ,() {}', nested: { list: ['\\', '"', ''] } },
      }),
      event('application-odd', 'ApplicationSubmitted', {
        submittedAt: '2026-11-02T00:00:00.000Z',
        revision: 1,
      }),
      event('application-odd', 'ReviewersAssigned', {
        dueAt: due,
        reviewers: [{ reviewerId: 'r-"x"', conflicts: ['a,b', 'q"uote', 'back\\', ''] }],
      }),
      event('application-odd', 'ReviewSubmitted', { ...review('r-"x"', 1, 77.5), comments: '' }),
    ];
    const all = [...log, ...odd];
    const live = await build('live_rows', [all]);
    expect(await build('rebuilt_rows', [all], { asRebuilt: true })).toEqual(live);
    expect(
      await build('rebuilt_split', [all.slice(0, 9), all.slice(9, 30), all.slice(30)], { asRebuilt: true }),
    ).toEqual(live);
    const oddRow = live.summaries.find((s) => s.application_id === 'odd');
    expect(oddRow).toMatchObject({ title: 'back\\slash "quoted" it\'s, (paren) {brace} 校本' });
    expect(live.assignments.find((a) => a.application_id === 'odd')!.conflicts).toEqual([
      'a,b',
      'q"uote',
      'back\\',
      '',
    ]);
  });

  it('keeps an assignment open exactly while its application is submitted or in review', async () => {
    // The reviewer's queue reads only open assignments (a partial index): the flag follows the stage
    // whether the batch rewrote the assignments or only moved the stage.
    const openOf = (schema: string, batches: RecordedEvent[][]) =>
      buildInSchema(db.pool, applicationSummaryProjection, schema, batches, async (client) =>
        (
          await client.query(
            `SELECT application_id || '/' || reviewer_id AS a, open FROM review_assignments ORDER BY 1`,
          )
        ).rows.map((r) => `${r.a}:${r.open}`),
      );
    expect(await openOf('open_in_review', [log.slice(0, 6)])).toEqual(['a1/r-1:true', 'a1/r-2:true']);
    // Changes requested, in a batch of its own: the stage moves, the assignments are not rewritten.
    expect(await openOf('open_changes', [log.slice(0, 6), log.slice(6, 7)])).toEqual([
      'a1/r-1:false',
      'a1/r-2:false',
    ]);
    expect(await openOf('open_resubmitted', [log.slice(0, 6), log.slice(6, 7), log.slice(7, 8)])).toEqual([
      'a1/r-1:true',
      'a1/r-2:true',
    ]);
    // A database made before the flag: the next start fills it in from the stages.
    const upgraded = await buildInSchema(
      db.pool,
      applicationSummaryProjection,
      'open_upgraded',
      [log.slice(0, 6)],
      async (client) => {
        await client.query(`DROP INDEX review_assignments_open`);
        await client.query(`ALTER TABLE review_assignments DROP COLUMN open`);
        await applicationSummaryProjection.setup(client);
        return (await client.query(`SELECT reviewer_id, open FROM review_assignments ORDER BY 1`)).rows;
      },
    );
    expect(upgraded).toEqual([
      { reviewer_id: 'r-1', open: true },
      { reviewer_id: 'r-2', open: true },
    ]);
    // Decided, withdrawn, decided: nobody's queue holds them any more, however the log is cut.
    for (const [schema, batches] of [
      ['open_end_single', log.map((e) => [e])],
      ['open_end_one', [log]],
    ] as const)
      expect((await openOf(schema, [...batches])).filter((x) => x.endsWith(':true'))).toEqual([]);
  });

  it('holds what one event at a time gives, whatever the batch boundaries', async () => {
    const single = await build(
      'one_at_a_time',
      log.map((e) => [e]),
    );
    expect(await build('one_batch', [log])).toEqual(single);
    expect(
      await build('split', [
        log.slice(0, 5),
        log.slice(5, 9),
        log.slice(9, 22),
        log.slice(22, 33),
        log.slice(33),
      ]),
    ).toEqual(single);

    const [a1, a2, a3, a4] = single.summaries;
    expect(a1).toMatchObject({
      application_id: 'a1',
      title: 'Renamed',
      fields: { kind: 'training_project', n: 2 },
      stage: 'approved',
      revision: 2,
      reviews_submitted: 2,
      decision: 'approve',
      decision_rationale: 'good',
      grade: 'excellent',
      renewable: true,
      retired: false,
      // Renewed (recorded as ProjectRenewable): the next cycle starts with no trainees (seed 004 §二(四)9).
      cycle: 2,
      enrolled: 0,
      completed: 0,
      version: 17,
    });
    expect(Number(a1!.average_score)).toBe(80);
    expect(a1!.review_due_at).toEqual(new Date('2026-12-05T00:00:00.000Z'));
    expect(a2).toMatchObject({ stage: 'withdrawn', fields: drafted('studio').fields, reviews_submitted: 1 });
    expect(a3).toMatchObject({ stage: 'draft', retired: true, revision: 0, decision: null });
    expect(single.summaries.map((s) => s.application_id)).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(a4).toMatchObject({
      policy_version: 'p-1',
      reviews_submitted: 0,
      cycle: 2,
      enrolled: 1,
      concluded: true,
      next_evaluation_due_at: null,
      renewals: [
        { cycle: 2, grade: 'good', renewedAt: due, nextEvaluationDueAt: '2028-12-01T00:00:00.000Z' },
      ],
      removals: [expect.objectContaining({ reviewerId: 'r-2', reviewDiscarded: true })],
    });
    expect(
      single.enrolments.map((e) => [
        e.application_id,
        e.cycle,
        e.teacher_id,
        e.score === null ? null : Number(e.score),
        e.grade,
      ]),
    ).toEqual([
      ['a1', 1, 't-2', null, null],
      ['a1', 1, 't-3', null, null],
      ['a4', 1, 't-5', 55, 'unqualified'],
      ['a4', 2, 't-5', null, null],
    ]);

    expect(
      single.assignments.map((a) => [a.application_id, a.reviewer_id, a.conflicts, a.submitted_revision]),
    ).toEqual([
      ['a1', 'r-1', [], 2],
      ['a1', 'r-2', ['same school'], 2],
      ['a2', 'r-3', [], 1],
      ['a4', 'r-1', [], null],
      ['a4', 'r-4', [], null],
    ]);
    expect(single.assignments[1]!.override_reason).toBe('no one else');
    expect(single.reviews).toHaveLength(5);
    // The removed reviewer's review stays on record and no longer counts.
    expect(single.reviews.filter((r) => !r.counted).map((r) => [r.application_id, r.reviewer_id])).toEqual([
      ['a4', 'r-2'],
    ]);
    expect(single.reviews[0]).toMatchObject({
      comments: `it's fine, "mostly"`,
      scores: { design: 40, feasibility: 40 },
    });
    expect(single.calls).toEqual([expect.objectContaining({ call_id: 'c1', closed: true, version: 2 })]);
  });

  it('keeps the counts by unit and stage equal to counting the summaries, after every batch', async () => {
    // The board sums these counts instead of counting the subtree's summaries at each read: they must
    // be that count exactly (no row of 0), however the log is cut, live or rebuilt, drafts included.
    const other = (id: string, orgUnit: string) => [
      event(`application-${id}`, 'ApplicationDrafted', { ...drafted('tier_promotion'), orgUnit }),
      event(`application-${id}`, 'ApplicationSubmitted', { submittedAt: due, revision: 1 }),
    ];
    const all = [
      ...other('b1', 'ou-other'),
      ...log,
      ...other('b2', 'ou-other'),
      event('application-b2', 'ApplicationWithdrawn', { reason: 'moved', withdrawnAt: due }),
      ...other('b3', 'ou-third'),
      event('application-b3', 'ReviewersAssigned', {
        dueAt: due,
        reviewers: [{ reviewerId: 'r-1', conflicts: [] }],
      }),
      event('application-b3', 'ChangesRequested', { reason: 'more', dueAt: due, revision: 1 }),
      event('application-b1', 'ApplicationDecided', {
        decision: 'reject',
        rationale: 'no',
        averageScore: 40,
      }),
      event('application-b4', 'ApplicationDrafted', { ...drafted('school_plan'), orgUnit: 'ou-third' }),
    ];
    const both = async (client: { query: (sql: string) => Promise<{ rows: unknown[] }> }) => ({
      kept: (await client.query(`SELECT org_unit, stage, n FROM application_stage_counts ORDER BY 1, 2`))
        .rows,
      counted: (
        await client.query(
          `SELECT org_unit, stage, count(*)::int AS n FROM application_summaries GROUP BY 1, 2 ORDER BY 1, 2`,
        )
      ).rows,
    });
    let n = 0;
    for (let end = 1; end <= all.length; end += end < 12 ? 1 : 7) {
      const prefix = all.slice(0, end);
      for (const [batches, asRebuilt] of [
        [prefix.map((e) => [e]), false],
        [[prefix.slice(0, Math.ceil(end / 3)), prefix.slice(Math.ceil(end / 3))], false],
        [[prefix.slice(0, Math.floor(end / 2)), prefix.slice(Math.floor(end / 2))], true],
      ] as const) {
        const { kept, counted } = await buildInSchema(
          db.pool,
          applicationSummaryProjection,
          `counts_${n++}`,
          batches,
          both,
          { asRebuilt },
        );
        expect(kept).toEqual(counted);
      }
    }
    const final = await buildInSchema(db.pool, applicationSummaryProjection, 'counts_all', [all], both);
    expect(final.kept).toEqual([
      { org_unit: 'ou-other', stage: 'rejected', n: 1 },
      { org_unit: 'ou-other', stage: 'withdrawn', n: 1 },
      { org_unit: 'ou-school', stage: 'approved', n: 2 },
      { org_unit: 'ou-school', stage: 'draft', n: 1 },
      { org_unit: 'ou-school', stage: 'withdrawn', n: 1 },
      { org_unit: 'ou-third', stage: 'changes_requested', n: 1 },
      { org_unit: 'ou-third', stage: 'draft', n: 1 },
    ]);
    // A database made before the counts: the next start fills them in from the summaries.
    const upgraded = await buildInSchema(
      db.pool,
      applicationSummaryProjection,
      'counts_upgraded',
      [all],
      async (client) => {
        await client.query(`DROP TABLE application_stage_counts`);
        await applicationSummaryProjection.setup(client);
        // …and only then: a second start finds them there and leaves them alone.
        await client.query(`UPDATE application_stage_counts SET n = n + 100 WHERE stage = 'draft'`);
        await applicationSummaryProjection.setup(client);
        await client.query(`UPDATE application_stage_counts SET n = n - 100 WHERE stage = 'draft'`);
        return both(client);
      },
    );
    expect(upgraded).toEqual(final);
  });
});
