import { loadConfig, type AppConfig } from '#libs/platform';
import { resolveAuthSettings } from './auth-settings.js';

// The token key: AUTH_SECRET, required in production with at least 32 characters; a random key per
// process in development and test.
const config = (over: Record<string, unknown>) => ({ ...loadConfig({}), ...over }) as AppConfig;

describe('auth settings', () => {
  it('uses AUTH_SECRET and the configured lifetime', () => {
    const s = resolveAuthSettings(config({ authSecret: 'k'.repeat(32), authTokenTtlSeconds: 600 }));
    expect(s).toMatchObject({ secretSource: 'config', tokenTtlSeconds: 600 });
    expect(s.secret.toString()).toBe('k'.repeat(32));
  });

  it('refuses a short secret anywhere and a missing one in production', () => {
    expect(() => resolveAuthSettings(config({ authSecret: 'short' }))).toThrow(/at least 32/);
    expect(() => resolveAuthSettings(config({ nodeEnv: 'production', authSecret: null }))).toThrow(
      /required in production/,
    );
  });

  it('generates a random secret per process outside production, with 15-minute tokens by default', () => {
    const a = resolveAuthSettings(config({ nodeEnv: 'development' }));
    const b = resolveAuthSettings(config({ nodeEnv: 'test' }));
    expect(a).toMatchObject({ secretSource: 'generated', tokenTtlSeconds: 900 });
    expect(a.secret).toHaveLength(32);
    expect(a.secret.equals(b.secret)).toBe(false);
  });
});
