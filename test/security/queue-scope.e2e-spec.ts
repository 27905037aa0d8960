import { TIMER_QUEUE, type TimerQueue } from '#libs/deadlines';
import type { DemoLogin } from '#libs/identity';
import { createPostgresTestDatabase } from '#testing/platform';
import { fieldsFor, signIn, type Person } from '../approval/support.js';
import { until } from '../support/until.js';
import { startSeededApp, type SeededApp } from './support.js';

type Job = { id: string; data: { applicationId: string | null; streamId: string | null } };

// Any admin saw every job of the queue console, whatever their unit. DOMAIN.md "People and roles": an
// admin sees only their org unit and the units below it — so the console shows each admin the jobs for
// entities of their subtree: a district admin the timers of their district's office and of
// applications from its schools, not the city's call, another district's or the province's.
describe('the queue console is scoped to the admin’s unit (real PostgreSQL)', () => {
  let s: SeededApp;
  let queue: TimerQueue;
  let districtA: Person; // over the applicant's school
  let districtB: Person;
  let applicationId: string;
  let callId: string;
  const unit = (level: string, n = 0) => s.seed.orgUnits.filter((u) => u.level === level)[n]!;

  beforeAll(async () => {
    s = await startSeededApp(await createPostgresTestDatabase());
    queue = s.api.app.get(TIMER_QUEUE, { strict: false });
    const applicantSchool = s.seed.orgUnits.find((u) => u.id === s.teacher.login.orgUnit)!;
    const [a, b] = [
      applicantSchool.parentId!,
      s.seed.orgUnits.find((u) => u.level === 'district' && u.id !== applicantSchool.parentId)!.id,
    ];
    const admins: Person[] = [];
    for (const [name, orgUnit] of [
      ['district.a', a],
      ['district.b', b],
    ] as const) {
      const created = await s.admin.call('POST', '/api/users', {
        username: name,
        displayName: name,
        orgUnit,
        roles: ['admin'],
        password: `pw-${name}-12345`,
      });
      expect(created.status).toBe(201);
      const login = {
        username: name,
        password: `pw-${name}-12345`,
        orgUnit,
        roles: ['admin'],
      } as unknown as DemoLogin;
      admins.push(await signIn(s.api, s.db, login));
    }
    [districtA, districtB] = admins as [Person, Person];

    const day = 86_400_000;
    const call = await s.chair.call('POST', '/api/calls', {
      kind: 'school_plan',
      orgUnit: unit('city').id,
      title: '校本研修方案申报',
      opensAt: new Date(Date.now() - day).toISOString(),
      closesAt: new Date(Date.now() + 30 * day).toISOString(),
    });
    expect(call.status).toBe(201);
    callId = call.body.id;
    const draft = await s.teacher.call('POST', '/api/applications', {
      callId,
      title: '方案',
      fields: fieldsFor.school_plan,
    });
    applicationId = draft.body.id;
    expect((await s.teacher.call('POST', `/api/applications/${applicationId}/submit`)).status).toBe(200);
    const reviewers = s.seed.logins
      .filter((l) => l.roles.includes('reviewer') && l.orgUnit !== s.teacher.login.orgUnit)
      .slice(0, 2);
    const assigned = await s.chair.call('POST', `/api/applications/${applicationId}/reviewers`, {
      reviewers: (await Promise.all(reviewers.map((r) => signIn(s.api, s.db, r)))).map((r) => ({
        reviewerId: r.id,
      })),
    });
    expect(assigned.status).toBe(200);
    // 8 review timers, 3 of the call's window, 4 annual-summary timers for each of 4 offices; and the
    // audit log (which knows each stream's unit) has every event.
    await until('the timers', async () => ((await queue.counts()).delayed ?? 0) >= 27, 30_000);
    await until(
      'the audit log',
      async () => {
        const r = await s.db.pool.query(
          'SELECT (SELECT count(*) FROM events) = (SELECT count(*) FROM audit_log) AS ok',
        );
        return r.rows[0].ok as boolean;
      },
      30_000,
    );
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  const delayed = async (who: Person): Promise<Job[]> => {
    const res = await who.call('GET', '/api/admin/queues/jobs?state=delayed&limit=200');
    expect(res.status).toBe(200);
    return res.body.items as Job[];
  };
  const counted = async (who: Person): Promise<number> => {
    const res = await who.call('GET', '/api/admin/queues');
    expect(res.status).toBe(200);
    return res.body.queues[0].counts.delayed as number;
  };
  /** An office's annual-summary timers (stream `annualsummary-<year>-<unit>`). */
  const isSummaryOf = (j: Job, unitId: string) =>
    /^annualsummary-\d{4}-/.test(j.data.streamId ?? '') && j.data.streamId!.endsWith(`-${unitId}`);
  const summaryOf = (jobs: Job[], unitId: string) => jobs.filter((j) => isSummaryOf(j, unitId)).length;

  it('shows a district admin the jobs of their district and its schools only', async () => {
    const a = await delayed(districtA);
    expect(a.filter((j) => j.data.applicationId === applicationId)).toHaveLength(8);
    expect(summaryOf(a, districtA.login.orgUnit)).toBe(4);
    expect(a).toHaveLength(12);
    expect(await counted(districtA)).toBe(12);

    const b = await delayed(districtB);
    expect(b).toHaveLength(4);
    expect(summaryOf(b, districtB.login.orgUnit)).toBe(4);
    expect(await counted(districtB)).toBe(4);
  });

  it('shows the city admin the city and both districts, not the province above it', async () => {
    const city = await delayed(s.admin);
    expect(city.filter((j) => j.data.applicationId === applicationId)).toHaveLength(8);
    expect(city.filter((j) => j.data.streamId === `call-${callId}`)).toHaveLength(3);
    for (const u of [unit('city').id, districtA.login.orgUnit, districtB.login.orgUnit])
      expect(summaryOf(city, u)).toBe(4);
    expect(summaryOf(city, unit('province').id)).toBe(0);
    expect(city).toHaveLength(23);
    expect(await counted(s.admin)).toBe(23);
  });

  it('keeps the limit within the admin’s scope', async () => {
    const res = await districtB.call('GET', '/api/admin/queues/jobs?state=delayed&limit=2');
    expect(res.body.items).toHaveLength(2);
    for (const j of res.body.items as Job[]) expect(isSummaryOf(j, districtB.login.orgUnit)).toBe(true);
  });
});
