import { pickFromMenu } from './support/walk.js';
import type { Browser } from 'playwright-core';
import { cast, fieldsFor, signIn as apiSignIn, type Person } from '../approval/support.js';
import { demoCallId } from '../../apps/api/src/demo/demo-seed.js';
import {
  describeBrowser,
  launchBrowser,
  openPage,
  shot,
  signIn,
  startProduct,
  type Product,
  type WatchedPage,
} from './support/browser.js';

/**
 * The header's own tools (UI.md §1.1, §3): a
 * reviewer's 暂存 keeps a half-scored review in the browser across a reload; 修改密码 ends the session
 * and the new password is the one that signs in. The state behind them is made through the API first
 * (the demo seeds people and calls only): a teacher's school plan, submitted and given three reviewers.
 */
describeBrowser('header and review page: review drafts, changing one’s password', () => {
  let product: Product;
  let browser: Browser;
  let applicationId = '';
  const TITLE = '东湖区初中数学课堂观察研修班（待办测试）';

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    const c = cast(product.demo);
    const who = (u: string) => product.demo.logins.find((l) => l.username === u)!;
    const teacher = await apiSignIn(product.app, product.db, who('huang.jun1'));
    const chair: Person = await apiSignIn(product.app, product.db, c.chair);
    const draft = await teacher.call('POST', '/api/applications', {
      callId: demoCallId('training'),
      title: TITLE,
      fields: { ...fieldsFor.training_project, startsOn: '2027-03-01', endsOn: '2027-03-05' },
    });
    expect(draft.status).toBe(201);
    applicationId = draft.body.id;
    expect((await teacher.call('POST', `/api/applications/${applicationId}/submit`, {})).status).toBe(200);
    const ids: string[] = [];
    for (const u of ['wu.jing2', 'wu.qiang3', 'wu.fang1'])
      ids.push((await apiSignIn(product.app, product.db, who(u))).id);
    // wu.fang1 teaches at the applicant's school (利益回避): assigned with a reason, as a chair may.
    const assigned = await chair.call('POST', `/api/applications/${applicationId}/reviewers`, {
      reviewers: ids.map((reviewerId, i) => ({
        reviewerId,
        ...(i === 2 ? { overrideReason: '同校回避后不足三人，经组长批准豁免。' } : {}),
      })),
    });
    expect(assigned.status).toBe(200);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  async function done(page: WatchedPage) {
    expect(page.problems).toEqual([]);
    await page.context().close();
  }

  it('暂存 brings half-entered scores back after a reload', async () => {
    const page = await openPage(browser, product.url);
    await signIn(page, 'wu.jing2');
    // The teacher's landing page first (their first role), then the switch to 评审专家.
    await page.waitForURL(/\/teacher\/progression/);
    await page.getByRole('heading', { name: '我的成长路径' }).waitFor();
    await pickFromMenu(page, 'role-switcher', '评审专家', () =>
      page.waitForURL(/\/reviewer\/queue/, { timeout: 10_000 }),
    );
    await page.locator('tr', { hasText: TITLE }).getByRole('button', { name: '开始评审' }).click();
    await page.waitForURL(new RegExp(`/reviewer/applications/${applicationId}$`));

    await page.getByLabel('师德素养', { exact: true }).fill('88');
    await page.getByLabel('课堂达标', { exact: true }).fill('76');
    await page.getByLabel('评审意见').fill('方案扎实，建议补充成效评估。');
    await page.getByTestId('save-draft').click();
    await page.getByText('已暂存在本浏览器，下次打开本页时自动恢复').waitFor();
    await page.reload();
    await page.getByText(/已恢复您于 .* 暂存的评分，提交后才会生效。/).waitFor();
    expect(await page.getByLabel('师德素养', { exact: true }).inputValue()).toBe('88.00');
    expect(await page.getByLabel('课堂达标', { exact: true }).inputValue()).toBe('76.00');
    expect(await page.getByLabel('学科素养', { exact: true }).inputValue()).toBe('');
    expect(await page.getByLabel('评审意见').inputValue()).toBe('方案扎实，建议补充成效评估。');
    await shot(page, 'header-02-review-draft-restored');
    // A draft is not a review: the chair's board still shows none submitted.
    const board = await product.app.request('GET', `/api/applications/${applicationId}`, {
      headers: {
        authorization: `Bearer ${(await apiSignIn(product.app, product.db, cast(product.demo).chair)).token}`,
      },
    });
    expect(board.body.reviews.filter((r: { counted?: boolean }) => r.counted !== false)).toHaveLength(0);

    // Submitting clears the draft and the to-do.
    for (const name of ['学科素养', '教学业绩', '教研能力'])
      await page.getByLabel(name, { exact: true }).fill('80');
    await page.getByRole('button', { name: '提交评分' }).click();
    await page.getByRole('button', { name: '确认提交' }).click();
    await page.getByText('我的评审').waitFor();
    // The draft is gone with the submission: reopening shows the submitted review, no restored note.
    await page.reload();
    await page.getByText('我的评审').waitFor();
    expect(await page.getByText(/已恢复您于/).count()).toBe(0);
    await done(page);
  });

  it('修改密码 refuses a wrong current password at its field, then ends the session; the new one signs in', async () => {
    const page = await openPage(browser, product.url);
    await signIn(page, 'zhang.min1');
    await page.getByTestId('account').click();
    await page.getByRole('menuitem', { name: '修改密码' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('修改后，您在所有设备上的登录都将结束，请用新密码重新登录。').waitFor();
    await dialog.getByLabel('当前密码').fill('not-my-password');
    await dialog.getByLabel('新密码', { exact: true }).fill('Qingxi-2027-new');
    await dialog.getByLabel('确认新密码').fill('Qingxi-2027-other');
    await dialog.getByRole('button', { name: '确认修改' }).click();
    await dialog.getByText('两次输入的新密码不一致').waitFor();
    await dialog.getByLabel('确认新密码').fill('Qingxi-2027-new');
    await dialog.getByRole('button', { name: '确认修改' }).click();
    await dialog.getByText('当前密码不正确').waitFor();
    await shot(page, 'header-04-password-wrong-current');
    await dialog.getByLabel('当前密码').fill('demo-zhang.min1');
    await dialog.getByRole('button', { name: '确认修改' }).click();
    await page.waitForURL(/\/login\?passwordChanged=1/);
    await page.getByText('密码已修改，请用新密码重新登录。').waitFor();
    await shot(page, 'header-05-password-changed');
    // The old password no longer signs in; the new one does.
    await page.getByLabel(/用户名/).fill('zhang.min1');
    await page.getByLabel(/密码/).fill('demo-zhang.min1');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('用户名或密码错误').waitFor();
    await signIn(page, 'zhang.min1', 'Qingxi-2027-new');
    await page.waitForURL(/\/teacher\/progression/);
    // A browser console shows the refused sign-in's 401 as an error; nothing else may be there.
    expect(page.problems.filter((p) => !/401|422/.test(p))).toEqual([]);
    await page.context().close();
  });
});
