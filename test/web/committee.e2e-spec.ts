import { pickFromMenu } from './support/walk.js';
import type { Browser, Page } from 'playwright-core';
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
 * The committee's walk through the pages only (DOMAIN.md "The approval pipeline"), on the seeded demo
 * in a real browser: a teacher of 东湖第一中学 applies for a training project; the chair assigns three
 * reviewers — one of the same school (利益回避), overridden with a reason; each scores it on the rubric,
 * and the last sees the others' scores only once theirs is in; the chair approves with a rationale;
 * the applicant sees the decision. A colleague enrols, an admin records the completion with a score of
 * 85 (≥ 60 grants the hours, seed 003 §七(二)), and the colleague sees the hours on 我的成长路径.
 *
 * Demo people (libs/identity demo seed): huang.jun1 (applicant, 东湖第一中学), wu.fang1 (reviewer at the
 * same school), wu.jing2 and wu.qiang3 (reviewers elsewhere), zhang.min1 (trainee), chair, admin.
 */
const PROJECT = '东湖区初中数学骨干教师课堂教学能力提升研修班';
const REVIEWS = [
  {
    user: 'wu.qiang3',
    name: '吴强 Wu Qiang',
    scores: [80, 85, 90, 75, 88],
    total: '83.6',
    comment: '目标清晰，课程安排合理。',
  },
  {
    user: 'wu.fang1',
    name: '吴芳 Wu Fang',
    scores: [90, 92, 88, 86, 94],
    total: '90',
    comment: '实践环节充分，建议增加跟踪指导。',
  },
  {
    user: 'wu.jing2',
    name: '吴静 Wu Jing',
    scores: [70, 75, 80, 85, 90],
    total: '80',
    comment: '经费预算偏高，需说明依据。',
  },
];
const DIMENSIONS = ['师德素养', '课堂达标', '学科素养', '教学业绩', '教研能力'];

