// What other controllers need from auth: the actor, the decorators, the guard, the org scope.
export { actorOf, attachActor, CurrentActor, type Actor } from './actor.js';
export { Public, Roles, IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators.js';
export { AuthGuard } from './auth.guard.js';
export { AccessTokens } from './access-tokens.service.js';
export { OrgScope, type OrgUnitRow } from './org-scope.service.js';
export {
  AUTH_SETTINGS,
  resolveAuthSettings,
  DEFAULT_TOKEN_TTL_SECONDS,
  MIN_SECRET_LENGTH,
  type AuthSettings,
} from './auth-settings.js';
export { IdentityHttpModule, IdentityMigrations, type IdentityHttpOptions } from './identity-http.module.js';
