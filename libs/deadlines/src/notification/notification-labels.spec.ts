import { NOTIFICATION_KINDS } from './notification.decider.js';
import { NOTIFICATION_LABELS, notificationLabel, subjectOf, subjectOfStream } from './notification-labels.js';

// GLOSSARY.md §10: a page shows every notification kind by its label in zh-CN or English, never the code.
describe('notification labels and subjects', () => {
  it('name every kind in both languages, each differently', () => {
    for (const kind of NOTIFICATION_KINDS) {
      const label = NOTIFICATION_LABELS[kind];
      expect([kind, label['zh-CN']]).toEqual([kind, expect.stringMatching(/[\u4e00-\u9fff]/)]);
      expect([kind, label.en]).toEqual([kind, expect.not.stringMatching(/[\u4e00-\u9fff]|_/)]);
    }
    const zh = NOTIFICATION_KINDS.map((k) => NOTIFICATION_LABELS[k]['zh-CN']);
    expect(new Set(zh).size).toBe(zh.length);
    expect(NOTIFICATION_LABELS.application_submitted['zh-CN']).toBe('申报已提交');
    expect(NOTIFICATION_LABELS.review_assigned['zh-CN']).toBe('评审任务');
    expect(NOTIFICATION_LABELS.changes_requested['zh-CN']).toBe('申报被退回修改');
    expect(NOTIFICATION_LABELS.application_decided['zh-CN']).toBe('申报已有结果');
    expect(NOTIFICATION_LABELS.trainee_enrolled['zh-CN']).toBe('报名成功');
    expect(NOTIFICATION_LABELS.training_completed['zh-CN']).toBe('培训结业');
    // A kind written by a newer version is shown by its code rather than not at all.
    expect(notificationLabel('studio_report_due')).toEqual({
      'zh-CN': 'studio_report_due',
      en: 'studio_report_due',
    });
  });

  it('say what a notification is about, for a link', () => {
    const review = {
      applicationId: 'a-1',
      reviewerId: 'r-1',
      revision: 1,
      dueAt: '2026-01-01T00:00:00.000Z',
    };
    expect(subjectOf(review)).toEqual({ kind: 'application', id: 'a-1' });
    const step = (streamId: string, subjectId: string) =>
      subjectOf({ step: 's', streamId, occurrence: 'o', subjectId, dueAt: null });
    expect(step('call-c-1', 'c-1')).toEqual({ kind: 'call', id: 'c-1' });
    expect(step('mentorship-m-1', 'm-1')).toEqual({ kind: 'mentorship', id: 'm-1' });
    expect(step('teacher-t-1', 't-1')).toEqual({ kind: 'teacher', id: 't-1' });
    expect(step('annualsummary-2026-ou-1', 'ou-1')).toEqual({ kind: 'org_unit', id: 'ou-1' });
    expect(subjectOfStream('studio-s-1', 's-1')).toBeNull();
    expect(subjectOfStream(null, 'x')).toBeNull();
  });
});
