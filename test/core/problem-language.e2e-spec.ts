import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import type { TestApp } from '../support/test-app.js';
import { seedDemo, startIdentityApp } from '../identity/support/identity-test-app.js';
import { cast, day, fieldsFor, iso, signIn, type Person } from '../approval/support.js';

// GLOSSARY.md §12: problem+json answers in the caller's language — Chinese for Accept-Language zh
// (zh-CN, zh, zh-Hans …), English otherwise — with the same code, fields and members in both.
describe('problem+json in the caller’s language', () => {
  let db: TestDatabase;
  let api: TestApp;
  let teacher: Person;
  let applicationId: string;
  const zh = { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' };
  const en = { 'accept-language': 'en-US,en;q=0.9' };

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startIdentityApp(db);
    const c = cast(await seedDemo(api, db));
    teacher = await signIn(api, db, c.teachers[0]!);
    const chair = await signIn(api, db, c.chair);
    // A call whose window opens in 2030: a draft may be written now, not submitted.
    const call = await chair.call('POST', '/api/calls', {
      kind: 'studio',
      orgUnit: c.city.id,
      title: '名优教师工作室申报（2030 年）',
      opensAt: iso(Date.parse('2030-01-01T00:00:00Z')),
      closesAt: iso(Date.parse('2030-01-01T00:00:00Z') + 30 * day),
    });
    expect(call.status).toBe(201);
    const draft = await teacher.call('POST', '/api/applications', {
      callId: call.body.id,
      title: '数学名师工作室',
      fields: fieldsFor.studio,
    });
    expect(draft.status).toBe(201);
    applicationId = draft.body.id;
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('answers the same refusal in Chinese and in English, with the same code and members', async () => {
    const inZh = await teacher.call('POST', `/api/applications/${applicationId}/submit`, undefined, zh);
    const inEn = await teacher.call('POST', `/api/applications/${applicationId}/submit`, undefined, en);
    for (const res of [inZh, inEn]) {
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('vary')).toMatch(/Accept-Language/i);
    }
    expect(inZh.headers.get('content-language')).toBe('zh-CN');
    expect(inEn.headers.get('content-language')).toBe('en');
    expect(inZh.body).toMatchObject({
      code: 'outside_call_window',
      title: '无法办理',
      detail: '不在申报时间内（2030-01-01 08:00 至 2030-01-31 08:00）',
      opensAt: '2030-01-01T00:00:00.000Z',
    });
    expect(inEn.body).toMatchObject({
      code: 'outside_call_window',
      title: 'Unprocessable content',
      detail: 'outside the call window (2030-01-01 08:00 to 2030-01-31 08:00)',
      opensAt: '2030-01-01T00:00:00.000Z',
    });
    // Without Accept-Language: English.
    const plain = await teacher.call('POST', `/api/applications/${applicationId}/submit`);
    expect(plain.body.detail).toBe(inEn.body.detail);
    expect(plain.headers.get('content-language')).toBe('en');
  });

  it('answers a validation error in both languages, naming the same fields', async () => {
    const body = { title: 'x'.repeat(201), fields: { ...fieldsFor.studio, name: '' }, colour: 'red' };
    const inZh = await teacher.call('PATCH', `/api/applications/${applicationId}`, body, zh);
    const inEn = await teacher.call('PATCH', `/api/applications/${applicationId}`, body, en);
    expect(inZh.status).toBe(400);
    expect(inEn.status).toBe(400);
    const fields = (res: typeof inZh) => res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields(inZh)).toEqual(fields(inEn));
    expect(fields(inZh)).toEqual(expect.arrayContaining(['title', 'colour', 'fields.name']));
    expect(inZh.body.title).toBe('填写有误');
    expect(inZh.body.detail).toMatch(/^有 \d+ 处填写有误：/);
    expect(inZh.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'title', message: '长度须在 1 到 200 个字符之间' },
        { field: 'colour', message: '不允许的字段' },
      ]),
    );
    expect(inEn.body.title).toBe('Invalid request');
    expect(inEn.body.errors).toEqual(
      expect.arrayContaining([{ field: 'colour', message: 'property colour should not exist' }]),
    );
    // No English on the Chinese answer beyond field names.
    for (const e of inZh.body.errors as { message: string }[]) expect(e.message).not.toMatch(/[a-z]{4,}/);
  });

  it('answers an unknown route 404 in both languages', async () => {
    const inZh = await api.request('GET', '/api/no-such-page', { headers: zh });
    const inEn = await api.request('GET', '/api/no-such-page', { headers: en });
    expect(inZh.status).toBe(404);
    expect(inEn.status).toBe(404);
    expect(inZh.body).toMatchObject({ title: '未找到', detail: '请求的接口不存在：GET /api/no-such-page' });
    expect(inEn.body).toMatchObject({ title: 'Not found', detail: 'Cannot GET /api/no-such-page' });
    expect(inZh.headers.get('content-language')).toBe('zh-CN');
  });

  it('answers the guard’s 401 and 403 in Chinese', async () => {
    const anonymous = await api.request('GET', '/api/auth/me', { headers: zh });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.detail).toBe('请先登录');
    const notAdmin = await teacher.call('GET', '/api/audit/events', undefined, zh);
    expect(notAdmin.status).toBe(403);
    expect(notAdmin.body).toMatchObject({ code: 'role_required', detail: '此操作需要管理员角色' });
  });
});
