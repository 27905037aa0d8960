import type { FastifyReply, FastifyRequest } from 'fastify';
import { HSTS, strictTransportSecurity } from './security-headers.js';

function reply() {
  const headers: Record<string, string> = {};
  return {
    headers,
    reply: { header: (k: string, v: string) => ((headers[k] = v), undefined) } as unknown as FastifyReply,
  };
}

// HSTS only when the answer goes out over https: a plain-http installation must not claim it (the
// e2e suite runs over http and checks it is absent there).
describe('Strict-Transport-Security', () => {
  it('is set on an answer served over https', () => {
    const r = reply();
    strictTransportSecurity({ protocol: 'https' } as FastifyRequest, r.reply);
    expect(r.headers).toEqual({ 'strict-transport-security': HSTS });
  });

  it('is not set over http', () => {
    const r = reply();
    strictTransportSecurity({ protocol: 'http' } as FastifyRequest, r.reply);
    expect(r.headers).toEqual({});
  });
});
