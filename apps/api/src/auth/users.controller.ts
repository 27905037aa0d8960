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
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { encodePosition, forbidden, loadState, refuse, type EventStore } from '#libs/event-store';
import {
  ChangeUserCommand,
  DEFAULT_LOCALE,
  ErasePersonalDataCommand,
  RegisterUserCommand,
  userDecider,
  verifyPassword,
  type UserChange,
} from '#libs/identity';
import { Clock, EVENT_STORE, PG_POOL } from '#libs/platform';
import { commandMeta } from '../http/request-context.js';
import { actorOf, sessionOf, type Actor } from './actor.js';
import { Roles } from './auth.decorators.js';
import {
  AccountReasonDto,
  ChangeLocaleDto,
  ChangeOwnPasswordDto,
  ChangeRolesDto,
  ErasePersonalDataDto,
  ListUsersQuery,
  PasswordResetDto,
  RegisterUserDto,
  TransferUserDto,
} from './identity.dto.js';
import { AUTH_SETTINGS, type AuthSettings } from './auth-settings.js';
import { clearSessionCookies } from './session-cookies.js';
import { identityCaughtUp, identityReadAfter } from './identity-reads.js';
import { OrgScope } from './org-scope.service.js';
import { ApiTags } from '@nestjs/swagger';
import { Endpoint, type EndpointDoc } from '../http/openapi-schema.js';
import {
  LocaleChanged,
  User,
  UserChanged,
  UserErased,
  UserList,
  UserRegistered,
  UserTransferred,
  UserUnitHistory,
} from './identity.responses.js';

/** Never `password_hash`: no endpoint returns it. */
const USER_COLUMNS = `id, username, display_name AS "displayName", org_unit AS "orgUnit", school_id AS "schoolId",
  roles, tier, subject, active, phone, email, id_card_number AS "idCardNumber", erased_at AS "erasedAt", locale, version`;

/** What every admin command on a user answers: the user's new version, a retry key, 404 and refusals. */
const ADMIN_CHANGE: Omit<EndpointDoc, 'summary'> = {
  ok: UserChanged,
  answers: ['ETag', 'X-Log-Position'],
  headers: ['Idempotency-Key'],
  problems: [404, 422],
};

