import { randomUUID } from 'node:crypto';
import { applicationDecider, applicationSummaryProjection } from '#libs/approval';
import { loadState, rebuildProjection, verifyChain, type EventStore } from '#libs/event-store';
import type { DemoSeedResult } from '#libs/identity';
import { EVENT_STORE } from '#libs/platform';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import type { TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import { seedDemo, startIdentityApp } from '../identity/support/identity-test-app.js';
import {
  cast,
  day,
  eligibleForBackbone,
  fieldsFor,
  iso,
  rubricScores,
  signIn,
  type Person,
} from './support.js';

// The schema-version hook's first user (ARCHITECTURE.md "Between contexts": never rename a type — add a
// version and upcast old ones on read). ApplicationDecided v2 names the applicant, kind and target tier,
// so the ladder reactor acts on the decision alone. Decisions recorded as v1 before that — stored here
// as the old code wrote them — are read as v2 by the decider, the read models and the reactor, and a
// rebuild of the read models from the log gives the same rows.
describe('ApplicationDecided v1 events read as v2 (real PostgreSQL)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let c: ReturnType<typeof cast>;
  let chair: Person;
  let admin: Person;
  let store: EventStore;
  const calls: Record<string, string> = {};

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startIdentityApp(db);
    seed = await seedDemo(api, db);
    c = cast(seed);
    chair = await signIn(api, db, c.chair);
    admin = await signIn(api, db, c.admin);
    store = api.app.get(EVENT_STORE) as EventStore;
    for (const kind of ['tier_promotion', 'training_project'] as const) {
      const res = await chair.call('POST', '/api/calls', {
        kind,
        orgUnit: c.city.id,
        title: kind,
        opensAt: iso(Date.now() - day),
        closesAt: iso(Date.now() + 30 * day),
      });
      calls[kind] = res.body.id;
    }
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  /** An application through its reviews over HTTP, then decided by a v1 event as the old code wrote it. */
  async function decidedAsV1(applicant: Person, kind: 'tier_promotion' | 'training_project') {
    const draft = await applicant.call('POST', '/api/applications', {
      callId: calls[kind],
      title: `v1 ${kind}`,
      fields: fieldsFor[kind],
    });
    const id = draft.body.id as string;
    expect((await applicant.call('POST', `/api/applications/${id}/submit`)).status).toBe(200);
    const reviewers = await Promise.all(
      c.reviewers
        .filter((r) => r.orgUnit !== applicant.login.orgUnit)
        .slice(0, 3)
        .map((r) => signIn(api, db, r)),
    );
    await chair.call('POST', `/api/applications/${id}/reviewers`, {
      reviewers: reviewers.map((r) => ({ reviewerId: r.id })),
    });
    for (const r of reviewers)
      expect(
        (
          await r.call('POST', `/api/applications/${id}/reviews`, {
            scores: rubricScores(84),
            comments: 'ok',
          })
        ).status,
      ).toBe(200);
    const streamId = `application-${id}`;
    const head = (await store.streamInfo(streamId))!.version;
    const correlationId = randomUUID();
    await store.append(streamId, head, [
      {
        id: randomUUID(),
        type: 'ApplicationDecided',
        schemaVersion: 1,
        // The v1 shape: no applicant, kind or target tier.
        data: {
          decision: 'approve',
          rationale: '同意（旧版本记录）',
          decidedAt: new Date().toISOString(),
          policyVersion: 'default-1',
          rubricVersion: 'rubric-five-dimensions-1',
          reviews: reviewers.map((r) => ({ reviewerId: r.id, total: 84, scores: rubricScores(84) })),
          averageScore: 84,
          documentsSeen: [],
        },
        metadata: {
          actorId: chair.id,
          actorRole: 'chair',
          orgUnit: c.city.id,
          correlationId,
          causationId: correlationId,
          commandId: randomUUID(),
          recordedAt: new Date().toISOString(),
        },
      },
    ]);
    return id;
  }

  it('stores the v1 event as written, and hands it to every reader as v2', async () => {
    const applicant = await signIn(
      api,
      db,
      c.teachers.find((t) => t.tier === 'young')!,
    );
    await eligibleForBackbone(admin, applicant);
    const id = await decidedAsV1(applicant, 'tier_promotion');

    // Stored as written: schema version 1, no new fields; the hash chain still verifies.
    const row = (
      await db.pool.query(
        `SELECT schema_version, data FROM events WHERE stream_id = $1 AND type = 'ApplicationDecided'`,
        [`application-${id}`],
      )
    ).rows[0];
    expect(row.schema_version).toBe(1);
    expect(row.data.applicantId).toBeUndefined();
    expect((await verifyChain(db.pool)).findings).toEqual([]);

    // The decider's read: v2, naming the applicant, kind and tier from the stream's own earlier events.
    const { state, events } = await loadState(store, applicationDecider, `application-${id}`);
    expect(events.at(-1)).toMatchObject({
      type: 'ApplicationDecided',
      schemaVersion: 2,
      data: {
        applicantId: applicant.id,
        kind: 'tier_promotion',
        targetTier: 'backbone',
        decision: 'approve',
      },
    });
    expect(state).toMatchObject({ stage: 'approved', decision: 'approve' });

    // The reactor's read: it awards the tier from the decision alone (v1 data names no one).
    const p = await until('the tier awarded by the ladder reactor', async () => {
      const view = (await applicant.call('GET', '/api/teachers/me/progression')).body;
      return view.tier === 'backbone' ? view : null;
    });
    expect(p.tierHistory.at(-1)).toMatchObject({ source: { type: 'promotion', applicationId: id } });

    // The read model's: decided and approved.
    const seen = await applicant.call('GET', `/api/applications/${id}`);
    expect(seen.body).toMatchObject({ stage: 'approved', decision: 'approve', averageScore: 84 });
  });

  it('runs a training project approved by a v1 decision, and a rebuild of the read models gives the same rows', async () => {
    const owner = await signIn(api, db, c.teachers[0]!);
    const trainee = await signIn(api, db, c.teachers[12]!);
    const id = await decidedAsV1(owner, 'training_project');

    // The projection starts the project's first cycle from the v2 `kind` and lists it for enrolment.
    const listed = await until('the project listed', async () => {
      const res = await trainee.call('GET', '/api/training-projects');
      return (res.body.items as { id: string; cycle: number }[]).find((i) => i.id === id) ?? null;
    });
    expect(listed).toMatchObject({ cycle: 1, enrolled: 0 });
    // The decider runs it: enrolment and completion on top of the upcast decision.
    expect((await trainee.call('POST', `/api/applications/${id}/enrolments`, {})).status).toBe(200);
    expect(
      (
        await owner.call('POST', `/api/applications/${id}/completions`, {
          teacherId: trainee.id,
          hours: 60,
          score: 90,
        })
      ).status,
    ).toBe(200);

    const tables = applicationSummaryProjection.tables;
    const snapshot = async () => {
      const out: Record<string, unknown[]> = {};
      for (const t of tables) {
        const keys =
          t === 'calls' ? 'call_id' : t === 'application_stage_counts' ? 'org_unit' : 'application_id';
        out[t] = (await db.pool.query(`SELECT * FROM ${t} ORDER BY ${keys}, 2, 3`)).rows;
      }
      return out;
    };
    // The rebuild loads its scratch tables without their secondary indexes and builds them after the
    // load: the swapped-in tables must carry the same indexes, under the same names.
    const indexes = async () =>
      (
        await db.pool.query(
          `SELECT indexname, indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename = ANY ($1) ORDER BY indexname`,
          [[...tables]],
        )
      ).rows;
    const indexesBefore = await indexes();
    const before = await snapshot();
    expect(
      (before.application_summaries as { application_id: string; cycle: number; stage: string }[]).find(
        (r) => r.application_id === id,
      ),
    ).toMatchObject({ stage: 'approved', cycle: 1, enrolled: 1, completed: 1 });
    // A rebuild stopped part-way (here by its progress callback, after its first batch) leaves the
    // live tables as they were and no scratch schema behind.
    await expect(
      rebuildProjection(db.pool, applicationSummaryProjection, {
        batchSize: 2,
        onProgress: (p) => {
          if (p.done > 0) throw new Error('stopped');
        },
      }),
    ).rejects.toThrow('stopped');
    expect(await snapshot()).toEqual(before);
    const scratch = await db.pool.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild\\_%'`);
    expect(scratch.rows).toEqual([]);

    const result = await rebuildProjection(db.pool, applicationSummaryProjection);
    expect(result.events).toBeGreaterThan(0);
    expect(await snapshot()).toEqual(before);
    expect(await indexes()).toEqual(indexesBefore);
  });
});
