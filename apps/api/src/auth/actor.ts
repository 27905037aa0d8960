import { createParamDecorator, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Role } from '#libs/identity';

/**
 * Who is acting, from the verified access token (never from the body). `role` is the one role this
 * request acts in — commands record it as `actorRole` (DOMAIN.md "Audit trail": actor and role), and
 * deciders check it (e.g. only a chair decides). The guard picks it: the `X-Act-As` header when the user
 * holds that role and the route allows it, else the first role of the route's @Roles the user holds, else
 * the user's least privileged role.
 */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  orgUnit: string;
  role: Role;
}

/**
 * Kept on the request as `req.actor` — the property apps/api/src/http/request-context.ts reads — so
 * both `actorOf` functions see the same actor.
 */
type WithActor = FastifyRequest & { actor?: Actor; session?: RequestSession };

/** The sign-in session a request came in (its secret id and how it was presented), for sign-out. */
export interface RequestSession {
  id: string;
  kind: 'cookie' | 'bearer';
}

export function attachActor(req: FastifyRequest, actor: Actor, session?: RequestSession): void {
  (req as WithActor).actor = actor;
  if (session) (req as WithActor).session = session;
}

export function sessionOf(req: FastifyRequest): RequestSession | undefined {
  return (req as WithActor).session;
}

/** The verified actor of a request; 401 on a route that let an anonymous caller through (@Public). */
export function actorOf(req: FastifyRequest): Actor {
  const actor = (req as WithActor).actor;
  if (!actor) throw new UnauthorizedException('sign in first: send Authorization: Bearer <access token>');
  return actor;
}

/** `@CurrentActor() actor: Actor` in a controller method. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor =>
  actorOf(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
