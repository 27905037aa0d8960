import { SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Role } from '#libs/identity';

export const IS_PUBLIC = 'auth:public';
export const REQUIRED_ROLES = 'auth:roles';

/** A route anyone may call without a token (login, health). Everything else needs one. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * The caller must hold one of these roles (DOMAIN.md "People and roles"), else 403. The first one they
 * hold, in the order given here, is the role they act in unless `X-Act-As` names another of them.
 */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(REQUIRED_ROLES, roles);

export const STREAM_HEAD_WITH_SESSION = 'auth:streamHeadWithSession';

/**
 * The route's command folds a stream it does not write (a draft folds its call): `streamOf` names it
 * from the request as it arrives — before validation, so it must check what it reads, and answers
 * undefined when the request names none. The guard then reads that stream's head in the session
 * check's own statement (SessionStore.check), and the route finds it with `streamHeadSeen`: the command
 * folds the stream again only if its head moved, one round trip fewer per command.
 */
export const StreamHeadWithSession = (streamOf: (req: FastifyRequest) => string | undefined) =>
  SetMetadata(STREAM_HEAD_WITH_SESSION, streamOf);

const seenHeads = new WeakMap<FastifyRequest, { stream: string; head: string | null }>();

/** Kept by the guard for the route: the head it read of `stream` with the session. */
export function rememberStreamHead(req: FastifyRequest, stream: string, head: string | null): void {
  seenHeads.set(req, { stream, head });
}

/**
 * The head of `stream` (`<version>:<last hash>`, null: no such stream) as the session check read it,
 * or undefined when it read none for this stream — then the command reads the stream itself.
 */
export function streamHeadSeen(req: FastifyRequest, stream: string): string | null | undefined {
  const seen = seenHeads.get(req);
  return seen && seen.stream === stream ? seen.head : undefined;
}
