import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import { DomainError } from '#libs/event-store';

/**
 * The deepest a JSON body may nest (the body itself is level 1). No request of the API needs more than a
 * handful of levels; class-transformer and class-validator walk bodies recursively, so a body nested
 * thousands deep overflowed the stack inside them (500 "Maximum call stack size exceeded", on the public
 * sign-in route as well).
 */
export const MAX_JSON_DEPTH = 32;

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Whether the JSON text nests deeper than `max`, found in one pass over the bytes without parsing:
 * brackets inside strings are text, and in UTF-8 none of the bytes counted here can be part of a
 * multi-byte character. Malformed text is left to the parser that follows.
 */
export function nestsDeeperThan(body: Buffer | string, max: number): boolean {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      if (++depth > max) return true;
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) depth--;
  }
  return false;
}

export function bodyTooDeep(): DomainError {
  return new DomainError(
    'invalid',
    'body_too_deep',
    `the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`,
    { maxDepth: MAX_JSON_DEPTH },
  );
}

/**
 * The application/json parser: Fastify's own (which refuses `__proto__` and `constructor.prototype`
 * keys), preceded by the depth check, so a too-deep body is a 400 before anything walks it.
 */
export function useJsonBodyParser(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit }, (req, body, done) => {
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
      done(bodyTooDeep(), undefined);
      return;
    }
    parse(req, body.toString('utf8'), done);
  });
}
