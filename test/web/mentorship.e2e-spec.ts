import { pickFromMenu } from './support/walk.js';
import type { Browser } from 'playwright-core';
import { bearer, login } from '../identity/support/identity-test-app.js';
import { seriousViolations } from './support/axe.js';
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
 * 导师带教 (UI.md §2) on the seeded demo, in a real browser. The office pairs a new teacher of 东湖第一中学
 * with her school's mentor through the API (导师结对 has its own suite); then the mentee finds the pairing
 * on her page and records a meeting, the mentor sees it in the timeline with 「年度签署」 disabled until the
 * mentorship year is over (「YYYY-MM-DD 后可签署」), and ends the pairing with a reason. A meeting sent from
 * a page opened before the end is refused in Chinese beside the form. At 390 px the list is cards and
 * nothing runs off the screen. The pages with data pass axe-core as the walk's empty ones do.
 *
 * Demo people (libs/identity demo seed): per school, two new teachers and one mentor (the first
 * backbone teacher, teacher + mentor).
 */
const SCHOOL = '东湖第一中学 Donghu No.1 Middle School';
const NOTES = '听课《分数的初步认识》，课后评课：导入环节可更贴近学生生活，小组讨论时间需把控。';
const REASON = '带教对象调往西山中学任教，由该校另行安排导师';

const beijingDate = (at: string | number) =>
  new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

