import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
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
 * 统计报表 and 工作台 (UI.md §5) on the seeded demo, as the city's admin: the 工作台 is the admin's home;
 * the reports page opens the district report, drills down to a school, and 「导出」 downloads its .xlsx,
 * which the test opens to check the 合计 against the number on the page. Some demo teachers of
 * 东湖第一中学 get hours first (over the API, as an office records them), so the shortfalls differ.
 */
const DISTRICT = '东湖区';
const SCHOOL = '东湖第一中学';

describeBrowser('office console: 工作台 and 统计报表 with drill-down and .xlsx export', () => {
  let product: Product;
  let browser: Browser;

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    const token = await login(product.app, 'admin');
    const school = product.demo.orgUnits.find((u) => u.name.startsWith(SCHOOL))!;
    const teachers = product.demo.logins.filter(
      (l) => l.orgUnit === school.id && l.roles.includes('teacher'),
    );
    // Hours for three of them: 60 (done), 30 and 12.5 (short), each a recognised activity.
    const hours = [60, 30, 12.5];
    for (const [i, who] of teachers.slice(0, 3).entries()) {
      const me = await product.app.request('GET', '/api/auth/me', {
        headers: bearer(await login(product.app, who.username, who.password)),
      });
      const id = (me.body.id ?? me.body.user?.id) as string;
      for (let k = 0; ; k++) {
        const p = await product.app.request('GET', `/api/teachers/${id}/progression`, {
          headers: bearer(token),
        });
        if (p.status === 200) break;
        if (k > 200) throw new Error(`no ladder record for ${who.username}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const res = await product.app.request('POST', `/api/teachers/${id}/hours`, {
        headers: bearer(token),
        body: {
          hours: hours[i],
          credits: hours[i]! / 10,
          level: i === 1 ? 'city' : 'school',
          kind: 'activity',
          completedAt: new Date(Date.now() - 86_400_000).toISOString(),
          source: { type: 'activity', id: `browser-report-${i}`, approvingRecord: '校本研修登记' },
        },
      });
      expect(res.status).toBe(200);
    }
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  const unitId = (name: string) => product.demo.orgUnits.find((u) => u.name.startsWith(name))!.id;

  async function done(page: WatchedPage) {
    expect(page.problems).toEqual([]);
    await page.context().close();
  }

  it('lands the admin on 工作台: teachers per tier, hours shortfalls by largest gap, the ban list', async () => {
    const page = await openPage(browser, product.url);
    await signIn(page, 'admin');
    await page.waitForURL(/\/admin\/workbench/);
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    // The demo: ten teachers per school in four schools — 2 new, 3 young, 3 backbone, 1 leader, 1 master.
    await expect(page.getByTestId('tier-young').textContent()).resolves.toContain('12');
    await page.getByText('学时未达标', { exact: true }).waitFor();
    await page.getByText('暂无处于师德限制期的教师。').waitFor();
    const firstGap = await page
      .locator('.ant-table-tbody tr.ant-table-row')
      .first()
      .locator('td')
      .nth(3)
      .textContent();
    expect(firstGap?.trim()).toBe('50');
    await shot(page, 'console-reports-01-workbench');
    await done(page);
  });

  it('opens the district report, drills down to a school, and the .xlsx total matches the page', async () => {
    const page = await openPage(browser, product.url);
    await signIn(page, 'admin');
    await page.goto('/admin/reports');
    await page.getByRole('heading', { name: '统计报表' }).waitFor();
    await page.getByTestId('report-table').waitFor();
    await page.getByTestId(`drill-${unitId(DISTRICT)}`).click();
    await page
      .getByTestId('unit-chain')
      .getByText(new RegExp(`^${DISTRICT}`))
      .waitFor();
    await expect(page.getByTestId('total-teachers').textContent()).resolves.toBe('20');

    await page.getByRole('tab', { name: '学时完成' }).click();
    await page.getByTestId('total-shortfallTeachers').waitFor();
    await expect(page.getByTestId('total-shortfallTeachers').textContent()).resolves.toBe('19');
    await shot(page, 'console-reports-02-district-hours');

    await page.getByTestId(`drill-${unitId(SCHOOL)}`).click();
    await page
      .getByTestId('unit-chain')
      .getByText(new RegExp(`^${SCHOOL}`))
      .waitFor();
    await expect(page.getByTestId('total-teachers').textContent()).resolves.toBe('10');
    const onPage = {
      teachers: Number(await page.getByTestId('total-teachers').textContent()),
      short: Number(await page.getByTestId('total-shortfallTeachers').textContent()),
      hours: Number((await page.getByTestId('total-totalHours').textContent())!.replace(/,/g, '')),
    };
    expect(onPage).toEqual({ teachers: 10, short: 9, hours: 102.5 });
    await page.getByText('学时未达标教师').waitFor();
    await shot(page, 'console-reports-03-school-hours');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('report-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^统计报表_学时完成_\d{8}-\d{4}\.xlsx$/);
    const path = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.getWorksheet('学时完成')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const rows = ws.getSheetValues().slice(2) as unknown[][];
    const total = rows.find((r) => r?.[1] === '合计')!;
    expect(total[header.indexOf('教师人数') + 1]).toBe(onPage.teachers);
    expect(total[header.indexOf('未达标人数') + 1]).toBe(onPage.short);
    expect(total[header.indexOf('学时合计') + 1]).toBe(onPage.hours);
    expect(wb.getWorksheet('学时未达标教师')!.rowCount - 1).toBe(onPage.short);

    await page.getByRole('tab', { name: '学分结构' }).click();
    await page.getByTestId('total-totalCredits').waitFor();
    await shot(page, 'console-reports-04-school-credits');
    await page.getByRole('tab', { name: '申报统计' }).click();
    await page.getByText('所选单位和学年暂无数据。').waitFor();
    await done(page);
  });

  it('works at 390 px: the tier chart and the table scroll sideways', async () => {
    const page = await openPage(browser, product.url, { viewport: PHONE });
    await signIn(page, 'admin');
    await page.waitForURL(/\/admin\/workbench/);
    await page.getByTestId('tier-new').waitFor();
    await shot(page, 'console-reports-05-workbench-390');
    await page.goto('/admin/reports?tab=tiers');
    await page.getByTestId('total-teachers').waitFor();
    await expect(page.getByTestId('total-teachers').textContent()).resolves.toBe('40');
    await shot(page, 'console-reports-06-reports-390');
    await done(page);
  });
});
