import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import { verifyChain } from '#libs/event-store';
import { TIMER_QUEUE, type TimerQueue } from '#libs/deadlines';
import { existingObjects } from '#libs/platform';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { seedDemo } from '../identity/support/identity-test-app.js';
import { cast, day, fieldsFor, iso, signIn, type Person } from '../approval/support.js';
import { until } from '../support/until.js';
import { freePort, openEmbeddedFolder, runBuilt, startEmbeddedApp } from './support.js';
import { ensureServerBuilt } from '../support/build.js';

// The restore drill (README "Running it for years"): a running product with pending review timers is
// backed up by `npm run backup` (built, as an operator runs it), written to afterwards, and the backup
// restored by `npm run restore` into a fresh database — a PostgreSQL database, or a new embedded data
// folder. The restored store holds exactly the state at the backup's position (events, log head, read
// models, pending timers), its hash chain verifies, and the product runs on it. Damaged and foreign
// files, and a database that is not empty, are refused with nothing written.
const root = path.resolve(import.meta.dirname, '../..');
const READ_MODELS = [
  'users',
  'org_units',
  'calls',
  'application_summaries',
  'review_assignments',
  'audit_log',
  'notifications',
  'teacher_progress',
  'person_keys',
  'app_secrets',
  'streams',
  'subscription_checkpoints',
];

const cli = (command: 'backup' | 'restore', args: string[], env: Record<string, string>) =>
  runBuilt(root, `dist/apps/worker/src/cli/${command}.js`, args, env);

async function rowsOf(pool: pg.Pool, table: string): Promise<unknown[]> {
  return (await pool.query(`SELECT to_jsonb(t) AS r FROM ${table} t ORDER BY to_jsonb(t)::text`)).rows.map(
    (r: { r: unknown }) => r.r,
  );
}

beforeAll(() => {
  // The commands run as built; the rest of the product is built by the suites that need it.
  ensureServerBuilt();
}, 300_000);

