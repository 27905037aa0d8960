import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchBrowser, openPage, startProduct, type Product } from './support/browser.js';
import { signInAs, visit, WALKS } from './support/walk.js';

/**
 * axe-core in the same Chromium on every page of the route table, in Chinese (UI.md "Everywhere":
 * reachable by keyboard and readable): no WCAG 2 A/AA violation of serious or critical impact.
 */
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated rather than added as a <script>: the product's Content-Security-Policy rightly refuses inline scripts.
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(ctx: unknown, o: unknown): Promise<{ violations: Violation[] }> };
      }
    ).axe;
    const doc = (globalThis as unknown as { document: unknown }).document;
    const result = await axe.run(doc, { runOnly: ['wcag2a', 'wcag2aa'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary })),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}, ${v.nodes.length}×): ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')} — ${v.help}: ${v.nodes[0]?.failureSummary ?? ''}`,
    );
}

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
