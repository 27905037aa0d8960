import type { Browser, Page } from 'playwright-core';
import type { DemoLogin } from '#libs/identity';
import { studioIdFor } from '#libs/ladder';
import {
  cast,
  day,
  fieldsFor,
  iso,
  rubricScores,
  signIn as apiSignIn,
  type Person,
} from '../approval/support.js';
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
import { settle } from './support/walk.js';

/**
 * 我的工作室 and 工作室管理 (UI.md §2, §5) on the seeded demo, in a real browser. A master teacher's
 * 工作室挂牌认定 is approved through the API (the committee's pages are walked elsewhere); the approval
 * founds the studio (seed 000 §五(三)). The leader finds it under 我的工作室, adds a teacher of another
 * district by account (an unknown account is refused under the field, in Chinese) and removes her with a
 * reason; the city admin finds it under 工作室管理 and closes it.
 */
describeBrowser('studios: my studio and the office’s studio management', () => {
  let product: Product;
  let browser: Browser;
  let leaderLogin: DemoLogin;
  let memberLogin: DemoLogin;
  let studioId = '';
  const STUDIO = '青溪数学名师工作室';

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    const c = cast(product.demo);
    const as = (l: DemoLogin) => apiSignIn(product.app, product.db, l);
    const chair: Person = await as(c.chair);
    const d0 = c.schools.filter((s) => s.parentId === c.districts[0]!.id);
    const d1 = c.schools.filter((s) => s.parentId === c.districts[1]!.id);
    leaderLogin = product.demo.logins.find((l) => l.orgUnit === d0[1]!.id && l.tier === 'master')!;
    memberLogin = product.demo.logins.find(
      (l) => l.orgUnit === d1[0]!.id && l.tier === 'young' && l.roles.length === 1,
    )!;
    const leader = await as(leaderLogin);

    const call = await chair.call('POST', '/api/calls', {
      kind: 'studio',
      orgUnit: c.city.id,
      title: '2026 年度名优教师工作室挂牌认定',
      opensAt: iso(Date.now() - day),
      closesAt: iso(Date.now() + 30 * day),
    });
    expect(call.status).toBe(201);
    const draft = await leader.call('POST', '/api/applications', {
      callId: call.body.id,
      title: STUDIO,
      fields: { ...fieldsFor.studio, name: STUDIO },
    });
    expect(draft.status).toBe(201);
    const applicationId = draft.body.id as string;
    expect((await leader.call('POST', `/api/applications/${applicationId}/submit`)).status).toBe(200);
    const reviewers = await Promise.all(
      c.reviewers
        .filter((r) => r.orgUnit !== leaderLogin.orgUnit)
        .slice(0, 3)
        .map(as),
    );
    const assigned = await chair.call('POST', `/api/applications/${applicationId}/reviewers`, {
      reviewers: reviewers.map((r) => ({ reviewerId: r.id })),
    });
    expect(assigned.status).toBe(200);
    for (const [n, r] of reviewers.entries())
      expect(
        (
          await r.call('POST', `/api/applications/${applicationId}/reviews`, {
            scores: rubricScores(82 + n),
            comments: `建设方案可行 ${n}`,
          })
        ).status,
      ).toBe(200);
    const decided = await chair.call('POST', `/api/applications/${applicationId}/decision`, {
      decision: 'approve',
      rationale: '条件具备，同意挂牌',
    });
    expect(decided.status).toBe(200);
    studioId = studioIdFor(applicationId);
    // The ladder's reactor founds the studio on the approval.
    let seen = await leader.call('GET', `/api/studios/${studioId}`);
    for (let i = 0; seen.status !== 200 && i < 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      seen = await leader.call('GET', `/api/studios/${studioId}`);
    }
    expect(seen.status).toBe(200);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  const row = (p: Page, text: string) => p.locator('.ant-table-tbody tr', { hasText: text });

  it('the leader finds the studio under 我的工作室 and adds a teacher by account', async () => {
    const page: WatchedPage = await openPage(browser, product.url);
    await signIn(page, leaderLogin.username, leaderLogin.password);
    await page.getByRole('menuitem', { name: '我的工作室' }).click();
    await page.waitForURL(/\/teacher\/studios/);
    await row(page, STUDIO).getByText('领衔人').waitFor();
    await shot(page, 'studio-01-mine');
    await row(page, STUDIO).getByRole('link', { name: STUDIO }).click();
    await page.waitForURL(new RegExp(`/studios/${studioId}`));
    await page.getByRole('heading', { name: STUDIO }).waitFor();
    // Only the leader so far: the members card says how to add some.
    await page.getByText('工作室还没有成员。领衔人可添加不同学校、不同学科的成员。').waitFor();

    // An account nobody holds: refused under the field, in Chinese; the dialog stays open.
    await page
      .getByRole('button', { name: /添加成员/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog', { name: '添加成员' });
    await dialog.getByLabel('教师账号').fill('no.such.teacher');
    await dialog.getByRole('button', { name: /添加成员/ }).click();
    // Under the field (and listed in the alert above the form).
    await dialog.locator('.ant-form-item-explain-error').getByText('没有使用此账号的用户').waitFor();
    await shot(page, 'studio-02-unknown-account');

    await dialog.getByLabel('教师账号').fill(memberLogin.username);
    await dialog.getByRole('button', { name: /添加成员/ }).click();
    await row(page, memberLogin.displayName).getByText('成员').waitFor();
    expect(await page.getByText('成员（2）', { exact: true }).isVisible()).toBe(true);
    await settle(page);
    await shot(page, 'studio-03-member-added');

    // The same page on a phone.
    const phone = await openPage(browser, product.url, { viewport: PHONE });
    await signIn(phone, leaderLogin.username, leaderLogin.password);
    await phone.goto(`/studios/${studioId}`);
    await row(phone, memberLogin.displayName).waitFor();
    await settle(phone);
    await shot(phone, 'studio-04-phone');
    expect(phone.problems).toEqual([]);
    await phone.context().close();

    // Removed with a reason: she is listed among the former members with it.
    await row(page, memberLogin.displayName)
      .getByRole('button', { name: /移\s*出/ })
      .click();
    const confirm = page.getByRole('dialog', {
      name: new RegExp(`将 ${memberLogin.displayName} 移出工作室`),
    });
    await confirm.getByLabel('原因').fill('调往其他工作室');
    await confirm.getByRole('button', { name: /确认移出/ }).click();
    await page.getByText('曾经的成员（1）').click();
    await page.getByText('调往其他工作室').waitFor();
    expect(await page.getByText('成员（1）', { exact: true }).isVisible()).toBe(true);
    // The browser logs the one refused request (the unknown account's 400); nothing else went wrong.
    expect(page.problems).toEqual([expect.stringContaining('status of 400')]);
    await page.context().close();
  });

  it('the city office finds it under 工作室管理 and closes it with a reason', async () => {
    const page: WatchedPage = await openPage(browser, product.url);
    await signIn(page, 'admin');
    await page.getByRole('menuitem', { name: '工作室管理' }).click();
    await page.waitForURL(/\/admin\/studios/);
    await row(page, STUDIO).getByText('运行中').waitFor();
    await settle(page);
    await shot(page, 'studio-05-admin-list');
    await row(page, STUDIO).getByRole('link', { name: STUDIO }).click();
    await page.getByRole('heading', { name: STUDIO }).waitFor();
    await page.getByRole('button', { name: /撤销工作室/ }).click();
    const confirm = page.getByRole('dialog', { name: `撤销工作室：${STUDIO}` });
    // A reason is required.
    await confirm.getByRole('button', { name: /确认撤销/ }).click();
    await confirm.getByText('请填写理由（1–2000 字）').waitFor();
    await confirm.getByLabel('原因').fill('建设周期届满');
    await confirm.getByRole('button', { name: /确认撤销/ }).click();
    await page.getByText(/该工作室已于 \d{4}-\d{2}-\d{2} 撤销。原因：建设周期届满/).waitFor();
    expect(await page.getByRole('button', { name: /添加成员/ }).count()).toBe(0);
    await settle(page);
    await shot(page, 'studio-06-closed');
    expect(page.problems).toEqual([]);
    await page.context().close();
  });
});
