import { createHash, randomUUID } from 'node:crypto';
import { BadRequestException, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { canonicalJson, eventIdFor, type CommandMetadata } from '#libs/event-store';
import { currentCorrelationId } from '#libs/platform';

/** The verified caller, set on the request by the auth guard from a signed token. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  orgUnit: string;
}

export function actorOf(req: FastifyRequest): Actor {
  const actor = (req as FastifyRequest & { actor?: Actor }).actor;
  if (!actor) throw new UnauthorizedException('sign in first');
  return actor;
}

/** The role a command is done in; the actor must hold it (the decider checks it was the right one). */
export function actingAs(actor: Actor, role: string): string {
  if (!actor.roles.includes(role)) throw new ForbiddenException(`this needs the ${role} role`);
  return role;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,100}$/;

/**
 * Command metadata from the request. With an `Idempotency-Key` the command id is derived from the key,
 * the actor and the route, so a retried request is the same command and the store keeps its events once.
 */
export function commandMeta(req: FastifyRequest, actor: Actor, role: string, now: Date): CommandMetadata {
  const key = req.headers['idempotency-key'];
  if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
    throw new BadRequestException('Idempotency-Key must be 8-100 characters of letters, digits, . _ : -');
  }
  const commandId = key ? eventIdFor(`idem:${actor.id}:${req.method}:${req.url}:${key}`, 0) : randomUUID();
  // With a key, the request's body is fingerprinted and kept with the events, so a key reused for a
  // different body is told apart from a retry (the command runner answers it 422).
  const requestHash = key
    ? createHash('sha256')
        .update(canonicalJson(req.body ?? null))
        .digest('hex')
    : undefined;
  const correlationId = currentCorrelationId() ?? randomUUID();
  return {
    commandId,
    actorId: actor.id,
    actorRole: role,
    orgUnit: actor.orgUnit,
    correlationId,
    causationId: correlationId,
    now,
    extra: { request: `${req.method} ${req.url.split('?')[0]}`, ...(requestHash && { requestHash }) },
  };
}

/** `If-Match: "3"` → 3. Absent → undefined. Anything else is a bad request. */
export function ifMatchVersion(req: FastifyRequest): number | undefined {
  const raw = req.headers['if-match'];
  if (raw === undefined) return undefined;
  const m = typeof raw === 'string' ? /^(?:W\/)?"(\d{1,9})"$/.exec(raw.trim()) : null;
  if (!m) throw new BadRequestException('If-Match must be an ETag this API gave out, like "3"');
  return Number(m[1]);
}
