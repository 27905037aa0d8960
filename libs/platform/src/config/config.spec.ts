import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('starts on the embedded default with no environment at all', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      databaseUrl: null,
      pgliteDataDir: './data/pglite',
      port: 3000,
      logLevel: 'info',
    });
  });

  it('takes a PostgreSQL URL and typed numbers', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/app', PORT: '8080', DB_POOL_SIZE: '20' });
    expect(c).toMatchObject({ databaseUrl: 'postgres://u@db:5432/app', port: 8080, dbPoolSize: 20 });
  });

  it('lists every problem at once, naming the variable and the value', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', REDIS_URL: 'not a url' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect((err as Error).message).toMatch(
      /^Invalid configuration:\n - DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL, got "mysql:\/\/x"/,
    );
    expect(problems.join('\n')).toMatch(/PORT: must be a whole number from 0 to 65535, got "abc"/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL: must be one of fatal, error/);
    expect(problems.join('\n')).toMatch(/REDIS_URL/);
  });

  it('refuses out-of-range numbers', () => {
    expect(() => loadConfig({ DB_POOL_SIZE: '0' })).toThrow(
      /DB_POOL_SIZE: must be a whole number from 1 to 500/,
    );
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
  });
});

describe('the token key (AUTH_SECRET)', () => {
  it('is read from the environment, so every api process signs and accepts the same tokens', () => {
    const secret = 's'.repeat(40);
    expect(loadConfig({ AUTH_SECRET: secret }).authSecret).toBe(secret);
    expect(loadConfig({ AUTH_SECRET: secret, NODE_ENV: 'production' }).authSecret).toBe(secret);
    expect(loadConfig({}).authSecret).toBeNull();
  });

  it('refuses a short key, and none at all in production', () => {
    expect(() => loadConfig({ AUTH_SECRET: 'short' })).toThrow(/AUTH_SECRET: must be at least 32/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_SECRET: required/);
  });
});
