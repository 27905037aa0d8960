import { isIP } from 'node:net';
import { kurrentDbUrlProblems } from '#libs/event-store';

/**
 * Configuration, read from the environment once at start and validated as a whole: a bad value stops
 * the process with every problem listed, rather than failing later somewhere else.
 */
export interface AppConfig {
  databaseUrl: string | null;
  /**
   * A KurrentDB node or cluster that holds the event log instead of PostgreSQL; read models stay at
   * DATABASE_URL (or the embedded PGlite). The factory in libs/event-store chooses from it.
   */
  kurrentdbUrl: string | null;
  pgliteDataDir: string;
  pglitePort: number;
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  nodeEnv: 'development' | 'production' | 'test';
  shutdownTimeoutMs: number;
  dbPoolSize: number;
  bodyLimitBytes: number;
  /** Evidence files (DOMAIN.md stage 1): the largest upload accepted; the JSON limit stays bodyLimitBytes. */
  uploadLimitBytes: number;
  /** Where evidence files are kept: null keeps them in the product's own database (the default). */
  blobDir: string | null;
  redisUrl: string | null;
  /** How long a timer firing holds its lock; the stalled-firing check runs at half of it. */
  timerLockMs: number;
  timerConcurrency: number;
  /** Email delivery of notifications (DOMAIN.md "Deadlines and reminders"); null: in-app notifications only. */
  smtp: SmtpConfig | null;
  /**
   * The key that signs access tokens, shared by every api process (null: one made per process, which
   * only development and test allow — apps/api/src/auth/auth-settings.ts).
   */
  authSecret: string | null;
  /** The built web app (`npm run build` writes it) that the API serves at `/`. */
  webRoot: string;
  /** HTTP deadlines and the connection cap (apps/api/src/http/connection-limits.ts). */
  http: HttpLimits;
  /**
   * Origins (`scheme://host[:port]`) other than the API's own that browsers may call it from (CORS);
   * empty: same-origin only.
   */
  corsOrigins: string[];
  /** Where people open the product (PUBLIC_URL); https there makes the session cookie Secure. */
  publicUrl: string | null;
  /** Sign-in sessions (apps/api/src/auth): ended after this long without a request… */
  sessionIdleMinutes: number;
  /** …and this long after sign-in, whatever the activity. */
  sessionMaxHours: number;
  /**
   * Proxies whose `X-Forwarded-For` is believed (IPs or CIDRs): the client address the login throttle
   * counts is the one they name. Empty: the connection's own address, whatever the header says.
   */
  trustedProxies: string[];
  /** Backups: where they go, how many are kept, and how often the embedded default takes one itself. */
  backup: BackupSettings;
  /** Addresses and CIDR blocks that may read /metrics without a token (an admin token works anywhere). */
  metricsAllow: string[];
  /**
   * OpenTelemetry traces (README "Monitoring"): sent over OTLP/HTTP to this collector when set
   * (OTEL_EXPORTER_OTLP_ENDPOINT, the variable every OpenTelemetry SDK reads); null: no tracing.
   */
  otlpEndpoint: string | null;
  /** The service name on the traces (OTEL_SERVICE_NAME); null: tdw-api or tdw-worker by process. */
  otelServiceName: string | null;
}

export interface BackupSettings {
  /** Where `npm run backup` (without --out) and the embedded default's own backups write. */
  dir: string;
  /** The newest N backups in `dir` are kept, older ones removed after each backup; 0 keeps all. */
  keep: number;
  /** On the embedded default, a backup is taken by the running product this often; 0: never. */
  everyHours: number;
}

/**
 * How long a client may take, and how many connections one address may hold: without them a client
 * sending half a request (or its headers a byte a second) held a connection for ever, and enough of them
 * held the server.
 */
export interface HttpLimits {
  /** The whole request, headers and body, must arrive within this (408 otherwise). */
  requestTimeoutMs: number;
  /** The request line and headers must arrive within this (408 otherwise); at most requestTimeoutMs. */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Open connections one client address may hold; beyond it a connection is answered 503 and closed. 0: no cap. */
  maxConnectionsPerAddress: number;
}

/** A shorter token key is refused (HMAC-SHA256 wants at least its block of entropy to matter). */
export const MIN_AUTH_SECRET_LENGTH = 32;

/**
 * Where notification emails go: an SMTP server given either as one URL (`SMTP_URL`) or as host, port,
 * user, password and TLS mode; `from` is the sender every email carries. The password is never logged.
 */
