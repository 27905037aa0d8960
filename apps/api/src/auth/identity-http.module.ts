import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnModuleInit,
  type Provider,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type pg from 'pg';
import {
  ChangeUserHandler,
  ErasePersonalDataHandler,
  IdentityDirectoryModule,
  LoginThrottle,
  OrgUnitCommandHandler,
  PersonalData,
  RegisterUserHandler,
  SessionStore,
  migrateIdentity,
} from '#libs/identity';
import { APP_CONFIG, PG_POOL, type AppConfig } from '#libs/platform';
import { AccessTokens } from './access-tokens.service.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AUTH_SETTINGS, resolveAuthSettings, type AuthSettings } from './auth-settings.js';
import { OrgScope } from './org-scope.service.js';
import { OrgUnitsController } from './org-units.controller.js';
import { UsersController } from './users.controller.js';

/** Creates the identity tables that are not read models (login_attempts, sessions) before the API serves. */
@Injectable()
export class IdentityMigrations implements OnModuleInit {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}
  async onModuleInit(): Promise<void> {
    await migrateIdentity(this.pool);
  }
}

export interface IdentityHttpOptions {
  /** Register AuthGuard as a global guard (APP_GUARD): every route then needs a token unless @Public. Default true. */
  globalGuard?: boolean;
  /** Overrides of the token lifetime and login limits (tests). */
  settings?: Partial<Omit<AuthSettings, 'secret' | 'secretSource'>>;
}

/**
 * Identity over HTTP (DOMAIN.md "People and roles"): sign-in (bearer tokens and the web app's session cookie) and
 * sign-out, the current actor, org units and users, the auth guard
 * and the org scope. Global, so every controller can inject AccessTokens and OrgScope.
 */
@Module({})
export class IdentityHttpModule {
  static forRoot(options: IdentityHttpOptions = {}): DynamicModule {
    const providers: Provider[] = [
      {
        provide: AUTH_SETTINGS,
        inject: [APP_CONFIG],
        useFactory: (config: AppConfig) => {
          const settings = resolveAuthSettings(config, options.settings);
          if (settings.secretSource === 'generated') {
            new Logger('Auth').warn(
              'AUTH_SECRET is not set: access tokens are signed with a key made for this process; they end at a restart',
            );
          }
          return settings;
        },
      },
      {
        provide: LoginThrottle,
        inject: [PG_POOL, AUTH_SETTINGS],
        useFactory: (pool: pg.Pool, settings: AuthSettings) => new LoginThrottle(pool, settings.loginLimits),
      },
      {
        provide: SessionStore,
        inject: [PG_POOL, AUTH_SETTINGS],
        useFactory: (pool: pg.Pool, settings: AuthSettings) => new SessionStore(pool, settings.sessionLimits),
      },
      // Seals and opens personal fields with per-person keys (DOMAIN.md "Audit trail").
      { provide: PersonalData, inject: [PG_POOL], useFactory: (pool: pg.Pool) => new PersonalData(pool) },
      IdentityMigrations,
      AccessTokens,
      AuthGuard,
      OrgScope,
      OrgUnitCommandHandler,
      RegisterUserHandler,
      ChangeUserHandler,
      ErasePersonalDataHandler,
    ];
    if (options.globalGuard ?? true) providers.push({ provide: APP_GUARD, useExisting: AuthGuard });
    return {
      module: IdentityHttpModule,
      global: true,
      // OrgScope's "within" is the directory's, with the pairs it keeps.
      imports: [IdentityDirectoryModule],
      controllers: [AuthController, OrgUnitsController, UsersController],
      providers,
      exports: [AUTH_SETTINGS, AccessTokens, AuthGuard, OrgScope, LoginThrottle, PersonalData, SessionStore],
    };
  }
}
