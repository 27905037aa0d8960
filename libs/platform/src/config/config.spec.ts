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

  it('takes KURRENTDB_URL beside DATABASE_URL, and lists a malformed one with the other problems', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u@db:5432/app',
      KURRENTDB_URL: 'kurrentdb://kurrentdb:2113?tls=false',
    });
    expect(c).toMatchObject({
      databaseUrl: 'postgres://u@db:5432/app',
      kurrentdbUrl: 'kurrentdb://kurrentdb:2113?tls=false',
    });
    expect(loadConfig({}).kurrentdbUrl).toBeNull();
    let err: unknown;
    try {
      loadConfig({ KURRENTDB_URL: 'http://admin:pw@kurrentdb:2113', PORT: 'abc' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toHaveLength(2);
    expect((err as Error).message).toMatch(/KURRENTDB_URL: must be a KurrentDB connection string/);
    expect((err as Error).message).not.toContain('admin:pw');
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

describe('HTTP deadlines and the connection cap', () => {
  it('has deadlines and a cap by default', () => {
    expect(loadConfig({}).http).toEqual({
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 10_000,
      maxConnectionsPerAddress: 256,
    });
  });

  it('takes them from the environment, 0 turning the cap off', () => {
    expect(
      loadConfig({
        HTTP_REQUEST_TIMEOUT_MS: '60000',
        HTTP_HEADERS_TIMEOUT_MS: '5000',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
        HTTP_MAX_CONNECTIONS_PER_ADDRESS: '0',
      }).http,
    ).toEqual({
      requestTimeoutMs: 60_000,
      headersTimeoutMs: 5000,
      keepAliveTimeoutMs: 65_000,
      maxConnectionsPerAddress: 0,
    });
  });

  it('refuses a header deadline past the request’s, and no deadline at all', () => {
    expect(() => loadConfig({ HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_HEADERS_TIMEOUT_MS: '6000' })).toThrow(
      /HTTP_HEADERS_TIMEOUT_MS: must not be more than HTTP_REQUEST_TIMEOUT_MS/,
    );
    expect(() => loadConfig({ HTTP_REQUEST_TIMEOUT_MS: '0' })).toThrow(/HTTP_REQUEST_TIMEOUT_MS/);
  });
});

describe('CORS_ORIGINS', () => {
  it('is empty by default: same origin only', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
  });

  it('takes a comma-separated list of origins, as browsers send them', () => {
    expect(
      loadConfig({
        CORS_ORIGINS: 'https://Office.Example.cn:443, http://localhost:5173/,https://office.example.cn',
      }).corsOrigins,
    ).toEqual(['https://office.example.cn', 'http://localhost:5173']);
  });

  it('refuses paths, wildcards and other schemes, naming each', () => {
    let err: unknown;
    try {
      loadConfig({ CORS_ORIGINS: 'https://a.example/app,*,https://*.example,ftp://a.example' });
    } catch (e) {
      err = e;
    }
    expect((err as ConfigError).problems).toEqual([
      'CORS_ORIGINS: "https://a.example/app" is not an origin like https://office.example.cn or http://localhost:5173',
      'CORS_ORIGINS: "*" is not an origin like https://office.example.cn or http://localhost:5173',
      'CORS_ORIGINS: "https://*.example" is not an origin like https://office.example.cn or http://localhost:5173',
      'CORS_ORIGINS: "ftp://a.example" is not an origin like https://office.example.cn or http://localhost:5173',
    ]);
  });
});

describe('sign-in sessions and trusted proxies', () => {
  it('defaults: 30 idle minutes, 12 hours at most, no proxy trusted, no public URL', () => {
    expect(loadConfig({})).toMatchObject({
      sessionIdleMinutes: 30,
      sessionMaxHours: 12,
      trustedProxies: [],
      publicUrl: null,
    });
  });

  it('takes the session limits, the public URL and a list of proxy addresses and CIDRs', () => {
    expect(
      loadConfig({
        SESSION_IDLE_MINUTES: '15',
        SESSION_MAX_HOURS: '8',
        PUBLIC_URL: 'https://jsfz.example.cn',
        TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1,::1,fd00::/64,127.0.0.1',
      }),
    ).toMatchObject({
      sessionIdleMinutes: 15,
      sessionMaxHours: 8,
      publicUrl: 'https://jsfz.example.cn',
      trustedProxies: ['10.0.0.0/8', '127.0.0.1/32', '::1/128', 'fd00::/64'],
    });
  });

  it('refuses zero or absurd limits, an idle limit beyond the maximum, and proxies that are not addresses', () => {
    let err: unknown;
    try {
      loadConfig({
        SESSION_IDLE_MINUTES: '0',
        SESSION_MAX_HOURS: '100000',
        TRUSTED_PROXIES: 'proxy.local,10.0.0.0/33,1.2.3',
        PUBLIC_URL: 'ftp://x',
      });
    } catch (e) {
      err = e;
    }
    expect((err as ConfigError).problems).toEqual([
      'PUBLIC_URL: must be a http:// or https:// URL, got "ftp://x"',
      'SESSION_IDLE_MINUTES: must be a whole number from 1 to 1440, got "0"',
      'SESSION_MAX_HOURS: must be a whole number from 1 to 720, got "100000"',
      'TRUSTED_PROXIES: "proxy.local" is not an IP address or CIDR block like 10.0.0.0/8',
      'TRUSTED_PROXIES: "10.0.0.0/33" is not an IP address or CIDR block like 10.0.0.0/8',
      'TRUSTED_PROXIES: "1.2.3" is not an IP address or CIDR block like 10.0.0.0/8',
    ]);
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: '120', SESSION_MAX_HOURS: '1' })).toThrow(
      /SESSION_IDLE_MINUTES: must not be more than SESSION_MAX_HOURS/,
    );
  });
});

