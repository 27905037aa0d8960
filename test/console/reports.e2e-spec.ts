import ExcelJS from 'exceljs';
import { rebuildProjection, waitForPosition, type EventStore } from '#libs/event-store';
import { TIMER_QUEUE, type TimerQueue } from '#libs/deadlines';
import { overdueStepsProjection } from '#libs/approval';
import type { DemoSeedResult } from '#libs/identity';
import { schoolYearOf, shiftSchoolYear, teacherCreditsProjection } from '#libs/ladder';
import { DEFAULT_POLICY } from '#libs/policy';
import { EVENT_STORE } from '#libs/platform';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { ALL_PROJECTIONS } from '../../apps/worker/src/projections.js';
import { ReactorRunner } from '../../apps/worker/src/reactor-runner.service.js';
import { cast, day, fieldsFor, iso, rubricScores, signIn, type Person } from '../approval/support.js';
import { bearer, login, seedDemo } from '../identity/support/identity-test-app.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';

// 统计报表 (UI.md §5; DOMAIN.md "Hours and credits", "The approval pipeline", "Deadlines and reminders"):
// each report's numbers against a fixture this suite builds over HTTP — teachers in two schools of two
// new districts (and one on a district itself), hours and credits, applications at several stages, an
// overdue revision fired by the real deadline timer — computed here from the fixture, not read back.
type Tier = 'new' | 'young' | 'backbone' | 'leader' | 'master';
type Level = 'province' | 'city' | 'district' | 'school';
interface Grant {
  hours: number;
  credits: number;
  level: Level;
  lastYear?: boolean;
  reversed?: boolean;
}
interface Plan {
  key: string;
  name: string;
  unit: 'd1' | 'd2' | 's1' | 's2';
  tier: Tier;
  grants: Grant[];
}

const PLANS: Plan[] = [
  {
    key: 'a',
    name: '报表甲老师',
    unit: 's1',
    tier: 'young',
    grants: [
      { hours: 60, credits: 6, level: 'school' },
      { hours: 40, credits: 4, level: 'city', lastYear: true },
    ],
  },
  {
    key: 'b',
    name: '报表乙老师',
    unit: 's1',
    tier: 'backbone',
    grants: [
      { hours: 20, credits: 2, level: 'city' },
      { hours: 10, credits: 1.5, level: 'district' },
    ],
  },
  { key: 'c', name: '报表丙老师', unit: 's1', tier: 'new', grants: [] },
  {
    key: 'd',
    name: '报表丁老师',
    unit: 's2',
    tier: 'young',
    grants: [{ hours: 45, credits: 4.5, level: 'province' }],
  },
  {
    key: 'e',
    name: '报表戊老师',
    unit: 's2',
    tier: 'master',
    grants: [
      { hours: 30, credits: 3, level: 'school', reversed: true },
      { hours: 12.5, credits: 1.25, level: 'school' },
    ],
  },
  {
    key: 'f',
    name: '报表己老师',
    unit: 'd1',
    tier: 'backbone',
    grants: [{ hours: 50, credits: 5, level: 'district' }],
  },
];

const REQUIRED = DEFAULT_POLICY.ladder.annualHours;
const TIERS: Tier[] = ['new', 'young', 'backbone', 'leader', 'master'];
const LEVELS: Level[] = ['province', 'city', 'district', 'school'];
const r1 = (n: number) => Math.round(n * 10) / 10;
const r2 = (n: number) => Math.round(n * 100) / 100;
const pct = (a: number, b: number) => (b === 0 ? 0 : r1((a / b) * 100));

