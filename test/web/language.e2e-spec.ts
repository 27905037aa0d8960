import type { Browser, Page } from 'playwright-core';
import {
  describeBrowser,
  launchBrowser,
  openPage,
  shot,
  signIn,
  startProduct,
  type Product,
} from './support/browser.js';
import { DEMO_CALLS } from '../../apps/api/src/demo/demo-seed.js';
import { loginFor, pickFromMenu, settle, signInAs, visit, WALKS } from './support/walk.js';

/**
 * Every page in both languages (UI.md "Language"; Chinese first, English as a choice remembered in the
 * user's `locale`): no catalogue key or raw server code shows instead of its text, a zh-CN page carries
 * no English beyond names and codes, and in English the page's own words — menu, headings, buttons,
 * table headers, labels — are English (people's and places' names, and the titles of seeded data, stay
 * as they were entered).
 */

/**
 * Latin words a zh-CN page may show. Each is a name or a code, not a sentence in English:
 * - 'English': the language switch names the other language in that language, as every switch does;
 * - 'PDF', 'Excel': file formats, written so in Chinese too;
 * - the demo people's romanised names and usernames are removed before this list applies (see below).
 */
// - 'default': the policy version's id (default-1) under 我的成长路径, a code;
// - 'demo': the sign-in page's hint gives the demo passwords' pattern, `demo-<username>`, a code to type.
const ALLOWED_LATIN = new Set(['English', 'PDF', 'Excel', 'default', 'demo']);

/** Catalogue keys (`nav.board`), missing-text markers and raw codes (`training_project`) shown as text. */
const UNTRANSLATED = [
  /\b[a-z][a-zA-Z]*\.[a-z][a-zA-Z]+\b/,
  /\b[a-z]+_[a-z_]+\b/,
  /\bundefined\b|\bnull\b|\bNaN\b|\[object Object\]/,
];

const CHROME =
  '.ant-menu-item, .ant-layout-content h1, .ant-layout-content h2, .ant-layout-content h3, ' +
  '.ant-layout-content h4, button, th, label, .ant-tabs-tab, .ant-empty-description, .ant-steps-item-title, ' +
  '.ant-card-head-title, .ant-statistic-title, .ant-descriptions-item-label';

/** Text without names: the demo people's display names and usernames, and the seeded places. */
function withoutNames(text: string, names: string[]): string {
  let out = text;
  for (const n of names) out = out.split(n).join(' ');
  return out;
}

function untranslated(text: string): string[] {
  return UNTRANSLATED.flatMap((re) => {
    const m = text.match(new RegExp(re.source, 'g'));
    return m ?? [];
  });
}

async function bodyText(page: Page): Promise<string> {
  return page.evaluate(
    () => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText,
  );
}

async function chromeTexts(page: Page): Promise<string[]> {
  return page.evaluate((sel) => {
    const d = (
      globalThis as unknown as {
        document: {
          querySelectorAll(s: string): ArrayLike<{ innerText: string; closest(s: string): unknown }>;
        };
      }
    ).document;
    // The account button shows the signed-in person's name, which stays as entered.
    return Array.from(d.querySelectorAll(sel))
      .filter((e) => !e.closest('[data-testid="account"]'))
      .map((e) => e.innerText.trim())
      .filter(Boolean);
  }, CHROME);
}

async function switchLanguage(page: Page, to: 'English' | '简体中文'): Promise<void> {
  // The choice is saved on the user (PUT …/locale); the walk reloads pages next, which read it back, so
  // it waits for the save as a person's next page load would come after it.
  let status = 0;
  await pickFromMenu(page, 'language', to, async () => {
    const saved = await page.waitForResponse(
      (r) => r.request().method() === 'PUT' && /\/api\/users\/[^/]+\/locale$/.test(new URL(r.url()).pathname),
      { timeout: 10_000 },
    );
    status = saved.status();
  });
  expect(status).toBe(200);
  await page.getByTestId('language').filter({ hasText: to }).waitFor();
  await settle(page);
}

describeBrowser('language: every page in zh-CN and in English', () => {
  let product: Product;
  let browser: Browser;
  let names: string[];
  let seededTitles: string[];

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    // Longest first, so a full name goes before a part of it.
    names = product.demo.logins
      .flatMap((l) => [l.displayName, l.username, l.orgUnitName])
      .concat(product.demo.orgUnits.map((o) => o.name))
      .sort((a, b) => b.length - a.length);
    // The seeded calls' titles are data, entered in Chinese, and stay so in English.
    seededTitles = DEMO_CALLS.map((c) => c.title);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  it('the sign-in page in Chinese has no English beyond the switch and the demo logins', async () => {
    const page = await openPage(browser, product.url);
    await page.goto('/login');
    await page.getByRole('button', { name: /登\s*录/ }).waitFor();
    const text = withoutNames(await bodyText(page), names);
    expect(untranslated(text)).toEqual([]);
    const latin = (text.match(/[A-Za-z][A-Za-z']*/g) ?? []).filter((w) => !ALLOWED_LATIN.has(w));
    expect(latin).toEqual([]);
    await page.context().close();
  });

  for (const walk of WALKS) {
    it(`${walk.role}: every page in zh-CN, then in English, then back`, async () => {
      const page = await signInAs(browser, product, walk);
      const found: Record<string, unknown> = {};
      for (const path of walk.pages) {
        await visit(page, path);
        const text = withoutNames(await bodyText(page), names);
        const latin = (text.match(/[A-Za-z][A-Za-z']*/g) ?? []).filter((w) => !ALLOWED_LATIN.has(w));
        const keys = untranslated(text);
        if (latin.length || keys.length) found[`zh-CN ${path}`] = { latin, keys };
      }
      await switchLanguage(page, 'English');
      for (const path of walk.pages) {
        await visit(page, path);
        const text = await bodyText(page);
        const keys = untranslated(withoutNames(text, names));
        const chinese = (await chromeTexts(page))
          .map((t) => withoutNames(t, [...names, ...seededTitles]))
          .filter((t) => /[\u3400-\u9fff]/.test(t));
        if (keys.length || chinese.length) found[`en ${path}`] = { keys, chinese };
        await shot(page, `language-en-${walk.role}${path.replaceAll('/', '-')}`);
      }
      // The choice is the user's: a fresh sign-in comes back in English.
      const again = await openPage(browser, product.url);
      await signIn(again, loginFor(product, walk.role).username);
      await again.getByTestId('language').filter({ hasText: 'English' }).waitFor();
      await switchLanguage(again, '简体中文');
      expect(found).toEqual({});
      expect(page.problems).toEqual([]);
      await page.context().close();
      await again.context().close();
    }, 180_000);
  }
});