export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the first byte (port 465, `smtps://`); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string | null;
  pass: string | null;
  /** The From address (`Name <addr@host>` or `addr@host`). */
  from: string;
  /** The sender's domain: the right-hand side of every Message-ID the product makes. */
  fromDomain: string;
  /** First retry of a failed delivery after this long; each later one waits twice as long (capped). */
  retryDelayMs: number;
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
    name: 'KURRENTDB_URL',
    default: null,
    meaning:
      'KurrentDB (kurrentdb://host:2113?tls=false) for the event log; read models stay in PostgreSQL/PGlite. Unset: the log is there too',
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
  {
    name: 'UPLOAD_LIMIT_BYTES',
    default: '20971520',
    meaning: 'largest evidence file an application may carry (PDF, images, Office documents)',
  },
  {
    name: 'BLOB_DIR',
    default: null,
    meaning: 'folder for evidence files; unset: kept in the database (PostgreSQL or embedded PGlite)',
  },
  { name: 'REDIS_URL', default: null, meaning: 'Redis for the timer queues' },
  {
    name: 'AUTH_SECRET',
    default: null,
    meaning: 'key that signs access tokens (at least 32 characters); required in production',
  },
  {
    name: 'WEB_ROOT',
    default: './dist/web',
    meaning: 'the built web app the API serves at / (npm run build writes it)',
  },
  {
    name: 'TIMER_LOCK_MS',
    default: '30000',
    meaning: 'how long a timer firing holds its lock before another worker may take it over',
  },
  {
    name: 'TIMER_CONCURRENCY',
    default: '32',
    meaning: 'timers one worker process fires at once (each is a command: mostly waiting on the database)',
  },
  {
    name: 'HTTP_REQUEST_TIMEOUT_MS',
    default: '30000',
    meaning: 'the whole request (headers and body) must arrive within this; 408 otherwise',
  },
  {
    name: 'HTTP_HEADERS_TIMEOUT_MS',
    default: '10000',
    meaning: 'the request line and headers must arrive within this (at most HTTP_REQUEST_TIMEOUT_MS)',
  },
  {
    name: 'HTTP_KEEP_ALIVE_TIMEOUT_MS',
    default: '10000',
    meaning:
      'an idle keep-alive connection is closed after this (behind a load balancer: above its idle timeout)',
  },
  {
    name: 'HTTP_MAX_CONNECTIONS_PER_ADDRESS',
    default: '256',
    meaning: 'open connections one client address may hold (503 and closed beyond it); 0: no cap',
  },
  {
    name: 'CORS_ORIGINS',
    default: null,
    meaning:
      'comma-separated origins (https://host[:port]) browsers may call the API from; unset: same origin only',
  },
  {
    name: 'PUBLIC_URL',
    default: null,
    meaning: 'the address people open the product at; https:// makes the session cookie Secure',
  },
  {
    name: 'SESSION_IDLE_MINUTES',
    default: '30',
    meaning: 'a sign-in session ends after this many minutes without a request',
  },
  {
    name: 'SESSION_MAX_HOURS',
    default: '12',
    meaning: 'a sign-in session ends this many hours after sign-in, whatever the activity',
  },
  {
    name: 'TRUSTED_PROXIES',
    default: null,
    meaning: 'comma-separated IPs or CIDRs of reverse proxies whose X-Forwarded-For is believed; unset: none',
  },
  {
    name: 'BACKUP_DIR',
    default: './data/backups',
    meaning: 'where backups are written (npm run backup, and the embedded default\u2019s daily backup)',
  },
  {
    name: 'BACKUP_KEEP',
    default: '14',
    meaning: 'how many of the newest backups are kept in BACKUP_DIR (older ones removed); 0: all',
  },
  {
    name: 'BACKUP_EVERY_HOURS',
    default: '24',
    meaning: 'the embedded default backs itself up this often into BACKUP_DIR; 0: never',
  },
  {
    name: 'METRICS_ALLOW',
    default: '127.0.0.1/8,::1/128',
    meaning:
      'addresses or CIDR blocks that may read /metrics without a token; an admin token works from anywhere',
  },
  {
    name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    default: null,
    meaning:
      'an OpenTelemetry collector (http:// or https://) to send traces to over OTLP/HTTP; unset: no tracing',
  },
  {
    name: 'OTEL_SERVICE_NAME',
    default: null,
    meaning: 'the service name on the traces; unset: tdw-api or tdw-worker',
  },
  {
    name: 'SMTP_URL',
    default: null,
    meaning:
      'SMTP server for notification emails (smtp:// or smtps://, may carry user:password); unset: in-app only',
  },
  { name: 'SMTP_HOST', default: null, meaning: 'SMTP server host, instead of SMTP_URL' },
  { name: 'SMTP_PORT', default: null, meaning: 'SMTP port; default 465 when SMTP_SECURE, else 587' },
  { name: 'SMTP_SECURE', default: null, meaning: 'true: TLS from the start (port 465); false: STARTTLS' },
  { name: 'SMTP_USER', default: null, meaning: 'SMTP login (with SMTP_PASS)' },
  { name: 'SMTP_PASS', default: null, meaning: 'SMTP password (with SMTP_USER)' },
  { name: 'SMTP_FROM', default: null, meaning: 'sender of notification emails; required with SMTP' },
  {
    name: 'SMTP_RETRY_DELAY_MS',
    default: '5000',
    meaning: 'first retry of a failed email after this long, doubling up to 10 minutes',
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

/**
 * The configuration for a process's main: a bad one is printed, every problem listed, and the process
 * exits 1 before anything starts (the quick start's refusal to start on a bad configuration).
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

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
    kurrentdbUrl: kurrentdbUrl(raw('KURRENTDB_URL'), problems),
    pgliteDataDir: raw('PGLITE_DATA_DIR') ?? def('PGLITE_DATA_DIR'),
    pglitePort: int('PGLITE_PORT', 1, 65535),
    host: raw('HOST') ?? def('HOST'),
    port: int('PORT', 0, 65535),
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS),
    nodeEnv: oneOf('NODE_ENV', NODE_ENVS),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 0, 600_000),
    dbPoolSize: int('DB_POOL_SIZE', 1, 500),
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 1024, 100 * 1024 * 1024),
    uploadLimitBytes: int('UPLOAD_LIMIT_BYTES', 1024, 1024 * 1024 * 1024),
    blobDir: raw('BLOB_DIR') ?? null,
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    timerLockMs: int('TIMER_LOCK_MS', 1000, 600_000),
    timerConcurrency: int('TIMER_CONCURRENCY', 1, 1000),
    smtp: smtpConfig(raw, problems),
    authSecret: raw('AUTH_SECRET') ?? null,
    webRoot: raw('WEB_ROOT') ?? def('WEB_ROOT'),
    http: {
      requestTimeoutMs: int('HTTP_REQUEST_TIMEOUT_MS', 500, 3_600_000),
      headersTimeoutMs: int('HTTP_HEADERS_TIMEOUT_MS', 500, 600_000),
      keepAliveTimeoutMs: int('HTTP_KEEP_ALIVE_TIMEOUT_MS', 100, 600_000),
      maxConnectionsPerAddress: int('HTTP_MAX_CONNECTIONS_PER_ADDRESS', 0, 1_000_000),
    },
    corsOrigins: origins(raw('CORS_ORIGINS'), problems),
    publicUrl: url('PUBLIC_URL', ['http:', 'https:']),
    sessionIdleMinutes: int('SESSION_IDLE_MINUTES', 1, 24 * 60),
    sessionMaxHours: int('SESSION_MAX_HOURS', 1, 24 * 30),
    trustedProxies: addressBlocks('TRUSTED_PROXIES', raw('TRUSTED_PROXIES') ?? '', problems),
    otlpEndpoint: url('OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']),
    otelServiceName: raw('OTEL_SERVICE_NAME') ?? null,
    metricsAllow: addressBlocks('METRICS_ALLOW', raw('METRICS_ALLOW') ?? def('METRICS_ALLOW'), problems),
    backup: {
      dir: raw('BACKUP_DIR') ?? def('BACKUP_DIR'),
      keep: int('BACKUP_KEEP', 0, 100_000),
      everyHours: int('BACKUP_EVERY_HOURS', 0, 24 * 366),
    },
  };
  // An idle limit beyond the absolute one would never apply.
  if (config.sessionIdleMinutes > config.sessionMaxHours * 60)
    problems.push('SESSION_IDLE_MINUTES: must not be more than SESSION_MAX_HOURS in minutes');
  // Node refuses a header deadline beyond the request's: the headers are part of the request.
  if (config.http.headersTimeoutMs > config.http.requestTimeoutMs)
    problems.push('HTTP_HEADERS_TIMEOUT_MS: must not be more than HTTP_REQUEST_TIMEOUT_MS');
  // Several api processes accept each other's tokens only with one shared key (README "Running on real servers and scaling"), and in
  // production a per-process key would end every session at each restart: required there.
  if (config.authSecret !== null && config.authSecret.length < MIN_AUTH_SECRET_LENGTH)
    problems.push(`AUTH_SECRET: must be at least ${MIN_AUTH_SECRET_LENGTH} characters`);
  if (config.authSecret === null && config.nodeEnv === 'production')
    problems.push('AUTH_SECRET: required when NODE_ENV is production');
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** KURRENTDB_URL, checked by the event store's own rule so config and factory never disagree. */
function kurrentdbUrl(value: string | undefined, problems: string[]): string | null {
  if (value === undefined) return null;
  const found = kurrentDbUrlProblems(value);
  problems.push(...found);
  return found.length > 0 ? null : value;
}

/**
 * A comma-separated list of IP addresses or CIDR blocks (`10.0.0.0/8`, `::1/128`), as TRUSTED_PROXIES and
 * METRICS_ALLOW take them; each normalised to a block (`10.1.2.3` → `10.1.2.3/32`), duplicates dropped.
 * A name or a typo is refused: a wrong proxy entry would let anyone choose the address they are counted
 * as, and a wrong metrics entry would open /metrics to it.
 */
function addressBlocks(name: string, value: string, problems: string[]): string[] {
  const out: string[] = [];
  for (const item of value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '')) {
    const [address, prefix, ...rest] = item.split('/');
    const family = isIP(address ?? '');
    const max = family === 6 ? 128 : 32;
    const okPrefix = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max);
    if (family === 0 || !okPrefix || rest.length > 0)
      problems.push(`${name}: ${JSON.stringify(item)} is not an IP address or CIDR block like 10.0.0.0/8`);
    else {
      const block = prefix === undefined ? `${address}/${max}` : item;
      if (!out.includes(block)) out.push(block);
    }
  }
  return out;
}

