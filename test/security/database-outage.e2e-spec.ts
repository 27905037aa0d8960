import { createServer, connect, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { createPostgresTestDatabase, TEST_SERVER_URL, type TestDatabase } from '#testing/platform';
import { until } from '../support/until.js';
import { expectProblem, startSeededApp, type SeededApp } from './support.js';
import type { TestResponse } from '../support/test-app.js';

/**
 * A TCP proxy between the app and PostgreSQL that the test can cut: the outage is this app's alone,
 * the shared server keeps running for every other suite. `refuse` closes the port (ECONNREFUSED),
 * `drop` accepts and hangs up at once (a server going down mid-handshake); both end every open
 * connection (a lost connection mid-query).
 */
class CuttableProxy {
  private server: Server | null = null;
  private readonly open = new Set<Socket>();
  private mode: 'up' | 'drop' = 'up';
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      if (this.mode === 'drop') {
        client.destroy();
        return;
      }
      const upstream = connect(this.target.port, this.target.host);
      for (const [a, b] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        this.open.add(a);
        a.on('error', () => b.destroy());
        a.on('close', () => {
          this.open.delete(a);
          b.destroy();
        });
        a.pipe(b);
      }
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }
  private cutOpen(): void {
    for (const s of this.open) s.destroy();
    this.open.clear();
  }
  async refuse(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.cutOpen();
    if (server) await new Promise((r) => server.close(r));
  }
  drop(): void {
    this.mode = 'drop';
    this.cutOpen();
  }
  async restore(): Promise<void> {
    this.mode = 'up';
    if (!this.server) await this.start();
  }
  async stop(): Promise<void> {
    await this.refuse();
  }
}

// A database outage answered 500. A lost or refused connection now answers 503 problem+json with
// Retry-After while the pool reconnects, and the api serves again once the database is back — reads,
// commands, and the projections that read-your-writes waits for.
describe('a database outage (real PostgreSQL, through a proxy the test cuts)', () => {
  let db: TestDatabase;
  let proxy: CuttableProxy;
  let s: SeededApp;
  let cityId: string;
  let n = 0;
  let position: string;

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    const server = new URL(TEST_SERVER_URL);
    proxy = new CuttableProxy({ host: server.hostname, port: Number(server.port || 5432) });
    await proxy.start();
    const viaProxy = new URL(db.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    s = await startSeededApp(db, { DATABASE_URL: viaProxy.toString() });
    cityId = s.seed.orgUnits.find((u) => u.level === 'city')!.id;
    position = (await openCall()).headers.get('x-log-position')!;
    expect(position).toMatch(/^\d+\.\d+$/);
  }, 120_000);
  afterAll(async () => {
    await proxy?.restore();
    await s?.close();
    await proxy?.stop();
  });

  const day = 86_400_000;
  const openCall = () =>
    s.chair.call('POST', '/api/calls', {
      kind: 'school_plan',
      orgUnit: cityId,
      title: `校本研修方案申报 ${++n}`,
      opensAt: new Date(Date.now() - day).toISOString(),
      closesAt: new Date(Date.now() + 30 * day).toISOString(),
    });
  const requests: Array<[string, () => Promise<TestResponse>]> = [
    [
      'sign-in',
      () => s.api.request('POST', '/api/auth/login', { body: { username: 'admin', password: 'demo-admin' } }),
    ],
    ['a read', () => s.chair.call('GET', '/api/calls')],
    ['a command', () => openCall()],
    [
      'a read that waits for a position',
      () => s.teacher.call('GET', '/api/notifications', undefined, { 'x-min-position': position }),
    ],
  ];

  const expectUnavailable = (label: string, res: TestResponse) => {
    expect({ label, status: res.status }).toEqual({ label, status: 503 });
    expectProblem(res, 503);
    expect(res.body.code).toBe('database_unavailable');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  };

  /** Once the database is back, the api serves again: a command lands and its read model shows it. */
  const servesAgain = async () => {
    await until(
      'the api to serve again',
      async () => (await s.chair.call('GET', '/api/calls')).status === 200,
      30_000,
      200,
    );
    const created = await openCall();
    expect(created.status).toBe(201);
    await until(
      'the projection to show the new call',
      async () => {
        const list = await s.chair.call('GET', '/api/calls?limit=100');
        return (list.body.items ?? list.body).some((c: { id: string }) => c.id === created.body.id);
      },
      30_000,
      200,
    );
    expect((await s.api.request('GET', '/health/ready')).status).toBe(200);
  };

  it('answers 503 with Retry-After while connections are refused, and serves again after', async () => {
    expect((await s.chair.call('GET', '/api/calls')).status).toBe(200);
    await proxy.refuse();
    for (const [label, send] of requests) {
      const started = Date.now();
      expectUnavailable(label, await send());
      expect(Date.now() - started).toBeLessThan(12_000);
    }
    await proxy.restore();
    await servesAgain();
  }, 120_000);

  it('answers 503 while the server hangs up on every connection, and serves again after', async () => {
    proxy.drop();
    for (const [label, send] of requests) expectUnavailable(label, await send());
    await proxy.restore();
    await servesAgain();
  }, 120_000);

  it('answers 2xx or 503 — never 500 — to commands cut off in flight', async () => {
    const inFlight = Array.from({ length: 20 }, () => openCall());
    await new Promise((r) => setTimeout(r, 30));
    await proxy.refuse();
    const answers = await Promise.all(inFlight);
    for (const a of answers) expect([201, 503]).toContain(a.status);
    await proxy.restore();
    await servesAgain();
  }, 120_000);

  it('answers 503 while the database refuses connections itself, and serves again after', async () => {
    const name = new URL(db.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: TEST_SERVER_URL });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      for (const [label, send] of requests) expectUnavailable(label, await send());
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await servesAgain();
  }, 120_000);
});
