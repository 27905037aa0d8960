import { pickFromMenu } from './support/walk.js';
import type { Browser } from 'playwright-core';
import { fieldsFor } from '../approval/support.js';
import { bearer, login } from '../identity/support/identity-test-app.js';
import {
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
 * 评审任务 in keyset pages (UI.md §1.5 and §3), on the seeded demo in a real browser: a reviewer holds one
 * task more than a page (the API's pages are 50), sees the first 50 in due order with 「加载更多」, loads
 * the rest, and is told that everything is shown; the 已提交 tab, empty, explains when tasks arrive there.
 * The applications are made over the API (the committee walk covers doing it in the pages).
 */
const TASKS = 51;
const TITLE = (n: number) => `评审分页测试项目 ${String(n).padStart(2, '0')}`;

describeBrowser('review queue pages: 50 at a time, 「加载更多」 for the rest', () => {
  let product: Product;
  let browser: Browser;
  let reviewer: { username: string; roles: string[] };

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    const chair = bearer(await login(product.app, 'chair'));
    const applicant = bearer(await login(product.app, 'huang.jun1'));
    const city = product.demo.orgUnits.find((u) => u.level === 'city')!;
    const day = 86_400_000;
    const call = await product.app.request('POST', '/api/calls', {
      headers: chair,
      body: {
        kind: 'training_project',
        orgUnit: city.id,
        title: '评审分页测试申报通知',
        opensAt: new Date(Date.now() - day).toISOString(),
        closesAt: new Date(Date.now() + 30 * day).toISOString(),
      },
    });
    expect(call.status).toBe(201);
    let reviewerId = '';
    for (let n = 1; n <= TASKS; n++) {
      const draft = await product.app.request('POST', '/api/applications', {
        headers: applicant,
        body: {
          callId: call.body.id,
          title: TITLE(n),
          fields: { ...fieldsFor.training_project, startsOn: '2027-03-01', endsOn: '2027-04-20' },
        },
      });
      expect(draft.status).toBe(201);
      const id = draft.body.id as string;
      expect(
        (await product.app.request('POST', `/api/applications/${id}/submit`, { headers: applicant })).status,
      ).toBe(200);
      if (!reviewerId) {
        // One reviewer without a conflict of interest with the applicant (DOMAIN.md 利益回避) takes them all.
        const candidates = await product.app.request('GET', `/api/applications/${id}/reviewer-candidates`, {
          headers: chair,
        });
        const free = (
          candidates.body.items as { id: string; displayName: string; conflicts: string[] }[]
        ).find((c) => c.conflicts.length === 0)!;
        reviewerId = free.id;
        reviewer = product.demo.logins.find((l) => l.displayName === free.displayName)!;
      }
      const assigned = await product.app.request('POST', `/api/applications/${id}/reviewers`, {
        headers: chair,
        body: { reviewers: [{ reviewerId }] },
      });
      expect(assigned.status).toBe(200);
    }
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  async function queue(viewport?: { width: number; height: number }): Promise<WatchedPage> {
    const page = await openPage(browser, product.url, viewport ? { viewport } : {});
    await signIn(page, reviewer.username);
    // A reviewer who is also a teacher acts as 评审专家 here (UI.md §1.2).
    if (reviewer.roles.includes('teacher'))
      await pickFromMenu(page, 'role-switcher', '评审专家', () =>
        page.waitForURL(/\/reviewer\/queue/, { timeout: 10_000 }),
      );
    else await page.waitForURL(/\/reviewer\/queue/);
    return page;
  }

  it('shows the first 50 tasks in due order, loads the 51st on 「加载更多」, then says all are shown', async () => {
    const page = await queue();
    const rows = page.locator('tbody tr', { hasText: '评审分页测试项目' });
    await page.getByText(`已显示 50 项任务`).waitFor();
    expect(await rows.count()).toBe(50);
    // Assigned one after another, so due one after another: the API's order is the page's.
    expect(await rows.first().getByRole('link').textContent()).toBe(TITLE(1));
    expect(await rows.nth(49).getByRole('link').textContent()).toBe(TITLE(50));
    expect(await page.getByText(TITLE(51)).count()).toBe(0);
    expect(await page.getByText('已显示全部任务').count()).toBe(0);
    await shot(page, 'review-queue-01-first-page');

    await page.getByRole('button', { name: '加载更多' }).click();
    await page.getByText('已显示全部任务').waitFor();
    await page.getByText(`已显示 ${TASKS} 项任务`).waitFor();
    expect(await rows.count()).toBe(TASKS);
    expect(await rows.nth(50).getByRole('link').textContent()).toBe(TITLE(51));
    expect(await page.getByRole('button', { name: '加载更多' }).count()).toBe(0);
    await page.getByText('已显示全部任务').scrollIntoViewIfNeeded();
    await shot(page, 'review-queue-02-all-loaded');

    // The review page of the task past the first page still shows its deadline (from the application).
    await rows.nth(50).getByRole('button', { name: '开始评审' }).click();
    await page.waitForURL(/\/reviewer\/applications\//);
    await page.getByText('评分细则版本').waitFor();
    await page.getByText('剩 14 天').waitFor();
    await shot(page, 'review-queue-03-review-deadline');
    // Back on the queue, the pages already loaded are still there.
    await page.goBack();
    await page.getByText(`已显示 ${TASKS} 项任务`).waitFor();

    // 已提交 reads its own pages: none submitted yet, so it explains when tasks arrive there.
    await page.getByRole('tab', { name: '已提交' }).click();
    await page.waitForURL(/tab=done/);
    await page.getByText('您还没有提交过评审。提交评分后，任务会移到这里，直到评审组长作出决定。').waitFor();
    expect(await rows.count()).toBe(0);
    await shot(page, 'review-queue-04-done-empty');
    expect(page.problems).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('fits a 390-px phone, 「加载更多」 included', async () => {
    const page = await queue(PHONE);
    await page.getByText(`已显示 50 项任务`).waitFor();
    const more = page.getByRole('button', { name: '加载更多' });
    await more.scrollIntoViewIfNeeded();
    expect(await more.isVisible()).toBe(true);
    await shot(page, 'review-queue-05-phone');
    // A row's 开始评审 can be tapped: the table scrolls to it, and no column held in place covers it.
    await page
      .locator('tbody tr.ant-table-row')
      .first()
      .getByRole('button', { name: '开始评审' })
      .click({ trial: true, timeout: 5000 });
    const width = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
          .documentElement.scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(PHONE.width);
    expect(page.problems).toEqual([]);
    await page.context().close();
  }, 120_000);
});
