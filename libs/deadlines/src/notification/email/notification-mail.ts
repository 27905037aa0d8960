import nodemailer from 'nodemailer';
import type { SmtpConfig } from '#libs/platform';
import type { RenderedEmail } from './email-templates.js';

/**
 * How long after a notification its email is still sent. DOMAIN.md's reminders come 3 days and 1 day
 * before a due date: an email held back longer than the earliest of them (the SMTP server was down for
 * days, or email was switched on long after the notification) would arrive after the date it warns
 * about, so it is skipped — recorded as `expired` — and the in-app inbox alone carries it.
 */
export const EMAIL_MAX_AGE_MS = 3 * 86_400_000;

/** One notification email, as handed to the transport. */
export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
}

/** What the email worker needs from a mail transport: nodemailer's sendMail, verify and close. */
export interface MailTransport {
  sendMail(message: MailMessage): Promise<{ messageId?: string }>;
  verify(): Promise<unknown>;
  close(): void;
}

/**
 * The Message-ID of a notification's email, the same on every attempt: a retry after a crash between
 * handing the message to the server and recording it (the one window no SMTP exchange can close) sends
 * a message a mail system recognises as the one it already has (RFC 5322 §3.6.4: one id, one message).
 */
export function notificationMessageId(notificationId: string, fromDomain: string): string {
  return `<notification.${notificationId}@${fromDomain}>`;
}

/** The message as handed to nodemailer. Plain text and HTML, and the headers of automatic mail. */
export function notificationMail(o: {
  notificationId: string;
  from: string;
  fromDomain: string;
  to: string;
  email: RenderedEmail;
}): MailMessage {
  return {
    from: o.from,
    to: o.to,
    subject: o.email.subject,
    text: o.email.text,
    html: o.email.html,
    messageId: notificationMessageId(o.notificationId, o.fromDomain),
    headers: {
      // RFC 3834: automatic mail; well-behaved responders do not answer it.
      'Auto-Submitted': 'auto-generated',
      'Content-Language': o.email.locale,
      'X-Notification-Id': o.notificationId,
    },
  };
}

/**
 * The SMTP transport for the configured server. Timeouts are short so a server that is down or hangs
 * fails the attempt quickly (it is retried later) instead of holding a worker slot.
 */
export function smtpTransport(smtp: SmtpConfig): MailTransport {
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user !== null && smtp.pass !== null ? { user: smtp.user, pass: smtp.pass } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  }) as unknown as MailTransport;
}

/**
 * Whether an SMTP failure is final for this message: the server refused the recipient or the message
 * itself (5.x.x on the envelope or the data). Everything else — no connection, a timeout, a 4xx reply
 * (greylisting, a full queue), a refused login — may pass, so it is retried with backoff.
 */
export function isPermanentSmtpFailure(err: unknown): boolean {
  const e = err as { responseCode?: unknown; code?: unknown };
  if (typeof e?.responseCode !== 'number') return false;
  if (e.code === 'EAUTH') return false; // the office's credentials, not this message: fix and it goes out
  return e.responseCode >= 550 && e.responseCode < 560;
}
