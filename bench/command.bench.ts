import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { signToken } from './baseline-server.js';
import {
  createBenchDatabase,
  fmt,
  freePort,
  overBound,
  percentile,
  ratio,
  ratioShort,
  rssMb,
  shortOf,
  ROOT,
  startProduct,
  startWorker,
  type Row,
} from './support.js';

async function call(url: string, method: string, path: string, token: string | null, body?: unknown) {
  const res = await fetch(url + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** 32 connections sending the same command for `seconds`: the latencies of those answered 201. */
async function drive(
  url: string,
  token: string,
  body: () => unknown,
  seconds: number,
  headers: Record<string, string> = {},
) {
  const latencies: number[] = [];
  let failures = 0;
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (Date.now() < deadline) {
        const t = performance.now();
        const res = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body()),
        });
        await res.arrayBuffer();
        if (res.status === 201) latencies.push(performance.now() - t);
        else failures++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    rate: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failures,
  };
}

/**
 * C1's baseline: the minimal authenticated, validated, persisted HTTP command (bench/baseline-server.ts:
 * Fastify, an HMAC bearer token, a JSON schema, one INSERT through node-postgres) in its own process on
 * the same database server, driven by the same 32 connections and the same body.
 */
async function fastifyBaseline(dbUrl: string, seconds: number, body: () => unknown) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/bench/baseline-server.js')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATABASE_URL: dbUrl, BASELINE_SECRET: 'bench-baseline' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  try {
    for (let waited = 0; !output.includes('baseline listening'); waited += 20) {
      if (child.exitCode !== null || waited > 30_000)
        throw new Error(`baseline server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return await drive(
      `http://127.0.0.1:${port}/commands`,
      signToken('bench-user', 'bench-baseline'),
      body,
      seconds,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  }
}

/**
 * C1 and M1: the built product on real PostgreSQL, 32 connections sending authenticated, validated
 * commands (draft an application: validation, token check, scope and call facts, decider, append, and
 * the read-your-writes wait for the projection) for `seconds`, in the production layout (the api and
 * the worker as separate processes) and as `npm start` runs it (one process, `with worker`); the API's
 * resident memory is sampled throughout the first. Baseline: the minimal Fastify command above, same
 * run, same server.
 */
export async function commandBenchmarks(opts: { seconds: number }): Promise<Row[]> {
  const env = {
    NODE_ENV: 'development', // seeds the demo region: users to sign in with
    AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-00',
    DB_POOL_SIZE: '20',
  };
  const fields = { kind: 'school_plan', schoolYear: '2026-2027', summary: '课堂观察与同课异构' };
  const baselineDb = await createBenchDatabase(2);
  const baseline = await fastifyBaseline(baselineDb.url, opts.seconds, () => ({
    callId: randomUUID(),
    title: '校本研修方案',
    fields,
  })).finally(() => baselineDb.drop());

  async function measure(withWorker: boolean, headers: Record<string, string> = {}) {
    const db = await createBenchDatabase(4);
    const port = await freePort();
    const product = await startProduct({ ...env, DATABASE_URL: db.url }, port, { withWorker });
    const worker = withWorker ? null : await startWorker({ ...env, DATABASE_URL: db.url });
    try {
      const login = async (username: string) =>
        (await call(product.url, 'POST', '/api/auth/login', null, { username, password: `demo-${username}` }))
          .body.accessToken as string;
      // Sign-in reads the demo users' own streams, so it works once the seed has written them.
      let chair: string | undefined;
      for (let i = 0; !chair && i < 600; i++) {
        chair = await login('chair').catch(() => undefined);
        if (!chair) await new Promise((r) => setTimeout(r, 200));
      }
      if (!chair) throw new Error('the chair could not sign in within 2 minutes');
      const me = (await call(product.url, 'GET', '/api/auth/me', chair)).body;
      // The scope check reads the org units the worker folds into the directory, which may still be
      // catching up with the seed (a refused call is a 403 and appends nothing): asked again meanwhile.
      const openCall = () =>
        call(product.url, 'POST', '/api/calls', chair, {
          kind: 'school_plan',
          orgUnit: me.orgUnit,
          title: 'bench call',
          opensAt: new Date(Date.now() - 86_400_000).toISOString(),
          closesAt: new Date(Date.now() + 86_400_000).toISOString(),
        });
      let opened = await openCall();
      for (let i = 0; opened.status === 403 && i < 600; i++) {
        await new Promise((r) => setTimeout(r, 200));
        opened = await openCall();
      }
      if (opened.status !== 201)
        throw new Error(`open call: ${opened.status} ${JSON.stringify(opened.body)}`);
      const teacher = await login('wang.wei1');
      const body = { callId: opened.body.id, title: '校本研修方案', fields };
      let peakRss = rssMb(product.child.pid!);
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(product.child.pid!))), 200);
      const result = await drive(
        `${product.url}/api/applications`,
        teacher,
        () => body,
        opts.seconds,
        headers,
      );
      clearInterval(sampler);
      await new Promise((r) => setTimeout(r, 1000));
      return { ...result, peakRss, settledRss: rssMb(product.child.pid!) };
    } finally {
      await worker?.stop();
      await product.stop();
      await db.drop();
    }
  }

  const apart = await measure(false);
  const together = await measure(true);
  // A client that carries positions itself (the web app's api client does): answered once the event is
  // recorded, it reads with X-Min-Position later, so the command does not wait for the worker's batch.
  const early = await measure(false, { prefer: 'respond-before-read-models' });
  const row = (
    r: Awaited<ReturnType<typeof measure>>,
    layout: string,
    what = 'appended event (+ read model)',
  ): Row => ({
    id: 'C1',
    what: `authenticated, validated HTTP command → ${what}, 32 connections, ${layout}`,
    figure: `${fmt(r.rate)} commands/s, p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms${r.failures ? `, ${r.failures} failed` : ''}`,
    baseline: `minimal Fastify command (HMAC token, JSON schema, one INSERT) ${fmt(baseline.rate)} req/s, p99 ${fmt(baseline.p99, 1)} ms`,
    ratio: ratio(r.rate, baseline.rate),
    target: '≥ 0.5×, p99 < 50 ms',
    met: r.failures === 0 && baseline.failures === 0 && r.rate / baseline.rate >= 0.5 && r.p99 < 50,
    shortfall: shortOf(
      ratioShort(r.rate, baseline.rate, 0.5),
      overBound('p99', r.p99, 50, 'ms'),
      r.failures > 0 && `${fmt(r.failures)} commands failed`,
      baseline.failures > 0 && `the baseline had ${fmt(baseline.failures)} failures`,
    ),
  });
  return [
    row(apart, 'api and worker as separate processes'),
    row(together, 'with worker (one process, npm start)'),
    row(
      early,
      'api and worker as separate processes, Prefer: respond-before-read-models',
      'appended event (read model later, for X-Min-Position)',
    ),
    {
      id: 'M1',
      what: 'API resident memory under C1 load (peak) and after it, api process alone',
      figure: `peak ${fmt(apart.peakRss)} MB, after ${fmt(apart.settledRss)} MB`,
      baseline: '—',
      ratio: '—',
      target: '< 300 MB',
      met: apart.peakRss < 300,
      shortfall: shortOf(overBound('peak', apart.peakRss, 300, 'MB', 0)),
    },
  ];
}
