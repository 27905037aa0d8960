import type { DemoSeedResult } from '#libs/identity';
import { EMAIL_QUEUE, formatDueDate, notificationInboxProjection, type EmailQueue } from '#libs/deadlines';
import { rebuildProjection } from '#libs/event-store';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { bearer, login, seedDemo } from '../identity/support/identity-test-app.js';
import { cast, day, fieldsFor, iso, rubricScores, signIn, type Person } from '../approval/support.js';
import { dropQueueKeys, until as waitUntil } from '../support/until.js';
import { TestSmtp } from './support/smtp.js';

/** This suite's patience: 30 s, polling every 50 ms. */
const until = <T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 30_000) =>
  waitUntil(what, probe, ms, 50);

// Every step a person must act on or know of is told to them as it happens (DOMAIN.md "The approval
// pipeline"), in the inbox and by email: the committee's chairs of a submission (and of a resubmission),
// each reviewer of their review and its due date, the applicant of requested changes (the reason, the
// revision's due date) and of the decision (the rationale), a trainee of their enrolment and of their
// completion (the hours). Each exactly once per occurrence and recipient, however often the reactor
// replays or the inbox is rebuilt. Over HTTP through the real app (API + worker), the timers' and the
// emails' queues on real Redis and on BullMQ's PostgreSQL backend, and a real SMTP server.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const FROM_DOMAIN = 'qingxi.example.cn';
const ANNOUNCED = [
  'application_submitted',
  'review_assigned',
  'changes_requested',
  'application_decided',
  'trainee_enrolled',
  'training_completed',
];

interface Item {
  id: string;
  kind: string;
  label: { zh: string; en: string };
  title: { zh: string; en: string };
  body: { zh: string; en: string };
  subject: { kind: string; id: string; title: string | null } | null;
  step: string;
  details: Record<string, unknown> | null;
  dueAt: string | null;
  read: boolean;
}

