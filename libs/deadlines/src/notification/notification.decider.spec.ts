import { given } from '#testing/event-store';
import {
  EMAIL_SKIP_REASONS,
  isReviewStep,
  NOTIFICATION_KINDS,
  notificationDecider as d,
  notificationIdFor,
  type NotificationEvent,
} from './notification.decider.js';

// DOMAIN.md "Deadlines and reminders": a notification is an event, sent once per cause, read by its recipient only.
const system = { actorId: 'system', actorRole: 'system', orgUnit: 'city-1' };
const about = { applicationId: 'app-1', reviewerId: 'rev-1', revision: 1, dueAt: '2026-09-15T08:00:00.000Z' };
const send = {
  type: 'SendNotification',
  recipientId: 'rev-1',
  kind: 'review_reminder',
  key: 'review-reminder|application-app-1|review.rev-1.r1|before-P3D',
  about,
  stepOpen: true,
} as const;
const sent: NotificationEvent = {
  type: 'NotificationSent',
  data: {
    recipientId: 'rev-1',
    kind: 'review_reminder',
    key: send.key,
    about,
    channel: 'in_app',
    sentAt: '2026-09-01T08:00:00.000Z',
  },
};

describe('notifications', () => {
  it('records a notification once, however often its timer fires', () => {
    given(d).when(send, system).then([sent]);
    given(d, [sent]).when(send, system).thenNothing();
  });

  it('sends nothing once the step is done (DOMAIN.md: reminders stop as soon as the step is done)', () => {
    given(d)
      .when({ ...send, stepOpen: false }, system)
      .thenNothing();
  });

  it('carries what it tells beyond its step (a shortfall’s numbers, a rationale), and nothing when there is none', () => {
    const about = {
      step: 'annual_hours',
      streamId: 'teacher-t-1',
      occurrence: '2025-2026',
      subjectId: 't-1',
      dueAt: '2026-08-31T16:00:00.000Z',
    };
    const details = { period: '2025-2026', completed: 32, required: 50, missing: 18 };
    const shortfall = {
      type: 'SendNotification',
      recipientId: 't-1',
      kind: 'annual_hours_shortfall',
      key: 'shortfall-annual_hours|2025-2026',
      about,
      details,
      stepOpen: true,
    } as const;
    given(d)
      .when(shortfall, system)
      .then([
        {
          type: 'NotificationSent',
          data: {
            recipientId: 't-1',
            kind: 'annual_hours_shortfall',
            key: shortfall.key,
            about,
            details,
            channel: 'in_app',
            sentAt: '2026-09-01T08:00:00.000Z',
          },
        },
      ]);
    // A decision has no date left to meet.
    const decided = {
      ...shortfall,
      kind: 'application_decided',
      key: 'application_decided|e-1',
      about: { ...about, step: 'decision', dueAt: null },
      details: { decision: 'approve', rationale: '同意' },
    } as const;
    const [event] = given(d)
      .when(decided, system)
      .then([
        {
          type: 'NotificationSent',
          data: {
            recipientId: 't-1',
            kind: 'application_decided',
            key: decided.key,
            about: decided.about,
            details: decided.details,
            channel: 'in_app',
            sentAt: '2026-09-01T08:00:00.000Z',
          },
        },
      ]);
    expect(event!.data).toHaveProperty('details');
    // A timer's reminder has nothing beyond its step: the event has no details at all.
    expect(Object.keys(given(d).when(send, system).then([sent])[0]!.data)).not.toContain('details');
  });

  it('is sent by the system only', () => {
    given(d).when(send, { actorId: 'chair-1', actorRole: 'chair' }).thenRefuses('system_only');
  });

  it('is marked read by its recipient, once; anyone else is told it does not exist', () => {
    const read: NotificationEvent = {
      type: 'NotificationRead',
      data: { recipientId: 'rev-1', readAt: '2026-09-01T08:00:00.000Z' },
    };
    given(d, [sent]).when({ type: 'MarkNotificationRead' }, { actorId: 'rev-1' }).then([read]);
    given(d, [sent, read]).when({ type: 'MarkNotificationRead' }, { actorId: 'rev-1' }).thenNothing();
    given(d, [sent])
      .when({ type: 'MarkNotificationRead' }, { actorId: 'rev-2' })
      .thenRefuses('notification_not_found');
    given(d)
      .when({ type: 'MarkNotificationRead' }, { actorId: 'rev-1' })
      .thenRefuses('notification_not_found');
  });

  it('derives one id per cause and recipient', () => {
    expect(notificationIdFor('k', 'a')).toBe(notificationIdFor('k', 'a'));
    expect(notificationIdFor('k', 'a')).not.toBe(notificationIdFor('k', 'b'));
    expect(notificationIdFor('k', 'a')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('rules pinned by mutation testing', () => {
  const SEALED = `pd1:${'A'.repeat(16)}:c2VhbGVk:${'B'.repeat(22)}`;
  const emailed = (over: Partial<{ to: string; locale: string; messageId: string }> = {}) => ({
    type: 'RecordNotificationEmailed' as const,
    to: SEALED,
    locale: 'zh-CN',
    messageId: '<n-1@teacher-dev>',
    ...over,
  });
  const emailedEvent: NotificationEvent = {
    type: 'NotificationEmailed',
    data: {
      recipientId: 'rev-1',
      channel: 'email',
      to: SEALED,
      locale: 'zh-CN',
      messageId: '<n-1@teacher-dev>',
      emailedAt: '2026-09-01T08:00:00.000Z',
    },
  };
  const skippedEvent: NotificationEvent = {
    type: 'NotificationEmailSkipped',
    data: {
      recipientId: 'rev-1',
      channel: 'email',
      reason: 'no_address',
      skippedAt: '2026-09-01T08:00:00.000Z',
    },
  };

  it('names every kind of notification and every reason an email is not sent', () => {
    expect(d.category).toBe('notification');
    expect(NOTIFICATION_KINDS).toEqual([
      'review_reminder',
      'review_overdue',
      'review_escalated',
      'revision_reminder',
      'revision_overdue',
      'revision_escalated',
      'call_closing',
      'call_closed',
      'evaluation_reminder',
      'evaluation_overdue',
      'evaluation_escalated',
      'mentorship_year_reminder',
      'mentorship_signoff_due',
      'mentorship_escalated',
      'annual_summary_reminder',
      'annual_summary_overdue',
      'annual_summary_escalated',
      'ethics_ban_ended',
      'application_submitted',
      'review_assigned',
      'changes_requested',
      'application_decided',
      'trainee_enrolled',
      'training_completed',
      'annual_hours_shortfall',
      'ethics_study_shortfall',
    ]);
    expect(EMAIL_SKIP_REASONS).toEqual(['no_address', 'erased', 'inactive', 'expired']);
  });

  it('tells a reviewer’s step from any other', () => {
    expect(isReviewStep(about)).toBe(true);
    expect(
      isReviewStep({
        step: 'call_close',
        streamId: 'call-c-1',
        occurrence: '1',
        subjectId: 'c-1',
        dueAt: null,
      }),
    ).toBe(false);
  });

  it('folds what happened to it into its state', () => {
    expect(given(d).state).toEqual({ exists: false, recipientId: null, read: false });
    expect(given(d, [sent]).state).toEqual({ exists: true, recipientId: 'rev-1', read: false });
    expect(
      given(d, [sent, { type: 'NotificationRead', data: { recipientId: 'rev-1', readAt: 'x' } }]).state,
    ).toEqual({ exists: true, recipientId: 'rev-1', read: true });
    expect(given(d, [sent, emailedEvent]).state).toEqual({
      exists: true,
      recipientId: 'rev-1',
      read: false,
      email: 'emailed',
    });
    expect(given(d, [sent, skippedEvent]).state.email).toBe('skipped');
  });

  it('the email worker records one email outcome per notification, the address sealed (DOMAIN.md "Audit trail")', () => {
    given(d, [sent]).when(emailed(), system).then([emailedEvent]);
    given(d, [sent])
      .when({ type: 'RecordNotificationEmailSkipped', reason: 'no_address' }, system)
      .then([skippedEvent]);
    for (const reason of ['erased', 'inactive', 'expired'] as const) {
      given(d, [sent])
        .when({ type: 'RecordNotificationEmailSkipped', reason }, system)
        .then([{ ...skippedEvent, data: { ...skippedEvent.data, reason } } as NotificationEvent]);
    }
    given(d, [sent, emailedEvent]).when(emailed(), system).thenNothing();
    given(d, [sent, skippedEvent]).when(emailed(), system).thenNothing();
    given(d, [sent, emailedEvent])
      .when({ type: 'RecordNotificationEmailSkipped', reason: 'no_address' }, system)
      .thenNothing();
    // A Message-ID of 1 and of 255 characters is taken; none and 256 are not.
    for (const messageId of ['m', 'm'.repeat(255)]) {
      given(d, [sent])
        .when(emailed({ messageId }), system)
        .then([{ ...emailedEvent, data: { ...emailedEvent.data, messageId } } as NotificationEvent]);
    }
    for (const messageId of ['', 'm'.repeat(256)]) {
      given(d, [sent])
        .when(emailed({ messageId }), system)
        .thenRefuses('invalid_message_id', 'a Message-ID is 1–255 characters');
    }
  });

  it('says in each refusal why', () => {
    given(d)
      .when(send, { actorId: 'chair-1', actorRole: 'chair' })
      .thenRefuses('system_only', 'notifications are sent by the deadline timers');
    given(d)
      .when({ type: 'MarkNotificationRead' }, { actorId: 'rev-1' })
      .thenRefuses('notification_not_found', 'no such notification');
    const other = given(d, [sent])
      .when({ type: 'MarkNotificationRead' }, { actorId: 'rev-2' })
      .thenRefuses('notification_not_found', 'no such notification');
    expect(other.kind).toBe('not_found');
    for (const c of [
      emailed(),
      { type: 'RecordNotificationEmailSkipped' as const, reason: 'no_address' as const },
    ]) {
      given(d, [sent])
        .when(c, { actorId: 'admin-1', actorRole: 'admin' })
        .thenRefuses('system_only', 'email deliveries are recorded by the email worker');
      given(d).when(c, system).thenRefuses('notification_not_found', 'no such notification');
    }
    given(d, [sent])
      .when({ type: 'RecordNotificationEmailSkipped', reason: 'bounced' as 'expired' }, system)
      .thenRefuses('unknown_skip_reason', 'reason must be one of no_address, erased, inactive, expired');
    given(d, [sent])
      .when(emailed({ to: 'wang.wei@example.cn' }), system)
      .thenRefuses('personal_data_not_sealed', 'the recipient address must be sealed before it is recorded');
  });
});
