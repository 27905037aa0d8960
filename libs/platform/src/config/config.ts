/**
 * Configuration, read from the environment once at start and validated as a whole: a bad value stops
 * the process with every problem listed, rather than failing later somewhere else.
 */
export interface AppConfig {
  databaseUrl: string | null;
  pgliteDataDir: string;
  pglitePort: number;
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  nodeEnv: 'development' | 'production' | 'test';
  shutdownTimeoutMs: number;
  dbPoolSize: number;
  bodyLimitBytes: number;
  redisUrl: string | null;
  /** How long a timer firing holds its lock; the stalled-firing check runs at half of it. */
  timerLockMs: number;
}

export interface ConfigKey {
  name: string;
  default: string | null;
  meaning: string;
}

/** The keys, their defaults and meanings: the README's configuration table mirrors this list. */
export const CONFIG_KEYS: readonly ConfigKey[] = [
  {
    name: 'DATABASE_URL',
    default: null,
    meaning: 'PostgreSQL server for events and read models; unset: embedded PGlite',
  },
  {
    name: 'PGLITE_DATA_DIR',
    default: './data/pglite',
    meaning: 'where the embedded database keeps its files',
  },
  { name: 'PGLITE_PORT', default: '5433', meaning: 'loopback port the embedded database is served on' },
  { name: 'HOST', default: '127.0.0.1', meaning: 'address the API listens on' },
  { name: 'PORT', default: '3000', meaning: 'port the API listens on' },
  { name: 'LOG_LEVEL', default: 'info', meaning: 'fatal, error, warn, info, debug, trace or silent' },
  { name: 'NODE_ENV', default: 'development', meaning: 'development, production or test' },
  { name: 'SHUTDOWN_TIMEOUT_MS', default: '10000', meaning: 'how long shutdown waits for in-flight work' },
  { name: 'DB_POOL_SIZE', default: '10', meaning: 'database connections per process' },
  { name: 'BODY_LIMIT_BYTES', default: '1048576', meaning: 'largest request body accepted' },
  { name: 'REDIS_URL', default: null, meaning: 'Redis for the timer queues' },
  {
    name: 'TIMER_LOCK_MS',
    default: '30000',
    meaning: 'how long a timer firing holds its lock before another worker may take it over',
  },
];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => ` - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'production', 'test'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const raw = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const def = (name: string) => CONFIG_KEYS.find((k) => k.name === name)!.default!;
  const int = (name: string, min: number, max: number): number => {
    const v = raw(name) ?? def(name);
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      problems.push(`${name}: must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`);
      return Number(def(name));
    }
    return Number(v);
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T => {
    const v = raw(name) ?? def(name);
    if (!(allowed as readonly string[]).includes(v)) {
      problems.push(`${name}: must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
      return def(name) as T;
    }
    return v as T;
  };
  const url = (name: string, protocols: string[]): string | null => {
    const v = raw(name);
    if (v === undefined) return null;
    try {
      const u = new URL(v);
      if (!protocols.includes(u.protocol)) throw new Error('protocol');
      return v;
    } catch {
      problems.push(
        `${name}: must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL, got ${JSON.stringify(v)}`,
      );
      return null;
    }
  };

  const config: AppConfig = {
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    pgliteDataDir: raw('PGLITE_DATA_DIR') ?? def('PGLITE_DATA_DIR'),
    pglitePort: int('PGLITE_PORT', 1, 65535),
    host: raw('HOST') ?? def('HOST'),
    port: int('PORT', 0, 65535),
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS),
    nodeEnv: oneOf('NODE_ENV', NODE_ENVS),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 0, 600_000),
    dbPoolSize: int('DB_POOL_SIZE', 1, 500),
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 1024, 100 * 1024 * 1024),
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    timerLockMs: int('TIMER_LOCK_MS', 1000, 600_000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
