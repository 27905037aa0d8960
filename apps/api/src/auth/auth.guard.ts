import {
  Inject,
  Injectable,
  Optional,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { forbidden, unauthenticated, type EventLog } from '#libs/event-store';
import { isRole, ROLES, SessionStore, type Role } from '#libs/identity';
import { Clock, EVENT_LOG } from '#libs/platform';
import { AccessTokens } from './access-tokens.service.js';
import { attachActor } from './actor.js';
import {
  IS_PUBLIC,
  REQUIRED_ROLES,
  rememberStreamHead,
  STREAM_HEAD_WITH_SESSION,
} from './auth.decorators.js';
import { AUTH_SETTINGS, type AuthSettings } from './auth-settings.js';
import { clearSessionCookies, readCookie, SESSION_COOKIE } from './session-cookies.js';

const REJECTIONS: Record<string, string> = {
  expired: 'the access token has expired: sign in again',
  malformed: 'the access token is not valid',
  unsupported_alg: 'the access token is not valid',
  bad_signature: 'the access token is not valid',
  not_yet_valid: 'the access token is not valid yet',
  invalid_claims: 'the access token is not valid',
};

/** Requests that change state: from a cookie session they must carry the session's CSRF token. */
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The edge half of authorisation (ARCHITECTURE.md "Authorisation in two places"): every route needs a
 * live sign-in session unless marked @Public (401 otherwise), and the roles of its @Roles (403
 * otherwise). Register it globally (APP_GUARD) so a new route is closed by default. Scope (org unit)
 * checks need the route's target and live in the controllers (OrgScope) and the deciders.
 *
 * A session is presented either as `Authorization: Bearer <access token>` (API clients; the token names
 * its session) or as the web app's `tdw_session` cookie, whose writes must also carry `X-CSRF-Token`.
 * Either way the session is looked up in the database on every request, without a cache, so one that
 * was ended (sign-out, deactivation, erasure, a role or password change) is refused at once by every
 * api process: 401 `session_expired`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
    private readonly clock: Clock,
    @Inject(SessionStore) private readonly sessions: SessionStore,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    /** Where the log is: a stream's head is read with the session only when it is in this database. */
    @Optional() @Inject(EVENT_LOG) private readonly log?: EventLog,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    const stream = this.streamToRead(context, req);

    const header = req.headers.authorization;
    if (header === undefined) {
      const sid = readCookie(req, SESSION_COOKIE);
      if (sid !== undefined) return this.cookieSession(req, reply, sid, required, stream);
    }
    const m = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._-]+)$/i.exec(header.trim()) : null;
    if (!m) {
      void reply.header('www-authenticate', 'Bearer');
      throw new UnauthorizedException('sign in first: send Authorization: Bearer <access token>');
    }
    const verified = this.tokens.verify(m[1]!);
    if (!verified.ok) {
      void reply.header('www-authenticate', `Bearer error="invalid_token"`);
      throw new UnauthorizedException(REJECTIONS[verified.reason] ?? 'the access token is not valid');
    }
    const c = verified.claims;
    const check = await this.sessions.check(c.sid, 'bearer', this.clock.now(), stream);
    if (!check.live || check.session.userId !== c.sub) {
      void reply.header('www-authenticate', `Bearer error="invalid_token"`);
      throw sessionEnded();
    }
    if (stream !== undefined && check.streamHead !== undefined)
      rememberStreamHead(req, stream, check.streamHead);
    attachActor(
      req,
      {
        id: c.sub,
        username: c.username,
        displayName: c.name,
        roles: c.roles,
        orgUnit: c.orgUnit,
        role: this.actingRole(c.roles, required, req.headers['x-act-as']),
      },
      { id: c.sid, kind: 'bearer' },
    );
    return true;
  }

  private async cookieSession(
    req: FastifyRequest,
    reply: FastifyReply,
    sid: string,
    required: Role[] | undefined,
    stream: string | undefined,
  ): Promise<boolean> {
    const check = await this.sessions.check(sid, 'cookie', this.clock.now(), stream);
    if (!check.live) {
      // The browser forgets a session the server no longer knows, so the sign-in page opens clean.
      clearSessionCookies(reply, { secure: this.settings.secureCookies });
      throw sessionEnded();
    }
    const s = check.session;
    if (WRITES.has(req.method)) {
      const given = req.headers['x-csrf-token'];
      if (!SessionStore.csrfMatches(s, typeof given === 'string' ? given : undefined))
        throw forbidden('csrf_failed', 'this request must carry the X-CSRF-Token of your session');
    }
    if (stream !== undefined && check.streamHead !== undefined)
      rememberStreamHead(req, stream, check.streamHead);
    attachActor(
      req,
      {
        id: s.userId,
        username: s.username,
        displayName: s.displayName ?? s.username,
        roles: s.roles,
        orgUnit: s.orgUnit,
        role: this.actingRole(s.roles, required, req.headers['x-act-as']),
      },
      { id: sid, kind: 'cookie' },
    );
    return true;
  }

  /** The stream whose head the route wants read with the session (StreamHeadWithSession), if any. */
  private streamToRead(context: ExecutionContext, req: FastifyRequest): string | undefined {
    if (this.log?.adapter !== 'postgres' && this.log?.adapter !== 'pglite') return undefined;
    const streamOf = this.reflector.get<((req: FastifyRequest) => string | undefined) | undefined>(
      STREAM_HEAD_WITH_SESSION,
      context.getHandler(),
    );
    return streamOf?.(req);
  }

  private actingRole(held: Role[], required: Role[] | undefined, asked: string | string[] | undefined): Role {
    if (asked !== undefined && !(typeof asked === 'string' && isRole(asked) && held.includes(asked))) {
      throw forbidden('role_not_held', `X-Act-As must name one of your roles: ${held.join(', ')}`);
    }
    if (required && required.length > 0) {
      const usable = required.filter((r) => held.includes(r));
      if (usable.length === 0) {
        throw forbidden('role_required', `this needs the role ${required.join(' or ')}`, {
          requiredRoles: required,
        });
      }
      if (asked !== undefined && !usable.includes(asked as Role)) {
        throw forbidden(
          'role_required',
          `acting as ${asked as string} is not enough here: this needs ${required.join(' or ')}`,
          {
            requiredRoles: required,
          },
        );
      }
      return (asked as Role | undefined) ?? usable[0]!;
    }
    return (asked as Role | undefined) ?? ROLES.find((r) => held.includes(r))!;
  }
}

/** The web app returns to sign-in on this code, saying the session ended (UI.md §1.2). */
function sessionEnded() {
  return unauthenticated('session_expired', 'your session has ended: sign in again');
}
