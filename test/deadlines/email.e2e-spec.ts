import type { DemoSeedResult } from '#libs/identity';
import {
  EMAIL_QUEUE,
  TIMER_QUEUE,
  formatDueDate,
  notificationIdFor,
  timerJobId,
  type EmailQueue,
  type ReviewTimer,
  type TimerQueue,
} from '#libs/deadlines';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { TimerFiring } from '../../apps/worker/src/timers/timer.processor.js';
import { NotificationEmailDelivery } from '../../apps/worker/src/notifications/notification-email.delivery.js';
import { NotificationEmailWorker } from '../../apps/worker/src/notifications/notification-email.module.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { bearer, login, seedDemo } from '../identity/support/identity-test-app.js';
import { cast, day, fieldsFor, iso, signIn, type Person } from '../approval/support.js';
import { dropQueueKeys, until as waitUntil } from '../support/until.js';
import { TestSmtp } from './support/smtp.js';
/** This suite's patience: 30 s, polling every 50 ms. */
const until = <T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 30000) =>
  waitUntil(what, probe, ms, 50);

// DOMAIN.md "Deadlines and reminders" (email): notifications go out by email to a real SMTP server
// (smtp-server, started here), with the right recipient, language and content; once per notification;
// never to someone without an address or whose personal data was erased; and an SMTP server that is down
// delays the email without blocking anything else, which then goes out once when the server is back.
// Real PostgreSQL, real Redis (and BullMQ's PostgreSQL backend), the real app: nothing is mocked.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const FROM_DOMAIN = 'qingxi.example.cn';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Recipient extends Person {
  email: string | null;
}

