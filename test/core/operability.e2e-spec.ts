import { Controller, Get, Module } from '@nestjs/common';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { Public } from '../../apps/api/src/auth/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let releaseSlow: (() => void) | null = null;
let slowStarted: (() => void) | null = null;

// A test-only route that stays in flight until the test lets it go (public, so the guard lets it in).
@Public()
@Controller('test-only')
class SlowController {
  @Get('slow')
  async slow() {
    slowStarted?.();
    await new Promise<void>((resolve) => (releaseSlow = resolve));
    return { finished: true };
  }
}
@Module({ controllers: [SlowController] })
class SlowModule {}

describe('operability (ARCHITECTURE.md “A command’s path”)', () => {
  let db: TestDatabase;
  afterEach(async () => {
    await db?.drop().catch(() => undefined);
  });

  it('finishes a request in flight on shutdown, and refuses new ones meanwhile', async () => {
    db = await createPostgresTestDatabase();
    const api: TestApp = await startTestApp(db, { imports: [SlowModule] });
    const started = new Promise<void>((r) => (slowStarted = r));
    const inFlight = fetch(`${api.url}/test-only/slow`);
    await started;
    const closing = api.close();
    await new Promise((r) => setTimeout(r, 100));
    // While draining, a new request on a fresh connection is refused with 503 (or the socket is closed).
    const late = await fetch(`${api.url}/health/live`, { headers: { connection: 'close' } }).then(
      (r) => r.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(late);
    releaseSlow!();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ finished: true });
    await closing;
  });

  it('reports not ready (503) when the database stops answering, and live all the same', async () => {
    db = await createPgliteTestDatabase();
    const api = await startTestApp(db);
    expect((await api.request('GET', '/health/ready')).status).toBe(200);
    await db.drop(); // the embedded server goes away under the running API
    const ready = await api.request('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(ready.body).toMatchObject({
      status: 503,
      detail: 'not ready: database down',
      checks: { database: { status: 'down' } },
    });
    expect((await api.request('GET', '/health/live')).status).toBe(200);
    await api.close();
  });
});

describe('a process that cannot start', () => {
  it('rejects to its caller with the cause, instead of ending the process from inside Nest', async () => {
    // Nothing listens on port 1: the database provider cannot be built. serve() logs the cause and
    // exits; a test runner holding other suites must only see this start fail.
    const realExit = process.exit;
    const exits: unknown[] = [];
    process.exit = ((code?: number) => void exits.push(code)) as never;
    try {
      await expect(
        startTestApp({ url: 'postgres://postgres@127.0.0.1:1/postgres' } as TestDatabase),
      ).rejects.toThrow(/ECONNREFUSED/);
      expect(exits).toEqual([]);
    } finally {
      process.exit = realExit;
    }
  });
});
