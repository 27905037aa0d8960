import { EMAIL_RETRY_CAP_MS, emailJobId, emailRetryDelay } from './email-queue.js';
import { renderNotificationEmail } from './email-templates.js';
import { isPermanentSmtpFailure, notificationMail, notificationMessageId } from './notification-mail.js';

// DOMAIN.md "Deadlines and reminders": one deterministic message per notification, retried with capped backoff while the
// server cannot take it, given up at once only when the server refuses the message itself.
describe('notification mail', () => {
  const email = renderNotificationEmail(
    { kind: 'review_reminder', dueAt: '2026-09-15T08:00:00.000Z', title: '校本研修方案' },
    'en',
  );

  it('derives its Message-ID and job id from the notification alone', () => {
    expect(notificationMessageId('n-1', 'qingxi.example.cn')).toBe('<notification.n-1@qingxi.example.cn>');
    expect(notificationMessageId('n-1', 'qingxi.example.cn')).not.toBe(
      notificationMessageId('n-2', 'qingxi.example.cn'),
    );
    // BullMQ refuses ':' in custom job ids.
    expect(emailJobId('n-1')).toBe('email|n-1');
  });

  it('is one message with both bodies and the headers of automatic mail', () => {
    const m = notificationMail({
      notificationId: 'n-1',
      from: '教师发展中心 <noreply@qingxi.example.cn>',
      fromDomain: 'qingxi.example.cn',
      to: 'wang.wei@school.example.cn',
      email,
    });
    expect(m).toMatchObject({
      from: '教师发展中心 <noreply@qingxi.example.cn>',
      to: 'wang.wei@school.example.cn',
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: '<notification.n-1@qingxi.example.cn>',
      headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': 'en', 'X-Notification-Id': 'n-1' },
    });
  });

  it('waits longer after each failed attempt, never more than the cap', () => {
    expect([1, 2, 3, 4].map((n) => emailRetryDelay(n, 5000))).toEqual([5000, 10_000, 20_000, 40_000]);
    expect(emailRetryDelay(9, 5000)).toBe(EMAIL_RETRY_CAP_MS);
    expect(emailRetryDelay(300, 5000)).toBe(EMAIL_RETRY_CAP_MS);
  });

  it('gives up at once only when the server refuses the message or its recipient', () => {
    expect(isPermanentSmtpFailure({ code: 'EENVELOPE', responseCode: 550 })).toBe(true);
    expect(isPermanentSmtpFailure({ code: 'EMESSAGE', responseCode: 554 })).toBe(true);
    // A server that is down, slow, greylisting or refusing the login may be fine later.
    expect(isPermanentSmtpFailure({ code: 'ECONNECTION' })).toBe(false);
    expect(isPermanentSmtpFailure({ code: 'ETIMEDOUT' })).toBe(false);
    expect(isPermanentSmtpFailure({ code: 'EENVELOPE', responseCode: 451 })).toBe(false);
    expect(isPermanentSmtpFailure({ code: 'EAUTH', responseCode: 535 })).toBe(false);
    expect(isPermanentSmtpFailure(new Error('socket hang up'))).toBe(false);
  });
});
