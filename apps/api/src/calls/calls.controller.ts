import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import {
  APPLICATION_KINDS,
  ExecuteCallCommand,
  applicationSummaryProjection,
  type CallCommand,
} from '#libs/approval';

import { Clock, PG_POOL } from '#libs/platform';
import { IDENTITY_DIRECTORY, type IdentityDirectory } from '#libs/identity';
import { OrgScope } from '../auth/org-scope.service.js';
import { actingAs, actorOf, commandMeta, ifMatchVersion } from '../http/request-context.js';
import { ReadYourWrites } from '../http/read-your-writes.js';
import { OpenCallDto, ReasonDto } from '../applications/application.dto.js';
import { parseLimit } from '../applications/applications.controller.js';
import { ApiTags } from '@nestjs/swagger';
import { Endpoint, limitQuery, oneOf } from '../http/openapi-schema.js';
import { CallCommandAnswer, CallList } from '../applications/application.responses.js';

/** 申报通知: chairs and admins open calls for their org unit or below; everyone signed in can read them. */
@ApiTags('Calls')
@Controller('api/calls')
export class CallsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    private readonly ryw: ReadYourWrites,
    private readonly scope: OrgScope,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(IDENTITY_DIRECTORY) private readonly directory: IdentityDirectory,
  ) {}

  @Post()
  @HttpCode(201)
  @Endpoint({
    summary: 'Open a call for applications for your unit or below',
    status: 201,
    ok: CallCommandAnswer,
    answers: ['ETag', 'X-Log-Position', 'Location'],
    headers: ['Idempotency-Key'],
    problems: [403, 422],
  })
  async open(
    @Body() body: OpenCallDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actor = actorOf(req);
    const role = actingAs(actor, actor.roles.includes('chair') ? 'chair' : 'admin');
    if (!(await this.scope.isWithin(body.orgUnit, actor.orgUnit)))
      throw new ForbiddenException('you may open calls only for your org unit and below');
    const meta = commandMeta(req, actor, role, this.clock.now());
    const id = req.headers['idempotency-key'] ? meta.commandId : randomUUID();
    const command: CallCommand = {
      type: 'OpenCall',
      kind: body.kind,
      orgUnit: body.orgUnit,
      title: body.title,
      opensAt: body.opensAt,
      closesAt: body.closesAt,
    };
    return this.run(id, command, meta, undefined, reply, `/api/calls/${id}`);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Endpoint({
    summary: 'Close a call early, with a reason',
    ok: CallCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key', 'If-Match'],
    problems: [403, 404, 422],
  })
  async close(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ReasonDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actor = actorOf(req);
    const role = actingAs(actor, actor.roles.includes('chair') ? 'chair' : 'admin');
    const call = await this.pool.query<{ org_unit: string }>(
      'SELECT org_unit FROM calls WHERE call_id = $1',
      [id],
    );
    if (!call.rows[0]) throw new NotFoundException(`no call ${id}`);
    if (!(await this.scope.isWithin(call.rows[0].org_unit, actor.orgUnit)))
      throw new ForbiddenException('this call belongs to another org unit');
    return this.run(
      id,
      { type: 'CloseCall', reason: body.reason },
      commandMeta(req, actor, role, this.clock.now()),
      ifMatchVersion(req),
      reply,
    );
  }

  /** Calls an applicant in this org unit may answer: those of their unit and the units above it. */
  @Get()
  @Endpoint({
    summary: 'Calls you may answer: those of your unit and the units above it',
    ok: CallList,
    query: {
      kind: { schema: oneOf(APPLICATION_KINDS), description: 'Only calls for this kind.' },
      ...limitQuery(),
    },
  })
  async list(@Req() req: FastifyRequest, @Query('kind') kind?: string, @Query('limit') limit?: string) {
    const actor = actorOf(req);
    if (kind !== undefined && !(APPLICATION_KINDS as readonly string[]).includes(kind))
      throw new BadRequestException(`kind must be one of ${APPLICATION_KINDS.join(', ')}`);
    const res = await this.pool.query(
      `SELECT call_id AS id, kind, org_unit AS "orgUnit", title, opens_at AS "opensAt", closes_at AS "closesAt", closed
         FROM calls c
        WHERE ($2::text IS NULL OR kind = $2) AND c.org_unit = ANY ($1::text[])
        ORDER BY opens_at DESC, call_id LIMIT $3`,
      // Calls of the caller's unit and of the units above it, from identity's directory (no join on its tree).
      [await this.directory.ancestors(actor.orgUnit), kind ?? null, parseLimit(limit)],
    );
    return { items: res.rows };
  }

  private async run(
    id: string,
    command: CallCommand,
    meta: ReturnType<typeof commandMeta>,
    expectedVersion: number | undefined,
    reply: FastifyReply,
    location?: string,
  ) {
    const outcome = await this.commands.execute(new ExecuteCallCommand(id, command, meta, expectedVersion));
    const answer = await this.ryw.answer(reply, [applicationSummaryProjection.name], outcome, location);
    return {
      id,
      ...answer,
    };
  }
}
