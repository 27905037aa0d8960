import type { Browser, Page } from 'playwright-core';
import type { Product } from './browser.js';
import { openPage, signIn, type WatchedPage } from './browser.js';

/**
 * The pages of the route table (apps/web/src/app/pages.tsx) that each demo role opens without an id,
 * and who opens them. Pages needing an id are reached from these by the suites that need them. A user
 * holding several roles (the demo's master teachers are teacher and reviewer) switches role in the
 * header, as a person would.
 */
export interface RoleWalk {
  role: 'teacher' | 'reviewer' | 'chair' | 'admin';
  /** Switch to this role after sign-in (a user with several roles lands in the first). */
  switchTo?: RegExp;
  pages: string[];
}

export const WALKS: RoleWalk[] = [
  {
    role: 'teacher',
    pages: [
      '/teacher/progression',
      '/teacher/applications',
      '/teacher/applications/new',
      '/teacher/calls',
      '/teacher/trainings',
      // 导师带教: the demo has no pairings, so the walk sees its empty state (the suite
      // mentorship.e2e-spec.ts pairs one and walks the pages with data).
      '/teacher/mentorship',
      '/teacher/studios',
      '/notifications',
    ],
  },
  { role: 'reviewer', switchTo: /评审专家|Reviewer/, pages: ['/reviewer/queue', '/notifications'] },
  { role: 'chair', pages: ['/chair/board', '/chair/calls', '/chair/projects', '/notifications'] },
  {
    role: 'admin',
    pages: [
      '/admin/workbench',
      '/admin/users',
      '/admin/org-units',
      '/admin/mentorships',
      '/admin/studios',
      '/chair/board',
      '/chair/calls',
      '/admin/reports',
      '/admin/reports?tab=hours',
      '/admin/reports?tab=credits',
      '/admin/reports?tab=applications',
      '/admin/reports?tab=overdue',
      '/chair/projects',
      '/notifications',
    ],
  },
];

/** The demo login for a role: the reviewer walk uses a master teacher, who is teacher and reviewer. */
export function loginFor(product: Product, role: RoleWalk['role']) {
  const logins = product.demo.logins;
  if (role === 'reviewer') return logins.find((l) => l.roles.includes('reviewer'))!;
  if (role === 'teacher') return logins.find((l) => l.roles.length === 1 && l.roles[0] === 'teacher')!;
  return logins.find((l) => l.username === role)!;
}

/** Signs a role in on a fresh context (one per role, reused for all its pages). */
export async function signInAs(browser: Browser, product: Product, walk: RoleWalk): Promise<WatchedPage> {
  const page = await openPage(browser, product.url);
  await signIn(page, loginFor(product, walk.role).username);
  if (walk.switchTo) {
    const to = walk.switchTo;
    await pickFromMenu(page, 'role-switcher', to, () => page.waitForURL(/\/reviewer\//, { timeout: 10_000 }));
  }
  return page;
}

/**
 * Picks `item` from a header dropdown (`trigger` is its test id) and waits for what the pick does, as
 * `outcome` (made before the click, so it sees an answer that comes at once) resolves. Right after
 * sign-in the header may still be drawing, and a menu opened then can close under the click with nothing
 * picked — a person clicks again; so does this, up to three times.
 */
export async function pickFromMenu(
  page: Page,
  trigger: string,
  item: string | RegExp,
  outcome: () => Promise<unknown>,
): Promise<void> {
  await settle(page);
  for (let attempt = 1; ; attempt++) {
    await page.getByTestId(trigger).click();
    const done = outcome();
    await page.getByRole('menuitem', { name: item }).click();
    try {
      await done;
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      await page.keyboard.press('Escape');
    }
  }
}

/** Opens a page and waits until its data is drawn: no skeleton, no spinning indicator, the network quiet. */
export async function visit(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await settle(page);
}

export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('.app-content').waitFor();
  await page.waitForFunction(
    () => {
      const d = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
      return !d.querySelector('.ant-skeleton, .ant-spin-spinning');
    },
    undefined,
    { timeout: 15_000 },
  );
}
