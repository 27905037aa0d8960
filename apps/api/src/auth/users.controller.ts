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
  Put,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { encodePosition, forbidden } from '#libs/event-store';
import {
  ChangeUserCommand,
  DEFAULT_LOCALE,
  ErasePersonalDataCommand,
  RegisterUserCommand,
} from '#libs/identity';
import { Clock, PG_POOL } from '#libs/platform';
import { commandMeta } from '../http/request-context.js';
import { actorOf } from './actor.js';
import { Roles } from './auth.decorators.js';
import { ChangeLocaleDto, ErasePersonalDataDto, RegisterUserDto } from './identity.dto.js';
import { identityCaughtUp, identityReadAfter } from './identity-reads.js';
import { OrgScope } from './org-scope.service.js';

/** Never `password_hash`: no endpoint returns it. */
const USER_COLUMNS = `id, username, display_name AS "displayName", org_unit AS "orgUnit", school_id AS "schoolId",
  roles, tier, active, phone, email, id_card_number AS "idCardNumber", erased_at AS "erasedAt", locale, version`;

@Controller('api/users')
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    private readonly scope: OrgScope,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  /** An admin registers a user in their own org unit or below it (DOMAIN.md "People and roles"). */
  @Post()
  @Roles('admin')
  @HttpCode(201)
  async register(
    @Body() body: RegisterUserDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actor = actorOf(req);
    if ((await this.scope.unit(body.orgUnit)) && !(await this.scope.isWithin(body.orgUnit, actor.orgUnit))) {
      throw forbidden(
        'outside_admin_scope',
        'an admin may register users only in their own org unit and the units below it',
      );
    }
    const meta = commandMeta(req, actor, 'admin', this.clock.now());
    const id = req.headers['idempotency-key'] ? meta.commandId : randomUUID();
    const outcome = await this.commands.execute(
      new RegisterUserCommand(
        id,
        {
          username: body.username,
          displayName: body.displayName,
          orgUnit: body.orgUnit,
          roles: body.roles,
          tier: body.tier ?? null,
          password: body.password,
          phone: body.phone ?? null,
          email: body.email ?? null,
          idCardNumber: body.idCardNumber ?? null,
          locale: body.locale ?? null,
        },
        meta,
      ),
    );
    // Usually `id`; another id when this completed a registration left half-done (see registerUser).
    const userId = outcome.streamId.slice('user-'.length);
    const caughtUp = await identityCaughtUp(this.pool, outcome.position);
    if (outcome.position) void reply.header('x-log-position', encodePosition(outcome.position));
    void reply.header('location', `/api/users/${userId}`);
    void reply.header('etag', `"${outcome.version}"`);
    const s = outcome.state;
    return {
      id: userId,
      ...(s.exists
        ? {
            username: s.username,
            // The state holds it sealed; the caller sent it in plain text.
            displayName: body.displayName.trim(),
            orgUnit: s.orgUnit,
            roles: s.roles,
            tier: s.tier,
            active: s.active,
            locale: s.locale ?? DEFAULT_LOCALE,
          }
        : {}),
      version: outcome.version,
      duplicate: outcome.duplicate,
      readModelCaughtUp: caughtUp,
    };
  }

  /**
   * Erases the user's personal data on a lawful request (issue #6 item 6; DOMAIN.md "Audit trail"): an
   * admin whose subtree contains the user. Records `PersonalDataErased` and destroys the user's key, so
   * name, phone, email and ID-card number are unreadable everywhere from then on; the history stays.
   */
  @Post(':id/erasure')
  @Roles('admin')
  @HttpCode(200)
  async erase(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ErasePersonalDataDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actor = actorOf(req);
    // The edge check answers 403 without telling an out-of-scope admin more; the decider checks again.
    const row = (
      await this.pool.query<{ orgUnit: string }>(`SELECT org_unit AS "orgUnit" FROM users WHERE id = $1`, [
        id,
      ])
    ).rows[0];
    if (row && !(await this.scope.isWithin(row.orgUnit, actor.orgUnit))) {
      throw forbidden('outside_admin_scope', 'this user is outside your org unit and the units below it');
    }
    const meta = commandMeta(req, actor, 'admin', this.clock.now());
    const outcome = await this.commands.execute(
      new ErasePersonalDataCommand(id, { reason: body.reason, legalBasis: body.legalBasis }, meta),
    );
    const caughtUp = await identityCaughtUp(this.pool, outcome.position);
    if (outcome.position) void reply.header('x-log-position', encodePosition(outcome.position));
    void reply.header('etag', `"${outcome.version}"`);
    return {
      id,
      erased: outcome.state.exists && outcome.state.erased,
      version: outcome.version,
      duplicate: outcome.duplicate,
      readModelCaughtUp: caughtUp,
    };
  }

  /**
   * The language a user is written to in (issue 5 item 4: notification emails): a user sets their own;
   * an admin sets it for anyone in their subtree. The decider checks both again.
   */
  @Put(':id/locale')
  @HttpCode(200)
  async changeLocale(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ChangeLocaleDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actor = actorOf(req);
    const self = actor.id === id;
    if (!self) {
      if (!actor.roles.includes('admin'))
        throw forbidden('not_yours', 'you may change only your own language');
      const row = (
        await this.pool.query<{ orgUnit: string }>(`SELECT org_unit AS "orgUnit" FROM users WHERE id = $1`, [
          id,
        ])
      ).rows[0];
      if (row && !(await this.scope.isWithin(row.orgUnit, actor.orgUnit))) {
        throw forbidden('outside_admin_scope', 'this user is outside your org unit and the units below it');
      }
    }
    const meta = commandMeta(req, actor, self ? (actor.roles[0] ?? 'teacher') : 'admin', this.clock.now());
    const outcome = await this.commands.execute(
      new ChangeUserCommand(id, { type: 'ChangeLocale', locale: body.locale }, meta),
    );
    const caughtUp = await identityCaughtUp(this.pool, outcome.position);
    if (outcome.position) void reply.header('x-log-position', encodePosition(outcome.position));
    void reply.header('etag', `"${outcome.version}"`);
    return {
      id,
      locale: outcome.state.exists ? (outcome.state.locale ?? DEFAULT_LOCALE) : body.locale,
      version: outcome.version,
      duplicate: outcome.duplicate,
      readModelCaughtUp: caughtUp,
    };
  }

  /** Yourself, or — as an admin — anyone in your subtree. */
  @Get(':id')
  async get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: FastifyRequest,
    @Headers('x-min-position') minPosition: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actor = actorOf(req);
    await identityReadAfter(this.pool, minPosition);
    const self = actor.id === id;
    // Only an admin learns whether someone else exists.
    if (!self && !actor.roles.includes('admin'))
      throw forbidden('not_yours', 'you may read only your own account');
    const res = await this.pool.query<{ orgUnit: string; version: number }>(
      `SELECT ${USER_COLUMNS} FROM users WHERE id = $1`,
      [id],
    );
    const row = res.rows[0];
    if (!row) throw new NotFoundException(`no user ${id}`);
    if (!self && !(await this.scope.isWithin(row.orgUnit, actor.orgUnit))) {
      throw forbidden('outside_admin_scope', 'this user is outside your org unit and the units below it');
    }
    void reply.header('etag', `"${row.version}"`);
    // Personal fields and the erasure time appear only when there is something to show.
    const shown: Record<string, unknown> = { ...row };
    // So is the language: absent until chosen, when zh-CN (DEFAULT_LOCALE) applies.
    for (const k of ['phone', 'email', 'idCardNumber', 'erasedAt', 'locale'])
      if (shown[k] === null) delete shown[k];
    return shown;
  }
}
