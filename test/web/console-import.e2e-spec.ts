import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
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
 * The office's bulk imports in a real browser on the seeded demo (UI.md §1.10): the city admin downloads
 * the teachers' template, fills in 200 teachers with one bad row, uploads it — the dry run reports
 * exactly that row —, downloads the error report, fixes the row, uploads again and imports: 新增 200.
 * One of them is then found by search. Then the hours of a project's attendees come in from the hours
 * template and show on a teacher's progression.
 */
const BAD_LINE = 51; // header row 1, grey example row 2, teachers from row 3: the 49th teacher
const DIR = mkdtempSync(join(tmpdir(), 'console-import-'));

describeBrowser('office console: bulk import of teachers and hours', () => {
  let product: Product;
  let browser: Browser;
  let page: WatchedPage;

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
    page = await openPage(browser, product.url);
    await signIn(page, 'admin');
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  /** Clicks a button that downloads a file and opens what arrived. */
  async function download(p: Page, button: string, name: string): Promise<ExcelJS.Workbook> {
    const [file] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('button', { name: button }).click(),
    ]);
    const path = join(DIR, name);
    await file.saveAs(path);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
    return wb;
  }

  async function upload(p: Page, wb: ExcelJS.Workbook, name: string) {
    const path = join(DIR, name);
    await wb.xlsx.writeFile(path);
    await p.locator('input[type=file]').first().setInputFiles(path);
  }

  const summary = (p: Page) => p.getByTestId('import-summary');

  it('200 teachers from the template: the bad row is reported, fixed, and the import adds 200', async () => {
    await page.goto('/admin/users/import');
    await page.getByRole('heading', { name: '批量导入教师' }).waitFor();
    await page.getByText('支持 .xlsx 和 .csv（UTF-8 或 GB18030 编码），不超过 5 MB、5,000 行').waitFor();
    const wb = await download(page, '下载模板', 'template.xlsx');
    const ws = wb.getWorksheet('教师名单')!;
    expect((ws.getRow(1).values as string[]).slice(1, 6)).toEqual([
      '姓名*',
      '用户名*',
      '学校*',
      '学科',
      '层级*',
    ]);
    expect(wb.getWorksheet('填写说明')).toBeDefined();
    const schools = (wb.getWorksheet('选项')!.getColumn(1).values as string[]).filter(Boolean);
    expect(schools.length).toBe(4); // the city admin's four demo schools
    for (let i = 1; i <= 200; i++) {
      ws.getRow(i + 2).values = [
        `批量教师${i}`,
        i === BAD_LINE - 2 ? 'Import T49' : `import.t${i}`,
        schools[i % schools.length],
        i % 2 ? '语文' : '数学',
        i % 3 ? '新教师' : '青年教师',
        '教师',
        `139${String(i).padStart(8, '0')}`,
      ];
    }
    await upload(page, wb, 'teachers-bad.xlsx');
    await summary(page).waitFor();
    expect(await summary(page).textContent()).toBe('共 200 行：可导入 199，已存在将跳过 0，有误 1');
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    expect(await rows.count()).toBe(1);
    const cells = await rows.first().locator('td').allTextContents();
    expect(cells.slice(0, 3)).toEqual([String(BAD_LINE), '用户名', 'Import T49']);
    expect(cells[3]).toMatch(/^用户名须为 3–32 个字符/);
    expect(await page.getByRole('button', { name: '开始导入' }).count()).toBe(0);
    await page.getByText('teachers-bad.xlsx（').waitFor();
    await shot(page, 'console-import-01-users-dry-run');

    const report = await download(page, '下载错误报告', 'report.xlsx');
    const sheet = report.worksheets[0]!;
    const header = sheet.getRow(1).values as string[];
    const explain = header.indexOf('错误说明');
    expect(explain).toBeGreaterThan(0);
    const marked = sheet
      .getSheetValues()
      .filter((r) => Array.isArray(r) && typeof r[1] === 'number' && r[explain])
      .map((r) => (r as unknown[])[1]);
    expect(marked).toEqual([BAD_LINE]);

    ws.getRow(BAD_LINE).getCell(2).value = 'import.t49';
    await upload(page, wb, 'teachers.xlsx');
    await page.getByText('teachers.xlsx（').waitFor();
    await page.getByText('共 200 行：可导入 200，已存在将跳过 0，有误 0').waitFor();
    await shot(page, 'console-import-02-users-checked');
    await page.getByRole('button', { name: '开始导入' }).click();
    await page.waitForURL(/\/admin\/users\/import\?job=/);
    await page.getByText('导入完成：新增 200，跳过 0').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: '查看导入的数据' }).waitFor();
    await shot(page, 'console-import-03-users-result');
    expect(page.problems).toEqual([]);
  });

  it('one of them is found by search', async () => {
    // The users list is a read model: the job reports done when its last event is appended, and the
    // directory folds the last of the 200 registrations a moment later.
    let res = await page.request.get('/api/users?q=import.t137');
    for (let i = 0; i < 100 && res.status() === 200 && (await res.json()).items.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      res = await page.request.get('/api/users?q=import.t137');
    }
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body.items).toEqual([
      expect.objectContaining({ username: 'import.t137', displayName: '批量教师137', roles: ['teacher'] }),
    ]);
  });

  it('hours for a project’s attendees from the hours template show on a teacher’s progression', async () => {
    const ids = new Map<string, string>();
    for (const u of ['import.t1', 'import.t2', 'import.t3']) {
      const res = await page.request.get(`/api/users?q=${u}`);
      ids.set(u, (await res.json()).items[0].id);
    }
    // Each imported teacher's record is opened as the registration is recorded.
    for (const id of ids.values()) {
      for (let i = 0; ; i++) {
        if ((await page.request.get(`/api/teachers/${id}/progression`)).status() === 200) break;
        if (i > 100) throw new Error('no teacher record');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await page.goto('/admin/hours/import');
    await page.getByRole('heading', { name: '批量登记学时' }).waitFor();
    const wb = await download(page, '下载模板', 'hours-template.xlsx');
    const ws = wb.getWorksheet('学时名单')!;
    expect((ws.getRow(1).values as string[]).slice(1)).toEqual([
      '用户名*',
      '姓名',
      '学时*',
      '学分',
      '级别*',
      '类别*',
      '完成日期*',
      '来源编号*',
      '审批依据*',
    ]);
    [...ids.keys()].forEach((u, i) => {
      ws.getRow(i + 3).values = [
        u,
        `批量教师${i + 1}`,
        16,
        '',
        '市级',
        '培训',
        '2026-11-20',
        'QX-PX-2026-07',
        '青教发〔2026〕31号',
      ];
    });
    await upload(page, wb, 'attendees.xlsx');
    await page.getByText('共 3 行：可导入 3，已存在将跳过 0，有误 0').waitFor();
    await page.getByRole('button', { name: '开始导入' }).click();
    await page.getByText('导入完成：新增 3，跳过 0').waitFor({ timeout: 30_000 });
    await shot(page, 'console-import-04-hours-result');
    const progression = await (
      await page.request.get(`/api/teachers/${ids.get('import.t2')}/progression`)
    ).json();
    expect(progression.ledger).toEqual([
      expect.objectContaining({
        hours: 16,
        credits: 16,
        level: 'city',
        kind: 'training',
        source: expect.objectContaining({ id: 'QX-PX-2026-07', approvingRecord: '青教发〔2026〕31号' }),
      }),
    ]);

    // The same sheet again: every row already granted, skipped.
    await page.getByRole('button', { name: '继续导入' }).click();
    await upload(page, wb, 'attendees.xlsx');
    await page.getByText('共 3 行：可导入 0，已存在将跳过 3，有误 0').waitFor();
    expect(page.problems).toEqual([]);
  });

  it('works at 390 px: the dry run of a sheet with a bad row', async () => {
    const phone = await openPage(browser, product.url, { viewport: PHONE });
    await signIn(phone, 'admin');
    await phone.goto('/admin/hours/import');
    await phone.getByRole('heading', { name: '批量登记学时' }).waitFor();
    await shot(phone, 'console-import-05-phone-start');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('学时名单');
    ws.addRow(['用户名*', '姓名', '学时*', '学分', '级别*', '类别*', '完成日期*', '来源编号*', '审批依据*']);
    ws.addRow(['import.t4', '', 8, '', '校级', '研修活动', '2026-11-21', 'XB-2026-3', '校本研修记录 3']);
    ws.addRow(['import.t5', '', 2000, '', '校级', '研修活动', '2026-11-21', 'XB-2026-3', '校本研修记录 3']);
    await upload(phone, wb, 'phone.xlsx');
    await phone.getByText('共 2 行：可导入 1，已存在将跳过 0，有误 1').waitFor();
    await phone.getByText('学时数不在允许的范围内').waitFor();
    await shot(phone, 'console-import-06-phone-dry-run');
    const overflow = await phone.evaluate(() => {
      const g = globalThis as unknown as {
        document: { documentElement: { scrollWidth: number } };
        innerWidth: number;
      };
      return g.document.documentElement.scrollWidth - g.innerWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    expect(phone.problems).toEqual([]);
    await phone.context().close();
  });
});
