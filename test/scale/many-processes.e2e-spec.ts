import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  eventIdFor,
  leadershipHolders,
  migrate,
  PostgresEventStore,
  rebuildProjection,
  type LogPosition,
} from '#libs/event-store';
import { TimerQueue } from '#libs/deadlines';
import { seedDemoRegion, type DemoLogin, type DemoSeedResult } from '#libs/identity';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { ALL_PROJECTIONS } from '../../apps/worker/src/projections.js';
import type { TestResponse } from '../support/test-app.js';
import { cast, day, fieldsFor, iso, rubricScores, type Person } from '../approval/support.js';
import { dropQueueKeys, until as waitUntil } from '../support/until.js';
import { ensureServerBuilt } from '../support/build.js';
/** This suite's patience: 30 s, polling every 100 ms. */
const until = <T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 30000) =>
  waitUntil(what, probe, ms, 100);

// README "Running on real servers and scaling": three api processes and two worker processes — the built product
// (dist), as real child processes like test/deadlines/durability.e2e-spec.ts runs its worker — against
// one fresh PostgreSQL database and real Redis. A mixed load of commands goes through all three apis
// (every request to the next api in turn, as a round-robin load balancer would): logins, applications
// from draft to decision, reviewer assignments left to miss their deadline, hours grants, mentorship
// pairings; a tenth of the commands is retried through another api with the same Idempotency-Key. Mid-
// load one worker is SIGKILLed while timers fire; the other must take over its projections, reactors and
// timers. At the end: every read model equals a rebuild from the log, no notification is duplicated,
// every accepted command is recorded once, every timer fired once.
const root = path.resolve(import.meta.dirname, '../..');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Child {
  name: string;
  proc: ChildProcess;
  /** Every log line (pino JSON) it printed, parsed where it parses. */
  lines: Array<Record<string, unknown>>;
  text: () => string;
}

interface Sent {
  actorId: string;
  method: string;
  path: string;
  key: string;
  res: TestResponse;
  ms: number;
  retried?: TestResponse;
}

