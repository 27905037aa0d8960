/**
 * Whether an error means the database cannot be reached right now — a connection refused, reset, cut
 * mid-query or timed out, or a server that is starting up, shutting down or refusing connections — as
 * opposed to a fault of the request or the code. Such a request is answered 503 with Retry-After: the
 * pool opens new connections on the next request, so the api serves again as soon as the database is
 * back, without a restart.
 */
export const RETRY_AFTER_SECONDS = 5;

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** SQLSTATEs of a server that is away or refuses sessions (PostgreSQL appendix A). */
const SERVER_AWAY = new Set([
  '57P01', // admin_shutdown: the backend was terminated (pg_terminate_backend, a fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '53300', // too_many_connections
]);

/** node-postgres words these without a code. */
const CLIENT_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|not currently accepting connections/i;

export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (depth > 4 || err === null || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code) || SERVER_AWAY.has(code) || code.startsWith('08')) return true;
  // 55000 object_not_in_prerequisite_state is also "database … is not currently accepting connections"
  // (ALTER DATABASE … ALLOW_CONNECTIONS false); only that wording of it is an outage.
  if (typeof e.message === 'string' && CLIENT_MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}
