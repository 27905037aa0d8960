import { createHmac, randomBytes } from 'node:crypto';
import { signAccessToken, verifyAccessToken, type TokenSubject } from './access-token.js';

// DOMAIN.md "People and roles": "signed short-lived tokens". HS256 JWTs: signature, algorithm, expiry and claims are checked.
const secret = randomBytes(32);
const subject: TokenSubject = {
  sub: 'u-1',
  username: 'wang.wei',
  name: '王伟',
  roles: ['teacher', 'reviewer'],
  orgUnit: 'school-a',
  sid: 'a'.repeat(43),
};
const T0 = new Date('2026-09-01T08:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('access tokens', () => {
  it('round-trips the claims with iat and exp', () => {
    const { token, claims, expiresIn } = signAccessToken(subject, secret, { now: T0, ttlSeconds: 900 });
    expect(expiresIn).toBe(900);
    expect(token.split('.')).toHaveLength(3);
    expect(claims).toEqual({ ...subject, iat: T0.getTime() / 1000, exp: T0.getTime() / 1000 + 900 });
    expect(verifyAccessToken(token, secret, at(899))).toEqual({ ok: true, claims });
  });

  it('refuses a token at or after its expiry', () => {
    const { token } = signAccessToken(subject, secret, { now: T0, ttlSeconds: 900 });
    expect(verifyAccessToken(token, secret, at(900))).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token issued in the future beyond the clock skew allowed', () => {
    const { token } = signAccessToken(subject, secret, { now: at(3600), ttlSeconds: 900 });
    expect(verifyAccessToken(token, secret, T0)).toEqual({ ok: false, reason: 'not_yet_valid' });
  });

  it('refuses a tampered payload (a role added) and a token signed with another secret', () => {
    const { token } = signAccessToken(subject, secret, { now: T0, ttlSeconds: 900 });
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = `${h}.${b64({ ...claims, roles: ['admin'] })}.${s}`;
    expect(verifyAccessToken(forged, secret, at(1))).toEqual({ ok: false, reason: 'bad_signature' });
    const other = signAccessToken(subject, randomBytes(32), { now: T0, ttlSeconds: 900 }).token;
    expect(verifyAccessToken(other, secret, at(1))).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses alg "none" and any algorithm but HS256, even when the MAC would match', () => {
    const { claims } = signAccessToken(subject, secret, { now: T0, ttlSeconds: 900 });
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    expect(verifyAccessToken(none, secret, at(1)).ok).toBe(false);
    const h = b64({ alg: 'HS512', typ: 'JWT' });
    const p = b64(claims);
    const sig = createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url');
    expect(verifyAccessToken(`${h}.${p}.${sig}`, secret, at(1))).toEqual({
      ok: false,
      reason: 'unsupported_alg',
    });
  });

  it('refuses malformed tokens and correctly signed tokens with bad claims', () => {
    for (const bad of ['', 'abc', 'a.b', 'a.b.c.d', 'x'.repeat(5000), '!!.??.**']) {
      expect(verifyAccessToken(bad, secret, T0).ok).toBe(false);
    }
    const h = b64({ alg: 'HS256', typ: 'JWT' });
    const p = b64({
      sub: 'u-1',
      username: 'x',
      name: 'x',
      roles: ['emperor'],
      orgUnit: 'o',
      sid: 's',
      iat: 1,
      exp: 9e9,
    });
    const sig = createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url');
    expect(verifyAccessToken(`${h}.${p}.${sig}`, secret, T0)).toEqual({
      ok: false,
      reason: 'invalid_claims',
    });
  });

  it('refuses a token that names no session (tokens from before sessions, or forged without one)', () => {
    const { sid: _sid, ...withoutSession } = subject;
    const h = b64({ alg: 'HS256', typ: 'JWT' });
    const p = b64({ ...withoutSession, iat: 1, exp: 9e9 });
    const sig = createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url');
    expect(verifyAccessToken(`${h}.${p}.${sig}`, secret, T0)).toEqual({
      ok: false,
      reason: 'invalid_claims',
    });
  });
});