/**
 * `CORS_ORIGINS`: serialized origins as browsers send them in `Origin` (scheme, host, optional port; no
 * path, no wildcard), normalised to lower case without a default port.
 */
function origins(value: string | undefined, problems: string[]): string[] {
  if (value === undefined) return [];
  const out: string[] = [];
  for (const item of value.split(',').map((v) => v.trim())) {
    let origin: string | null = null;
    try {
      const u = new URL(item);
      const bare = u.pathname === '/' && !u.search && !u.hash && !u.username && !u.password;
      if ((u.protocol === 'http:' || u.protocol === 'https:') && bare && !item.includes('*'))
        origin = u.origin;
    } catch {
      origin = null;
    }
    if (origin === null)
      problems.push(
        `CORS_ORIGINS: ${JSON.stringify(item)} is not an origin like https://office.example.cn or http://localhost:5173`,
      );
    else if (!out.includes(origin)) out.push(origin);
  }
  return out;
}

const SMTP_KEYS = [
  'SMTP_URL',
  'SMTP_HOST',
  'SMTP_PORT',
  'SMTP_SECURE',
  'SMTP_USER',
  'SMTP_PASS',
  'SMTP_FROM',
];
const BARE_ADDRESS = /^[^\s@<>]{1,64}@([^\s@<>]+\.[^\s@<>]+)$/;
const NAMED_ADDRESS = /^[^<>]*<([^\s@<>]{1,64}@([^\s@<>]+\.[^\s@<>]+))>$/;

