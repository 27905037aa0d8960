import { HttpException, HttpStatus, type ValidationError } from '@nestjs/common';
import {
  DomainError,
  InvalidEventError,
  NotOnKurrentDbError,
  WrongExpectedVersionError,
} from '#libs/event-store';
import { withRule } from './problem-i18n.js';
import { isDatabaseUnavailable } from './database-outage.js';

/** RFC 9457 problem details: the one error shape every endpoint answers with. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  correlationId?: string;
  code?: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

const TYPE_BASE = 'https://teacher-dev.example/problems/';

/** Raised by the validation pipe: one entry per offending field, nested fields as dotted paths. */
export class ValidationProblem extends HttpException {
  constructor(readonly errors: { field: string; message: string }[]) {
    super('validation failed', HttpStatus.BAD_REQUEST);
  }
}

export function flattenValidationErrors(
  errors: ValidationError[],
  prefix = '',
): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    for (const [constraint, message] of Object.entries(e.constraints ?? {})) {
      // class-validator words "property x should not exist" for unknown fields; keep its text. The
      // constraint and its limits ride along unsent, for the message in the caller's language.
      out.push(withRule({ field, message }, e, constraint));
    }
    if (e.children && e.children.length > 0) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

const DOMAIN_STATUS: Record<DomainError['kind'], number> = {
  refused: 422,
  conflict: 409,
  not_found: 404,
  forbidden: 403,
  invalid: 400,
  unauthenticated: 401,
  gone: 410,
  too_large: 413,
  unsupported_media_type: 415,
};

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition failed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  428: 'Precondition required',
  429: 'Too many requests',
  500: 'Internal server error',
  501: 'Not implemented',
  503: 'Service unavailable',
};

function slug(status: number): string {
  return (TITLES[status] ?? 'error').toLowerCase().replace(/[^a-z]+/g, '-');
}

/**
 * Maps anything thrown to a problem. Unknown errors become a 500 whose detail reveals nothing; the
 * caller logs them with their stack. `preconditionHeader` is whether the request sent If-Match: a
 * stale version is then 412 rather than 409.
 */
export function toProblem(err: unknown, preconditionHeader: boolean): Problem {
  if (err instanceof ValidationProblem) {
    return {
      type: `${TYPE_BASE}validation`,
      title: 'Invalid request',
      status: 400,
      detail: `${err.errors.length} field(s) are invalid: ${[...new Set(err.errors.map((e) => e.field))].join(', ')}`,
      errors: err.errors,
    };
  }
  if (err instanceof DomainError) {
    const status = DOMAIN_STATUS[err.kind];
    return {
      type: `${TYPE_BASE}${err.code.replace(/_/g, '-')}`,
      title: TITLES[status]!,
      status,
      detail: err.message,
      code: err.code,
      ...err.details,
    };
  }
  if (err instanceof WrongExpectedVersionError) {
    const status = preconditionHeader ? 412 : 409;
    return {
      type: `${TYPE_BASE}${preconditionHeader ? 'stale-version' : 'concurrent-change'}`,
      title: TITLES[status]!,
      status,
      detail: preconditionHeader
        ? `the resource has changed since the version you sent (it is now at version ${err.actual ?? 0})`
        : 'someone else changed this resource at the same moment; read it again and retry',
      currentVersion: err.actual ?? 0,
    };
  }
  if (err instanceof NotOnKurrentDbError) {
    // README "Event store": a feature that reads PostgreSQL's events table (chain verification, backup,
    // rebuild) while the log lives in KurrentDB. Not the client's fault and not a crash: this deployment
    // does not offer it, so 501 names the feature rather than a bare 500.
    return {
      type: `${TYPE_BASE}not-on-kurrentdb`,
      title: TITLES[501]!,
      status: 501,
      detail: err.message,
      code: 'not_on_kurrentdb',
      feature: err.feature,
    };
  }
  if (err instanceof InvalidEventError) {
    return { type: `${TYPE_BASE}invalid-event`, title: 'Bad request', status: 400, detail: err.message };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const response = err.getResponse();
    const health = response as { status?: unknown; details?: Record<string, { status?: string }> };
    if (health && typeof health === 'object' && health.status === 'error' && health.details) {
      // @nestjs/terminus: a failed readiness check keeps its per-check details.
      const down = Object.entries(health.details)
        .filter(([, v]) => v?.status !== 'up')
        .map(([k]) => k);
      return {
        type: `${TYPE_BASE}not-ready`,
        title: TITLES[status] ?? 'Service unavailable',
        status,
        detail: `not ready: ${down.join(', ')} down`,
        checks: health.details,
      };
    }
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? (response as { message: string[] }).message.join('; ')
          : String((response as { message?: unknown }).message ?? err.message);
    return { type: `${TYPE_BASE}${slug(status)}`, title: TITLES[status] ?? 'Error', status, detail: message };
  }
  // Fastify's own errors (body too large, bad JSON, wrong content type) carry a 4xx statusCode.
  const fst = err as { statusCode?: number; code?: string; message?: string };
  if (fst.code === 'FST_ERR_BAD_URL' || fst.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return {
      type: `${TYPE_BASE}${slug(400)}`,
      title: TITLES[400]!,
      status: 400,
      detail:
        fst.code === 'FST_ERR_BAD_URL'
          ? 'the path is not a valid URL: a %-escape is broken'
          : 'a path parameter is longer than any identifier',
    };
  }
  if (typeof fst.statusCode === 'number' && fst.statusCode >= 400 && fst.statusCode < 500) {
    const detail =
      fst.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'the request body is larger than the server accepts'
        : fst.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'send the body as application/json'
          : fst.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
            ? 'the JSON body is empty'
            : /JSON/i.test(fst.message ?? '')
              ? 'the body is not valid JSON'
              : (fst.message ?? 'bad request');
    return {
      type: `${TYPE_BASE}${slug(fst.statusCode)}`,
      title: TITLES[fst.statusCode] ?? 'Bad request',
      status: fst.statusCode,
      detail,
    };
  }
  if (isDatabaseUnavailable(err)) {
    return {
      type: `${TYPE_BASE}database-unavailable`,
      title: TITLES[503]!,
      status: 503,
      detail: 'the database cannot be reached right now; retry shortly',
      code: 'database_unavailable',
    };
  }
  return {
    type: `${TYPE_BASE}internal`,
    title: TITLES[500]!,
    status: 500,
    detail: 'an unexpected error occurred; it has been logged with the correlation id',
  };
}
