import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { forbidden } from '#libs/event-store';
import { isRole, ROLES, type Role } from '#libs/identity';
import { AccessTokens } from './access-tokens.service.js';
import { attachActor } from './actor.js';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators.js';

const REJECTIONS: Record<string, string> = {
  expired: 'the access token has expired: sign in again',
  malformed: 'the access token is not valid',
  unsupported_alg: 'the access token is not valid',
  bad_signature: 'the access token is not valid',
  not_yet_valid: 'the access token is not valid yet',
  invalid_claims: 'the access token is not valid',
};

/**
 * The edge half of authorisation (ARCHITECTURE.md "Authorisation in two places"): every route needs a
 * valid `Authorization: Bearer <token>` unless marked @Public (401 otherwise), and the roles of its
 * @Roles (403 otherwise). Register it globally (APP_GUARD) so a new route is closed by default. Scope
 * (org unit) checks need the route's target and live in the controllers (OrgScope) and the deciders.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();

    const header = req.headers.authorization;
    const m = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._-]+)$/i.exec(header.trim()) : null;
    if (!m) {
      void reply.header('www-authenticate', 'Bearer');
      throw new UnauthorizedException('sign in first: send Authorization: Bearer <access token>');
    }
    const verified = this.tokens.verify(m[1]!);
    if (!verified.ok) {
      void reply.header('www-authenticate', `Bearer error="invalid_token"`);
      throw new UnauthorizedException(REJECTIONS[verified.reason] ?? 'the access token is not valid');
    }
    const c = verified.claims;
    const role = this.actingRole(
      c.roles,
      this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets),
      req.headers['x-act-as'],
    );
    attachActor(req, {
      id: c.sub,
      username: c.username,
      displayName: c.name,
      roles: c.roles,
      orgUnit: c.orgUnit,
      role,
    });
    return true;
  }

  private actingRole(held: Role[], required: Role[] | undefined, asked: string | string[] | undefined): Role {
    if (asked !== undefined && !(typeof asked === 'string' && isRole(asked) && held.includes(asked))) {
      throw forbidden('role_not_held', `X-Act-As must name one of your roles: ${held.join(', ')}`);
    }
    if (required && required.length > 0) {
      const usable = required.filter((r) => held.includes(r));
      if (usable.length === 0) {
        throw forbidden('role_required', `this needs the role ${required.join(' or ')}`, {
          requiredRoles: required,
        });
      }
      if (asked !== undefined && !usable.includes(asked as Role)) {
        throw forbidden(
          'role_required',
          `acting as ${asked as string} is not enough here: this needs ${required.join(' or ')}`,
          {
            requiredRoles: required,
          },
        );
      }
      return (asked as Role | undefined) ?? usable[0]!;
    }
    return (asked as Role | undefined) ?? ROLES.find((r) => held.includes(r))!;
  }
}
