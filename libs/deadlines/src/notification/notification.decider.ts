import { eventIdFor, forbidden, notFound, type DomainEvent, type StreamDecider } from '#libs/event-store';

/**
 * Notifications as events (issue 5 item 4): "who was reminded when" is in the audit trail like any other
 * fact. One stream per notification, `notification-<id>`, whose id is derived from the timer (or event)
 * that caused it and the recipient: a firing repeated for any reason — a retry, a job re-added after it
 * was removed, a replayed reactor — lands on the same stream and records nothing new.
 */
export const NOTIFICATION_KINDS = ['review_reminder', 'review_overdue', 'review_escalated'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The step a notification is about: a reviewer's review of one revision of an application. */
export interface ReviewStepRef {
  applicationId: string;
  reviewerId: string;
  revision: number;
  dueAt: string;
}

export type NotificationCommand =
  | {
      type: 'SendNotification';
      recipientId: string;
      kind: NotificationKind;
      /** The timer or event it comes from (a BullMQ job id, `overdue|…`). */
      key: string;
      about: ReviewStepRef;
      /** Looked up by the handler: is the step still waiting for the reviewer? */
      stepOpen: boolean;
    }
  | { type: 'MarkNotificationRead' };

export type NotificationEvent =
  | DomainEvent<
      'NotificationSent',
      {
        recipientId: string;
        kind: NotificationKind;
        key: string;
        about: ReviewStepRef;
        channel: 'in_app';
        sentAt: string;
      }
    >
  | DomainEvent<'NotificationRead', { recipientId: string; readAt: string }>;

export interface NotificationState {
  exists: boolean;
  recipientId: string | null;
  read: boolean;
}

/** The notification's id: one per cause and recipient. */
export function notificationIdFor(key: string, recipientId: string): string {
  return eventIdFor(`notification|${key}|${recipientId}`, 0);
}

export const notificationDecider: StreamDecider<NotificationCommand, NotificationEvent, NotificationState> = {
  category: 'notification',
  initialState: { exists: false, recipientId: null, read: false },

  evolve(s, e) {
    switch (e.type) {
      case 'NotificationSent':
        return { ...s, exists: true, recipientId: e.data.recipientId };
      case 'NotificationRead':
        return { ...s, read: true };
    }
  },

  decide(c, s, meta) {
    const now = meta.now.toISOString();
    switch (c.type) {
      case 'SendNotification':
        // Only the deadline machinery sends notifications.
        if (meta.actorRole !== 'system')
          throw forbidden('system_only', 'notifications are sent by the deadline timers');
        // Keyed by its cause: sent once, however often the cause fires.
        if (s.exists) return [];
        // DOMAIN.md "Deadlines and reminders": reminders stop as soon as the step is done, and so does
        // the escalation — nobody is told about a review that has been written.
        if (!c.stepOpen) return [];
        return [
          {
            type: 'NotificationSent',
            data: {
              recipientId: c.recipientId,
              kind: c.kind,
              key: c.key,
              about: c.about,
              channel: 'in_app',
              sentAt: now,
            },
          },
        ];
      case 'MarkNotificationRead':
        if (!s.exists) throw notFound('notification_not_found', 'no such notification');
        // Someone else's notification is answered as missing, so ids cannot be probed.
        if (s.recipientId !== meta.actorId) throw notFound('notification_not_found', 'no such notification');
        if (s.read) return [];
        return [{ type: 'NotificationRead', data: { recipientId: meta.actorId, readAt: now } }];
    }
  },
};
