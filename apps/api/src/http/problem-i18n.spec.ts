import { HttpException, HttpStatus, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { forbidden, NotOnKurrentDbError, refuse, WrongExpectedVersionError } from '#libs/event-store';
import { DraftApplicationDto } from '../applications/application.dto.js';
import { localiseProblem, negotiateLanguage, type Lang } from './problem-i18n.js';
import { flattenValidationErrors, toProblem, ValidationProblem, type Problem } from './problem.js';

/** What the filter sends: the problem, in `lang`. */
function answer(err: unknown, lang: Lang, options: { ifMatch?: boolean; retryAfter?: number } = {}): Problem {
  const problem = toProblem(err, options.ifMatch ?? false);
  problem.correlationId = 'corr-1';
  localiseProblem(
    problem,
    err,
    lang,
    options.retryAfter !== undefined ? { retryAfterSeconds: options.retryAfter } : {},
  );
  return problem;
}

/** The validation problem the global ValidationPipe raises for `body` (same options as app.factory.ts). */
async function validationProblem(body: unknown): Promise<ValidationProblem> {
  const dto = plainToInstance(DraftApplicationDto, body);
  const errors = await validate(dto as object, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: true },
  });
  return new ValidationProblem(flattenValidationErrors(errors));
}

const goodDraft = {
  callId: '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b',
  title: '初中数学骨干教师研修',
  fields: {
    kind: 'training_project',
    level: 'district',
    targetTier: 'backbone',
    subject: '初中数学',
    hours: 60,
    capacity: 30,
    budget: 80000,
    startsOn: '2026-12-01',
    endsOn: '2027-01-20',
  },
};

describe('Accept-Language', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['zh-CN', 'zh'],
    ['zh', 'zh'],
    ['zh-Hans-CN', 'zh'],
    ['ZH-tw', 'zh'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    ['en;q=0.5, zh;q=0.7', 'zh'],
    ['fr-FR, de', 'en'],
    ['*', 'en'],
    ['zh;q=0, en', 'en'],
    ['zh;q=abc', 'en'],
    [['fr', 'zh-CN;q=0.3'], 'zh'],
  ] as const)('%j → %s', (header, lang) => {
    expect(negotiateLanguage(header as string | string[] | undefined)).toBe(lang);
  });
});

