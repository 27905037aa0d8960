import { Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import { APPROVAL_TITLES, type ApprovalTitles } from '#libs/approval';
import {
  ExecuteNotificationCommand,
  notificationInboxProjection,
  notificationLabel,
  renderNotificationText,
  subjectOfStream,
  type NotificationDetails,
} from '#libs/deadlines';
import { encodePosition } from '#libs/event-store';
import { IDENTITY_DIRECTORY, type IdentityDirectory } from '#libs/identity';
import { Clock, PG_POOL } from '#libs/platform';
import { actorOf, commandMeta } from '../http/request-context.js';
import { ReadYourWrites } from '../http/read-your-writes.js';
import { ValidationProblem } from '../http/problem.js';
import { Endpoint, limitQuery, oneOf } from '../http/openapi-schema.js';
import { uuidParam } from '../http/uuid.js';
import { Inbox, NotificationRead, UnreadCount } from './notification.responses.js';

const READ_MODELS = [notificationInboxProjection.name];

function parseLimit(raw: string | undefined, max = 100): number {
  if (raw === undefined) return 50;
  if (!/^\d{1,4}$/.test(raw) || Number(raw) < 1)
    throw new ValidationProblem([
      { field: 'limit', message: `limit must be a whole number from 1 to ${max}` },
    ]);
  // A larger page is served at the largest size, as before.
  return Math.min(Number(raw), max);
}

function parseUnread(raw: string | undefined): boolean {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new ValidationProblem([{ field: 'unread', message: 'unread must be true or false' }]);
}

interface InboxRow {
  id: string;
  kind: string;
  step: string;
  streamId: string | null;
  subjectId: string | null;
  applicationId: string | null;
  reviewerId: string | null;
  revision: number | null;
  details: NotificationDetails | null;
  dueAt: Date | null;
  sentAt: Date;
  readAt: Date | null;
}

/**
 * The in-app inbox (DOMAIN.md "Deadlines and reminders"): a user sees only their own notifications, newest first, and marks
 * them read. Any signed-in user has an inbox, so no role is required beyond a valid token. Each item
 * says in both languages what happened (`label`, `title`, `body`: the same wording as the email) and
 * what it is about (`subject`), so a page can show it and link to it without knowing the kinds.
 */
@ApiTags('Notifications')
@Controller('api/notifications')
export class NotificationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    private readonly ryw: ReadYourWrites,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(APPROVAL_TITLES) private readonly titles: ApprovalTitles,
    @Inject(IDENTITY_DIRECTORY) private readonly directory: IdentityDirectory,
  ) {}

  @Get()
  @Endpoint({
    summary: 'Your notifications, newest first',
    ok: Inbox,
    headers: ['X-Min-Position'],
    query: {
      ...limitQuery(),
      unread: { schema: oneOf(['true', 'false']), description: '`true`: unread only.' },
    },
  })
  async list(
    @Req() req: FastifyRequest,
    @Query('limit') limit?: string,
    @Query('unread') unread?: string,
    @Headers('x-min-position') minPosition?: string,
  ) {
    const actor = actorOf(req);
    const onlyUnread = parseUnread(unread);
    const max = parseLimit(limit);
    await this.ryw.beforeRead(READ_MODELS, minPosition);
    const res = await this.pool.query<InboxRow>(
      `SELECT notification_id AS id, kind, step, stream_id AS "streamId", subject_id AS "subjectId",
              application_id AS "applicationId", reviewer_id AS "reviewerId", revision, details,
              due_at AS "dueAt", sent_at AS "sentAt", read_at AS "readAt"
         FROM notifications
        WHERE recipient_id = $1 ${onlyUnread ? 'AND read_at IS NULL' : ''}
        ORDER BY sent_at DESC, seq DESC
        LIMIT $2`,
      [actor.id, max],
    );
    const titleOf = await this.subjectTitles(res.rows);
    return {
      items: res.rows.map((r) => {
        const applicationTitle = titleOf(r);
        // The same wording as the email (email-templates.ts), in each language.
        const context = {
          kind: r.kind,
          dueAt: r.dueAt ? r.dueAt.toISOString() : null,
          title: applicationTitle,
          details: r.details,
        };
        const zh = renderNotificationText(context, 'zh-CN');
        const en = renderNotificationText(context, 'en');
        const label = notificationLabel(r.kind);
        const title = { zh: zh.subject, en: en.subject };
        // Rows written before the inbox kept stream ids (review steps only) are about their application.
        const subject = subjectOfStream(
          r.streamId ?? (r.applicationId ? `application-${r.applicationId}` : null),
          r.subjectId ?? r.applicationId,
        );
        return {
          id: r.id,
          kind: r.kind,
          label: { zh: label['zh-CN'], en: label.en },
          title,
          body: { zh: zh.paragraphs.join('\n'), en: en.paragraphs.join('\n') },
          message: title,
          subject: subject ? { ...subject, title: applicationTitle } : null,
          step: r.step,
          details: r.details,
          dueAt: r.dueAt ? r.dueAt.toISOString() : null,
          sentAt: r.sentAt.toISOString(),
          readAt: r.readAt ? r.readAt.toISOString() : null,
          read: r.readAt !== null,
          applicationId: r.applicationId,
          subjectId: r.subjectId,
          applicationTitle,
          reviewerId: r.reviewerId,
          revision: r.revision,
        };
      }),
    };
  }

  /**
   * What each notification of a page names: its application's title, else the call's (a call closing),
   * else the office's name (an annual summary owed, seed 004 §三); null when none is known. Asked of their
   * owners (ARCHITECTURE.md "Between contexts": approval's titles, identity's directory), once per page
   * and never per row, and looked up as shown rather than kept with the notification: a revision may
   * retitle an application, and the inbox shows the title it has now.
   */
  private async subjectTitles(rows: readonly InboxRow[]): Promise<(r: InboxRow) => string | null> {
    const ids = (step: string) =>
      rows.filter((r) => r.step === step && r.subjectId !== null).map((r) => r.subjectId!);
    const [applications, calls, offices] = await Promise.all([
      this.titles.applicationTitles(rows.flatMap((r) => (r.applicationId === null ? [] : [r.applicationId]))),
      this.titles.callTitles(ids('call_close')),
      this.directory.unitNames(ids('annual_summary')),
    ]);
    return (r) =>
      (r.applicationId === null ? undefined : applications.get(r.applicationId)) ??
      (r.step === 'call_close' && r.subjectId !== null ? calls.get(r.subjectId) : undefined) ??
      (r.step === 'annual_summary' && r.subjectId !== null ? offices.get(r.subjectId) : undefined) ??
      null;
  }

  @Get('unread-count')
  @Endpoint({
    summary: 'How many of your notifications are unread',
    ok: UnreadCount,
    headers: ['X-Min-Position'],
  })
  async unreadCount(@Req() req: FastifyRequest, @Headers('x-min-position') minPosition?: string) {
    const actor = actorOf(req);
    await this.ryw.beforeRead(READ_MODELS, minPosition);
    const res = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1 AND read_at IS NULL`,
      [actor.id],
    );
    return { unread: res.rows[0]!.n };
  }

  @Post(':id/read')
  @HttpCode(200)
  @Endpoint({
    summary: 'Mark one of your notifications read',
    ok: NotificationRead,
    headers: ['Idempotency-Key'],
    problems: [400, 403, 404, 422],
  })
  async markRead(@Param('id') id: string, @Req() req: FastifyRequest) {
    uuidParam(id);
    const actor = actorOf(req);
    const meta = commandMeta(req, actor, actor.roles[0] ?? 'teacher', this.clock.now());
    const outcome = await this.commands.execute(
      new ExecuteNotificationCommand(id, { type: 'MarkNotificationRead' }, meta),
    );
    const caughtUp = await this.ryw.afterWrite(READ_MODELS, outcome.position);
    return {
      id,
      read: outcome.state.read,
      events: outcome.events.map((e) => e.type),
      position: outcome.position ? encodePosition(outcome.position) : null,
      readModelCaughtUp: caughtUp,
    };
  }
}
