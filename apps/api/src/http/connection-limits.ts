import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { HttpLimits } from '#libs/platform';
import { RETRY_AFTER_SECONDS } from './database-outage.js';

/**
 * Fastify's options for the deadlines. Node checks the request and header deadlines on a timer
 * (`connectionsCheckingInterval`, 30 s by default — a slow client then kept its connection up to 30 s
 * past its deadline); here it runs four times per header deadline, at most once a second.
 */
export function serverTimeouts(limits: HttpLimits) {
  return {
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      // Node checks at creation that the header deadline is within the request's; Fastify sets the
      // request's after creation, so it is given here too.
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
    },
  };
}

const REFUSAL = JSON.stringify({
  type: 'https://teacher-dev.example/problems/too-many-connections',
  title: 'Service unavailable',
  status: 503,
  detail: 'this address holds too many open connections; close some and retry',
  code: 'too_many_connections',
});

/**
 * At most `max` open connections per client address: one address (a script, or a slow-request attack)
 * cannot hold every connection the server has, and others are still served. A connection beyond the cap
 * is answered 503 with Retry-After and closed before its request is read. Behind a reverse proxy every
 * client shares the proxy's address: raise the cap there, or set it to 0 and let the proxy limit.
 */
export function capConnectionsPerAddress(server: Server, max: number): void {
  if (max <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const n = (open.get(address) ?? 0) + 1;
    if (n > max) {
      socket.end(
        `HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: ${RETRY_AFTER_SECONDS}\r\n` +
          `Content-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(REFUSAL)}\r\n\r\n${REFUSAL}`,
      );
      socket.on('error', () => undefined);
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    open.set(address, n);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
