import { createHmac, timingSafeEqual } from 'node:crypto';
import { isRole, type Role } from '../identity.model.js';

/**
 * Signed, short-lived access tokens (DOMAIN.md "People and roles": "signed short-lived tokens"): JWT compact form, HS256
 * (HMAC-SHA256) only, written with node:crypto rather than a JWT library because this is all we need
 * and every check is visible here: the algorithm is pinned (a token saying `none` or `RS256` is refused,
 * so nobody can pick the algorithm for us), the signature is compared in constant time, the expiry and
 * the claim types are checked.
 *
 * A token names the sign-in session it belongs to (`sid`, sessions.ts), and the API refuses it once
 * that session has ended: sign-out, deactivation, erasure and role or password changes take effect on
 * the next request, not at the token's expiry.
 */
export interface AccessClaims {
  /** The user id. */
  sub: string;
  username: string;
  /** Display name (the registered JWT claim `name`). */
  name: string;
  roles: Role[];
  orgUnit: string;
  /** The session (its secret id): the token is refused once the session has ended. */
  sid: string;
  /** Issued at / expires at, seconds since the epoch. */
  iat: number;
  exp: number;
}

export type TokenSubject = Omit<AccessClaims, 'iat' | 'exp'>;

export type TokenRejection =
  'malformed' | 'unsupported_alg' | 'bad_signature' | 'expired' | 'not_yet_valid' | 'invalid_claims';

export type VerifiedToken = { ok: true; claims: AccessClaims } | { ok: false; reason: TokenRejection };

/** Tokens far larger than ours are refused before any work is done on them. */
const MAX_TOKEN_LENGTH = 4096;
/** Clock skew tolerated between api processes for `iat`. */
const SKEW_SECONDS = 60;
const B64URL = /^[A-Za-z0-9_-]+$/;
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function mac(secret: Buffer, signingInput: string): Buffer {
  return createHmac('sha256', secret).update(signingInput).digest();
}

export function signAccessToken(
  subject: TokenSubject,
  secret: Buffer,
  options: { now: Date; ttlSeconds: number },
): { token: string; claims: AccessClaims; expiresIn: number } {
  const iat = Math.floor(options.now.getTime() / 1000);
  const claims: AccessClaims = {
    sub: subject.sub,
    username: subject.username,
    name: subject.name,
    roles: [...subject.roles],
    orgUnit: subject.orgUnit,
    sid: subject.sid,
    iat,
    exp: iat + options.ttlSeconds,
  };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signingInput = `${HEADER}.${payload}`;
  return {
    token: `${signingInput}.${mac(secret, signingInput).toString('base64url')}`,
    claims,
    expiresIn: options.ttlSeconds,
  };
}

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function validClaims(c: unknown): c is AccessClaims {
  if (typeof c !== 'object' || c === null) return false;
  const x = c as Record<string, unknown>;
  const str = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 200;
  return (
    str(x.sub) &&
    str(x.username) &&
    typeof x.name === 'string' &&
    str(x.orgUnit) &&
    str(x.sid) &&
    Array.isArray(x.roles) &&
    x.roles.length > 0 &&
    x.roles.every(isRole) &&
    Number.isSafeInteger(x.iat) &&
    Number.isSafeInteger(x.exp)
  );
}

export function verifyAccessToken(token: string, secret: Buffer, now: Date): VerifiedToken {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) return { ok: false, reason: 'malformed' };
  const [h, p, s] = parts as [string, string, string];
  const header = decodeJson(h) as { alg?: unknown; typ?: unknown } | undefined;
  if (typeof header !== 'object' || header === null) return { ok: false, reason: 'malformed' };
  // The algorithm is ours to choose, never the token's (the classic `alg: none` / key-confusion attacks).
  if (header.alg !== 'HS256' || (header.typ !== undefined && header.typ !== 'JWT'))
    return { ok: false, reason: 'unsupported_alg' };
  const expected = mac(secret, `${h}.${p}`);
  const given = Buffer.from(s, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad_signature' };
  const claims = decodeJson(p);
  if (!validClaims(claims)) return { ok: false, reason: 'invalid_claims' };
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (claims.exp <= nowSeconds) return { ok: false, reason: 'expired' };
  if (claims.iat > nowSeconds + SKEW_SECONDS) return { ok: false, reason: 'not_yet_valid' };
  return { ok: true, claims };
}
