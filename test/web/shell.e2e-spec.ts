import { pickFromMenu } from './support/walk.js';
import type { Browser } from 'playwright-core';
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
} from './support/browser.js';

/**
 * The web app's shell on the real product (UI.md §1.1–§1.2): it is served at `/`, signs in with the
 * httpOnly session cookie (no token in the page's storage), shows the menu of the role a user acts in,
 * switches roles, returns an expired session to sign-in and then to the page it was on, and signs out.
 */
describeBrowser('web app shell: sign-in, roles, session', () => {
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

  it('serves the sign-in page in Chinese at / with the demo hint, at a desk and on a phone', async () => {
    for (const [name, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const page = await openPage(browser, product.url, { viewport });
      await page.goto('/');
      await page.waitForURL(/\/login/);
      await page.getByRole('heading', { name: '教师专业发展管理平台' }).waitFor();
      await page.getByText('演示账号').waitFor();
      expect(await page.getByRole('button', { name: /登\s*录/ }).isVisible()).toBe(true);
      await shot(page, `shell-login-${name}`);
      expect(page.problems).toEqual([]);
      await page.context().close();
    }
  });

  it('a wrong password gets the one message that does not say which of the two was wrong', async () => {
    const page = await openPage(browser, product.url);
    await page.goto('/login');
    await page.getByLabel('用户名').fill('chair');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();
    expect(page.url()).toContain('/login');
    await page.context().close();
  });

  it('signs in with a cookie the page cannot read, lands on the role’s page and keeps no token in storage', async () => {
    const page = await openPage(browser, product.url);
    await signIn(page, 'chair');
    await page.waitForURL(/\/chair\/board/);
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'tdw_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(
      await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie),
    ).not.toContain('tdw_session');
    const stored = await page.evaluate(() => {
      const w = globalThis as unknown as { localStorage: object; sessionStorage: object };
      return JSON.stringify({ ...w.localStorage, ...w.sessionStorage });
    });
    expect(stored).not.toMatch(/eyJ|Bearer|token/i);
    // The signed-in shell loads on demand: the URL changes before its menu is drawn.
    await page.getByRole('menuitem', { name: '评审看板' }).waitFor();
    expect(await page.getByRole('menuitem', { name: '我的成长路径' }).count()).toBe(0);
    await shot(page, 'shell-chair-landing');
    expect(page.problems).toEqual([]);
    await page.context().close();
  });

  it('a teacher who is also a reviewer switches role: the menu and the landing page follow', async () => {
    const reviewer = product.demo.logins.find((l) => l.roles.includes('reviewer'))!;
    const page = await openPage(browser, product.url);
    await signIn(page, reviewer.username);
    await page.waitForURL(/\/teacher\/progression/);
    await page.getByRole('menuitem', { name: '我的成长路径' }).waitFor();
    await pickFromMenu(page, 'role-switcher', '评审专家', () =>
      page.waitForURL(/\/reviewer\/queue/, { timeout: 10_000 }),
    );
    await page.getByRole('menuitem', { name: '评审任务' }).waitFor();
    expect(await page.getByRole('menuitem', { name: '我的成长路径' }).count()).toBe(0);
    // A deep link to a page of the other held role offers the switch rather than a dead end.
    await page.goto('/teacher/progression');
    await page.getByText('此页面需以「教师」身份访问').waitFor();
    await page.getByRole('button', { name: /切\s*换/ }).click();
    await page.getByRole('menuitem', { name: '我的成长路径' }).waitFor();
    expect(page.problems).toEqual([]);
    await page.context().close();
  });

  it('an ended session returns to sign-in and, after signing in, to the page the user was on', async () => {
    const page = await openPage(browser, product.url);
    await signIn(page, 'chair');
    await page.goto('/chair/calls');
    await page.getByRole('heading', { name: '申报通知管理' }).waitFor();
    // The session ends on the server (signed out elsewhere): the cookie the page holds is now refused.
    const cookie = (await page.context().cookies()).find((c) => c.name === 'tdw_session')!;
    const csrf = (await page.context().cookies()).find((c) => c.name === 'tdw_csrf')!;
    const ended = await fetch(`${product.url}/api/auth/session`, {
      method: 'DELETE',
      headers: { cookie: `tdw_session=${cookie.value}; tdw_csrf=${csrf.value}`, 'x-csrf-token': csrf.value },
    });
    expect(ended.status).toBe(204);
    await page.getByRole('menuitem', { name: '评审看板' }).click();
    await page.waitForURL(/\/login\?next=/);
    await page.getByText('登录已过期，请重新登录').waitFor();
    await page.getByLabel('用户名').fill('chair');
    await page.getByLabel('密码').fill('demo-chair');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL(/\/chair\/board/);
    await page.context().close();
  });

  it('signs out: the cookie is gone and the signed-in pages send the visitor back to sign-in', async () => {
    const page = await openPage(browser, product.url);
    await signIn(page, 'admin');
    await page.getByTestId('account').click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    // Once in ~10 runs on a loaded machine this wait ran out; what the page showed then is kept for the
    // next time (the menu still open, an error, the request unanswered).
    await page.waitForURL(/\/login/).catch(async (error: Error) => {
      const menuOpen = await page.getByRole('menuitem', { name: '退出登录' }).isVisible();
      await shot(page, 'shell-sign-out-stuck');
      throw new Error(
        `${error.message}\nat ${page.url()}, menu open: ${menuOpen}, ${page.problems.join('; ')}`,
      );
    });
    expect((await page.context().cookies()).find((c) => c.name === 'tdw_session')).toBeUndefined();
    await page.goto('/chair/board');
    await page.waitForURL(/\/login\?next=%2Fchair%2Fboard/);
    expect(page.problems).toEqual([]);
    await page.context().close();
  });

  it('switches to English, and the choice is remembered in the user’s locale', async () => {
    const page = await openPage(browser, product.url);
    await signIn(page, 'chair');
    await page.getByTestId('language').click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByRole('menuitem', { name: 'Review board' }).waitFor();
    await page.context().close();
    const again = await openPage(browser, product.url);
    await signIn(again, 'chair');
    await again.getByRole('menuitem', { name: 'Review board' }).waitFor();
    // Back to Chinese for the suites that follow.
    await again.getByTestId('language').click();
    await again.getByRole('menuitem', { name: '简体中文' }).click();
    await again.getByRole('menuitem', { name: '评审看板' }).waitFor();
    await again.context().close();
  });
});
