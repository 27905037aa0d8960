import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { DemoSeedResult } from '#libs/identity';
import { AppendNotifier } from '#libs/event-store';
import { AppendSignal } from '#libs/platform';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { ApplicationsController } from '../../apps/api/src/applications/applications.controller.js';
import type { TestApp } from '../support/test-app.js';
import { seedDemo, startIdentityApp } from '../identity/support/identity-test-app.js';
import { cast, day, fieldsFor, iso, rubricScores, signIn, type Person } from './support.js';

// ARCHITECTURE.md "A command's path": one HTTP command reads its stream once, gathers its facts through
// ports from that state, and appends once. Counted here on the real product over real PostgreSQL: every
// statement a node-postgres client sends while the controller method runs (the command bus, the handler,
// the ports, the append). Not counted, and listed apart: the session lookup (the guard runs before the
// controller), the wait for the read model (read-your-writes polls `subscription_checkpoints`, one
// poller shared by every waiting request) and the worker's subscriptions, reactors and queue, which run
// outside the request.

/** Statements sent while a counted controller method runs, by the request that sent them. */
const counting = new AsyncLocalStorage<string[]>();
const READ_YOUR_WRITES = /\bsubscription_checkpoints\b/;

/** Runs a controller method inside a statement log; keeps the decorators' metadata on the function. */
function countIn(proto: object, method: string): void {
  const target = proto as Record<string, (...args: unknown[]) => unknown>;
  const original = target[method]!;
  const wrapped = function (this: unknown, ...args: unknown[]) {
    return counting.run([], () => {
      const log = counting.getStore()!;
      lastLog = log;
      return original.apply(this, args);
    });
  };
  for (const key of Reflect.getMetadataKeys(original))
    Reflect.defineMetadata(key, Reflect.getMetadata(key, original), wrapped);
  Object.defineProperty(wrapped, 'name', { value: original.name });
  target[method] = wrapped;
}
let lastLog: string[] = [];

const clientQuery = pg.Client.prototype.query;
const emitAppend = AppendSignal.prototype.emit;
const announceAppend = AppendNotifier.prototype.announce;
const poolQuery = pg.Pool.prototype.query;
const LOGGED = Symbol('logged');

/** A statement for the report: its text and its first parameter (a stream, a unit: what is read). */
function statementOf(q: string | { text?: string; values?: unknown[] }, second: unknown): string {
  const text = typeof q === 'string' ? q : (q?.text ?? String(q));
  const values = (typeof q === 'string' ? second : q?.values) as unknown[] | undefined;
  return `${text} -- ${String(values?.[0] ?? '')}`;
}

