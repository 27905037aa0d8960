import type { EmailQueue } from './email-queue.js';
import { EMAIL_MAX_AGE_MS } from './notification-mail.js';
import type { Reactor } from '#libs/event-store';
import type { Clock } from '#libs/platform';

/**
 * Turns each recorded notification into one email job (DOMAIN.md "Deadlines and reminders"). It only adds the job — the
 * sending happens on the email queue's own worker — so an SMTP server that is down holds up neither this
 * reactor nor any other reactor or projection; the job waits and is retried until the server is back.
 * The job id is the notification's, so reacting twice adds one job (see EmailQueue).
 *
 * A notification already older than EMAIL_MAX_AGE_MS when this reactor first sees it is not emailed:
 * when email is switched on for an office that has run for a while, its reactor starts at the beginning
 * of the log, and nobody wants last year's reminders in their mailbox.
 */
export function notificationEmailReactor(queue: EmailQueue, clock: Clock): Reactor {
  return {
    name: 'notification_email',
    eventTypes: ['NotificationSent'],
    async react(event) {
      if (!event.streamId.startsWith('notification-')) return;
      if (clock.now().getTime() - Date.parse(event.metadata.recordedAt) > EMAIL_MAX_AGE_MS) return;
      await queue.enqueue(event.streamId.slice('notification-'.length));
    },
  };
}
