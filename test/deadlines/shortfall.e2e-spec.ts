import type { DemoSeedResult } from '#libs/identity';
import { TIMER_QUEUE, timerJobId, type ShortfallTimer, type TimerQueue } from '#libs/deadlines';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { TimerFiring } from '../../apps/worker/src/timers/timer.processor.js';
import { TimerReconciler } from '../../apps/worker/src/timers/timer-reconciler.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { bearer, login, seedDemo } from '../identity/support/identity-test-app.js';
import { cast, signIn, type Person } from '../approval/support.js';
import { dropQueueKeys, until as waitUntil } from '../support/until.js';
import { TestSmtp } from './support/smtp.js';

/** This suite's patience: 30 s, polling every 50 ms. */
const until = <T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 30_000) =>
  waitUntil(what, probe, ms, 50);

// DOMAIN.md "Hours and credits": the annual shortfall is visible before the year ends, with reminders.
// In the last month of a school year (September–August, Beijing time) every teacher under the policy's
// annual hours (seed 003 §二(四), 50 by default) is reminded, and in the last month of a semester
// (September–January, February–August) every teacher under its ethics-study hours (seed 002 (一)2, 10
// by default) — once each, with their numbers, through the durable timers. Over the real app (API and
// worker) with the timers on real Redis and on BullMQ's PostgreSQL backend. The reminders are months
// away, so, as the other timer suites do, a timer is checked for its time and then moved to "now" with
// BullMQ's promote: the real worker fires it through the real command path.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const FROM_DOMAIN = 'qingxi.example.cn';
const HOUR = 3_600_000;
// Tokens outlive the restart below only when both processes sign with the same key.
const AUTH_SECRET = 'shortfall-suite-token-key-0123456789abcdef';

/** 09:00 Beijing time on the first day of a month (`month` 0-based, may be 12). */
const nineAmBeijing = (year: number, month: number) => new Date(Date.UTC(year, month, 1, 9) - 8 * HOUR);

/**
 * The periods `now` is in, worked out here from the calendar (not from the product's code): the school
 * year starting in September and the semester, both in Beijing time.
 */
function periodsAt(now: Date) {
  const cst = new Date(now.getTime() + 8 * HOUR);
  const month = cst.getUTCMonth();
  const start = month >= 8 ? cst.getUTCFullYear() : cst.getUTCFullYear() - 1;
  const schoolYear = `${start}-${start + 1}`;
  const firstSemester = month >= 8 || month === 0;
  return {
    schoolYear,
    semester: `${schoolYear}/${firstSemester ? 1 : 2}`,
    nextSemester: firstSemester ? `${schoolYear}/2` : `${start + 1}-${start + 2}/1`,
    // The last month of a school year is August; of semester 1 January, of semester 2 August.
    annualFiresAt: nineAmBeijing(start + 1, 7),
    semesterFiresAt: firstSemester ? nineAmBeijing(start + 1, 0) : nineAmBeijing(start + 1, 7),
    nextSemesterFiresAt: firstSemester ? nineAmBeijing(start + 1, 7) : nineAmBeijing(start + 2, 0),
    nextAnnual: `${start + 1}-${start + 2}`,
    nextAnnualFiresAt: nineAmBeijing(start + 2, 7),
  };
}

interface Item {
  id: string;
  kind: string;
  label: { zh: string; en: string };
  title: { zh: string; en: string };
  subject: { kind: string; id: string; title: string | null } | null;
  details: Record<string, unknown> | null;
  dueAt: string | null;
}

