import { randomUUID } from 'node:crypto';
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
import { IDENTITY_DIRECTORY, type IdentityDirectory } from '#libs/identity';
import {
  ExecuteMentorshipCommand,
  ladderPeopleProjection,
  mentorshipDirectoryProjection,
  type MentorshipIntent,
  type MentorshipState,
} from '#libs/ladder';
import { Clock, PG_POOL } from '#libs/platform';
import { parseLimit } from '../applications/applications.controller.js';
import { ValidationProblem } from '../http/problem.js';
import { ReadYourWrites } from '../http/read-your-writes.js';
import { actingAs, actorOf, commandMeta, ifMatchVersion, type Actor } from '../http/request-context.js';
import { ReasonDto } from '../applications/application.dto.js';
import { LogMeetingDto, PairMentorDto, SignOffDto } from './mentorship.dto.js';
import { ApiTags } from '@nestjs/swagger';
import { Endpoint, limitQuery, oneOf } from '../http/openapi-schema.js';
import { uuidParam } from '../http/uuid.js';
import { MentorshipCommandAnswer, MentorshipDetail, MentorshipList } from './ladder.responses.js';

/** The pairings, and the people's current units they are listed by (ladder-people.projection.ts). */
const READ_MODELS = [mentorshipDirectoryProjection.name, ladderPeopleProjection.name];

/** The role a teacher acts in for their own affairs: teacher when they hold it (least privilege). */
export const ownRole = (a: Actor) => (a.roles.includes('teacher') ? 'teacher' : (a.roles[0] ?? 'teacher'));
const isOffice = (a: Actor) => a.roles.includes('admin') || a.roles.includes('chair');

/** The command's answer: the mentorship as the command left it (a command never leaves none behind). */
const answerOf = (s: MentorshipState) =>
  s.status === 'none'
    ? { status: 'ended', mentorId: null, menteeId: null, pairedAt: null, meetingCount: 0, signedOffAt: null }
    : {
        status: s.status === 'active' && s.signedOffAt ? 'signed_off' : s.status,
        mentorId: s.mentorId,
        menteeId: s.menteeId,
        pairedAt: s.pairedAt,
        meetingCount: s.meetings,
        signedOffAt: s.signedOffAt,
      };

interface MentorshipRow {
  id: string;
  mentorId: string;
  menteeId: string;
  mentorOrgUnit: string | null;
  menteeOrgUnit: string | null;
  status: string;
  pairedAt: string;
  yearEndsAt: string;
  signedOffAt: string | null;
  signOffComment: string | null;
  endedAt: string | null;
  endReason: string | null;
  meetingCount: number;
  lastMeetingOn: string | null;
  policyVersion: string;
  version: number;
}

const ROW = `m.mentorship_id AS id, m.mentor_id AS "mentorId", m.mentee_id AS "menteeId",
  mp.org_unit AS "mentorOrgUnit", ep.org_unit AS "menteeOrgUnit", m.status,
  m.paired_at AS "pairedAt", m.year_ends_at AS "yearEndsAt", m.signed_off_at AS "signedOffAt",
  m.sign_off_comment AS "signOffComment", m.ended_at AS "endedAt", m.end_reason AS "endReason",
  m.meetings AS "meetingCount", to_char(m.last_meeting_on, 'YYYY-MM-DD') AS "lastMeetingOn",
  m.policy_version AS "policyVersion", m.version`;
/** The pair's current units are the ladder's own copy; their names are identity's (`withNames`). */
const FROM = `mentorships m LEFT JOIN ladder_people mp ON mp.person_id = m.mentor_id
  LEFT JOIN ladder_people ep ON ep.person_id = m.mentee_id`;

/**
 * 导师制度 (seed 002 (三)4; DOMAIN.md "Mentorship and studios"): the office pairs a new teacher with a
 * mentor; the pair logs meetings; the mentor signs off the year; the office (or the pair) ends it.
 */
