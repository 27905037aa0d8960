import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { type CommandMetadata } from '#libs/event-store';
import {
  ExecuteStudioCommand,
  mentorshipDirectoryProjection,
  studioIdFor,
  type StudioIntent,
} from '#libs/ladder';
import { Clock, PG_POOL } from '#libs/platform';
import { OrgScope } from '../auth/org-scope.service.js';
import { ValidationProblem } from '../http/problem.js';
import { ReadYourWrites } from '../http/read-your-writes.js';
import { actorOf } from '../auth/actor.js';
import { commandMeta, ifMatchVersion, type Actor } from '../http/request-context.js';
import { ReasonDto } from '../applications/application.dto.js';
import { AddMemberDto, FoundStudioDto, USER_ID } from './mentorship.dto.js';
import { ownRole, uuidParam } from './mentorships.controller.js';
import { ApiTags } from '@nestjs/swagger';
import { Endpoint } from '../http/openapi-schema.js';
import { StudioCommandAnswer, StudioDetail, StudioList } from './ladder.responses.js';
import { parseLimit } from '../applications/applications.controller.js';
import { withinSql } from '../http/org-scope.js';
import { limitQuery, oneOf } from '../http/openapi-schema.js';

const READ_MODELS = [mentorshipDirectoryProjection.name];

/**
 * One studio per approved application: its id derives from the application's, so founding twice (two
 * offices at once, a retry without an Idempotency-Key) lands on the same stream and the decider refuses
 * the second (`studio_exists`).
 */

/** The office role a caller acts in when they hold one (admin first), else their own. */
const officeOrOwn = (a: Actor) =>
  a.roles.includes('admin') ? 'admin' : a.roles.includes('chair') ? 'chair' : ownRole(a);
/** For member affairs only an admin (or the leader, as a teacher) may act: a chair is not an office here. */
const adminOrOwn = (a: Actor) => (a.roles.includes('admin') ? 'admin' : ownRole(a));

interface StudioRow {
  id: string;
  applicationId: string;
  name: string;
  subject: string;
  leaderId: string;
  leaderName: string | null;
  orgUnit: string;
  orgUnitName: string | null;
  closed: boolean;
  foundedAt: string;
  closedAt: string | null;
  closeReason: string | null;
  version: number;
}

/**
 * 名优教师工作室 (seed 000 §五(三); DOMAIN.md "Mentorship and studios"): founded on an approved `studio`
 * application and led by its master teacher; members across schools and subjects join and leave.
 */
