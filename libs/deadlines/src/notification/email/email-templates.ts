import { DEFAULT_LOCALE, isLocale, type Locale } from '#libs/identity';

/**
 * The wording of notification emails (issue 5 item 4), in the two languages of the product. Every email
 * names the step the recipient is told about and its due date, written for the recipient's language in
 * the offices' time zone: the product serves Chinese teacher-development offices, so a due date is the
 * date and time in Beijing whatever the server's clock is set to.
 *
 * Keyed by notification kind (notification.decider.ts NOTIFICATION_KINDS). A kind without its own
 * wording (one added later) is written with a generic template built from its name, so a new kind never
 * goes unsent; the spec checks that every kind in use has its own wording.
 */
export const EMAIL_TIME_ZONE = 'Asia/Shanghai';

/** What a template is filled with. */
export interface EmailContext {
  kind: string;
  /** The step's due date (ISO); for an ethics ban, the day it ends. */
  dueAt: string;
  /**
   * What the step is about as the reader knows it — an application's or a call's title, an org unit's
   * name — or null when there is nothing to name (the template then speaks of the step alone).
   */
  title: string | null;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  locale: Locale;
}

/** The filled-in pieces a template writes with. */
interface Slots {
  /** The title, quoted for the language (《…》 / “…”), or a neutral noun when there is none. */
  what: string;
  due: string;
}

interface Template {
  subject(s: Slots): string;
  /** Paragraphs of the body (the sign-off is added to every email). */
  body(s: Slots): string[];
}

type Wording = Record<Locale, Template>;

const t = (subject: (s: Slots) => string, ...body: Array<(s: Slots) => string>): Template => ({
  subject,
  body: (s) => body.map((p) => p(s)),
});

