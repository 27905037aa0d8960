/**
 * Typed refusals raised by deciders and handlers, mapped once to RFC 9457 problem responses at the
 * HTTP edge (ARCHITECTURE.md "Conventions"). `code` is a stable machine-readable reason; `rule` names
 * the DOMAIN.md rule that refused, so the caller learns why.
 */
export type DomainErrorKind =
  | 'refused'
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'invalid'
  | 'unauthenticated'
  /** The thing existed and was removed for good (an erased person's evidence files: 410). */
  | 'gone'
  /** A file larger than the limit (413). */
  | 'too_large'
  /** A file whose content is of a type not accepted, or not the type declared (415). */
  | 'unsupported_media_type';

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
/** The caller is not (or no longer) signed in: 401 with a stable code the client acts on. */
export const unauthenticated = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('unauthenticated', code, message, details);
