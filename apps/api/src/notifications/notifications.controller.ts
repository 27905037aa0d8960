import {
  BadRequestException,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import {
  ExecuteNotificationCommand,
  notificationInboxProjection,
  renderNotificationEmail,
} from '#libs/deadlines';
import { encodePosition } from '#libs/event-store';
import { Clock, PG_POOL } from '#libs/platform';
import { actorOf, commandMeta } from '../http/request-context.js';
import { ReadYourWrites } from '../http/read-your-writes.js';

const READ_MODELS = [notificationInboxProjection.name];

function parseLimit(raw: string | undefined, max = 100): number {
  if (raw === undefined) return 50;
  if (!/^\d{1,4}$/.test(raw) || Number(raw) < 1)
    throw new BadRequestException(`limit must be a whole number from 1 to ${max}`);
  return Math.min(Number(raw), max);
}

interface InboxRow {
  id: string;
  kind: string;
  /** `review` or one of the other steps (libs/deadlines `STEPS`). */
  step: string;
  /** What the step is about: the application, call, mentorship, teacher or org unit. */
  subjectId: string | null;
  applicationId: string | null;
  /** The application's title, or the call's, or the org unit's name: what the message names. */
  applicationTitle: string | null;
  reviewerId: string | null;
  revision: number | null;
  dueAt: Date;
  sentAt: Date;
  readAt: Date | null;
}

/**
 * The in-app inbox (issue 5 item 4): a user sees only their own notifications, newest first, and marks
 * them read. Any signed-in user has an inbox, so no role is required beyond a valid token.
 */
@Controller('api/notifications')
export class NotificationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    private readonly ryw: ReadYourWrites,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  @Get()
  async list(
    @Req() req: FastifyRequest,
    @Query('limit') limit?: string,
    @Query('unread') unread?: string,
    @Headers('x-min-position') minPosition?: string,
  ) {
    const actor = actorOf(req);
    await this.ryw.beforeRead(READ_MODELS, minPosition);
    const res = await this.pool.query<InboxRow>(
      `SELECT n.notification_id AS id, n.kind, n.step, n.subject_id AS "subjectId",
              n.application_id AS "applicationId", COALESCE(a.title, c.title, o.name) AS "applicationTitle",
              n.reviewer_id AS "reviewerId", n.revision, n.due_at AS "dueAt", n.sent_at AS "sentAt", n.read_at AS "readAt"
         FROM notifications n
         LEFT JOIN application_summaries a ON a.application_id = n.application_id
         LEFT JOIN calls c ON n.step = 'call_close' AND c.call_id = n.subject_id
         LEFT JOIN org_units o ON n.step = 'annual_summary' AND o.id = n.subject_id
        WHERE n.recipient_id = $1 ${unread === 'true' ? 'AND n.read_at IS NULL' : ''}
        ORDER BY n.sent_at DESC, n.seq DESC
        LIMIT $2`,
      [actor.id, parseLimit(limit)],
    );
    return {
      items: res.rows.map((r) => {
        // The same wording as the email (email-templates.ts), one line in each language.
        const context = { kind: r.kind, dueAt: r.dueAt.toISOString(), title: r.applicationTitle };
        return {
          ...r,
          read: r.readAt !== null,
          message: {
            zh: renderNotificationEmail(context, 'zh-CN').subject,
            en: renderNotificationEmail(context, 'en').subject,
          },
        };
      }),
    };
  }

  @Get('unread-count')
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
  async markRead(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: FastifyRequest) {
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
