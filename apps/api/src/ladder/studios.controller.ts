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
import { OPEN_APPROVAL_STEPS, type ApprovedStudioApplication, type OpenApprovalSteps } from '#libs/approval';
import { type CommandMetadata } from '#libs/event-store';
import { IDENTITY_DIRECTORY, type IdentityDirectory } from '#libs/identity';
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
import { ownRole } from './mentorships.controller.js';
import { uuidParam } from '../http/uuid.js';
import { ApiTags } from '@nestjs/swagger';
import { Endpoint } from '../http/openapi-schema.js';
import { StudioCommandAnswer, StudioDetail, StudioList } from './ladder.responses.js';
import { parseLimit } from '../applications/applications.controller.js';
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
    @Inject(IDENTITY_DIRECTORY) private readonly directory: IdentityDirectory,
    @Inject(OPEN_APPROVAL_STEPS) private readonly approval: OpenApprovalSteps,
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
        s.leader_id AS "leaderId", NULL::text AS "leaderName", s.org_unit AS "orgUnit", NULL::text AS "orgUnitName",
        s.closed, s.founded_at AS "foundedAt", s.closed_at AS "closedAt",
        (SELECT count(*)::int FROM studio_members m WHERE m.studio_id = s.studio_id AND m.left_at IS NULL) AS "memberCount"`;
    const from = `studios s`;
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
      return { items: await this.named(res.rows), unfounded: [] };
    }
    if (!actor.roles.includes('admin') && !actor.roles.includes('chair'))
      throw new ForbiddenException('only an office lists studios; use ?mine=1 for your own');
    // DOMAIN.md "People and roles": the office's unit and the units below it, as identity's directory
    // answers (none when the unit is unknown).
    const units = (await this.directory.subtree(actor.orgUnit))?.units ?? [];
    const [studios, unfounded] = await Promise.all([
      this.pool.query<StudioRow>(
        `SELECT ${columns}, NULL AS "myRole" FROM ${from}
          WHERE s.org_unit = ANY ($1::text[])
          ORDER BY s.closed, s.founded_at DESC, s.studio_id LIMIT $2`,
        [units, max],
      ),
      this.unfounded(units, max),
    ]);
    return { items: await this.named(studios.rows), unfounded };
  }

  /**
   * Up to `max` approved studio applications of `units` with no studio yet, latest decision first:
   * approval answers the approved ones a page at a time, the ladder leaves out those it founded.
   */
  private async unfounded(units: string[], max: number) {
    const found: ApprovedStudioApplication[] = [];
    for (let offset = 0; found.length < max; offset += max) {
      const page = await this.approval.approvedStudioApplications(units, { limit: max, offset });
      const founded = new Set(
        (
          await this.pool.query<{ id: string }>(
            `SELECT application_id AS id FROM studios WHERE application_id = ANY ($1::text[])`,
            [page.map((a) => a.applicationId)],
          )
        ).rows.map((r) => r.id),
      );
      found.push(...page.filter((a) => !founded.has(a.applicationId)));
      if (page.length < max) break;
    }
    const names = await this.directory.displayNames([...new Set(found.map((a) => a.applicantId))]);
    return found.slice(0, max).map((a) => ({
      applicationId: a.applicationId,
      title: a.title,
      applicantId: a.applicantId,
      applicantName: names.get(a.applicantId) ?? null,
      orgUnit: a.orgUnit,
      decidedAt: a.decidedAt,
    }));
  }

  /** Studio rows with their leader's and unit's names, asked of identity's directory. */
  private async named<
    R extends { leaderId: string; leaderName: string | null; orgUnit: string; orgUnitName: string | null },
  >(rows: R[]): Promise<R[]> {
    const [people, units] = await Promise.all([
      this.directory.displayNames([...new Set(rows.map((r) => r.leaderId))]),
      this.directory.unitNames([...new Set(rows.map((r) => r.orgUnit))]),
    ]);
    return rows.map((r) => ({
      ...r,
      leaderName: people.get(r.leaderId) ?? null,
      orgUnitName: units.get(r.orgUnit) ?? null,
    }));
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
      `SELECT s.member_id AS "memberId", NULL::text AS "displayName", s.role, s.added_by AS "addedBy",
              s.joined_at AS "joinedAt", s.left_at AS "leftAt", s.removed_by AS "removedBy", s.leave_reason AS reason
         FROM studio_members s
        WHERE s.studio_id = $1 ORDER BY s.joined_version`,
      [id],
    );
    const names = await this.directory.displayNames([...new Set(spells.rows.map((s) => s.memberId))]);
    for (const s of spells.rows) s.displayName = names.get(s.memberId) ?? null;
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
    const username = body.username.trim();
    const account = (await this.directory.byUsernames([username])).get(username);
    if (!account) throw new ValidationProblem([{ field: 'username', message: 'username names no user' }]);
    return account.id;
  }

  private async row(id: string): Promise<StudioRow | null> {
    const res = await this.pool.query<StudioRow>(
      `SELECT s.studio_id AS id, s.application_id AS "applicationId", s.name, s.subject, s.leader_id AS "leaderId",
              NULL::text AS "leaderName", s.org_unit AS "orgUnit", NULL::text AS "orgUnitName", s.closed,
              s.founded_at AS "foundedAt", s.closed_at AS "closedAt", s.close_reason AS "closeReason", s.version
         FROM studios s
        WHERE s.studio_id = $1`,
      [id],
    );
    return res.rows[0] ? ((await this.named(res.rows))[0] ?? null) : null;
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
