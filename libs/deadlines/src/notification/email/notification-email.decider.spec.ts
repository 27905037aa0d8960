import { given } from '#testing/event-store';
import { notificationDecider as d, type NotificationEvent } from '../notification.decider.js';

// DOMAIN.md "Deadlines and reminders": a notification's email is recorded on its stream, once, by the email worker, with the
// address sealed (DOMAIN.md "Audit trail": personal data must stay erasable, so never plain in the log).
const system = { actorId: 'system', actorRole: 'system', orgUnit: 'city-1' };
const sealed = 'pd1:AAAAAAAAAAAAAAAA:c2VhbGVk:AAAAAAAAAAAAAAAAAAAAAA';
const sent: NotificationEvent = {
  type: 'NotificationSent',
  data: {
    recipientId: 'rev-1',
    kind: 'review_reminder',
    key: 'review-reminder|application-app-1|review.rev-1.r1|before-P3D',
    about: { applicationId: 'app-1', reviewerId: 'rev-1', revision: 1, dueAt: '2026-09-15T08:00:00.000Z' },
    channel: 'in_app',
    sentAt: '2026-09-12T08:00:00.000Z',
  },
};
const emailedCmd = {
  type: 'RecordNotificationEmailed',
  to: sealed,
  locale: 'en',
  messageId: '<notification.n-1@qingxi.example.cn>',
} as const;
const emailed: NotificationEvent = {
  type: 'NotificationEmailed',
  data: {
    recipientId: 'rev-1',
    channel: 'email',
    to: sealed,
    locale: 'en',
    messageId: '<notification.n-1@qingxi.example.cn>',
    emailedAt: '2026-09-01T08:00:00.000Z',
  },
};
const skipped: NotificationEvent = {
  type: 'NotificationEmailSkipped',
  data: { recipientId: 'rev-1', channel: 'email', reason: 'erased', skippedAt: '2026-09-01T08:00:00.000Z' },
};

describe('a notification’s email', () => {
  it('is recorded once: a repeated delivery records nothing, whatever it says', () => {
    given(d, [sent]).when(emailedCmd, system).then([emailed]);
    given(d, [sent, emailed]).when(emailedCmd, system).thenNothing();
    given(d, [sent, emailed])
      .when({ type: 'RecordNotificationEmailSkipped', reason: 'erased' }, system)
      .thenNothing();
    given(d, [sent, skipped]).when(emailedCmd, system).thenNothing();
  });

  it('records why no email was sent', () => {
    given(d, [sent])
      .when({ type: 'RecordNotificationEmailSkipped', reason: 'erased' }, system)
      .then([skipped]);
    given(d, [sent])
      .when({ type: 'RecordNotificationEmailSkipped', reason: 'bored' as 'erased' }, system)
      .thenRefuses('unknown_skip_reason');
  });

  it('never records a plain address', () => {
    given(d, [sent])
      .when({ ...emailedCmd, to: 'wang.wei@school.example.cn' }, system)
      .thenRefuses('personal_data_not_sealed');
  });

  it('is recorded by the system only, for a notification that exists', () => {
    given(d, [sent]).when(emailedCmd, { actorId: 'rev-1', actorRole: 'reviewer' }).thenRefuses('system_only');
    given(d).when(emailedCmd, system).thenRefuses('notification_not_found');
  });

  it('leaves the notification unread and its recipient unchanged', () => {
    const s = [sent, emailed].reduce(d.evolve, d.initialState);
    expect(s).toMatchObject({ exists: true, recipientId: 'rev-1', read: false, email: 'emailed' });
    expect([sent, skipped].reduce(d.evolve, d.initialState).email).toBe('skipped');
    expect([sent].reduce(d.evolve, d.initialState).email ?? null).toBeNull();
  });
});