/**
 * The SMTP settings (DOMAIN.md "Deadlines and reminders"): none of the SMTP_ variables set means no email at all — the
 * in-app inbox only, as before. Any of them set means email is wanted, so an incomplete or contradictory
 * set is a start-up error rather than silently no email: a server (SMTP_URL or SMTP_HOST, not both)
 * and a sender (SMTP_FROM) are required; SMTP_USER and SMTP_PASS come together.
 */
function smtpConfig(raw: (name: string) => string | undefined, problems: string[]): SmtpConfig | null {
  if (!SMTP_KEYS.some((k) => raw(k) !== undefined)) return null;
  const before = problems.length;
  const url = raw('SMTP_URL');
  const host = raw('SMTP_HOST');
  let parsed: {
    host: string;
    port: number | null;
    secure: boolean | null;
    user: string | null;
    pass: string | null;
  } = {
    host: host ?? '',
    port: null,
    secure: null,
    user: null,
    pass: null,
  };
  if (url !== undefined && host !== undefined)
    problems.push('SMTP_URL, SMTP_HOST: give one of them, not both');
  else if (url !== undefined) {
    try {
      const u = new URL(url);
      if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new Error('protocol');
      if (!u.hostname) throw new Error('host');
      parsed = {
        host: u.hostname.replace(/^\[|\]$/g, ''),
        port: u.port ? Number(u.port) : null,
        secure: u.protocol === 'smtps:',
        user: u.username ? decodeURIComponent(u.username) : null,
        pass: u.password ? decodeURIComponent(u.password) : null,
      };
    } catch {
      // The URL may hold a password: name the variable, not its value.
      problems.push('SMTP_URL: must be an smtp:// or smtps:// URL with a host (smtp://user:pass@host:587)');
    }
  } else if (host === undefined) {
    problems.push('SMTP_URL or SMTP_HOST: one is required when any SMTP_ variable is set');
  } else if (!/^[A-Za-z0-9.:-]{1,253}$/.test(host)) {
    problems.push(`SMTP_HOST: must be a host name or address, got ${JSON.stringify(host)}`);
  }

  const secureRaw = raw('SMTP_SECURE');
  let secure = parsed.secure ?? false;
  if (secureRaw !== undefined) {
    if (!['true', 'false'].includes(secureRaw.toLowerCase()))
      problems.push(`SMTP_SECURE: must be true or false, got ${JSON.stringify(secureRaw)}`);
    else if (parsed.secure !== null && parsed.secure !== (secureRaw.toLowerCase() === 'true'))
      problems.push('SMTP_SECURE: contradicts the scheme of SMTP_URL (smtps:// is TLS, smtp:// is not)');
    else secure = secureRaw.toLowerCase() === 'true';
  }

  const portRaw = raw('SMTP_PORT');
  let port = parsed.port ?? (secure ? 465 : 587);
  if (portRaw !== undefined) {
    if (!/^\d+$/.test(portRaw) || Number(portRaw) < 1 || Number(portRaw) > 65535)
      problems.push(`SMTP_PORT: must be a whole number from 1 to 65535, got ${JSON.stringify(portRaw)}`);
    else if (parsed.port !== null && parsed.port !== Number(portRaw))
      problems.push('SMTP_PORT: contradicts the port in SMTP_URL');
    else port = Number(portRaw);
  }

  const userRaw = raw('SMTP_USER');
  const passRaw = raw('SMTP_PASS');
  if ((userRaw !== undefined || passRaw !== undefined) && (parsed.user !== null || parsed.pass !== null))
    problems.push('SMTP_USER, SMTP_PASS: the credentials are already in SMTP_URL; give them once');
  const user = userRaw ?? parsed.user;
  const pass = passRaw ?? parsed.pass;
  if ((user === null) !== (pass === null)) problems.push('SMTP_USER, SMTP_PASS: give both or neither');

  const from = raw('SMTP_FROM');
  let fromDomain = '';
  if (from === undefined) problems.push('SMTP_FROM: the sender address is required when SMTP is configured');
  else {
    const m = NAMED_ADDRESS.exec(from);
    const b = BARE_ADDRESS.exec(from);
    if (m) fromDomain = m[2]!;
    else if (b) fromDomain = b[1]!;
    else
      problems.push(
        `SMTP_FROM: must be an address (office@example.cn) or a name and address (教师发展中心 <office@example.cn>), got ${JSON.stringify(from)}`,
      );
  }

  const delayRaw = raw('SMTP_RETRY_DELAY_MS') ?? '5000';
  let retryDelayMs = 5000;
  if (!/^\d+$/.test(delayRaw) || Number(delayRaw) < 10 || Number(delayRaw) > 600_000)
    problems.push(
      `SMTP_RETRY_DELAY_MS: must be a whole number from 10 to 600000, got ${JSON.stringify(delayRaw)}`,
    );
  else retryDelayMs = Number(delayRaw);

  if (problems.length > before) return null;
  return {
    host: parsed.host,
    port,
    secure,
    user,
    pass,
    from: from!,
    fromDomain: fromDomain.toLowerCase(),
    retryDelayMs,
  };
}
