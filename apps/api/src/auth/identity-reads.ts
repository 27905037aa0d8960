import { BadRequestException, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type pg from 'pg';
import { decodePosition, waitForPosition, type LogPosition } from '#libs/event-store';
import { identityDirectoryProjection } from '#libs/identity';
import { RESPOND_BEFORE_READ_MODELS, respondsBeforeReadModels } from '../http/read-your-writes.js';

const READ_MODELS = [identityDirectoryProjection.name];

/**
 * Read-your-writes for the identity read models (same contract as http/read-your-writes.ts): a write
 * waits until `org_units`/`users` show it (unless the client prefers to be answered before), and a read
 * honours `X-Min-Position`.
 */
export async function identityCaughtUp(
  pool: pg.Pool,
  position: LogPosition | null,
  reply: FastifyReply,
): Promise<boolean> {
  if (respondsBeforeReadModels(reply.request)) {
    void reply.header('preference-applied', RESPOND_BEFORE_READ_MODELS);
    return false;
  }
  return position ? waitForPosition(pool, READ_MODELS, position, 5000) : true;
}

export async function identityReadAfter(pool: pg.Pool, header: string | string[] | undefined): Promise<void> {
  if (header === undefined) return;
  const position = typeof header === 'string' ? decodePosition(header) : null;
  if (!position)
    throw new BadRequestException('X-Min-Position must be a position this API gave out, like 1234.56');
  if (!(await waitForPosition(pool, READ_MODELS, position, 5000))) {
    throw new ServiceUnavailableException(
      'the read model has not caught up with X-Min-Position yet; retry shortly',
    );
  }
}
