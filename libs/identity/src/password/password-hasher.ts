import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (DOMAIN.md "People and roles": "scrypt or argon2 hashes, never plain"), from node:crypto so
 * there is no native dependency. The stored form describes itself — `scrypt$N$r$p$salt$hash`, salt and
 * hash in base64 — so the cost can be raised later and old hashes still verify (and `needsRehash` says
 * which to upgrade at the next successful login).
 *
 * Cost: N=2^15, r=8, p=1 is 32 MiB and about 0.1 s of one core per hash on a small server. That is the
 * price of a login; OWASP currently asks for about four times this work (N=2^17, or N=2^15 with p=3) —
 * raise `DEFAULT_SCRYPT` when the servers can afford it; nothing else changes.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** `scrypt$N$r$p$salt$hash`: what the user decider accepts as a hash (and refuses as a plain password). */
export const PASSWORD_HASH_PATTERN =
  /^scrypt\$\d{1,8}\$\d{1,3}\$\d{1,3}\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/;

function scrypt(password: string, salt: Buffer, keylen: number, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 128 * params.N * params.r * 2,
  };
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFC'), salt, keylen, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** Hashes with a fresh random salt. The password itself is never stored or logged anywhere. */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, KEY_BYTES, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function parse(stored: string): ParsedHash | null {
  if (!PASSWORD_HASH_PATTERN.test(stored)) return null;
  const [, n, r, p, salt, key] = stored.split('$');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  // Bounds keep a corrupted or hostile stored value from costing gigabytes or minutes.
  const powerOfTwo = params.N > 1 && (params.N & (params.N - 1)) === 0;
  if (!powerOfTwo || params.N > 2 ** 20 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16)
    return null;
  const parsed = { params, salt: Buffer.from(salt!, 'base64'), key: Buffer.from(key!, 'base64') };
  if (parsed.salt.length < 8 || parsed.key.length < 16 || parsed.key.length > 64) return null;
  return parsed;
}

/** Constant-time comparison of the derived key; a malformed stored hash verifies nothing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await scrypt(password, parsed.salt, parsed.key.length, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/** True when the stored hash is weaker than the current default (or unreadable). */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parse(stored);
  if (!parsed) return true;
  return parsed.params.N * parsed.params.r * parsed.params.p < params.N * params.r * params.p;
}

let dummy: Promise<string> | null = null;
/**
 * A hash of a random password: login verifies against it when the username is unknown, so an unknown
 * user costs the same time as a wrong password and response times do not reveal which usernames exist.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}
