import { Inject, Injectable } from '@nestjs/common';
import { signAccessToken, verifyAccessToken, type ActiveUser, type VerifiedToken } from '#libs/identity';
import { Clock } from '#libs/platform';
import { AUTH_SETTINGS, type AuthSettings } from './auth-settings.js';

/** Issues and verifies the access tokens with the configured secret and lifetime. */
@Injectable()
export class AccessTokens {
  constructor(
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    private readonly clock: Clock,
  ) {}

  get ttlSeconds(): number {
    return this.settings.tokenTtlSeconds;
  }

  /**
   * A token for `user` in the session `sessionId` (SessionStore.start): the guard refuses it once that
   * session has ended. `now` is for tests that need a token issued in the past.
   */
  issue(
    user: Pick<ActiveUser, 'userId' | 'username' | 'displayName' | 'roles' | 'orgUnit'>,
    sessionId: string,
    now: Date = this.clock.now(),
  ) {
    return signAccessToken(
      {
        sub: user.userId,
        username: user.username,
        name: user.displayName,
        roles: user.roles,
        orgUnit: user.orgUnit,
        sid: sessionId,
      },
      this.settings.secret,
      { now, ttlSeconds: this.settings.tokenTtlSeconds },
    );
  }

  verify(token: string): VerifiedToken {
    return verifyAccessToken(token, this.settings.secret, this.clock.now());
  }
}
