import { jest } from '@jest/globals';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { DemoSeedResult } from '#libs/identity';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { seedDemo } from '../../../apps/api/src/demo/demo-seed.js';
import { ensureWebBuilt, WEB_DIST } from '../../support/build.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

export { ensureWebBuilt, WEB_DIST };

/**
 * The browser tests' harness (ARCHITECTURE.md "The web app"): Debian's Chromium driven by
 * playwright-core, against the real product — the API serving the built web app on a real PostgreSQL
 * database with the demo seeded. Nothing is mocked: every click goes through the pages to the API.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = resolve(import.meta.dirname, '../../..');
export const ARTIFACTS = join(ROOT, 'test-artifacts/web');

export const browserAvailable = (): boolean => existsSync(CHROMIUM);

/**
 * `describe` for a browser suite. Without Chromium the suite is reported as skipped, by name, with how to
 * install it — never silently — and under CI (which installs it) a missing browser fails the run.
 */
export function describeBrowser(name: string, fn: () => void): void {
  if (browserAvailable()) {
    describe(name, () => {
      // A step drives Chromium, the API and PostgreSQL on one 2-core machine: give each case three
      // minutes (cases that set their own budget keep it), so a loaded machine is slow, not failing.
      jest.setTimeout(180_000);
      fn();
    });
    return;
  }
  const how = 'apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM_PATH)';
  if (process.env.CI) {
    describe(name, () => {
      it('needs Chromium, which CI installs', () => {
        throw new Error(`Chromium not found at ${CHROMIUM}: ${how}`);
      });
    });
    return;
  }
  process.stderr.write(
    `\n[browser tests skipped] ${name}: Chromium not found at ${CHROMIUM}. Install: ${how}\n`,
  );
  describe.skip(`${name} — SKIPPED: Chromium not found; install with ${how}`, fn);
}

export interface Product {
  app: TestApp;
  db: TestDatabase;
  url: string;
  demo: DemoSeedResult;
  close(): Promise<void>;
}

/** The real product on a fresh PostgreSQL database, the demo seeded, the web app built and served. */
export async function startProduct(env: Record<string, string> = {}): Promise<Product> {
  ensureWebBuilt();
  const db = await createPostgresTestDatabase();
  const app = await startTestApp(db, { env: { WEB_ROOT: WEB_DIST, ...env } });
  const demo = await seedDemo(app.app);
  return {
    app,
    db,
    url: app.url,
    demo,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

/** A page that records every console error and uncaught exception, so a test can require none. */
export interface WatchedPage extends Page {
  problems: string[];
}

export async function openPage(
  browser: Browser,
  baseUrl: string,
  options: { viewport?: { width: number; height: number }; context?: BrowserContext } = {},
): Promise<WatchedPage> {
  const context =
    options.context ??
    (await browser.newContext({
      baseURL: baseUrl,
      viewport: options.viewport ?? DESKTOP,
      timezoneId: 'Europe/London', // not Beijing: the pages must show Beijing time whatever the browser's zone
      locale: 'zh-CN',
    }));
  const page = (await context.newPage()) as WatchedPage;
  page.problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') page.problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  return page;
}

/** Saves a full-page screenshot as a test artifact (test-artifacts/web/<name>.png). */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Signs in through the sign-in page, as a person would, and waits for the landing page. */
export async function signIn(page: Page, username: string, password = `demo-${username}`): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/密码|Password/).fill(password);
  await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  // The landing page and the header (待办, messages) load their data; a person acts once the page has
  // settled, and a click while the header re-renders around the role menu can miss it.
  await page.waitForLoadState('networkidle');
}
