import {
  eventIdFor,
  forbidden,
  notFound,
  refuse,
  type DomainEvent,
  type StreamDecider,
} from '#libs/event-store';
import { isEnvelope } from '#libs/identity';

/**
 * Notifications as events (DOMAIN.md "Deadlines and reminders"): "who was reminded when" is in the audit trail like any other
 * fact. One stream per notification, `notification-<id>`, whose id is derived from the timer (or event)
 * that caused it and the recipient: a firing repeated for any reason — a retry, a job re-added after it
 * was removed, a replayed reactor — lands on the same stream and records nothing new.
 */
export const NOTIFICATION_KINDS = [
  // The review step: the reviewer is reminded, the chair told when it is overdue, then an admin.
  'review_reminder',
  'review_overdue',
  'review_escalated',
  // The applicant's revision after requested changes: applicant reminded, chair then admin told.
  'revision_reminder',
  'revision_overdue',
  'revision_escalated',
  // A call's submission window: holders of unsubmitted drafts reminded; its opener told it closed.
  'call_closing',
  'call_closed',
  // The biennial performance evaluation of a running training project: the deciding chair, then admins.
  'evaluation_reminder',
  'evaluation_overdue',
  'evaluation_escalated',
  // The mentorship year: the mentor is reminded to sign off, then told it is due, then admins.
  'mentorship_year_reminder',
  'mentorship_signoff_due',
  'mentorship_escalated',
  // The office's annual summary (seed 004 §三, by the end of February): its admins, then those above.
  'annual_summary_reminder',
  'annual_summary_overdue',
  'annual_summary_escalated',
  // An ethics ban has ended: the teacher may apply for promotion again.
  'ethics_ban_ended',
  // The steps themselves, as they happen (DOMAIN.md "The approval pipeline"), to whoever must act on them
  // or know: the committee's chairs that an application was submitted, each reviewer that a review is
  // theirs (with its due date), the applicant that changes were requested (the reason and the revision's
  // due date) and how it was decided (the rationale), a trainee that they are enrolled and that they
  // completed (the hours granted).
  'application_submitted',
  'review_assigned',
  'changes_requested',
  'application_decided',
  'trainee_enrolled',
  'training_completed',
  // DOMAIN.md "Hours and credits": the shortfall is visible before the period ends, with reminders — in
  // the last month of a school year (seed 003 §二(四) annual hours) and of a semester (seed 002 (一)2
  // ethics study), to each teacher still under the policy's number.
  'annual_hours_shortfall',
  'ethics_study_shortfall',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The step a notification is about: a reviewer's review of one revision of an application. */
export interface ReviewStepRef {
  applicationId: string;
  reviewerId: string;
  revision: number;
  dueAt: string;
}

/**
 * Any other step (libs/deadlines timer.model.ts `STEPS`, or a step announced as it happens: `submission`,
 * `revision`, `decision`, `enrolment`, `completion`, and the obligations `annual_hours` and
 * `ethics_study`): the stream it lives on and which occurrence. `subjectId` names what it is about for
 * the reader (the application, call, mentorship, teacher or org unit id). `dueAt` is null for a step
 * with nothing left to do by a date (a decision, an enrolment, a completion).
 */
export interface OtherStepRef {
  step: string;
  streamId: string;
  occurrence: string;
  subjectId: string;
  dueAt: string | null;
}

/**
 * What a notification tells beyond its step, so that the inbox and the email can say it without reading
 * the step's stream again: the chair's reason and rationale (written for the applicant), the hours a
 * completion granted, a shortfall's numbers. Nothing here is personal data of anyone but the recipient.
 */
export interface NotificationDetails {
  /** An application's revision: 1 for the first submission, N + 1 for the resubmission of revision N. */
  revision?: number;
  /** Changes requested: why the chair sent it back. */
  reason?: string;
  /** A decision, and the chair's written rationale. */
  decision?: 'approve' | 'reject';
  rationale?: string;
  /** A completion: the hours it grants; with an assessed score, whether it fell short (seed 003 §六4). */
  hours?: number;
  score?: number;
  retraining?: boolean;
  /** An enrolment: when the training runs (YYYY-MM-DD). */
  startsOn?: string;
  endsOn?: string;
  /** A shortfall: the school year (`2025-2026`) or semester (`2025-2026/2`), and its numbers. */
  period?: string;
  completed?: number;
  required?: number;
  missing?: number;
}

export type StepRef = ReviewStepRef | OtherStepRef;

export function isReviewStep(about: StepRef): about is ReviewStepRef {
  return 'reviewerId' in about;
}

export type NotificationCommand =
  | {
      type: 'SendNotification';
      recipientId: string;
      kind: NotificationKind;
      /** The timer or event it comes from (a BullMQ job id, `overdue|…`). */
      key: string;
      about: StepRef;
      details?: NotificationDetails;
      /** Looked up by the handler (reviews) or the timer (other steps): is the step still waiting? */
      stepOpen: boolean;
    }
  | { type: 'MarkNotificationRead' }
  | RecordEmailCommand;

/**
 * Email delivery of a notification (DOMAIN.md "Deadlines and reminders"), recorded on the notification's own stream so the
 * audit trail shows it and a repeated delivery is a no-op. Recorded by the email worker only.
 * - `RecordNotificationEmailed`: the message was handed to the SMTP server. `to` is the address sealed
 *   with the recipient's personal-data key (personal-data.ts), never plain: events are permanent, and an
 *   erasure (DOMAIN.md "Audit trail") must leave no readable address in the log.
 * - `RecordNotificationEmailSkipped`: no email will be sent, and why.
 */
export const EMAIL_SKIP_REASONS = ['no_address', 'erased', 'inactive', 'expired'] as const;
export type EmailSkipReason = (typeof EMAIL_SKIP_REASONS)[number];

export type RecordEmailCommand =
  | { type: 'RecordNotificationEmailed'; to: string; locale: string; messageId: string }
  | { type: 'RecordNotificationEmailSkipped'; reason: EmailSkipReason };

export type NotificationEvent =
  | DomainEvent<
      'NotificationSent',
      {
        recipientId: string;
        kind: NotificationKind;
        key: string;
        about: StepRef;
        /** Absent on notifications that carry nothing beyond their step (every timer's until now). */
        details?: NotificationDetails;
        channel: 'in_app';
        sentAt: string;
      }
    >
  | DomainEvent<'NotificationRead', { recipientId: string; readAt: string }>
  | DomainEvent<
      'NotificationEmailed',
      {
        recipientId: string;
        channel: 'email';
        /** The address, sealed with the recipient's key (`pd1:…`): unreadable once they are erased. */
        to: string;
        locale: string;
        /** The Message-ID header sent, derived from the notification id (one per notification). */
        messageId: string;
        emailedAt: string;
      }
    >
  | DomainEvent<
      'NotificationEmailSkipped',
      { recipientId: string; channel: 'email'; reason: EmailSkipReason; skippedAt: string }
    >;

export interface NotificationState {
  exists: boolean;
  recipientId: string | null;
  read: boolean;
  /** Its email: not yet decided (null), handed to the SMTP server, or not to be sent. */
  email?: 'emailed' | 'skipped' | null;
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
      case 'NotificationEmailed':
        return { ...s, email: 'emailed' };
      case 'NotificationEmailSkipped':
        return { ...s, email: 'skipped' };
    }
  },

  decide(c, s, meta) {
    const now = meta.now.toISOString();
    switch (c.type) {
      case 'SendNotification':
        // Only the system sends notifications: the deadline timers and the reactor that announces steps.
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
              ...(c.details ? { details: c.details } : {}),
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
      case 'RecordNotificationEmailed':
      case 'RecordNotificationEmailSkipped': {
        if (meta.actorRole !== 'system')
          throw forbidden('system_only', 'email deliveries are recorded by the email worker');
        if (!s.exists || s.recipientId === null)
          throw notFound('notification_not_found', 'no such notification');
        // One email outcome per notification: a retried or repeated delivery records nothing new.
        if (s.email) return [];
        if (c.type === 'RecordNotificationEmailSkipped') {
          if (!(EMAIL_SKIP_REASONS as readonly string[]).includes(c.reason))
            throw refuse('unknown_skip_reason', `reason must be one of ${EMAIL_SKIP_REASONS.join(', ')}`);
          return [
            {
              type: 'NotificationEmailSkipped',
              data: { recipientId: s.recipientId, channel: 'email', reason: c.reason, skippedAt: now },
            },
          ];
        }
        // DOMAIN.md "Audit trail": personal data is erasable, so the address is only ever sealed here.
        if (!isEnvelope(c.to))
          throw refuse(
            'personal_data_not_sealed',
            'the recipient address must be sealed before it is recorded',
          );
        if (c.messageId.length === 0 || c.messageId.length > 255)
          throw refuse('invalid_message_id', 'a Message-ID is 1–255 characters');
        return [
          {
            type: 'NotificationEmailed',
            data: {
              recipientId: s.recipientId,
              channel: 'email',
              to: c.to,
              locale: c.locale,
              messageId: c.messageId,
              emailedAt: now,
            },
          },
        ];
      }
    }
  },
};
