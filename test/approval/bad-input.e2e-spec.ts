import { randomUUID } from 'node:crypto';
import type { DemoSeedResult } from '#libs/identity';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import type { TestApp } from '../support/test-app.js';
import { eventCount, seedDemo, startIdentityApp } from '../identity/support/identity-test-app.js';
import { cast, day, fieldsFor, iso, rubricScores, signIn, type Person } from './support.js';

// DOMAIN.md "People and roles", bad input: wrong types, unknown fields, oversized strings, invalid enum values
// and out-of-range scores on every approval endpoint get a 4xx problem body naming the field, and
// append nothing. Each request comes from an actor allowed to make it, on an application in the stage
// where it is legal, so only the input is wrong.
describe('bad input on the approval endpoints (real PostgreSQL)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let chair: Person;
  let applicant: Person;
  let trainee: Person;
  let reviewers: Person[];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startIdentityApp(db);
    seed = await seedDemo(api, db);
    const c = cast(seed);
    chair = await signIn(api, db, c.chair);
    applicant = await signIn(api, db, c.teachers[0]!);
    trainee = await signIn(api, db, c.teachers[1]!);
    reviewers = await Promise.all(
      c.reviewers
        .filter((r) => r.orgUnit !== applicant.login.orgUnit && r.orgUnit !== trainee.login.orgUnit)
        .slice(0, 3)
        .map((r) => signIn(api, db, r)),
    );
    const call = await chair.call('POST', '/api/calls', {
      kind: 'training_project',
      orgUnit: c.city.id,
      title: '培训项目申报',
      opensAt: iso(Date.now() - day),
      closesAt: iso(Date.now() + 30 * day),
    });
    ids.call = call.body.id;
    const make = async (upTo: 'draft' | 'submitted' | 'in_review' | 'quorum' | 'approved' | 'enrolled') => {
      const d = await applicant.call('POST', '/api/applications', {
        callId: ids.call,
        title: upTo,
        fields: fieldsFor.training_project,
      });
      const id = d.body.id as string;
      if (upTo === 'draft') return id;
      await applicant.call('POST', `/api/applications/${id}/submit`);
      if (upTo === 'submitted') return id;
      await chair.call('POST', `/api/applications/${id}/reviewers`, {
        reviewers: reviewers.map((r) => ({ reviewerId: r.id })),
      });
      if (upTo === 'in_review') return id;
      for (const r of reviewers)
        await r.call('POST', `/api/applications/${id}/reviews`, { scores: rubricScores(80), comments: '' });
      if (upTo === 'quorum') return id;
      await chair.call('POST', `/api/applications/${id}/decision`, {
        decision: 'approve',
        rationale: '同意',
      });
      if (upTo === 'approved') return id;
      await trainee.call('POST', `/api/applications/${id}/enrolments`, { teacherId: trainee.id });
      return id;
    };
    for (const stage of ['draft', 'submitted', 'in_review', 'quorum', 'approved', 'enrolled'] as const)
      ids[stage] = await make(stage);
    const enrolled = await db.pool.query(
      `SELECT enrolled FROM application_summaries WHERE application_id = $1`,
      [ids.enrolled],
    );
    expect(enrolled.rows[0].enrolled).toBe(1);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  type Case = [
    label: string,
    who: () => Person,
    method: string,
    path: () => string,
    body: unknown,
    status: number,
    fields: string[],
  ];
  const app =
    (stage: string, suffix = '') =>
    () =>
      `/api/applications/${ids[stage]}${suffix}`;
  const long = (n: number) => 'x'.repeat(n);
  const parts = { selfAssessment: 90, archiveCheck: 90, traineeInterviews: 90, onSiteDefence: 90 };

  const cases: Case[] = [
    // editing a draft
    [
      'PATCH: title over 200 characters',
      () => applicant,
      'PATCH',
      app('draft'),
      { title: long(201) },
      400,
      ['title'],
    ],
    [
      'PATCH: an unknown field',
      () => applicant,
      'PATCH',
      app('draft'),
      { stage: 'approved' },
      400,
      ['stage'],
    ],
    [
      'PATCH: an invalid level',
      () => applicant,
      'PATCH',
      app('draft'),
      { fields: { ...fieldsFor.training_project, level: 'galaxy' } },
      400,
      ['fields.level'],
    ],
    [
      'PATCH: hours as text',
      () => applicant,
      'PATCH',
      app('draft'),
      { fields: { ...fieldsFor.training_project, hours: '60' } },
      400,
      ['fields.hours'],
    ],
    [
      'PATCH: a project ending before it starts',
      () => applicant,
      'PATCH',
      app('draft'),
      { fields: { ...fieldsFor.training_project, startsOn: '2027-02-01', endsOn: '2027-01-01' } },
      422,
      [],
    ],
    // withdrawing
    ['withdraw: no reason', () => applicant, 'POST', app('submitted', '/withdraw'), {}, 400, ['reason']],
    [
      'withdraw: a blank reason',
      () => applicant,
      'POST',
      app('submitted', '/withdraw'),
      { reason: '  ' },
      400,
      ['reason'],
    ],
    [
      'withdraw: reason as a number',
      () => applicant,
      'POST',
      app('submitted', '/withdraw'),
      { reason: 7 },
      400,
      ['reason'],
    ],
    // assigning reviewers
    [
      'assign: no reviewers',
      () => chair,
      'POST',
      app('submitted', '/reviewers'),
      { reviewers: [] },
      400,
      ['reviewers'],
    ],
    [
      'assign: reviewers not a list',
      () => chair,
      'POST',
      app('submitted', '/reviewers'),
      { reviewers: 'all' },
      400,
      ['reviewers'],
    ],
    [
      'assign: more than 20 reviewers',
      () => chair,
      'POST',
      app('submitted', '/reviewers'),
      { reviewers: Array.from({ length: 21 }, () => ({ reviewerId: randomUUID() })) },
      400,
      ['reviewers'],
    ],
    [
      'assign: an unknown nested field',
      () => chair,
      'POST',
      app('submitted', '/reviewers'),
      { reviewers: [{ reviewerId: 'x', weight: 2 }] },
      400,
      ['reviewers.0.weight'],
    ],
    [
      'assign: an override reason over 2000 characters',
      () => chair,
      'POST',
      app('submitted', '/reviewers'),
      { reviewers: [{ reviewerId: 'x', overrideReason: long(2001) }] },
      400,
      ['reviewers.0.overrideReason'],
    ],
    [
      'assign: someone who is not a reviewer',
      () => chair,
      'POST',
      app('submitted', '/reviewers'),
      { reviewers: [{ reviewerId: randomUUID() }] },
      422,
      [],
    ],
    // reviewing
    [
      'review: a score above 100',
      () => reviewers[0]!,
      'POST',
      app('in_review', '/reviews'),
      { scores: { ...rubricScores(80), ethics: 101 }, comments: '' },
      400,
      ['scores'],
    ],
    [
      'review: a negative score',
      () => reviewers[0]!,
      'POST',
      app('in_review', '/reviews'),
      { scores: { ...rubricScores(80), research: -1 }, comments: '' },
      400,
      ['scores'],
    ],
    [
      'review: a score as text',
      () => reviewers[0]!,
      'POST',
      app('in_review', '/reviews'),
      { scores: { ...rubricScores(80), subject: '80' }, comments: '' },
      400,
      ['scores'],
    ],
    [
      'review: a dimension the rubric does not have',
      () => reviewers[0]!,
      'POST',
      app('in_review', '/reviews'),
      { scores: { ...rubricScores(80), charisma: 90 }, comments: '' },
      422,
      [],
    ],
    [
      'review: a dimension missing',
      () => reviewers[0]!,
      'POST',
      app('in_review', '/reviews'),
      { scores: { ethics: 80 }, comments: '' },
      422,
      [],
    ],
    [
      'review: comments over 5000 characters',
      () => reviewers[0]!,
      'POST',
      app('in_review', '/reviews'),
      { scores: rubricScores(80), comments: long(5001) },
      400,
      ['comments'],
    ],
    [
      'request changes: no reason',
      () => chair,
      'POST',
      app('in_review', '/request-changes'),
      {},
      400,
      ['reason'],
    ],
    // deciding
    [
      'decide: an invalid decision',
      () => chair,
      'POST',
      app('quorum', '/decision'),
      { decision: 'maybe', rationale: 'x' },
      400,
      ['decision'],
    ],
    [
      'decide: no rationale',
      () => chair,
      'POST',
      app('quorum', '/decision'),
      { decision: 'approve' },
      400,
      ['rationale'],
    ],
    [
      'decide: documents seen not a list of names',
      () => chair,
      'POST',
      app('quorum', '/decision'),
      { decision: 'approve', rationale: 'x', documentsSeen: [1, 2] },
      400,
      ['documentsSeen'],
    ],
    [
      'decide: more than 100 documents',
      () => chair,
      'POST',
      app('quorum', '/decision'),
      { decision: 'approve', rationale: 'x', documentsSeen: Array.from({ length: 101 }, (_, i) => `d${i}`) },
      400,
      ['documentsSeen'],
    ],
    // evaluating a training project
    [
      'enrol: someone who is not a teacher',
      () => applicant,
      'POST',
      app('approved', '/enrolments'),
      { teacherId: randomUUID() },
      422,
      [],
    ],
    [
      'enrol: teacher id as a number',
      () => trainee,
      'POST',
      app('approved', '/enrolments'),
      { teacherId: 5 },
      400,
      ['teacherId'],
    ],
    [
      'completion: negative hours',
      () => applicant,
      'POST',
      app('enrolled', '/completions'),
      { teacherId: 'x', hours: -5 },
      400,
      ['hours'],
    ],
    [
      'completion: hours as text',
      () => applicant,
      'POST',
      app('enrolled', '/completions'),
      { teacherId: 'x', hours: 'sixty' },
      400,
      ['hours'],
    ],
    [
      'completion: more hours than the project has',
      () => applicant,
      'POST',
      app('enrolled', '/completions'),
      { teacherId: '', hours: 999 },
      400,
      ['teacherId'],
    ],
    [
      'completion: no assessed score (seed 003 §六4: a completion records it)',
      () => applicant,
      'POST',
      app('enrolled', '/completions'),
      { teacherId: 'x', hours: 10 },
      400,
      ['score'],
    ],
    [
      'completion: a score over 100',
      () => applicant,
      'POST',
      app('enrolled', '/completions'),
      { teacherId: 'x', hours: 10, score: 101 },
      400,
      ['score'],
    ],
    [
      'completion: a score as text',
      () => applicant,
      'POST',
      app('enrolled', '/completions'),
      { teacherId: 'x', hours: 10, score: 'fail' },
      400,
      ['score'],
    ],
    [
      'reviewer removal: no reason',
      () => chair,
      'POST',
      () => `/api/applications/${ids.in_review}/reviewers/${reviewers[0]!.id}/removal`,
      { reason: '   ' },
      400,
      ['reason'],
    ],
    [
      'reviewer removal: a reviewer id that is no id',
      () => chair,
      'POST',
      () => `/api/applications/${ids.in_review}/reviewers/${encodeURIComponent('x;drop')}/removal`,
      { reason: '逾期' },
      400,
      [],
    ],
    [
      'reviewer removal: an unknown field',
      () => chair,
      'POST',
      () => `/api/applications/${ids.in_review}/reviewers/${reviewers[0]!.id}/removal`,
      { reason: '逾期', force: true },
      400,
      ['force'],
    ],
    [
      'reviewer candidates: a malformed application id',
      () => chair,
      'GET',
      () => '/api/applications/42/reviewer-candidates',
      undefined,
      400,
      [],
    ],
    [
      'training projects: a limit that is not a number',
      () => applicant,
      'GET',
      () => '/api/training-projects?limit=all',
      undefined,
      400,
      [],
    ],
    [
      'trainee evaluation: a score of 101',
      () => trainee,
      'POST',
      app('enrolled', '/trainee-evaluations'),
      { score: 101, comment: '' },
      400,
      ['score'],
    ],
    [
      'trainee evaluation: a fractional score',
      () => trainee,
      'POST',
      app('enrolled', '/trainee-evaluations'),
      { score: 88.5, comment: '' },
      400,
      ['score'],
    ],
    [
      'performance evaluation: a part missing',
      () => chair,
      'POST',
      app('approved', '/performance-evaluation'),
      { parts: { selfAssessment: 90, archiveCheck: 90, traineeInterviews: 90 } },
      400,
      ['parts.onSiteDefence'],
    ],
    [
      'performance evaluation: a part over 100',
      () => chair,
      'POST',
      app('approved', '/performance-evaluation'),
      { parts: { ...parts, archiveCheck: 150 } },
      400,
      ['parts.archiveCheck'],
    ],
    [
      'performance evaluation: an extra part',
      () => chair,
      'POST',
      app('approved', '/performance-evaluation'),
      { parts: { ...parts, vibes: 100 } },
      400,
      ['parts.vibes'],
    ],
    // calls
    [
      'call: an invalid kind',
      () => chair,
      'POST',
      () => '/api/calls',
      { kind: 'party', orgUnit: 'x', title: 't', opensAt: iso(Date.now()), closesAt: iso(Date.now() + day) },
      400,
      ['kind'],
    ],
    [
      'call: a date that is not a date',
      () => chair,
      'POST',
      () => '/api/calls',
      { kind: 'studio', orgUnit: 'x', title: 't', opensAt: 'tomorrow', closesAt: iso(Date.now() + day) },
      400,
      ['opensAt'],
    ],
    [
      'call: a title over 200 characters',
      () => chair,
      'POST',
      () => '/api/calls',
      {
        kind: 'studio',
        orgUnit: 'x',
        title: long(201),
        opensAt: iso(Date.now()),
        closesAt: iso(Date.now() + day),
      },
      400,
      ['title'],
    ],
    ['close call: no reason', () => chair, 'POST', () => `/api/calls/${ids.call}/close`, {}, 400, ['reason']],
    // queries
    ['board: an unknown stage', () => chair, 'GET', () => '/api/board?stage=limbo', undefined, 400, []],
    [
      'board: a limit that is not a number',
      () => chair,
      'GET',
      () => '/api/board?limit=lots',
      undefined,
      400,
      [],
    ],
    [
      'mine: a limit of zero',
      () => applicant,
      'GET',
      () => '/api/applications/mine?limit=0',
      undefined,
      400,
      [],
    ],
    ['calls: an unknown kind', () => applicant, 'GET', () => '/api/calls?kind=party', undefined, 400, []],
    ['detail: a malformed id', () => applicant, 'GET', () => '/api/applications/42', undefined, 400, []],
    [
      'detail: an unknown id',
      () => applicant,
      'GET',
      () => `/api/applications/${randomUUID()}`,
      undefined,
      404,
      [],
    ],
  ];

  it.each(cases)('%s', async (_label, who, method, path, body, status, fields) => {
    const before = await eventCount(db);
    const res = await who().call(method, path(), body);
    expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { status } });
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toEqual(expect.any(String));
    if (fields.length)
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(fields));
    expect(await eventCount(db)).toBe(before);
  });
});
