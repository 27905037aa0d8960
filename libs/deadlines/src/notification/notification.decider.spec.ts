import { given } from '#testing/event-store';
import {
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
