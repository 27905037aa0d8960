import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  Get,
  Headers,
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
import { encodePosition, forbidden } from '#libs/event-store';
import { CreateOrgUnitCommand } from '#libs/identity';
import { Clock, PG_POOL } from '#libs/platform';
import { commandMeta } from '../http/request-context.js';
import { actorOf } from './actor.js';
import { Roles } from './auth.decorators.js';
import { CreateOrgUnitDto, ListOrgUnitsQuery } from './identity.dto.js';
import { identityCaughtUp, identityReadAfter } from './identity-reads.js';
import { OrgScope } from './org-scope.service.js';
import { ApiTags } from '@nestjs/swagger';
import { Endpoint } from '../http/openapi-schema.js';
import { OrgUnit, OrgUnitCreated, OrgUnitList } from './identity.responses.js';

/**
 * The org-unit tree (DOMAIN.md "Organisation"). Admins add units in their own subtree; anyone signed in
 * reads the units on their own branch (their unit, above it and below it), nothing beside it.
 */
@ApiTags('Org units')
@Controller('api/org-units')
export class OrgUnitsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    private readonly scope: OrgScope,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  @Post()
  @Roles('admin')
  @HttpCode(201)
  @Endpoint({
    summary: 'Create an org unit in your subtree',
    status: 201,
    ok: OrgUnitCreated,
    answers: ['ETag', 'X-Log-Position', 'Location'],
    headers: ['Idempotency-Key'],
    problems: [403, 422],
  })
  async create(
    @Body() body: CreateOrgUnitDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actor = actorOf(req);
    // Edge check of the admin's scope; the decider checks it again from the streams.
    if (
      (await this.scope.unit(body.parentId)) &&
      !(await this.scope.isWithin(body.parentId, actor.orgUnit))
    ) {
      throw forbidden(
        'outside_admin_scope',
        'an admin may create org units only in their own org unit and the units below it',
      );
    }
    const meta = commandMeta(req, actor, 'admin', this.clock.now());
    // With an Idempotency-Key the new id is the command id, so a retry lands on the same unit.
    const id = req.headers['idempotency-key'] ? meta.commandId : randomUUID();
    const outcome = await this.commands.execute(
      new CreateOrgUnitCommand(id, { name: body.name, level: body.level, parentId: body.parentId }, meta),
    );
    const caughtUp = await identityCaughtUp(this.pool, outcome.position, reply);
    if (outcome.position) void reply.header('x-log-position', encodePosition(outcome.position));
    void reply.header('location', `/api/org-units/${id}`);
    void reply.header('etag', `"${outcome.version}"`);
    const s = outcome.state;
    return {
      id,
      ...(s.exists ? { name: s.name, level: s.level, parentId: s.parentId } : {}),
      version: outcome.version,
      duplicate: outcome.duplicate,
      readModelCaughtUp: caughtUp,
    };
  }

  @Get(':id')
  @Endpoint({
    summary: 'An org unit on your branch of the tree',
    ok: OrgUnit,
    headers: ['X-Min-Position'],
    problems: [404],
  })
  async get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: FastifyRequest,
    @Headers('x-min-position') minPosition: string | undefined,
  ) {
    const actor = actorOf(req);
    await identityReadAfter(this.pool, minPosition);
    const unit = await this.scope.unit(id);
    if (!unit) throw new NotFoundException(`no org unit ${id}`);
    if (!(await this.scope.isVisibleTo(actor, id))) {
      throw forbidden('outside_scope', 'this org unit is outside your part of the organisation');
    }
    return unit;
  }

  /** `?parent=<id>`: its children you may see. Without it: your own unit and everything below it. */
  @Get()
  @Endpoint({
    summary: 'Org units you may see: your unit and below, or the children of `parent`',
    ok: OrgUnitList,
    headers: ['X-Min-Position'],
    problems: [404],
  })
  async list(
    @Query() query: ListOrgUnitsQuery,
    @Req() req: FastifyRequest,
    @Headers('x-min-position') minPosition: string | undefined,
  ) {
    const actor = actorOf(req);
    await identityReadAfter(this.pool, minPosition);
    if (query.parent !== undefined) {
      if (!(await this.scope.unit(query.parent))) throw new NotFoundException(`no org unit ${query.parent}`);
      if (!(await this.scope.isVisibleTo(actor, query.parent))) {
        throw forbidden('outside_scope', 'this org unit is outside your part of the organisation');
      }
    }
    const limit = query.limit ?? 200;
    const items = await this.scope.visibleUnits(actor, query.parent ?? null, limit);
    return { items, limit };
  }
}
