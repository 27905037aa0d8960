import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  DESKTOP,
  describeBrowser,
  launchBrowser,
  openPage,
  PHONE,
  shot,
  signIn,
  startProduct,
  type Product,
  type WatchedPage,
} from './support/browser.js';

/**
 * The sign-in page drawn from the HTML itself (UI.md §1.2): to a visitor without a session the API sends
 * the page with the form already in it (apps/web/vite.config.ts builds it), so the form paints before
 * ~780 KB of JavaScript has been parsed and run, and the app then takes that markup over where it stands.
 * What a person must get: the form with JavaScript off; nothing moving when the app takes over; what they
 * typed before that kept and submitted; and, signed in, never a sign-in form before their page.
 */

/** Holds the app's entry script until `release()`: the page as it stands before its JavaScript runs. */
async function holdScripts(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/index-[^/]+\.js$/, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

/** The app has taken the page over: 「登录」 is enabled only then (LoginPage). */
async function appLive(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      !(
        globalThis as unknown as { document: { querySelector(s: string): { disabled: boolean } | null } }
      ).document.querySelector('button[type="submit"]')?.disabled,
  );
}

/** Where the page's parts are drawn, to the pixel, once its linked styles and fonts have loaded. */
async function layout(page: Page): Promise<Record<string, unknown>> {
  // The browser paints nothing before a linked stylesheet has arrived, but a script can measure the
  // page sooner: on a busy machine that read the boxes of an unstyled form.
  await page.waitForFunction(() => {
    const doc = (
      globalThis as unknown as {
        document: { querySelectorAll(s: string): ArrayLike<{ sheet: unknown }>; fonts: { status: string } };
      }
    ).document;
    const links = Array.from(doc.querySelectorAll('link[rel="stylesheet"]'));
    return links.every((link) => link.sheet !== null) && doc.fonts.status === 'loaded';
  });
  const parts = {
    card: page.locator('section.login-card'),
    language: page.getByTestId('language'),
    title: page.getByRole('heading', { name: '教师专业发展管理平台' }),
    username: page.getByLabel('用户名'),
    password: page.getByLabel('密码'),
    submit: page.getByRole('button', { name: /登\s*录/ }),
    demoHint: page.getByText('演示账号'),
  };
  const out: Record<string, unknown> = {};
  for (const [name, locator] of Object.entries(parts)) out[name] = await locator.boundingBox();
  return out;
}