describe.each([['redis'], ['postgres']] as const)('notification emails with queues on %s', (backend) => {
  const smtp = new TestSmtp();
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let timers: TimerQueue;
  let emails: EmailQueue;
  let firing: TimerFiring;
  let admin: Person;
  let chair: Person;
  let zh: Recipient;
  let en: Recipient;
  let noEmail: Recipient;
  let erased: Recipient;
  let applicationId: string;
  let dueAt: string;
  const title = `校本研修方案（邮件 ${backend}）`;
  const address = (name: string) => `${name}.${backend}@school.example.cn`;

  const jobOf = (r: Person, at: string) =>
    timerJobId({ kind: 'review-reminder', applicationId, reviewerId: r.id, revision: 1, at, dueAt });
  const notificationOf = (r: Person, at: string) => notificationIdFor(jobOf(r, at), r.id);
  const streamOf = async (nid: string) =>
    (
      await db.pool.query<{ type: string; data: Record<string, unknown>; role: string }>(
        `SELECT type, data, metadata->>'actorRole' AS role FROM events WHERE stream_id = $1 ORDER BY version`,
        [`notification-${nid}`],
      )
    ).rows;
  /** The emails of one notification, by the Message-ID derived from its id. */
  const mailFor = (nid: string) =>
    smtp.received.filter((r) => r.mail.messageId === `<notification.${nid}@${FROM_DOMAIN}>`);
  const emailOutcome = (nid: string) =>
    until(`the email outcome of ${nid}`, async () => {
      const rows = (await streamOf(nid)).filter((e) => e.type.startsWith('NotificationEmail'));
      return rows.length > 0 ? rows : null;
    });
  /** Fires a reviewer's reminder now through the real worker (BullMQ's promote), as the timers do. */
  const remind = async (r: Person, at: string) => {
    const id = jobOf(r, at);
    await until(`timer ${id}`, () => timers.job(id));
    await timers.promote(id);
    await until(`${id} fired`, async () => (await timers.state(id)) === 'completed');
    return notificationOf(r, at);
  };

  async function register(username: string, body: { email?: string; locale?: string }): Promise<Recipient> {
    const res = await admin.call('POST', '/api/users', {
      username,
      displayName: `评审专家 ${username}`,
      orgUnit: cast(seed).city.id,
      roles: ['reviewer'],
      password: `demo-${username}`,
      ...body,
    });
    expect(res.status).toBe(201);
    const token = await login(api, username);
    return {
      login: { username, password: `demo-${username}` } as Person['login'],
      id: res.body.id as string,
      token,
      email: body.email ?? null,
      call: (method, path, b, headers = {}) =>
        api.request(method, path, { body: b, headers: { ...bearer(token), ...headers } }),
    };
  }

  beforeAll(async () => {
    await smtp.start();
    db = await createPostgresTestDatabase();
    api = await startTestApp(db, {
      env: {
        ...(backend === 'redis' ? { REDIS_URL } : {}),
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        SMTP_FROM: `青溪市教师发展中心 <noreply@${FROM_DOMAIN}>`,
        // Retries come quickly here (200 ms, doubling): the outage below lasts seconds, not hours.
        SMTP_RETRY_DELAY_MS: '200',
      },
    });
    timers = api.app.get(TIMER_QUEUE, { strict: false });
    emails = api.app.get(EMAIL_QUEUE, { strict: false });
    firing = api.app.get(TimerFiring, { strict: false });
    expect(emails.backend).toBe(backend);
    seed = await seedDemo(api, db);
    const c = cast(seed);
    admin = await signIn(api, db, c.admin);
    chair = await signIn(api, db, c.chair);

    zh = await register(`zh.${backend}`, { email: address('zh') });
    // Registered without a language (zh-CN), then switches to English themself.
    en = await register(`en.${backend}`, { email: address('en') });
    noEmail = await register(`none.${backend}`, {});
    erased = await register(`gone.${backend}`, { email: address('gone'), locale: 'en' });

    const applicant = await signIn(api, db, c.teachers[0]!);
    const call = await chair.call('POST', '/api/calls', {
      kind: 'school_plan',
      orgUnit: c.city.id,
      title: '2026 校本研修方案申报',
      opensAt: iso(Date.now() - day),
      closesAt: iso(Date.now() + 30 * day),
    });
    expect(call.status).toBe(201);
    const draft = await applicant.call('POST', '/api/applications', {
      callId: call.body.id,
      title,
      fields: fieldsFor.school_plan,
    });
    expect(draft.status).toBe(201);
    applicationId = draft.body.id;
    expect((await applicant.call('POST', `/api/applications/${applicationId}/submit`)).status).toBe(200);
    const assigned = await chair.call('POST', `/api/applications/${applicationId}/reviewers`, {
      reviewers: [zh, en, noEmail, erased].map((r) => ({ reviewerId: r.id })),
    });
    expect(assigned.status).toBe(200);
    // Each reviewer is told of the assignment as it happens (notices.e2e-spec.ts), by email too: this suite
    // is about the reminders, so it starts once those emails are settled.
    await waitUntil(
      'the chair’s and the four reviewers’ notices emailed or skipped',
      async () => {
        const { sent, settled } = (
          await db.pool.query<{ sent: number; settled: number }>(
            `SELECT count(*) FILTER (WHERE type = 'NotificationSent')::int AS sent,
                    count(*) FILTER (WHERE type IN ('NotificationEmailed', 'NotificationEmailSkipped'))::int AS settled
               FROM events`,
          )
        ).rows[0]!;
        return sent === 5 && settled === 5;
      },
      30_000,
    );
    dueAt = (
      await db.pool.query<{ d: string }>(
        `SELECT data->>'dueAt' AS d FROM events WHERE type = 'ReviewersAssigned' ORDER BY seq LIMIT 1`,
      )
    ).rows[0]!.d;
  }, 120_000);

  afterAll(async () => {
    const dbUrl = db?.url;
    await api?.close();
    await db?.drop();
    await smtp.stop();
    // This suite's queues live under its own database's prefix: leave Redis as it was.
    if (backend === 'redis' && dbUrl) await dropQueueKeys(REDIS_URL, dbUrl);
  });

  it('lets a user choose their language, zh-CN or en, and nobody else choose it for them', async () => {
    // Never chosen: zh-CN applies, and the account shows no choice.
    const own = await zh.call('GET', `/api/users/${zh.id}`);
    expect(own.body).toMatchObject({ email: address('zh') });
    expect(own.body).not.toHaveProperty('locale');
    expect((await zh.call('PUT', `/api/users/${zh.id}/locale`, { locale: 'zh-CN' })).body).toMatchObject({
      locale: 'zh-CN',
      duplicate: false,
    });
    expect((await en.call('PUT', `/api/users/${en.id}/locale`, { locale: 'fr' })).status).toBe(400);
    expect((await en.call('PUT', `/api/users/${en.id}/locale`, { locale: 'en', extra: 1 })).status).toBe(400);
    const other = await zh.call('PUT', `/api/users/${en.id}/locale`, { locale: 'zh-CN' });
    expect(other.status).toBe(403);
    const changed = await en.call('PUT', `/api/users/${en.id}/locale`, { locale: 'en' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ locale: 'en', duplicate: false });
    expect((await en.call('GET', `/api/users/${en.id}`)).body.locale).toBe('en');
    // Choosing it again records nothing.
    const events = (await db.pool.query(`SELECT count(*)::int AS n FROM events WHERE type = 'LocaleChanged'`))
      .rows[0].n;
    expect((await en.call('PUT', `/api/users/${en.id}/locale`, { locale: 'en' })).status).toBe(200);
    expect(
      (await db.pool.query(`SELECT count(*)::int AS n FROM events WHERE type = 'LocaleChanged'`)).rows[0].n,
    ).toBe(events);
    expect(events).toBe(1);
    expect((await admin.call('GET', `/api/users/${erased.id}`)).body.locale).toBe('en');
  });

  it('emails a reminder to a Chinese-speaking reviewer, in Chinese, naming the step and its due date', async () => {
    const nid = await remind(zh, 'before-P3D');
    const [mail] = await until('the email', async () => (mailFor(nid).length ? mailFor(nid) : null));
    expect(mailFor(nid)).toHaveLength(1);
    expect(mail!.rcptTo).toEqual([address('zh')]);
    const m = mail!.mail;
    expect(m.from?.value[0]?.address).toBe(`noreply@${FROM_DOMAIN}`);
    expect(m.to && !Array.isArray(m.to) ? m.to.value.map((a) => a.address) : null).toEqual([address('zh')]);
    const due = formatDueDate(dueAt, 'zh-CN');
    expect(due).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日星期.+ \d\d:\d\d（北京时间）$/);
    expect(m.subject).toBe(`评审提醒：《${title}》的评审将于 ${due} 截止`);
    expect(m.text).toContain(`《${title}》评审将于 ${due} 截止`);
    expect(m.html).toContain(`<html lang="zh-CN">`);
    // One Message-ID per notification, derived from its id.
    expect(m.messageId).toBe(`<notification.${nid}@${FROM_DOMAIN}>`);
    expect(m.headers.get('auto-submitted')).toBe('auto-generated');

    // Recorded on the notification's stream by the system, with the address sealed, never plain.
    const outcome = await emailOutcome(nid);
    expect(outcome).toEqual([
      {
        type: 'NotificationEmailed',
        role: 'system',
        data: expect.objectContaining({
          recipientId: zh.id,
          channel: 'email',
          locale: 'zh-CN',
          messageId: `<notification.${nid}@${FROM_DOMAIN}>`,
          to: expect.stringMatching(/^pd1:/),
        }),
      },
    ]);
    // The in-app notification is there as before.
    const inbox = await zh.call('GET', '/api/notifications');
    expect(inbox.body.items.filter((i: { kind: string }) => i.kind === 'review_reminder')).toEqual([
      expect.objectContaining({ id: nid, kind: 'review_reminder' }),
    ]);
  });

  it('emails an English-speaking reviewer in English', async () => {
    const nid = await remind(en, 'before-P3D');
    const [mail] = await until('the email', async () => (mailFor(nid).length ? mailFor(nid) : null));
    expect(mail!.rcptTo).toEqual([address('en')]);
    const m = mail!.mail;
    const due = formatDueDate(dueAt, 'en');
    expect(due).toMatch(/^[A-Z][a-z]+day, \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d \(Beijing time\)$/);
    expect(m.subject).toBe(`Reminder: your review of “${title}” is due ${due}`);
    expect(m.text).toContain('Please submit your scores and comments');
    expect(m.text).not.toContain('评审将于');
    expect(m.headers.get('content-language')).toBe('en');
    expect(m.messageId).toBe(`<notification.${nid}@${FROM_DOMAIN}>`);
    expect(await emailOutcome(nid)).toEqual([
      expect.objectContaining({
        type: 'NotificationEmailed',
        data: expect.objectContaining({ locale: 'en' }),
      }),
    ]);
    // Nobody else got it.
    expect(smtp.received.filter((r) => r.mail.messageId === m.messageId)).toHaveLength(1);
  });

  it('emails nobody without an address, and nobody whose personal data was erased', async () => {
    const erasure = await admin.call('POST', `/api/users/${erased.id}/erasure`, {
      reason: '本人申请删除个人信息',
      legalBasis: '个人信息保护法第四十七条',
    });
    const toGone = smtp.to(address('gone')).length;
    expect(erasure.status).toBe(200);
    const before = smtp.received.length;
    const none = await remind(noEmail, 'before-P3D');
    const gone = await remind(erased, 'before-P3D');
    expect(await emailOutcome(none)).toEqual([
      expect.objectContaining({
        type: 'NotificationEmailSkipped',
        data: expect.objectContaining({ reason: 'no_address' }),
      }),
    ]);
    expect(await emailOutcome(gone)).toEqual([
      expect.objectContaining({
        type: 'NotificationEmailSkipped',
        data: expect.objectContaining({ reason: 'erased' }),
      }),
    ]);
    await sleep(500);
    expect(smtp.received.length).toBe(before);
    expect(smtp.to(address('gone'))).toHaveLength(toGone);
    expect(mailFor(gone)).toEqual([]);
    // They are told in the app all the same.
    expect(
      (await noEmail.call('GET', '/api/notifications')).body.items.filter(
        (i: { kind: string }) => i.kind === 'review_reminder',
      ),
    ).toHaveLength(1);
  });

  it('never writes a plain address into the log', async () => {
    const res = await db.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM events WHERE data::text ILIKE '%school.example.cn%' OR metadata::text ILIKE '%school.example.cn%'`,
    );
    expect(Number(res.rows[0]!.n)).toBe(0);
  });

  it('sends one email per notification, however often the firing, the job or the reactor repeats', async () => {
    const nid = notificationOf(zh, 'before-P3D');
    const sent = smtp.received.length;
    // The timer fires again: its notification is already recorded.
    const id = jobOf(zh, 'before-P3D');
    expect(await firing.fire((await timers.job(id))!.data as ReviewTimer, id)).toEqual({ recorded: 0 });
    // The email job is removed (retention, a flush) and added again: the delivery finds the email recorded.
    await (await emails.job(nid))!.remove();
    await emails.enqueue(nid);
    await until('the repeated job', async () => (await emails.state(nid)) === 'completed');
    expect((await emails.job(nid))!.returnvalue).toBe('already');
    expect(await api.app.get(NotificationEmailDelivery, { strict: false }).deliver(nid)).toBe('already');
    // The email reactor is replayed from the start of the log with every job gone, and the start-up
    // reconciliation runs again: jobs come back, nothing is sent.
    for (const r of [zh, en, noEmail, erased])
      await (await emails.job(notificationOf(r, 'before-P3D')))?.remove();
    await db.pool.query(
      `UPDATE subscription_checkpoints SET tx_id = 0, seq = 0 WHERE name = 'notification_email'`,
    );
    const worker = api.app.get(NotificationEmailWorker, { strict: false });
    expect(await worker.reconcile()).toBe(0); // every notification has its outcome recorded
    await until('the replayed jobs', async () => {
      const states = await Promise.all([zh, en].map((r) => emails.state(notificationOf(r, 'before-P3D'))));
      return states.every((s) => s === 'completed');
    });
    await sleep(300);
    expect(smtp.received.length).toBe(sent);
    expect(mailFor(nid)).toHaveLength(1);
    expect((await streamOf(nid)).map((e) => e.type)).toEqual(['NotificationSent', 'NotificationEmailed']);
  });

  it('shows the emails’ queue in the admins’ queue console beside the timers', async () => {
    const list = await admin.call('GET', '/api/admin/queues');
    expect(list.status).toBe(200);
    expect(list.body.queues.map((q: { name: string; backend: string }) => [q.name, q.backend])).toEqual([
      ['deadlines', backend],
      ['notification-email', backend],
    ]);
    const done = await admin.call('GET', '/api/admin/queues/jobs?queue=notification-email&state=completed');
    expect(done.status).toBe(200);
    expect(done.body.queue).toBe('notification-email');
    const nid = notificationOf(zh, 'before-P3D');
    expect(done.body.items).toContainEqual(
      expect.objectContaining({
        id: `email|${nid}`,
        data: expect.objectContaining({ notificationId: nid, kind: null }),
        attempts: expect.any(Number),
      }),
    );
    const bad = await admin.call('GET', '/api/admin/queues/jobs?queue=nope&state=failed');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('notification-email');
    expect((await zh.call('GET', '/api/admin/queues')).status).toBe(403);
  });

  it('keeps emails waiting while the SMTP server is down, blocking nothing, and sends each once it is back', async () => {
    const port = smtp.port;
    await smtp.stop();
    const zhNid = await remind(zh, 'before-P1D');
    const enNid = await remind(en, 'before-P1D');
    // Both jobs were taken and failed at least once (nothing to connect to); they wait to be retried.
    for (const nid of [zhNid, enNid])
      await until(`${nid} to fail and wait for a retry`, async () => {
        const job = await emails.job(nid);
        return job && job.attemptsMade >= 1 && (await job.getState()) !== 'completed';
      });
    expect((await streamOf(zhNid)).map((e) => e.type)).toEqual(['NotificationSent']);
    // Nothing else waits for the mail server: the inbox (a projection) already shows both reminders,
    // and every projection and reactor, the email reactor included, reaches the head of the log.
    // (The inbox is eventually consistent: wait for it rather than race it.)
    await until('the Chinese reminder in the inbox', async () => {
      const zhInbox = await zh.call('GET', '/api/notifications');
      return zhInbox.body.items.some((i: { id: string }) => i.id === zhNid);
    });
    await until('the assignment and two reminders unread for the English reviewer', async () => {
      const res = await en.call('GET', '/api/notifications/unread-count');
      return res.body.unread === 3;
    });
    const behind = () =>
      db.pool.query<{ name: string }>(
        `SELECT c.name FROM subscription_checkpoints c,
                (SELECT tx_id, seq FROM events ORDER BY tx_id DESC, seq DESC LIMIT 1) h
          WHERE (c.tx_id, c.seq) < (h.tx_id, h.seq)`,
      );
    await until(
      'every subscription at the head',
      async () => (await behind()).rows.length === 0,
      15_000,
    ).catch(async () => expect((await behind()).rows).toEqual([]));
    expect((await streamOf(zhNid)).map((e) => e.type)).toEqual(['NotificationSent']);
    // The queue loses the Chinese job meanwhile: the start-up reconciliation finds that notification in
    // the log without a recorded outcome and adds its job again — only that one, the English job is still
    // there waiting for its retry, and every earlier notification has its outcome.
    await until('the Chinese job gone from the queue', async () => {
      const job = await emails.job(zhNid);
      return job
        ? job.remove().then(
            () => true,
            () => false, // taken by the worker this instant: try again
          )
        : true;
    });
    expect(await emails.job(zhNid)).toBeFalsy();
    expect(await api.app.get(NotificationEmailWorker, { strict: false }).reconcile()).toBe(1);
    expect(await emails.job(zhNid)).toBeTruthy();

    await smtp.start(port);
    const [zhMail] = await until('the Chinese email after the outage', async () =>
      mailFor(zhNid).length === 1 ? mailFor(zhNid) : null,
    );
    const [enMail] = await until('the English email after the outage', async () =>
      mailFor(enNid).length === 1 ? mailFor(enNid) : null,
    );
    expect(zhMail!.rcptTo).toEqual([address('zh')]);
    expect(enMail!.rcptTo).toEqual([address('en')]);
    expect(zhMail!.mail.messageId).toBe(`<notification.${zhNid}@${FROM_DOMAIN}>`);
    expect(zhMail!.mail.subject).toMatch(/^评审提醒：/);
    expect(enMail!.mail.messageId).toBe(`<notification.${enNid}@${FROM_DOMAIN}>`);
    expect(enMail!.mail.subject).toMatch(/^Reminder: /);
    await until(
      'both recorded',
      async () => (await emails.state(zhNid)) === 'completed' && (await emails.state(enNid)) === 'completed',
    );
    await sleep(500);
    // Once each: retries stopped with the delivery.
    expect(smtp.received.filter((r) => r.mail.messageId === zhMail!.mail.messageId)).toHaveLength(1);
    expect(smtp.received.filter((r) => r.mail.messageId === enMail!.mail.messageId)).toHaveLength(1);
    expect((await streamOf(zhNid)).map((e) => e.type)).toEqual(['NotificationSent', 'NotificationEmailed']);
    expect((await streamOf(enNid)).map((e) => e.type)).toEqual(['NotificationSent', 'NotificationEmailed']);
  });
});
