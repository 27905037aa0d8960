import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The web app's session cookies (UI.md §1.2, sign-in and session): `tdw_session` names the session and is httpOnly,
 * so no script in the page can read it; `tdw_csrf` is readable, and the web app echoes it in
 * `X-CSRF-Token` on every request that changes something — a page of another site can make the browser
 * send the cookies, but cannot read this one to send the header. Both are SameSite=Strict, Path=/.
 */
export const SESSION_COOKIE = 'tdw_session';
export const CSRF_COOKIE = 'tdw_csrf';

/** The value of one cookie of the request, or undefined. */
export function readCookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function cookie(
  name: string,
  value: string,
  options: { httpOnly: boolean; secure: boolean; maxAge: number },
) {
  return [
    `${name}=${value}`,
    'Path=/',
    `Max-Age=${options.maxAge}`,
    'SameSite=Strict',
    ...(options.httpOnly ? ['HttpOnly'] : []),
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

export function setSessionCookies(
  reply: FastifyReply,
  session: { id: string; csrf: string; endsAt: Date },
  options: { secure: boolean; now: Date },
): void {
  const maxAge = Math.max(1, Math.floor((session.endsAt.getTime() - options.now.getTime()) / 1000));
  void reply.header('set-cookie', [
    cookie(SESSION_COOKIE, session.id, { httpOnly: true, secure: options.secure, maxAge }),
    cookie(CSRF_COOKIE, session.csrf, { httpOnly: false, secure: options.secure, maxAge }),
  ]);
}

export function clearSessionCookies(reply: FastifyReply, options: { secure: boolean }): void {
  void reply.header('set-cookie', [
    cookie(SESSION_COOKIE, '', { httpOnly: true, secure: options.secure, maxAge: 0 }),
    cookie(CSRF_COOKIE, '', { httpOnly: false, secure: options.secure, maxAge: 0 }),
  ]);
}
