import {
  createBenchDatabase,
  fmt,
  freePort,
  percentile,
  ratio,
  rssMb,
  startProduct,
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

/**
 * C1 and M1: the built product on real PostgreSQL, 32 connections sending authenticated, validated
 * commands (draft an application: validation, token check, call lookup, decider, append, and the
 * read-your-writes wait for the projection) for `seconds`; the API's resident memory is sampled
 * throughout. Baseline: pgbench's 32-client single-row insert rate on the same server (A2's baseline).
 */
export async function commandBenchmarks(opts: { seconds: number; baseline32: number }): Promise<Row[]> {
  const db = await createBenchDatabase(4);
  const port = await freePort();
  const product = await startProduct(
    {
      DATABASE_URL: db.url,
      NODE_ENV: 'development', // seeds the demo region: users to sign in with
      AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-00',
      DB_POOL_SIZE: '20',
    },
    port,
  );
  try {
    const login = async (username: string) =>
      (await call(product.url, 'POST', '/api/auth/login', null, { username, password: `demo-${username}` }))
        .body.accessToken as string;
    const chair = await login('chair');
    const me = (await call(product.url, 'GET', '/api/auth/me', chair)).body;
    const opened = await call(product.url, 'POST', '/api/calls', chair, {
      kind: 'school_plan',
      orgUnit: me.orgUnit,
      title: 'bench call',
      opensAt: new Date(Date.now() - 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    if (opened.status !== 201) throw new Error(`open call: ${opened.status} ${JSON.stringify(opened.body)}`);
    const teacher = await login('wang.wei1');
    const body = {
      callId: opened.body.id,
      title: '校本研修方案',
      fields: { kind: 'school_plan', schoolYear: '2026-2027', summary: '课堂观察与同课异构' },
    };

    const latencies: number[] = [];
    let failures = 0;
    let peakRss = rssMb(product.child.pid!);
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(product.child.pid!))), 200);
    const deadline = Date.now() + opts.seconds * 1000;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (Date.now() < deadline) {
          const t = performance.now();
          const res = await fetch(`${product.url}/api/applications`, {
            method: 'POST',
            headers: { authorization: `Bearer ${teacher}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          await res.arrayBuffer();
          if (res.status === 201) latencies.push(performance.now() - t);
          else failures++;
        }
      }),
    );
    clearInterval(sampler);
    await new Promise((r) => setTimeout(r, 1000));
    const settledRss = rssMb(product.child.pid!);
    latencies.sort((a, b) => a - b);
    const rate = latencies.length / opts.seconds;
    const p99 = percentile(latencies, 99);
    return [
      {
        id: 'C1',
        what: 'authenticated, validated HTTP command → appended event (+ read model), 32 connections',
        figure: `${fmt(rate)} commands/s, p50 ${fmt(percentile(latencies, 50), 1)} ms, p99 ${fmt(p99, 1)} ms${failures ? `, ${failures} failed` : ''}`,
        baseline: `pgbench 32 clients ${fmt(opts.baseline32)} tps`,
        ratio: ratio(rate, opts.baseline32),
        target: '≥ 0.4×, p99 < 50 ms',
        met: failures === 0 && rate / opts.baseline32 >= 0.4 && p99 < 50,
      },
      {
        id: 'M1',
        what: 'API resident memory under C1 load (peak) and after it',
        figure: `peak ${fmt(peakRss)} MB, after ${fmt(settledRss)} MB`,
        baseline: '—',
        ratio: '—',
        target: '< 300 MB',
        met: peakRss < 300,
      },
    ];
  } finally {
    await product.stop();
    await db.drop();
  }
}