describe('backups (BACKUP_DIR, BACKUP_KEEP, BACKUP_EVERY_HOURS)', () => {
  it('writes daily into ./data/backups and keeps the newest 14 by default', () => {
    expect(loadConfig({}).backup).toEqual({ dir: './data/backups', keep: 14, everyHours: 24 });
  });

  it('takes them from the environment, 0 keeping every backup or taking none by itself', () => {
    expect(
      loadConfig({ BACKUP_DIR: '/srv/backups', BACKUP_KEEP: '0', BACKUP_EVERY_HOURS: '0' }).backup,
    ).toEqual({ dir: '/srv/backups', keep: 0, everyHours: 0 });
  });

  it('refuses a count or an interval that is not a whole number, naming each', () => {
    expect(() => loadConfig({ BACKUP_KEEP: '-1', BACKUP_EVERY_HOURS: 'daily' })).toThrow(
      /BACKUP_KEEP: must be a whole number from 0 to 100000, got "-1"[\s\S]*BACKUP_EVERY_HOURS: must be a whole number from 0 to 8784, got "daily"/,
    );
  });
});

describe('METRICS_ALLOW', () => {
  it('lets the loopback read /metrics by default', () => {
    expect(loadConfig({}).metricsAllow).toEqual(['127.0.0.1/8', '::1/128']);
  });

  it('takes addresses and CIDR blocks, and refuses anything else, naming it', () => {
    expect(loadConfig({ METRICS_ALLOW: '10.1.2.3, 192.168.0.0/16' }).metricsAllow).toEqual([
      '10.1.2.3/32',
      '192.168.0.0/16',
    ]);
    expect(() => loadConfig({ METRICS_ALLOW: 'prometheus.local,10.0.0.0/33' })).toThrow(
      /METRICS_ALLOW: "prometheus.local" is not an IP address[\s\S]*METRICS_ALLOW: "10.0.0.0\/33" is not/,
    );
  });
});