describe('a refusal in both languages', () => {
  it('fills the numbers of no_quorum', () => {
    const err = refuse('no_quorum', 'a decision needs 3 reviews; 2 submitted', { required: 3, submitted: 2 });
    const zh = answer(err, 'zh');
    expect(zh).toMatchObject({
      status: 422,
      title: '无法办理',
      detail: '评审人数不足：已提交 2 份，需 3 份',
      code: 'no_quorum',
      required: 3,
      submitted: 2,
    });
    expect(answer(err, 'en')).toMatchObject({
      title: 'Unprocessable content',
      detail: 'not enough reviews: 2 submitted, 3 needed',
      code: 'no_quorum',
    });
  });

  it('lists each unmet promotion requirement with its numbers', () => {
    const err = refuse('promotion_ineligible', 'not eligible', {
      policyVersion: 'default-1',
      currentTier: 'young',
      targetTier: 'leader',
      nextTier: 'backbone',
      unmet: [
        {
          key: 'target_tier',
          label: 'a promotion is to the next tier',
          required: 'backbone',
          current: 'leader',
          met: false,
        },
        { key: 'training_hours', label: 'training hours', required: 150, current: 120.5, met: false },
        {
          key: 'ethics_ban',
          label: 'no ban',
          required: 'none',
          current: 'x',
          until: '2027-09-01T00:00:00.000Z',
        },
      ],
    });
    expect(answer(err, 'zh').detail).toBe(
      '尚不满足学科带头人的进阶条件：须逐级进阶：下一层级为骨干教师，不能申报学科带头人；' +
        '培训学时 120.5/150（还差 29.5 学时）；师德考核限制期未满（至 2027-09-01 08:00）',
    );
    expect(answer(err, 'en').detail).toBe(
      'not eligible for subject leader: promotions go one tier at a time: the next tier is backbone teacher, ' +
        'not subject leader; training hours 120.5 of 150 (29.5 to go); an ethics ban is in force until 2027-09-01 08:00',
    );
  });

  it('names conflicts and roles in the office’s words', () => {
    const conflict = refuse('conflict_of_interest', 'x', {
      reviewerId: 'u1',
      conflicts: ['same_school', 'mentor_or_mentee'],
    });
    expect(answer(conflict, 'zh').detail).toBe('存在利益回避（同校、师徒关系），请填写豁免理由');
    expect(answer(conflict, 'zh').conflicts).toEqual(['same_school', 'mentor_or_mentee']);
    const role = forbidden('role_required', 'this needs the role admin or chair', {
      requiredRoles: ['admin', 'chair'],
    });
    expect(answer(role, 'zh')).toMatchObject({
      status: 403,
      title: '没有权限',
      detail: '此操作需要管理员或评审组长角色',
    });
    expect(answer(role, 'en').detail).toBe('this needs the role admin or chair');
  });

  it('shows a call window in Beijing time', () => {
    const err = refuse('outside_call_window', 'x', {
      opensAt: '2026-09-01T00:00:00.000Z',
      closesAt: '2026-09-30T15:59:59.000Z',
    });
    expect(answer(err, 'zh').detail).toBe('不在申报时间内（2026-09-01 08:00 至 2026-09-30 23:59）');
  });

  it('says an empty list as 无 / none', () => {
    const err = refuse('rubric_mismatch', 'x', { missing: ['research'], unexpected: [] });
    expect(answer(err, 'zh').detail).toBe('评分项与评分细则不一致（缺少：教研能力；多余：无）');
    expect(answer(err, 'en').detail).toBe(
      'the scores do not match the rubric (missing: research ability; unexpected: none)',
    );
  });

  it('falls back to the status’s Chinese words for a code without an entry, and keeps its English', () => {
    const err = refuse('some_new_code', 'a new refusal nobody translated yet');
    expect(answer(err, 'zh').detail).toBe('当前无法办理该操作');
    expect(answer(err, 'en').detail).toBe('a new refusal nobody translated yet');
  });

  it('falls back when a detail the template names is missing', () => {
    const err = refuse('no_quorum', 'a decision needs more reviews');
    expect(answer(err, 'zh').detail).toBe('当前无法办理该操作');
    expect(answer(err, 'en').detail).toBe('a decision needs more reviews');
  });
});

describe('a validation problem in both languages', () => {
  it('words each field’s constraint with its limits, and names the fields in the detail', async () => {
    const err = await validationProblem({
      ...goodDraft,
      title: 'x'.repeat(201),
      extra: 1,
      fields: { ...goodDraft.fields, hours: 2000, capacity: 1.5 },
    });
    const zh = answer(err, 'zh');
    expect(zh.title).toBe('填写有误');
    expect(zh.detail).toMatch(/^有 4 处填写有误：\S+$/);
    expect(zh.detail.split('：')[1]!.split('、').sort()).toEqual(
      ['extra', 'fields.capacity', 'fields.hours', 'title'].sort(),
    );
    expect(zh.errors).toEqual(
      expect.arrayContaining([
        { field: 'title', message: '长度须在 1 到 200 个字符之间' },
        { field: 'extra', message: '不允许的字段' },
        { field: 'fields.hours', message: '不能大于 1000' },
        { field: 'fields.capacity', message: '须为整数' },
      ]),
    );
    const en = answer(await validationProblem({ ...goodDraft, title: 'x'.repeat(201), extra: 1 }), 'en');
    expect(en.title).toBe('Invalid request');
    expect(en.detail).toMatch(/^2 field\(s\) are invalid: (title, extra|extra, title)$/);
    expect(en.errors).toEqual(
      expect.arrayContaining([
        { field: 'title', message: 'title must be shorter than or equal to 200 characters' },
        { field: 'extra', message: 'property extra should not exist' },
      ]),
    );
  });

  it('keeps the DTO’s own message when it says more than the constraint', async () => {
    const err = await validationProblem({
      ...goodDraft,
      title: '   ',
      fields: { ...goodDraft.fields, startsOn: '2026/12/01' },
    });
    expect(answer(err, 'zh').errors).toEqual(
      expect.arrayContaining([
        { field: 'title', message: '不能为空' },
        { field: 'fields.startsOn', message: '须为日期，格式如 2026-10-01' },
      ]),
    );
  });

  it('sends no constraint internals (only field and message)', async () => {
    const err = await validationProblem({ ...goodDraft, title: '' });
    const sent = JSON.parse(JSON.stringify(answer(err, 'zh')));
    expect(Object.keys(sent.errors[0]).sort()).toEqual(['field', 'message']);
  });
});

