/**
 * Typed refusals raised by deciders and handlers, mapped once to RFC 9457 problem responses at the
 * HTTP edge (ARCHITECTURE.md "Conventions"). `code` is a stable machine-readable reason; `rule` names
 * the DOMAIN.md rule that refused, so the caller learns why.
 */
export type DomainErrorKind = 'refused' | 'not_found' | 'forbidden' | 'conflict' | 'invalid';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const refuse = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('refused', code, message, details);
export const notFound = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('not_found', code, message, details);
export const forbidden = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('forbidden', code, message, details);