describeBrowser('the sign-in page painted from the HTML', () => {
  let product: Product;
  let browser: Browser;

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  it('shows the form with its labels when JavaScript does not run at all', async () => {
    for (const [name, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const context = await browser.newContext({
        baseURL: product.url,
        viewport,
        javaScriptEnabled: false,
        locale: 'zh-CN',
      });
      const page = await context.newPage();
      await page.goto('/');
      expect(await page.getByRole('heading', { name: '教师专业发展管理平台' }).isVisible()).toBe(true);
      expect(await page.getByLabel('用户名').isVisible()).toBe(true);
      expect(await page.getByLabel('密码').isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: /登\s*录/ }).isVisible()).toBe(true);
      // Ant Design's look comes with the HTML (its extracted styles): the primary button's blue, the
      // large inputs' height.
      expect(await page.getByLabel('用户名').evaluate((e) => e.getBoundingClientRect().height)).toBe(24);
      await shot(page, `sign-in-html-only-${name}`);
      await context.close();
    }
  });

  it('is taken over by the app without anything moving, in the same elements, without an error', async () => {
    for (const [name, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const page = await openPage(browser, product.url, { viewport });
      const release = await holdScripts(page);
      await page.goto('/', { waitUntil: 'commit' });
      await page.getByLabel('用户名').waitFor();
      // A demonstration install's page names the demo logins from the start (GET /api/app-info says so
      // later; its hint arriving then would move the form).
      expect(await page.getByText('演示账号').isVisible()).toBe(true);
      const before = await layout(page);
      const markup = await page.locator('#root').innerHTML();
      await shot(page, `sign-in-before-scripts-${name}`);
      const input = await page.getByLabel('用户名').elementHandle();
      release();
      await appLive(page);
      // Any page path without a session leads to sign-in and back (UI.md §1.2).
      expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/login?next=%2F');
      expect(await layout(page)).toEqual(before);
      // The markup the app holds is the HTML's, to the attribute (a mismatch React would not repair),
      // but for 「登录」 now enabled and the inputs' empty value and style attributes, which React and
      // antd touch without changing anything shown.
      const bare = (html: string) => html.replace(/ (disabled|value|style)=""/g, '');
      expect(bare(await page.locator('#root').innerHTML())).toBe(bare(markup));
      // Hydrated, not drawn again: the very input the HTML made is the one the app uses.
      expect(await input!.evaluate((e) => e.isConnected)).toBe(true);
      await shot(page, `sign-in-after-takeover-${name}`);
      expect(page.problems).toEqual([]);
      await page.context().close();
    }
  });

  it('keeps what was typed before the scripts ran and signs in with it', async () => {
    const page = await openPage(browser, product.url);
    const release = await holdScripts(page);
    await page.goto('/chair/calls', { waitUntil: 'commit' });
    await page.getByLabel('用户名').fill('chair');
    await page.getByLabel('密码').fill('demo-chair');
    // Before the app runs, 「登录」 waits for it: the bare HTML form must not submit itself.
    expect(await page.getByRole('button', { name: /登\s*录/ }).isDisabled()).toBe(true);
    release();
    await appLive(page);
    expect(await page.getByLabel('用户名').inputValue()).toBe('chair');
    expect(await page.getByLabel('密码').inputValue()).toBe('demo-chair');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    // Back to the page asked for, signed in.
    await page.waitForURL((url) => url.pathname === '/chair/calls');
    await page.getByTestId('account').waitFor();
    expect(page.problems).toEqual([]);
    await page.context().close();
  });

  it('sends a signed-in visitor no sign-in form, not even for a moment', async () => {
    const page = await openPage(browser, product.url);
    await signIn(page, 'chair');
    const landing = new URL(page.url()).pathname;
    const context: BrowserContext = page.context();
    const html = await (await context.request.get('/')).text();
    expect(html).toContain('<div id="root"></div>');
    // Nor one who follows a link from another site, to whom the browser does not send the SameSite=Strict
    // session cookie at all: without the cookie, the page to send cannot be told.
    const pageFrom = async (fetchSite: string) =>
      (await fetch(`${product.url}/chair/board`, { headers: { 'sec-fetch-site': fetchSite } })).text();
    expect(await pageFrom('cross-site')).toContain('<div id="root"></div>');
    // Typed in, or from a bookmark: the cookie would have come.
    expect(await pageFrom('none')).toContain('<div id="root" data-demo="true"><main class="login-page">');
    const again = (await context.newPage()) as WatchedPage;
    // Notes whether a password box is ever in the page while it loads.
    await again.addInitScript(() => {
      const g = globalThis as unknown as {
        __sawSignIn: boolean;
        document: { querySelector(s: string): unknown };
        MutationObserver: new (cb: () => void) => { observe(n: unknown, o: object): void };
      };
      g.__sawSignIn = false;
      new g.MutationObserver(() => {
        if (g.document.querySelector('input[type="password"]')) g.__sawSignIn = true;
      }).observe(g.document, { childList: true, subtree: true });
    });
    await again.goto('/');
    await again.waitForURL((url) => url.pathname === landing);
    await again.getByTestId('account').waitFor();
    expect(await again.evaluate(() => (globalThis as unknown as { __sawSignIn: boolean }).__sawSignIn)).toBe(
      false,
    );
    await context.close();
  });

  it('opens in English for a visitor who chose it, and keeps the notices the URL asks for', async () => {
    const page = await openPage(browser, product.url);
    await page.addInitScript(() =>
      (
        globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }
      ).localStorage.setItem('tdw.locale', 'en'),
    );
    await page.goto('/login');
    await page.getByLabel('Username').waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.getByLabel('Password').isVisible()).toBe(true);
    expect(page.problems).toEqual([]);
    await page.context().close();

    const expired = await openPage(browser, product.url);
    await expired.goto('/login?next=%2Fmentor&expired=1');
    await expired.getByText('登录已过期').waitFor();
    expect(expired.problems).toEqual([]);
    await expired.context().close();
  });
});
