import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

// The README's first command on a fresh machine: the built product starts on the embedded default
// (no DATABASE_URL, no REDIS_URL), keeps its data across a restart and a SIGKILL, and the CLI commands
// reach the running product instead of opening its data folder a second time.
const root = path.resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

describe('quick start on the embedded default', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let base: string;
  let child: ChildProcess | null = null;
  let logs = '';

  const start = async (): Promise<ChildProcess> => {
    const c = spawn(process.execPath, ['dist/apps/server/src/server.js'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    c.stdout!.on('data', (d: Buffer) => (logs += d.toString()));
    c.stderr!.on('data', (d: Buffer) => (logs += d.toString()));
    // A bound on hanging, not a speed check (start-up time is bench S1): generous for a loaded CI box.
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (c.exitCode !== null) throw new Error(`product exited with ${c.exitCode}:\n${logs}`);
      const ok = await fetch(`${base}/health/ready`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return c;
      if (Date.now() > deadline) throw new Error(`not ready within 120 s:\n${logs}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const exited = (c: ChildProcess) =>
    new Promise<number | string>((resolve) => {
      if (c.exitCode !== null) return resolve(c.exitCode);
      c.once('exit', (code, signal) => resolve(code ?? signal ?? -1));
    });
  // The demo region seeded at first start: the chair opens a call, a teacher applies to it.
  let token = '';
  let callId = '';
  const signIn = async (username: string) => {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: `demo-${username}` }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { accessToken: string }).accessToken;
  };
  const authed = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id: string; orgUnit: string } }));
  const post = (title: string) =>
    authed(
      '/api/applications',
      { callId, title, fields: { kind: 'studio', name: title, subject: '数学', plan: '1+1' } },
      { 'x-correlation-id': `qs-${title}` },
    );
  const cli = (script: string) =>
    spawnSync(process.execPath, [script], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });

  beforeAll(async () => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe' });
    dataDir = mkdtempSync(path.join(tmpdir(), 'quickstart-'));
    const [port, pglitePort] = [await freePort(), await freePort()];
    env = {
      ...process.env,
      PORT: String(port),
      PGLITE_PORT: String(pglitePort),
      PGLITE_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
    };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    base = `http://127.0.0.1:${port}`;
  }, 300_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
    // Unset when the build in beforeAll failed: that failure is the one to report.
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with no database server, survives a restart and a SIGKILL, and serves the CLI commands', async () => {
    const startedAt = new Date();
    child = await start();
    expect(logs).toContain('demo-chair');
    // `npm start` runs the bundle (scripts/bundle-server.mjs), which finds this build's schema key beside
    // it: the fresh folder was copied from the migrated template made at build time, not migrated now.
    const db = new pg.Client({
      connectionString: `postgres://postgres@127.0.0.1:${env.PGLITE_PORT}/postgres`,
    });
    await db.connect();
    try {
      const { rows } = await db.query<{ first: Date }>(
        'SELECT min(applied_at) AS first FROM schema_migrations',
      );
      expect(rows[0]!.first.getTime()).toBeLessThan(startedAt.getTime());
    } finally {
      await db.end();
    }
    // The built product serves the OpenAPI UI (its file server loads an ESM-only package natively).
    const docs = await fetch(`${base}/api/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');
    token = await signIn('chair');
    const city = (await authed('/api/auth/me')).body.orgUnit;
    const now = Date.now();
    const call = await authed('/api/calls', {
      kind: 'studio',
      orgUnit: city,
      title: '工作室申报',
      opensAt: new Date(now - 86_400_000).toISOString(),
      closesAt: new Date(now + 30 * 86_400_000).toISOString(),
    });
    expect(call.status).toBe(201);
    callId = call.body.id;
    token = await signIn('wang.wei1');
    // The bundle's class-validator is the one its DTOs' rules were recorded in: an unknown field is refused.
    const smuggled = await authed('/api/applications', {
      callId,
      title: 'x',
      fields: { kind: 'studio', name: 'x', subject: '数学', plan: '1' },
      status: 'approved',
    });
    expect(smuggled.status).toBe(400);
    const first = await post('first');
    expect(first.status).toBe(201);
    // JSON logs carry the request's correlation id.
    await new Promise((r) => setTimeout(r, 300)); // the logger writes asynchronously
    const line = logs.split('\n').find((l) => l.includes('"correlationId":"qs-first"'));
    expect(line && JSON.parse(line)).toMatchObject({
      msg: 'request',
      status: 201,
      correlationId: 'qs-first',
    });

    // The CLI goes through the running product's socket.
    const verify = cli('dist/apps/worker/src/cli/verify-chain.js');
    expect(verify.stdout).toMatch(/^ok: \d+ events in \d+ streams verify/m);
    expect(verify.status).toBe(0);
    const rebuild = cli('dist/apps/worker/src/cli/rebuild-projections.js');
    if (rebuild.status !== 0) process.stderr.write(rebuild.stderr);
    expect(rebuild.stdout).toMatch(/application_summaries: rebuilt from \d+ events/);
    expect(rebuild.status).toBe(0);
    expect((await authed(`/api/applications/${first.body.id}`)).status).toBe(200);

    // Graceful stop, then start again on the same folder.
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    child = await start();
    token = await signIn('wang.wei1');
    expect((await authed(`/api/applications/${first.body.id}`)).status).toBe(200);

    // A second write acknowledged with 201, then the process is killed outright.
    const second = await post('second');
    if (second.status !== 201) process.stderr.write(`${JSON.stringify(second.body)}\n${logs.slice(-5000)}\n`);
    expect(second.status).toBe(201);
    child.kill('SIGKILL');
    await exited(child);
    child = await start();
    token = await signIn('wang.wei1'); // tokens are signed with a per-process key unless AUTH_SECRET is set
    for (const id of [first.body.id, second.body.id]) {
      expect((await authed(`/api/applications/${id}`)).status).toBe(200);
    }
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);

    // With the product stopped, the CLI opens the folder itself.
    const offline = cli('dist/apps/worker/src/cli/verify-chain.js');
    expect(offline.stdout).toMatch(/^ok: \d+ events in \d+ streams verify/m);
    expect(offline.status).toBe(0);
  }, 480_000);

  it('refuses to start with a bad configuration, listing every problem', () => {
    const res = spawnSync(process.execPath, ['dist/apps/api/src/main.js'], {
      cwd: root,
      env: { ...env, PORT: 'eighty', LOG_LEVEL: 'chatty' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('Invalid configuration:');
    expect(res.stderr).toContain('PORT: must be a whole number');
    expect(res.stderr).toContain('LOG_LEVEL: must be one of');
  });
});
