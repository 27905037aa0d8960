import { DEFAULT_LOCALE, isLocale, type Locale } from '#libs/identity';
import type { NotificationDetails } from '../notification.decider.js';

/**
 * The wording of notification emails (DOMAIN.md "Deadlines and reminders"), in the two languages of the product. Every email
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
  /**
   * The step's due date (ISO); for an ethics ban, the day it ends; for a shortfall, the end of its
   * school year or semester. Null for a step with no date left (a decision, an enrolment, a completion).
   */
  dueAt: string | null;
  /**
   * What the step is about as the reader knows it — an application's or a call's title, an org unit's
   * name — or null when there is nothing to name (the template then speaks of the step alone).
   */
  title: string | null;
  /** What the notification tells beyond its step (the reason, the rationale, hours, a shortfall's numbers). */
  details?: NotificationDetails | null;
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
  /** The notification's details (empty when it has none). */
  d?: NotificationDetails;
  /** The last day of a shortfall's period, as a date in Beijing time (`2026年8月31日`, `31 August 2026`). */
  lastDay?: string;
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
  // The steps as they happen. A resubmission (revision 2 and later) says so: the chair assigns anew.
  application_submitted: {
    'zh-CN': t(
      (s) => `${resubmitted(s) ? '申报已重新提交' : '申报已提交'}：${s.what}待指派评审`,
      (s) =>
        resubmitted(s)
          ? `申报人已修改并重新提交${s.what}（第 ${s.d!.revision} 次提交），请指派评审专家。`
          : `${s.what}已提交，请指派评审专家。`,
    ),
    en: t(
      (s) => `${resubmitted(s) ? 'Resubmitted' : 'Submitted'}: ${s.what} awaits reviewers`,
      (s) =>
        resubmitted(s)
          ? `The applicant revised and resubmitted ${s.what} (submission ${s.d!.revision}). Please assign its reviewers.`
          : `${capital(s.what)} has been submitted. Please assign its reviewers.`,
    ),
  },
  review_assigned: {
    'zh-CN': t(
      (s) => `评审任务：请于 ${s.due} 前评审${s.what}`,
      (s) => `您被指派评审${s.what}，请于 ${s.due} 前提交评分和评审意见。`,
      () => '提交本人评审后方可查看其他专家的评审。',
    ),
    en: t(
      (s) => `Review assigned: ${s.what}, due ${s.due}`,
      (s) => `You have been asked to review ${s.what}. Please submit your scores and comments by ${s.due}.`,
      () => 'You will see the other reviews once you have submitted yours.',
    ),
  },
  changes_requested: {
    'zh-CN': t(
      (s) => `申报被退回修改：${s.what}请于 ${s.due} 前重新提交`,
      (s) => `评审组长退回了${s.what}，要求修改。退回原因：${s.d?.reason ?? '（未填写）'}`,
      (s) => `请修改后于 ${s.due} 前重新提交。`,
    ),
    en: t(
      (s) => `Changes requested: resubmit ${s.what} by ${s.due}`,
      (s) => `The committee chair sent ${s.what} back for changes. Reason: ${s.d?.reason ?? '(none given)'}`,
      (s) => `Please revise it and resubmit it by ${s.due}.`,
    ),
  },
  application_decided: {
    'zh-CN': t(
      (s) =>
        `申报已有结果：${s.what}${s.d?.decision === 'approve' ? '已通过' : s.d?.decision === 'reject' ? '未通过' : ''}`,
      (s) =>
        `${s.what}的评审结果：${s.d?.decision === 'approve' ? '通过' : s.d?.decision === 'reject' ? '不通过' : '已作出决定'}。`,
      (s) => `决定理由：${s.d?.rationale ?? '（未填写）'}`,
    ),
    en: t(
      (s) =>
        `Decided: ${s.what} ${s.d?.decision === 'approve' ? 'was approved' : s.d?.decision === 'reject' ? 'was not approved' : 'has a decision'}`,
      (s) =>
        `The committee has decided on ${s.what}: ${s.d?.decision === 'approve' ? 'approved' : s.d?.decision === 'reject' ? 'not approved' : 'see the application'}.`,
      (s) => `Rationale: ${s.d?.rationale ?? '(none given)'}`,
    ),
  },
  trainee_enrolled: {
    'zh-CN': t(
      (s) => `报名成功：您已报名参加${s.what}`,
      (s) =>
        `您已成功报名参加${s.what}${s.d?.startsOn && s.d.endsOn ? `，培训时间为 ${s.d.startsOn} 至 ${s.d.endsOn}` : ''}。结业后登记相应学时。`,
    ),
    en: t(
      (s) => `Enrolled: you are enrolled in ${s.what}`,
      (s) =>
        `You are enrolled in ${s.what}${s.d?.startsOn && s.d.endsOn ? `, which runs from ${s.d.startsOn} to ${s.d.endsOn}` : ''}. Its hours are granted when you complete it.`,
    ),
  },
  // seed 003 §六4: a completion assessed below 60 grants no hours and means retraining.
  training_completed: {
    'zh-CN': t(
      (s) =>
        s.d?.retraining
          ? `培训结业：${s.what}考核不合格，需重新培训`
          : `培训结业：${s.what}，登记 ${num(s.d?.hours)} 学时`,
      (s) =>
        s.d?.retraining
          ? `您已参加${s.what}，考核成绩 ${num(s.d.score)} 分，不合格，需重新培训，本次不登记学时。`
          : `您已完成${s.what}的培训，结业学时 ${num(s.d?.hours)} 学时，计入您的学时台账。`,
    ),
    en: t(
      (s) =>
        s.d?.retraining
          ? `Completed: ${s.what}, not qualified: retraining required`
          : `Completed: ${s.what}, ${num(s.d?.hours)} hours granted`,
      (s) =>
        s.d?.retraining
          ? `You took part in ${s.what} and were assessed at ${num(s.d.score)}, below the qualifying 60: retraining is required and no hours are granted this time.`
          : `You have completed ${s.what}: ${num(s.d?.hours)} training hours are granted to your hours ledger.`,
    ),
  },
  // 「本学年已完成 32 学时，还差 18 学时」: the numbers are the message. About the reader only: no title.
  annual_hours_shortfall: {
    'zh-CN': t(
      (s) => `学时不足提醒：本学年已完成 ${num(s.d?.completed)} 学时，还差 ${num(s.d?.missing)} 学时`,
      (s) =>
        `${periodName(s.d?.period, 'zh-CN')}将于 ${s.lastDay} 结束。本学年您已完成 ${num(s.d?.completed)} 学时，还差 ${num(s.d?.missing)} 学时（每学年不少于 ${num(s.d?.required)} 学时），请及时参加培训。`,
    ),
    en: t(
      (s) =>
        `Hours reminder: ${num(s.d?.completed)} of ${num(s.d?.required)} hours this school year, ${num(s.d?.missing)} to go`,
      (s) =>
        `${capital(periodName(s.d?.period, 'en'))} ends on ${s.lastDay}. You have completed ${num(s.d?.completed)} training hours this school year, ${num(s.d?.missing)} short of the ${num(s.d?.required)} required each year.`,
    ),
  },
  ethics_study_shortfall: {
    'zh-CN': t(
      (s) => `师德学习提醒：本学期已完成 ${num(s.d?.completed)} 学时，还差 ${num(s.d?.missing)} 学时`,
      (s) =>
        `${periodName(s.d?.period, 'zh-CN')}将于 ${s.lastDay} 结束。本学期您的师德师风学习已完成 ${num(s.d?.completed)} 学时，还差 ${num(s.d?.missing)} 学时（每学期不少于 ${num(s.d?.required)} 学时）。`,
    ),
    en: t(
      (s) =>
        `Ethics study reminder: ${num(s.d?.completed)} of ${num(s.d?.required)} hours this semester, ${num(s.d?.missing)} to go`,
      (s) =>
        `${capital(periodName(s.d?.period, 'en'))} ends on ${s.lastDay}. You have completed ${num(s.d?.completed)} hours of ethics study this semester, ${num(s.d?.missing)} short of the ${num(s.d?.required)} required each semester.`,
    ),
  },
};