describe.each([['redis'], ['postgres']] as const)(
  'steps announced as they happen, queues on %s',
  (backend) => {
    const smtp = new TestSmtp();
    let db: TestDatabase;
    let api: TestApp;
    let seed: DemoSeedResult;
    let emails: EmailQueue;
    let admin: Person;
    let chair: Person;
    let chairZh: Person;
    let chairEn: Person;
    let districtChair: Person;
    let owner: Person;
    let trainee: Person;
    let reviewers: Person[];
    let idle: Person;
    let callId: string;
    let applicationId: string;
    const title = `初中数学骨干教师研修（${backend}）`;
    const address = (name: string) => `${name}.${backend}@notice.example.cn`;

    const inbox = async (p: Person, kind?: string): Promise<Item[]> => {
      const res = await p.call('GET', '/api/notifications');
      expect(res.status).toBe(200);
      return (res.body.items as Item[]).filter((i) => (kind ? i.kind === kind : ANNOUNCED.includes(i.kind)));
    };
    const told = (p: Person, kind: string, n = 1) =>
      until(`${p.login.username} told ${kind} ×${n}`, async () => {
        const got = await inbox(p, kind);
        return got.length >= n ? got : null;
      });
    const sentOf = async (kind: string) =>
      (
        await db.pool.query<{ recipient: string; key: string; data: Record<string, unknown> }>(
          `SELECT data->>'recipientId' AS recipient, data->>'key' AS key, data FROM events
          WHERE type = 'NotificationSent' AND data->>'kind' = $1 ORDER BY seq`,
          [kind],
        )
      ).rows;
    const mailsTo = (who: string, subject: RegExp) =>
      smtp.to(address(who)).filter((m) => subject.test(m.mail.subject ?? ''));
    const mailed = (who: string, subject: RegExp, n = 1) =>
      until(`${n} email(s) ${subject} to ${who}`, async () =>
        mailsTo(who, subject).length >= n ? mailsTo(who, subject) : null,
      );

    async function register(
      username: string,
      body: { orgUnit: string; roles: string[]; email?: string; locale?: string; tier?: string },
    ): Promise<Person> {
      const res = await admin.call('POST', '/api/users', {
        username,
        displayName: `用户 ${username}`,
        password: `demo-${username}`,
        ...body,
      });
      expect(res.status).toBe(201);
      const token = await login(api, username);
      return {
        login: { username, password: `demo-${username}`, orgUnit: body.orgUnit } as Person['login'],
        id: res.body.id as string,
        token,
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
          SMTP_RETRY_DELAY_MS: '200',
        },
      });
      emails = api.app.get(EMAIL_QUEUE, { strict: false });
      expect(emails.backend).toBe(backend);
      seed = await seedDemo(api, db);
      const c = cast(seed);
      admin = await signIn(api, db, c.admin);
      chair = await signIn(api, db, c.chair);
      // The city's committee has three chairs (the demo's, who has no address, one reading Chinese, one
      // English); a district has a committee of its own, which a city call is none of.
      chairZh = await register(`chair.zh.${backend}`, {
        orgUnit: c.city.id,
        roles: ['chair'],
        email: address('chair-zh'),
      });
      chairEn = await register(`chair.en.${backend}`, {
        orgUnit: c.city.id,
        roles: ['chair'],
        email: address('chair-en'),
        locale: 'en',
      });
      districtChair = await register(`chair.d.${backend}`, {
        orgUnit: c.districts[0]!.id,
        roles: ['chair'],
        email: address('chair-d'),
      });
      owner = await register(`owner.${backend}`, {
        orgUnit: c.schools[0]!.id,
        roles: ['teacher'],
        tier: 'leader',
        email: address('owner'),
        locale: 'en',
      });
      trainee = await register(`trainee.${backend}`, {
        orgUnit: c.schools[1]!.id,
        roles: ['teacher'],
        tier: 'young',
        email: address('trainee'),
      });
      const rev = await register(`rev.${backend}`, {
        orgUnit: c.city.id,
        roles: ['reviewer'],
        email: address('rev'),
      });
      const others = await Promise.all(
        c.reviewers
          .filter((r) => r.orgUnit !== c.schools[0]!.id)
          .slice(0, 3)
          .map((r) => signIn(api, db, r)),
      );
      reviewers = [rev, others[0]!, others[1]!];
      idle = others[2]!;
      const call = await chair.call('POST', '/api/calls', {
        kind: 'training_project',
        orgUnit: c.city.id,
        title: `2027 培训项目申报（${backend}）`,
        opensAt: iso(Date.now() - day),
        closesAt: iso(Date.now() + 30 * day),
      });
      expect(call.status).toBe(201);
      callId = call.body.id as string;
    }, 120_000);

    afterAll(async () => {
      const dbUrl = db?.url;
      await api?.close();
      await db?.drop();
      await smtp.stop();
      if (backend === 'redis' && dbUrl) await dropQueueKeys(REDIS_URL, dbUrl);
    });

    it('tells the chairs of the call’s committee of a submission, in both languages, and no other chair', async () => {
      const draft = await owner.call('POST', '/api/applications', {
        callId,
        title,
        fields: fieldsFor.training_project,
      });
      expect(draft.status).toBe(201);
      applicationId = draft.body.id as string;
      // A draft is the applicant's own: nobody is told of it.
      expect((await owner.call('POST', `/api/applications/${applicationId}/submit`)).status).toBe(200);

      for (const who of [chair, chairZh, chairEn]) {
        const [item] = await told(who, 'application_submitted');
        expect(item).toMatchObject({
          label: { zh: '申报已提交', en: 'Application submitted' },
          title: { zh: `申报已提交：《${title}》待指派评审`, en: `Submitted: “${title}” awaits reviewers` },
          subject: { kind: 'application', id: applicationId, title },
          step: 'submission',
          details: { revision: 1 },
          dueAt: null,
          read: false,
        });
      }
      const sent = await sentOf('application_submitted');
      expect(sent.map((s) => s.recipient).sort()).toEqual([chair.id, chairZh.id, chairEn.id].sort());
      // Not the district's chair, not the applicant, not the reviewers.
      for (const p of [districtChair, owner, ...reviewers]) expect(await inbox(p)).toEqual([]);

      const [zh] = await mailed('chair-zh', /^申报已提交/);
      expect(zh!.mail.subject).toBe(`申报已提交：《${title}》待指派评审`);
      expect(zh!.mail.text).toContain('请指派评审专家');
      const [en] = await mailed('chair-en', /^Submitted/);
      expect(en!.mail.subject).toBe(`Submitted: “${title}” awaits reviewers`);
      expect(en!.mail.headers.get('content-language')).toBe('en');
      expect(smtp.to(address('chair-d'))).toEqual([]);
    });

    it('tells each assigned reviewer of their review and its due date, and nobody else', async () => {
      const res = await chair.call('POST', `/api/applications/${applicationId}/reviewers`, {
        reviewers: reviewers.map((r) => ({ reviewerId: r.id })),
      });
      expect(res.status).toBe(200);
      const dueAt = (
        await db.pool.query<{ d: string }>(
          `SELECT data->>'dueAt' AS d FROM events WHERE stream_id = $1 AND type = 'ReviewersAssigned'`,
          [`application-${applicationId}`],
        )
      ).rows[0]!.d;
      for (const r of reviewers) {
        const [item] = await told(r, 'review_assigned');
        expect(item).toMatchObject({
          label: { zh: '评审任务', en: 'Review assigned' },
          subject: { kind: 'application', id: applicationId },
          step: 'review',
          dueAt,
        });
        expect(item!.title.zh).toBe(`评审任务：请于 ${formatDueDate(dueAt, 'zh-CN')} 前评审《${title}》`);
        expect(item!.title.en).toBe(`Review assigned: “${title}”, due ${formatDueDate(dueAt, 'en')}`);
      }
      expect((await sentOf('review_assigned')).map((s) => s.recipient).sort()).toEqual(
        reviewers.map((r) => r.id).sort(),
      );
      expect(await inbox(idle)).toEqual([]);
      const [mail] = await mailed('rev', /^评审任务/);
      expect(mail!.mail.text).toContain(`请于 ${formatDueDate(dueAt, 'zh-CN')} 前提交评分和评审意见`);
    });

    it('tells the applicant why it was sent back and by when; a resubmission goes to the chairs again', async () => {
      const reason = '请补充课程安排与考核方式';
      const res = await chairZh.call('POST', `/api/applications/${applicationId}/request-changes`, {
        reason,
      });
      expect(res.status).toBe(200);
      const revisionDueAt = (
        await db.pool.query<{ d: string }>(
          `SELECT data->>'dueAt' AS d FROM events WHERE stream_id = $1 AND type = 'ChangesRequested'`,
          [`application-${applicationId}`],
        )
      ).rows[0]!.d;
      const [item] = await told(owner, 'changes_requested');
      expect(item).toMatchObject({
        label: { zh: '申报被退回修改', en: 'Changes requested' },
        subject: { kind: 'application', id: applicationId, title },
        step: 'revision',
        dueAt: revisionDueAt,
        details: { reason, revision: 1 },
      });
      expect(item!.body.zh).toContain(`退回原因：${reason}`);
      expect(item!.body.en).toContain(`Reason: ${reason}`);
      // The applicant reads English: the email is in English, with the reason and the revision's due date.
      const [mail] = await mailed('owner', /^Changes requested/);
      expect(mail!.mail.subject).toBe(
        `Changes requested: resubmit “${title}” by ${formatDueDate(revisionDueAt, 'en')}`,
      );
      expect(mail!.mail.text).toContain(`Reason: ${reason}`);

      expect((await owner.call('POST', `/api/applications/${applicationId}/submit`)).status).toBe(200);
      const again = await told(chairEn, 'application_submitted', 2);
      expect(again[0]).toMatchObject({
        title: { en: `Resubmitted: “${title}” awaits reviewers` },
        details: { revision: 2 },
      });
      await mailed('chair-zh', /^申报已重新提交/);
      expect(await sentOf('application_submitted')).toHaveLength(6);
    });

    it('tells the applicant the decision and its rationale', async () => {
      const res = await chair.call('POST', `/api/applications/${applicationId}/reviewers`, {
        reviewers: reviewers.map((r) => ({ reviewerId: r.id })),
      });
      expect(res.status).toBe(200);
      // Assigned again for the resubmission: each reviewer is told of this review too.
      for (const r of reviewers) await told(r, 'review_assigned', 2);
      for (const r of reviewers)
        expect(
          (
            await r.call('POST', `/api/applications/${applicationId}/reviews`, {
              scores: rubricScores(88),
              comments: '设计合理',
            })
          ).status,
        ).toBe(200);
      const rationale = '三位专家一致认为方案可行，同意立项';
      const decided = await chair.call('POST', `/api/applications/${applicationId}/decision`, {
        decision: 'approve',
        rationale,
        documentsSeen: ['申报书.pdf'],
      });
      expect(decided.status).toBe(200);
      const [item] = await told(owner, 'application_decided');
      expect(item).toMatchObject({
        label: { zh: '申报已有结果', en: 'Application decided' },
        title: { zh: `申报已有结果：《${title}》已通过`, en: `Decided: “${title}” was approved` },
        subject: { kind: 'application', id: applicationId },
        step: 'decision',
        dueAt: null,
        details: { decision: 'approve', rationale },
      });
      expect(item!.body.zh).toContain(`决定理由：${rationale}`);
      const [mail] = await mailed('owner', /^Decided/);
      expect(mail!.mail.text).toContain(`Rationale: ${rationale}`);
      expect((await sentOf('application_decided')).map((s) => s.recipient)).toEqual([owner.id]);
    });

    it('tells a trainee of their enrolment and of their completion, with the hours granted', async () => {
      await until('the trainee’s ladder record', async () => {
        const r = await admin.call('GET', `/api/teachers/${trainee.id}/progression`);
        return r.status === 200;
      });
      const enrolled = await trainee.call('POST', `/api/applications/${applicationId}/enrolments`, {
        teacherId: trainee.id,
      });
      expect(enrolled.status).toBe(200);
      const [enrolment] = await told(trainee, 'trainee_enrolled');
      expect(enrolment).toMatchObject({
        label: { zh: '报名成功', en: 'Enrolled' },
        title: { zh: `报名成功：您已报名参加《${title}》` },
        subject: { kind: 'application', id: applicationId, title },
        details: { startsOn: fieldsFor.training_project.startsOn, endsOn: fieldsFor.training_project.endsOn },
      });
      const completed = await admin.call('POST', `/api/applications/${applicationId}/completions`, {
        teacherId: trainee.id,
        hours: 60,
        score: 80,
      });
      expect(completed.status).toBe(200);
      const [completion] = await told(trainee, 'training_completed');
      expect(completion).toMatchObject({
        label: { zh: '培训结业', en: 'Training completed' },
        title: { zh: `培训结业：《${title}》，登记 60 学时`, en: `Completed: “${title}”, 60 hours granted` },
        details: { hours: 60 },
      });
      const [mail] = await mailed('trainee', /^培训结业/);
      expect(mail!.mail.text).toContain('结业学时 60 学时');
      await mailed('trainee', /^报名成功/);
      expect((await sentOf('trainee_enrolled')).map((s) => s.recipient)).toEqual([trainee.id]);
      expect((await sentOf('training_completed')).map((s) => s.recipient)).toEqual([trainee.id]);
      // The owner is told of neither: the steps are the trainee's.
      expect(await inbox(owner, 'trainee_enrolled')).toEqual([]);
    });

    it('sends each notification once: a replayed reactor, re-added email jobs and a rebuilt inbox add nothing', async () => {
      const count = async (sql: string) => (await db.pool.query<{ n: number }>(sql)).rows[0]!.n;
      const notices = () =>
        count(
          `SELECT count(*)::int AS n FROM events WHERE type = 'NotificationSent'
          AND data->>'kind' = ANY ('{${ANNOUNCED.join(',')}}'::text[])`,
        );
      const before = await notices();
      // 3 chairs × 2 submissions, 3 reviewers × 2 assignments, changes, decision, enrolment, completion.
      expect(before).toBe(16);
      await until('every email settled', async () =>
        (await count(
          `SELECT count(*)::int AS n FROM events n WHERE type = 'NotificationSent' AND NOT EXISTS (
           SELECT 1 FROM events o WHERE o.stream_id = n.stream_id
              AND o.type IN ('NotificationEmailed', 'NotificationEmailSkipped'))`,
        )) === 0
          ? true
          : null,
      );
      const mailsBefore = smtp.received.length;
      const inboxBefore = await inbox(chairEn);
      const ids = (
        await db.pool.query<{ id: string }>(
          `SELECT substr(stream_id, length('notification-') + 1) AS id FROM events
      WHERE type = 'NotificationSent' AND data->>'kind' = ANY ($1::text[])`,
          [ANNOUNCED],
        )
      ).rows.map((r) => r.id);
      // The email jobs are gone too (retention, a flushed queue): the replay adds them again.
      for (const id of ids) await (await emails.job(id))?.remove();

      // The reactor replays the whole log (a lost checkpoint, a takeover mid-batch) …
      await db.pool.query(
        `UPDATE subscription_checkpoints SET tx_id = 0, seq = 0 WHERE name IN ('step_notifications', 'notification_email')`,
      );
      await until('the reactors at the head again', async () =>
        (await count(
          `SELECT count(*)::int AS n FROM subscription_checkpoints c,
                (SELECT tx_id, seq FROM events ORDER BY tx_id DESC, seq DESC LIMIT 1) h
          WHERE c.name IN ('step_notifications', 'notification_email') AND (c.tx_id, c.seq) < (h.tx_id, h.seq)`,
        )) === 0
          ? true
          : null,
      );
      // Every email job is back and done, and found its email recorded: nothing was sent again.
      await until('the re-added email jobs done', async () => {
        const states = await Promise.all(ids.map((id) => emails.state(id)));
        return states.every((st) => st === 'completed');
      });
      for (const id of ids) expect((await emails.job(id))!.returnvalue).toBe('already');
      // … and the inbox is rebuilt from the log.
      await rebuildProjection(db.pool, notificationInboxProjection);
      await new Promise((r) => setTimeout(r, 500));
      expect(await notices()).toBe(before);
      const dupes = await db.pool.query(
        `SELECT data->>'key', data->>'recipientId', count(*) FROM events WHERE type = 'NotificationSent'
        GROUP BY 1, 2 HAVING count(*) > 1`,
      );
      expect(dupes.rows).toEqual([]);
      expect(smtp.received.length).toBe(mailsBefore);
      expect(await inbox(chairEn)).toEqual(inboxBefore);
      // One email per notification, by its Message-ID.
      const messageIds = smtp.received.map((m) => m.mail.messageId);
      expect(new Set(messageIds).size).toBe(messageIds.length);
    });

    it('gives the inbox’s shape in the OpenAPI document, and refuses malformed queries naming the field', async () => {
      const doc = await api.request('GET', '/api/docs-json');
      expect(doc.status).toBe(200);
      const op = doc.body.paths['/api/notifications'].get;
      expect(op.summary).toBe('Your notifications, newest first');
      const schemas = doc.body.components.schemas;
      expect(op.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/Inbox');
      const item = schemas.Inbox.properties.items.items;
      expect(item.required).toEqual(expect.arrayContaining(['kind', 'label', 'title', 'subject', 'dueAt']));
      expect(schemas.NotificationSubject.properties.kind.enum).toEqual([
        'application',
        'call',
        'mentorship',
        'teacher',
        'org_unit',
      ]);
      expect(item.properties.kind.enum).toEqual(expect.arrayContaining(ANNOUNCED));
      for (const [query, field] of [
        ['limit=abc', 'limit'],
        ['limit=0', 'limit'],
        ['unread=yes', 'unread'],
      ]) {
        const res = await owner.call('GET', `/api/notifications?${query}`);
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
      }
      const bad = await owner.call('POST', '/api/notifications/not-a-uuid/read');
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);
      // The unread filter answers only unread ones.
      const all = await inbox(owner);
      const first = all[0]!;
      expect((await owner.call('POST', `/api/notifications/${first.id}/read`)).status).toBe(200);
      const unread = await owner.call('GET', '/api/notifications?unread=true');
      expect(unread.body.items.map((i: Item) => i.id)).not.toContain(first.id);
      expect(unread.body.items).toHaveLength(all.filter((i) => !i.read).length - 1);
    });
  },
);
