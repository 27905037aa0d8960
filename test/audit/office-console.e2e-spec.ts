import type { DemoSeedResult } from '#libs/identity';
import { DEFAULT_POLICY } from '#libs/policy';
import { TIMER_QUEUE, type TimerQueue } from '#libs/deadlines';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { seedDemo, login, bearer } from '../identity/support/identity-test-app.js';
import { cast, day, iso, signIn, type Person } from '../approval/support.js';
import { until } from '../support/until.js';

/**
 * The API behind the office console's audit, policy and queue pages (UI.md §5 操作日志, 政策配置, 任务队列),
 * over HTTP on real PostgreSQL with the worker firing timers: verification with progress, the policy
 * versions and their diff, and the retry of a failed job (run once, recorded, refused in Chinese when
 * it cannot be done).
 */
describe('office console: verification progress, policy versions and diff, job retry', () => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let queue: TimerQueue;
  let admin: Person;
  let chair: Person;
  let districtAdmin: string;

  const zh = { 'accept-language': 'zh-CN' };
  const RETRY = '/api/admin/queues/deadlines/retry';

  /** The progress stream as its lines, parsed. */
  async function verifyLines(token: string): Promise<Array<Record<string, unknown>>> {
    const res = await fetch(`${api.url}/api/audit/verify/progress`, {
      method: 'POST',
      headers: bearer(token),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const text = await res.text();
    return text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startTestApp(db, { env: {} });
    queue = api.app.get(TIMER_QUEUE, { strict: false });
    seed = await seedDemo(api, db);
    const c = cast(seed);
    admin = await signIn(api, db, c.admin);
    chair = await signIn(api, db, c.chair);
    const created = await admin.call('POST', '/api/users', {
      username: 'admin.district',
      displayName: '区县管理员',
      orgUnit: c.districts[0]!.id,
      roles: ['admin'],
      password: 'correct-horse-battery',
    });
    expect(created.status).toBe(201);
    districtAdmin = await login(api, 'admin.district', 'correct-horse-battery');
  }, 180_000);

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  describe('chain verification with progress', () => {
    it('streams progress lines that climb to the total, then the report, and records the read', async () => {
      const total = Number(
        (await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n,
      );
      const lines = await verifyLines(admin.token);
      const progress = lines.filter((l) => l.type === 'progress');
      const last = lines[lines.length - 1]!;
      expect(lines[0]).toEqual({ type: 'progress', checked: 0, total });
      // About twenty steps: the demo's log is walked in batches, each reported.
      expect(progress.length).toBeGreaterThanOrEqual(4);
      const checked = progress.map((p) => p.checked as number);
      expect([...checked].sort((a, b) => a - b)).toEqual(checked);
      expect(checked[checked.length - 1]).toBe(total);
      expect(last).toMatchObject({ type: 'report', ok: true, checked: total, findings: [] });
      expect(last.streams).toBeGreaterThan(10);
      const reads = await db.pool.query(
        `SELECT 1 FROM events WHERE type = 'AuditRead' AND data->>'endpoint' = 'POST /api/audit/verify/progress'`,
      );
      expect(reads.rowCount).toBe(1);
    });

    it('reports an altered event with its stream, version and position', async () => {
      const victim = (
        await db.pool.query<{ stream_id: string; version: string; seq: string; tx: string }>(
          `SELECT stream_id, version::text, seq::text, tx_id::text AS tx FROM events
            WHERE type = 'OrgUnitCreated' ORDER BY seq LIMIT 1`,
        )
      ).rows[0]!;
      const original = (
        await db.pool.query<{ data: unknown }>('SELECT data FROM events WHERE seq = $1', [victim.seq])
      ).rows[0]!.data;
      await db.pool.query(
        `UPDATE events SET data = jsonb_set(data, '{title}', '"篡改后的标题"') WHERE seq = $1`,
        [victim.seq],
      );
      try {
        const report = (await verifyLines(admin.token)).pop()!;
        expect(report).toMatchObject({ type: 'report', ok: false });
        expect(report.findings).toEqual([
          expect.objectContaining({
            kind: 'altered',
            streamId: victim.stream_id,
            version: Number(victim.version),
            position: `${victim.tx}.${victim.seq}`,
          }),
        ]);
      } finally {
        // Put it back: the hashes were never touched, so the chain is whole again.
        await db.pool.query('UPDATE events SET data = $2 WHERE seq = $1', [victim.seq, original]);
      }
      expect((await verifyLines(admin.token)).pop()).toMatchObject({ type: 'report', ok: true });
    });

    it('is for admins only, in Chinese', async () => {
      const res = await chair.call('POST', '/api/audit/verify/progress', undefined, zh);
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(res.body.detail).toMatch(/[\u4e00-\u9fff]/);
    });
  });

  describe('policy versions and their diff', () => {
    const next = structuredClone(DEFAULT_POLICY) as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    next.version = 'city-2027';
    next.reviewQuorum = 5;
    next.ladder.annualHours = 60;
    next.rubric.dimensions[0].label = '师德师风 ethics';
    const effectiveFrom = iso(Date.now() + 30 * day);

    it('lists only the default before anything is published', async () => {
      const res = await chair.call('GET', '/api/policies');
      expect(res.status).toBe(200);
      expect(res.body.current).toBe('default-1');
      expect(res.body.items).toEqual([
        expect.objectContaining({ version: 'default-1', status: 'in_force', publishedBy: null }),
      ]);
    });

    it('lists a published version as scheduled, with its effective time and publisher', async () => {
      const pub = await admin.call('POST', '/api/policies', { policy: next, effectiveFrom });
      expect(pub.status).toBe(201);
      const res = await admin.call('GET', '/api/policies');
      expect(res.status).toBe(200);
      expect(res.body.current).toBe('default-1');
      expect(res.body.items.map((v: { version: string; status: string }) => [v.version, v.status])).toEqual([
        ['default-1', 'in_force'],
        ['city-2027', 'scheduled'],
      ]);
      expect(res.body.items[1]).toMatchObject({ effectiveFrom, publishedBy: admin.id });
      expect(res.body.items[1].policy.reviewQuorum).toBe(5);
    });

    it('diffs two versions leaf by leaf, each change in its group', async () => {
      const res = await admin.call('GET', '/api/policies/diff?from=default-1&to=city-2027');
      expect(res.status).toBe(200);
      expect(res.body.changes).toEqual([
        { path: 'version', group: 'version', from: 'default-1', to: 'city-2027' },
        {
          path: 'rubric.dimensions.0.label',
          group: 'rubric',
          from: '师德素养 ethics',
          to: '师德师风 ethics',
        },
        { path: 'reviewQuorum', group: 'reviewQuorum', from: 3, to: 5 },
        { path: 'ladder.annualHours', group: 'hours', from: 50, to: 60 },
      ]);
      const back = await admin.call('GET', '/api/policies/diff?from=city-2027&to=default-1');
      expect(back.body.changes).toContainEqual({
        path: 'reviewQuorum',
        group: 'reviewQuorum',
        from: 5,
        to: 3,
      });
      const same = await admin.call('GET', '/api/policies/diff?from=city-2027&to=city-2027');
      expect(same.body.changes).toEqual([]);
    });

    it('refuses an unknown or malformed version with a 4xx in Chinese', async () => {
      const missing = await admin.call('GET', '/api/policies/diff?from=default-1&to=nope-9', undefined, zh);
      expect(missing.status).toBe(404);
      expect(missing.body.detail).toBe('政策版本 nope-9 不存在');
      const bad = await admin.call('GET', '/api/policies/diff?from=%20x', undefined, zh);
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([
        { field: 'from', message: '须为政策版本号，如 default-1' },
        { field: 'to', message: '须为政策版本号，如 default-1' },
      ]);
      // A district office reads policy but does not publish it.
      const refused = await api.request('POST', '/api/policies', {
        body: { policy: { ...next, version: 'district-1' } },
        headers: { ...bearer(districtAdmin), ...zh },
      });
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toBe('政策只能由市级或省级教师发展中心发布');
    });
  });

  describe('retrying a failed job', () => {
    let callId: string;
    let dueJob: string;
    let closesAt: number;

    const closedEvents = async () =>
      (
        await db.pool.query(`SELECT 1 FROM events WHERE stream_id = $1 AND type = 'CallClosed'`, [
          `call-${callId}`,
        ])
      ).rowCount;

    beforeAll(async () => {
      closesAt = Date.now() + 6000;
      const call = await chair.call('POST', '/api/calls', {
        kind: 'school_plan',
        orgUnit: cast(seed).city.id,
        title: '六秒后截止的申报',
        opensAt: iso(Date.now() - day),
        closesAt: iso(closesAt),
      });
      expect(call.status).toBe(201);
      callId = call.body.id as string;
      dueJob = await until('the call’s due timer', async () => {
        const jobs = await queue.listJobs('delayed', 200);
        return jobs.find((j) => j.data.streamId === `call-${callId}` && j.data.phase === 'due')?.id ?? null;
      });
      // Fired before the window ends, the close is refused by the rules: the job fails at once.
      await queue.promote(dueJob);
      await until('the early close to fail', async () => (await queue.state(dueJob)) === 'failed');
    }, 60_000);

    it('refuses to retry a job that is not failed, and anyone but a city or province admin, in Chinese', async () => {
      const delayed = (await admin.call('GET', '/api/admin/queues/jobs?state=delayed&limit=1')).body.items[0];
      const notFailed = await admin.call('POST', RETRY, { jobId: delayed.id }, zh);
      expect(notFailed.status).toBe(422);
      expect(notFailed.body).toMatchObject({
        code: 'job_not_failed',
        detail: '只有失败的任务可以重试（该任务当前为定时中）',
      });
      const district = await api.request('POST', RETRY, {
        body: { jobId: dueJob },
        headers: { ...bearer(districtAdmin), ...zh },
      });
      expect(district.status).toBe(403);
      expect(district.body.detail).toBe('失败任务只能由市级或省级教师发展中心的管理员重试');
      expect((await chair.call('POST', RETRY, { jobId: dueJob }, zh)).status).toBe(403);
      const unknown = await admin.call('POST', RETRY, { jobId: 'no-such-job' }, zh);
      expect(unknown.status).toBe(404);
      expect(unknown.body.detail).toBe('任务不存在，或已不在您的管辖范围内');
      const otherQueue = await admin.call('POST', '/api/admin/queues/nope/retry', { jobId: dueJob }, zh);
      expect(otherQueue.status).toBe(404);
      const blank = await admin.call('POST', RETRY, { jobId: dueJob, reason: '   ' }, zh);
      expect(blank.status).toBe(400);
      expect(blank.body.errors).toEqual([{ field: 'reason', message: '不能为空' }]);
      const noId = await admin.call('POST', RETRY, {}, zh);
      expect(noId.status).toBe(400);
      expect(noId.body.errors.map((e: { field: string }) => e.field)).toContain('jobId');
      expect(noId.body.errors[0].message).toMatch(/[\u4e00-\u9fff]/);
      // Nothing of it was recorded, and the job is still failed.
      expect((await db.pool.query(`SELECT 1 FROM events WHERE type = 'QueueJobRetried'`)).rowCount).toBe(0);
      expect(await queue.state(dueJob)).toBe('failed');
    });

    it('runs a failed job once more when retried after its cause has passed, and records who and why', async () => {
      const failed = await admin.call('GET', '/api/admin/queues/jobs?state=failed');
      expect(failed.body.items.map((j: { id: string }) => j.id)).toEqual([dueJob]);
      expect(await closedEvents()).toBe(0);
      await new Promise((r) => setTimeout(r, Math.max(0, closesAt - Date.now() + 200)));

      const res = await admin.call('POST', RETRY, { jobId: dueJob, reason: '申报截止时间已到，重新执行' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ queue: 'deadlines', id: dueJob, events: ['QueueJobRetried'] });
      expect(res.headers.get('x-log-position')).toMatch(/^\d+\.\d+$/);
      await until('the retried job to complete', async () => (await queue.state(dueJob)) === 'completed');
      // Once: the call is closed by one event, and the job ran one more attempt (counted afresh).
      await new Promise((r) => setTimeout(r, 500));
      expect(await closedEvents()).toBe(1);
      expect((await queue.job(dueJob))!.attemptsMade).toBe(1);
      expect((await admin.call('GET', '/api/admin/queues/jobs?state=failed')).body.items).toEqual([]);

      const recorded = await db.pool.query<{
        data: Record<string, unknown>;
        metadata: Record<string, unknown>;
      }>(`SELECT data, metadata FROM events WHERE type = 'QueueJobRetried'`);
      expect(recorded.rows).toHaveLength(1);
      expect(recorded.rows[0]!.data).toMatchObject({
        queue: 'deadlines',
        jobId: dueJob,
        reason: '申报截止时间已到，重新执行',
        retriedBy: admin.id,
        failedReason: expect.stringContaining('call_window_open'),
      });
      // In the audit log, with the admin and the reason.
      const log = await until('the retry in the audit log', async () => {
        const page = await admin.call('GET', '/api/audit/events?eventType=QueueJobRetried');
        return page.body.items.length ? page.body.items : null;
      });
      expect(log[0]).toMatchObject({
        actor: { id: admin.id, role: 'admin' },
        rationale: '申报截止时间已到，重新执行',
      });

      // A second retry finds nothing to retry.
      const again = await admin.call('POST', RETRY, { jobId: dueJob }, zh);
      expect(again.status).toBe(422);
      expect(again.body.detail).toBe('只有失败的任务可以重试（该任务当前为已完成）');
      expect(await closedEvents()).toBe(1);
    });
  });
});
