import type { Locale } from '#libs/identity';
import { isReviewStep, type NotificationKind, type StepRef } from './notification.decider.js';

/**
 * What the inbox calls each kind of notification, in both languages (GLOSSARY.md §10: a short noun
 * phrase naming the step and what happened to it — 评审提醒, 修改逾期, 逾期上报（评审） …). A page shows
 * the label of the reader's language, never the bare code.
 */
export const NOTIFICATION_LABELS: Readonly<Record<NotificationKind, Readonly<Record<Locale, string>>>> = {
  review_reminder: { 'zh-CN': '评审提醒', en: 'Review reminder' },
  review_overdue: { 'zh-CN': '评审逾期', en: 'Review overdue' },
  review_escalated: { 'zh-CN': '逾期上报（评审）', en: 'Escalation: review' },
  revision_reminder: { 'zh-CN': '修改提醒', en: 'Revision reminder' },
  revision_overdue: { 'zh-CN': '修改逾期', en: 'Revision overdue' },
  revision_escalated: { 'zh-CN': '逾期上报（修改稿）', en: 'Escalation: revision' },
  call_closing: { 'zh-CN': '申报截止提醒', en: 'Call closing' },
  call_closed: { 'zh-CN': '申报已截止', en: 'Call closed' },
  evaluation_reminder: { 'zh-CN': '评估提醒', en: 'Evaluation reminder' },
  evaluation_overdue: { 'zh-CN': '评估逾期', en: 'Evaluation overdue' },
  evaluation_escalated: { 'zh-CN': '逾期上报（绩效评估）', en: 'Escalation: evaluation' },
  mentorship_year_reminder: { 'zh-CN': '带教提醒', en: 'Mentorship reminder' },
  mentorship_signoff_due: { 'zh-CN': '带教年度到期', en: 'Mentorship sign-off due' },
  mentorship_escalated: { 'zh-CN': '逾期上报（年度签署）', en: 'Escalation: mentorship sign-off' },
  annual_summary_reminder: { 'zh-CN': '年度总结提醒', en: 'Annual summary reminder' },
  annual_summary_overdue: { 'zh-CN': '年度总结逾期', en: 'Annual summary overdue' },
  annual_summary_escalated: { 'zh-CN': '逾期上报（年度总结）', en: 'Escalation: annual summary' },
  ethics_ban_ended: { 'zh-CN': '师德考核限制期已结束', en: 'Ethics ban ended' },
  application_submitted: { 'zh-CN': '申报已提交', en: 'Application submitted' },
  review_assigned: { 'zh-CN': '评审任务', en: 'Review assigned' },
  changes_requested: { 'zh-CN': '申报被退回修改', en: 'Changes requested' },
  application_decided: { 'zh-CN': '申报已有结果', en: 'Application decided' },
  trainee_enrolled: { 'zh-CN': '报名成功', en: 'Enrolled' },
  training_completed: { 'zh-CN': '培训结业', en: 'Training completed' },
  annual_hours_shortfall: { 'zh-CN': '学时不足提醒', en: 'Training hours shortfall' },
  ethics_study_shortfall: { 'zh-CN': '师德学习学时不足提醒', en: 'Ethics study shortfall' },
};

/** The label of a kind; a kind this version does not know (a newer writer's) is shown by its code. */
export function notificationLabel(kind: string): Record<Locale, string> {
  return (NOTIFICATION_LABELS as Record<string, Record<Locale, string>>)[kind] ?? { 'zh-CN': kind, en: kind };
}

/**
 * What a notification is about, as a page links to it (GLOSSARY.md §11 entity kinds): an application,
 * a call, a mentorship, a teacher's record (their progression: an ethics ban, a shortfall) or an org unit
 * (its annual summary).
 */
export const SUBJECT_KINDS = ['application', 'call', 'mentorship', 'teacher', 'org_unit'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export interface NotificationSubject {
  kind: SubjectKind;
  id: string;
}

/** The subject of a notification from the stream its step lives on; null for a stream of no known kind. */
export function subjectOf(about: StepRef): NotificationSubject | null {
  if (isReviewStep(about)) return { kind: 'application', id: about.applicationId };
  return subjectOfStream(about.streamId, about.subjectId);
}

/** The same from the inbox's columns (`stream_id`, `subject_id`). */
export function subjectOfStream(
  streamId: string | null,
  subjectId: string | null,
): NotificationSubject | null {
  if (!streamId || !subjectId) return null;
  const category = streamId.slice(0, streamId.indexOf('-'));
  switch (category) {
    case 'application':
    case 'call':
    case 'mentorship':
    case 'teacher':
      return { kind: category, id: subjectId };
    case 'annualsummary':
      return { kind: 'org_unit', id: subjectId };
    default:
      return null;
  }
}
