import { NOTIFICATION_KINDS } from '../notification.decider.js';
import {
  EMAIL_TEMPLATES,
  formatDueDate,
  genericTemplate,
  renderNotificationEmail,
  type EmailContext,
} from './email-templates.js';

// Issue 5 item 4: notification emails in Chinese and English, naming the step and its due date in the
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
    for (const kind of NOTIFICATION_KINDS) {
      const zh = renderNotificationEmail({ kind, dueAt: due, title: '青溪市' }, 'zh-CN');
      const en = renderNotificationEmail({ kind, dueAt: due, title: 'Qingxi' }, 'en');
      // Each names what it is about and when, in its own language.
      expect([kind, zh.subject]).toEqual([kind, expect.stringContaining('2026年3月14日')]);
      expect([kind, en.subject]).toEqual([kind, expect.stringContaining('14 March 2026')]);
      expect([kind, en.subject]).toEqual([kind, expect.not.stringMatching(/[\u4e00-\u9fff]/)]);
      // An ethics ban is about the reader themself, a mentorship about two people whose names are
      // personal data: those name the step alone.
      if (['ethics_ban_ended'].includes(kind) || kind.startsWith('mentorship_')) continue;
      expect([kind, zh.text]).toEqual([kind, expect.stringContaining('《青溪市》')]);
      expect([kind, en.text]).toEqual([kind, expect.stringContaining('“Qingxi”')]);
    }
    // Distinct kinds say distinct things.
    const subjects = NOTIFICATION_KINDS.map(
      (kind) => renderNotificationEmail({ kind, dueAt: due, title: 'x' }, 'en').subject,
    );
    expect(new Set(subjects).size).toBe(NOTIFICATION_KINDS.length);
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
