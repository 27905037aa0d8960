import { applyDecorators } from '@nestjs/common';
import {
  ApiExtension,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  type ReferenceObject,
  type SchemaObject,
} from '@nestjs/swagger';

/**
 * The shapes the API answers with, written once as JSON Schema (OpenAPI 3.0) beside each controller
 * (`*.responses.ts`) and registered here by name: the document's `components.schemas`, the typed client
 * the web app is generated from (apps/web/src/api/schema.d.ts), and the check every e2e suite runs on
 * each answer it receives (test/support/openapi-check.ts) all read the same schemas. Objects are closed
 * (`additionalProperties: false`) so a field the code adds without documenting it fails that check.
 */
export type Schema = SchemaObject | ReferenceObject;

const registry = new Map<string, SchemaObject>();

/** Registers `schema` under `name` (once) and answers a `$ref` to it. */
export function named(name: string, schema: SchemaObject): ReferenceObject {
  const known = registry.get(name);
  if (known && JSON.stringify(known) !== JSON.stringify(schema))
    throw new Error(`two response schemas are named ${name}`);
  registry.set(name, schema);
  return { $ref: `#/components/schemas/${name}` };
}

/** Every registered response schema, by name. */
export function responseSchemas(): Record<string, SchemaObject> {
  return Object.fromEntries(registry);
}

/** A reference to a schema generated from a request DTO (class-validator rules), by class name. */
export const dto = (name: string): ReferenceObject => ({ $ref: `#/components/schemas/${name}` });

export const str = (o: SchemaObject = {}): SchemaObject => ({ type: 'string', ...o });
export const int = (o: SchemaObject = {}): SchemaObject => ({ type: 'integer', ...o });
export const num = (o: SchemaObject = {}): SchemaObject => ({ type: 'number', ...o });
export const bool = (o: SchemaObject = {}): SchemaObject => ({ type: 'boolean', ...o });
export const dateTime = (o: SchemaObject = {}): SchemaObject => ({
  type: 'string',
  format: 'date-time',
  ...o,
});
export const date = (o: SchemaObject = {}): SchemaObject => ({ type: 'string', format: 'date', ...o });
export const uuid = (o: SchemaObject = {}): SchemaObject => ({ type: 'string', format: 'uuid', ...o });
export const oneOf = (values: readonly string[], o: SchemaObject = {}): SchemaObject => ({
  type: 'string',
  enum: [...values],
  ...o,
});
export const arr = (items: Schema, o: SchemaObject = {}): SchemaObject => ({ type: 'array', items, ...o });
/** A map from free keys (school years, stages …) to `values`. */
export const map = (values: Schema, o: SchemaObject = {}): SchemaObject => ({
  type: 'object',
  additionalProperties: values,
  ...o,
});
/** Any JSON value (an event's data, a folded state): documented as such, checked no further. */
export const anyValue = (description: string): SchemaObject => ({ description });

/** May also be null. A `$ref` (to an object schema) cannot carry siblings in OpenAPI 3.0: it is wrapped. */
export function nullable(s: Schema): SchemaObject {
  if ('$ref' in s) return { type: 'object', allOf: [s], nullable: true };
  // OpenAPI 3.0.3: an enum lists every allowed value, null included.
  return { ...s, nullable: true, ...(s.enum ? { enum: [...s.enum, null] } : {}) };
}

/**
 * A closed object: every property required unless listed in `optional` (a member the answer leaves out
 * in some cases — never a member that is merely null).
 */
export function obj(
  properties: Record<string, Schema>,
  options: { optional?: string[]; description?: string } = {},
): SchemaObject {
  const optional = new Set(options.optional ?? []);
  for (const o of optional) if (!(o in properties)) throw new Error(`optional ${o} is not a property`);
  const required = Object.keys(properties).filter((k) => !optional.has(k));
  return {
    type: 'object',
    ...(options.description ? { description: options.description } : {}),
    properties,
    ...(required.length ? { required } : {}),
    additionalProperties: false,
  };
}

/** The headers an endpoint reads beyond its parameters (documented as shared components). */
export type EndpointHeader = 'Idempotency-Key' | 'If-Match' | 'X-Min-Position';
/** Headers a success answer carries (documented as shared components). */
export type AnswerHeader = 'ETag' | 'X-Log-Position' | 'Location' | 'Set-Cookie';

export interface EndpointDoc {
  /** A short English summary (the operation's title). */
  summary: string;
  description?: string;
  /** The success status (200 unless the handler sets another) and its body (none for a 204). */
  status?: number;
  ok?: Schema;
  /** The body's media types when it is not JSON (e.g. the audit export). */
  produces?: string[];
  /** Headers of the success answer. */
  answers?: AnswerHeader[];
  /** Request headers the handler reads. */
  headers?: EndpointHeader[];
  /**
   * The 4xx the handler, the deciders and the guards behind it can answer with, beyond those every
   * endpoint of its kind can (openapi.ts adds 400 for parameters and bodies, 413/415 for bodies,
   * 401/403 for signed-in endpoints, 500/503 everywhere).
   */
  problems?: number[];
  /** Query parameters read one by one (`@Query('limit')`); a whole query DTO is described from its class. */
  query?: Record<string, { schema: SchemaObject; description?: string; required?: boolean }>;
}

/** Documents one endpoint: summary, success answer, the problems it answers with, headers, query. */
export function Endpoint(doc: EndpointDoc): MethodDecorator {
  const decorators: (MethodDecorator | ClassDecorator)[] = [
    ApiOperation({ summary: doc.summary, ...(doc.description ? { description: doc.description } : {}) }),
    ApiResponse({
      status: doc.status ?? 200,
      description: doc.summary,
      ...(doc.ok ? { schema: doc.ok as SchemaObject & Partial<ReferenceObject> } : {}),
    }),
    ApiExtension('x-endpoint', {
      problems: doc.problems ?? [],
      headers: doc.headers ?? [],
      answers: doc.answers ?? [],
      produces: doc.produces ?? null,
    }),
  ];
  for (const [name, q] of Object.entries(doc.query ?? {})) {
    decorators.push(
      ApiQuery({
        name,
        required: q.required ?? false,
        schema: q.schema,
        ...(q.description ? { description: q.description } : {}),
      }),
    );
  }
  return applyDecorators(...decorators) as MethodDecorator;
}

// ---- shapes several controllers share ----

/** The answer of a command (http/read-your-writes.ts `answer`). */
export const commandAnswer = {
  version: int({ minimum: 0, description: 'The stream version after the command (also the ETag).' }),
  events: arr(str(), { description: 'Types of the events the command recorded (none for a repeat).' }),
  duplicate: bool({ description: 'True when the command had been executed before (a retry).' }),
  readModelCaughtUp: bool({
    description:
      'Whether the read models showed the change before the answer (false when the request preferred respond-before-read-models).',
  }),
};

/** A log position `<tx>.<seq>` (X-Log-Position; X-Min-Position and audit cursors take it back). */
export const position = (o: SchemaObject = {}) => str({ pattern: '^\\d+\\.\\d+$', ...o });

/** `?limit=` of a list: 1 and up (larger values are capped at `max`), default 50. */
export const limitQuery = (max = 100) => ({
  limit: {
    schema: str({ pattern: '^\\d{1,4}$', default: '50' }),
    description: `Page size, 1 and up (default 50; more than ${max} answers ${max}).`,
  },
});