@ApiTags('Users')
@Controller('api/users')
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    private readonly scope: OrgScope,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  /**
   * The office's user list (UI.md §5 用户管理): the users in the admin's org unit and below it, searched by
   * name, username or the name of their school or unit, filtered by role, tier, unit and state, a page at
   * a time with the total.
   */
  @Get()
  @Roles('admin')
  @Endpoint({
    summary: 'List and search the users in your org unit and below',
    ok: UserList,
    headers: ['X-Min-Position'],
  })
  async list(
    @Query() query: ListUsersQuery,
    @Req() req: FastifyRequest,
    @Headers('x-min-position') minPosition: string | undefined,
  ) {
    const actor = actorOf(req);
    await identityReadAfter(this.pool, minPosition);
    const within = query.orgUnitId ?? actor.orgUnit;
    if (query.orgUnitId !== undefined && !(await this.scope.isWithin(query.orgUnitId, actor.orgUnit))) {
      throw forbidden('outside_admin_scope', 'this org unit is outside your org unit and the units below it');
    }
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const like = query.q === undefined ? null : `%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const res = await this.pool.query<Record<string, unknown> & { total: string }>(
      `SELECT u.id, u.username, u.display_name AS "displayName", u.org_unit AS "orgUnit", o.name AS "orgUnitName",
              u.school_id AS "schoolId", sch.name AS "schoolName", u.roles, u.tier, u.subject, u.active,
              COALESCE(u.locale, $8) AS locale, u.version, count(*) OVER () AS total
         FROM users u
         JOIN org_units o ON o.id = u.org_unit
         JOIN org_units a ON a.id = $1 AND starts_with(o.path, a.path)
         LEFT JOIN org_units sch ON sch.id = u.school_id
        WHERE ($2::text IS NULL OR u.username ILIKE $2 OR u.display_name ILIKE $2 OR o.name ILIKE $2 OR sch.name ILIKE $2
               OR u.subject ILIKE $2)
          AND ($3::text IS NULL OR $3 = ANY (u.roles))
          AND ($4::text IS NULL OR u.tier = $4)
          AND ($5::boolean IS NULL OR u.active = $5)
        ORDER BY u.username
        LIMIT $6 OFFSET $7`,
      [
        within,
        like,
        query.role ?? null,
        query.tier ?? null,
        query.active === undefined ? null : query.active === 'true',
        limit,
        offset,
        DEFAULT_LOCALE,
      ],
    );
    let total = res.rows[0] ? Number(res.rows[0].total) : 0;
    if (res.rows.length === 0 && offset > 0) {
      // Past the last page: the window function saw no row, so count on its own.
      const counted = await this.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM users u JOIN org_units o ON o.id = u.org_unit
           JOIN org_units a ON a.id = $1 AND starts_with(o.path, a.path)
           LEFT JOIN org_units sch ON sch.id = u.school_id
          WHERE ($2::text IS NULL OR u.username ILIKE $2 OR u.display_name ILIKE $2 OR o.name ILIKE $2 OR sch.name ILIKE $2)
            AND ($3::text IS NULL OR $3 = ANY (u.roles))
            AND ($4::text IS NULL OR u.tier = $4)
            AND ($5::boolean IS NULL OR u.active = $5)`,
        [
          within,
          like,
          query.role ?? null,
          query.tier ?? null,
          query.active === undefined ? null : query.active === 'true',
        ],
      );
      total = Number(counted.rows[0]!.n);
    }
    return { items: res.rows.map(({ total: _t, ...row }) => row), total, limit, offset };
  }

  /**
   * A user changes their own password, proving the current one. Every session of theirs ends, this one
   * too (DOMAIN.md "People and roles"; a password change must shut out whoever else had signed in).
   */
  @Put('me/password')
  @HttpCode(204)
  @Endpoint({
    summary: 'Change your own password (every session of yours ends; sign in again)',
    status: 204,
    answers: ['Set-Cookie'],
    problems: [422],
  })
  async changeOwnPassword(
    @Body() body: ChangeOwnPasswordDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actor = actorOf(req);
    const { state } = await loadState(this.store, userDecider, `user-${actor.id}`);
    if (!state.exists || !(await verifyPassword(body.currentPassword, state.passwordHash)))
      throw refuse('wrong_current_password', 'the current password is not right');
    if (body.newPassword === body.currentPassword)
      throw refuse('same_password', 'the new password must differ from the current one');
    const meta = commandMeta(req, actor, actor.role, this.clock.now());
    await this.commands.execute(
      new ChangeUserCommand(actor.id, { type: 'ChangePassword', password: body.newPassword }, meta),
    );
    if (sessionOf(req)?.kind === 'cookie')
      clearSessionCookies(reply, { secure: this.settings.secureCookies });
  }

  /** An admin over the user sets their roles; their sessions end, so the new roles apply at once. */
  @Put(':id/roles')
  @Roles('admin')
  @Endpoint({
    summary: 'Set a user’s roles (an admin over them; their sessions end)',
    ...ADMIN_CHANGE,
  })
  changeRoles(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ChangeRolesDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.adminChange(id, { type: 'ChangeRoles', roles: body.roles }, req, reply);
  }

  /** An admin over the user closes the account: it no longer signs in, and its sessions end at once. */
  @Post(':id/deactivation')
  @Roles('admin')
  @HttpCode(200)
  @Endpoint({
    summary: 'Deactivate a user (an admin over them; their sessions end at once)',
    ...ADMIN_CHANGE,
  })
  deactivate(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AccountReasonDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.adminChange(id, { type: 'DeactivateUser', reason: body.reason }, req, reply);
  }

  /** An admin over the user opens a deactivated account again; it signs in with its password. */
  @Post(':id/reactivation')
  @Roles('admin')
  @HttpCode(200)
  @Endpoint({
    summary: 'Reactivate a deactivated user (an admin over them)',
    ...ADMIN_CHANGE,
  })
  reactivate(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AccountReasonDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.adminChange(id, { type: 'ReactivateUser', reason: body.reason }, req, reply);
  }

  /** An admin over the user sets a temporary password (told to them out of band); their sessions end. */
  @Post(':id/password-reset')
  @Roles('admin')
  @HttpCode(200)
  @Endpoint({
    summary: 'Reset a user’s password to a temporary one (an admin over them; their sessions end)',
    ...ADMIN_CHANGE,
  })
  resetPassword(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: PasswordResetDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.adminChange(id, { type: 'ChangePassword', password: body.temporaryPassword }, req, reply);
  }

  /**
   * An admin moves a user to another org unit — a teacher to another school — with a reason (DOMAIN.md
   * "Organisation"). The admin must be over both the unit the user leaves and the one they join, i.e.
   * over the closest unit containing both: a district moves teachers between its schools, the city
   * between districts. The user's sessions end (they spoke for the old unit); the history keeps it.
   */
  @Post(':id/transfer')
  @Roles('admin')
  @HttpCode(200)
  @Endpoint({
    summary: 'Transfer a user to another org unit (an admin over both units; their sessions end)',
    ok: UserTransferred,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key'],
    problems: [403, 404, 422],
  })
  async transfer(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: TransferUserDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actor = actorOf(req);
    const known = await this.pool.query(`SELECT 1 FROM users WHERE id = $1`, [id]);
    if (known.rowCount === 0) throw new NotFoundException(`no user ${id}`);
    await this.requireAdminOverUser(actor, id);
    // Edge check of the destination, as for the user; the decider checks both again from the streams.
    if (
      (await this.scope.unit(body.orgUnitId)) &&
      !(await this.scope.isWithin(body.orgUnitId, actor.orgUnit))
    ) {
      throw forbidden(
        'outside_admin_scope',
        'the new org unit is outside your org unit and the units below it',
      );
    }
    const meta = commandMeta(req, actor, 'admin', this.clock.now());
    const outcome = await this.commands.execute(
      new ChangeUserCommand(
        id,
        { type: 'TransferUser', orgUnitId: body.orgUnitId, reason: body.reason },
        meta,
      ),
    );
    const caughtUp = await identityCaughtUp(this.pool, outcome.position, reply);
    if (outcome.position) void reply.header('x-log-position', encodePosition(outcome.position));
    void reply.header('etag', `"${outcome.version}"`);
    return {
      id,
      orgUnit: outcome.state.exists ? outcome.state.orgUnit : body.orgUnitId,
      sessionsEnded: outcome.events.length > 0 || outcome.duplicate,
      version: outcome.version,
      duplicate: outcome.duplicate,
      readModelCaughtUp: caughtUp,
    };
  }

  /**
   * The units a user has belonged to, oldest first, from their own stream: the unit at registration,
   * then each transfer with when, why and by whom (DOMAIN.md "Audit trail": who did what, when and why).
   */
  @Get(':id/org-unit-history')
  @Roles('admin')
  @Endpoint({
    summary: 'The org units a user has belonged to (an admin over them)',
    ok: UserUnitHistory,
    problems: [403, 404],
  })
  async unitHistory(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: FastifyRequest) {
    const actor = actorOf(req);
    const row = (
      await this.pool.query<{ orgUnit: string }>(`SELECT org_unit AS "orgUnit" FROM users WHERE id = $1`, [
        id,
      ])
    ).rows[0];
    if (!row) throw new NotFoundException(`no user ${id}`);
    if (!(await this.scope.isWithin(row.orgUnit, actor.orgUnit))) {
      throw forbidden('outside_admin_scope', 'this user is outside your org unit and the units below it');
    }
    const events = await this.store.readStream(`user-${id}`);
    const periods: {
      orgUnit: string;
      since: string;
      until: string | null;
      reason: string | null;
      movedBy: string | null;
    }[] = [];
    for (const e of events) {
      const at = e.metadata.recordedAt;
      if (e.type === 'UserRegistered') {
        const data = e.data as { orgUnit: string };
        periods.push({ orgUnit: data.orgUnit, since: at, until: null, reason: null, movedBy: null });
      } else if (e.type === 'UserTransferred') {
        const data = e.data as { toOrgUnit: string; reason: string };
        const last = periods[periods.length - 1];
        if (last) last.until = at;
        periods.push({
          orgUnit: data.toOrgUnit,
          since: at,
          until: null,
          reason: data.reason,
          movedBy: e.metadata.actorId,
        });
      }
    }
    const units = await this.pool.query<{ id: string; name: string; level: string }>(
      `SELECT id, name, level FROM org_units WHERE id = ANY($1)`,
      [periods.map((p) => p.orgUnit)],
    );
    const movers = await this.pool.query<{ id: string; name: string }>(
      `SELECT id, display_name AS name FROM users WHERE id = ANY($1)`,
      [periods.flatMap((p) => (p.movedBy ? [p.movedBy] : []))],
    );
    const unitOf = new Map(units.rows.map((u) => [u.id, u]));
    const nameOf = new Map(movers.rows.map((m) => [m.id, m.name]));
    return {
      id,
      items: periods.map((p) => ({
        ...p,
        orgUnitName: unitOf.get(p.orgUnit)?.name ?? null,
        level: unitOf.get(p.orgUnit)?.level ?? null,
        movedByName: p.movedBy ? (nameOf.get(p.movedBy) ?? null) : null,
      })),
    };
  }

  /**
   * The admin commands on a user: the edge checks the scope from the read model (403 without telling
   * an out-of-scope admin more), the decider checks it again from the streams, and the handler ends the
   * user's sessions when the change calls for it.
   */
  private async adminChange(id: string, change: UserChange, req: FastifyRequest, reply: FastifyReply) {
    const actor = actorOf(req);
    await this.requireAdminOverUser(actor, id);
    const meta = commandMeta(req, actor, 'admin', this.clock.now());
    const outcome = await this.commands.execute(new ChangeUserCommand(id, change, meta));
    const caughtUp = await identityCaughtUp(this.pool, outcome.position, reply);
    if (outcome.position) void reply.header('x-log-position', encodePosition(outcome.position));
    void reply.header('etag', `"${outcome.version}"`);
    const s = outcome.state;
    return {
      id,
      roles: s.exists ? s.roles : [],
      active: s.exists ? s.active : false,
      sessionsEnded: change.type !== 'ReactivateUser' && (outcome.events.length > 0 || outcome.duplicate),
      version: outcome.version,
      duplicate: outcome.duplicate,
      readModelCaughtUp: caughtUp,
    };
  }

  private async requireAdminOverUser(actor: Actor, id: string): Promise<void> {
    const row = (
      await this.pool.query<{ orgUnit: string }>(`SELECT org_unit AS "orgUnit" FROM users WHERE id = $1`, [
        id,
      ])
    ).rows[0];
    if (row && !(await this.scope.isWithin(row.orgUnit, actor.orgUnit))) {
      throw forbidden('outside_admin_scope', 'this user is outside your org unit and the units below it');
    }
  }

  /** An admin registers a user in their own org unit or below it (DOMAIN.md "People and roles"). */
  @Post()
  @Roles('admin')
  @HttpCode(201)
  @Endpoint({
    summary: 'Register a user in your org unit or below',
    status: 201,
    ok: UserRegistered,
    answers: ['ETag', 'X-Log-Position', 'Location'],
    headers: ['Idempotency-Key'],
    problems: [403, 422],
  })
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
          subject: body.subject ?? null,
        },
        meta,
      ),
    );
    // Usually `id`; another id when this completed a registration left half-done (see registerUser).
    const userId = outcome.streamId.slice('user-'.length);
    const caughtUp = await identityCaughtUp(this.pool, outcome.position, reply);
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
   * Erases the user's personal data on a lawful request (DOMAIN.md "Audit trail"): an
   * admin whose subtree contains the user. Records `PersonalDataErased` and destroys the user's key, so
   * name, phone, email and ID-card number are unreadable everywhere from then on; the history stays.
   */
  @Post(':id/erasure')
  @Roles('admin')
  @HttpCode(200)
  @Endpoint({
    summary: 'Erase a user’s personal data on a lawful request',
    ok: UserErased,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key'],
    problems: [403, 404, 422],
  })
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
    const caughtUp = await identityCaughtUp(this.pool, outcome.position, reply);
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
   * The language a user is written to in (DOMAIN.md "Deadlines and reminders": notification emails): a user sets their own;
   * an admin sets it for anyone in their subtree. The decider checks both again.
   */
  @Put(':id/locale')
  @HttpCode(200)
  @Endpoint({
    summary: 'Change a user’s language (your own, or as an admin over them)',
    ok: LocaleChanged,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key'],
    problems: [403, 404, 422],
  })
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
    const caughtUp = await identityCaughtUp(this.pool, outcome.position, reply);
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
  @Endpoint({
    summary: 'A user: yourself, or as an admin anyone in your subtree',
    ok: User,
    answers: ['ETag'],
    headers: ['X-Min-Position'],
    problems: [404],
  })
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
    for (const k of ['phone', 'email', 'idCardNumber', 'erasedAt', 'locale', 'subject'])
      if (shown[k] === null) delete shown[k];
    return shown;
  }
}
