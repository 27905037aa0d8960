import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { httpLoad } from './load.js';
import { createBenchDatabase, freePort, ROOT, startProduct } from './support.js';

/**
 * `node dist/bench/compare-builds.js --other=<checkout> [--path=/api/board?limit=100] [--as=chair]
 * [--pairs=6] [--seconds=8]`: is one read dearer in this build than in another? Both builds (each a
 * checkout with its dist built) start in turn on one database of the demo region, ABBA, and serve the
 * same load — 16 connections on `--path` as the demo user `--as` — and each start's figures are
 * printed: requests per second, p50 / p99, and the product process's CPU per request (its /proc time
 * over exactly the load, which the run-to-run spread of a shared 2-core machine moves far less than
 * the request rate). A whole `--only=Q1` run seeds a fresh log each time, and on this machine the same
 * build's board read 223–470 req/s from one run to the next; this tells a build's cost from that spread.
 *
 * Each build runs what `npm start` runs: its bundled server if it has one, else tsc's main.js.
 */
const { values } = parseArgs({
  options: {
    other: { type: 'string' },
    path: { type: 'string', default: '/api/board?limit=100' },
    as: { type: 'string', default: 'chair' },
    pairs: { type: 'string', default: '6' },
    seconds: { type: 'string', default: '8' },
  },
});
if (!values.other) {
  process.stderr.write('compare-builds: --other=<a checkout with its dist built> is required\n');
  process.exit(2);
}

/** The process's user + system CPU in seconds (/proc/<pid>/stat, clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const env = {
  NODE_ENV: 'development', // the demo region and its users
  AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-00',
  DB_POOL_SIZE: '20',
  REDIS_URL: '',
};

const builds = [
  { name: 'this', root: ROOT },
  { name: 'other', root: path.resolve(values.other) },
];
const pairs = Number(values.pairs);
const seconds = Number(values.seconds);
const order = Array.from({ length: pairs }, (_, i) => (i % 2 === 0 ? [0, 1] : [1, 0])).flat();
const db = await createBenchDatabase(4);
const cpuPerRequest: number[][] = [[], []];
try {
  process.stdout.write(
    `${values.path} as ${values.as}, 16 connections, ${seconds} s after 3 s of warm-up; this = ${ROOT}, other = ${builds[1]!.root}\n`,
  );
  for (const i of order) {
    const b = builds[i]!;
    const product = await startProduct({ ...env, DATABASE_URL: db.url }, await freePort(), {
      root: b.root,
    });
    const { child, url } = product;
    try {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: values.as, password: `demo-${values.as}` }),
      });
      if (res.status !== 200) throw new Error(`sign-in as ${values.as}: ${res.status}`);
      const { accessToken } = (await res.json()) as { accessToken: string };
      const next = () => ({ path: values.path, token: accessToken });
      await httpLoad({ url, connections: 16, seconds: 3, next });
      const before = cpuSeconds(child.pid!);
      const r = await httpLoad({ url, connections: 16, seconds, next });
      const ms = ((cpuSeconds(child.pid!) - before) * 1000) / r.ok;
      cpuPerRequest[i]!.push(ms);
      const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
      process.stdout.write(
        `${b.name.padEnd(5)} ${Math.round(r.rate)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ` +
          `${r.failed} failed, CPU ${ms.toFixed(2)} ms per request (load ${load})\n`,
      );
    } finally {
      await product.stop();
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  let lower = 0;
  for (let p = 0; p < pairs; p++) if (cpuPerRequest[0]![p]! < cpuPerRequest[1]![p]!) lower++;
  process.stdout.write(
    `median CPU per request: this ${median(cpuPerRequest[0]!).toFixed(2)} ms, other ${median(cpuPerRequest[1]!).toFixed(2)} ms; this lower in ${lower} of ${pairs} pairs\n`,
  );
} finally {
  await db.drop();
}