describe.each([['redis'], ['postgres']] as const)('shortfall reminders with timers on %s', (backend) => {
  const smtp = new TestSmtp();
  const env: Record<string, string> = {};
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let queue: TimerQueue;
  let firing: TimerFiring;
  let admin: Person;
  /** Meets both: 50 hours this year, 12 of ethics study this semester. */
  let ample: Person;
  /** 32 hours this year (28 of training, 4 of ethics study). */
  let short: Person;
  /** 50 hours this year, 10 of them ethics study: short of the 12 the published policy asks. */
  let onTheLine: Person;
  let erasedId: string;
  let teacherIds: string[];
  const p = periodsAt(new Date());
  const annualId = `shortfall-annual_hours|${p.schoolYear}`;
  const semesterId = `shortfall-ethics_study|${p.semester}`;
  const address = (name: string) => `${name}.${backend}@teachers.example.cn`;

  const sent = async (key: string) =>
    (
      await db.pool.query<{ recipient: string; data: Record<string, unknown> }>(
        `SELECT data->>'recipientId' AS recipient, data FROM events
          WHERE type = 'NotificationSent' AND data->>'key' = $1 ORDER BY seq`,
        [key],
      )
    ).rows;
  const shortfallsSent = async () =>
    (
      await db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM events WHERE type = 'NotificationSent' AND data->>'kind' LIKE '%_shortfall'`,
      )
    ).rows[0]!.n;
  const fire = async (id: string) => {
    await queue.promote(id);
    return until(`${id} fired`, async () => {
      const s = await queue.state(id);
      return s === 'completed' || s === 'failed' ? s : null;
    });
  };
  const inbox = async (who: Person, kind: string): Promise<Item[]> => {
    const res = await who.call('GET', '/api/notifications');
    expect(res.status).toBe(200);
    return (res.body.items as Item[]).filter((i) => i.kind === kind);
  };
  /** Who should be told: every teacher whose progression page shows the obligation unmet, but the erased one. */
  const unmet = async (obligation: 'annual_hours' | 'ethics_study') => {
    const out: Array<{ id: string; required: number; current: number }> = [];
    for (const id of teacherIds) {
      if (id === erasedId) continue;
      const res = await admin.call('GET', `/api/teachers/${id}/progression`);
      expect(res.status).toBe(200);
      const o = (res.body.obligations as Array<{ key: string; required: number; current: number }>).find(
        (x) => x.key === obligation,
      )!;
      if (o.current < o.required) out.push({ id, required: o.required, current: o.current });
    }
    return out;
  };
  const grant = async (who: Person, hours: number, kind: 'activity' | 'ethics_study', ref: string) => {
    const res = await admin.call('POST', `/api/teachers/${who.id}/hours`, {
      hours,
      level: 'school',
      kind,
      completedAt: new Date(Date.now() - 60_000).toISOString(),
      source: { type: 'activity', id: `${ref}-${who.id}`, approvingRecord: '校本研修登记' },
    });
    expect(res.status).toBe(200);
  };
  async function register(username: string, email: string, locale: string): Promise<Person> {
    const c = cast(seed);
    const res = await admin.call('POST', '/api/users', {
      username,
      displayName: `教师 ${username}`,
      password: `demo-${username}`,
      orgUnit: c.schools[2]!.id,
      roles: ['teacher'],
      tier: 'young',
      email,
      locale,
    });
    expect(res.status).toBe(201);
    const token = await login(api, username);
    return {
      login: { username, password: `demo-${username}` } as Person['login'],
      id: res.body.id as string,
      token,
      call: (method, path, b, headers = {}) =>
        api.request(method, path, { body: b, headers: { ...bearer(token), ...headers } }),
    };
  }
  const start = async () => {
    api = await startTestApp(db, { env });
    queue = api.app.get(TIMER_QUEUE, { strict: false });
    firing = api.app.get(TimerFiring, { strict: false });
    expect(queue.backend).toBe(backend);
  };

  beforeAll(async () => {
    await smtp.start();
    db = await createPostgresTestDatabase();
    Object.assign(env, {
      ...(backend === 'redis' ? { REDIS_URL } : {}),
      AUTH_SECRET,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_FROM: `青溪市教师发展中心 <noreply@${FROM_DOMAIN}>`,
      SMTP_RETRY_DELAY_MS: '200',
    });
    await start();
    seed = await seedDemo(api, db);
    const c = cast(seed);
    admin = await signIn(api, db, c.admin);
    ample = await register(`ample.${backend}`, address('ample'), 'en');
    short = await register(`short.${backend}`, address('short'), 'zh-CN');
    onTheLine = await register(`line.${backend}`, address('line'), 'zh-CN');
    // Every teacher, from the directory (signing 40 people in at once would trip the login throttle).
    teacherIds = (
      await db.pool.query<{ id: string }>(`SELECT id FROM users WHERE 'teacher' = ANY (roles) ORDER BY id`)
    ).rows.map((r) => r.id);
    expect(teacherIds).toEqual(expect.arrayContaining([ample.id, short.id, onTheLine.id]));
    await until('every teacher’s ladder record', async () => {
      const n = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM teacher_progress`);
      return n.rows[0]!.n === teacherIds.length;
    });
    await grant(ample, 38, 'activity', 'a1');
    await grant(ample, 12, 'ethics_study', 'a2');
    await grant(short, 28, 'activity', 's1');
    await grant(short, 4, 'ethics_study', 's2');
    await grant(onTheLine, 40, 'activity', 'l1');
    await grant(onTheLine, 10, 'ethics_study', 'l2');
    // The office asks for 12 hours of ethics study a semester from now on; the annual hours stay 50.
    const current = (await admin.call('GET', '/api/policies/current')).body;
    const published = await admin.call('POST', '/api/policies', {
      policy: {
        ...current,
        version: `ethics-12-${backend}`,
        ladder: { ...current.ladder, ethicsStudyHoursPerSemester: 12 },
      },
    });
    expect(published.status).toBe(201);
    // A teacher whose personal data was erased is nobody to remind.
    erasedId = (await signIn(api, db, c.teachers[5]!)).id;
    const erased = await admin.call('POST', `/api/users/${erasedId}/erasure`, {
      reason: '本人申请删除个人信息',
      legalBasis: '个人信息保护法第四十七条',
    });
    expect(erased.status).toBe(200);
    await until('the users read model to see the erasure', async () => {
      const r = await db.pool.query(`SELECT 1 FROM users WHERE id = $1 AND erased_at IS NOT NULL`, [
        erasedId,
      ]);
      return (r.rowCount ?? 0) > 0;
    });
  }, 180_000);

  afterAll(async () => {
    const dbUrl = db?.url;
    await api?.close();
    await db?.drop();
    await smtp.stop();
    if (backend === 'redis' && dbUrl) await dropQueueKeys(REDIS_URL, dbUrl);
  });

  it('schedules each reminder for 09:00 Beijing time on the first day of the period’s last month', async () => {
    const expected: Array<[string, Date]> = [
      [annualId, p.annualFiresAt],
      [`shortfall-annual_hours|${p.nextAnnual}`, p.nextAnnualFiresAt],
      [semesterId, p.semesterFiresAt],
      [`shortfall-ethics_study|${p.nextSemester}`, p.nextSemesterFiresAt],
    ];
    for (const [id, at] of expected) {
      const job = await until(`timer ${id}`, () => queue.job(id));
      expect(await job.getState()).toBe('delayed');
      const t = job.data as ShortfallTimer;
      expect(t.fireAt).toBe(at.toISOString());
      // Delayed until then (BullMQ counts the delay from when the job was added).
      expect(Math.abs(job.timestamp + job.delay - at.getTime())).toBeLessThan(2000);
      expect(timerJobId(t)).toBe(id);
    }
    const shortfallJobs = (await queue.listJobs('delayed', 500)).filter((j) => j.data.kind === 'shortfall');
    expect(shortfallJobs.map((j) => j.id).sort()).toEqual(expected.map(([id]) => id).sort());
  });

  it('reminds every teacher under the annual hours once, with their numbers: 「本学年已完成 32 学时，还差 18 学时」', async () => {
    const expected = await unmet('annual_hours');
    const ids = expected.map((e) => e.id);
    expect(ids).toContain(short.id);
    expect(ids).not.toContain(ample.id);
    expect(ids).not.toContain(onTheLine.id); // exactly 50: met
    expect(await fire(annualId)).toBe('completed');
    const rows = await until('the reminders', async () => {
      const got = await sent(annualId);
      return got.length >= expected.length ? got : null;
    });
    expect(rows.map((r) => r.recipient).sort()).toEqual(ids.sort());
    for (const r of rows) {
      const e = expected.find((x) => x.id === r.recipient)!;
      expect(r.data).toMatchObject({
        kind: 'annual_hours_shortfall',
        details: { period: p.schoolYear, completed: e.current, required: 50, missing: 50 - e.current },
      });
    }

    const [item] = await until('the reminder in the inbox', async () => {
      const got = await inbox(short, 'annual_hours_shortfall');
      return got.length ? got : null;
    });
    expect(item).toMatchObject({
      label: { zh: '学时不足提醒', en: 'Training hours shortfall' },
      title: {
        zh: '学时不足提醒：本学年已完成 32 学时，还差 18 学时',
        en: 'Hours reminder: 32 of 50 hours this school year, 18 to go',
      },
      subject: { kind: 'teacher', id: short.id, title: null },
      details: { period: p.schoolYear, completed: 32, required: 50, missing: 18 },
    });
    const [mail] = await until('the email', async () =>
      smtp.to(address('short')).length ? smtp.to(address('short')) : null,
    );
    expect(mail!.mail.subject).toBe('学时不足提醒：本学年已完成 32 学时，还差 18 学时');
    expect(mail!.mail.text).toContain(`${p.schoolYear} 学年将于`);
    expect(mail!.mail.text).toContain('每学年不少于 50 学时');
    expect(await inbox(ample, 'annual_hours_shortfall')).toEqual([]);
    expect(smtp.to(address('ample'))).toEqual([]);

    // Fired again — a retry, an operator's second "fire now": nobody is told twice.
    const job = await queue.job(annualId);
    expect(await firing.fire(job!.data, annualId)).toEqual({ recorded: 0 });
    expect(await sent(annualId)).toHaveLength(expected.length);
  });

  it('reminds every teacher under the policy’s ethics-study hours of the semester, once', async () => {
    const expected = await unmet('ethics_study');
    expect(expected.find((e) => e.id === onTheLine.id)).toEqual({
      id: onTheLine.id,
      required: 12,
      current: 10,
    });
    expect(expected.map((e) => e.id)).not.toContain(ample.id);
    expect(await fire(semesterId)).toBe('completed');
    const rows = await until('the reminders', async () => {
      const got = await sent(semesterId);
      return got.length >= expected.length ? got : null;
    });
    expect(rows.map((r) => r.recipient).sort()).toEqual(expected.map((e) => e.id).sort());
    const [item] = await until('the reminder in the inbox', async () => {
      const got = await inbox(onTheLine, 'ethics_study_shortfall');
      return got.length ? got : null;
    });
    expect(item).toMatchObject({
      label: { zh: '师德学习学时不足提醒', en: 'Ethics study shortfall' },
      title: {
        zh: '师德学习提醒：本学期已完成 10 学时，还差 2 学时',
        en: 'Ethics study reminder: 10 of 12 hours this semester, 2 to go',
      },
      details: { period: p.semester, completed: 10, required: 12, missing: 2 },
    });
    expect(rows.find((r) => r.recipient === short.id)!.data).toMatchObject({
      details: { completed: 4, required: 12, missing: 8 },
    });
    const mails = await until('the second email', async () =>
      smtp.to(address('short')).length === 2 ? smtp.to(address('short')) : null,
    );
    expect(mails[1]!.mail.subject).toBe('师德学习提醒：本学期已完成 4 学时，还差 8 学时');
  });

  it('adds nothing on a reconcile or a restart, and restores lost reminders without telling anyone twice', async () => {
    const before = await shortfallsSent();
    const reconciler = () => api.app.get(TimerReconciler, { strict: false });
    // The fired timers are kept (completed), the others pending: nothing to add.
    const again = await reconciler().run();
    expect(again.added).toBe(0);

    // The queue loses every shortfall timer, fired or not; the reconciler puts back each one still due.
    const ids = (await queue.listJobs('delayed', 500))
      .filter((j) => j.data.kind === 'shortfall')
      .map((j) => j.id)
      .concat([annualId, semesterId]);
    for (const id of ids) await (await queue.job(id))?.remove();
    expect((await reconciler().run()).added).toBe(ids.length);
    expect(await queue.state(annualId)).toBe('delayed');
    expect((await reconciler().run()).added).toBe(0);

    // The worker restarts (its start reconciles the timers too), and the restored reminder fires again:
    // everyone it would remind has been reminded.
    await api.close();
    await start();
    expect(await fire(annualId)).toBe('completed');
    expect((await queue.job(annualId))!.returnvalue).toEqual({ recorded: 0 });
    expect(await fire(semesterId)).toBe('completed');
    await new Promise((r) => setTimeout(r, 500));
    expect(await shortfallsSent()).toBe(before);
    expect(smtp.to(address('short'))).toHaveLength(2);
  });

  it('tells each teacher once when two workers fire the same reminder at the same time', async () => {
    const second = await startTestApp(db, { env });
    try {
      const id = `shortfall-ethics_study|${p.nextSemester}`;
      const timer = (await queue.job(id))!.data as ShortfallTimer;
      // Fired early by hand (nobody has any hours in a semester still to come), by both workers at once.
      const [a, b] = await Promise.all([
        firing.fire(timer, id),
        second.app.get(TimerFiring, { strict: false }).fire(timer, id),
      ]);
      const rows = await sent(id);
      expect(rows).toHaveLength(teacherIds.length - 1); // everyone but the erased teacher
      expect(new Set(rows.map((r) => r.recipient)).size).toBe(rows.length);
      expect(a.recorded + b.recorded).toBe(rows.length);
    } finally {
      await second.close();
    }
  });

  it('reminds nobody of a period that has ended, and the reconciler drops its timer', async () => {
    const year = Number(p.schoolYear.slice(0, 4));
    const before = await shortfallsSent();
    // The school year before this one, whose reminder was due last August: fired only now (the worker was
    // down through its last month and the year has ended), it tells nobody.
    const late: ShortfallTimer = {
      kind: 'shortfall',
      step: 'annual_hours',
      occurrence: `${year - 1}-${year}`,
      dueAt: new Date(Date.UTC(year, 8, 1) - 8 * HOUR).toISOString(),
      fireAt: nineAmBeijing(year, 7).toISOString(),
      at: 'last-month',
      correlationId: 'late',
    };
    const id = await queue.schedule(late, new Date());
    expect(id).toBe(`shortfall-annual_hours|${year - 1}-${year}`);
    await until(`${id} fired`, async () => ((await queue.state(id)) === 'completed' ? true : null));
    expect((await queue.job(id))!.returnvalue).toEqual({ recorded: 0 });
    expect(await shortfallsSent()).toBe(before);
    // One still pending (restored from an old backup, say) is not wanted any more: the reconciler removes it.
    const stale = {
      ...late,
      occurrence: `${year - 2}-${year - 1}`,
      fireAt: new Date(Date.now() + HOUR).toISOString(),
    };
    const staleId = await queue.schedule(stale, new Date());
    expect(await queue.state(staleId)).toBe('delayed');
    const result = await api.app.get(TimerReconciler, { strict: false }).run();
    expect(result.removed).toBeGreaterThanOrEqual(1);
    expect(await queue.state(staleId)).toBeNull();
  });
});
