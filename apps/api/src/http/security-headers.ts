import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The Content-Security-Policy of every answer, written for the web app (React, Ant Design) served from
 * the API's own origin: scripts, data and fonts from 'self' only; styles from 'self' and inline, because
 * Ant Design's CSS-in-JS injects <style> elements at run time (a nonce would need server-rendered HTML);
 * images from 'self' and data: URIs (icons); nothing may frame the app, no plugins, no <base> elsewhere.
 * No `upgrade-insecure-requests`: an office installation on plain http on its LAN would break, and over
 * https HSTS does that job. The Swagger UI at /api/docs loads its scripts and styles from files served
 * here (no inline script), so the same policy serves it; a browser test checks it has no violation.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** One year, subdomains included: once a browser has seen the site over https it never uses http. */
export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * HSTS only on an answer served over https (directly, or — when the proxy is trusted — as the proxy's
 * X-Forwarded-Proto says): over plain http browsers ignore it, and an installation on http must not
 * claim it.
 */
export function strictTransportSecurity(req: FastifyRequest, reply: FastifyReply): void {
  if (req.protocol === 'https') void reply.header('strict-transport-security', HSTS);
}

/** Headers the browser may read on a cross-origin answer (those the web app uses). */
const EXPOSED_HEADERS = [
  'etag',
  'location',
  'x-log-position',
  'x-correlation-id',
  'retry-after',
  'content-disposition',
  'preference-applied',
];
const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'accept-language',
  'idempotency-key',
  'if-match',
  'x-min-position',
  'x-correlation-id',
  'x-act-as',
  'prefer',
];

/**
 * Security headers on every answer (Nest's own, helmet's defaults but the policy above and HSTS), and
 * the CORS policy: same origin only — no CORS headers at all — unless CORS_ORIGINS lists origins, which
 * get CORS answers (bearer tokens, so no credentials mode). Cross-origin state-changing requests from
 * browsers (Sec-Fetch-Site / Origin) are refused with 403 unless their origin is listed: the web app is
 * served from the API's origin and needs nothing more.
 */
export function useSecurityHeadersAndCors(app: NestFastifyApplication, corsOrigins: string[]): void {
  app.useSecurityHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: false,
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (req, reply, done) => {
      strictTransportSecurity(req, reply);
      done();
    });
  app.enableCsrfProtection({ trustedOrigins: corsOrigins });
  if (corsOrigins.length > 0)
    app.enableCors({
      origin: corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ALLOWED_HEADERS,
      exposedHeaders: EXPOSED_HEADERS,
      credentials: false,
      maxAge: 600,
    });
}