describeBrowser('导师带教: the pair’s page, meetings, sign-off and ending a pairing', () => {
  let product: Product;
  let browser: Browser;
  let mentee: { username: string; name: string };
  let mentor: { username: string; name: string };
  let yearEndsAt = '';
  let menteePage: WatchedPage;
  let mentorPage: WatchedPage;
  let detailPath = '';

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    const school = product.demo.orgUnits.find((u) => u.name === SCHOOL)!;
    const here = product.demo.logins.filter((l) => l.orgUnit === school.id);
    const newTeacher = here.find((l) => l.tier === 'new' && l.roles.length === 1)!;
    const theMentor = here.find((l) => l.roles.includes('mentor'))!;
    mentee = { username: newTeacher.username, name: newTeacher.displayName };
    mentor = { username: theMentor.username, name: theMentor.displayName };
    const idOf = async (username: string) => {
      const me = await product.app.request('GET', '/api/auth/me', {
        headers: bearer(await login(product.app, username)),
      });
      return (me.body.id ?? me.body.user?.id) as string;
    };
    const admin = bearer(await login(product.app, 'admin'));
    const menteeId = await idOf(mentee.username);
    const mentorId = await idOf(mentor.username);
    // The ladder opens each teacher's record a moment after registration: pair once hers is there.
    for (let k = 0; ; k++) {
      const p = await product.app.request('GET', `/api/teachers/${menteeId}/progression`, { headers: admin });
      if (p.status === 200) break;
      if (k > 200) throw new Error(`no ladder record for ${mentee.username}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const paired = await product.app.request('POST', '/api/mentorships', {
      headers: admin,
      body: { mentorId, menteeId },
    });
    expect(paired.status).toBe(201);
    const detail = await product.app.request('GET', `/api/mentorships/${paired.body.id}`, { headers: admin });
    yearEndsAt = detail.body.yearEndsAt as string;
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });
  afterEach(() => {
    expect(menteePage?.problems ?? []).toEqual([]);
    expect(mentorPage?.problems ?? []).toEqual([]);
  });

  it('the mentee finds the pairing in her menu and records a meeting, shown in the timeline', async () => {
    menteePage = await openPage(browser, product.url);
    const page = menteePage;
    await signIn(page, mentee.username);
    await page.getByRole('menuitem', { name: '导师带教' }).click();
    await page.waitForURL(/\/teacher\/mentorship$/);
    const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: mentor.name });
    await row.waitFor();
    expect(await row.getByText('我是带教对象').isVisible()).toBe(true);
    expect(await row.getByText(SCHOOL).isVisible()).toBe(true);
    expect(await row.getByText(beijingDate(Date.now())).isVisible()).toBe(true);
    await row.locator('.ant-tag', { hasText: '进行中' }).waitFor();
    await row.locator('.ant-tag', { hasText: /^剩 \d+ 天$/ }).waitFor();
    await shot(page, 'mentorship-01-list-mentee');
    expect(await seriousViolations(page)).toEqual([]);

    await row.click();
    await page.waitForURL(/\/teacher\/mentorship\/[0-9a-f-]{36}$/);
    detailPath = new URL(page.url()).pathname;
    await page.getByRole('heading', { name: `导师带教：${mentor.name} → ${mentee.name}` }).waitFor();
    await page.getByText(/暂无带教记录/).waitFor();
    // The mentee does not sign off: only the mentor has that button.
    expect(await page.getByRole('button', { name: '年度签署' }).count()).toBe(0);

    await page.getByRole('button', { name: '添加带教记录' }).first().click();
    const drawer = page.locator('.ant-drawer-content-wrapper');
    // Both fields are required, checked before anything is sent.
    await drawer.getByRole('button', { name: /^提\s*交$/ }).click();
    await drawer.getByText('请选择带教日期').waitFor();
    await drawer.getByText('请填写带教内容（1–2000 字）').waitFor();
    const today = beijingDate(Date.now());
    await drawer.getByLabel('带教日期').click();
    await drawer.getByLabel('带教日期').fill(today);
    await drawer.getByLabel('带教日期').press('Enter');
    await drawer.getByLabel('带教内容').fill(NOTES);
    await shot(page, 'mentorship-02-add-meeting');
    await drawer.getByRole('button', { name: /^提\s*交$/ }).click();
    await page.getByText('带教记录已添加').first().waitFor();
    const timeline = page.getByTestId('meetings');
    await timeline.getByText(NOTES).waitFor();
    await timeline.getByText(today, { exact: true }).waitFor();
    await timeline.getByText(new RegExp(`^${mentee.name} 记录于 ${today} \\d{2}:\\d{2}$`)).waitFor();
    await shot(page, 'mentorship-03-timeline');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('the mentor sees the meeting; 年度签署 waits for the end of the mentorship year', async () => {
    mentorPage = await openPage(browser, product.url);
    const page = mentorPage;
    await signIn(page, mentor.username);
    // A teacher who is also a mentor lands as a teacher (her first role); as 导师 she lands here (UI.md §1.1).
    await pickFromMenu(page, 'role-switcher', /^导师$/, () =>
      page.waitForURL(/\/teacher\/mentorship$/, { timeout: 10_000 }),
    );
    await page.getByRole('menuitem', { name: '导师带教' }).waitFor();
    const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: mentee.name });
    await row.waitFor();
    expect(await row.getByText('我是导师').isVisible()).toBe(true);
    expect(await row.locator('td').nth(5).textContent()).toBe('1');
    await row.getByText(mentee.name).click();
    await page.waitForURL((u) => u.pathname === detailPath);
    await page.getByTestId('meetings').getByText(NOTES).waitFor();
    const sign = page.getByRole('button', { name: '年度签署' });
    expect(await sign.isDisabled()).toBe(true);
    const from = beijingDate(yearEndsAt);
    expect(await page.getByTestId('sign-off-from').textContent()).toBe(`${from} 后可签署`);
    await shot(page, 'mentorship-04-mentor-detail');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('ends the pairing with a reason; a meeting from a page opened before is refused in Chinese', async () => {
    // The mentee has the form open when her mentor ends the pairing.
    await menteePage.getByRole('button', { name: '添加带教记录' }).first().click();
    const drawer = menteePage.locator('.ant-drawer-content-wrapper');
    const today = beijingDate(Date.now());
    await drawer.getByLabel('带教日期').click();
    await drawer.getByLabel('带教日期').fill(today);
    await drawer.getByLabel('带教日期').press('Enter');
    await drawer.getByLabel('带教内容').fill('指导备课：第三单元教学设计');

    const page = mentorPage;
    await page.getByRole('button', { name: '结束结对' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('结束后不能再添加带教记录或签署').waitFor();
    await dialog.getByRole('button', { name: '确认结束' }).click();
    await dialog.getByText('请填写理由（1–2000 字）').waitFor();
    await dialog.getByLabel('原因').fill(REASON);
    await shot(page, 'mentorship-05-end-dialog');
    await dialog.getByRole('button', { name: '确认结束' }).click();
    await page.getByText('该结对已结束，不能再添加带教记录或签署。').waitFor();
    await page.locator('.ant-descriptions').getByText(REASON).waitFor();
    await page.locator('.ant-descriptions .ant-tag', { hasText: '已结束' }).waitFor();
    expect(await page.getByRole('button', { name: '结束结对' }).count()).toBe(0);
    await shot(page, 'mentorship-06-ended');

    await drawer.getByRole('button', { name: /^提\s*交$/ }).click();
    await drawer.getByRole('alert').getByText('该结对已结束').waitFor();
    await shot(menteePage, 'mentorship-07-refused');
    // The browser logs the refused request; that one is expected, nothing else is.
    const refused = menteePage.problems.filter((p) => p.includes('status of 422'));
    expect(refused).toHaveLength(1);
    menteePage.problems.splice(menteePage.problems.indexOf(refused[0]!), 1);
  });

  it('works at 390 px: the list is cards, the detail stacks, nothing runs off the screen', async () => {
    const phone = await openPage(browser, product.url, { viewport: PHONE });
    await signIn(phone, mentee.username);
    await phone.goto('/teacher/mentorship');
    const card = phone.getByTestId('pairing-card');
    await card.getByText(`导师：${mentor.name}`).waitFor();
    await card.locator('.ant-tag', { hasText: '已结束' }).waitFor();
    await shot(phone, 'mentorship-08-list-phone');
    await card.getByRole('link').click();
    await phone.waitForURL((u) => u.pathname === detailPath);
    await phone.getByTestId('meetings').getByText(NOTES).waitFor();
    await shot(phone, 'mentorship-09-detail-phone');
    const overflow = await phone.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
          .documentElement.scrollWidth,
    );
    expect(overflow).toBeLessThanOrEqual(PHONE.width);
    expect(phone.problems).toEqual([]);
    await phone.context().close();
  });
});
