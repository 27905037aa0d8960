import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import type { DemoLogin } from '#libs/identity';
import type { TestApp } from '../support/test-app.js';
import { bearer, login, seedDemo, startIdentityApp } from '../identity/support/identity-test-app.js';
import { cast, day, fieldsFor, iso, rubricScores, signIn, type Person } from './support.js';

// DOMAIN.md "People and roles": every endpoint × every role × in-scope/out-of-scope org unit, expecting the
// documented status (DOMAIN.md "People and roles"). The table below is the documentation: a cell not
// listed as allowed is refused with 403 (401 without a token, or the status listed under `refused`),
// appends nothing, and every allowed actor succeeds on a subject of their own prepared in the same stage.
//
// The cast: the application comes from a teacher of a Donghu District school (Donghu Experimental),
// under a call for Donghu; teacher records are those of a teacher of that school.
//   applicant  – the teacher who filed it           teacher  – another Donghu teacher
//   teacherB   – a Xishan County teacher            reviewer – assigned reviewer (a Xishan school)
//   idleReviewer – a reviewer not assigned to it (Donghu No.1)
//   chair, admin – the city's committee chair and office admin (in scope)
//   adminA     – the Donghu District admin (in scope)
//   adminS     – the admin of the applicant's school, Donghu Experimental (in scope, a school office)
//   chairB, adminB – chair and admin of Xishan County (out of scope)
//
// Rules the table shows: teacher records (hours, ethics assessments, appraisals, reversals) are kept by
// admins of the teacher's unit or above, never by a chair; revoking a tier takes a district admin or
// above; the owner of a training project does not enrol in it, and teachers enrol in projects within the
// call's org unit (422 outside_project_scope for a Xishan teacher); a chair removes an overdue or
// conflicted reviewer and lists the candidates they may assign; everyone lists the projects in reach.
const WHO = [
  'anonymous',
  'applicant',
  'teacher',
  'teacherB',
  'reviewer',
  'idleReviewer',
  'chair',
  'chairB',
  'admin',
  'adminA',
  'adminS',
  'adminB',
] as const;
type Who = (typeof WHO)[number];

type Stage =
  | 'draft'
  | 'submitted'
  | 'in_review'
  | 'quorum'
  | 'approved_project'
  | 'enrolled_project'
  | 'completed_project'
  | 'conflicted_review'
  | 'teacher'
  | 'granted'
  | 'call';

interface Row {
  name: string;
  method: 'GET' | 'POST' | 'PATCH';
  /** The path for a subject id (an application, or a call for `call`). */
  path: (id: string) => string;
  stage: Stage;
  allowed: Who[];
  body?: (who: Who) => unknown;
  /** Statuses other than the default 403 for refused actors. */
  refused?: Partial<Record<Who, number>>;
}

