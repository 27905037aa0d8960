import {
  Body,
  Controller,
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
import type { EventStore } from '#libs/event-store';
import { authenticate, ERASED_PLACEHOLDER, LoginThrottle, PersonalData } from '#libs/identity';
import { Clock, EVENT_STORE } from '#libs/platform';
import { AccessTokens } from './access-tokens.service.js';
import { CurrentActor, type Actor } from './actor.js';
import { Public } from './auth.decorators.js';
import { LoginDto } from './identity.dto.js';

@Controller('api/auth')
export class AuthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly throttle: LoginThrottle,
    private readonly tokens: AccessTokens,
    private readonly clock: Clock,
    @Inject(PersonalData) private readonly personalData: PersonalData,
  ) {}

  /**
   * issue #3: login with username and password, rate-limited. One answer (401, same words) for an
   * unknown user, a wrong password and a deactivated account. After too many failures: 429 with
   * Retry-After, even with the right password.
   */
  @Public()
  @Post('login')
  @HttpCode(200)
  async login(
    @Body() body: LoginDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await authenticate(
      { store: this.store, throttle: this.throttle },
      { username: body.username, password: body.password, ip: req.ip, now: this.clock.now() },
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
    // The name is sealed in the log (issue #6): the token and the answer carry it opened.
    const u = {
      ...outcome.user,
      displayName:
        (await this.personalData.open(outcome.user.userId, outcome.user.displayName)) ?? ERASED_PLACEHOLDER,
    };
    const { token, expiresIn } = this.tokens.issue(u);
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

  /** The caller as the token says, with the role this request acts in. */
  @Get('me')
  me(@CurrentActor() actor: Actor): Actor {
    return actor;
  }
}
