import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { seedDemo } from '../identity/support/identity-test-app.js';
import { cast, day, iso, signIn, type Person } from '../approval/support.js';
import { until } from '../support/until.js';

// Monitoring (README "Running it for years"): /metrics answers the Prometheus text format to the
// addresses in METRICS_ALLOW (default the loopback) and to an admin's token from anywhere; its series
// move with the product's work — requests by route template and status, commands by type and outcome,
// subscription lag, timer queue depths, pool use and the event loop.

/** The sum of a metric's samples whose labels contain every given `name="value"`. */
function sample(text: string, metric: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`) && !line.startsWith(`${metric} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

describe('/metrics', () => {
  let db: TestDatabase;
  let api: TestApp;
  let guarded: TestApp;
  let chair: Person;
  let admin: Person;
  let city: string;

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    // One token key for both api processes, as in production: each accepts the other's tokens.
    const env = { AUTH_SECRET: 'metrics-test-key-'.padEnd(48, 'k') };
    api = await startTestApp(db, { env });
    const seed = await seedDemo(api, db);
    const c = cast(seed);
    city = c.city.id;
    chair = await signIn(api, db, c.chair);
    admin = await signIn(api, db, c.admin);
    // A second api process on the same database whose METRICS_ALLOW leaves the loopback out: to it,
    // this test is an outside address.
    guarded = await startTestApp(db, { env: { ...env, METRICS_ALLOW: '10.0.0.0/8' } });
  }, 120_000);

  afterAll(async () => {
    await guarded?.close();
    await api?.close();
    await db?.drop();
  });

  const scrape = async (app: TestApp = api, headers: Record<string, string> = {}) => {
    const res = await app.request('GET', '/metrics', { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.body as string;
  };

  it('moves with the work: requests, commands by outcome, lag, timers, pool, event loop', async () => {
    const before = await scrape();
    const call = await chair.call('POST', '/api/calls', {
      kind: 'school_plan',
      orgUnit: city,
      title: '指标测试申报',
      opensAt: iso(Date.now() - day),
      closesAt: iso(Date.now() + 30 * day),
    });
    expect(call.status).toBe(201);
    const other = await chair.call('POST', '/api/calls', {
      kind: 'school_plan',
      orgUnit: city,
      title: '另一个申报',
      opensAt: iso(Date.now() - day),
      closesAt: iso(Date.now() + 30 * day),
    });
    expect(other.status).toBe(201);
    expect(
      (await chair.call('POST', `/api/calls/${other.body.id}/close`, { reason: '测试提前截止' })).status,
    ).toBe(200);
    // A window that closes before it opens is refused by the rules (invalid_window).
    const refused = await chair.call('POST', '/api/calls', {
      kind: 'school_plan',
      orgUnit: city,
      title: '窗口颠倒',
      opensAt: iso(Date.now() + 2 * day),
      closesAt: iso(Date.now() + day),
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(refused.body.code).toBe('invalid_window');

    const after = await scrape();
    const route = { method: 'POST', route: '/api/calls', status: '201' };
    expect(sample(after, 'tdw_http_requests_total', route)).toBe(
      sample(before, 'tdw_http_requests_total', route) + 2,
    );
    expect(sample(after, 'tdw_http_request_duration_seconds_count', route)).toBe(
      sample(before, 'tdw_http_request_duration_seconds_count', route) + 2,
    );
    // By route template, never the raw URL with its id.
    expect(after).toContain('route="/api/calls/:id/close"');
    expect(after).not.toContain(other.body.id);
    expect(sample(after, 'tdw_commands_total', { outcome: 'accepted' })).toBeGreaterThanOrEqual(
      sample(before, 'tdw_commands_total', { outcome: 'accepted' }) + 3,
    );
    expect(sample(after, 'tdw_commands_total', { outcome: 'refused' })).toBe(
      sample(before, 'tdw_commands_total', { outcome: 'refused' }) + 1,
    );
    // Every projection and reactor has its lag; caught up, it is zero.
    expect(after).toMatch(/^tdw_subscription_lag_events\{subscription="audit_log"\} \d+$/m);
    expect(after).toMatch(
      /^tdw_subscription_lag_seconds\{subscription="application_summaries"\} [\d.e+-]+$/m,
    );
    await until('the read models to catch up in the metrics', async () =>
      sample(await scrape(), 'tdw_subscription_lag_events', { subscription: 'audit_log' }) === 0
        ? true
        : null,
    );
    expect(after).toMatch(/^tdw_timer_jobs\{state="delayed"\} \d+$/m);
    expect(sample(after, 'tdw_timer_jobs', { state: 'delayed' })).toBeGreaterThan(0); // the call's window close
    expect(sample(after, 'tdw_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
    expect(after).toMatch(/^nodejs_eventloop_lag_seconds [\d.e+-]+$/m);
  });

  it('refuses an address outside METRICS_ALLOW without an admin token', async () => {
    const none = await guarded.request('GET', '/metrics');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const notAdmin = await guarded.request('GET', '/metrics', {
      headers: { authorization: `Bearer ${chair.token}` },
    });
    expect(notAdmin.status).toBe(403);
    expect(notAdmin.body.code).toBe('role_required');
    const text = await scrape(guarded, { authorization: `Bearer ${admin.token}` });
    expect(text).toContain('tdw_http_requests_total');
  });
});
