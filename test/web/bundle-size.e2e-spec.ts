import { signInBundle } from '../../scripts/web-bundle-size.mjs';
import { ensureWebBuilt, WEB_DIST } from './support/browser.js';

/**
 * The sign-in page is the first thing every user downloads, often on a school's slow line: it loads at
 * most 300 KB of JavaScript, gzipped (issue: the web app), the rest split by role and loaded after
 * sign-in. Measured from the real build; the README states the figure (scripts/web-bundle-size.mjs).
 */
describe('the sign-in page’s JavaScript', () => {
  beforeAll(() => ensureWebBuilt(), 120_000);

  it('is at most 300 KB gzipped, and no page behind sign-in is in it', () => {
    const bundle = signInBundle(WEB_DIST);
    expect(bundle.files.length).toBeGreaterThan(0);
    expect(bundle.gzip).toBeLessThanOrEqual(300 * 1024);
    for (const f of bundle.files) expect(f.file).not.toMatch(/Page-|AppLayout|echarts/);
  });
});
