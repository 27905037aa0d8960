import type { Browser } from 'playwright-core';
import { describeBrowser, launchBrowser, openPage, startProduct, type Product } from './support/browser.js';
import { seriousViolations } from './support/axe.js';
import { signInAs, visit, WALKS } from './support/walk.js';

/**
 * axe-core in the same Chromium on every page of the route table, in Chinese (UI.md "Everywhere":
 * reachable by keyboard and readable): no WCAG 2 A/AA violation of serious or critical impact.
 */
describeBrowser('accessibility: axe-core on every page', () => {
  let product: Product;
  let browser: Browser;

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  it('the sign-in page', async () => {
    const page = await openPage(browser, product.url);
    await page.goto('/login');
    await page.getByRole('button', { name: /登\s*录/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  for (const walk of WALKS) {
    it(`${walk.role}: every page`, async () => {
      const page = await signInAs(browser, product, walk);
      const found: Record<string, string[]> = {};
      for (const path of walk.pages) {
        await visit(page, path);
        const v = await seriousViolations(page);
        if (v.length) found[path] = v;
      }
      expect(found).toEqual({});
      await page.context().close();
    }, 180_000);
  }
});
