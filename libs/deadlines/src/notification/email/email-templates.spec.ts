import { NOTIFICATION_KINDS } from '../notification.decider.js';
import {
  EMAIL_TEMPLATES,
  formatDueDate,
  genericTemplate,
  periodName,
  renderNotificationEmail,
  type EmailContext,
} from './email-templates.js';

// DOMAIN.md "Deadlines and reminders": notification emails in Chinese and English, naming the step and its due date in the
// recipient's language, dates in Beijing time.
const due = '2026-03-13T16:30:00.000Z'; // 14 March 2026, 00:30 in Beijing: the day differs from UTC
const review: EmailContext = { kind: 'review_reminder', dueAt: due, title: '初中数学骨干教师培训' };

describe('notification email templates', () => {
  it('write a due date in the recipient’s language, in Beijing time', () => {
    expect(formatDueDate(due, 'zh-CN')).toBe('2026年3月14日星期六 00:30（北京时间）');
    expect(formatDueDate(due, 'en')).toBe('Saturday, 14 March 2026, 00:30 (Beijing time)');
  });

  it('name the step and its due date in Chinese for a zh-CN reader', () => {
    const m = renderNotificationEmail(review, 'zh-CN');
    expect(m.locale).toBe('zh-CN');
    expect(m.subject).toBe(
      '评审提醒：《初中数学骨干教师培训》的评审将于 2026年3月14日星期六 00:30（北京时间） 截止',
    );
    expect(m.text).toContain('《初中数学骨干教师培训》评审将于 2026年3月14日星期六 00:30（北京时间） 截止');
    expect(m.text).toContain('请登录系统');
    expect(m.text).not.toMatch(/review|due/i);
    expect(m.html).toContain('<html lang="zh-CN">');
  });

  it('name the step and its due date in English for an en reader', () => {
    const m = renderNotificationEmail(review, 'en');
    expect(m.locale).toBe('en');
    expect(m.subject).toBe(
      'Reminder: your review of “初中数学骨干教师培训” is due Saturday, 14 March 2026, 00:30 (Beijing time)',
    );
    expect(m.text).toContain('Please submit your scores and comments');
    expect(m.text).not.toMatch(/[评审截止]/);
  });

  it('fall back to Chinese for a missing or unknown language (the offices’ default)', () => {
    expect(renderNotificationEmail(review, undefined).subject).toMatch(/^评审提醒/);
    expect(renderNotificationEmail(review, 'fr').locale).toBe('zh-CN');
  });

  it('have their own wording in both languages for every notification kind there is', () => {
    const missing = NOTIFICATION_KINDS.filter((k) => !EMAIL_TEMPLATES[k]);
    expect(missing).toEqual([]);
    // Steps announced when they happen have no date left to meet (a decision, an enrolment, a completion:
    // their dueAt is null); a shortfall's subject carries its numbers, its date is in the text.
    const undated = [
      'application_submitted',
      'application_decided',
      'trainee_enrolled',
      'training_completed',
      'annual_hours_shortfall',
      'ethics_study_shortfall',
    ];
    for (const kind of NOTIFICATION_KINDS) {
      const dueAt = [
        'application_submitted',
        'application_decided',
        'trainee_enrolled',
        'training_completed',
      ].includes(kind)
        ? null
        : due;
      const zh = renderNotificationEmail({ kind, dueAt, title: '青溪市' }, 'zh-CN');
      const en = renderNotificationEmail({ kind, dueAt, title: 'Qingxi' }, 'en');
      expect([kind, en.subject]).toEqual([kind, expect.not.stringMatching(/[\u4e00-\u9fff]/)]);
      expect([kind, en.text]).toEqual([kind, expect.not.stringMatching(/[\u4e00-\u9fff]|undefined|null/)]);
      expect([kind, zh.text]).toEqual([kind, expect.not.stringMatching(/undefined|null/)]);
      if (!undated.includes(kind)) {
        // Each names what it is about and when, in its own language.
        expect([kind, zh.subject]).toEqual([kind, expect.stringContaining('2026年3月14日')]);
        expect([kind, en.subject]).toEqual([kind, expect.stringContaining('14 March 2026')]);
      }
      // An ethics ban and a shortfall are about the reader themself, a mentorship about two people whose
      // names are personal data: those name the step alone.
      if (
        ['ethics_ban_ended'].includes(kind) ||
        kind.startsWith('mentorship_') ||
        kind.endsWith('_shortfall')
      )
        continue;
      expect([kind, zh.text]).toEqual([kind, expect.stringContaining('《青溪市》')]);
      expect([kind, en.text]).toEqual([kind, expect.stringContaining('“Qingxi”')]);
    }
    // Distinct kinds say distinct things (even with no details to fill them with).
    const subjects = NOTIFICATION_KINDS.map(
      (kind) => renderNotificationEmail({ kind, dueAt: due, title: 'x' }, 'en').subject,
    );
    expect(new Set(subjects).size).toBe(NOTIFICATION_KINDS.length);
  });

  it('tell the applicant why an application was sent back and by when to resubmit it', () => {
    const c: EmailContext = {
      kind: 'changes_requested',
      dueAt: due,
      title: '校本研修方案',
      details: { revision: 1, reason: '请补充研修安排' },
    };
    const zh = renderNotificationEmail(c, 'zh-CN');
    expect(zh.subject).toBe(
      '申报被退回修改：《校本研修方案》请于 2026年3月14日星期六 00:30（北京时间） 前重新提交',
    );
    expect(zh.text).toContain('退回原因：请补充研修安排');
    const en = renderNotificationEmail(c, 'en');
    expect(en.subject).toBe(
      'Changes requested: resubmit “校本研修方案” by Saturday, 14 March 2026, 00:30 (Beijing time)',
    );
    expect(en.text).toContain('Reason: 请补充研修安排');
  });

  it('tell the applicant the decision and its rationale, and a chair whether it is a resubmission', () => {
    const decided = (decision: 'approve' | 'reject', locale: string) =>
      renderNotificationEmail(
        {
          kind: 'application_decided',
          dueAt: null,
          title: '项目',
          details: { decision, rationale: '材料完备' },
        },
        locale,
      );
    expect(decided('approve', 'zh-CN').subject).toBe('申报已有结果：《项目》已通过');
    expect(decided('reject', 'zh-CN').subject).toBe('申报已有结果：《项目》未通过');
    expect(decided('reject', 'zh-CN').text).toContain('决定理由：材料完备');
    expect(decided('approve', 'en').subject).toBe('Decided: “项目” was approved');
    expect(decided('reject', 'en').text).toContain('Rationale: 材料完备');
    const submitted = (revision: number) =>
      renderNotificationEmail(
        { kind: 'application_submitted', dueAt: null, title: '项目', details: { revision } },
        'zh-CN',
      ).subject;
    expect(submitted(1)).toBe('申报已提交：《项目》待指派评审');
    expect(submitted(2)).toBe('申报已重新提交：《项目》待指派评审');
  });

  it('tell a trainee the hours a completion grants, or that it means retraining (seed 003 §六4)', () => {
    const done = (details: EmailContext['details'], locale: string) =>
      renderNotificationEmail(
        { kind: 'training_completed', dueAt: null, title: '骨干培训', details },
        locale,
      );
    expect(done({ hours: 60 }, 'zh-CN').subject).toBe('培训结业：《骨干培训》，登记 60 学时');
    expect(done({ hours: 60 }, 'en').subject).toBe('Completed: “骨干培训”, 60 hours granted');
    const failed = done({ hours: 0, score: 52, retraining: true }, 'zh-CN');
    expect(failed.subject).toBe('培训结业：《骨干培训》考核不合格，需重新培训');
    expect(failed.text).toContain('考核成绩 52 分');
    const enrolled = renderNotificationEmail(
      {
        kind: 'trainee_enrolled',
        dueAt: null,
        title: '骨干培训',
        details: { startsOn: '2026-12-01', endsOn: '2027-01-20' },
      },
      'zh-CN',
    );
    expect(enrolled.subject).toBe('报名成功：您已报名参加《骨干培训》');
    expect(enrolled.text).toContain('培训时间为 2026-12-01 至 2027-01-20');
  });

  it('give a shortfall’s numbers: 「本学年已完成 32 学时，还差 18 学时」', () => {
    // The school year 2025-2026 ends at 00:00 on 1 September 2026, Beijing time.
    const end = '2026-08-31T16:00:00.000Z';
    const annual: EmailContext = {
      kind: 'annual_hours_shortfall',
      dueAt: end,
      title: null,
      details: { period: '2025-2026', completed: 32, required: 50, missing: 18 },
    };
    const zh = renderNotificationEmail(annual, 'zh-CN');
    expect(zh.subject).toBe('学时不足提醒：本学年已完成 32 学时，还差 18 学时');
    expect(zh.text).toContain('2025-2026 学年将于 2026年8月31日 结束');
    expect(zh.text).toContain('每学年不少于 50 学时');
    const en = renderNotificationEmail(annual, 'en');
    expect(en.subject).toBe('Hours reminder: 32 of 50 hours this school year, 18 to go');
    expect(en.text).toContain('School year 2025-2026 ends on 31 August 2026');
    const ethics = renderNotificationEmail(
      {
        kind: 'ethics_study_shortfall',
        dueAt: '2027-01-31T16:00:00.000Z',
        title: null,
        details: { period: '2026-2027/1', completed: 4.5, required: 10, missing: 5.5 },
      },
      'zh-CN',
    );
    expect(ethics.subject).toBe('师德学习提醒：本学期已完成 4.5 学时，还差 5.5 学时');
    expect(ethics.text).toContain('2026-2027 学年第一学期将于 2027年1月31日 结束');
    expect(periodName('2026-2027/2', 'en')).toBe('semester 2 of 2026-2027');
  });

  it('write a kind without its own wording with the generic one, still naming step and date', () => {
    const m = renderNotificationEmail(
      { kind: 'studio_report_overdue', dueAt: due, title: '名师工作室' },
      'en',
    );
    expect(m.subject).toBe(
      'Overdue: studio report for “名师工作室”, due Saturday, 14 March 2026, 00:30 (Beijing time)',
    );
    const zh = renderNotificationEmail({ kind: 'studio_report_overdue', dueAt: due, title: null }, 'zh-CN');
    expect(zh.subject).toBe(
      '逾期：该事项（studio report）的截止时间为 2026年3月14日星期六 00:30（北京时间）',
    );
    expect(genericTemplate('odd').en.subject({ what: 'x', due: 'y' })).toBe('Notice: odd for x, due y');
  });

  it('keep a title on one line in the subject and escape it in the HTML (titles are user input)', () => {
    const m = renderNotificationEmail(
      { kind: 'review_overdue', dueAt: due, title: 'A <b>bold</b>\r\nBcc: x@evil.example & co' },
      'en',
    );
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.subject).toContain('“A <b>bold</b> Bcc: x@evil.example & co”');
    expect(m.html).toContain('A &lt;b&gt;bold&lt;/b&gt; Bcc: x@evil.example &amp; co');
    expect(m.html).not.toContain('<b>');
    expect(renderNotificationEmail({ ...review, title: 'x'.repeat(500) }, 'en').subject.length).toBeLessThan(
      220,
    );
  });
});