describe('statements one HTTP command sends (ARCHITECTURE.md "A command\'s path"; real PostgreSQL)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let c: ReturnType<typeof cast>;
  let chair: Person;
  let callId: string;

  beforeAll(async () => {
    // A statement is logged where it is sent from: `client.query` called in a counted request, or
    // `pool.query` called in one — pg-pool may hand that statement to a client from another request's
    // callback (a busy pool), so it is logged at the call and tagged for the client not to log it again.
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const log = counting.getStore();
      const q = args[0] as string | { text?: string; values?: unknown[]; [LOGGED]?: true };
      if (log && !(typeof q === 'object' && q?.[LOGGED])) log.push(statementOf(q, args[1]));
      return (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof pg.Client.prototype.query;
    pg.Pool.prototype.query = function (this: pg.Pool, ...args: unknown[]) {
      const log = counting.getStore();
      if (log && (typeof args[0] === 'string' || (typeof args[0] === 'object' && args[0] !== null))) {
        log.push(statementOf(args[0] as string | { text?: string }, args[1]));
        const config = typeof args[0] === 'string' ? { text: args[0] } : { ...(args[0] as object) };
        const values = Array.isArray(args[1]) ? args[1] : undefined;
        args = [{ ...config, ...(values && { values }), [LOGGED]: true }, ...args.slice(values ? 2 : 1)];
      }
      return (poolQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof pg.Pool.prototype.query;
    // An append wakes this process's subscriptions: their work is the worker's, never the request's.
    AppendSignal.prototype.emit = function (this: AppendSignal) {
      counting.exit(() => emitAppend.call(this));
    };
    // Nor is the NOTIFY that wakes the other processes' subscriptions (sent after the append commits,
    // when another process listens): subscription work, not the command's.
    AppendNotifier.prototype.announce = function (this: AppendNotifier, ...args) {
      counting.exit(() => announceAppend.apply(this, args));
    };
    countIn(ApplicationsController.prototype, 'draft');
    countIn(ApplicationsController.prototype, 'review');
    countIn(ApplicationsController.prototype, 'decide');
    db = await createPostgresTestDatabase();
    api = await startIdentityApp(db);
    seed = await seedDemo(api, db);
    c = cast(seed);
    chair = await signIn(api, db, c.chair);
    const call = await chair.call('POST', '/api/calls', {
      kind: 'school_plan',
      orgUnit: c.city.id,
      title: '2026 school plans',
      opensAt: iso(Date.now() - day),
      closesAt: iso(Date.now() + 30 * day),
    });
    expect(call.status).toBe(201);
    callId = call.body.id;
  }, 120_000);
  afterAll(async () => {
    pg.Client.prototype.query = clientQuery;
    pg.Pool.prototype.query = poolQuery;
    AppendSignal.prototype.emit = emitAppend;
    AppendNotifier.prototype.announce = announceAppend;
    await api?.close();
    await db?.drop();
  });

  const ok = async <T extends { status: number; body: unknown }>(res: Promise<T>, what: string) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  };

  /** The counted statements of the last counted request, and the read-your-writes polls apart. */
  function statements() {
    const all = [...lastLog];
    return {
      counted: all.filter((s) => !READ_YOUR_WRITES.test(s)),
      readYourWrites: all.filter((s) => READ_YOUR_WRITES.test(s)).length,
    };
  }
  const report = (what: string, s: ReturnType<typeof statements>) =>
    console.log(
      `${what}: ${s.counted.length} statements (+${s.readYourWrites} read-your-writes polls)\n  ` +
        s.counted
          .map((q) => q.replace(/\s+/g, ' ').replace(/SELECT .{60,}? FROM/, 'SELECT … FROM'))
          .join('\n  '),
    );

  /** An application of a teacher in review with three reviewers of other schools assigned. */
  async function inReview(teacherIndex: number) {
    const applicant = await signIn(api, db, c.teachers[teacherIndex]!);
    const drafted = await ok(
      applicant.call('POST', '/api/applications', {
        callId,
        title: `plan ${applicant.login.username}`,
        fields: fieldsFor.school_plan,
      }),
      'draft',
    );
    const id = drafted.body.id as string;
    await ok(applicant.call('POST', `/api/applications/${id}/submit`), 'submit');
    const reviewers = await Promise.all(
      c.reviewers
        .filter((r) => r.orgUnit !== applicant.login.orgUnit)
        .slice(0, 3)
        .map((r) => signIn(api, db, r)),
    );
    await ok(
      chair.call('POST', `/api/applications/${id}/reviewers`, {
        reviewers: reviewers.map((r) => ({ reviewerId: r.id })),
      }),
      'assign',
    );
    return { id, reviewers };
  }

  it('a review submission: the stream and the append (the pinned policy is held) — at most 4', async () => {
    const { id, reviewers } = await inReview(0);
    await ok(
      reviewers[0]!.call('POST', `/api/applications/${id}/reviews`, {
        scores: rubricScores(80),
        comments: '评审',
      }),
      'review',
    );
    const s = statements();
    report('review submission', s);
    expect(s.counted.length).toBeLessThanOrEqual(4);
    // The application's stream is read once (no second read for scope or facts).
    expect(s.counted.filter((q) => /stream_id = \$1[\s\S]* -- application-/.test(q))).toHaveLength(1);
    expect(s.counted.some((q) => /application_summaries/.test(q))).toBe(false);
  });

  it.each(['reject', 'approve'] as const)(
    'a decision (%s): the stream, the office scope, the append, and for an approval the ladder’s eligibility asked again — at most 4',
    async (decision) => {
      const { id, reviewers } = await inReview(decision === 'reject' ? 1 : 2);
      for (const r of reviewers)
        await ok(
          r.call('POST', `/api/applications/${id}/reviews`, { scores: rubricScores(80), comments: 'ok' }),
          'review',
        );
      const decided = await ok(
        chair.call('POST', `/api/applications/${id}/decision`, { decision, rationale: '综合评审意见' }),
        'decide',
      );
      expect(decided.body.stage).toBe(decision === 'approve' ? 'approved' : 'rejected');
      const s = statements();
      report(`decision (${decision})`, s);
      expect(s.counted.some((q) => /application_summaries/.test(q))).toBe(false);
      expect(s.counted.filter((q) => /stream_id = \$1[\s\S]* -- application-/.test(q))).toHaveLength(1);
      expect(s.counted.length).toBeLessThanOrEqual(4);
    },
  );

  it('a draft: no read of its new stream — the call’s stream (until folded at its head), the org-unit test (once), the append; keyed, its stream is read', async () => {
    const applicant = await signIn(api, db, c.teachers[3]!);
    const body = { callId, title: 'plan', fields: fieldsFor.school_plan };
    const drafted = await ok(applicant.call('POST', '/api/applications', body), 'draft');
    const s = statements();
    report('draft', s);
    expect(s.counted.filter((q) => /-- application-/.test(q))).toHaveLength(1);
    expect(s.counted.find((q) => /-- application-/.test(q))).toMatch(/es_append/);
    // Read unless an earlier draft folded the call at the head the session check read with the session.
    expect(s.counted.filter((q) => /stream_id = \$1[\s\S]* -- call-/.test(q)).length).toBeLessThanOrEqual(1);
    expect(s.counted.length).toBeLessThanOrEqual(3);
    const read = await ok(applicant.call('GET', `/api/applications/${drafted.body.id as string}`), 'read');
    expect(read.body.title).toBe('plan');
    // The applicant's unit, once found within the call's, is not asked again (units never move); the
    // call, unchanged since, is not read again (its head came with the session check, not counted here).
    await ok(applicant.call('POST', '/api/applications', body), 'second draft');
    const second = statements();
    report('second draft', second);
    expect(second.counted).toHaveLength(1);
    expect(second.counted.some((q) => /org_units/.test(q))).toBe(false);
    expect(second.counted.some((q) => /-- call-/.test(q))).toBe(false);

    // With an Idempotency-Key the id comes from the key: a retry must find the first answer in the stream.
    const keyed = { 'idempotency-key': `draft-${Date.now()}` };
    const first = await ok(applicant.call('POST', '/api/applications', body, keyed), 'keyed draft');
    const again = await ok(applicant.call('POST', '/api/applications', body, keyed), 'keyed retry');
    const retried = statements();
    expect(retried.counted.filter((q) => /stream_id = \$1[\s\S]* -- application-/.test(q))).toHaveLength(1);
    expect(retried.counted.some((q) => /es_append/.test(q))).toBe(false);
    expect(again.body).toMatchObject({ id: first.body.id, duplicate: true });

    // Once the call moves, the next draft reads it again, and folds what it is now.
    await ok(chair.call('POST', `/api/calls/${callId}/close`, { reason: '名额已满' }), 'close the call');
    await ok(applicant.call('POST', '/api/applications', body), 'draft after the call moved');
    const moved = statements();
    report('draft after the call moved', moved);
    expect(moved.counted.filter((q) => /stream_id = \$1[\s\S]* -- call-/.test(q))).toHaveLength(1);
    await ok(applicant.call('POST', '/api/applications', body), 'draft after that');
    expect(statements().counted.some((q) => /-- call-/.test(q))).toBe(false);
  });
});