@ApiTags('Mentorships')
@Controller('api/mentorships')
export class MentorshipsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    private readonly ryw: ReadYourWrites,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(IDENTITY_DIRECTORY) private readonly directory: IdentityDirectory,
  ) {}

  /** An admin whose org unit contains the mentee pairs them with a mentor (the handler checks scope). */
  @Post()
  @HttpCode(201)
  @Endpoint({
    summary: 'Pair a new teacher with a mentor (an admin over the mentee)',
    status: 201,
    ok: MentorshipCommandAnswer,
    answers: ['ETag', 'X-Log-Position', 'Location'],
    headers: ['Idempotency-Key'],
    problems: [403, 404, 422],
  })
  async pair(
    @Body() body: PairMentorDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actor = actorOf(req);
    const meta = commandMeta(req, actor, actingAs(actor, 'admin'), this.clock.now());
    // With an Idempotency-Key the new id is the command id, so a retry lands on the same mentorship.
    const id = req.headers['idempotency-key'] ? meta.commandId : randomUUID();
    const intent: MentorshipIntent = { type: 'PairMentor', mentorId: body.mentorId, menteeId: body.menteeId };
    return this.run(id, intent, meta, undefined, reply, `/api/mentorships/${id}`);
  }

  /** The mentor or the mentee logs a meeting. */
  @Post(':id/meetings')
  @HttpCode(200)
  @Endpoint({
    summary: 'Log a mentoring meeting (the mentor or the mentee)',
    ok: MentorshipCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key', 'If-Match'],
    problems: [403, 404, 422],
  })
  async logMeeting(
    @Param('id') id: string,
    @Body() body: LogMeetingDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    uuidParam(id);
    const actor = actorOf(req);
    const row = await this.row(id);
    const role = row?.mentorId === actor.id && actor.roles.includes('mentor') ? 'mentor' : ownRole(actor);
    return this.run(
      id,
      { type: 'LogMeeting', on: body.on, notes: body.notes },
      commandMeta(req, actor, role, this.clock.now()),
      ifMatchVersion(req),
      reply,
    );
  }

  /** The mentor signs off the school year (refused before it has lasted the policy's school years). */
  @Post(':id/sign-off')
  @HttpCode(200)
  @Endpoint({
    summary: 'Sign off the mentorship year (the mentor)',
    ok: MentorshipCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key', 'If-Match'],
    problems: [403, 404, 422],
  })
  async signOff(
    @Param('id') id: string,
    @Body() body: SignOffDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    uuidParam(id);
    const actor = actorOf(req);
    return this.run(
      id,
      { type: 'SignOffYear', comment: body.comment },
      commandMeta(req, actor, actingAs(actor, 'mentor'), this.clock.now()),
      ifMatchVersion(req),
      reply,
    );
  }

  /** An admin in scope ends a pairing; so may the mentor or the mentee (mentorship.decider.ts). */
  @Post(':id/end')
  @HttpCode(200)
  @Endpoint({
    summary: 'End a mentorship, with a reason',
    ok: MentorshipCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key', 'If-Match'],
    problems: [403, 404, 422],
  })
  async end(
    @Param('id') id: string,
    @Body() body: ReasonDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    uuidParam(id);
    const actor = actorOf(req);
    const row = await this.row(id);
    const inPair = row !== null && (row.mentorId === actor.id || row.menteeId === actor.id);
    const role = !inPair
      ? actingAs(actor, 'admin')
      : row?.mentorId === actor.id && actor.roles.includes('mentor')
        ? 'mentor'
        : ownRole(actor);
    return this.run(
      id,
      { type: 'EndMentorship', reason: body.reason },
      commandMeta(req, actor, role, this.clock.now()),
      ifMatchVersion(req),
      reply,
    );
  }

  /**
   * `?mine=1`: the caller's mentorships as mentor or mentee. Without it, an office (admin or chair)
   * lists the pairings whose mentee is in its org unit or below.
   */
  @Get()
  @Endpoint({
    summary: 'Mentorships: yours with ?mine=1, else those an office oversees',
    ok: MentorshipList,
    query: {
      mine: { schema: oneOf(['1', 'true']), description: 'Only yours, as mentor or mentee.' },
      ...limitQuery(),
    },
    headers: ['X-Min-Position'],
    problems: [403],
  })
  async list(
    @Req() req: FastifyRequest,
    @Headers('x-min-position') minPosition: string | undefined,
    @Query('mine') mine?: string,
    @Query('limit') limit?: string,
  ) {
    const actor = actorOf(req);
    if (mine !== undefined && !['1', 'true'].includes(mine))
      throw new ValidationProblem([{ field: 'mine', message: 'mine must be 1 or true' }]);
    const max = parseLimit(limit);
    if (mine === undefined && !isOffice(actor))
      throw new ForbiddenException('only an office lists mentorships; use ?mine=1 for your own');
    // A client that moved a teacher (identity's X-Log-Position) sees them listed under the new unit.
    await this.ryw.beforeRead(READ_MODELS, minPosition);
    if (mine !== undefined) {
      const res = await this.pool.query<MentorshipRow>(
        `SELECT ${ROW} FROM ${FROM} WHERE m.mentor_id = $1 OR m.mentee_id = $1
          ORDER BY m.paired_at DESC, m.mentorship_id LIMIT $2`,
        [actor.id, max],
      );
      return { items: await this.withNames(res.rows) };
    }
    // DOMAIN.md "People and roles": an office sees the pairings whose mentee is now in its unit or
    // below. Which units those are is identity's answer, asked once; the page is cut in SQL.
    const units = (await this.directory.subtree(actor.orgUnit))?.units ?? [];
    const res = await this.pool.query<MentorshipRow>(
      `SELECT ${ROW} FROM ${FROM} WHERE ep.org_unit = ANY ($1::text[])
        ORDER BY m.paired_at DESC, m.mentorship_id LIMIT $2`,
      [units, max],
    );
    return { items: await this.withNames(res.rows) };
  }

  /** The pair, or an office (admin or chair) whose org unit contains the mentor or the mentee. */
  @Get(':id')
  @Endpoint({
    summary: 'A mentorship with its meetings (the pair, or an office over them)',
    ok: MentorshipDetail,
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
    if (!row) throw new NotFoundException(`no mentorship ${id}`);
    if (row.mentorId !== actor.id && row.menteeId !== actor.id && !(await this.officeOver(actor, row)))
      throw new ForbiddenException('only the pair and the office of their org unit see a mentorship');
    const meetings = await this.pool.query(
      `SELECT to_char(met_on, 'YYYY-MM-DD') AS "on", notes, logged_by AS "loggedBy", logged_at AS "loggedAt"
         FROM mentorship_meetings WHERE mentorship_id = $1 ORDER BY met_on, version`,
      [id],
    );
    void reply.header('etag', `"${row.version}"`);
    const [named] = await this.withNames([row]);
    return { ...named, meetings: meetings.rows };
  }

  /** An office over the mentee's or the mentor's current unit; "within" is identity's answer. */
  private async officeOver(actor: Actor, row: MentorshipRow): Promise<boolean> {
    if (!isOffice(actor)) return false;
    const units = [row.menteeOrgUnit, row.mentorOrgUnit].filter((u): u is string => u !== null);
    if (units.length === 0) return false;
    return (await this.directory.within(units, actor.orgUnit)).size > 0;
  }

  /**
   * The pair's display names, from identity's directory in one look-up for the whole page (never one per
   * row). Names are personal data sealed in identity's events: an erased person reads as identity's
   * erased placeholder (DOMAIN.md "Audit trail"), a person identity does not know as null.
   */
  private async withNames(rows: readonly MentorshipRow[]) {
    const names = await this.directory.displayNames([
      ...new Set(rows.flatMap((r) => [r.mentorId, r.menteeId])),
    ]);
    return rows.map(({ id, mentorId, menteeId, ...rest }) => ({
      id,
      mentorId,
      menteeId,
      mentorName: names.get(mentorId) ?? null,
      menteeName: names.get(menteeId) ?? null,
      ...rest,
    }));
  }

  private async row(id: string): Promise<MentorshipRow | null> {
    const res = await this.pool.query<MentorshipRow>(
      `SELECT ${ROW} FROM ${FROM} WHERE m.mentorship_id = $1`,
      [id],
    );
    return res.rows[0] ?? null;
  }

  private async run(
    id: string,
    intent: MentorshipIntent,
    meta: CommandMetadata,
    expectedVersion: number | undefined,
    reply: FastifyReply,
    location?: string,
  ) {
    const outcome = await this.commands.execute(
      new ExecuteMentorshipCommand(id, intent, meta, expectedVersion),
    );
    const answer = await this.ryw.answer(reply, READ_MODELS, outcome, location);
    return { id, ...answerOf(outcome.state), ...answer };
  }
}