describe('authorisation matrix: endpoint × role × org-unit scope (real PostgreSQL)', () => {
  let db: TestDatabase;
  let api: TestApp;
  const people = {} as Record<Exclude<Who, 'anonymous'>, Person>;
  let bystander: Person; // a teacher the office enrols or completes in bodies
  /** The reviewer of the applicant's own school: assigned with an override, then removed. */
  let conflicted: Person;
  let experimental: string;
  let donghu: string;
  let donghuCall: string;
  let trainingCall: string;
  let c: ReturnType<typeof cast>;

  const as = (who: Who, method: string, path: string, body?: unknown) =>
    who === 'anonymous' ? api.request(method, path, { body }) : people[who].call(method, path, body);

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startIdentityApp(db);
    const seed = await seedDemo(api, db);
    c = cast(seed);
    const unit = (key: string) => seed.orgUnits.find((u) => u.name.includes(key))!;
    donghu = unit('Donghu District').id;
    const xishan = unit('Xishan County').id;
    const donghuExperimental = unit('Donghu Experimental').id;
    const donghuNo1 = unit('Donghu No.1').id;
    const inUnit = (list: DemoLogin[], id: string) => list.filter((l) => l.orgUnit === id);
    const xishanSchools = seed.orgUnits.filter((u) => u.parentId === xishan).map((u) => u.id);
    const cityAdmin = await login(api, 'admin');
    experimental = donghuExperimental;
    const extra: [string, string, 'admin' | 'chair'][] = [
      ['admin.donghu', donghu, 'admin'],
      ['admin.experimental', donghuExperimental, 'admin'],
      ['admin.xishan', xishan, 'admin'],
      ['chair.xishan', xishan, 'chair'],
    ];
    for (const [username, orgUnit, role] of extra) {
      const res = await api.request('POST', '/api/users', {
        body: { username, displayName: username, orgUnit, roles: [role], password: 'correct-horse-battery' },
        headers: bearer(cityAdmin),
      });
      expect(res.status).toBe(201);
    }
    const made = (username: string): DemoLogin => ({
      username,
      password: 'correct-horse-battery',
      displayName: username,
      roles: [],
      orgUnit: '',
      orgUnitName: '',
      tier: null,
    });
    const reviewersInXishan = c.reviewers.filter((r) => xishanSchools.includes(r.orgUnit));
    const cast_: Record<Exclude<Who, 'anonymous'>, DemoLogin> = {
      applicant: inUnit(c.teachers, donghuExperimental)[0]!,
      teacher: inUnit(c.teachers, donghuNo1)[0]!,
      teacherB: c.teachers.find((t) => xishanSchools.includes(t.orgUnit))!,
      reviewer: reviewersInXishan[0]!,
      idleReviewer: inUnit(c.reviewers, donghuNo1)[1]!,
      chair: c.chair,
      chairB: made('chair.xishan'),
      admin: c.admin,
      adminA: made('admin.donghu'),
      adminS: made('admin.experimental'),
      adminB: made('admin.xishan'),
    };
    for (const [who, l] of Object.entries(cast_))
      people[who as Exclude<Who, 'anonymous'>] = await signIn(api, db, l);
    bystander = await signIn(api, db, inUnit(c.teachers, donghuExperimental)[1]!);
    conflicted = await signIn(api, db, inUnit(c.reviewers, donghuExperimental)[0]!);
    // The quorum's other two reviewers: neither of the applicant's school nor the idle reviewer.
    quorumPartners = await Promise.all(
      [reviewersInXishan[1]!, inUnit(c.reviewers, donghuNo1)[0]!].map((l) => signIn(api, db, l)),
    );

    const open = async (kind: string) => {
      const res = await people.chair.call('POST', '/api/calls', {
        kind,
        orgUnit: donghu,
        title: `东湖区 ${kind}`,
        opensAt: iso(Date.now() - day),
        closesAt: iso(Date.now() + 30 * day),
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    donghuCall = await open('school_plan');
    trainingCall = await open('training_project');
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  let quorumPartners: Person[];

  const ok = async (res: Promise<{ status: number; body: unknown }>, what: string) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  };

  /** A teacher of Donghu Experimental with a ladder record, at 骨干教师 (so that a tier can be revoked). */
  async function recordedTeacher(): Promise<string> {
    const username = `matrix.${Math.random().toString(36).slice(2, 10)}`;
    const res = await ok(
      people.admin.call('POST', '/api/users', {
        username,
        displayName: username,
        orgUnit: experimental,
        roles: ['teacher'],
        tier: 'backbone',
        password: 'correct-horse-battery',
      }),
      'register a teacher',
    );
    const id = (res.body as { id: string }).id;
    for (let i = 0; (await people.admin.call('GET', `/api/teachers/${id}/progression`)).status !== 200; i++) {
      if (i > 200) throw new Error(`no ladder record for ${username}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return id;
  }

  /** A fresh subject in the given stage; returns its id. */
  async function prepare(stage: Stage): Promise<string> {
    if (stage === 'teacher') return recordedTeacher();
    if (stage === 'granted') {
      const teacherId = await recordedTeacher();
      await ok(
        people.admin.call('POST', `/api/teachers/${teacherId}/hours`, {
          hours: 8,
          level: 'city',
          kind: 'activity',
          completedAt: iso(Date.now() - day),
          source: { type: 'activity', id: 'matrix-grant', approvingRecord: 'matrix' },
        }),
        'grant',
      );
      const p = await people.admin.call('GET', `/api/teachers/${teacherId}/progression`);
      return `${teacherId}:${(p.body as { ledger: { entryId: string }[] }).ledger[0]!.entryId}`;
    }
    if (stage === 'call') {
      const res = await ok(
        people.chair.call('POST', '/api/calls', {
          kind: 'studio',
          orgUnit: donghu,
          title: 'to close',
          opensAt: iso(Date.now() - day),
          closesAt: iso(Date.now() + day),
        }),
        'open call',
      );
      return (res.body as { id: string }).id;
    }
    const project = stage.endsWith('project');
    const a = people.applicant;
    const draft = await ok(
      a.call('POST', '/api/applications', {
        callId: project ? trainingCall : donghuCall,
        title: `matrix ${stage}`,
        fields: project ? { ...fieldsFor.training_project, capacity: 10 } : fieldsFor.school_plan,
      }),
      'draft',
    );
    const id = (draft.body as { id: string }).id;
    if (stage === 'draft') return id;
    await ok(a.call('POST', `/api/applications/${id}/submit`), 'submit');
    if (stage === 'submitted') return id;
    if (stage === 'conflicted_review') {
      // The reviewer of the applicant's own school, assigned with the chair's written reason.
      await ok(
        people.chair.call('POST', `/api/applications/${id}/reviewers`, {
          reviewers: [
            { reviewerId: conflicted.id, overrideReason: '唯一的学科专家' },
            { reviewerId: people.reviewer.id },
          ],
        }),
        'assign with an override',
      );
      return id;
    }
    const reviewers = [people.reviewer, ...quorumPartners];
    await ok(
      people.chair.call('POST', `/api/applications/${id}/reviewers`, {
        reviewers: reviewers.map((r) => ({ reviewerId: r.id })),
      }),
      'assign',
    );
    if (stage === 'in_review') return id;
    for (const r of reviewers)
      await ok(
        r.call('POST', `/api/applications/${id}/reviews`, { scores: rubricScores(85), comments: 'ok' }),
        'review',
      );
    if (stage === 'quorum') return id;
    await ok(
      people.chair.call('POST', `/api/applications/${id}/decision`, {
        decision: 'approve',
        rationale: '同意',
      }),
      'decide',
    );
    if (stage === 'approved_project') return id;
    for (const t of [people.teacher, bystander])
      await ok(t.call('POST', `/api/applications/${id}/enrolments`, { teacherId: t.id }), 'enrol');
    if (stage === 'enrolled_project') return id;
    await ok(
      a.call('POST', `/api/applications/${id}/completions`, {
        teacherId: people.teacher.id,
        hours: 60,
        score: 80,
      }),
      'complete',
    );
    return id;
  }

  const self = (who: Who) => (who === 'anonymous' ? '00000000-0000-4000-8000-000000000000' : people[who].id);
  const app =
    (suffix = '') =>
    (id: string) =>
      `/api/applications/${id}${suffix}`;
  const teacherPath =
    (suffix = '') =>
    (id: string) =>
      `/api/teachers/${id.split(':')[0]}${suffix}`;
  /** Refused by a rule beyond the role: a Xishan teacher enrolling in a Donghu project. */
  const outsideProject = { teacherB: 422, reviewer: 422 } as const;

  const rows: Row[] = [
    {
      name: 'draft an application under a Donghu call',
      method: 'POST',
      path: () => '/api/applications',
      stage: 'draft',
      // Applicants answer calls of their own org unit or above it: Donghu people and the Donghu admins.
      allowed: ['applicant', 'teacher', 'idleReviewer', 'adminA', 'adminS'],
      body: () => ({ callId: donghuCall, title: 'matrix', fields: fieldsFor.school_plan }),
    },
    {
      name: 'edit a draft',
      method: 'PATCH',
      path: app(),
      stage: 'draft',
      allowed: ['applicant'],
      body: () => ({ title: 'edited' }),
    },
    { name: 'submit', method: 'POST', path: app('/submit'), stage: 'draft', allowed: ['applicant'] },
    {
      name: 'withdraw',
      method: 'POST',
      path: app('/withdraw'),
      stage: 'submitted',
      allowed: ['applicant'],
      body: () => ({ reason: '改期申报' }),
    },
    {
      name: 'assign reviewers',
      method: 'POST',
      path: app('/reviewers'),
      stage: 'submitted',
      allowed: ['chair'],
      body: () => ({ reviewers: [{ reviewerId: people.reviewer.id }] }),
    },
    {
      name: "list the reviewers a chair may assign, with their conflicts (the chair's page)",
      method: 'GET',
      path: app('/reviewer-candidates'),
      stage: 'submitted',
      allowed: ['chair'],
    },
    {
      name: 'remove a conflicted reviewer (with a reason)',
      method: 'POST',
      path: (id) => `/api/applications/${id}/reviewers/${conflicted.id}/removal`,
      stage: 'conflicted_review',
      allowed: ['chair'],
      body: () => ({ reason: '同校回避，另行指派' }),
    },
    {
      name: 'submit a review',
      method: 'POST',
      path: app('/reviews'),
      stage: 'in_review',
      allowed: ['reviewer'],
      body: () => ({ scores: rubricScores(80), comments: 'matrix' }),
    },
    {
      name: 'request changes',
      method: 'POST',
      path: app('/request-changes'),
      stage: 'in_review',
      allowed: ['chair'],
      body: () => ({ reason: '请补充材料' }),
    },
    {
      name: 'decide',
      method: 'POST',
      path: app('/decision'),
      stage: 'quorum',
      allowed: ['chair'],
      body: () => ({ decision: 'approve', rationale: '同意立项' }),
    },
    {
      name: 'enrol (a teacher themself, within the call’s org unit; the owner or an in-scope admin enrols others)',
      method: 'POST',
      path: app('/enrolments'),
      stage: 'approved_project',
      allowed: ['applicant', 'teacher', 'idleReviewer', 'admin', 'adminA', 'adminS'],
      refused: outsideProject,
      body: (who) => ({
        teacherId: ['applicant', 'chair', 'chairB', 'admin', 'adminA', 'adminS', 'adminB'].includes(who)
          ? bystander.id
          : self(who),
      }),
    },
    {
      name: 'the owner enrols themself (never: the owner does not enrol in their own project)',
      method: 'POST',
      path: app('/enrolments'),
      stage: 'approved_project',
      allowed: [],
      refused: outsideProject,
      body: (who) => ({
        teacherId:
          who === 'anonymous' || who === 'teacherB' || who === 'reviewer' ? self(who) : people.applicant.id,
      }),
    },
    {
      name: 'list the training projects within reach',
      method: 'GET',
      path: () => '/api/training-projects',
      stage: 'draft',
      allowed: WHO.filter((w) => w !== 'anonymous'),
    },
    {
      name: 'record a completion',
      method: 'POST',
      path: app('/completions'),
      stage: 'enrolled_project',
      allowed: ['applicant', 'admin', 'adminA', 'adminS'],
      body: () => ({ teacherId: bystander.id, hours: 60, score: 80 }),
    },
    {
      name: 'evaluate a project as a trainee',
      method: 'POST',
      path: app('/trainee-evaluations'),
      stage: 'completed_project',
      allowed: ['teacher'],
      body: () => ({ score: 88, comment: '很好' }),
    },
    {
      name: 'record the performance evaluation',
      method: 'POST',
      path: app('/performance-evaluation'),
      stage: 'approved_project',
      allowed: ['chair'],
      body: () => ({
        parts: { selfAssessment: 90, archiveCheck: 90, traineeInterviews: 90, onSiteDefence: 90 },
      }),
    },
    {
      name: 'read an application',
      method: 'GET',
      path: app(),
      stage: 'in_review',
      allowed: ['applicant', 'reviewer', 'chair', 'admin', 'adminA', 'adminS'],
    },
    {
      name: 'list my applications',
      method: 'GET',
      path: () => '/api/applications/mine',
      stage: 'draft',
      allowed: WHO.filter((w) => w !== 'anonymous'),
    },
    {
      name: 'read my review queue',
      method: 'GET',
      path: () => '/api/review-queue',
      stage: 'draft',
      allowed: ['reviewer', 'idleReviewer'],
    },
    {
      name: "read the committee's board",
      method: 'GET',
      path: () => '/api/board',
      stage: 'draft',
      allowed: ['chair', 'chairB', 'admin', 'adminA', 'adminS', 'adminB'],
    },
    {
      name: 'open a call for Donghu',
      method: 'POST',
      path: () => '/api/calls',
      stage: 'draft',
      allowed: ['chair', 'admin', 'adminA'],
      body: () => ({
        kind: 'studio',
        orgUnit: donghu,
        title: 'matrix call',
        opensAt: iso(Date.now()),
        closesAt: iso(Date.now() + day),
      }),
    },
    {
      name: 'close a call',
      method: 'POST',
      path: (id) => `/api/calls/${id}/close`,
      stage: 'call',
      allowed: ['chair', 'admin', 'adminA'],
      body: () => ({ reason: '提前截止' }),
    },
    {
      name: 'list calls',
      method: 'GET',
      path: () => '/api/calls',
      stage: 'draft',
      allowed: WHO.filter((w) => w !== 'anonymous'),
    },
    // Teacher records (DOMAIN.md "People and roles"): admins of the teacher's unit or above, never a chair.
    {
      name: "grant a teacher's hours for a recognised activity",
      method: 'POST',
      path: teacherPath('/hours'),
      stage: 'teacher',
      allowed: ['admin', 'adminA', 'adminS'],
      body: (who) => ({
        hours: 4,
        level: 'school',
        kind: 'activity',
        completedAt: iso(Date.now() - day),
        source: { type: 'activity', id: `matrix-${who}`, approvingRecord: 'matrix' },
      }),
    },
    {
      name: "reverse a teacher's hours entry",
      method: 'POST',
      path: (id) => `/api/teachers/${id.split(':')[0]}/hours/${id.split(':')[1]}/reversal`,
      stage: 'granted',
      allowed: ['admin', 'adminA', 'adminS'],
      body: () => ({ reason: '重复登记' }),
    },
    {
      name: "record a teacher's ethics assessment",
      method: 'POST',
      path: teacherPath('/ethics-assessments'),
      stage: 'teacher',
      allowed: ['admin', 'adminA', 'adminS'],
      body: () => ({ schoolYear: '2024-2025', result: 'pass' }),
    },
    {
      name: "record a teacher's annual appraisal",
      method: 'POST',
      path: teacherPath('/appraisals'),
      stage: 'teacher',
      allowed: ['admin', 'adminA', 'adminS'],
      body: () => ({ schoolYear: '2024-2025', result: 'good' }),
    },
    {
      name: "revoke a teacher's tier (a district admin or above)",
      method: 'POST',
      path: teacherPath('/tier-revocations'),
      stage: 'teacher',
      allowed: ['admin', 'adminA'],
      body: () => ({ reason: '任期考核不合格', assessment: { ref: 'matrix-term', score: 50 } }),
    },
  ];

  const streamOf = (row: Row, id: string) =>
    row.stage === 'call'
      ? `call-${id}`
      : row.stage === 'teacher' || row.stage === 'granted'
        ? `teacher-${id.split(':')[0]}`
        : `application-${id}`;
  const versionOf = async (stream: string) =>
    Number(
      (
        await db.pool.query<{ v: string }>(
          `SELECT coalesce(max(version), 0) AS v FROM events WHERE stream_id = $1`,
          [stream],
        )
      ).rows[0]!.v,
    );

  it.each(rows.map((r) => [r.name, r] as const))(
    '%s',
    async (_name, row) => {
      const subject = await prepare(row.stage);
      const before = await versionOf(streamOf(row, subject));
      const eventsBefore = Number(
        (
          await db.pool.query(
            "SELECT count(*) AS n FROM events WHERE metadata->>'actorRole' IS DISTINCT FROM 'system'",
          )
        ).rows[0].n,
      );
      const got: Record<string, number> = {};
      const want: Record<string, number> = {};
      for (const who of WHO.filter((w) => !row.allowed.includes(w))) {
        const res = await as(who, row.method, row.path(subject), row.body?.(who));
        got[who] = res.status;
        want[who] = row.refused?.[who] ?? (who === 'anonymous' ? 401 : 403);
        if (res.status >= 400) expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
      expect(got).toEqual(want);
      // A refusal appends nothing, anywhere.
      expect(await versionOf(streamOf(row, subject))).toBe(before);
      expect(
        Number(
          (
            await db.pool.query(
              "SELECT count(*) AS n FROM events WHERE metadata->>'actorRole' IS DISTINCT FROM 'system'",
            )
          ).rows[0].n,
        ),
      ).toBe(eventsBefore);

      for (const who of row.allowed) {
        const own = row.method === 'GET' ? subject : await prepare(row.stage);
        const res = await as(who, row.method, row.path(own), row.body?.(who));
        if (res.status >= 300)
          throw new Error(`${who} ${row.name}: ${res.status} ${JSON.stringify(res.body)}`);
        expect(res.status).toBeLessThan(300);
      }
    },
    120_000,
  );

  describe('lists leak nothing a single read would refuse', () => {
    it("shows nobody else's applications in 'mine', and out-of-scope offices nothing on their board", async () => {
      const id = await prepare('in_review');
      const ids = (r: { body: { items: { id: string }[] } }) => r.body.items.map((i) => i.id);
      expect(ids(await people.applicant.call('GET', '/api/applications/mine'))).toContain(id);
      for (const who of ['teacher', 'reviewer', 'chair'] as const)
        expect(ids(await people[who].call('GET', '/api/applications/mine'))).not.toContain(id);
      expect(ids(await people.chair.call('GET', '/api/board'))).toContain(id);
      expect(ids(await people.adminA.call('GET', '/api/board'))).toContain(id);
      for (const who of ['chairB', 'adminB'] as const) {
        const board = await people[who].call('GET', '/api/board');
        expect(ids(board)).not.toContain(id);
        // Nothing is filed under Xishan in this suite, so an out-of-scope board counts nothing either.
        expect(board.body.counts).toEqual({});
      }
      // Drafts are the applicant's own business: not on any board, not in any count.
      const draft = await prepare('draft');
      const board = await people.chair.call('GET', '/api/board');
      expect(ids(board)).not.toContain(draft);
      expect(board.body.counts.draft).toBeUndefined();
    });

    it('keeps an assignment off the queue of reviewers not assigned, and calls of other units off their lists', async () => {
      const id = await prepare('in_review');
      const queue = (p: Person) => p.call('GET', '/api/review-queue');
      expect((await queue(people.reviewer)).body.items.map((i: { id: string }) => i.id)).toContain(id);
      expect((await queue(people.idleReviewer)).body.items.map((i: { id: string }) => i.id)).not.toContain(
        id,
      );
      const listed = async (p: Person) =>
        (await p.call('GET', '/api/calls')).body.items.map((i: { id: string }) => i.id) as string[];
      expect(await listed(people.teacher)).toContain(donghuCall);
      expect(await listed(people.teacherB)).not.toContain(donghuCall);
    });

    it('never shows the applicant who reviewed their application (blind review), before or after the decision', async () => {
      const id = await prepare('quorum');
      const reviewerIds = [people.reviewer, ...quorumPartners].map((r) => r.id);
      const blind = async () => {
        const seen = await people.applicant.call('GET', `/api/applications/${id}`);
        expect(seen.status).toBe(200);
        const text = JSON.stringify(seen.body);
        for (const r of reviewerIds) expect(text).not.toContain(r);
        return seen.body;
      };
      expect((await blind()).reviews).toEqual([]); // no scores before the decision
      await people.chair.call('POST', `/api/applications/${id}/decision`, {
        decision: 'reject',
        rationale: '不足',
      });
      const after = await blind();
      expect(after.reviews).toHaveLength(3);
      expect(after.reviews[0]).toMatchObject({ reviewer: '#1', total: expect.anything() });
    });
  });
});