describe('three apis and two workers on one PostgreSQL and Redis', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let queue: TimerQueue;
  let env: NodeJS.ProcessEnv;
  let seed: DemoSeedResult;
  const children: Child[] = [];
  const apiUrls: string[] = [];
  let next = 0;
  const sent: Sent[] = [];
  let subscriptionNames: string[] = [];

  const spawnChild = (name: string, script: string, extra: Record<string, string>): Child => {
    const proc = spawn(process.execPath, [script], {
      cwd: root,
      env: { ...env, ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let raw = '';
    const lines: Child['lines'] = [];
    let partial = '';
    const take = (d: Buffer) => {
      raw += d.toString();
      partial += d.toString();
      const parts = partial.split('\n');
      partial = parts.pop()!;
      for (const l of parts) {
        try {
          lines.push(JSON.parse(l) as Record<string, unknown>);
        } catch {
          lines.push({ msg: l });
        }
      }
    };
    proc.stdout!.on('data', take);
    proc.stderr!.on('data', take);
    const child = { name, proc, lines, text: () => raw };
    children.push(child);
    return child;
  };
  const running = (c: Child) => c.proc.exitCode === null && c.proc.signalCode === null;
  const exited = (c: Child) =>
    new Promise<number | string>((resolve) => {
      if (!running(c)) return resolve(c.proc.exitCode ?? c.proc.signalCode!);
      c.proc.once('exit', (code, signal) => resolve(code ?? signal ?? -1));
    });
  const startWorker = async (name: string) => {
    const c = spawnChild(name, 'dist/apps/worker/src/main.js', { DB_POOL_SIZE: '6' });
    await until(
      `${name} to start`,
      async () => {
        if (!running(c)) throw new Error(`${name} exited:\n${c.text()}`);
        return c.lines.some((l) => l.msg === 'worker running');
      },
      60_000,
    );
    return c;
  };
  const startApi = async (name: string) => {
    const c = spawnChild(name, 'dist/apps/api/src/main.js', { PORT: '0', DB_POOL_SIZE: '4' });
    const line = await until(
      `${name} to listen`,
      async () => {
        if (!running(c)) throw new Error(`${name} exited:\n${c.text()}`);
        return c.lines.find((l) => typeof l.msg === 'string' && l.msg.startsWith('listening on'));
      },
      60_000,
    );
    expect(line.withWorker).toBe(false);
    return { child: c, url: String(line.url).replace('[::1]', '127.0.0.1') };
  };

  const send = async (
    url: string,
    method: string,
    p: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<TestResponse> => {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(url + p, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };

  /**
   * A signed-in user behind a round-robin load balancer: each request goes to the next api in turn,
   * with the one token the first api issued — the apis share AUTH_SECRET, so each honours the others'.
   */
  const signInEverywhere = async (l: DemoLogin): Promise<Person> => {
    const issuer = apiUrls[next++ % apiUrls.length]!;
    const res = await send(issuer, 'POST', '/api/auth/login', { username: l.username, password: l.password });
    if (res.status !== 200) throw new Error(`login ${l.username}: ${res.status} ${JSON.stringify(res.body)}`);
    const token = res.body.accessToken as string;
    let id: string | undefined;
    for (const url of apiUrls) {
      const me = await send(url, 'GET', '/api/auth/me', undefined, { authorization: `Bearer ${token}` });
      if (me.status !== 200) throw new Error(`a token from ${issuer} at ${url}: ${me.status}`);
      id = (me.body.id ?? me.body.user?.id) as string;
    }
    return {
      login: l,
      id: id!,
      token,
      call: (method, p, body, headers = {}) => {
        const i = next++ % apiUrls.length;
        return send(apiUrls[i]!, method, p, body, { authorization: `Bearer ${token}`, ...headers });
      },
    };
  };

  /**
   * A command through the balancer with its own Idempotency-Key; one in ten is sent again with the same
   * key (a client retrying after a lost answer, landing on another api) and must change nothing.
   */
  const command = async (who: Person, method: string, p: string, body?: unknown): Promise<TestResponse> => {
    const key = `k-${randomUUID()}`;
    const t0 = Date.now();
    const res = await who.call(method, p, body, { 'idempotency-key': key });
    const entry: Sent = { actorId: who.id, method, path: p, key, res, ms: Date.now() - t0 };
    sent.push(entry);
    if (res.status < 300 && sent.length % 10 === 0)
      entry.retried = await who.call(method, p, body, { 'idempotency-key': key });
    return res;
  };
  const ok = (res: TestResponse, what: string) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };

  const count = async (sql: string, params: unknown[] = []) =>
    (await db.pool.query<{ n: number }>(sql, params)).rows[0]!.n;
  /** Every subscription has passed the head of the log, and the head stayed put meanwhile. */
  const settled = async () => {
    const head = await store.headPosition();
    const res = await db.pool.query<{ name: string; tx: string; seq: string }>(
      `SELECT name, tx_id::text AS tx, seq FROM subscription_checkpoints WHERE name = ANY ($1)`,
      [subscriptionNames],
    );
    const at = (p: LogPosition) => head === null || p.tx > head.tx || (p.tx === head.tx && p.seq >= head.seq);
    return (
      res.rows.length === subscriptionNames.length &&
      res.rows.every((r) => at({ tx: BigInt(r.tx), seq: BigInt(r.seq) })) &&
      JSON.stringify(await store.headPosition(), (_, v: unknown) =>
        typeof v === 'bigint' ? v.toString() : v,
      ) === JSON.stringify(head, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
    );
  };
  const holders = () => leadershipHolders(db.pool, subscriptionNames);
  const pidOf = (identity: string) => Number(identity.split(':').pop());

  beforeAll(async () => {
    // The same built product the durability suite runs.
    ensureServerBuilt();
    db = await createPostgresTestDatabase();
    await migrate(db.pool);
    store = new PostgresEventStore(db.pool);
    seed = await seedDemoRegion(store);
    expect(seed.seeded).toBe(true);
    env = {
      ...process.env,
      DATABASE_URL: db.url,
      REDIS_URL,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      // Tokens signed by one api are honoured by the others.
      AUTH_SECRET: `scale-test-${randomUUID()}`,
      // A firing cut off by the SIGKILL is taken over after 2 s instead of 30 s.
      TIMER_LOCK_MS: '2000',
    };
    queue = await TimerQueue.open({ redisUrl: REDIS_URL, databaseUrl: db.url, nodeEnv: 'test' });
  }, 120_000);

  afterAll(async () => {
    for (const c of children) if (running(c)) c.proc.kill('SIGKILL');
    await Promise.all(children.map(exited));
    await queue?.close();
    if (db) {
      // This suite's queues live under its own database's prefix: leave Redis as it was.
      await dropQueueKeys(REDIS_URL, db.url);
      await db.drop();
    }
  });

  it('keeps one truth under mixed load through three apis while a worker is killed', async () => {
    const marks: Array<[string, number]> = [['start', Date.now()]];
    const mark = (what: string) => marks.push([what, Date.now()]);
    const [w1, w2] = await Promise.all([startWorker('worker-1'), startWorker('worker-2')]);
    const apis = await Promise.all([startApi('api-1'), startApi('api-2'), startApi('api-3')]);
    apiUrls.push(...apis.map((a) => a.url));
    // Every subscription the workers set up (projections and reactors alike) has its checkpoint row.
    subscriptionNames = (
      await db.pool.query<{ name: string }>(`SELECT name FROM subscription_checkpoints ORDER BY name`)
    ).rows.map((r) => r.name);
    for (const p of ALL_PROJECTIONS) expect(subscriptionNames).toContain(p.name);
    expect(subscriptionNames.length).toBeGreaterThan(ALL_PROJECTIONS.length);

    // The two workers share the subscriptions out between them; the apis (api-only processes) run none.
    const workerPids = new Set([w1.proc.pid, w2.proc.pid]);
    const shared = await until('both workers to lead a share', async () => {
      const h = await holders();
      const by = new Set([...h.values()].map((x) => pidOf(x.identity)));
      return h.size === subscriptionNames.length && by.size === 2 ? h : null;
    });
    for (const h of shared.values()) expect(workerPids.has(pidOf(h.identity))).toBe(true);
    await until('the read models to hold the seed', settled, 60_000);
    mark('started');

    const c = cast(seed);
    const people = new Map<string, Person>();
    const as = async (l: DemoLogin) => {
      let p = people.get(l.username);
      if (!p) {
        p = await signInEverywhere(l);
        people.set(l.username, p);
      }
      return p;
    };
    const chair = await as(c.chair);
    const admin = await as(c.admin);
    const reviewers = await Promise.all(c.reviewers.map(as));
    const calls: Record<string, string> = {};
    for (const kind of ['school_plan', 'training_project'] as const) {
      const res = ok(
        await command(chair, 'POST', '/api/calls', {
          kind,
          orgUnit: c.city.id,
          title: `2026 ${kind} 申报`,
          opensAt: iso(Date.now() - day),
          closesAt: iso(Date.now() + 30 * day),
        }),
        'call',
      );
      calls[kind] = res.body.id;
    }

    const applicants = c.teachers.filter((t) => t.tier !== 'new').slice(0, 24);
    const decided: string[] = [];
    const stalledEarly: string[] = [];
    const stalledLate: string[] = [];
    /** An application from draft to decision, or (stalled) left in review for its deadline to pass. */
    const application = async (i: number, stall: string[] | null) => {
      const applicant = await as(applicants[i]!);
      const kind = i % 2 ? 'training_project' : 'school_plan';
      const draft = ok(
        await command(applicant, 'POST', '/api/applications', {
          callId: calls[kind],
          title: `${kind} ${i} by ${applicant.login.username}`,
          fields: fieldsFor[kind],
        }),
        'draft',
      );
      const id = draft.body.id as string;
      ok(await command(applicant, 'POST', `/api/applications/${id}/submit`), 'submit');
      const three = reviewers.filter((r) => r.login.orgUnit !== applicant.login.orgUnit).slice(0, 3);
      ok(
        await command(chair, 'POST', `/api/applications/${id}/reviewers`, {
          reviewers: three.map((r) => ({ reviewerId: r.id })),
        }),
        'assign',
      );
      if (stall) {
        stall.push(id);
        return;
      }
      for (const [n, r] of three.entries())
        ok(
          await command(r, 'POST', `/api/applications/${id}/reviews`, {
            scores: rubricScores(70 + n * 10),
            comments: `评审意见 ${n}`,
          }),
          'review',
        );
      const decision = ok(
        await command(chair, 'POST', `/api/applications/${id}/decision`, {
          decision: i % 3 ? 'approve' : 'reject',
          rationale: '综合评审意见',
          documentsSeen: ['申报书.pdf'],
        }),
        'decision',
      );
      // Read-your-writes across processes: the next request lands on another api, which waits for the
      // position the first one wrote (whichever worker runs the projection moves the checkpoint).
      const seen = await chair.call('GET', `/api/applications/${id}`, undefined, {
        'x-min-position': decision.headers.get('x-log-position')!,
      });
      expect(seen.status).toBe(200);
      expect(seen.body.stage).toBe(i % 3 ? 'approved' : 'rejected');
      decided.push(id);
    };
    const hoursGrant = async (l: DemoLogin, n: number) => {
      const teacher = await as(l);
      ok(
        await command(admin, 'POST', `/api/teachers/${teacher.id}/hours`, {
          hours: 10,
          level: 'city',
          kind: 'activity',
          completedAt: new Date().toISOString(),
          source: { type: 'activity', id: `scale-${n}-${teacher.id}`, approvingRecord: 'scale test' },
        }),
        'hours',
      );
    };
    const pairing = async (mentor: DemoLogin, mentee: DemoLogin) => {
      const [m, t] = [await as(mentor), await as(mentee)];
      ok(await command(admin, 'POST', '/api/mentorships', { mentorId: m.id, menteeId: t.id }), 'pair');
    };

    const tasks: Array<() => Promise<void>> = [];
    // Early: three applications left in review (their deadline timers fire around the kill) …
    for (let i = 0; i < 3; i++) tasks.push(() => application(i, stalledEarly));
    const newcomers = c.teachers.filter((t) => t.tier === 'new');
    for (let i = 3; i < 24; i++) {
      tasks.push(() => application(i, i >= 21 ? stalledLate : null));
      tasks.push(() => hoursGrant(c.teachers[i % c.teachers.length]!, i));
      if (i < 3 + c.schools.length * 2) {
        const school = c.schools[Math.floor((i - 3) / 2)]!;
        const mentor = seed.logins.find((l) => l.orgUnit === school.id && l.roles.includes('mentor'))!;
        const mentee = newcomers.filter((t) => t.orgUnit === school.id)[(i - 3) % 2]!;
        tasks.push(() => pairing(mentor, mentee));
      }
    }
    // … late: the last three are assigned after the kill, so only the survivor's timers reactor can
    // schedule their timers.

    const timersOf = async (ids: string[]) =>
      (await queue.pendingJobs()).filter((j) => {
        const t = j.timer as { kind: string; applicationId?: string; at?: string };
        return (
          ids.includes(t.applicationId ?? '') &&
          (t.kind === 'review-due' || (t.kind === 'review-reminder' && t.at === 'before-P3D'))
        );
      });
    const promoted: string[] = [];
    const promoteTimersOf = async (ids: string[]) => {
      // Two per reviewer: the due timer (missed review → overdue, the chair is told) and the 3-day
      // reminder (the reviewer is told); due in 14 days, so moved to now as an operator's "fire now".
      const jobs = await until(`the timers of ${ids.length} stalled applications`, async () => {
        const j = await timersOf(ids);
        return j.length === ids.length * 3 * 2 ? j : null;
      });
      for (const j of jobs) await queue.promote(j.id);
      promoted.push(...jobs.map((j) => j.id));
    };

    let victim: Child | null = null;
    let survivor: Child | null = null;
    let victimHeld: string[] = [];
    let handOverMs = 0;
    const killAt = Math.floor(tasks.length * 0.35);
    let done = 0;
    const kill = async () => {
      await promoteTimersOf(stalledEarly);
      const h = await holders();
      victim = [w1, w2].find((w) => [...h.values()].some((x) => pidOf(x.identity) === w.proc.pid))!;
      survivor = victim === w1 ? w2 : w1;
      victimHeld = [...h].filter(([, x]) => pidOf(x.identity) === victim!.proc.pid).map(([n]) => n);
      expect(victimHeld.length).toBeGreaterThan(0);
      const killedAt = Date.now();
      victim.proc.kill('SIGKILL');
      expect(await exited(victim)).toBe('SIGKILL');
      await until(
        'the survivor to lead every subscription',
        async () => {
          const after = await holders();
          return (
            after.size === subscriptionNames.length &&
            [...after.values()].every((x) => pidOf(x.identity) === survivor!.proc.pid)
          );
        },
        15_000,
      );
      handOverMs = Date.now() - killedAt;
    };
    // Four clients at a time; the kill happens between tasks while the others are in flight.
    let killing: Promise<void> | null = null;
    const queueOfTasks = [...tasks];
    mark('signed in');
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (;;) {
          const t = queueOfTasks.shift();
          if (!t) return;
          await t();
          if (++done === killAt) killing = kill();
        }
      }),
    );
    await killing;
    await promoteTimersOf(stalledLate);
    mark('load');

    // Leadership moved: PostgreSQL says so (above), and so does the survivor's log.
    expect(victim).not.toBeNull();
    const s = survivor as unknown as Child;
    const tookOver = s.lines
      .filter((l) => typeof l.msg === 'string' && /leading /.test(l.msg))
      .flatMap((l) => (l.taken as string[]) ?? []);
    for (const n of victimHeld) expect(tookOver).toContain(n);
    expect(handOverMs).toBeLessThan(5000);

    // Quiet: every promoted timer fired (a firing cut off by the kill was taken over after its lock
    // expired), the reactors' commands are in, every subscription is at the head.
    await until(
      'every promoted timer to complete',
      async () => {
        for (const id of promoted) if ((await queue.state(id)) !== 'completed') return false;
        return true;
      },
      60_000,
    );
    await until('every subscription to reach the head', settled, 60_000);
    await new Promise((r) => setTimeout(r, 1000));
    await until('every subscription to reach the head', settled, 30_000);
    mark('settled');
    expect((await queue.counts()).failed ?? 0).toBe(0);

    // Timers fired once: one ReviewOverdue per missed review, one message per timer and recipient.
    const stalled = [...stalledEarly, ...stalledLate];
    expect(
      await count(
        `SELECT count(*)::int AS n FROM events WHERE type = 'ReviewOverdue' AND stream_id = ANY ($1)`,
        [stalled.map((id) => `application-${id}`)],
      ),
    ).toBe(stalled.length * 3);
    expect(
      await count(
        `SELECT count(DISTINCT (stream_id, data->>'reviewerId'))::int AS n FROM events WHERE type = 'ReviewOverdue'`,
      ),
    ).toBe(stalled.length * 3);
    const sentByKind = async (kind: string) =>
      count(`SELECT count(*)::int AS n FROM events WHERE type = 'NotificationSent' AND data->>'kind' = $1`, [
        kind,
      ]);
    expect(await sentByKind('review_overdue')).toBe(stalled.length * 3);
    expect(await sentByKind('review_reminder')).toBe(stalled.length * 3);
    // No notification duplicated: one per key and recipient, in the log and in the inbox read model.
    const dupes = await db.pool.query(
      `SELECT data->>'key' AS key, data->>'recipientId' AS recipient, count(*)::int AS n FROM events
        WHERE type = 'NotificationSent' GROUP BY 1, 2 HAVING count(*) > 1`,
    );
    expect(dupes.rows).toEqual([]);

    // Every accepted command is recorded once: its events carry the command id derived from its
    // Idempotency-Key, as many as the answer listed; a retry through another api added none.
    const accepted = sent.filter((x) => x.res.status < 300);
    expect(accepted.length).toBe(sent.length);
    const commandIds = new Set<string>();
    for (const x of accepted) {
      const id = eventIdFor(`idem:${x.actorId}:${x.method}:${x.path}:${x.key}`, 0);
      commandIds.add(id);
      const n = await count(`SELECT count(*)::int AS n FROM events WHERE metadata->>'commandId' = $1`, [id]);
      const listed = Array.isArray(x.res.body?.events) ? (x.res.body.events as unknown[]).length : null;
      if (listed !== null)
        expect({ command: `${x.method} ${x.path}`, n }).toEqual({
          command: `${x.method} ${x.path}`,
          n: listed,
        });
      else expect(n).toBeGreaterThan(0);
      if (x.retried) {
        expect(x.retried.status).toBe(x.res.status);
        if (x.retried.body && typeof x.retried.body === 'object' && 'duplicate' in x.retried.body)
          expect(x.retried.body.duplicate).toBe(true);
      }
    }
    expect(accepted.filter((x) => x.retried).length).toBeGreaterThan(5);
    const byPeople = await db.pool.query<{ id: string }>(
      `SELECT DISTINCT metadata->>'commandId' AS id FROM events
        WHERE metadata->>'actorRole' IS DISTINCT FROM 'system' AND metadata->>'seed' IS NULL
          AND metadata ? 'commandId' AND stream_id <> 'seed-demo'`,
    );
    // (Events by people are exactly these commands: nothing else, nothing twice.)
    expect(new Set(byPeople.rows.map((r) => r.id))).toEqual(commandIds);
    // Read-your-writes held through the hand-over: every command's answer saw its own write.
    expect(accepted.filter((x) => x.res.body?.readModelCaughtUp === false).map((x) => x.path)).toEqual([]);
    expect(decided.length).toBe(18);

    // A graceful stop of everything (the survivor releases its leadership on the way out).
    for (const c2 of children.filter(running)) c2.proc.kill('SIGTERM');
    for (const c2 of children)
      expect([c2.name, await exited(c2)]).toEqual([c2.name, c2 === victim ? 'SIGKILL' : expect.anything()]);
    // A graceful stop ends with code 0 (the api) or by re-raising SIGTERM (Nest's shutdown hooks).
    for (const c2 of children.filter((x) => x !== victim))
      expect([c2.name, [0, 'SIGTERM'].includes(c2.proc.signalCode ?? c2.proc.exitCode!)]).toEqual([
        c2.name,
        true,
      ]);
    expect(s.lines.some((l) => typeof l.msg === 'string' && /released leadership/.test(l.msg))).toBe(true);
    await until('the locks to be gone with the sessions', async () => (await holders()).size === 0, 5000);

    // Every read model equals a rebuild from the log: copy the live tables aside, rebuild each
    // projection into fresh tables (the product's rebuild, which swaps them in), compare row for row.
    const mismatches: string[] = [];
    for (const p of ALL_PROJECTIONS) {
      await db.pool.query(`DROP SCHEMA IF EXISTS live_copy CASCADE; CREATE SCHEMA live_copy`);
      for (const t of p.tables) await db.pool.query(`CREATE TABLE live_copy.${t} AS TABLE public.${t}`);
      await rebuildProjection(db.pool, p);
      for (const t of p.tables) {
        const rows = await count(`SELECT count(*)::int AS n FROM public.${t}`);
        const differ = await count(
          `SELECT count(*)::int AS n FROM (
             (SELECT to_jsonb(x) FROM live_copy.${t} x EXCEPT ALL SELECT to_jsonb(y) FROM public.${t} y)
             UNION ALL
             (SELECT to_jsonb(y) FROM public.${t} y EXCEPT ALL SELECT to_jsonb(x) FROM live_copy.${t} x)) d`,
        );
        if (differ > 0) mismatches.push(`${p.name}.${t}: ${differ} of ${rows} rows differ`);
        if (['application_summaries', 'audit_log'].includes(t)) expect(rows).toBeGreaterThan(0);
      }
    }
    mark('rebuilt');
    expect(mismatches).toEqual([]);
    const ms = sent.map((x) => x.ms).sort((a, b) => a - b);
    const pct = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];
    process.stdout.write(
      `command latency p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${pct(1)} ms\n` +
        `many processes: ${sent.length} commands (${accepted.filter((x) => x.retried).length} retried) ` +
        `over 3 apis; ${marks
          .slice(1)
          .map(([w, t], i) => `${w} +${((t - marks[i]![1]) / 1000).toFixed(1)} s`)
          .join(', ')}; hand-over after SIGKILL in ${handOverMs} ms ` +
        `(${victimHeld.join(', ')})\n`,
    );
  }, 240_000);
});
