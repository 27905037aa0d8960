import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyChain } from '#libs/event-store';
import { TIMER_QUEUE, type TimerQueue } from '#libs/deadlines';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { startTestApp } from '../support/test-app.js';
import { seedDemo } from '../identity/support/identity-test-app.js';
import { cast, day, fieldsFor, iso, signIn } from '../approval/support.js';
import { until } from '../support/until.js';
import { freePort, runBuilt, startEmbeddedApp } from './support.js';
import { ensureServerBuilt } from '../support/build.js';

// Moving to a server (README "Running it for years"): an office that started on the embedded default
// moves its data folder into an empty PostgreSQL database with `npm run migrate:to-postgres`, every
// event's hashes verified on the way; the product then runs on the server with the same answers and
// the same pending timers, and goes on writing.
const root = path.resolve(import.meta.dirname, '../..');

describe('moving the embedded store to a PostgreSQL server', () => {
  let work: string;
  let dataDir: string;
  let server: TestDatabase;
  const before: { calls?: unknown; inbox?: unknown; events?: number; timers?: string[] } = {};
  let logins: ReturnType<typeof cast>;
  let callId: string;
  let reviewerLogin: ReturnType<typeof cast>['reviewers'][number];

  const move = async (to: string) =>
    runBuilt(root, 'dist/apps/worker/src/cli/migrate-to-postgres.js', ['--from', dataDir, '--to', to], {
      PGLITE_PORT: String(await freePort()),
    });

  beforeAll(async () => {
    ensureServerBuilt();
    work = mkdtempSync(path.join(tmpdir(), 'move-'));
    dataDir = path.join(work, 'pglite');
    // The embedded product, as `npm start` runs it: a data folder served on a loopback port.
    const { api, db: local } = await startEmbeddedApp(dataDir);
    const pool = local.pool;
    try {
      const seed = await seedDemo(api, local);
      logins = cast(seed);
      const chair = await signIn(api, local, logins.chair);
      const applicant = await signIn(api, local, logins.teachers[0]!);
      reviewerLogin = logins.reviewers.find((r) => r.orgUnit !== applicant.login.orgUnit)!;
      const reviewer = await signIn(api, local, reviewerLogin);
      const call = await chair.call('POST', '/api/calls', {
        kind: 'school_plan',
        orgUnit: logins.city.id,
        title: '2026 校本研修方案申报',
        opensAt: iso(Date.now() - day),
        closesAt: iso(Date.now() + 30 * day),
      });
      expect(call.status).toBe(201);
      callId = call.body.id;
      const draft = await applicant.call('POST', '/api/applications', {
        callId,
        title: '迁移之前的方案',
        fields: fieldsFor.school_plan,
      });
      expect(draft.status).toBe(201);
      expect((await applicant.call('POST', `/api/applications/${draft.body.id}/submit`)).status).toBe(200);
      expect(
        (
          await chair.call('POST', `/api/applications/${draft.body.id}/reviewers`, {
            reviewers: [{ reviewerId: reviewer.id }],
          })
        ).status,
      ).toBe(200);
      const queue = api.app.get(TIMER_QUEUE, { strict: false }) as TimerQueue;
      await until('the review timers', async () =>
        (await queue.pendingJobs()).filter((j) => j.timer.kind.startsWith('review-')).length >= 4
          ? true
          : null,
      );
      before.inbox = await until('the assignment in the reviewer’s inbox', async () => {
        const body = (await reviewer.call('GET', '/api/notifications')).body;
        return JSON.stringify(body).includes('review_assigned') ? body : null;
      });
      before.calls = (await chair.call('GET', '/api/calls')).body;
      before.timers = (await queue.pendingJobs()).map((j) => j.id);
      // The ladder opens each registered teacher's record on its own time (its reactor), so the log is
      // counted once every demo teacher's record is open: nothing is appended after that until the stop.
      await until('every demo teacher’s ladder record', async () => {
        const { teachers, records } = (
          await pool.query<{ teachers: number; records: number }>(
            `SELECT count(*) FILTER (WHERE type = 'UserRegistered' AND data->'roles' ? 'teacher')::int AS teachers,
                    count(*) FILTER (WHERE type = 'TeacherRecordOpened')::int AS records
               FROM events`,
          )
        ).rows[0]!;
        return teachers > 0 && records === teachers ? true : null;
      });
      before.events = Number(
        (await pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n,
      );
    } finally {
      // The product is stopped before it moves: nothing is written after the copy.
      await api.close();
      await local.drop();
    }
    server = await createPostgresTestDatabase();
  }, 300_000);

  afterAll(async () => {
    await server?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('copies every event with its hashes verified, and the product runs there with the same answers', async () => {
    const r = await move(server.url);
    expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(new RegExp(`^embedded: ${before.events} events in \\d+ streams verify$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^server: ${before.events} events in \\d+ streams verify;`, 'm'));
    expect((await verifyChain(server.pool)).ok).toBe(true);

    const api = await startTestApp(server);
    try {
      const chair = await signIn(api, server, logins.chair);
      const reviewer = await signIn(api, server, reviewerLogin);
      expect((await chair.call('GET', '/api/calls')).body).toEqual(before.calls);
      expect((await reviewer.call('GET', '/api/notifications')).body).toEqual(before.inbox);
      const queue = api.app.get(TIMER_QUEUE, { strict: false }) as TimerQueue;
      expect((await queue.pendingJobs()).map((j) => j.id)).toEqual(expect.arrayContaining(before.timers!));
      const applicant = await signIn(api, server, logins.teachers[0]!);
      const after = await applicant.call('POST', '/api/applications', {
        callId,
        title: '迁移之后的方案',
        fields: fieldsFor.school_plan,
      });
      expect(after.status).toBe(201);
      await until('the new draft in the read model on the server', async () =>
        (
          await server.pool.query(`SELECT 1 FROM application_summaries WHERE application_id = $1`, [
            after.body.id,
          ])
        ).rowCount === 1
          ? true
          : null,
      );
    } finally {
      await api.close();
    }
  }, 300_000);

  it('refuses a server database that is not empty, changing nothing there', async () => {
    const events = Number(
      (await server.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n,
    );
    const r = await move(server.url);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^refused: the database is not empty/);
    expect(
      Number((await server.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n),
    ).toBe(events);
  }, 120_000);
});
