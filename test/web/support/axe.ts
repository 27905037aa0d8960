import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/**
 * axe-core in the page's own Chromium (UI.md §1.12: reachable by keyboard and readable): the WCAG 2 A/AA
 * violations of serious or critical impact, one line each. Shared by the accessibility suite's walk and
 * the suites that reach pages with data the walk does not have.
 */
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

export async function seriousViolations(page: Page): Promise<string[]> {
  await animationsSettled(page);
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

/**
 * Waits until no finite CSS animation or transition is running: a drawer closing or a help text fading
 * in is drawn half-transparent for a moment, and axe would measure that moment's contrast rather than
 * the page a person reads. Endless ones (a spinner's turn) are left alone; they never settle.
 */
async function animationsSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      interface Running {
        playState: string;
        effect: { getComputedTiming(): { endTime?: number } } | null;
      }
      const doc = (globalThis as unknown as { document: { getAnimations(): Running[] } }).document;
      return doc
        .getAnimations()
        .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity);
    },
    undefined,
    { timeout: 10_000, polling: 50 },
  );
}