@ApiTags('Studios')
@Controller('api/studios')
export class StudiosController {
  constructor(
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    private readonly ryw: ReadYourWrites,
    private readonly scope: OrgScope,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  /**
   * Founds the studio of an approved `studio` application. The office (an admin, or a chair) of the
   * application's org unit or above acts on it; the decider refuses anyone else (`office_only`), the
   * applicant included — an approved application is acted on by the office, never by the applicant.
   */
  @Post()
  @HttpCode(201)
  @Endpoint({
    summary: 'Found the studio of an approved studio application (the office)',
    status: 201,
    ok: StudioCommandAnswer,
    answers: ['ETag', 'X-Log-Position', 'Location'],
    headers: ['Idempotency-Key'],
    problems: [403, 404, 422],
  })
  async found(
    @Body() body: FoundStudioDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actor = actorOf(req);
    const id = studioIdFor(body.applicationId);
    return this.run(
      id,
      { type: 'FoundStudio', applicationId: body.applicationId },
      commandMeta(req, actor, officeOrOwn(actor), this.clock.now()),
      undefined,
      reply,
      `/api/studios/${id}`,
    );
  }

  /** The leader or an admin in scope adds a teacher. */
  @Post(':id/members')
  @HttpCode(200)
  @Endpoint({
    summary: 'Add a member (the leader or an admin)',
    ok: StudioCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key', 'If-Match'],
    problems: [403, 404, 422],
  })
  async addMember(
    @Param('id') id: string,
    @Body() body: AddMemberDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    uuidParam(id);
    const actor = actorOf(req);
    const memberId = await this.memberOf(body);
    const row = await this.row(id);
    const role = row?.leaderId === actor.id ? ownRole(actor) : adminOrOwn(actor);
    return this.run(
      id,
      { type: 'AddMember', memberId },
      commandMeta(req, actor, role, this.clock.now()),
      ifMatchVersion(req),
      reply,
    );
  }

  /** A member leaves, or the leader or an admin in scope removes them; with a reason either way. */
  @Post(':id/members/:memberId/leave')
  @HttpCode(200)
  @Endpoint({
    summary: 'A member leaves, or the leader or an admin removes them, with a reason',
    ok: StudioCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key', 'If-Match'],
    problems: [403, 404, 422],
  })
  async leave(
    @Param('id') id: string,
    @Param('memberId') memberId: string,
    @Body() body: ReasonDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    uuidParam(id);
    if (!USER_ID.test(memberId))
      throw new ValidationProblem([{ field: 'memberId', message: 'memberId must be a user id' }]);
    const actor = actorOf(req);
    const row = await this.row(id);
    const role = memberId === actor.id || row?.leaderId === actor.id ? ownRole(actor) : adminOrOwn(actor);
    return this.run(
      id,
      { type: 'RemoveMember', memberId, reason: body.reason },
      commandMeta(req, actor, role, this.clock.now()),
      ifMatchVersion(req),
      reply,
    );
  }

  /** The leader or an admin in scope closes the studio; every membership ends with it. */
  @Post(':id/close')
  @HttpCode(200)
  @Endpoint({
    summary: 'Close the studio, with a reason (the leader or an admin)',
    ok: StudioCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key', 'If-Match'],
    problems: [403, 404, 422],
  })
  async close(
    @Param('id') id: string,
    @Body() body: ReasonDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    uuidParam(id);
    const actor = actorOf(req);
    const row = await this.row(id);
    const role = row?.leaderId === actor.id ? ownRole(actor) : adminOrOwn(actor);
    return this.run(
      id,
      { type: 'CloseStudio', reason: body.reason },
      commandMeta(req, actor, role, this.clock.now()),
      ifMatchVersion(req),
      reply,
    );
  }

  /**
   * 我的工作室 and 工作室管理 (UI.md §2, §5). `?mine=1`: the studios the caller leads or belongs (or
   * belonged) to. Without it, an office (admin or chair) lists the studios of its org unit and below
   * (DOMAIN.md "People and roles"), and the approved studio applications there that have no studio yet
   * — normally founded at once on the approval (seed 000 §五(三)), so one listed here is for the office
   * to found by hand (「挂牌成立」).
   */
  @Get()
  @Endpoint({
    summary:
      'Studios: yours with ?mine=1, else those of an office, with approved applications not yet founded',
    ok: StudioList,
    query: {
      mine: {
        schema: oneOf(['1', 'true']),
        description: 'Only yours, as leader or member (present or past).',
      },
      ...limitQuery(),
    },
    problems: [403],
  })
  async list(@Req() req: FastifyRequest, @Query('mine') mine?: string, @Query('limit') limit?: string) {
    const actor = actorOf(req);
    if (mine !== undefined && !['1', 'true'].includes(mine))
      throw new ValidationProblem([{ field: 'mine', message: 'mine must be 1 or true' }]);
    const max = parseLimit(limit);
    const columns = `s.studio_id AS id, s.application_id AS "applicationId", s.name, s.subject,
        s.leader_id AS "leaderId", u.display_name AS "leaderName", s.org_unit AS "orgUnit", o.name AS "orgUnitName",
        s.closed, s.founded_at AS "foundedAt", s.closed_at AS "closedAt",
        (SELECT count(*)::int FROM studio_members m WHERE m.studio_id = s.studio_id AND m.left_at IS NULL) AS "memberCount"`;
    const from = `studios s LEFT JOIN users u ON u.id = s.leader_id LEFT JOIN org_units o ON o.id = s.org_unit`;
    if (mine !== undefined) {
      const res = await this.pool.query(
        `SELECT ${columns},
                CASE WHEN s.leader_id = $1 THEN 'leader'
                     WHEN EXISTS (SELECT 1 FROM studio_members m WHERE m.studio_id = s.studio_id
                                   AND m.member_id = $1 AND m.left_at IS NULL) THEN 'member'
                     ELSE 'former' END AS "myRole"
           FROM ${from}
          WHERE s.leader_id = $1 OR EXISTS (SELECT 1 FROM studio_members m WHERE m.studio_id = s.studio_id AND m.member_id = $1)
          ORDER BY s.closed, s.founded_at DESC, s.studio_id LIMIT $2`,
        [actor.id, max],
      );
      return { items: res.rows, unfounded: [] };
    }
    if (!actor.roles.includes('admin') && !actor.roles.includes('chair'))
      throw new ForbiddenException('only an office lists studios; use ?mine=1 for your own');
    const [studios, unfounded] = await Promise.all([
      this.pool.query(
        `SELECT ${columns}, NULL AS "myRole" FROM ${from}
          WHERE ${withinSql('s.org_unit', '$1')}
          ORDER BY s.closed, s.founded_at DESC, s.studio_id LIMIT $2`,
        [actor.orgUnit, max],
      ),
      this.pool.query(
        `SELECT a.application_id AS "applicationId", a.title, a.applicant_id AS "applicantId",
                u.display_name AS "applicantName", a.org_unit AS "orgUnit", a.decided_at AS "decidedAt"
           FROM application_summaries a LEFT JOIN users u ON u.id = a.applicant_id
          WHERE a.kind = 'studio' AND a.stage = 'approved' AND ${withinSql('a.org_unit', '$1')}
            AND NOT EXISTS (SELECT 1 FROM studios s WHERE s.application_id = a.application_id)
          ORDER BY a.decided_at DESC NULLS LAST, a.application_id LIMIT $2`,
        [actor.orgUnit, max],
      ),
    ]);
    return { items: studios.rows, unfounded: unfounded.rows };
  }

  /**
   * A studio with its members. Visible to its members (present and past) and to anyone whose org unit
   * is the studio's, above it or below it (OrgScope.isVisibleTo); not to a sibling district or school.
   */
  @Get(':id')
  @Endpoint({
    summary: 'A studio with its members and former members',
    ok: StudioDetail,
    answers: ['ETag'],
    headers: ['X-Min-Position'],
    problems: [403, 404],
  })
  async detail(
    @Param('id') id: string,
    @Headers('x-min-position') minPosition: string | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    uuidParam(id);
    await this.ryw.beforeRead(READ_MODELS, minPosition);
    const actor = actorOf(req);
    const row = await this.row(id);
    if (!row) throw new NotFoundException(`no studio ${id}`);
    const spells = await this.pool.query<{
      memberId: string;
      displayName: string | null;
      role: string;
      addedBy: string;
      joinedAt: string;
      leftAt: string | null;
      removedBy: string | null;
      reason: string | null;
    }>(
      `SELECT s.member_id AS "memberId", u.display_name AS "displayName", s.role, s.added_by AS "addedBy",
              s.joined_at AS "joinedAt", s.left_at AS "leftAt", s.removed_by AS "removedBy", s.leave_reason AS reason
         FROM studio_members s LEFT JOIN users u ON u.id = s.member_id
        WHERE s.studio_id = $1 ORDER BY s.joined_version`,
      [id],
    );
    const member = spells.rows.some((s) => s.memberId === actor.id);
    if (!member && !(await this.scope.isVisibleTo(actor, row.orgUnit)))
      throw new ForbiddenException('this studio belongs to an org unit you do not see');
    void reply.header('etag', `"${row.version}"`);
    return {
      ...row,
      members: spells.rows
        .filter((s) => s.leftAt === null)
        .map(({ memberId, displayName, role, addedBy, joinedAt }) => ({
          memberId,
          displayName,
          role,
          addedBy,
          joinedAt,
        })),
      formerMembers: spells.rows.filter((s) => s.leftAt !== null),
    };
  }

  /** The member to add: the id given, or the user holding the account given. */
  private async memberOf(body: AddMemberDto): Promise<string> {
    if (body.username === undefined) return body.memberId!;
    if (body.memberId !== undefined)
      throw new ValidationProblem([
        { field: 'memberId', message: 'give exactly one of memberId or username' },
      ]);
    const res = await this.pool.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [
      body.username.trim(),
    ]);
    if (!res.rows[0]) throw new ValidationProblem([{ field: 'username', message: 'username names no user' }]);
    return res.rows[0].id;
  }