/** One wording per kind. Escalations go up the ladder reviewer → chair → admin (DOMAIN.md). */
export const EMAIL_TEMPLATES: Readonly<Record<string, Wording>> = {
  review_reminder: {
    'zh-CN': t(
      (s) => `评审提醒：${s.what}的评审将于 ${s.due} 截止`,
      (s) => `您负责的${s.what}评审将于 ${s.due} 截止，请在截止前提交评分和评审意见。`,
    ),
    en: t(
      (s) => `Reminder: your review of ${s.what} is due ${s.due}`,
      (s) => `Your review of ${s.what} is due ${s.due}. Please submit your scores and comments before then.`,
    ),
  },
  review_overdue: {
    'zh-CN': t(
      (s) => `评审逾期：${s.what}的评审已于 ${s.due} 到期`,
      (s) => `${s.what}有评审专家未在截止时间 ${s.due} 前提交评审意见，请跟进。`,
    ),
    en: t(
      (s) => `Overdue: a review of ${s.what} was due ${s.due}`,
      (s) => `A reviewer has not reviewed ${s.what}, which was due ${s.due}. Please follow it up.`,
    ),
  },
  review_escalated: {
    'zh-CN': t(
      (s) => `逾期上报：${s.what}的评审已于 ${s.due} 逾期`,
      (s) => `${s.what}的评审已于 ${s.due} 到期，至今仍未提交，请督办。`,
    ),
    en: t(
      (s) => `Escalation: the review of ${s.what} was due ${s.due}`,
      (s) => `The review of ${s.what} was due ${s.due} and is still missing. Please step in.`,
    ),
  },
  revision_reminder: {
    'zh-CN': t(
      (s) => `修改提醒：${s.what}的修改稿将于 ${s.due} 截止提交`,
      (s) => `评审组要求修改${s.what}，修改后的申报须于 ${s.due} 前重新提交。`,
    ),
    en: t(
      (s) => `Reminder: your revision of ${s.what} is due ${s.due}`,
      (s) => `The committee asked for changes to ${s.what}. Please resubmit it by ${s.due}.`,
    ),
  },
  revision_overdue: {
    'zh-CN': t(
      (s) => `修改逾期：${s.what}的修改稿已于 ${s.due} 到期`,
      (s) => `申报人未在 ${s.due} 前重新提交${s.what}的修改稿，请跟进。`,
    ),
    en: t(
      (s) => `Overdue: the revision of ${s.what} was due ${s.due}`,
      (s) => `The applicant has not resubmitted ${s.what}, which was due ${s.due}. Please follow it up.`,
    ),
  },
  revision_escalated: {
    'zh-CN': t(
      (s) => `逾期上报：${s.what}的修改稿已于 ${s.due} 逾期`,
      (s) => `${s.what}的修改稿已于 ${s.due} 到期，至今仍未重新提交，请督办。`,
    ),
    en: t(
      (s) => `Escalation: the revision of ${s.what} was due ${s.due}`,
      (s) => `The revision of ${s.what} was due ${s.due} and has still not been resubmitted. Please step in.`,
    ),
  },
  call_closing: {
    'zh-CN': t(
      (s) => `申报截止提醒：${s.what}将于 ${s.due} 截止申报`,
      (s) => `${s.what}将于 ${s.due} 截止申报，您的申报尚未提交，请在截止前提交。`,
    ),
    en: t(
      (s) => `Reminder: ${s.what} closes ${s.due}`,
      (s) =>
        `${capital(s.what)} closes ${s.due} and your application has not been submitted yet. Please submit it before then.`,
    ),
  },
  call_closed: {
    'zh-CN': t(
      (s) => `申报已截止：${s.what}已于 ${s.due} 截止`,
      (s) => `${s.what}已于 ${s.due} 截止申报，此后不再接受新的申报。`,
    ),
    en: t(
      (s) => `Closed: ${s.what} closed ${s.due}`,
      (s) => `${capital(s.what)} closed ${s.due}; no further applications are accepted.`,
    ),
  },
  evaluation_reminder: {
    'zh-CN': t(
      (s) => `评估提醒：${s.what}的绩效评估将于 ${s.due} 截止`,
      (s) =>
        `${s.what}的绩效评估（项目自评、档案核查、培训对象访谈、现场答辩）须于 ${s.due} 前完成并录入评估结果。`,
    ),
    en: t(
      (s) => `Reminder: the performance evaluation of ${s.what} is due ${s.due}`,
      (s) =>
        `The performance evaluation of ${s.what} (self-assessment, archive check, trainee interviews, on-site defence) is due ${s.due}. Please record its result by then.`,
    ),
  },
  evaluation_overdue: {
    'zh-CN': t(
      (s) => `评估逾期：${s.what}的绩效评估已于 ${s.due} 到期`,
      (s) => `${s.what}的绩效评估未在 ${s.due} 前完成，请尽快录入评估结果。`,
    ),
    en: t(
      (s) => `Overdue: the performance evaluation of ${s.what} was due ${s.due}`,
      (s) =>
        `The performance evaluation of ${s.what} was due ${s.due} and has not been recorded. Please record it.`,
    ),
  },
  evaluation_escalated: {
    'zh-CN': t(
      (s) => `逾期上报：${s.what}的绩效评估已于 ${s.due} 逾期`,
      (s) => `${s.what}的绩效评估已于 ${s.due} 到期，至今仍未完成，请督办。`,
    ),
    en: t(
      (s) => `Escalation: the performance evaluation of ${s.what} was due ${s.due}`,
      (s) => `The performance evaluation of ${s.what} was due ${s.due} and is still missing. Please step in.`,
    ),
  },
  // A mentorship is about two people, whose names are personal data: the email names the step only.
  mentorship_year_reminder: {
    'zh-CN': t(
      (s) => `带教提醒：导师带教年度将于 ${s.due} 结束`,
      (s) => `您的导师带教年度将于 ${s.due} 结束，请在此之前完成年度签署。`,
    ),
    en: t(
      (s) => `Reminder: your mentorship year ends ${s.due}`,
      (s) => `Your mentorship year ends ${s.due}. Please sign the year off by then.`,
    ),
  },
  mentorship_signoff_due: {
    'zh-CN': t(
      (s) => `带教年度到期：年度签署已于 ${s.due} 到期`,
      (s) => `您的导师带教年度已于 ${s.due} 结束，请尽快完成年度签署。`,
    ),
    en: t(
      (s) => `Due: sign off your mentorship year (ended ${s.due})`,
      (s) => `Your mentorship year ended ${s.due}. Please sign it off now.`,
    ),
  },
  mentorship_escalated: {
    'zh-CN': t(
      (s) => `逾期上报：导师带教年度签署已于 ${s.due} 逾期`,
      (s) => `一段导师带教年度已于 ${s.due} 结束，导师至今仍未签署，请督办。`,
    ),
    en: t(
      (s) => `Escalation: a mentorship year was due for sign-off ${s.due}`,
      (s) => `A mentorship year ended ${s.due} and the mentor has still not signed it off. Please step in.`,
    ),
  },
  annual_summary_reminder: {
    'zh-CN': t(
      (s) => `年度总结提醒：${s.what}的年度工作总结须于 ${s.due} 前报送`,
      (s) => `${s.what}的年度培训工作总结须于 ${s.due} 前报送（每年 2 月底前）。`,
    ),
    en: t(
      (s) => `Reminder: the annual summary of ${s.what} is due ${s.due}`,
      (s) => `The annual training summary of ${s.what} is due ${s.due} (by the end of February each year).`,
    ),
  },
  annual_summary_overdue: {
    'zh-CN': t(
      (s) => `年度总结逾期：${s.what}的年度工作总结已于 ${s.due} 到期`,
      (s) => `${s.what}的年度培训工作总结未在 ${s.due} 前报送，请尽快报送。`,
    ),
    en: t(
      (s) => `Overdue: the annual summary of ${s.what} was due ${s.due}`,
      (s) =>
        `The annual training summary of ${s.what} was due ${s.due} and has not been filed. Please file it.`,
    ),
  },
  annual_summary_escalated: {
    'zh-CN': t(
      (s) => `逾期上报：${s.what}的年度工作总结已于 ${s.due} 逾期`,
      (s) => `${s.what}的年度培训工作总结已于 ${s.due} 到期，至今仍未报送，请督办。`,
    ),
    en: t(
      (s) => `Escalation: the annual summary of ${s.what} was due ${s.due}`,
      (s) =>
        `The annual training summary of ${s.what} was due ${s.due} and is still missing. Please step in.`,
    ),
  },
  ethics_ban_ended: {
    'zh-CN': t(
      (s) => `师德考核限制期已于 ${s.due} 结束`,
      (s) => `您的师德考核一票否决限制期已于 ${s.due} 结束，自即日起可再次申报进阶认定。`,
    ),
    en: t(
      (s) => `Your ethics ban ended ${s.due}`,
      (s) =>
        `The two-year ban that followed your ethics assessment ended ${s.due}. You may apply for promotion again.`,
    ),
  },
};

