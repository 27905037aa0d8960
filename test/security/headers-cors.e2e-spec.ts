import { chromium } from 'playwright-core';
import { createPgliteTestDatabase, type TestDatabase } from '#testing/platform';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { expectProblem } from './support.js';

const OFFICE = 'https://office.example.cn';
const EVIL = 'https://evil.example';

/** The directives of a Content-Security-Policy header, by name. */
function directives(csp: string | null): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of (csp ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name] = values;
  }
  return out;
}

// No security headers were set and CORS had no stated policy. Every answer now carries nosniff, a
// referrer policy, framing refused and a Content-Security-Policy fit for the React app served from the
// same origin (scripts from 'self' only; inline styles, which Ant Design's CSS-in-JS injects); HSTS only
// over https. Browsers may call the API from its own origin only, unless CORS_ORIGINS lists another:
// other origins get no CORS headers, and their state-changing requests are refused.
describe('security headers and the CORS policy (PGlite)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let withOffice: TestApp;
  beforeAll(async () => {
    db = await createPgliteTestDatabase();
    api = await startTestApp(db);
    withOffice = await startTestApp(db, { env: { CORS_ORIGINS: `${OFFICE},http://localhost:5173` } });
  }, 60_000);
  afterAll(async () => {
    await withOffice?.close();
    await api?.close();
    await db?.drop();
  });

  it.each([
    ['a public route', 'GET', '/health/live'],
    ['a refused request', 'GET', '/api/auth/me'],
    ['an unknown route', 'GET', '/nowhere'],
    ['a bad body', 'POST', '/api/auth/login'],
    ['the OpenAPI document', 'GET', '/api/docs-json'],
  ])('sets the headers on %s', async (_label, method, path) => {
    const res = await fetch(api.url + path, {
      method,
      headers: method === 'POST' ? { 'content-type': 'application/json' } : {},
      body: method === 'POST' ? '{' : undefined,
    });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('strict-transport-security')).toBeNull(); // served over http
    expect(res.headers.get('x-powered-by')).toBeNull();
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['base-uri']).toEqual(["'self'"]);
    expect(csp['upgrade-insecure-requests']).toBeUndefined(); // would break plain-http installs on a LAN
  });

  it('serves the Swagger UI working under its policy, with no CSP violation in a real browser', async () => {
    const res = await fetch(`${api.url}/api/docs`);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
      });
      // Every violation the page meets is reported to the console, where it is collected above.
      await page.addInitScript({
        content: `document.addEventListener('securitypolicyviolation', (e) =>
          console.error('Refused: CSP violation ' + e.violatedDirective + ' ' + e.blockedURI));`,
      });
      await page.goto(`${api.url}/api/docs`);
      await page.waitForSelector('.swagger-ui .info .title', { timeout: 20_000 });
      expect(await page.textContent('.swagger-ui .info .title')).toContain('Teacher development workflow');
      await page.waitForSelector('.opblock-tag', { timeout: 20_000 });
      expect(await page.locator('.opblock').count()).toBeGreaterThan(20);
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);

  describe('same origin only by default', () => {
    it('gives another origin no CORS headers, for a read or a preflight', async () => {
      const read = await fetch(`${api.url}/health/live`, { headers: { origin: EVIL } });
      expect(read.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await fetch(`${api.url}/api/auth/login`, {
        method: 'OPTIONS',
        headers: { origin: EVIL, 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
    });

    it('refuses a cross-site state-changing request from a browser with 403', async () => {
      const res = await api.request('POST', '/api/auth/login', {
        body: { username: 'admin', password: 'demo-admin' },
        headers: { origin: EVIL, 'sec-fetch-site': 'cross-site' },
      });
      expectProblem(res, 403);
      // The page's own origin, and clients that are not browsers, are served as before.
      const same = await api.request('POST', '/api/auth/login', {
        body: { username: 'nobody', password: 'x' },
        headers: { origin: api.url, 'sec-fetch-site': 'same-origin' },
      });
      expect(same.status).toBe(401);
    });
  });

  describe('with CORS_ORIGINS', () => {
    it('answers a preflight from a listed origin with what the web app needs', async () => {
      const res = await fetch(`${withOffice.url}/api/applications`, {
        method: 'OPTIONS',
        headers: {
          origin: OFFICE,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type, idempotency-key, if-match',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(OFFICE);
      expect(res.headers.get('vary')).toMatch(/origin/i);
      expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
      for (const h of ['authorization', 'content-type', 'idempotency-key', 'if-match', 'x-min-position'])
        expect(res.headers.get('access-control-allow-headers')!.toLowerCase()).toContain(h);
      expect(res.headers.get('access-control-allow-credentials')).toBeNull(); // bearer tokens, no cookies
    });

    it('lets a listed origin read the answer and its headers, and no other', async () => {
      const ok = await fetch(`${withOffice.url}/health/live`, { headers: { origin: OFFICE } });
      expect(ok.headers.get('access-control-allow-origin')).toBe(OFFICE);
      for (const h of ['etag', 'x-log-position', 'location', 'retry-after'])
        expect(ok.headers.get('access-control-expose-headers')!.toLowerCase()).toContain(h);
      const evil = await fetch(`${withOffice.url}/health/live`, { headers: { origin: EVIL } });
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('accepts a state-changing request from a listed origin, and still refuses others', async () => {
      const listed = await withOffice.request('POST', '/api/auth/login', {
        body: { username: 'nobody', password: 'x' },
        headers: { origin: OFFICE, 'sec-fetch-site': 'cross-site' },
      });
      expect(listed.status).toBe(401);
      const other = await withOffice.request('POST', '/api/auth/login', {
        body: { username: 'nobody', password: 'x' },
        headers: { origin: EVIL, 'sec-fetch-site': 'cross-site' },
      });
      expectProblem(other, 403);
    });
  });
});
