import ExcelJS from 'exceljs';
import type { DemoSeedResult } from '#libs/identity';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import type { TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import {
  bearer,
  eventCount,
  identityCaughtUp,
  login,
  seedDemo,
  startIdentityApp,
} from '../identity/support/identity-test-app.js';

// UI.md §1.10 on a real PostgreSQL: the office's bulk imports of teachers and of hours. A dry run lists
// every bad row in the request's language and writes nothing; a file with a bad row is refused whole;
// the import writes through the same commands as one-at-a-time entry and is idempotent by row.
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const USER_HEADERS = ['姓名*', '用户名*', '学校*', '学科', '层级*', '角色', '手机', '邮箱', '身份证号'];
const HOURS_HEADERS = [
  '用户名*',
  '姓名',
  '学时*',
  '学分',
  '级别*',
  '类别*',
  '完成日期*',
  '来源编号*',
  '审批依据*',
];
const DONGHU_NO1 = '东湖第一中学 Donghu No.1 Middle School';
const DONGHU_PRIMARY = '东湖实验小学 Donghu Experimental Primary';
const XISHAN = '西山中学 Xishan Middle School';

async function xlsx(headers: string[], rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名单');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The CSV Excel saves on a Chinese Windows: GB18030 bytes (made with Python's gb18030 codec). */
const GB18030_CSV = Buffer.from(
  '0NXD+yos08O7p8P7KizRp9CjKizRp7/GLLLjvLYqLL3Hyassyta7+izTys/kLMntt93WpLrFDQrV1MDaLGdiLnpoYW9sZWkstqu6/sq10enQodGnIERvbmdodSBFeHBlcmltZW50YWwgUHJpbWFyeSzT787ELNDCvczKpiy9zMqmLCwsDQrHrre8LGdiLnFpYW5mYW5nLLaruv7KtdHp0KHRpyBEb25naHUgRXhwZXJpbWVudGFsIFByaW1hcnksyv3Rpyy5x7jJvczKpiy9zMqmoaK1vMqmLDEzOTAwMDAwMDAxLCwNCg==',
  'base64',
);

describe('bulk imports of teachers and hours (real PostgreSQL)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let admin: string;
  let xishanAdmin: string;

  /** An upload: the file itself as the body, as the web page sends it. */
  const send = async (
    path: string,
    body: Buffer | string,
    token: string,
    opts: { type?: string; lang?: string } = {},
  ) => {
    const res = await fetch(api.url + path, {
      method: 'POST',
      headers: {
        ...bearer(token),
        'content-type': opts.type ?? 'application/octet-stream',
        'accept-language': opts.lang ?? 'zh-CN',
      },
      body,
    });
    const type = res.headers.get('content-type') ?? '';
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const parsed: any = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
    return { status: res.status, type, body: parsed };
  };
  const idOf = async (username: string) =>
    (await db.pool.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username])).rows[0]!.id;
  const jobCount = async () =>
    Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM import_jobs')).rows[0]!.n);
  const finished = (id: string, token = admin) =>
    until(
      `import job ${id}`,
      async () => {
        const res = await api.request('GET', `/api/import-jobs/${id}`, { headers: bearer(token) });
        return res.body.status === 'done' ? res.body : null;
      },
      60_000,
    );

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startIdentityApp(db);
    seed = await seedDemo(api, db);
    admin = await login(api, 'admin');
    const xishan = seed.orgUnits.find((u) => u.name.includes('Xishan County'))!;
    const made = await api.request('POST', '/api/users', {
      body: {
        username: 'admin.xishan',
        displayName: '西山县教师发展中心',
        orgUnit: xishan.id,
        roles: ['admin'],
        password: 'correct-horse-battery',
      },
      headers: bearer(admin),
    });
    expect(made.status).toBe(201);
    xishanAdmin = await login(api, 'admin.xishan', 'correct-horse-battery');
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('the template has 填写说明, the Chinese headers with comments, drop-downs of the admin’s schools and a grey example row', async () => {
    const res = await fetch(`${api.url}/api/imports/users/template`, { headers: bearer(xishanAdmin) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(XLSX);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['教师名单', '填写说明']));
    const ws = wb.getWorksheet('教师名单')!;
    expect((ws.getRow(1).values as string[]).slice(1)).toEqual(USER_HEADERS);
    expect(ws.getCell('B1').note).toBeTruthy();
    expect(String(ws.getCell('A2').value)).toMatch(/^（示例）/);
    const tierList = ws.getCell('E3').dataValidation;
    expect(tierList.type).toBe('list');
    const lists = wb.getWorksheet('选项')!;
    const values = lists.getSheetValues().flat().filter(Boolean).map(String);
    // The Xishan admin's drop-down offers Xishan's schools and no school of Donghu.
    expect(values).toEqual(expect.arrayContaining([XISHAN, '骨干教师', '评审专家']));
    expect(values).not.toContain(DONGHU_NO1);
    // The help sheet states the limits.
    const help = wb.getWorksheet('填写说明')!.getSheetValues().flat().filter(Boolean).map(String).join('\n');
    expect(help).toContain('5,000 行');
  });

  const goodRows = (n: number, prefix: string) =>
    Array.from({ length: n }, (_, i) => [
      `导入教师${i + 1}`,
      `${prefix}${i + 1}`,
      i % 2 ? DONGHU_NO1 : DONGHU_PRIMARY,
      '数学',
      '青年教师',
      '',
      `1380000${String(i).padStart(4, '0')}`,
      '',
      '',
    ]);

  it('a dry run lists every bad row with the form’s messages and writes nothing; the import of that file is refused', async () => {
    const file = await xlsx(USER_HEADERS, [
      ...goodRows(3, 'imp.a'),
      ['王伟', 'Wang Wei', DONGHU_NO1, '', '青年教师', '', '', '', ''],
      ['李敏', 'imp.bad2', '不存在的学校', '', '', '', '12ab', 'not-mail', '1234'],
      ['', 'imp.a1', DONGHU_NO1, '', '新教师', '校长', '', '', ''],
      ['王伟', 'wang.wei1', DONGHU_NO1, '', '青年教师', '', '', '', ''],
    ]);
    const before = await eventCount(db);
    const res = await send('/api/imports/users/dry-run', file, admin);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: 'users',
      format: 'xlsx',
      total: 7,
      ready: 3,
      skipped: 1,
      invalid: 3,
    });
    const issues = res.body.issues as {
      line: number;
      column: string;
      value: string;
      code: string;
      message: string;
    }[];
    const at = (line: number) => issues.filter((i) => i.line === line).map((i) => [i.column, i.code]);
    expect(at(5)).toEqual([['用户名', 'invalid_username']]);
    expect(at(6)).toEqual([
      ['学校', 'import_unknown_school'],
      ['层级', 'import_cell_required'],
      ['手机', 'invalid_phone'],
      ['邮箱', 'invalid_email'],
      ['身份证号', 'invalid_id_card_number'],
    ]);
    expect(at(7)).toEqual([
      ['姓名', 'import_cell_required'],
      ['用户名', 'import_duplicate_row'],
      ['角色', 'unknown_role'],
    ]);
    const say = (line: number, column: string) => issues.find((i) => i.line === line && i.column === column)!;
    expect(say(5, '用户名')).toMatchObject({
      value: 'Wang Wei',
      message: expect.stringMatching(/^用户名须为 3–32 个字符/),
    });
    expect(say(6, '学校').message).toBe('不是本单位管辖范围内的学校，请从下拉列表中选择');
    expect(say(7, '用户名').message).toBe('与第 2 行重复');
    expect(say(7, '角色').message).toBe('未知角色：校长');
    // In English when asked.
    const en = await send('/api/imports/users/dry-run', file, admin, { lang: 'en' });
    expect(
      en.body.issues.find((i: { line: number; column: string }) => i.line === 7 && i.column === '用户名')
        .message,
    ).toBe('the same as row 2');

    // The error report: the rows back with a 错误说明 column.
    const report = await send('/api/imports/users/error-report', file, admin);
    expect(report.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(report.body as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as string[]).slice(1)).toEqual([
      '行号',
      ...USER_HEADERS.map((h) => h.replace('*', '')),
      '错误说明',
    ]);
    const row6 = ws.getRow(6).values as unknown[];
    expect(row6[1]).toBe(6);
    expect(String(row6[11])).toContain('学校：不是本单位管辖范围内的学校');
    expect(String((ws.getRow(2).values as unknown[])[11] ?? '')).toBe('');

    const refused = await send('/api/imports/users', file, admin);
    expect(refused.status).toBe(422);
    expect(refused.type).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'import_has_errors', invalid: 3 });
    expect(refused.body.detail).toContain('文件中有 3 行有误');
    expect(await eventCount(db)).toBe(before);
    expect(await jobCount()).toBe(0);
  });

  it('the import writes each teacher as the admin through the registration command; the same file again adds nothing', async () => {
    const file = await xlsx(USER_HEADERS, [
      ...goodRows(40, 'imp.b'),
      ['王伟', 'wang.wei1', DONGHU_NO1, '', '青年教师', '', '', '', ''],
    ]);
    const started = await send('/api/imports/users', file, admin);
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ kind: 'users', total: 41 });
    const job = await finished(started.body.id);
    expect(job).toMatchObject({ created: 40, skipped: 1, failed: 0, processed: 41 });
    await identityCaughtUp(api, db);
    const found = await api.request('GET', '/api/users?q=imp.b17', { headers: bearer(admin) });
    expect(found.body.items).toEqual([
      expect.objectContaining({
        username: 'imp.b17',
        displayName: '导入教师17',
        tier: 'young',
        subject: '数学',
        roles: ['teacher'],
      }),
    ]);
    // Personal fields are sealed with the teacher's own key and read back through it.
    const one = await api.request('GET', `/api/users/${found.body.items[0].id}`, { headers: bearer(admin) });
    expect(one.body).toMatchObject({ phone: '13800000016', displayName: '导入教师17' });
    const sealed = await db.pool.query(
      `SELECT data->>'phone' AS phone FROM events WHERE type = 'UserRegistered' AND data->>'username' = 'imp.b17'`,
    );
    expect(sealed.rows[0].phone).toMatch(/^pd1:/);
    // The events are those of one-by-one registration, by the admin, saying which import and row.
    const adminId = await idOf('admin');
    const ev = await db.pool.query(
      `SELECT type, metadata FROM events WHERE stream_id = (SELECT 'user-' || id FROM users WHERE username = 'imp.b17')`,
    );
    expect(ev.rows.map((r) => r.type)).toEqual(['UserRegistered']);
    expect(ev.rows[0].metadata).toMatchObject({
      actorId: adminId,
      actorRole: 'admin',
      importJob: started.body.id,
      importRow: 18,
    });

    // Again: nothing new, every row skipped.
    const dry = await send('/api/imports/users/dry-run', file, admin);
    expect(dry.body).toMatchObject({ total: 41, ready: 0, skipped: 41, invalid: 0 });
    const before = await eventCount(db);
    const again = await send('/api/imports/users', file, admin);
    expect(again.status).toBe(202);
    expect(await finished(again.body.id)).toMatchObject({ created: 0, skipped: 41 });
    expect(await eventCount(db)).toBe(before);
    // Reopening the page: the admin's latest jobs.
    const recent = await api.request('GET', '/api/import-jobs?kind=users', { headers: bearer(admin) });
    expect(recent.body.items[0]).toMatchObject({ id: again.body.id, status: 'done' });
    // Another admin learns nothing of it.
    const other = await api.request('GET', `/api/import-jobs/${again.body.id}`, {
      headers: bearer(xishanAdmin),
    });
    expect(other.status).toBe(404);
  });

  it('reads a CSV saved by Excel in GB18030, and one in UTF-8 with a BOM', async () => {
    const res = await send('/api/imports/users/dry-run', GB18030_CSV, admin, { type: 'text/csv' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: 'csv', total: 2, ready: 2, invalid: 0 });
    const started = await send('/api/imports/users', GB18030_CSV, admin, {
      type: 'application/vnd.ms-excel',
    });
    expect(await finished(started.body.id)).toMatchObject({ created: 2 });
    await identityCaughtUp(api, db);
    const found = await api.request('GET', '/api/users?q=gb.qianfang', { headers: bearer(admin) });
    expect(found.body.items[0]).toMatchObject({
      displayName: '钱芳',
      roles: ['teacher', 'mentor'],
      tier: 'backbone',
    });

    const utf8 = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`${USER_HEADERS.join(',')}\r\n"孙,丽",bom.sunli,${DONGHU_NO1},,新教师,,,,\r\n`, 'utf8'),
    ]);
    const bom = await send('/api/imports/users/dry-run', utf8, admin, { type: 'text/csv' });
    expect(bom.body).toMatchObject({ total: 1, ready: 1, invalid: 0 });
  });

  it('an admin imports only into schools within their unit: a Donghu school is refused to the Xishan admin', async () => {
    const file = await xlsx(USER_HEADERS, [
      ['周强', 'xs.zhou', XISHAN, '', '新教师', '', '', '', ''],
      ['吴刚', 'xs.wu', DONGHU_NO1, '', '新教师', '', '', '', ''],
    ]);
    const dry = await send('/api/imports/users/dry-run', file, xishanAdmin);
    expect(dry.body).toMatchObject({ ready: 1, invalid: 1 });
    expect(dry.body.issues).toEqual([
      expect.objectContaining({ line: 3, column: '学校', code: 'import_unknown_school', value: DONGHU_NO1 }),
    ]);
    const before = await eventCount(db);
    const refused = await send('/api/imports/users', file, xishanAdmin);
    expect(refused.status).toBe(422);
    expect(await eventCount(db)).toBe(before);
    // A teacher, not an admin, may not import at all.
    const teacher = await login(api, 'wang.wei1');
    expect((await send('/api/imports/users/dry-run', file, teacher)).status).toBe(403);
  });

  it('refuses a file too large, of another type or with too many rows, naming the file', async () => {
    const before = await eventCount(db);
    const big = await send('/api/imports/users/dry-run', Buffer.alloc(5 * 1024 * 1024 + 1, 0x41), admin);
    expect(big.status).toBe(413);
    expect(big.type).toContain('application/problem+json');
    expect(big.body.detail).toBe('文件不能超过 5 MB');
    const json = await fetch(`${api.url}/api/imports/users/dry-run`, {
      method: 'POST',
      headers: { ...bearer(admin), 'content-type': 'application/json', 'accept-language': 'en' },
      body: '{"rows":[]}',
    });
    expect(json.status).toBe(415);
    expect(((await json.json()) as { detail: string }).detail).toMatch(
      /^file: send the \.xlsx or \.csv file/,
    );
    const rows = Array.from({ length: 5_001 }, (_, i) => `教师${i},many.t${i},${DONGHU_NO1},,新教师,,,,`);
    const many = await send(
      '/api/imports/users/dry-run',
      `${USER_HEADERS.join(',')}\n${rows.join('\n')}\n`,
      admin,
      {
        type: 'text/csv',
      },
    );
    expect(many.status).toBe(400);
    expect(many.body.errors).toEqual([
      { field: 'file', message: '文件超过 5000 行，请拆分为多个文件分别导入' },
    ]);
    const noHeader = await send('/api/imports/users/dry-run', 'a,b,c\n1,2,3\n', admin, { type: 'text/csv' });
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.errors[0]).toMatchObject({
      field: 'file',
      message: expect.stringContaining('表头'),
    });
    // Another route does not take a file.
    const elsewhere = await send('/api/users', 'x', admin, { type: 'text/csv' });
    expect(elsewhere.status).toBe(415);
    expect(await eventCount(db)).toBe(before);
  });

  it('hours of a project’s attendees: dry run, import through the grant command, the same file again adds nothing', async () => {
    const teachers = seed.logins.filter(
      (l) => l.roles.includes('teacher') && l.orgUnitName.includes('Donghu'),
    );
    const [t1, t2, t3] = await Promise.all(
      teachers.slice(0, 3).map(async (t) => ({ username: t.username, userId: await idOf(t.username) })),
    );
    // Teacher records are opened by the ladder reactor after registration.
    await until('teacher records', async () => {
      const res = await api.request('GET', `/api/teachers/${t3!.userId}/progression`, {
        headers: bearer(admin),
      });
      return res.status === 200;
    });
    const rows = [
      [t1!.username, '', 12, '', '区县级', '培训', '2026-10-15', 'PX-2026-018', '东湖教发〔2026〕12号'],
      [t2!.username, '', 12, 6, '区县级', '培训', '2026-10-15', 'PX-2026-018', '东湖教发〔2026〕12号'],
      [t3!.username, '', 2.5, '', '校级', '研修活动', '2026/10/16', 'PX-2026-018', '东湖教发〔2026〕12号'],
    ];
    const bad = await xlsx(HOURS_HEADERS, [
      ...rows,
      ['nobody.here', '', 0, '', '县级', '会议', '2099-01-01', '', ''],
      [t1!.username, '张三', 3, '', '校级', '培训', '2026-02-30', 'PX-2026-018', 'x'],
    ]);
    const dry = await send('/api/imports/hours/dry-run', bad, admin);
    expect(dry.body).toMatchObject({ kind: 'hours', total: 5, ready: 3, invalid: 2 });
    const codes = (dry.body.issues as { line: number; code: string }[]).map((i) => `${i.line}:${i.code}`);
    expect(codes).toEqual([
      '5:import_unknown_user',
      '5:invalid_hours',
      '5:invalid_level',
      '5:invalid_kind',
      '5:invalid_completion_date',
      '5:import_cell_required',
      '5:import_cell_required',
      '6:import_name_mismatch',
      '6:import_invalid_date',
      '6:import_duplicate_row',
    ]);
    expect((await send('/api/imports/hours', bad, admin)).status).toBe(422);

    const good = await xlsx(HOURS_HEADERS, rows);
    const job = await finished((await send('/api/imports/hours', good, admin)).body.id);
    expect(job).toMatchObject({ kind: 'hours', created: 3, skipped: 0, failed: 0 });
    const ledger = async (id: string) =>
      (await api.request('GET', `/api/teachers/${id}/progression`, { headers: bearer(admin) })).body
        .ledger as {
        hours: number;
        credits: number;
        level: string;
        kind: string;
        source: { id: string; approvingRecord: string };
      }[];
    expect((await ledger(t2!.userId)).filter((e) => e.source.id === 'PX-2026-018')).toEqual([
      expect.objectContaining({ hours: 12, credits: 6, level: 'district', kind: 'training' }),
    ]);
    expect((await ledger(t3!.userId)).find((e) => e.source.id === 'PX-2026-018')).toMatchObject({
      hours: 2.5,
      kind: 'activity',
      level: 'school',
    });

    // Again, and with other hours for the same source: already granted, skipped; nothing appended.
    const before = await eventCount(db);
    const changed = await xlsx(HOURS_HEADERS, [
      ...rows.slice(0, 2),
      [t3!.username, '', 8, '', '校级', '研修活动', '2026-10-16', 'PX-2026-018', 'y'],
    ]);
    expect((await send('/api/imports/hours/dry-run', changed, admin)).body).toMatchObject({
      ready: 0,
      skipped: 3,
    });
    expect(await finished((await send('/api/imports/hours', good, admin)).body.id)).toMatchObject({
      created: 0,
      skipped: 3,
    });
    expect(await eventCount(db)).toBe(before);
    expect((await ledger(t1!.userId)).filter((e) => e.source.id === 'PX-2026-018')).toHaveLength(1);

    // Scope: the Xishan admin does not see Donghu teachers.
    const out = await send('/api/imports/hours/dry-run', good, xishanAdmin);
    expect(out.body.issues.map((i: { code: string }) => i.code)).toEqual([
      'import_unknown_user',
      'import_unknown_user',
      'import_unknown_user',
    ]);
  });
});
