import { pickFromMenu } from './support/walk.js';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
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
 * Evidence files in the pages (DOMAIN.md stage 1: applications carry uploaded files), on the seeded
 * demo in a real browser: a teacher of 东湖第一中学 attaches a PDF to a training-project application and
 * submits it; a reviewer assigned to it sees the file on the review page and downloads it, byte for byte.
 */
const PROJECT = '东湖区初中语文青年教师读写结合教学研修班';
const FILE_NAME = '研修方案（2027）.pdf';
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

describeBrowser('evidence files: a teacher attaches a PDF, a reviewer downloads it', () => {
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

  async function choose(page: Page, field: string, option: string) {
    await page.locator(`#${field}`).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).click();
  }

  it('a teacher attaches a PDF in the form and submits; the application lists it', async () => {
    const page = await as('huang.jun1');
    await page.goto('/teacher/calls');
    const card = page.locator('.ant-card', { hasText: '青溪市 2027 年度市级教师培训项目申报' });
    await card.getByRole('button', { name: '去申报' }).click();
    await page.waitForURL(/\/teacher\/applications\/new\?call=/);
    await page.locator('#title').fill(PROJECT);
    await choose(page, 'level', '区县级');
    await choose(page, 'targetTier', '青年教师');
    await page.locator('#subject').fill('初中语文');
    await page.locator('#hours').fill('30');
    await page.locator('#capacity').fill('25');
    await page.locator('#budget').fill('30000');
    await page.getByPlaceholder('开始日期').fill('2027-04-01');
    await page.getByPlaceholder('开始日期').press('Enter');
    await page.getByPlaceholder('结束日期').fill('2027-04-03');
    await page.getByPlaceholder('结束日期').press('Enter');
    // The limits are stated before anyone picks a file.
    await page.getByText(/单个文件不超过 20 MB，最多 20 个/).waitFor();
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: FILE_NAME, mimeType: 'application/pdf', buffer: PDF });
    await page.getByText(`「${FILE_NAME}」已上传，保存后生效`).waitFor();
    const listed = page.getByTestId('attachment').filter({ hasText: FILE_NAME });
    await listed.getByText(`PDF · ${PDF.length} B`).waitFor();
    await shot(page, 'evidence-01-teacher-form-attached');
    await page.getByRole('button', { name: /^提\s*交$/ }).click();
    await page.getByRole('button', { name: '确认提交' }).click();
    await page.getByText('申报已提交').waitFor();
    await page.getByRole('button', { name: '查看申报' }).click();
    await page.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
    applicationId = page.url().split('/').pop()!;
    const row = page.locator('.ant-descriptions-row', { hasText: '附件' });
    await row.getByText(FILE_NAME).waitFor();
    await row.getByRole('link', { name: `下载 ${FILE_NAME}` }).waitFor();
    await shot(page, 'evidence-02-teacher-detail');
    expect(page.problems).toEqual([]);
    await page.context().close();

    // The same page on a phone: the file's name wraps, the link stays reachable.
    const phone = await as('huang.jun1', PHONE);
    await phone.goto(`/applications/${applicationId}`);
    await phone.locator('.ant-descriptions-row', { hasText: '附件' }).getByText(FILE_NAME).waitFor();
    await shot(phone, 'evidence-03-teacher-detail-phone');
    expect(phone.problems).toEqual([]);
    await phone.context().close();
  }, 180_000);

  it('an assigned reviewer sees the file on the review page and downloads the same bytes', async () => {
    // The chair's assignment is the committee walk's subject; here it is made over the API.
    const chair = bearer(await login(product.app, 'chair'));
    const candidates = await product.app.request(
      'GET',
      `/api/applications/${applicationId}/reviewer-candidates`,
      {
        headers: chair,
      },
    );
    expect(candidates.status).toBe(200);
    const free = (candidates.body.items as { id: string; displayName: string; conflicts: string[] }[]).filter(
      (c) => c.conflicts.length === 0,
    );
    const assigned = await product.app.request('POST', `/api/applications/${applicationId}/reviewers`, {
      headers: chair,
      body: { reviewers: free.slice(0, 3).map((c) => ({ reviewerId: c.id })) },
    });
    expect(assigned.status).toBe(200);
    const reviewer = product.demo.logins.find((l) => l.displayName === free[0]!.displayName)!;

    const page = await as(reviewer.username);
    // A reviewer who is also a teacher acts as 评审专家 for this step (UI.md §1.2).
    if (reviewer.roles.includes('teacher')) {
      await pickFromMenu(page, 'role-switcher', '评审专家', () =>
        page.waitForURL(/\/reviewer\/queue/, { timeout: 10_000 }),
      );
    }
    await page.locator('tr', { hasText: PROJECT }).getByRole('button', { name: '开始评审' }).click();
    await page.waitForURL(new RegExp(`/reviewer/applications/${applicationId}`));
    const row = page.locator('.ant-descriptions-row', { hasText: '附件' });
    await row.getByText(FILE_NAME).waitFor();
    await row.getByText(`PDF · ${PDF.length} B`).waitFor();
    await shot(page, 'evidence-04-reviewer-sees-file');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('link', { name: `下载 ${FILE_NAME}` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(FILE_NAME);
    const bytes = await readFile((await download.path())!);
    expect(bytes.equals(PDF)).toBe(true);
    expect(page.problems).toEqual([]);
    await page.context().close();
  }, 180_000);
});
