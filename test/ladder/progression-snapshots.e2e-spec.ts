import type { DemoSeedResult } from '#libs/identity';
import { TEACHER_SNAPSHOT_EVERY, TEACHER_SNAPSHOT_TAG } from '#libs/ladder';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import type { TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import { seedDemo, startIdentityApp } from '../identity/support/identity-test-app.js';
import { cast, signIn, type Person } from '../approval/support.js';
import { TeachersController } from '../../apps/api/src/ladder/teachers.controller.js';

// The progression view read after a snapshot of the teacher's folded record (EventStore.saveSnapshot),
// over HTTP on real PostgreSQL. The snapshot is a cache of the log: the view read after it must be the
// view folded from the whole stream, events appended since included (a keeper's command is in the next
// read), a snapshot of another state version must be left unused, and the snapshot table must hold no
// personal data (DOMAIN.md "Audit trail": names are sealed in identity's events, and erasable).
describe('the progression view read after a snapshot of the record (real PostgreSQL)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let admin: Person;
  let teacher: Person;

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startIdentityApp(db);
    seed = await seedDemo(api, db);
    const c = cast(seed);
    admin = await signIn(api, db, c.admin);
    teacher = await signIn(api, db, c.teachers[3]!);
    await until(
      `${teacher.login.username}'s ladder record`,
      async () => (await teacher.call('GET', '/api/teachers/me/progression')).status === 200,
    );
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const streamId = () => `teacher-${teacher.id}`;
  /** The api's records held in memory are dropped, so the next read goes to the store (a miss). */
  const forget = () =>
    (api.app.get(TeachersController) as unknown as { folded: Map<string, unknown> }).folded.clear();
  const view = async () => {
    const res = await admin.call('GET', `/api/teachers/${teacher.id}/progression`);
    expect(res.status).toBe(200);
    // The time of the read (asOf) differs between any two reads; the rest is the record's view.
    const { asOf: _asOf, ...rest } = res.body as Record<string, unknown>;
    return rest as Record<string, unknown> & { ledger: { entryId: string; reversed: boolean }[] };
  };
  /** The view folded from the whole stream: no snapshot, nothing held. */
  const folded = async () => {
    await db.pool.query(`DELETE FROM stream_snapshots WHERE stream_id = $1`, [streamId()]);
    forget();
    return view();
  };
  const snapshot = async () =>
    (
      await db.pool.query<{ tag: string; version: string; state: unknown }>(
        `SELECT tag, version, state FROM stream_snapshots WHERE stream_id = $1`,
        [streamId()],
      )
    ).rows[0];
  const streamVersion = async () =>
    Number(
      (
        await db.pool.query<{ v: string }>(`SELECT version AS v FROM streams WHERE stream_id = $1`, [
          streamId(),
        ])
      ).rows[0]!.v,
    );
  const grant = (n: number) =>
    admin.call('POST', `/api/teachers/${teacher.id}/hours`, {
      hours: 2,
      level: n % 2 ? 'school' : 'district',
      kind: 'activity',
      completedAt: new Date(Date.now() - 86_400_000).toISOString(),
      source: { type: 'activity', id: `lesson-study-${n}`, approvingRecord: '校〔2026〕5号' },
    });

  it('keeps a snapshot after folding a long record, and answers the same view from it', async () => {
    for (let n = 0; n < 25; n++) expect((await grant(n)).status).toBe(200);
    const whole = await folded();
    // The read that folded 25+ events keeps a snapshot at the stream's head (saved after the answer).
    await until('the snapshot', async () => (await snapshot()) !== undefined);
    const kept = (await snapshot())!;
    expect(kept.tag).toBe(TEACHER_SNAPSHOT_TAG);
    expect(Number(kept.version)).toBe(await streamVersion());
    forget();
    const fromSnapshot = await view();
    expect(fromSnapshot).toEqual(whole);
    expect(JSON.stringify(fromSnapshot)).toBe(JSON.stringify(whole));
  });

  it('folds the events appended after the snapshot: a keeper’s commands are in the next read', async () => {
    const before = (await snapshot())!;
    expect((await grant(100)).status).toBe(200);
    const first = (await view()).ledger[0]!.entryId;
    const reversed = await admin.call('POST', `/api/teachers/${teacher.id}/hours/${first}/reversal`, {
      reason: '重复登记',
    });
    expect(reversed.status).toBe(200);
    forget();
    const afterSnapshot = await view();
    // Read after the same snapshot (three events past it: not enough for a new one).
    expect(Number((await snapshot())!.version)).toBe(Number(before.version));
    expect(afterSnapshot.ledger.find((e) => e.entryId === first)!.reversed).toBe(true);
    expect(afterSnapshot.ledger.at(-1)).toMatchObject({ source: { id: 'lesson-study-100' } });
    expect(afterSnapshot).toEqual(await folded());
  });

  it('answers from the snapshot of its state version, and leaves one of another version unused', async () => {
    const whole = await folded();
    await until('the snapshot', async () => (await snapshot()) !== undefined);
    // A snapshot whose state differs from the log's fold shows which one a read used.
    await db.pool.query(
      `UPDATE stream_snapshots SET state = json_build_object('exists', true, 'teacherId', $2::text,
         'orgUnit', $3::text, 'tier', 'master', 'tierHistory', '[]'::json, 'ledger', '[]'::json,
         'ethics', '{}'::json, 'banEndsAt', null, 'flaggedForRemoval', false, 'appraisals', '{}'::json,
         'mentorships', '[]'::json, 'revokedAssessments', '[]'::json, 'banSchoolYear', null,
         'retraining', '[]'::json) WHERE stream_id = $1`,
      [streamId(), teacher.id, teacher.login.orgUnit],
    );
    forget();
    expect(await view()).toMatchObject({ tier: 'master', ledger: [] });
    // The same state under an older tag (a fold before a change to evolve) is never used.
    await db.pool.query(`UPDATE stream_snapshots SET tag = 'teacher-state-0' WHERE stream_id = $1`, [
      streamId(),
    ]);
    forget();
    expect(await view()).toEqual(whole);
    // And the read that folded the whole record replaced it with one of this version.
    await until('a snapshot of this version', async () => (await snapshot())?.tag === TEACHER_SNAPSHOT_TAG);
  });

  it('is kept near the head by the worker, so a read after a keeper’s commands writes none', async () => {
    const whole = await folded();
    await until('the snapshot', async () => (await snapshot()) !== undefined);
    // No snapshot and no read: only the worker (teacherSnapshotsReactor) can make the next one.
    await db.pool.query(`DELETE FROM stream_snapshots WHERE stream_id = $1`, [streamId()]);
    for (let n = 200; n < 200 + TEACHER_SNAPSHOT_EVERY; n++) expect((await grant(n)).status).toBe(200);
    const head = await streamVersion();
    await until(
      'the worker’s snapshot',
      async () => Number((await snapshot())?.version ?? 0) > head - TEACHER_SNAPSHOT_EVERY,
    );
    const taken = async () =>
      (
        await db.pool.query<{ version: string; taken_at: Date }>(
          `SELECT version, taken_at FROM stream_snapshots WHERE stream_id = $1`,
          [streamId()],
        )
      ).rows[0];
    const before = await taken();
    forget();
    const read = await view();
    expect(read.ledger).toHaveLength(whole.ledger.length + TEACHER_SNAPSHOT_EVERY);
    // The read folded fewer events past the snapshot than its own threshold: it saved nothing.
    await new Promise((r) => setTimeout(r, 300));
    expect(await taken()).toEqual(before);
    expect(JSON.stringify(read)).toBe(JSON.stringify(await folded()));
    // That whole-stream read keeps a snapshot again (not awaited by the answer): the next test reads it.
    await until('the snapshot', async () => (await snapshot()) !== undefined);
  });

  it('holds no personal data, before an erasure or after it', async () => {
    const me = seed.logins.find((l) => l.username === teacher.login.username)!;
    const personal = [me.displayName, me.username].filter((s) => s.length > 0);
    const table = async () => JSON.stringify((await db.pool.query(`SELECT * FROM stream_snapshots`)).rows);
    expect((await snapshot())!.state).toMatchObject({ teacherId: teacher.id });
    for (const p of personal) expect(await table()).not.toContain(p);
    const erased = await admin.call('POST', `/api/users/${teacher.id}/erasure`, {
      reason: '本人书面申请删除个人信息',
      legalBasis: 'PIPL Art. 47',
    });
    expect(erased.status).toBe(200);
    forget();
    expect((await view()).teacherId).toBe(teacher.id);
    for (const p of personal) expect(await table()).not.toContain(p);
  });
});
