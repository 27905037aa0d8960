import { randomBytes } from 'node:crypto';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits, type SessionLimits } from '#libs/identity';
import type { AppConfig } from '#libs/platform';

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

export interface AuthSettings {
  /** HMAC-SHA256 key of the access tokens. */
  secret: Buffer;
  /** Where it came from: AUTH_SECRET, or generated for this process (development and test only). */
  secretSource: 'config' | 'generated';
  /** Access token lifetime (DOMAIN.md "People and roles": short-lived): 15 minutes unless configured. */
  tokenTtlSeconds: number;
  loginLimits: LoginLimits;
  /** Idle and absolute limits of a sign-in session (SESSION_IDLE_MINUTES, SESSION_MAX_HOURS). */
  sessionLimits: SessionLimits;
  /** The session cookies carry `Secure`: the product is served over https (PUBLIC_URL). */
  secureCookies: boolean;
}

/** The config keys this module reads (see the README's configuration table). */
interface AuthConfig {
  authSecret?: string | null;
  authTokenTtlSeconds?: number;
}

export const MIN_SECRET_LENGTH = 32;
export const DEFAULT_TOKEN_TTL_SECONDS = 15 * 60;

/**
 * AUTH_SECRET is required in production (loadConfig refuses to start without it). In development and
 * test, when it is unset, a random secret is generated for this process: tokens then stop working at a
 * restart and are not accepted by a second api process — fine for trying the product, said in the log.
 */
export function resolveAuthSettings(
  config: AppConfig,
  overrides: Partial<Omit<AuthSettings, 'secret' | 'secretSource'>> = {},
): AuthSettings {
  const c = config as AppConfig & AuthConfig;
  const base = {
    tokenTtlSeconds: c.authTokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
    loginLimits: DEFAULT_LOGIN_LIMITS,
    sessionLimits: {
      idleMs: (config.sessionIdleMinutes ?? 30) * 60_000,
      maxMs: (config.sessionMaxHours ?? 12) * 3_600_000,
    },
    secureCookies: (config.publicUrl ?? '').startsWith('https:'),
    ...overrides,
  };
  if (c.authSecret) {
    if (c.authSecret.length < MIN_SECRET_LENGTH)
      throw new Error(`AUTH_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
    return { ...base, secret: Buffer.from(c.authSecret, 'utf8'), secretSource: 'config' };
  }
  if (config.nodeEnv === 'production') throw new Error('AUTH_SECRET is required in production');
  return { ...base, secret: randomBytes(32), secretSource: 'generated' };
}
