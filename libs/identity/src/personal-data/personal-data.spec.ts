import { randomBytes } from 'node:crypto';
import { isEnvelope, openWithKey, sealWithKey } from './personal-data.js';

// DOMAIN.md "Audit trail": personal data can be erased without breaking the history — the log keeps
// only envelopes sealed with the person's own key, so destroying the key is the erasure.
describe('personal-data envelopes (AES-256-GCM, one key per person)', () => {
  const key = randomBytes(32);

  it('round-trips a value and never shows the plaintext in the envelope', () => {
    const sealed = sealWithKey(key, 'user-1', '王伟 13800138000');
    expect(isEnvelope(sealed)).toBe(true);
    expect(sealed).not.toContain('王伟');
    expect(sealed).not.toContain('13800138000');
    expect(openWithKey(key, 'user-1', sealed)).toBe('王伟 13800138000');
  });

  it('seals the same value differently each time (a fresh IV), so equal values are not linkable', () => {
    expect(sealWithKey(key, 'user-1', 'same')).not.toBe(sealWithKey(key, 'user-1', 'same'));
  });

  it('refuses to open with another key, for another person, or after tampering', () => {
    const sealed = sealWithKey(key, 'user-1', 'secret');
    expect(() => openWithKey(randomBytes(32), 'user-1', sealed)).toThrow();
    expect(() => openWithKey(key, 'user-2', sealed)).toThrow();
    const parts = sealed.split(':');
    const ct = Buffer.from(parts[2]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    parts[2] = ct.toString('base64url');
    expect(() => openWithKey(key, 'user-1', parts.join(':'))).toThrow();
  });

  it('tells envelopes from plain text written before sealing existed', () => {
    expect(isEnvelope('陈静 Chen Jing')).toBe(false);
    expect(isEnvelope(42)).toBe(false);
  });
});
