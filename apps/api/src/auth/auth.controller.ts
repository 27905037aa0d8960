import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { EventStore } from '#libs/event-store';
import {
  authenticate,
  DEFAULT_LOCALE,
  ERASED_PLACEHOLDER,
  LoginThrottle,
  PersonalData,
  SessionStore,
  type ActiveUser,
} from '#libs/identity';
import { Clock, EVENT_STORE, PG_POOL } from '#libs/platform';
import { AccessTokens } from './access-tokens.service.js';
import { CurrentActor, sessionOf, type Actor } from './actor.js';
import { Public } from './auth.decorators.js';
import { AUTH_SETTINGS, type AuthSettings } from './auth-settings.js';
import { LoginDto } from './identity.dto.js';
import { ApiTags } from '@nestjs/swagger';
import { Endpoint } from '../http/openapi-schema.js';
import { Me, LoginAnswer, SessionAnswer } from './identity.responses.js';
import { clearSessionCookies, setSessionCookies } from './session-cookies.js';

@ApiTags('Auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly throttle: LoginThrottle,
    private readonly tokens: AccessTokens,
    private readonly clock: Clock,
    @Inject(PersonalData) private readonly personalData: PersonalData,
    @Inject(SessionStore) private readonly sessions: SessionStore,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  /**
   * Sign-in with username and password (UI.md §1.2), rate-limited, for API clients: a bearer token bound to
   * a session of its own lifetime. One answer (401, same words) for an unknown user, a wrong password and
   * a deactivated account; while throttled 429 with Retry-After.
   */
  @Public()
  @Post('login')
  @HttpCode(200)
  @Endpoint({
    summary: 'Sign in with username and password (API clients: a bearer token)',
    description:
      'Answers a short-lived bearer token. One answer (401) for an unknown user, a wrong password and a ' +
      'deactivated account. Failures for one username from one address make that address wait (1 min ' +
      'after 5, doubling up to 15 min); one address has a larger budget over every username. While ' +
      'throttled: 429 with Retry-After, even with the right password.',
    ok: LoginAnswer,
    problems: [401, 429],
  })
  async login(
    @Body() body: LoginDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const now = this.clock.now();
    const u = await this.signIn(body, req, reply, now);
    const session = await this.sessions.start({
      kind: 'bearer',
      user: u,
      now,
      address: req.ip,
      userAgent: userAgent(req),
      endsAt: new Date(now.getTime() + this.tokens.ttlSeconds * 1000),
    });
    const { token, expiresIn } = this.tokens.issue(u, session.id, now);
    return {
      accessToken: token,
      tokenType: 'Bearer',
      expiresIn,
      user: {
        id: u.userId,
        username: u.username,
        displayName: u.displayName,
        roles: u.roles,
        orgUnit: u.orgUnit,
      },
    };
  }

  /**
   * The web app's sign-in (UI.md §1.2, sign-in and session): the same check and throttle as `login`, answered with
   * an httpOnly session cookie and the readable CSRF cookie instead of a token the page would hold.
   */
  @Public()
  @Post('session')
  @HttpCode(200)
  @Endpoint({
    summary: 'Sign in with username and password (the web app: a session cookie)',
    description:
      'Sets the httpOnly `tdw_session` cookie and the readable `tdw_csrf` cookie (SameSite=Strict). ' +
      'Requests that change state with this cookie must send `X-CSRF-Token` equal to `tdw_csrf`. Same ' +
      '401 and 429 as `POST /api/auth/login`.',
    ok: SessionAnswer,
    answers: ['Set-Cookie'],
    problems: [401, 429],
  })
  async startSession(
    @Body() body: LoginDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const now = this.clock.now();
    const u = await this.signIn(body, req, reply, now);
    const session = await this.sessions.start({
      kind: 'cookie',
      user: u,
      now,
      address: req.ip,
      userAgent: userAgent(req),
    });
    setSessionCookies(
      reply,
      { id: session.id, csrf: session.csrf!, endsAt: session.endsAt },
      {
        secure: this.settings.secureCookies,
        now,
      },
    );
    return {
      user: {
        id: u.userId,
        username: u.username,
        displayName: u.displayName,
        roles: u.roles,
        orgUnit: u.orgUnit,
        orgUnitName: await this.unitName(u.orgUnit),
        locale: u.locale ?? DEFAULT_LOCALE,
      },
    };
  }

  /** Signs out of the web app: the session ends on every api process and the cookies are cleared. */
  @Delete('session')
  @HttpCode(204)
  @Endpoint({
    summary: 'Sign out (the web app’s session cookie)',
    status: 204,
    answers: ['Set-Cookie'],
    problems: [403],
  })
  async endSession(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.signOut(req);
    clearSessionCookies(reply, { secure: this.settings.secureCookies });
  }

  /** Signs out an API client: the session its token names ends, so the token is refused from now on. */
  @Post('logout')
  @HttpCode(204)
  @Endpoint({ summary: 'Sign out (ends the session of this bearer token or cookie)', status: 204 })
  async logout(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const kind = await this.signOut(req);
    if (kind === 'cookie') clearSessionCookies(reply, { secure: this.settings.secureCookies });
  }

  /** The caller as their session says, with the role this request acts in, their unit and language. */
  @Get('me')
  @Endpoint({ summary: 'The signed-in caller and the role this request acts in', ok: Me })
  async me(@CurrentActor() actor: Actor) {
    const row = (
      await this.pool.query<{ locale: string | null }>(`SELECT locale FROM users WHERE id = $1`, [actor.id])
    ).rows[0];
    return {
      ...actor,
      orgUnitName: await this.unitName(actor.orgUnit),
      locale: row?.locale ?? DEFAULT_LOCALE,
    };
  }

  private async signOut(req: FastifyRequest): Promise<'cookie' | 'bearer' | undefined> {
    const session = sessionOf(req);
    if (session) await this.sessions.end(session.id, 'signed_out', this.clock.now());
    return session?.kind;
  }

  private async unitName(unitId: string): Promise<string> {
    const row = (
      await this.pool.query<{ name: string }>(`SELECT name FROM org_units WHERE id = $1`, [unitId])
    ).rows[0];
    return row?.name ?? unitId;
  }

  /** The user behind the username and password, with the name opened, or the 401/429 problem. */
  private async signIn(
    body: LoginDto,
    req: FastifyRequest,
    reply: FastifyReply,
    now: Date,
  ): Promise<ActiveUser> {
    const outcome = await authenticate(
      { store: this.store, throttle: this.throttle },
      { username: body.username, password: body.password, ip: req.ip, now },
    );
    void reply.header('cache-control', 'no-store');
    if (!outcome.ok) {
      if (outcome.reason === 'throttled') {
        void reply.header('retry-after', String(outcome.retryAfterSeconds));
        throw new HttpException(
          'too many failed sign-in attempts: wait before trying again',
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }
      throw new UnauthorizedException('wrong username or password');
    }
    // The name is sealed in the log (DOMAIN.md "Audit trail"): the token and the answer carry it opened.
    return {
      ...outcome.user,
      displayName:
        (await this.personalData.open(outcome.user.userId, outcome.user.displayName)) ?? ERASED_PLACEHOLDER,
    };
  }
}

function userAgent(req: FastifyRequest): string | null {
  const ua = req.headers['user-agent'];
  return typeof ua === 'string' ? ua : null;
}