/** Neutral nouns for "what" when the step has nothing to name. */
const NOTHING_NAMED: Record<Locale, string> = { 'zh-CN': '该事项', en: 'this item' };

const SIGN_OFF: Record<Locale, string[]> = {
  'zh-CN': ['请登录系统，在“通知”中查看详情。', '此邮件由系统自动发送，请勿直接回复。'],
  en: [
    'Sign in to see it in your notifications.',
    'This email was sent automatically; please do not reply to it.',
  ],
};

const PHASES: Record<string, Record<Locale, string>> = {
  reminder: { 'zh-CN': '提醒', en: 'Reminder' },
  overdue: { 'zh-CN': '逾期', en: 'Overdue' },
  escalated: { 'zh-CN': '逾期上报', en: 'Escalation' },
  due: { 'zh-CN': '到期', en: 'Due' },
};

/**
 * The generic wording for a kind without its own: its phase from the name's last part (`…_reminder`,
 * `…_overdue`, `…_escalated`, `…_due`) and the step from the rest, so it still says what is due when.
 */
export function genericTemplate(kind: string): Wording {
  const m = /^(.*?)_(reminder|overdue|escalated|due)$/.exec(kind);
  const phase = m ? PHASES[m[2]!]! : { 'zh-CN': '通知', en: 'Notice' };
  const step = (m ? m[1]! : kind).replace(/_/g, ' ').trim() || 'step';
  return {
    'zh-CN': t(
      (s) => `${phase['zh-CN']}：${s.what}（${step}）的截止时间为 ${s.due}`,
      (s) => `${s.what}（${step}）的截止时间为 ${s.due}。`,
    ),
    en: t(
      (s) => `${phase.en}: ${step} for ${s.what}, due ${s.due}`,
      (s) => `${capital(step)} for ${s.what} is due ${s.due}.`,
    ),
  };
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A title as one line of reasonable length: it comes from user input and goes into a mail header. */
function tidyTitle(title: string | null): string | null {
  if (title === null) return null;
  const one = title.replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, ' ').trim();
  if (!one) return null;
  return one.length > 120 ? `${one.slice(0, 119)}…` : one;
}

/**
 * A due date for the reader: the date with its weekday and the time, in Beijing time (DOMAIN.md's
 * offices keep China Standard Time; a server set to UTC must not move a 00:30 deadline to the day
 * before). Chinese: `2026年3月14日星期六 17:00（北京时间）`; English: `Saturday, 14 March 2026, 17:00 (Beijing time)`.
 */
export function formatDueDate(iso: string, locale: Locale): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const parts = {
    timeZone: EMAIL_TIME_ZONE,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'long',
  } as const;
  const time = { timeZone: EMAIL_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
  if (locale === 'zh-CN') {
    const date = new Intl.DateTimeFormat('zh-CN', parts).format(at);
    return `${date} ${new Intl.DateTimeFormat('zh-CN', time).format(at)}（北京时间）`;
  }
  const date = new Intl.DateTimeFormat('en-GB', parts).format(at);
  return `${date}, ${new Intl.DateTimeFormat('en-GB', time).format(at)} (Beijing time)`;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The subject, plain-text and HTML body of one notification email in the recipient's language. */
export function renderNotificationEmail(c: EmailContext, locale: string | null | undefined): RenderedEmail {
  const lang: Locale = isLocale(locale) ? locale : DEFAULT_LOCALE;
  const wording = (EMAIL_TEMPLATES[c.kind] ?? genericTemplate(c.kind))[lang];
  const title = tidyTitle(c.title);
  const slots: Slots = {
    what: title === null ? NOTHING_NAMED[lang] : lang === 'zh-CN' ? `《${title}》` : `“${title}”`,
    due: formatDueDate(c.dueAt, lang),
  };
  const paragraphs = [...wording.body(slots), ...SIGN_OFF[lang]];
  const subject = wording.subject(slots);
  return {
    subject,
    text: `${paragraphs.join('\n\n')}\n`,
    html:
      `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>` +
      paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('') +
      `</body></html>`,
    locale: lang,
  };
}
