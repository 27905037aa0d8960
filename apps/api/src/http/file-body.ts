import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { errorCodes, type FastifyRequest, type RawServerDefault } from 'fastify';

/**
 * A route that takes a file as its request body: evidence uploads (`POST /api/evidence?name=…`) and the
 * spreadsheet imports (`/api/imports/…`). Each names its media types and its own size limit; every
 * other route stays JSON only.
 */
export interface FileBodyRoute {
  /** Whether a request path (without its query) takes a file body. */
  accepts(path: string): boolean;
  /** The media types it takes (Content-Type without parameters). */
  types: readonly string[];
  limitBytes: number;
  /** The refusal of a body over the limit, naming it in the route's own terms. */
  tooLarge(): Error;
}

const mediaTypeOf = (req: FastifyRequest): string =>
  String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();

/**
 * The file routes' bodies, read as bytes. One parser serves them all — Fastify takes one parser per
 * media type, and evidence and imports both take .xlsx and application/octet-stream — and picks the
 * route by path and type. A Content-Length over the route's limit is refused before a byte of the body
 * is read; a chunked body is held to the largest limit while read, then to its route's.
 * A file type sent to any other route is refused as before (415, "send the body as application/json").
 */
export function useFileBodyParser(app: NestFastifyApplication, routes: FileBodyRoute[]): void {
  const fastify = app.getHttpAdapter().getInstance();
  const { FST_ERR_CTP_INVALID_MEDIA_TYPE } = errorCodes;
  const routeOf = (req: FastifyRequest): FileBodyRoute | undefined => {
    const path = req.url.split('?')[0]!;
    const type = mediaTypeOf(req);
    return routes.find((r) => r.accepts(path) && r.types.includes(type));
  };
  fastify.addHook('preParsing', (req, _reply, payload, done) => {
    const length = Number(req.headers['content-length']);
    const route = Number.isFinite(length) ? routeOf(req) : undefined;
    if (route && length > route.limitBytes) {
      done(route.tooLarge(), payload);
      return;
    }
    done(null, payload);
  });
  const types = [...new Set(routes.flatMap((r) => r.types))];
  const largest = Math.max(...routes.map((r) => r.limitBytes));
  app.useBodyParser<RawServerDefault>(types, { bodyLimit: largest }, (req, body, done) => {
    const route = routeOf(req as FastifyRequest);
    if (!route) {
      done(new FST_ERR_CTP_INVALID_MEDIA_TYPE(req.headers['content-type'] ?? ''), undefined);
      return;
    }
    if ((body as Buffer).length > route.limitBytes) {
      done(route.tooLarge(), undefined);
      return;
    }
    done(null, body);
  });
}