describe.each([
  ['PostgreSQL', 'postgres'],
  ['embedded PGlite', 'pglite'],
] as const)('backup and restore on %s', (_name, kind) => {
  let db: TestDatabase;
  let api: TestApp;
  let work: string;
  let backupFile: string;
  let chair: Person;
  let applicant: Person;
  let reviewer: Person;
  let applicationId: string;
  let laterId: string;
  const atBackup: {
    events: number;
    head: string;
    rows: Record<string, unknown[]>;
    timers: string[];
    calls: unknown;
    inbox: unknown;
  } = { events: 0, head: '', rows: {}, timers: [], calls: null, inbox: null };
  let callId: string;
  /** Where the drill restored to (the not-empty refusal tries it again). */
  let restoredEnv: Record<string, string> = {};
  /** What the tests opened, closed at the end. */
  const targets: Array<{ close(): Promise<void> }> = [];

  interface Target {
    /** The restore command's environment: where it restores to. */
    env: Record<string, string>;
    /** The restored database, opened without the product, to compare rows before anything runs. */
    inspect(): Promise<TestDatabase>;
    /** The product started on the restored database. */
    start(): Promise<{ api: TestApp; db: TestDatabase }>;
  }

  /** A fresh, empty target: a new PostgreSQL database, or a new embedded data folder. */
  const freshTarget = async (): Promise<Target> => {
    if (kind === 'postgres') {
      const t = await createPostgresTestDatabase();
      targets.push({ close: () => t.drop() });
      return {
        env: { DATABASE_URL: t.url },
        inspect: async () => t,
        start: async () => ({ api: await startTestApp(t), db: t }),
      };
    }
    const dataDir = path.join(work, `restored-${targets.length}-${Date.now()}`);
    let opened: TestDatabase | null = null;
    targets.push({ close: async () => opened?.drop() });
    return {
      env: { PGLITE_DATA_DIR: dataDir, PGLITE_PORT: String(await freePort()) },
      inspect: async () => (opened = await openEmbeddedFolder(dataDir)),
      start: async () => {
        await opened?.drop();
        opened = null;
        return startEmbeddedApp(dataDir);
      },
    };
  };

  const head = async (pool: pg.Pool) =>
    (
      await pool.query<{ p: string }>(
        `SELECT tx_id::text || '.' || seq::text AS p FROM events ORDER BY tx_id DESC, seq DESC LIMIT 1`,
      )
    ).rows[0]!.p;
  const count = async (pool: pg.Pool, table: string) =>
    Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);

  /** Waits until nothing more happens: the log head stays put and every subscription has reached it. */
  const settled = () =>
    until(
      'the product to settle',
      async () => {
        const before = await head(db.pool);
        await new Promise((r) => setTimeout(r, 700));
        const after = await head(db.pool);
        const [tx, seq] = after.split('.');
        const behind = await db.pool.query(
          `SELECT name FROM subscription_checkpoints WHERE (tx_id, seq) < ($1::bigint, $2::bigint)`,
          [tx, seq],
        );
        return before === after && behind.rows.length === 0;
      },
      60_000,
      100,
    );

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'restore-drill-'));
    if (kind === 'postgres') {
      db = await createPostgresTestDatabase();
      api = await startTestApp(db);
    } else {
      ({ api, db } = await startEmbeddedApp(path.join(work, 'source')));
    }
    const seed = await seedDemo(api, db);
    const c = cast(seed);
    chair = await signIn(api, db, c.chair);
    applicant = await signIn(api, db, c.teachers[0]!);
    const reviewers = await Promise.all(
      c.reviewers
        .filter((r) => r.orgUnit !== applicant.login.orgUnit)
        .slice(0, 2)
        .map((r) => signIn(api, db, r)),
    );
    const call = await chair.call('POST', '/api/calls', {
      kind: 'school_plan',
      orgUnit: c.city.id,
      title: '2026 校本研修方案申报',
      opensAt: iso(Date.now() - day),
      closesAt: iso(Date.now() + 30 * day),
    });
    expect(call.status).toBe(201);
    callId = call.body.id;
    reviewer = reviewers[0]!;
    const draft = await applicant.call('POST', '/api/applications', {
      callId: call.body.id,
      title: '备份之前的方案',
      fields: fieldsFor.school_plan,
    });
    expect(draft.status).toBe(201);
    applicationId = draft.body.id;
    expect((await applicant.call('POST', `/api/applications/${applicationId}/submit`)).status).toBe(200);
    const assigned = await chair.call('POST', `/api/applications/${applicationId}/reviewers`, {
      reviewers: reviewers.map((r) => ({ reviewerId: r.id })),
    });
    expect(assigned.status).toBe(200);
    const queue = api.app.get(TIMER_QUEUE, { strict: false }) as TimerQueue;
    // Each reviewer's reminders, due timer and escalation are pending (README "Deadlines").
    await until('the review timers', async () =>
      (await queue.pendingJobs()).filter((j) => j.timer.kind.startsWith('review-')).length >= 8 ? true : null,
    );
    await settled();

    atBackup.events = await count(db.pool, 'events');
    atBackup.head = await head(db.pool);
    for (const t of READ_MODELS) atBackup.rows[t] = await rowsOf(db.pool, t);
    atBackup.timers = (await queue.pendingJobs()).map((j) => j.id).sort();
    atBackup.calls = (await chair.call('GET', '/api/calls')).body;
    atBackup.inbox = (await reviewer.call('GET', '/api/notifications')).body;
    expect(JSON.stringify(atBackup.inbox)).toContain('review_assigned');

    // On the embedded default the command goes through the running product (PGLITE_PORT).
    const r = await cli(
      'backup',
      ['--out', path.join(work, 'backups')],
      kind === 'postgres'
        ? { DATABASE_URL: db.url }
        : { PGLITE_PORT: new URL(db.url).port, PGLITE_DATA_DIR: path.join(work, 'source') },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    backupFile = /^backup: (\S+)/.exec(r.stdout)![1]!;
    // Named with the time and the log position it holds.
    expect(path.basename(backupFile)).toMatch(
      new RegExp(`^backup-\\d{8}T\\d{6}Z-pos${atBackup.head.replace('.', '\\.')}\\.jsonl\\.gz$`),
    );

    // Written after the backup: not in it.
    const later = await applicant.call('POST', '/api/applications', {
      callId: call.body.id,
      title: '备份之后的方案',
      fields: fieldsFor.school_plan,
    });
    expect(later.status).toBe(201);
    laterId = later.body.id;
    expect(await count(db.pool, 'events')).toBeGreaterThan(atBackup.events);
  }, 300_000);

  afterAll(async () => {
    for (const t of targets) await t.close().catch(() => undefined);
    await api?.close();
    await db?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds a manifest: format, version, counts per table, the log head and every stream head', () => {
    const first = gunzipSync(readFileSync(backupFile)).toString('utf8').split('\n')[0]!;
    const manifest = JSON.parse(first);
    expect(manifest).toMatchObject({
      kind: 'manifest',
      format: 'teacher-dev-workflow-backup',
      formatVersion: 1,
      product: 'teacher-dev-workflow',
      productVersion: expect.stringMatching(/^\d+\.\d+\.\d+/),
      head: atBackup.head,
      events: atBackup.events,
    });
    expect(manifest.tables['public.events']).toBe(atBackup.events);
    expect(manifest.tables['public.audit_log']).toBe(atBackup.rows.audit_log!.length);
    expect(Object.keys(manifest.streams)).toHaveLength(atBackup.rows.streams!.length);
    expect(manifest.streams[`application-${applicationId}`]).toEqual([
      expect.any(Number),
      expect.stringMatching(/^[0-9a-f]{64}$/),
    ]);
  });

  it('restores exactly the state at the backup’s position, chain intact, every pending timer back', async () => {
    const target = await freshTarget();
    const r = await cli('restore', [backupFile], target.env);
    expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, stderr: '' });
    restoredEnv = target.env;
    expect(r.stdout).toMatch(/^ok: \d+ events in \d+ streams verify; every stream head and table matches/m);
    expect(r.stdout).toMatch(/^timers \(postgres\): added \d+, kept \d+, removed 0$/m);

    let restored = await target.inspect();
    expect(await count(restored.pool, 'events')).toBe(atBackup.events);
    expect(await head(restored.pool)).toBe(atBackup.head);
    for (const t of READ_MODELS)
      expect({ t, rows: await rowsOf(restored.pool, t) }).toEqual({
        t,
        rows: atBackup.rows[t],
      });
    const chain = await verifyChain(restored.pool);
    expect(chain).toMatchObject({ ok: true, checked: atBackup.events, findings: [] });

    // The product runs on it: the same answers, nothing written after the backup, the timers pending,
    // and new commands append after the restored log (the transaction ids moved past it).
    const started = await target.start();
    const api2 = started.api;
    restored = started.db;
    try {
      const chair2 = await signIn(api2, restored, chair.login);
      const reviewer2 = await signIn(api2, restored, reviewer.login);
      expect((await chair2.call('GET', '/api/calls')).body).toEqual(atBackup.calls);
      expect((await reviewer2.call('GET', '/api/notifications')).body).toEqual(atBackup.inbox);
      const summaries = async (id: string) =>
        (await restored.pool.query(`SELECT 1 FROM application_summaries WHERE application_id = $1`, [id]))
          .rowCount;
      expect(await summaries(applicationId)).toBe(1);
      expect(await summaries(laterId)).toBe(0);
      const queue2 = api2.app.get(TIMER_QUEUE, { strict: false }) as TimerQueue;
      const pending = (await queue2.pendingJobs()).map((j) => j.id);
      expect(pending).toEqual(expect.arrayContaining(atBackup.timers));

      const applicant2 = await signIn(api2, restored, applicant.login);
      const after = await applicant2.call('POST', '/api/applications', {
        callId,
        title: '恢复之后的方案',
        fields: fieldsFor.school_plan,
      });
      expect(after.status).toBe(201);
      const [tx, seq] = atBackup.head.split('.').map(BigInt) as [bigint, bigint];
      const [newTx, newSeq] = (await head(restored.pool)).split('.').map(BigInt) as [bigint, bigint];
      expect(newTx > tx || (newTx === tx && newSeq > seq)).toBe(true);
      await until('the new draft in the read model', async () =>
        (await summaries(after.body.id)) === 1 ? true : null,
      );
      expect((await verifyChain(restored.pool)).ok).toBe(true);
    } finally {
      await api2.close();
      if (kind === 'pglite') await restored.drop();
    }
  }, 300_000);

  const refusedWithNothingWritten = async (file: string, reason: RegExp) => {
    const target = await freshTarget();
    const r = await cli('restore', [file], target.env);
    expect(r.stderr).toMatch(reason);
    expect(r.status).toBe(3);
    if (kind === 'postgres') {
      const t = await target.inspect();
      expect(await existingObjects(t.pool)).toEqual([]);
    } else {
      expect(existsSync(target.env.PGLITE_DATA_DIR!)).toBe(false);
    }
  };

  it('refuses a damaged file — one row altered, or cut short — writing nothing', async () => {
    const text = gunzipSync(readFileSync(backupFile)).toString('utf8');
    const altered = path.join(work, 'altered.jsonl.gz');
    const i = text.indexOf('备份之前的方案');
    expect(i).toBeGreaterThan(0);
    writeFileSync(altered, gzipSync(text.slice(0, i) + '备份之后的方案' + text.slice(i + 7)));
    await refusedWithNothingWritten(altered, /^refused: .*damaged \(checksum does not match\)/);

    const cut = path.join(work, 'cut.jsonl.gz');
    const bytes = readFileSync(backupFile);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await refusedWithNothingWritten(cut, /^refused: .*damaged/);
  }, 120_000);

  it('refuses a foreign file — another gzip, or not gzip at all — writing nothing', async () => {
    const otherGzip = path.join(work, 'other.jsonl.gz');
    writeFileSync(otherGzip, gzipSync('{"kind":"manifest","format":"someone-elses-backup"}\n'));
    await refusedWithNothingWritten(otherGzip, /^refused: .*not a backup of teacher-dev-workflow/);
    const text = path.join(work, 'notes.txt');
    writeFileSync(text, 'pg_dump output, perhaps\n');
    await refusedWithNothingWritten(text, /^refused: .*not a backup of teacher-dev-workflow/);
  }, 120_000);

  it('refuses a database that is not empty, and leaves it as it was', async () => {
    if (kind === 'postgres') {
      const before = await count(db.pool, 'events');
      const r = await cli('restore', [backupFile, '--database-url', db.url], {});
      expect(r.status).toBe(3);
      expect(r.stderr).toMatch(/^refused: the database is not empty \(it holds .*public\./);
      expect(await count(db.pool, 'events')).toBe(before);
    } else {
      // An embedded folder already holding a database: the drill's.
      expect(restoredEnv.PGLITE_DATA_DIR).toBeDefined();
      const again = await cli('restore', [backupFile], restoredEnv);
      expect(again.status).toBe(3);
      expect(again.stderr).toMatch(/^refused: the database is not empty/);
    }
  }, 180_000);
});