describeBrowser('committee walk: apply, assign with a conflict, review, decide, complete, hours', () => {
  let product: Product;
  let browser: Browser;
  let applicationId = '';

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  async function as(username: string, viewport?: { width: number; height: number }): Promise<WatchedPage> {
    const page = await openPage(browser, product.url, viewport ? { viewport } : {});
    await signIn(page, username);
    return page;
  }

  /** A user with several roles switches to the one the step needs (UI.md §1.2). */
  async function actAs(page: Page, role: string, landing: RegExp) {
    await pickFromMenu(page, 'role-switcher', role, () => page.waitForURL(landing, { timeout: 10_000 }));
  }

  async function done(page: WatchedPage) {
    expect(page.problems).toEqual([]);
    await page.context().close();
  }

  async function choose(page: Page, field: string, option: string) {
    await page.locator(`#${field}`).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).click();
  }

  it('a teacher applies for a training project through the call and the form', async () => {
    const page = await as('huang.jun1');
    await page.goto('/teacher/calls');
    const card = page.locator('.ant-card', { hasText: '青溪市 2027 年度市级教师培训项目申报' });
    await card.getByRole('button', { name: '去申报' }).click();
    await page.waitForURL(/\/teacher\/applications\/new\?call=/);
    await page.locator('#title').fill(PROJECT);
    await choose(page, 'level', '区县级');
    await choose(page, 'targetTier', '骨干教师');
    await page.locator('#subject').fill('初中数学');
    await page.locator('#hours').fill('40');
    await page.locator('#capacity').fill('30');
    await page.locator('#budget').fill('60000');
    await page.getByPlaceholder('开始日期').fill('2027-03-01');
    await page.getByPlaceholder('开始日期').press('Enter');
    await page.getByPlaceholder('结束日期').fill('2027-03-05');
    await page.getByPlaceholder('结束日期').press('Enter');
    await shot(page, 'committee-01-teacher-form');
    await page.getByRole('button', { name: /^提\s*交$/ }).click();
    await page.getByRole('dialog').getByText('提交后，在退回修改前不能再编辑。').waitFor();
    await page.getByRole('button', { name: '确认提交' }).click();
    await page.getByText('申报已提交').waitFor();
    await page.getByRole('button', { name: '查看申报' }).click();
    await page.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
    applicationId = page.url().split('/').pop()!;
    await page.getByRole('heading', { name: PROJECT }).waitFor();
    expect(await page.locator('.ant-tag', { hasText: '已提交' }).first().isVisible()).toBe(true);
    await shot(page, 'committee-02-teacher-submitted');
    await done(page);
  });

  it('the chair assigns three reviewers; the same-school one is named and needs an override reason', async () => {
    const page = await as('chair');
    await page.waitForURL(/\/chair\/board/);
    const row = page.locator('tr', { hasText: PROJECT });
    await row.waitFor();
    expect(await row.locator('.ant-tag', { hasText: '已提交' }).isVisible()).toBe(true);
    await page.getByTestId('stage-submitted').getByText('1').waitFor();
    await shot(page, 'committee-03-chair-board');
    await row.getByRole('button', { name: '指派评审' }).click();
    const drawer = page.locator('.ant-drawer-content-wrapper');
    await drawer.getByText('至少指派 3 位，才能达到最低评审人数').waitFor();
    // 利益回避: both reviewers of the applicant's school carry 「同校」; the others none.
    const fang = drawer.locator('tr', { hasText: '吴芳 Wu Fang' });
    expect(await fang.locator('.ant-tag', { hasText: '同校' }).isVisible()).toBe(true);
    expect(
      await drawer
        .locator('tr', { hasText: '吴静 Wu Jing' })
        .locator('.ant-tag', { hasText: '同校' })
        .count(),
    ).toBe(0);
    for (const r of REVIEWS) await drawer.locator('tr', { hasText: r.name }).getByRole('checkbox').check();
    await drawer.getByText('已选择 3 位').waitFor();
    // Without a reason the conflicted choice is refused beside its field, and nothing is sent.
    await page.getByRole('button', { name: '确认指派' }).click();
    await drawer.getByText('请填写豁免理由（1–2000 字）').waitFor();
    await shot(page, 'committee-04-assign-conflict');
    await drawer
      .getByLabel(/豁免理由：吴芳 Wu Fang/)
      .fill('该校仅此一位同学科名优教师，回避后无法组成评审组，经组长批准豁免。');
    await page.getByRole('button', { name: '确认指派' }).click();
    await page.getByText('指派成功').waitFor();
    await row.locator('.ant-tag', { hasText: '评审中' }).waitFor();
    await row.getByText('0 / 3').waitFor();
    await shot(page, 'committee-05-board-in-review');
    await done(page);
  });

  it('each reviewer scores on the rubric; the last sees the others only after submitting', async () => {
    for (const [i, r] of REVIEWS.entries()) {
      const page = await as(r.user);
      await actAs(page, '评审专家', /\/reviewer\/queue/);
      const row = page.locator('tr', { hasText: PROJECT });
      await row.getByText('剩 14 天').waitFor();
      await row.getByRole('button', { name: '开始评审' }).click();
      await page.waitForURL(new RegExp(`/reviewer/applications/${applicationId}`));
      await page.getByText('评分细则版本').waitFor();
      // Others' opinions stay locked until mine is in, even when theirs are submitted.
      await page.getByText('提交您的评审后，可查看其他评审专家的意见。').waitFor();
      for (const other of REVIEWS.filter((o) => o !== r))
        expect(await page.getByText(other.comment).count()).toBe(0);
      for (const [d, name] of DIMENSIONS.entries()) {
        await page.getByLabel(name, { exact: true }).fill(String(r.scores[d]));
        // The total follows the scores as they are entered (a mean over all five dimensions).
      }
      await page
        .locator('.ant-statistic', { hasText: '综合得分' })
        .getByText(r.total, { exact: true })
        .waitFor();
      await page.getByLabel('评审意见').fill(r.comment);
      if (i === REVIEWS.length - 1) await shot(page, 'committee-06-review-form-locked');
      await page.getByRole('button', { name: '提交评分' }).click();
      await page.getByRole('dialog').getByText('提交后不能修改评分和评审意见。').waitFor();
      await page.getByRole('button', { name: '确认提交' }).click();
      await page.getByText('我的评审').waitFor();
      await page.getByText(/已于 .* 提交/).waitFor();
      if (i < REVIEWS.length - 1) {
        if (i === 0) await page.getByText('其他评审专家尚未提交评审。').waitFor();
      } else {
        // Now the other two reviews show, with their totals; their comments expand.
        const others = page.locator('.ant-card', { hasText: '其他评审专家的意见' });
        await others.getByText('评审专家 1').waitFor();
        await others.getByText('评审专家 2').waitFor();
        expect(await others.getByRole('cell', { name: '83.6', exact: true }).first().isVisible()).toBe(true);
        expect(await others.getByRole('cell', { name: '90', exact: true }).first().isVisible()).toBe(true);
        await others
          .getByRole('button', { name: /展开行|Expand row/ })
          .first()
          .click();
        await others.getByText(REVIEWS[0]!.comment).waitFor();
        await shot(page, 'committee-07-review-others-shown');
      }
      await done(page);
    }
  });

  it('the chair sees every score, the average and the quorum, and approves with a rationale', async () => {
    const page = await as('chair');
    const row = page.locator('tr', { hasText: PROJECT });
    await row.getByText('3 / 3').waitFor();
    await row.getByRole('button', { name: '作出决定' }).click();
    await page.waitForURL(new RegExp(`/chair/applications/${applicationId}/decision`));
    await page.getByText('已提交 3 / 需 3').waitFor();
    await page.locator('.ant-statistic', { hasText: '平均分' }).getByText('84.53').waitFor();
    // Each reviewer named with their five scores and the total (the last number cell of the row).
    for (const r of REVIEWS)
      await page
        .locator('tr', { hasText: r.name })
        .getByRole('cell', { name: r.total, exact: true })
        .last()
        .waitFor();
    await page
      .locator('tr', { hasText: '吴芳 Wu Fang' })
      .getByText(/回避后无法组成评审组/)
      .waitFor();
    await page.getByLabel('申报书 第 1 轮').check();
    await page.getByRole('radio', { name: '通过', exact: true }).check();
    await page
      .getByLabel('决定理由')
      .fill('三位评审专家平均分 84.53，项目设计合理，同意立项；请按评审意见补充经费测算依据。');
    await shot(page, 'committee-08-decision');
    await page.getByRole('button', { name: '提交决定' }).click();
    await page.getByRole('dialog').getByText('84.53', { exact: true }).waitFor();
    await page.getByRole('button', { name: '确认通过' }).click();
    await page.locator('.ant-result-title', { hasText: '已通过' }).waitFor();
    await shot(page, 'committee-09-decided');
    await done(page);
  });

  it('the applicant sees the decision with the rationale and the blind reviews', async () => {
    const page = await as('huang.jun1');
    await page.goto('/teacher/applications');
    await page.getByRole('link', { name: PROJECT }).click();
    await page.locator('.ant-result-title', { hasText: '已通过' }).waitFor();
    await page.getByText(/决定理由：三位评审专家平均分 84.53/).waitFor();
    await page.getByRole('tab', { name: '评审意见' }).click();
    await page.getByText('评审专家 1').waitFor();
    // Blind review: the applicant never sees who reviewed.
    for (const r of REVIEWS) expect(await page.getByText(r.name).count()).toBe(0);
    await shot(page, 'committee-10-teacher-decision');
    await done(page);
  });

  let hoursBefore = 0;
  it('a colleague enrols in the running project', async () => {
    const page = await as('zhang.min1');
    await page.waitForURL(/\/teacher\/progression/);
    const text = await page
      .getByText(/ 学时 \/ 150 学时/)
      .first()
      .innerText();
    hoursBefore = Number(text.split(' 学时')[0]!.replace(/,/g, ''));
    await page.getByRole('menuitem', { name: '培训项目' }).click();
    const card = page.locator('.ant-card', { hasText: PROJECT });
    await card.getByText('已报 0 / 30 人').waitFor();
    await card.getByRole('button', { name: '报名参训' }).click();
    await page.getByRole('button', { name: '确认报名' }).click();
    await card.locator('.ant-tag', { hasText: '已报名' }).waitFor();
    await card.getByText('已报 1 / 30 人').waitFor();
    await shot(page, 'committee-11-trainee-enrolled');
    await done(page);
  });

  it('an admin records the completion with a qualifying score', async () => {
    const page = await as('admin');
    await page.getByRole('menuitem', { name: '项目实施与评估' }).click();
    await page.waitForURL(/\/chair\/projects$/);
    await page.getByRole('link', { name: PROJECT }).click();
    await page.waitForURL(new RegExp(`/chair/projects/${applicationId}`));
    const trainee = page.locator('tr', { hasText: '张敏 Zhang Min' });
    await trainee.getByRole('button', { name: /^结\s*业$/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('登记结业：张敏 Zhang Min').waitFor();
    // The project's own hours are offered (the field shows half hours: 40.0).
    expect(await dialog.getByLabel(/学时（不超过 40）/).inputValue()).toMatch(/^40(\.0)?$/);
    await dialog.getByLabel('培训成绩（0–100）').fill('85');
    await page.getByRole('button', { name: '确认结业' }).click();
    await trainee.locator('.ant-tag', { hasText: '已结业' }).waitFor();
    await page.locator('.ant-statistic', { hasText: '已结业' }).getByText('1', { exact: true }).waitFor();
    await shot(page, 'committee-12-completion');
    await done(page);
  });

  it('the trainee sees the hours granted and the new progress toward the next tier', async () => {
    const page = await as('zhang.min1');
    await page.waitForURL(/\/teacher\/progression/);
    await page
      .getByText(`${hoursBefore + 40} 学时 / 150 学时`)
      .first()
      .waitFor();
    // The ledger entry names its source: a link to the project's application (DOMAIN.md "Hours").
    const ledger = page.locator('tr', { has: page.locator(`a[href="/applications/${applicationId}"]`) });
    await ledger.waitFor();
    expect(await ledger.getByText('40', { exact: true }).first().isVisible()).toBe(true);
    await shot(page, 'committee-13-trainee-progression');
    await done(page);
  });

  it('the committee pages fit a 390-px phone', async () => {
    const chair = await as('chair', PHONE);
    await chair.getByTestId('stage-approved').waitFor();
    await shot(chair, 'committee-14-phone-board');
    // The row's actions can be reached: the table scrolls to them, and nothing held in place covers them.
    await chair
      .locator('tr', { hasText: PROJECT })
      .getByRole('button', { name: '查看' })
      .click({ trial: true, timeout: 5000 });
    await chair.goto(`/chair/applications/${applicationId}/decision`);
    await chair.getByText('已提交 3 / 需 3').waitFor();
    await shot(chair, 'committee-15-phone-decision');
    const width = await chair.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
          .documentElement.scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await done(chair);
    const reviewer = await as('wu.jing2', PHONE);
    await actAs(reviewer, '评审专家', /\/reviewer\/queue/);
    await shot(reviewer, 'committee-16-phone-queue');
    await reviewer.goto(`/reviewer/applications/${applicationId}`);
    await reviewer.getByText('我的评审').waitFor();
    await shot(reviewer, 'committee-17-phone-review');
    await done(reviewer);
  });
});
