import type {
  OpenAPIObject,
  OperationObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger';
import ajvModule, { type ValidateFunction } from 'ajv';
import ajvFormatsModule from 'ajv-formats';

// ajv and ajv-formats are CommonJS: under NodeNext their default import is the module object.
const Ajv = ajvModule.default;
const addFormats = ajvFormatsModule.default;

/**
 * Checks each answer an e2e suite receives against the OpenAPI document the app builds of itself
 * (apps/api/src/http/openapi.ts): the route and status must be documented, the media type must be one
 * the status documents, and a JSON body must match the documented schema. The web app's client is
 * typed from the same document, so an answer that passes here is one the client was told about.
 *
 * OpenAPI 3.0 schemas are turned into JSON Schema for ajv: `nullable` becomes “or null”, component
 * references point into the document, and OpenAPI-only keywords (discriminator, example) are ignored.
 */
export class OpenApiResponseCheck {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  private readonly routes: { method: string; pattern: RegExp; params: number; op: OperationObject }[] = [];
  private readonly validators = new Map<string, ValidateFunction>();
  /** `operationId status` of every answer checked (OPENAPI_COVERAGE=<file> collects them, see test-app.ts). */
  readonly seen = new Set<string>();

  constructor(private readonly document: OpenAPIObject) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'openapi', components: toJsonSchema(document.components ?? {}) });
    for (const [path, item] of Object.entries(document.paths)) {
      const pattern = new RegExp(
        `^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`,
      );
      const params = (path.match(/\{/g) ?? []).length;
      for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
        const op = item[method];
        if (op) this.routes.push({ method: method.toUpperCase(), pattern, params, op });
      }
    }
    // A literal segment wins over a parameter (`/teachers/me/progression` over `/teachers/{id}/progression`).
    this.routes.sort((a, b) => a.params - b.params);
  }

  /** The mismatches of one answer (none: it is as documented). */
  check(
    method: string,
    url: string,
    answer: { status: number; contentType: string | null; text: string; body: unknown },
  ): string[] {
    const path = url.split('?')[0]!.replace(/\/+$/, '') || '/';
    // The document describes the API under /api and /health, not its own pages (/api/docs) nor the web
    // app the API serves at `/`; CORS preflights (OPTIONS) are the transport's.
    if (/^\/api\/docs(-json)?(\/|$)/.test(path) || !/^\/(api|health)(\/|$)/.test(path)) return [];
    const verb = method.toUpperCase();
    if (verb === 'OPTIONS') return [];
    // HEAD is GET without the body (Fastify answers it for every GET route).
    const route = this.routes.find(
      (r) => r.method === (verb === 'HEAD' ? 'GET' : verb) && r.pattern.test(path),
    );
    const where = `${verb} ${path} → ${answer.status}`;
    if (!route) {
      // An unknown route or method is a 404 problem from the framework: nothing to document.
      if (answer.status === 404) return this.body(where, '404', this.notFound(), answer);
      return [`${where}: no documented operation for this route`];
    }
    const responses = route.op.responses as Record<string, ResponseObject | ReferenceObject>;
    const key = [String(answer.status), `${String(answer.status)[0]}XX`, 'default'].find(
      (k) => k in responses,
    );
    this.seen.add(`${route.op.operationId} ${answer.status}`);
    if (!key) {
      return [
        `${where}: status ${answer.status} is not documented for ${route.op.operationId} ` +
          `(documented: ${Object.keys(responses).join(', ')})`,
      ];
    }
    if (verb === 'HEAD') return [];
    return this.body(where, `${route.op.operationId}:${key}`, this.resolve(responses[key]!), answer);
  }

  private body(
    where: string,
    cacheKey: string,
    response: ResponseObject,
    answer: { contentType: string | null; text: string; body: unknown },
  ): string[] {
    const content = response.content ?? {};
    const media = (answer.contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (Object.keys(content).length === 0) {
      return answer.text.length === 0
        ? []
        : [`${where}: documented without a body, answered ${media || 'a body'}`];
    }
    if (!(media in content)) {
      return [
        `${where}: answered ${media || 'no content type'}, documented ${Object.keys(content).join(', ')}`,
      ];
    }
    const schema = content[media]!.schema;
    if (!schema || !/json/.test(media)) return [];
    const id = `${cacheKey}:${media}`;
    const validate = this.validators.get(id) ?? this.ajv.compile(toJsonSchema(schema) as object);
    this.validators.set(id, validate);
    if (validate(answer.body)) return [];
    return (validate.errors ?? [])
      .slice(0, 10)
      .map(
        (e) =>
          `${where}: body${e.instancePath || ''} ${e.message ?? 'does not match'}` +
          (e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''),
      );
  }

  private notFound(): ResponseObject {
    return this.resolve({ $ref: '#/components/responses/NotFound' });
  }

  private resolve(r: ResponseObject | ReferenceObject): ResponseObject {
    if (!('$ref' in r)) return r;
    const name = r.$ref.split('/').pop()!;
    const found = this.document.components?.responses?.[name];
    if (!found) throw new Error(`the document has no response ${r.$ref}`);
    return this.resolve(found);
  }
}

/** OpenAPI 3.0 schema → JSON Schema (draft-07) that ajv checks. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const o = node as SchemaObject & Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'nullable' || k === 'discriminator' || k === 'example' || k === 'examples') continue;
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/')) out.$ref = `openapi${v}`;
    else out[k] = toJsonSchema(v);
  }
  return o.nullable === true ? { anyOf: [{ type: 'null' }, out] } : out;
}
