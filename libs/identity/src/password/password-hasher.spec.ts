import { hashPassword, needsRehash, PASSWORD_HASH_PATTERN, verifyPassword } from './password-hasher.js';

// DOMAIN.md "People and roles": "scrypt or argon2 hashes, never plain".
const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('stores a self-describing scrypt string with a random salt, never the password', async () => {
    const a = await hashPassword('correct horse', FAST);
    const b = await hashPassword('correct horse', FAST);
    expect(a).toMatch(PASSWORD_HASH_PATTERN);
    expect(a.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(a).not.toContain('correct horse');
    expect(a).not.toBe(b); // fresh salt each time
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse', FAST);
    await expect(verifyPassword('correct horse', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horsE', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('treats canonically equal Unicode spellings as the same password', async () => {
    const stored = await hashPassword('caf\u00e9', FAST);
    await expect(verifyPassword('cafe\u0301', stored)).resolves.toBe(true);
  });

  it('verifies nothing against a malformed or hostile stored value', async () => {
    for (const bad of [
      '',
      'plain',
      'scrypt$1024$8$1$$',
      'scrypt$1000$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==',
      'scrypt$2097152$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==',
    ]) {
      await expect(verifyPassword('x', bad)).resolves.toBe(false);
    }
  });

  it('says when a stored hash is weaker than the current cost', async () => {
    expect(needsRehash(await hashPassword('x', FAST))).toBe(true);
    expect(needsRehash(await hashPassword('x'))).toBe(false);
  });
});
