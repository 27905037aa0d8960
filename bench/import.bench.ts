import ExcelJS from 'exceljs';
import {
  createBenchDatabase,
  fmt,
  freePort,
  overBound,
  pgbench,
  ratio,
  shortOf,
  startProduct,
  startWorker,
  type Row,
} from './support.js';

const HEADERS = ['姓名*', '用户名*', '学校*', '学科', '层级*', '角色', '手机', '邮箱', '身份证号'];
const TIERS = ['新教师', '青年教师', '骨干教师'];
const SUBJECTS = ['语文', '数学', '英语', '物理', '化学', '历史'];
/** The import job's lanes (apps/api/src/imports/import-jobs.service.ts LANES): the baseline's clients. */
const LANES = 8;

async function call(url: string, path: string, init: RequestInit & { token?: string } = {}) {
  const res = await fetch(url + path, {
    ...init,
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.headers as Record<string, string>),
    },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/**
 * I1: the office imports 5,000 teachers from one .xlsx on the built product (real PostgreSQL, the demo
 * region seeded, api and worker as separate processes as in production): the dry run, then the import
 * job until its last row is written, then until the users list shows them all. Each teacher is a
 * username reservation and a user stream, sealed personal data, and a teacher record the ladder reactor
 * opens. Baseline, same server and run: pgbench with as many clients as the job has lanes inserting
 * the 10,000 single-row commits (two per teacher) the event appends amount to at the least.
 */
export async function importBenchmark(opts: { teachers: number }): Promise<Row[]> {
  const db = await createBenchDatabase(4);
  const port = await freePort();
  const env = {
    DATABASE_URL: db.url,
    NODE_ENV: 'development', // seeds the demo region: the admin and schools
    AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-00',
    DB_POOL_SIZE: '20',
  };
  // The production layout (ARCHITECTURE.md): the api and the worker as separate processes.
  const product = await startProduct(env, port, { withWorker: false });
  const worker = await startWorker(env);
  try {
    // The directory read model fills once the worker has folded the seeded region.
    for (
      let i = 0;
      (await db.pool.query(`SELECT 1 FROM users WHERE username = 'admin'`).catch(() => ({ rowCount: 0 })))
        .rowCount === 0;
      i++
    ) {
      if (i > 600) throw new Error('the worker did not fold the demo region within 2 minutes');
      await new Promise((r) => setTimeout(r, 200));
    }
    const login = await call(product.url, '/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'demo-admin' }),
    });
    const token = login.body.accessToken as string;
    const template = await fetch(`${product.url}/api/imports/users/template`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const tb = new ExcelJS.Workbook();
    await tb.xlsx.load(await template.arrayBuffer());
    const schools = (tb.getWorksheet('选项')!.getColumn(1).values as string[]).filter(Boolean);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('教师名单');
    ws.addRow(HEADERS);
    for (let i = 1; i <= opts.teachers; i++) {
      ws.addRow([
        `测试教师${i}`,
        `bench.t${i}`,
        schools[i % schools.length],
        SUBJECTS[i % SUBJECTS.length],
        TIERS[i % TIERS.length],
        '教师',
        `138${String(i).padStart(8, '0')}`,
        `bench.t${i}@example.cn`,
        '',
      ]);
    }
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const upload = (path: string) =>
      call(product.url, path, {
        method: 'POST',
        token,
        headers: { 'content-type': 'application/octet-stream' },
        body: file,
      });

    const t0 = performance.now();
    const dry = await upload('/api/imports/users/dry-run');
    if (dry.status !== 200 || dry.body.ready !== opts.teachers)
      throw new Error(`dry run: ${dry.status} ${JSON.stringify(dry.body).slice(0, 500)}`);
    const t1 = performance.now();
    const started = await upload('/api/imports/users');
    if (started.status !== 202) throw new Error(`import: ${started.status} ${JSON.stringify(started.body)}`);
    let job = started.body;
    while (job.status === 'running') {
      await new Promise((r) => setTimeout(r, 200));
      job = (await call(product.url, `/api/import-jobs/${job.id}`, { token })).body;
    }
    const t2 = performance.now();
    if (job.created !== opts.teachers) throw new Error(`import job: ${JSON.stringify(job).slice(0, 500)}`);
    for (;;) {
      const listed = await call(product.url, '/api/users?q=bench.t&limit=1', { token });
      if (listed.body.total >= opts.teachers) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const t3 = performance.now();
    const total = (t3 - t0) / 1000;

    await db.pool.query(`CREATE TABLE raw_inserts (id uuid PRIMARY KEY, data jsonb NOT NULL)`);
    const tps = await pgbench(
      db.url,
      `INSERT INTO raw_inserts (id, data) VALUES (gen_random_uuid(), '{"username": "bench.t1"}');\n`,
      LANES,
      5,
    );
    const baseline = (2 * opts.teachers) / tps;
    return [
      {
        id: 'I1',
        what: `import ${fmt(opts.teachers)} teachers from one .xlsx (dry run + import job + users list caught up), demo region`,
        figure: `${fmt(total, 1)} s (dry run ${fmt((t1 - t0) / 1000, 1)} s, job ${fmt((t2 - t1) / 1000, 1)} s, list ${fmt((t3 - t2) / 1000, 1)} s; ${fmt(opts.teachers / ((t2 - t1) / 1000))} teachers/s)`,
        baseline: `pgbench ${LANES} clients, ${fmt(2 * opts.teachers)} single-row commits: ${fmt(baseline, 1)} s (${fmt(tps)} tps)`,
        ratio: ratio(total, baseline),
        target: '< 60 s',
        met: total < 60,
        shortfall: shortOf(overBound('the whole import', total, 60, 's')),
        notes:
          'each row: the user decider through registerUser (username reservation + user stream, personal data sealed with a new per-person key), then the ladder reactor opens the teacher record; one password hash per job, not per row',
      },
    ];
  } finally {
    await product.stop();
    await worker.stop();
    await db.drop();
  }
}