  private async row(id: string): Promise<StudioRow | null> {
    const res = await this.pool.query<StudioRow>(
      `SELECT s.studio_id AS id, s.application_id AS "applicationId", s.name, s.subject, s.leader_id AS "leaderId",
              u.display_name AS "leaderName", s.org_unit AS "orgUnit", o.name AS "orgUnitName", s.closed,
              s.founded_at AS "foundedAt", s.closed_at AS "closedAt", s.close_reason AS "closeReason", s.version
         FROM studios s LEFT JOIN users u ON u.id = s.leader_id LEFT JOIN org_units o ON o.id = s.org_unit
        WHERE s.studio_id = $1`,
      [id],
    );
    return res.rows[0] ?? null;
  }

  private async run(
    id: string,
    intent: StudioIntent,
    meta: CommandMetadata,
    expectedVersion: number | undefined,
    reply: FastifyReply,
    location?: string,
  ) {
    const outcome = await this.commands.execute(new ExecuteStudioCommand(id, intent, meta, expectedVersion));
    const answer = await this.ryw.answer(reply, READ_MODELS, outcome, location);
    const s = outcome.state;
    // The same answer as ever: a closed studio has no members; none is never left by a command.
    return {
      id,
      leaderId: s.status === 'none' ? null : s.leaderId,
      applicationId: s.status === 'none' ? null : s.applicationId,
      members: s.status === 'open' ? s.members : [],
      closed: s.status === 'closed',
      ...answer,
    };
  }
}