describe('errors of the HTTP layer in Chinese', () => {
  it('answers a PostgreSQL-only feature on KurrentDB with 501 naming the feature, not a bare 500', () => {
    const err = new NotOnKurrentDbError('audit chain verification');
    expect(answer(err, 'zh')).toMatchObject({
      status: 501,
      title: '功能不可用',
      code: 'not_on_kurrentdb',
      detail:
        '当前部署的事件库为 KurrentDB，不提供此功能（audit chain verification），请在 PostgreSQL 部署上执行',
    });
    expect(answer(err, 'en')).toMatchObject({ status: 501, title: 'Not implemented' });
    expect(answer(err, 'en').detail).toMatch(/audit chain verification is not available/);
  });

  it('explains a version conflict with a reload, 409 and 412 alike', () => {
    const stale = new WrongExpectedVersionError('application-1', 3, 4);
    expect(answer(stale, 'zh', { ifMatch: true })).toMatchObject({
      status: 412,
      detail: '内容已被他人更新，请重新加载后再操作',
      currentVersion: 4,
    });
    expect(answer(stale, 'zh')).toMatchObject({
      status: 409,
      detail: '内容已被他人更新，请重新加载后再操作',
    });
    expect(answer(stale, 'en', { ifMatch: true }).detail).toMatch(/version you sent/);
  });

  it('tells how many minutes a throttled sign-in waits, from Retry-After', () => {
    const err = new HttpException(
      'too many failed sign-in attempts: wait before trying again',
      HttpStatus.TOO_MANY_REQUESTS,
    );
    expect(answer(err, 'zh', { retryAfter: 850 }).detail).toBe('登录失败次数过多，请 15 分钟后再试');
    expect(answer(err, 'zh').detail).toBe('请求过于频繁，请稍后再试');
    // Other words for the same wait (a throttle reworded), on sign-in and elsewhere.
    const reworded = new HttpException('slow down', HttpStatus.TOO_MANY_REQUESTS);
    const atLogin = toProblem(reworded, false);
    atLogin.instance = '/api/auth/login';
    localiseProblem(atLogin, reworded, 'zh', { retryAfterSeconds: 60 });
    expect(atLogin.detail).toBe('登录失败次数过多，请 1 分钟后再试');
    expect(answer(reworded, 'zh', { retryAfter: 125 }).detail).toBe('请求过于频繁，请 3 分钟后再试');
    expect(answer(err, 'en', { retryAfter: 850 }).detail).toBe(
      'too many failed sign-in attempts: wait before trying again',
    );
  });

  it.each([
    [
      '401 without a token',
      new UnauthorizedException('sign in first: send Authorization: Bearer <access token>'),
      '请先登录',
    ],
    [
      '401 expired',
      new UnauthorizedException('the access token has expired: sign in again'),
      '登录已过期，请重新登录',
    ],
    ['401 wrong password', new UnauthorizedException('wrong username or password'), '用户名或密码错误'],
    [
      '404 unknown route',
      new NotFoundException('Cannot GET /api/nothing'),
      '请求的接口不存在：GET /api/nothing',
    ],
    ['404 unknown application', new NotFoundException('no application 1b4e28ba'), '申报不存在'],
    [
      '400 bad limit',
      new HttpException('limit must be a whole number from 1 to 100', 400),
      'limit：须为 1 到 100 之间的整数',
    ],
    [
      '413',
      { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE', message: 'x' },
      '内容过长，请删减后再提交',
    ],
    [
      '415',
      { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', message: 'x' },
      '请以 application/json 格式提交',
    ],
    [
      '405 untranslated text',
      new HttpException('something new nobody translated', 405),
      '该接口不支持此请求方法',
    ],
  ])('%s', (_case, err, zh) => {
    expect(answer(err, 'zh').detail).toBe(zh);
  });

  it('never reveals internals of a 500, in either language', () => {
    const err = new Error('connection to 10.0.0.5:5432 refused: password for user "app" is wrong');
    const zh = answer(err, 'zh');
    expect(zh).toMatchObject({ status: 500, title: '服务暂时不可用' });
    expect(zh.detail).toBe('服务暂时不可用，请稍后重试（错误编号 corr-1）');
    expect(JSON.stringify(answer(err, 'en'))).not.toMatch(/10\.0\.0\.5|password/);
  });
});