const resubmitted = (s: Slots) => typeof s.d?.revision === 'number' && s.d.revision > 1;

/** A number of hours as people write it: `32`, `12.5`; a missing one as a dash. */
function num(n: number | undefined): string {
  return typeof n === 'number' && Number.isFinite(n) ? String(Math.round(n * 100) / 100) : '—';
}

const SEMESTER_ZH = ['', '第一学期', '第二学期'];

/**
 * A school year (`2025-2026`) or semester (`2025-2026/2`) for the reader (GLOSSARY.md §7: 学年 2026-2027 ·
 * 第一 / 第二学期).
 */
export function periodName(period: string | undefined, locale: Locale): string {
  const m = /^(\d{4}-\d{4})(?:\/([12]))?$/.exec(period ?? '');
  if (!m) return locale === 'zh-CN' ? '本学年' : 'this school year';
  const [, year, semester] = m;
  if (locale === 'zh-CN') return semester ? `${year} 学年${SEMESTER_ZH[Number(semester)]}` : `${year} 学年`;
  return semester ? `semester ${semester} of ${year}` : `school year ${year}`;
}

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

/** The calendar day of an instant in Beijing time: `2026年8月31日`, `31 August 2026`. */
export function formatDay(iso: string, locale: Locale): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const parts = { timeZone: EMAIL_TIME_ZONE, year: 'numeric', month: 'long', day: 'numeric' } as const;
  return new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', parts).format(at);
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The subject line and the paragraphs of a notification in one language: the email's, and the inbox's. */
export function renderNotificationText(
  c: EmailContext,
  locale: string | null | undefined,
): { subject: string; paragraphs: string[]; locale: Locale } {
  const lang: Locale = isLocale(locale) ? locale : DEFAULT_LOCALE;
  const wording = (EMAIL_TEMPLATES[c.kind] ?? genericTemplate(c.kind))[lang];
  const title = tidyTitle(c.title);
  const slots: Slots = {
    what: title === null ? NOTHING_NAMED[lang] : lang === 'zh-CN' ? `《${title}》` : `“${title}”`,
    due: c.dueAt === null ? '' : formatDueDate(c.dueAt, lang),
    d: c.details ?? {},
    // A period ends at midnight starting the next one: its last day is the day before.
    lastDay: c.dueAt === null ? '' : formatDay(new Date(Date.parse(c.dueAt) - 1).toISOString(), lang),
  };
  return { subject: wording.subject(slots), paragraphs: wording.body(slots), locale: lang };
}

/** The subject, plain-text and HTML body of one notification email in the recipient's language. */
export function renderNotificationEmail(c: EmailContext, locale: string | null | undefined): RenderedEmail {
  const { subject, paragraphs: body, locale: lang } = renderNotificationText(c, locale);
  const paragraphs = [...body, ...SIGN_OFF[lang]];
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
