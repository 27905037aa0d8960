import { SetMetadata } from '@nestjs/common';
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
