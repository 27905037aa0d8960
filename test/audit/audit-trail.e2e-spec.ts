import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chainHash, contentHash } from '#libs/event-store';
import type { DemoSeedResult } from '#libs/identity';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { cast, day, fieldsFor, iso, rubricScores, signIn, type Person } from '../approval/support.js';
import { seedDemo, startIdentityApp } from '../identity/support/identity-test-app.js';
import type { TestApp } from '../support/test-app.js';

const run = promisify(execFile);

/** Runs the offline checker the way an auditor would, on a file on disk. */
async function offlineCheck(file: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ['scripts/verify-export.mjs', file]);
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

// DOMAIN.md "Audit trail" over HTTP on real PostgreSQL: an application's history, its state as of each step of the
// workflow, the admin scope, the export and its offline check, and tampering found by the verifier.
describe('audit trail over HTTP (real PostgreSQL)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let c: ReturnType<typeof cast>;
  let chair: Person;
  let admin: Person;
  let applicant: Person;
  let appId: string;
  let tmp: string;

  /** What the views showed after each step: the application view and the audit's current state. */
  const snapshots: {
    step: string;
    position: string;
    stage: string;
    version: number;
    recordedAt: string;
    state: unknown;
  }[] = [];

  const snapshot = async (step: string, position: string | null) => {
    const view = await admin.call('GET', `/api/applications/${appId}`, undefined, {
      'x-min-position': position!,
    });
    expect(view.status).toBe(200);
    const current = await admin.call('GET', `/api/audit/entities/application/${appId}`);
    expect(current.status).toBe(200);
    expect(current.body.position).toBe(position);
    snapshots.push({
      step,
      position: position!,
      stage: view.body.stage,
      version: view.body.version,
      recordedAt: current.body.recordedAt,
      state: current.body.state,
    });
  };

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'audit-export-'));
    db = await createPostgresTestDatabase();
    api = await startIdentityApp(db);
    seed = await seedDemo(api, db);
    c = cast(seed);
    chair = await signIn(api, db, c.chair);
    admin = await signIn(api, db, c.admin);
    // The applicant teaches in the second district, so the first district's admin is out of scope.
    const secondDistrictSchools = c.schools.filter((s) => s.parentId === c.districts[1]!.id).map((s) => s.id);
    applicant = await signIn(
      api,
      db,
      c.teachers.find((t) => secondDistrictSchools.includes(t.orgUnit))!,
    );
    const call = await chair.call('POST', '/api/calls', {
      kind: 'school_plan',
      orgUnit: c.city.id,
      title: '2026 校本研修方案申报',
      opensAt: iso(Date.now() - day),
      closesAt: iso(Date.now() + 30 * day),
    });
    expect(call.status).toBe(201);

    // The workflow, with a snapshot of what the views showed after each step.
    const draft = await applicant.call('POST', '/api/applications', {
      callId: call.body.id,
      title: '校本研修: 课堂观察',
      fields: fieldsFor.school_plan,
    });
    expect(draft.status).toBe(201);
    appId = draft.body.id;
    await snapshot('drafted', draft.headers.get('x-log-position'));
    const submitted = await applicant.call('POST', `/api/applications/${appId}/submit`);
    expect(submitted.status).toBe(200);
    await snapshot('submitted', submitted.headers.get('x-log-position'));
    const reviewers = await Promise.all(
      c.reviewers
        .filter((r) => r.orgUnit !== applicant.login.orgUnit)
        .slice(0, 3)
        .map((r) => signIn(api, db, r)),
    );
    const assigned = await chair.call('POST', `/api/applications/${appId}/reviewers`, {
      reviewers: reviewers.map((r) => ({ reviewerId: r.id })),
    });
    expect(assigned.status).toBe(200);
    await snapshot('assigned', assigned.headers.get('x-log-position'));
    let last = assigned;
    for (const [n, r] of reviewers.entries()) {
      last = await r.call('POST', `/api/applications/${appId}/reviews`, {
        scores: rubricScores(70 + n * 10),
        comments: `评审意见 ${n}`,
      });
      expect(last.status).toBe(200);
    }
    await snapshot('reviewed', last.headers.get('x-log-position'));
    const decided = await chair.call('POST', `/api/applications/${appId}/decision`, {
      decision: 'approve',
      rationale: '方案完整, 同意立项',
      documentsSeen: ['方案.pdf'],
    });
    expect(decided.status).toBe(200);
    await snapshot('decided', decided.headers.get('x-log-position'));
  }, 180_000);

  afterAll(async () => {
    await api?.close();
    await db?.drop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('shows the full history of the application, in order, with who, why and through which request', async () => {
    const res = await admin.call('GET', `/api/audit/entities/application/${appId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'application', id: appId, version: 7, truncated: false });
    const events = res.body.events as {
      type: string;
      version: number;
      actor: { id: string; name: string | null; role: string };
      rationale: string | null;
      correlationId: string;
      causationId: string;
      recordedAt: string;
    }[];
    expect(events.map((e) => e.type)).toEqual([
      'ApplicationDrafted',
      'ApplicationSubmitted',
      'ReviewersAssigned',
      'ReviewSubmitted',
      'ReviewSubmitted',
      'ReviewSubmitted',
      'ApplicationDecided',
    ]);
    expect(events.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(events[0]!.actor).toEqual({ id: applicant.id, name: expect.any(String), role: 'teacher' });
    expect(events[6]!.actor).toMatchObject({ id: chair.id, role: 'chair' });
    expect(events[6]!.actor.name).toBeTruthy();
    expect(events[6]!.rationale).toBe('方案完整, 同意立项');
    expect(events[3]!.rationale).toBe('评审意见 0');
    for (const e of events) {
      expect(e.correlationId).toMatch(/\S/);
      expect(e.causationId).toMatch(/\S/);
    }
    const times = events.map((e) => Date.parse(e.recordedAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('replays the state as of each step, equal to what the views showed then', async () => {
    expect(snapshots.map((s) => s.stage)).toEqual([
      'draft',
      'submitted',
      'in_review',
      'in_review',
      'approved',
    ]);
    for (const s of snapshots) {
      for (const query of [`position=${s.position}`, `at=${encodeURIComponent(s.recordedAt)}`]) {
        const res = await admin.call('GET', `/api/audit/entities/application/${appId}/as-of?${query}`);
        expect(res.status).toBe(200);
        expect(res.body.version).toBe(s.version);
        expect(res.body.position).toBe(s.position);
        expect(res.body.state).toEqual(s.state);
        expect((res.body.state as { stage: string }).stage).toBe(s.stage);
      }
    }
    // Before it was drafted, it did not exist.
    const before = await admin.call(
      'GET',
      `/api/audit/entities/application/${appId}/as-of?at=2000-01-01T00:00:00Z`,
    );
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ version: 0, position: null, state: { stage: 'none' } });
    const neither = await admin.call('GET', `/api/audit/entities/application/${appId}/as-of`);
    expect(neither.status).toBe(400);
  });

  it('filters the global log and records every audit read, without flooding the default pages', async () => {
    const reads0 = await admin.call('GET', '/api/audit/events?eventType=AuditRead&limit=200');
    expect(reads0.status).toBe(200);
    const byChair = await admin.call(
      'GET',
      `/api/audit/events?actor=${chair.id}&applicationKind=school_plan&eventType=ApplicationDecided`,
    );
    expect(byChair.status).toBe(200);
    expect(byChair.body.items).toHaveLength(1);
    expect(byChair.body.items[0]).toMatchObject({
      streamId: `application-${appId}`,
      entity: { kind: 'application', id: appId },
      applicationKind: 'school_plan',
      type: 'ApplicationDecided',
      actor: { id: chair.id, role: 'chair', name: expect.any(String) },
      orgUnit: applicant.login.orgUnit,
      rationale: '方案完整, 同意立项',
    });
    // The reads above are on record, with their filters; the default log leaves them out.
    const reads1 = await admin.call('GET', '/api/audit/events?eventType=AuditRead&limit=200');
    expect(reads1.body.items.length).toBeGreaterThanOrEqual(reads0.body.items.length + 2);
    expect(reads1.body.items[0]).toMatchObject({
      type: 'AuditRead',
      actor: { id: admin.id, role: 'admin' },
      entity: { kind: 'auditlog' },
    });
    const recorded = await db.pool.query(
      `SELECT data FROM events WHERE type = 'AuditRead' AND data->'filters'->>'actor' = $1`,
      [chair.id],
    );
    expect(recorded.rows[0].data).toMatchObject({
      endpoint: 'GET /api/audit/events',
      adminId: admin.id,
      resultCount: 1,
      filters: { actor: chair.id, applicationKind: 'school_plan', eventType: 'ApplicationDecided' },
    });
    const all = await admin.call('GET', '/api/audit/events?limit=200');
    expect(all.body.items.some((i: { type: string }) => i.type === 'AuditRead')).toBe(false);
    const withReads = await admin.call('GET', '/api/audit/events?limit=200&includeAuditReads=true');
    expect(withReads.body.items.some((i: { type: string }) => i.type === 'AuditRead')).toBe(true);
    // Only admins read the audit trail.
    expect((await applicant.call('GET', '/api/audit/events')).status).toBe(403);
    expect((await chair.call('GET', `/api/audit/entities/application/${appId}`)).status).toBe(403);
    expect((await chair.call('POST', '/api/audit/verify')).status).toBe(403);
    expect((await admin.call('GET', '/api/audit/events?limit=500')).status).toBe(400);
    expect((await admin.call('GET', '/api/audit/events?cursor=abc')).status).toBe(400);
    expect((await admin.call('GET', '/api/audit/events?bogus=1')).status).toBe(400);
  });

  it('answers a page without waiting for the trail to hold its own read; a page that shows reads shows every earlier one', async () => {
    // The audit read model is held still: its projection cannot write (EXCLUSIVE blocks its INSERTs,
    // not the page's SELECT). A default page leaves reads out, so it answers at once, its read recorded.
    const holder = await db.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE audit_log IN EXCLUSIVE MODE');
      const before = await db.pool.query(`SELECT count(*)::int AS n FROM events WHERE type = 'AuditRead'`);
      const started = Date.now();
      const page = await admin.call('GET', '/api/audit/events?limit=5');
      expect(page.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(2500);
      const after = await db.pool.query(`SELECT count(*)::int AS n FROM events WHERE type = 'AuditRead'`);
      expect(after.rows[0].n).toBe(before.rows[0].n + 1);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    // Each page that shows the reads holds the one recorded just before it, whichever process serves it.
    for (let i = 0; i < 6; i++) {
      const correlationId = `audit-read-${i}-${Date.now()}`;
      const read = await admin.call('GET', '/api/audit/events?eventType=HoursGranted&limit=1', undefined, {
        'x-correlation-id': correlationId,
      });
      expect(read.status).toBe(200);
      const reads = await admin.call(
        'GET',
        `/api/audit/events?eventType=AuditRead&actor=${admin.id}&limit=1`,
      );
      expect(reads.status).toBe(200);
      expect(reads.body.items[0]).toMatchObject({ type: 'AuditRead', correlationId });
    }
  });

  it('answers one admin’s many parallel reads, each recorded once', async () => {
    // Regression (bench Q1): the reads' records once raced for their stream's version and some pages
    // ended in 409 under load.
    const marker = `Parallel${Date.now()}`;
    const before = await db.pool.query(`SELECT count(*)::int AS n FROM events WHERE type = 'AuditRead'`);
    const pages = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        admin.call('GET', `/api/audit/events?eventType=${marker}${i % 2 ? 'x' : 'y'}&limit=${10 + i}`),
      ),
    );
    expect(pages.map((p) => [p.status, p.status === 200 ? null : p.body])).toEqual(
      pages.map(() => [200, null]),
    );
    const after = await db.pool.query(`SELECT count(*)::int AS n FROM events WHERE type = 'AuditRead'`);
    expect(after.rows[0].n - before.rows[0].n).toBe(24);
    const limits = await db.pool.query<{ limit: string }>(
      `SELECT data->'filters'->>'limit' AS limit FROM events WHERE type = 'AuditRead' AND data->'filters'->>'eventType' LIKE $1`,
      [`${marker}%`],
    );
    expect(limits.rows.map((r) => Number(r.limit)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 24 }, (_, i) => 10 + i),
    );
  });

  it("keeps an admin of one district out of another district's entities and log", async () => {
    const [mine, theirs] = [c.districts[0]!, c.districts[1]!];
    const created = await admin.call('POST', '/api/users', {
      username: 'district.admin',
      displayName: '东湖区管理员',
      orgUnit: mine.id,
      roles: ['admin'],
      password: 'district-admin-pw',
    });
    expect(created.status).toBe(201);
    const districtAdmin = await signIn(api, db, {
      ...c.admin,
      username: 'district.admin',
      password: 'district-admin-pw',
      orgUnit: mine.id,
    });
    expect((await districtAdmin.call('GET', `/api/audit/entities/application/${appId}`)).status).toBe(403);
    expect(
      (
        await districtAdmin.call(
          'GET',
          `/api/audit/entities/application/${appId}/as-of?position=${snapshots[0]!.position}`,
        )
      ).status,
    ).toBe(403);
    expect((await districtAdmin.call('GET', `/api/audit/events?orgUnit=${theirs.id}`)).status).toBe(403);
    expect(
      (await districtAdmin.call('GET', `/api/audit/export?format=jsonl&orgUnit=${theirs.id}`)).status,
    ).toBe(403);
    const myUnits = new Set([mine.id, ...c.schools.filter((s) => s.parentId === mine.id).map((s) => s.id)]);
    let cursor: string | null = null;
    let seen = 0;
    do {
      const page: {
        status: number;
        body: { items: { orgUnit: string; streamId: string }[]; nextCursor: string | null };
      } = await districtAdmin.call('GET', `/api/audit/events?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      for (const item of page.body.items) {
        expect(myUnits).toContain(item.orgUnit);
        expect(item.streamId).not.toBe(`application-${appId}`);
      }
      seen += page.body.items.length;
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toBeGreaterThan(0); // the users of the district, at least
    // The city admin above both sees it.
    expect((await admin.call('GET', `/api/audit/entities/application/${appId}`)).status).toBe(200);
  });

  it.each(['jsonl', 'csv'] as const)(
    'exports the log as %s that verifies offline, and fails naming the line edited by hand',
    async (format) => {
      const res = await fetch(`${api.url}/api/audit/export?format=${format}&entityKind=application`, {
        headers: { authorization: `Bearer ${admin.token}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="audit-.*\.(csv|jsonl)"/);
      const text = await res.text();
      const lines = text.split(format === 'csv' ? '\r\n' : '\n').filter((l) => l.length > 0);
      // The 7 events between the export's header and trailer records (and, in CSV, the column names).
      expect(lines).toHaveLength(7 + 2 + (format === 'csv' ? 1 : 0));
      const file = join(tmp, `export.${format}`);
      await writeFile(file, text);
      const ok = await offlineCheck(file);
      expect(ok.out).toMatch(/^OK: 7 events in 1 streams verify/m);
      expect(ok.code).toBe(0);

      // An auditor's "correction" of one review's comment, by hand, wherever the line shows it.
      const edited = (await readFile(file, 'utf8')).replaceAll('评审意见 1', '评审意见 9');
      const lineNo = edited.split('\n').findIndex((l) => l.includes('评审意见 9')) + 1;
      expect(lineNo).toBeGreaterThan(1);
      await writeFile(file, edited);
      const bad = await offlineCheck(file);
      expect(bad.code).toBe(1);
      expect(bad.out).toContain(`line ${lineNo}: content does not match its content hash`);
      expect(bad.out).toMatch(/FAILED/);
      // Only that line is at fault.
      expect(bad.out.match(/^line \d+/gm)!.every((l) => l === `line ${lineNo}`)).toBe(true);
    },
  );

  it('reports tampering done in SQL at the right stream, version and position', async () => {
    const clean = await admin.call('POST', '/api/audit/verify');
    expect(clean.status).toBe(200);
    expect(clean.body).toMatchObject({ ok: true, findings: [] });
    const stream = `application-${appId}`;
    const rowOf = async (s: string, version: number) =>
      (
        await db.pool.query<{ seq: string; tx: string }>(
          'SELECT seq::text AS seq, tx_id::text AS tx FROM events WHERE stream_id = $1 AND version = $2',
          [s, version],
        )
      ).rows[0]!;

    // 1. An edited payload: the decision's rationale.
    const decided = await rowOf(stream, 7);
    await db.pool.query(
      `UPDATE events SET data = jsonb_set(data, '{rationale}', '"同意"') WHERE stream_id = $1 AND version = 7`,
      [stream],
    );
    // 2. A deleted row: the second review.
    const thirdReview = await rowOf(stream, 6);
    await db.pool.query('DELETE FROM events WHERE stream_id = $1 AND version = 5', [stream]);
    // 3. Two rows swapped: versions 1 and 2 trade places (through a free version: (stream, version) is unique).
    const v1 = await rowOf(stream, 1);
    const v2 = await rowOf(stream, 2);
    await db.pool.query('UPDATE events SET version = 1000 WHERE stream_id = $1 AND version = 1', [stream]);
    await db.pool.query('UPDATE events SET version = 1 WHERE stream_id = $1 AND version = 2', [stream]);
    await db.pool.query('UPDATE events SET version = 2 WHERE stream_id = $1 AND version = 1000', [stream]);
    // 4. A forged row, hashed by the book, appended after the stream's last event by hand.
    const callStream = (
      await db.pool.query<{ stream_id: string }>(
        `SELECT stream_id FROM events WHERE type = 'CallOpened' LIMIT 1`,
      )
    ).rows[0]!.stream_id;
    const last = (
      await db.pool.query<{ chain_hash: Buffer; metadata: Record<string, unknown> }>(
        'SELECT chain_hash, metadata FROM events WHERE stream_id = $1 AND version = 1',
        [callStream],
      )
    ).rows[0]!;
    const forged = {
      id: '00000000-0000-4000-8000-00000000f0f0',
      streamId: callStream,
      type: 'CallClosed',
      schemaVersion: 1,
      data: { reason: 'forged', closedAt: new Date().toISOString() },
      metadata: { ...last.metadata, recordedAt: new Date().toISOString() },
    };
    const forgedContent = contentHash(forged);
    const inserted = (
      await db.pool.query<{ seq: string; tx: string }>(
        `INSERT INTO events (stream_id, version, event_id, type, schema_version, data, metadata, recorded_at,
                             content_hash, chain_hash)
         VALUES ($1, 2, $2, $3, 1, $4, $5, $6, $7, $8) RETURNING seq::text AS seq, tx_id::text AS tx`,
        [
          callStream,
          forged.id,
          forged.type,
          JSON.stringify(forged.data),
          JSON.stringify(forged.metadata),
          forged.metadata.recordedAt,
          forgedContent,
          chainHash(last.chain_hash, 2, forgedContent),
        ],
      )
    ).rows[0]!;

    const res = await admin.call('POST', '/api/audit/verify');
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    const findings = res.body.findings as {
      kind: string;
      streamId: string;
      version: number | null;
      seq: string | null;
      position: string | null;
    }[];
    const at = (kind: string, streamId: string, version: number, row: { seq: string; tx: string }) =>
      expect.objectContaining({ kind, streamId, version, seq: row.seq, position: `${row.tx}.${row.seq}` });
    expect(findings).toEqual(
      expect.arrayContaining([
        at('altered', stream, 7, decided),
        at('missing', stream, 6, thirdReview),
        // the row now at version 1 is the old version 2, the one at version 2 is the old version 1
        at('chain_broken', stream, 1, v2),
        at('order', stream, 2, v1),
        at('head_mismatch', callStream, 2, inserted),
      ]),
    );
    // Nothing reported elsewhere: every finding is on the two tampered streams.
    expect(findings.every((f) => f.streamId === stream || f.streamId === callStream)).toBe(true);
  });
});