describe('统计报表: the office reports per org unit and school year (real PostgreSQL)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let c: ReturnType<typeof cast>;
  let admin: Person;
  let chair: Person;
  let districtAdmin: Person;
  const units: Record<'d1' | 'd2' | 's1' | 's2', string> = { d1: '', d2: '', s1: '', s2: '' };
  const teachers: Record<string, Person> = {};
  const apps: Record<string, { id: string; unit: 's1' | 's2'; kind: string; stage: string }> = {};
  const schoolYear = schoolYearOf(new Date());
  let overdueDueAt = '';

  /** Reactors and every read model have caught up with the store. */
  async function settled(): Promise<void> {
    const store = api.app.get(EVENT_STORE) as EventStore;
    for (let round = 0; round < 5; round++) {
      const head = await store.headPosition();
      for (const s of api.app.get(ReactorRunner).subscriptions) await s.catchUp();
      const after = await store.headPosition();
      if (head && after && head.tx === after.tx && head.seq === after.seq) break;
    }
    const head = await store.headPosition();
    if (head)
      expect(
        await waitForPosition(
          db.pool,
          ALL_PROJECTIONS.map((p) => p.name),
          head,
          10_000,
        ),
      ).toBe(true);
  }

  const get = async (who: Person, path: string, headers: Record<string, string> = {}) => {
    const res = await who.call('GET', path, undefined, headers);
    return res;
  };
  const report = async (name: string, unit: string, year = schoolYear) => {
    const res = await get(admin, `/api/reports/${name}?orgUnit=${unit}&schoolYear=${year}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const rowOf = (body: { rows: { unit: { id: string }; self: boolean }[] }, id: string, self = false) =>
    body.rows.find((r) => r.unit.id === id && r.self === self) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  /** The fixture's teachers within a bucket: a school, or a district with its school and itself. */
  const within = (bucket: 'd1' | 'd2' | 's1' | 's2' | 'd1-self') =>
    PLANS.filter((p) =>
      bucket === 'd1'
        ? p.unit === 'd1' || p.unit === 's1'
        : bucket === 'd2'
          ? p.unit === 'd2' || p.unit === 's2'
          : bucket === 'd1-self'
            ? p.unit === 'd1'
            : p.unit === bucket,
    );
  const live = (p: Plan, lastYear = false) =>
    p.grants.filter((g) => !g.reversed && !!g.lastYear === lastYear);
  const hoursOf = (p: Plan, lastYear = false) => live(p, lastYear).reduce((a, g) => a + g.hours, 0);

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startTestApp(db);
    seed = await seedDemo(api, db);
    c = cast(seed);
    admin = await signIn(api, db, c.admin);
    chair = await signIn(api, db, c.chair);
    const post = async (path: string, body: unknown, who: Person = admin) => {
      const res = await who.call('POST', path, body);
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    units.d1 = (
      await post('/api/org-units', { name: '报表测试甲区', level: 'district', parentId: c.city.id })
    ).id;
    units.d2 = (
      await post('/api/org-units', { name: '报表测试乙区', level: 'district', parentId: c.city.id })
    ).id;
    units.s1 = (
      await post('/api/org-units', { name: '甲区第一中学', level: 'school', parentId: units.d1 })
    ).id;
    units.s2 = (
      await post('/api/org-units', { name: '乙区第一小学', level: 'school', parentId: units.d2 })
    ).id;
    for (const p of PLANS) {
      const username = `report.${p.key}`;
      await api.request('POST', '/api/users', {
        body: {
          username,
          displayName: p.name,
          orgUnit: units[p.unit],
          roles: ['teacher'],
          password: 'correct-horse-battery',
          tier: p.tier,
        },
        headers: bearer(await login(api, 'admin')),
      });
      teachers[p.key] = await signIn(api, db, {
        username,
        password: 'correct-horse-battery',
        roles: ['teacher'],
        orgUnit: units[p.unit],
        tier: p.tier,
      } as never);
    }
    // A district admin of 甲区, for the scope refusals.
    await post('/api/users', {
      username: 'report.dadmin',
      displayName: '甲区管理员',
      orgUnit: units.d1,
      roles: ['admin'],
      password: 'correct-horse-battery',
    });
    districtAdmin = await signIn(api, db, {
      username: 'report.dadmin',
      password: 'correct-horse-battery',
      roles: ['admin'],
      orgUnit: units.d1,
    } as never);

    // Hours: the ladder reactor opens each record first; a reversed grant is granted, then reversed.
    let n = 0;
    for (const p of PLANS) {
      const t = teachers[p.key]!;
      await until(`${p.key}'s ladder record`, async () =>
        (await admin.call('GET', `/api/teachers/${t.id}/progression`)).status === 200 ? true : null,
      );
      for (const g of p.grants) {
        n += 1;
        const granted = await post(`/api/teachers/${t.id}/hours`, {
          hours: g.hours,
          credits: g.credits,
          level: g.level,
          kind: 'activity',
          completedAt: iso(Date.now() - (g.lastYear ? 400 : 1) * day),
          source: { type: 'activity', id: `report-${n}`, approvingRecord: '报表测试' },
        });
        if (g.reversed) {
          const ledger = (await admin.call('GET', `/api/teachers/${t.id}/progression`)).body.ledger as {
            entryId: string;
            source: { id: string };
          }[];
          const entry = ledger.find((e) => e.source.id === `report-${n}`)!;
          await post(`/api/teachers/${t.id}/hours/${entry.entryId}/reversal`, { reason: '录入有误' });
        }
        void granted;
      }
    }

    // Applications at several stages.
    const calls: Record<string, string> = {};
    for (const kind of ['training_project', 'school_plan'] as const)
      calls[kind] = (
        await post(
          '/api/calls',
          {
            kind,
            orgUnit: c.city.id,
            title: `报表测试 ${kind}`,
            opensAt: iso(Date.now() - day),
            closesAt: iso(Date.now() + 60 * day),
          },
          chair,
        )
      ).id;
    const reviewers = await Promise.all(c.reviewers.slice(0, 3).map((r) => signIn(api, db, r)));
    const apply = async (
      key: string,
      who: string,
      kind: 'training_project' | 'school_plan',
      submit = true,
    ) => {
      const t = teachers[who]!;
      const draft = await post(
        '/api/applications',
        { callId: calls[kind], title: `报表申报 ${key}`, fields: fieldsFor[kind] },
        t,
      );
      if (submit) await post(`/api/applications/${draft.id}/submit`, undefined, t);
      const unit = PLANS.find((p) => p.key === who)!.unit as 's1' | 's2';
      apps[key] = { id: draft.id, unit, kind, stage: submit ? 'submitted' : 'draft' };
      return draft.id as string;
    };
    const review = async (id: string) => {
      await post(
        `/api/applications/${id}/reviewers`,
        { reviewers: reviewers.map((r) => ({ reviewerId: r.id })) },
        chair,
      );
      for (const r of reviewers)
        await post(`/api/applications/${id}/reviews`, { scores: rubricScores(85), comments: '同意' }, r);
    };
    await apply('submitted', 'a', 'school_plan');
    const approved = await apply('approved', 'b', 'training_project');
    await review(approved);
    await post(
      `/api/applications/${approved}/decision`,
      { decision: 'approve', rationale: '同意立项' },
      chair,
    );
    apps.approved!.stage = 'approved';
    const rejected = await apply('rejected', 'd', 'school_plan');
    await review(rejected);
    await post(
      `/api/applications/${rejected}/decision`,
      { decision: 'reject', rationale: '方案不完整' },
      chair,
    );
    apps.rejected!.stage = 'rejected';
    const sentBack = await apply('sentBack', 'd', 'training_project');
    await post(`/api/applications/${sentBack}/request-changes`, { reason: '请补充经费明细' }, chair);
    apps.sentBack!.stage = 'changes_requested';
    const withdrawn = await apply('withdrawn', 'c', 'school_plan');
    await post(`/api/applications/${withdrawn}/withdraw`, { reason: '暂不申报' }, teachers.c);
    apps.withdrawn!.stage = 'withdrawn';
    await apply('draft', 'a', 'school_plan', false);

    // The revision's due timer, fired now through the real worker: the step is marked overdue once.
    const queue = api.app.get(TIMER_QUEUE, { strict: false }) as TimerQueue;
    const due = await until('the revision due timer', async () => {
      const jobs = await queue.listJobs('delayed', 200);
      return (
        jobs.find(
          (j) =>
            j.data.step === 'revision' &&
            j.data.streamId === `application-${sentBack}` &&
            j.data.at === 'due',
        ) ?? null
      );
    });
    overdueDueAt = due.data.dueAt as string;
    await queue.promote(due.id);
    await until('the revision marked overdue', async () => {
      const res = await db.pool.query(
        `SELECT 1 FROM events WHERE stream_id = $1 AND type = 'RevisionOverdue'`,
        [`application-${sentBack}`],
      );
      return res.rowCount === 1 ? true : null;
    });
    await settled();
  }, 240_000);

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('层级分布: teachers per tier of each district, school and 本级; the rows add up to the unit', async () => {
    const expected = (plans: Plan[]) => ({
      teachers: plans.length,
      byTier: Object.fromEntries(TIERS.map((t) => [t, plans.filter((p) => p.tier === t).length])),
      unassigned: 0,
    });
    const city = await report('tiers', c.city.id);
    expect(rowOf(city, units.d1)).toMatchObject({ ...expected(within('d1')), hasChildren: true });
    expect(rowOf(city, units.d2)).toMatchObject(expected(within('d2')));
    expect(city.total.teachers).toBe(
      city.rows.reduce((a: number, r: { teachers: number }) => a + r.teachers, 0),
    );
    // The demo's 40 teachers plus the fixture's six.
    expect(city.total.teachers).toBe(
      seed.logins.filter((l) => l.roles.includes('teacher')).length + PLANS.length,
    );

    const d1 = await report('tiers', units.d1);
    expect(d1.unit).toEqual({ id: units.d1, name: '报表测试甲区', level: 'district' });
    expect(d1.total).toMatchObject(expected(within('d1')));
    expect(d1.rows.map((r: { unit: { name: string }; self: boolean }) => [r.unit.name, r.self])).toEqual([
      ['甲区第一中学', false],
      ['报表测试甲区', true],
    ]);
    expect(rowOf(d1, units.s1)).toMatchObject({ ...expected(within('s1')), hasChildren: false });
    expect(rowOf(d1, units.d1, true)).toMatchObject(expected(within('d1-self')));
  });

  it('学时完成: hours against 50 with every shortfall and its gap, net of reversals, by school year', async () => {
    const expected = (plans: Plan[], lastYear = false) => {
      const short = plans.filter((p) => hoursOf(p, lastYear) < REQUIRED);
      const total = plans.reduce((a, p) => a + hoursOf(p, lastYear), 0);
      return {
        teachers: plans.length,
        totalHours: r1(total),
        averageHours: plans.length ? r1(total / plans.length) : 0,
        met: plans.length - short.length,
        shortfallTeachers: short.length,
        shortfallHours: r1(short.reduce((a, p) => a + REQUIRED - hoursOf(p, lastYear), 0)),
        completionRate: pct(plans.length - short.length, plans.length),
      };
    };
    const d1 = await report('hours', units.d1);
    expect(d1.requiredHours).toBe(REQUIRED);
    expect(d1.total).toMatchObject(expected(within('d1')));
    expect(rowOf(d1, units.s1)).toMatchObject(expected(within('s1')));
    const shortList = within('d1')
      .filter((p) => hoursOf(p) < REQUIRED)
      .map((p) => ({ name: p.name, hours: hoursOf(p), gap: r1(REQUIRED - hoursOf(p)) }))
      .sort((a, b) => b.gap - a.gap);
    expect(
      d1.shortfalls.map((s: { name: string; hours: number; gap: number }) => ({
        name: s.name,
        hours: s.hours,
        gap: s.gap,
      })),
    ).toEqual(shortList);
    expect(d1.shortfalls[0].orgUnit).toEqual({ id: units.s1, name: '甲区第一中学' });

    const city = await report('hours', c.city.id);
    expect(rowOf(city, units.d2)).toMatchObject(expected(within('d2')));
    // Last school year: only the grant completed then counts.
    const before = await report('hours', units.d1, shiftSchoolYear(schoolYear, -1));
    expect(before.schoolYear).toBe(shiftSchoolYear(schoolYear, -1));
    expect(before.total).toMatchObject(expected(within('d1'), true));
  });

  it('学分结构: the credit split by level against 10/20/20/50', async () => {
    const expected = (plans: Plan[]) => {
      const by = (l: Level) =>
        plans
          .flatMap((p) => live(p))
          .filter((g) => g.level === l)
          .reduce((a, g) => a + g.credits, 0);
      const total = LEVELS.reduce((a, l) => a + by(l), 0);
      return {
        totalCredits: r2(total),
        credits: Object.fromEntries(LEVELS.map((l) => [l, r2(by(l))])),
        shares: Object.fromEntries(LEVELS.map((l) => [l, pct(by(l), total)])),
        gaps: Object.fromEntries(
          LEVELS.map((l) => [
            l,
            total === 0 ? 0 : r1(DEFAULT_POLICY.ladder.creditSplit[l] - pct(by(l), total)),
          ]),
        ),
      };
    };
    const city = await report('credits', c.city.id);
    expect(city.targets).toEqual(DEFAULT_POLICY.ladder.creditSplit);
    expect(rowOf(city, units.d1)).toMatchObject(expected(within('d1')));
    expect(rowOf(city, units.d2)).toMatchObject(expected(within('d2')));
    // Only the fixture's teachers have credits: the city's split is theirs.
    expect(city.total).toMatchObject(expected(PLANS));
    const d2 = await report('credits', units.d2);
    expect(rowOf(d2, units.s2)).toMatchObject(expected(within('s2')));
  });

  it('申报统计: applications by kind and stage, approval rate and average review time', async () => {
    const submittedAndDecided = async (id: string) => {
      const res = await db.pool.query<{ type: string; data: Record<string, string> }>(
        `SELECT type, data FROM events WHERE stream_id = $1 AND type IN ('ApplicationSubmitted', 'ApplicationDecided') ORDER BY seq`,
        [`application-${id}`],
      );
      const submitted = res.rows.filter((r) => r.type === 'ApplicationSubmitted').at(-1)!.data.submittedAt!;
      const decided = res.rows.find((r) => r.type === 'ApplicationDecided')!.data.decidedAt!;
      return Date.parse(decided) - Date.parse(submitted);
    };
    const counted = Object.values(apps).filter((a) => a.stage !== 'draft');
    const expected = async (list: typeof counted) => {
      const stages = ['submitted', 'in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn'];
      const decided = list.filter((a) => a.stage === 'approved' || a.stage === 'rejected');
      const times = await Promise.all(decided.map((a) => submittedAndDecided(a.id)));
      const approved = list.filter((a) => a.stage === 'approved').length;
      return {
        applications: list.length,
        stages: Object.fromEntries(stages.map((s) => [s, list.filter((a) => a.stage === s).length])),
        decided: decided.length,
        approvalRate: pct(approved, decided.length),
        averageReviewDays: decided.length
          ? r1(times.reduce((a, b) => a + b, 0) / decided.length / day)
          : null,
      };
    };
    const city = await report('applications', c.city.id);
    expect(city.total).toMatchObject(await expected(counted));
    expect(rowOf(city, units.d1)).toMatchObject(await expected(counted.filter((a) => a.unit === 's1')));
    expect(rowOf(city, units.d2)).toMatchObject(await expected(counted.filter((a) => a.unit === 's2')));
    for (const kind of ['training_project', 'school_plan'])
      expect(city.byKind.find((k: { kind: string }) => k.kind === kind)).toMatchObject(
        await expected(counted.filter((a) => a.kind === kind)),
      );
    expect(city.total.approvalRate).toBe(50);
  });

  it('逾期事项: the revision the timer marked overdue, in its district and school, still open', async () => {
    const city = await report('overdue', c.city.id);
    expect(city.total).toMatchObject({
      overdue: 1,
      open: 1,
      steps: { review: 0, revision: 1, annual_summary: 0 },
    });
    expect(rowOf(city, units.d2)).toMatchObject({ overdue: 1, open: 1 });
    expect(rowOf(city, units.d1)).toMatchObject({ overdue: 0, open: 0 });
    expect(city.items).toEqual([
      expect.objectContaining({
        step: 'revision',
        applicationId: apps.sentBack!.id,
        kind: 'training_project',
        title: '报表申报 sentBack',
        orgUnit: { id: units.s2, name: '乙区第一小学' },
        dueAt: new Date(overdueDueAt).toISOString(),
        resolvedAt: null,
      }),
    ]);
    const s2 = await report('overdue', units.s2);
    expect(s2.total.overdue).toBe(1);
    // A school has no units below: its own records are its one row, 本级.
    expect(s2.rows).toEqual([
      expect.objectContaining({ self: true, overdue: 1, unit: expect.objectContaining({ id: units.s2 }) }),
    ]);
  });

  it('rebuilds the credit and overdue read models from the log to the same reports', async () => {
    const reports = async () =>
      Promise.all([report('credits', c.city.id), report('overdue', c.city.id)]).then((all) =>
        all.map(({ generatedAt: _, items, ...rest }) => ({
          ...rest,
          items: items?.map(({ daysOverdue: _d, ...i }: Record<string, unknown>) => i),
        })),
      );
    const before = await reports();
    await rebuildProjection(db.pool, teacherCreditsProjection);
    await rebuildProjection(db.pool, overdueStepsProjection);
    expect(await reports()).toEqual(before);
  });

  it('keeps an admin to their unit and below: 403 outside, 404 for no such unit, teachers refused', async () => {
    expect((await get(districtAdmin, `/api/reports/tiers?orgUnit=${units.s1}`)).status).toBe(200);
    const own = await get(districtAdmin, '/api/reports/hours');
    expect(own.status).toBe(200);
    expect(own.body.unit.id).toBe(units.d1);
    for (const unit of [c.city.id, units.d2, units.s2]) {
      const res = await get(districtAdmin, `/api/reports/tiers?orgUnit=${unit}`);
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await get(districtAdmin, `/api/reports/hours/export?orgUnit=${units.d2}`)).status).toBe(403);
    expect((await get(admin, '/api/reports/tiers?orgUnit=no-such-unit')).status).toBe(404);
    expect((await get(teachers.a!, '/api/reports/tiers')).status).toBe(403);
  });

  it('answers 400 problem+json naming the field for a bad orgUnit, schoolYear or report', async () => {
    const cases: [string, string][] = [
      ['/api/reports/tiers?orgUnit=%E4%B8%8D%20ok', 'orgUnit'],
      ['/api/reports/hours?schoolYear=2026', 'schoolYear'],
      ['/api/reports/hours?schoolYear=2026-2028', 'schoolYear'],
      [`/api/reports/credits?schoolYear=${shiftSchoolYear(schoolYear, 2)}`, 'schoolYear'],
      ['/api/reports/nothing/export', 'name'],
    ];
    for (const [path, field] of cases) {
      const res = await get(admin, path, { 'accept-language': 'zh-CN' });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
      expect(res.body.errors[0].message).toMatch(/[\u4e00-\u9fff]/);
    }
    const en = await get(admin, '/api/reports/hours?schoolYear=2026-2028');
    expect(en.body.errors[0].message).toBe('schoolYear must look like 2026-2027');
  });

  it('exports a report as .xlsx with Chinese headers whose 合计 matches the JSON', async () => {
    const json = await report('hours', units.d1);
    const res = await fetch(
      `${api.url}/api/reports/hours/export?orgUnit=${units.d1}&schoolYear=${schoolYear}`,
      {
        headers: bearer(admin.token),
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const disposition = decodeURIComponent(res.headers.get('content-disposition') ?? '');
    expect(disposition).toMatch(/filename\*=UTF-8''统计报表_学时完成_\d{8}-\d{4}\.xlsx/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.getWorksheet('学时完成')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['单位', '级别', '教师人数']);
    const col = (name: string) => header.indexOf(name) + 1;
    const rows = ws.getSheetValues().slice(2) as unknown[][];
    const total = rows.find((r) => r?.[1] === '合计')!;
    expect(total[col('教师人数')]).toBe(json.total.teachers);
    expect(total[col('未达标人数')]).toBe(json.total.shortfallTeachers);
    expect(total[col('缺口学时合计')]).toBe(json.total.shortfallHours);
    expect(rows.find((r) => r?.[1] === '甲区第一中学')![col('学时合计')]).toBe(
      rowOf(json, units.s1).totalHours,
    );
    const list = wb.getWorksheet('学时未达标教师')!;
    expect(list.rowCount - 1).toBe(json.shortfalls.length);
    expect(wb.getWorksheet('说明')!.getCell('B3').value).toBe(`${schoolYear} 学年`);
  });
});
