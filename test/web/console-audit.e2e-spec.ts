import type { Browser } from 'playwright-core';
import { demoCallId } from '../../apps/api/src/demo/demo-seed.js';
import { cast, rubricScores, signIn as apiSignIn } from '../approval/support.js';
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

const PLAN = '校本研修方案：课堂观察与同课异构（审计演示）';

/** An instant as the pages show it: Beijing time, to the second. */
const beijingSeconds = (ms: number) =>
  new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

/**
 * The office console's audit and policy pages on the seeded demo, in a real browser, as the city's admin
 * (UI.md §5 操作日志, 政策配置, 任务队列, 年度总结; DOMAIN.md "Audit trail"). A school plan is applied for,
 * reviewed and approved over the API first (the committee's own walk is committee.e2e-spec.ts), with a
 * pause before the decision; then the admin finds the decision in the log by its event type, opens the
 * application's history, goes back to a moment before the decision and sees it still 评审中, and verifies
 * the hash chain with its progress to 「校验通过」. On 政策配置 the admin publishes a second version through
 * the form and reads the diff of the two.
 */
describeBrowser('office console: audit log, time travel, chain verification, policy diff', () => {
  let product: Product;
  let browser: Browser;
  let applicationId = '';
  let reviewedAt = 0;
  let decidedAt = 0;

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    const c = cast(product.demo);
    const who = (l: (typeof c.teachers)[number]) => apiSignIn(product.app, product.db, l);
    const chair = await who(c.chair);
    const applicant = await who(c.teachers[0]!);
    const reviewers = await Promise.all(
      c.reviewers
        .filter((r) => r.orgUnit !== applicant.login.orgUnit)
        .slice(0, 3)
        .map(who),
    );
    const draft = await applicant.call('POST', '/api/applications', {
      callId: demoCallId('school-plan'),
      title: PLAN,
      fields: { kind: 'school_plan', schoolYear: '2026-2027', summary: '课堂观察与同课异构，每月一次。' },
    });
    expect(draft.status).toBe(201);
    applicationId = draft.body.id as string;
    expect((await applicant.call('POST', `/api/applications/${applicationId}/submit`)).status).toBe(200);
    const assigned = await chair.call('POST', `/api/applications/${applicationId}/reviewers`, {
      reviewers: reviewers.map((r) => ({ reviewerId: r.id })),
    });
    expect(assigned.status).toBe(200);
    for (const [n, r] of reviewers.entries()) {
      const res = await r.call('POST', `/api/applications/${applicationId}/reviews`, {
        scores: rubricScores(80 + n * 5),
        comments: `方案可行 ${n + 1}`,
      });
      expect(res.status).toBe(200);
    }
    reviewedAt = Date.now();
    // Two seconds between the last review and the decision: a moment picked to the second lies between.
    await new Promise((r) => setTimeout(r, 2500));
    const decided = await chair.call('POST', `/api/applications/${applicationId}/decision`, {
      decision: 'approve',
      rationale: '方案完整，同意实施。',
      documentsSeen: ['校本研修方案'],
    });
    expect(decided.status).toBe(200);
    decidedAt = Date.now();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  async function asAdmin(viewport?: { width: number; height: number }): Promise<WatchedPage> {
    const page = await openPage(browser, product.url, viewport ? { viewport } : {});
    await signIn(page, 'admin');
    return page;
  }

  /** No console error or page error, but those the test provoked on purpose. */
  async function done(page: WatchedPage, expected: RegExp[] = []) {
    expect(page.problems.filter((p) => !expected.some((e) => e.test(p)))).toEqual([]);
    await page.context().close();
  }

  it('finds the decision by its event type, goes back before it, and verifies the chain', async () => {
    const page = await asAdmin();
    await page.getByRole('menuitem', { name: '操作日志' }).click();
    await page.waitForURL(/\/admin\/audit$/);
    await page.getByText('您的查阅也会被记录。').waitFor();
    await page.locator('tbody tr.ant-table-row').first().waitFor();

    // Filter by 事件类型: the one decision, with its label, code, the chair and the reason.
    await page.locator('#eventType').click();
    await page.keyboard.type('作出决定');
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'ApplicationDecided' })
      .click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /^查\s*询$/ }).click();
    await page.waitForURL(/eventType=ApplicationDecided/);
    const rows = page.locator('tbody tr.ant-table-row');
    // The unfiltered page held the decision too: wait for the filtered answer, one row.
    await page.getByText('已显示 1 条').waitFor();
    expect(await rows.count()).toBe(1);
    const row = rows.first();
    for (const text of ['作出决定', 'ApplicationDecided', '评审组长', '方案完整，同意实施。'])
      expect(await row.getByText(text).first().isVisible()).toBe(true);
    // Seconds, Beijing time (the browser runs in London).
    expect(await row.locator('td').first().innerText()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const shown = Date.parse(`${(await row.locator('td').first().innerText()).replace(' ', 'T')}+08:00`);
    expect(Math.abs(shown - decidedAt)).toBeLessThan(5000);
    await page.getByText('已显示全部记录').waitFor();
    await shot(page, 'console-audit-01-log-filtered');

    // A filter that matches nothing says so.
    await page.goto('/admin/audit?eventType=StudioClosed');
    await page.getByText('没有符合条件的操作记录，请调整筛选条件。').waitFor();
    await page.goBack();
    await rows.filter({ hasText: '方案完整，同意实施。' }).waitFor();

    // The object: the application's history, every step with who and when.
    await row.getByRole('link', { name: '申报' }).click();
    await page.waitForURL(new RegExp(`/admin/audit/application/${applicationId}$`));
    await page.getByRole('heading', { name: new RegExp(PLAN.slice(0, 8)) }).waitFor();
    const timeline = page.locator('.ant-timeline');
    for (const step of ['创建草稿', '提交申报', '指派评审', '提交评审', '作出决定'])
      await timeline.getByText(step, { exact: true }).first().waitFor();
    const current = page.locator('.ant-card', { hasText: '当前状态' });
    await current.locator('.ant-tag', { hasText: '已通过' }).waitFor();

    // 追溯: a moment between the last review and the decision — the application was still in review.
    const moment = beijingSeconds(Math.ceil((reviewedAt + 500) / 1000) * 1000);
    const picker = page.getByPlaceholder('选择时刻');
    await picker.click();
    await picker.fill(moment);
    await picker.press('Enter');
    const asOf = page.getByTestId('as-of');
    await asOf.getByText(`截至 ${moment} 的状态`).waitFor();
    await asOf.locator('.ant-tag', { hasText: '评审中' }).waitFor();
    expect(await asOf.locator('.ant-tag', { hasText: '已通过' }).count()).toBe(0);
    await asOf.getByText('已提交评审').waitFor();
    await asOf.getByText('3 项').first().waitFor();
    // Labels in the office's words, not the state's keys.
    expect(await asOf.getByText('stage', { exact: true }).count()).toBe(0);
    await shot(page, 'console-audit-02-entity-as-of');

    // 校验完整性: progress, then the plain result.
    await page.goto('/admin/audit');
    await page.getByRole('button', { name: '校验完整性' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('verify-progress').waitFor();
    await dialog.getByText('校验通过：哈希链完整').waitFor({ timeout: 60_000 });
    expect(await dialog.locator('.ant-progress').getAttribute('aria-valuenow')).toBe('100');
    const [checked, total] = (await dialog.getByText(/已检查 [\d,]+ \/ [\d,]+ 条记录/).innerText())
      .match(/([\d,]+) \/ ([\d,]+)/)!
      .slice(1)
      .map((n) => Number(n.replace(/,/g, '')));
    expect(checked).toBe(total);
    expect(checked).toBeGreaterThan(100);
    await shot(page, 'console-audit-03-verified');
    await dialog
      .getByRole('button', { name: /关\s*闭/ })
      .last()
      .click();
    await done(page);
  }, 240_000);

  it('publishes a second policy version through the form and shows the diff of the two', async () => {
    const page = await asAdmin();
    await page.getByRole('menuitem', { name: '政策配置' }).click();
    await page.waitForURL(/\/admin\/policy$/);
    await page.getByText('现行版本：default-1').waitFor();
    await page.getByText('目前只有一个版本。发布新版本后，可在此对比差异。').waitFor();

    await page.getByRole('button', { name: '发布新版本' }).first().click();
    const drawer = page.locator('.ant-drawer-content-wrapper');
    await drawer.getByLabel('版本号').fill('city-2027-1');
    await drawer.getByLabel('最低评审人数', { exact: true }).fill('4');
    await drawer.getByLabel('每学年学时').fill('60');
    // The browser checks what it can before anything is sent: an effective time is required.
    await drawer.getByRole('button', { name: '发布新版本' }).click();
    await drawer.getByText('请选择生效时间').waitFor();
    const effective = beijingSeconds(Date.now() + 7 * 86_400_000).slice(0, 16);
    const when = drawer.getByLabel('生效时间');
    await when.click();
    await when.fill(effective);
    await when.press('Enter');
    // Numbers that do not fit together come back from the API as sentences on top.
    await drawer.getByLabel('优秀（分）').fill('50');
    await drawer.getByRole('button', { name: '发布新版本' }).click();
    await page.getByRole('button', { name: '确认发布' }).click();
    await drawer.getByText('政策内容有误，请修改后再发布').waitFor();
    await drawer.getByText('等次分数线须依次递减：100 ≥ 优秀 > 良好 > 合格 ≥ 0').waitFor();
    await drawer.getByText('政策内容有误，请修改后再发布').scrollIntoViewIfNeeded();
    await shot(page, 'console-policy-01-problems');
    await drawer.getByLabel('优秀（分）').fill('90');
    await drawer.getByRole('button', { name: '发布新版本' }).click();
    await page
      .getByRole('dialog')
      .getByText(/新版本 city-2027-1 将于 .* 生效/)
      .waitFor();
    await page.getByRole('button', { name: '确认发布' }).click();
    await page.getByText('发布成功').waitFor();

    // Listed as scheduled; the diff compares it with default-1, in the page's groups.
    const versions = page.locator('.ant-card', { hasText: '政策版本' });
    await versions.locator('tr', { hasText: 'city-2027-1' }).getByText('待生效').waitFor();
    const diff = page.getByTestId('policy-diff');
    const quorum = diff.locator('tr', { hasText: '最低评审人数' });
    await quorum.waitFor();
    expect(await quorum.locator('td').nth(1).innerText()).toBe('3');
    expect(await quorum.locator('td').nth(2).innerText()).toBe('4');
    const hours = diff.locator('tr', { hasText: '每学年学时' });
    expect(await hours.getByText('年度学时').isVisible()).toBe(true);
    expect(await hours.locator('td').nth(2).innerText()).toBe('60');
    expect(await diff.locator('tbody tr.ant-table-row').count()).toBe(3); // version, quorum, hours
    await shot(page, 'console-policy-02-diff');
    // The refused publication above answered 422 on purpose.
    await done(page, [/status of 422/]);
  }, 240_000);

  it('shows the queues and the annual summaries in the office’s words', async () => {
    const page = await asAdmin();
    await page.goto('/admin/queues');
    await page.getByText('队列中没有失败的任务。').waitFor();
    await page.locator('.ant-card', { hasText: '定时任务' }).getByText('定时中').first().waitFor();
    await page.getByText('定时中', { exact: true }).last().click();
    await page.locator('tbody tr.ant-table-row').first().click();
    await page.locator('.ant-drawer').getByText('任务详情').waitFor();
    await shot(page, 'console-queues-01-delayed');
    await page.keyboard.press('Escape');

    await page.goto('/admin/annual-summaries');
    await page.getByText(/年度培训工作总结尚未报送，截止时间为 \d{4}-02-2[89] 24:00/).waitFor();
    await page
      .locator('.ant-card', { hasText: '下级单位' })
      .locator('.ant-tag', { hasText: '未报送' })
      .first()
      .waitFor();
    await shot(page, 'console-summaries-01');

    // 报送: once a year, confirmed; then 已报送 with the time, and no second 报送.
    await page
      .getByRole('button', { name: /^报\s*送$/ })
      .first()
      .click();
    const drawer = page.locator('.ant-drawer-content-wrapper');
    await drawer.locator('#summary').fill('本年度完成市级培训项目 12 个，参训教师 3,200 人次。');
    const docs = drawer.locator('#documents');
    await docs.fill('年度培训统计表.xlsx');
    await docs.press('Enter');
    await drawer.getByRole('button', { name: /^报\s*送$/ }).click();
    await page
      .getByRole('dialog')
      .getByText(/年度总结每年只能报送一次/)
      .waitFor();
    await page.getByRole('button', { name: '确认报送' }).click();
    await page.getByText('报送成功').waitFor();
    const mine = page.locator('.ant-card', { hasText: '本单位' });
    await mine.locator('.ant-tag', { hasText: '已报送' }).waitFor();
    // The drawer's own 「报送」 stays on screen while it slides away (longer on a busy machine).
    await drawer.waitFor({ state: 'hidden' });
    expect(await page.getByRole('button', { name: /^报\s*送$/ }).count()).toBe(0);
    await mine.getByRole('button', { name: /查\s*看/ }).click();
    await page.getByRole('dialog').getByText('年度培训统计表.xlsx').waitFor();
    await shot(page, 'console-summaries-02-submitted');
    await done(page);
  }, 180_000);

  it('works at 390 px: filters in a drawer, the log scrolls sideways, the diff and the as-of view stack', async () => {
    const page = await asAdmin(PHONE);
    await page.goto('/admin/audit?eventType=ApplicationDecided');
    await page.locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByRole('button', { name: /筛\s*选/ }).waitFor();
    await shot(page, 'console-audit-phone-01-log');
    await page.goto(`/admin/audit/application/${applicationId}`);
    await page.locator('.ant-timeline').waitFor();
    await shot(page, 'console-audit-phone-02-entity');
    await page.goto('/admin/policy');
    // The version published by the walk above, compared with the default.
    await page.getByTestId('policy-diff').locator('tr', { hasText: '最低评审人数' }).waitFor();
    await shot(page, 'console-policy-phone-01');
    await page.goto('/admin/queues');
    await page.getByText('队列中没有失败的任务。').waitFor();
    await shot(page, 'console-queues-phone-01');
    await page.goto('/admin/annual-summaries');
    // Filed by the walk above.
    await page
      .locator('.ant-card', { hasText: '本单位' })
      .locator('.ant-tag', { hasText: '已报送' })
      .waitFor();
    await shot(page, 'console-summaries-phone-01');
    const width = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
          .documentElement.scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await done(page);
  }, 180_000);
});
