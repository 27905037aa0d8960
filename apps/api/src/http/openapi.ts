import { ParseUUIDPipe, type INestApplication, type Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import {
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ReferenceObject,
  type ResponseObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
// The storage @Type() writes to: class-validator-jsonschema reads nested DTO classes from it.
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { ROLES } from '#libs/identity';
import { IS_PUBLIC, REQUIRED_ROLES } from '../auth/auth.decorators.js';
import { SESSION_COOKIE } from '../auth/session-cookies.js';
import { responseSchemas, type EndpointHeader } from './openapi-schema.js';

export const OPENAPI_PATH = 'api/docs';

type Schemas = Record<string, SchemaObject | ReferenceObject>;
type Components = NonNullable<OpenAPIObject['components']>;

const TAGS: Record<string, string> = {
  Auth: 'Sign-in and the caller (登录)',
  Users: 'Users of the office and schools (用户)',
  'Org units': 'The org-unit tree (组织机构)',
  Calls: 'Calls for applications (申报通知)',
  Applications: 'Applications: apply → review → approve → evaluate (申报)',
  Evidence: 'Evidence files an application carries: upload, download (附件)',
  Committee: 'Review queue and the chair’s board (评审)',
  'Annual summaries': 'An office’s annual training summary (年度培训工作总结)',
  Teachers: 'The progression ladder: records, hours, ethics, appraisals (教师培训档案)',
  Policies: 'Policy as versioned data (政策)',
  Mentorships: 'Mentorship (导师带教)',
  Studios: 'Master-teacher studios (名优教师工作室)',
  Notifications: 'The inbox (消息中心)',
  Audit: 'The audit trail (审计)',
  Queues: 'The job queues (任务队列)',
  Reports: 'The office’s reports per org unit and school year, with drill-down and .xlsx (统计报表)',
  Imports: 'Bulk imports of teachers and hours from spreadsheets (批量导入)',
  Health: 'Liveness and readiness',
  'Training projects': 'Running training projects teachers enrol in (培训报名)',
  'Web app': 'What the web app’s sign-in page reads before anyone signs in',
};

/**
 * The OpenAPI document at /api/docs (UI) and /api/docs-json, and the source of the web app's typed client
 * (`npm run api:types`). Request bodies are described once, by their class-validator rules, so the document
 * cannot drift from what the API accepts; answers by the schemas beside each controller (`*.responses.ts`);
 * what every endpoint shares — the problem+json errors, the security, the headers — is added here from the
 * same metadata the guard and the pipes read, so a new endpoint gets it without saying so.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Teacher development workflow')
    .setDescription(
      'Applications (apply → review → approve → evaluate), the progression ladder, identity and the audit ' +
        'trail of a regional teacher-development office. Errors are RFC 9457 problem+json, in Chinese when ' +
        '`Accept-Language` prefers zh and in English otherwise. Commands accept an `Idempotency-Key` header ' +
        '(a retry answers the first result) and `If-Match: "<version>"` (412 on a stale version); answers ' +
        'carry `ETag` and `X-Log-Position` (send it back as `X-Min-Position` to read your own writes).',
    )
    .setVersion('1')
    .setLicense('Proprietary', 'https://teacher-dev.example/license')
    .addServer('/', 'This server')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'token from POST /api/auth/login' },
      'bearer',
    )
    .addCookieAuth(
      SESSION_COOKIE,
      { type: 'apiKey', in: 'cookie', description: 'The web app’s httpOnly session cookie.' },
      'cookieAuth',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components ??= {};
  const components = document.components;
  const requests = requestSchemas();
  components.schemas = { ...components.schemas, ...requests, ...responseSchemas(), ...SHARED_SCHEMAS };
  components.parameters = PARAMETERS;
  components.headers = HEADERS;
  components.responses = problemResponses();

  const routes = routeFacts(app);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const op = item[method];
      if (op) completeOperation(op, method, path, routes.get(op.operationId ?? ''), requests);
    }
  }
  // Query DTOs became parameters, base classes are folded into their subclasses: only what is referred to stays.
  components.schemas = sortKeys(referenced(document, components.schemas));
  document.tags = [
    ...new Set(Object.values(document.paths).flatMap((i) => operations(i).flatMap((o) => o.tags ?? []))),
  ]
    .sort()
    .map((name) => ({ name, ...(TAGS[name] ? { description: TAGS[name] } : {}) }));
  return document;
}

export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: `${OPENAPI_PATH}-json`,
    customSiteTitle: 'Teacher development workflow — API',
  });
}

const operations = (item: object): OperationObject[] =>
  Object.values(item).filter(
    (v): v is OperationObject => typeof v === 'object' && v !== null && 'responses' in v,
  );

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

// ---- request bodies: from the class-validator rules ----

/**
 * One schema per DTO class, from the rules the ValidationPipe enforces. Closed like the pipe
 * (`forbidNonWhitelisted`); nested DTOs by `$ref` through their @Type(); the discriminated `fields` of an
 * application as a `oneOf` of its four kinds.
 */
function requestSchemas(): Schemas {
  const schemas = validationMetadatasToSchemas({
    classValidatorMetadataStorage: getMetadataStorage(),
    classTransformerMetadataStorage: defaultMetadataStorage,
    refPointerPrefix: '#/components/schemas/',
  }) as Record<string, SchemaObject>;
  for (const s of Object.values(schemas)) if (s.type === 'object') s.additionalProperties = false;

  const kinds = [
    'TrainingProjectFieldsDto',
    'TierPromotionFieldsDto',
    'StudioFieldsDto',
    'SchoolPlanFieldsDto',
  ];
  const kindOf: Record<string, string> = {
    TrainingProjectFieldsDto: 'training_project',
    TierPromotionFieldsDto: 'tier_promotion',
    StudioFieldsDto: 'studio',
    SchoolPlanFieldsDto: 'school_plan',
  };
  for (const k of kinds) {
    const s = schemas[k];
    if (!s) continue;
    const { kind: _base, ...own } = s.properties ?? {};
    s.properties = { kind: { type: 'string', enum: [kindOf[k]!] }, ...own };
    s.required = ['kind', ...(s.required ?? []).filter((r) => r !== 'kind')];
  }
  delete schemas.FieldsBase;
  const fields: SchemaObject = {
    description: 'The fields of the application’s kind, told apart by `kind`.',
    oneOf: kinds.map((k) => ({ $ref: `#/components/schemas/${k}` })),
    discriminator: {
      propertyName: 'kind',
      mapping: Object.fromEntries(kinds.map((k) => [kindOf[k]!, `#/components/schemas/${k}`])),
    },
  };
  schemas.ApplicationFields = fields;
  // What an application carries once recorded: the same fields, with each attached evidence id replaced
  // by the file as it was attached (name, type, size and hash), as reads answer them.
  schemas.Attachment = {
    type: 'object',
    description: 'An evidence file the application carries; download it from /attachments/{evidenceId}.',
    properties: {
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string' },
      sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      mediaType: { type: 'string' },
      size: { type: 'integer', minimum: 0 },
      erased: {
        type: 'boolean',
        description: 'Erased with its uploader’s personal data: no longer downloadable (410), name withheld.',
      },
    },
    required: ['id', 'name', 'sha256', 'mediaType', 'size'],
    additionalProperties: false,
  };
  const recordedName = (k: string) => k.replace(/Dto$/, 'Recorded');
  for (const k of kinds) {
    const s = schemas[k];
    if (!s) continue;
    schemas[recordedName(k)] = {
      ...s,
      properties: {
        ...s.properties,
        attachments: { type: 'array', items: { $ref: '#/components/schemas/Attachment' }, maxItems: 20 },
      },
    };
  }
  schemas.ApplicationFieldsRecorded = {
    description: 'The fields of the application’s kind as recorded, told apart by `kind`.',
    oneOf: kinds.map((k) => ({ $ref: `#/components/schemas/${recordedName(k)}` })),
    discriminator: {
      propertyName: 'kind',
      mapping: Object.fromEntries(kinds.map((k) => [kindOf[k]!, `#/components/schemas/${recordedName(k)}`])),
    },
  };
  for (const name of ['DraftApplicationDto', 'UpdateDraftDto']) {
    const props = schemas[name]?.properties;
    if (props?.fields) props.fields = { $ref: '#/components/schemas/ApplicationFields' };
  }
  // SubmitReviewDto.scores is checked by a custom rule: one 0–100 score per rubric dimension.
  const scores = schemas.SubmitReviewDto?.properties;
  if (scores?.scores) {
    scores.scores = {
      type: 'object',
      description: 'One 0–100 score per dimension of the rubric in force (GET /api/policies/current).',
      maxProperties: 20,
      additionalProperties: { type: 'number', minimum: 0, maximum: 100 },
    };
  }
  // The policy is checked against the shape of the one in force (policies.controller.ts).
  const policy = schemas.PublishPolicyDto?.properties;
  if (policy?.policy) policy.policy = { $ref: '#/components/schemas/Policy' };
  for (const s of Object.values(schemas)) {
    for (const [k, p] of Object.entries(s.properties ?? {})) {
      const ref = (p as ReferenceObject).$ref;
      // A whole object of free keys: no `$ref` to a class.
      if (ref === '#/components/schemas/Object') s.properties![k] = { type: 'object' };
      // A `$ref` stands alone in OpenAPI 3.0 (class-validator-jsonschema adds `type` beside it).
      else if (ref) s.properties![k] = { $ref: ref };
      // An ISO 8601 date or date-time: either may match a string, so `anyOf`, not `oneOf`.
      const one = (p as SchemaObject).oneOf as SchemaObject[] | undefined;
      if (one?.every((o) => o.type === 'string' && !('$ref' in o))) {
        (p as SchemaObject).anyOf = one;
        delete (p as SchemaObject).oneOf;
      }
      const items = (p as SchemaObject).items as ReferenceObject | undefined;
      if (items?.$ref === '#/components/schemas/Array' || items?.$ref === '#/components/schemas/Object')
        (p as SchemaObject).items = { type: 'object' };
      // An array of nested DTOs checked `@IsObject({ each: true })` gets a `type` beside its items' `$ref`.
      else if (items?.$ref) (p as SchemaObject).items = { $ref: items.$ref };
    }
  }
  return schemas;
}

// ---- what every endpoint shares ----

const SHARED_SCHEMAS: Schemas = {
  Problem: {
    type: 'object',
    description:
      'RFC 9457 problem details. `title`, `detail` and `errors[].message` are in the language ' +
      '`Accept-Language` chose (Content-Language says which); `code`, `field` and the other members stay ' +
      'as they are, for programs. A refusal carries the facts behind it as extra members (e.g. ' +
      '`required` and `submitted` of `no_quorum`).',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: { type: 'string', description: 'A URI naming the kind of problem.' },
      title: { type: 'string' },
      status: { type: 'integer', minimum: 400, maximum: 599 },
      detail: { type: 'string' },
      instance: { type: 'string', description: 'The path of the request.' },
      correlationId: { type: 'string', description: 'Quote it when reporting a problem (错误编号).' },
      code: {
        type: 'string',
        description: 'Stable snake_case reason of a refusal (see problem-messages.ts).',
      },
      errors: {
        type: 'array',
        description: 'One entry per bad field (validation problems), nested fields as dotted paths.',
        items: {
          type: 'object',
          required: ['field', 'message'],
          properties: { field: { type: 'string' }, message: { type: 'string' } },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: true,
  },
};

const PARAMETERS: Record<string, ParameterObject> = {
  AcceptLanguage: {
    name: 'Accept-Language',
    in: 'header',
    required: false,
    description: 'zh (zh-CN, zh-Hans …) for Chinese error messages; anything else or none for English.',
    schema: { type: 'string', maxLength: 1000, example: 'zh-CN,zh;q=0.9' },
  },
  CorrelationId: {
    name: 'X-Correlation-Id',
    in: 'header',
    required: false,
    description: 'Carried by every log line and event of the request, and echoed back (a new one if absent).',
    schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,100}$' },
  },
  ActAs: {
    name: 'X-Act-As',
    in: 'header',
    required: false,
    description: 'One of your roles to act in (a user with several roles chooses); recorded with each event.',
    schema: { type: 'string', enum: [...ROLES] },
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description: 'A retry with the same key answers the first result and records nothing twice.',
    schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,100}$' },
  },
  IfMatch: {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'The ETag you read: the command is refused with 412 if the resource has changed since.',
    schema: { type: 'string', pattern: '^(W/)?"\\d{1,9}"$', example: '"3"' },
  },
  Prefer: {
    name: 'Prefer',
    in: 'header',
    required: false,
    description:
      '`respond-before-read-models`: answer once the command is recorded, without waiting for the read models to show it (`readModelCaughtUp` is then false, and `Preference-Applied` says so); send the answer’s X-Log-Position as X-Min-Position on the read that needs the write.',
    schema: { type: 'string', maxLength: 200, example: 'respond-before-read-models' },
  },
  MinPosition: {
    name: 'X-Min-Position',
    in: 'header',
    required: false,
    description: 'An X-Log-Position a command answered: the read waits until it shows that write.',
    schema: { type: 'string', pattern: '^\\d+\\.\\d+$' },
  },
};

const PARAMETER_OF_HEADER: Record<EndpointHeader, string> = {
  'Idempotency-Key': 'IdempotencyKey',
  'If-Match': 'IfMatch',
  'X-Min-Position': 'MinPosition',
};

const HEADERS: Components['headers'] = {
  ETag: { description: 'The resource’s version, for If-Match.', schema: { type: 'string' } },
  'X-Log-Position': {
    description: 'Where the write is in the log: send it as X-Min-Position to read it back.',
    schema: { type: 'string', pattern: '^\\d+\\.\\d+$' },
  },
  Location: { description: 'The new resource.', schema: { type: 'string' } },
  'Preference-Applied': {
    description: 'respond-before-read-models, when the command answered without waiting for the read models.',
    schema: { type: 'string' },
  },
  'Set-Cookie': {
    description:
      'The web app’s session cookies: httpOnly `tdw_session` and readable `tdw_csrf` (SameSite=Strict).',
    schema: { type: 'string' },
  },
  'Content-Language': {
    description: 'The language of the problem’s words: zh-CN or en.',
    schema: { type: 'string' },
  },
  'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } },
  'WWW-Authenticate': { description: 'How to authenticate: Bearer.', schema: { type: 'string' } },
};

const PROBLEM_NAMES: Record<number, [string, string]> = {
  400: [
    'BadRequest',
    'The request is malformed: a body, parameter or header fails validation (`errors` names each field).',
  ],
  401: ['Unauthorized', 'Not signed in, or the token or session is no longer valid.'],
  403: [
    'Forbidden',
    'Not allowed: a role, the org-unit scope, a rule of who may act, or a browser request from another site.',
  ],
  404: ['NotFound', 'No such resource (or none the caller may know of).'],
  409: ['Conflict', 'Someone else changed the resource at the same moment, or it already exists.'],
  408: [
    'RequestTimeout',
    'The request was not received in time (headers or body too slow); the connection closes.',
  ],
  410: [
    'Gone',
    'The resource was removed for good (an evidence file erased with its uploader’s personal data).',
  ],
  412: [
    'PreconditionFailed',
    'The resource has changed since the version sent in If-Match (`currentVersion`).',
  ],
  413: ['PayloadTooLarge', 'The body is larger than the server accepts.'],
  415: [
    'UnsupportedMediaType',
    'The body is not application/json (evidence uploads: a file whose content is not PDF, an image or an Office document, or not the type declared).',
  ],
  431: ['HeadersTooLarge', 'The request headers are larger than the server accepts; the connection closes.'],
  422: ['Unprocessable', 'Refused by a business rule (`code` says which, with its facts).'],
  429: ['TooManyRequests', 'Too many failed sign-ins: wait as long as Retry-After says.'],
  500: ['InternalError', 'An unexpected error; the body reveals nothing but the correlation id.'],
  503: ['Unavailable', 'The service is shutting down, has lost its database, or is catching up: retry.'],
};

function problemResponses(): Record<string, ResponseObject> {
  const out: Record<string, ResponseObject> = {};
  for (const [status, [name, description]] of Object.entries(PROBLEM_NAMES)) {
    const headers: ResponseObject['headers'] = {
      'Content-Language': { $ref: '#/components/headers/Content-Language' },
    };
    if (status === '429') headers['Retry-After'] = { $ref: '#/components/headers/Retry-After' };
    if (status === '401') headers['WWW-Authenticate'] = { $ref: '#/components/headers/WWW-Authenticate' };
    out[name] = {
      description,
      headers,
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  return out;
}

/** What the guard and the pipes know of each handler, by the operation id Nest gives it. */
interface RouteFacts {
  isPublic: boolean;
  roles: string[] | null;
  uuidParams: Set<string>;
  /** A whole-query DTO (`@Query() q: SomeQueryDto`): its class name. */
  queryDto: string | null;
}

function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const out = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      const proto = controller.prototype as Record<string, unknown>;
      // Handlers a controller inherits from a base class count too.
      const keys = new Set<string>();
      for (
        let p: object | null = proto;
        p && p !== Object.prototype;
        p = Object.getPrototypeOf(p) as object | null
      )
        for (const k of Object.getOwnPropertyNames(p)) keys.add(k);
      for (const key of keys) {
        const handler = proto[key];
        if (key === 'constructor' || typeof handler !== 'function') continue;
        const meta = <T>(k: string): T | undefined =>
          (Reflect.getMetadata(k, handler) as T | undefined) ??
          (Reflect.getMetadata(k, controller) as T | undefined);
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, key) ?? {}) as Record<
          string,
          { index: number; data?: unknown; pipes?: unknown[] }
        >;
        const types = (Reflect.getMetadata('design:paramtypes', proto, key) ?? []) as (Type | undefined)[];
        const uuidParams = new Set<string>();
        let queryDto: string | null = null;
        for (const [k, a] of Object.entries(args)) {
          const kind = Number(k.split(':')[0]);
          if (kind === RouteParamtypes.PARAM && typeof a.data === 'string' && a.pipes?.some(isUuidPipe))
            uuidParams.add(a.data);
          if (kind === RouteParamtypes.QUERY && a.data === undefined) queryDto = types[a.index]?.name ?? null;
        }
        out.set(`${controller.name}_${key}`, {
          isPublic: meta<boolean>(IS_PUBLIC) === true,
          roles: meta<string[]>(REQUIRED_ROLES) ?? null,
          uuidParams,
          queryDto,
        });
      }
    }
  }
  return out;
}

const isUuidPipe = (p: unknown) => p instanceof ParseUUIDPipe || p === ParseUUIDPipe;

const ref = (kind: 'parameters' | 'responses', name: string): ReferenceObject => ({
  $ref: `#/components/${kind}/${name}`,
});

/**
 * Adds to one operation what it shares with the others: its security (none for public endpoints), the
 * common headers, the problems it can answer with, the query parameters of a query DTO, and the
 * headers of its success answer.
 */
function completeOperation(
  op: OperationObject,
  method: string,
  path: string,
  facts: RouteFacts | undefined,
  requests: Schemas,
): void {
  const ext = (op as unknown as Record<string, unknown>)['x-endpoint'] as
    | { problems: number[]; headers: EndpointHeader[]; answers: string[]; produces: string[] | null }
    | undefined;
  delete (op as unknown as Record<string, unknown>)['x-endpoint'];
  if (!facts) throw new Error(`no route facts for ${method.toUpperCase()} ${path} (${op.operationId})`);
  const isPublic = facts.isPublic;

  // Security: bearer or the session cookie; nothing on a public endpoint.
  op.security = isPublic ? [] : [{ bearer: [] }, { cookieAuth: [] }];
  if (facts.roles) {
    const roles = `Roles: ${facts.roles.join(' or ')}.`;
    op.description = op.description ? `${op.description}\n\n${roles}` : roles;
  }

  // Parameters: Nest's own header parameters give way to the shared ones.
  const shared = new Set([
    'accept-language',
    'x-correlation-id',
    'x-act-as',
    'idempotency-key',
    'if-match',
    'x-min-position',
    'prefer',
  ]);
  const params = (op.parameters ?? []).filter(
    (p) => !('in' in p && p.in === 'header' && shared.has(p.name.toLowerCase())),
  ) as (ParameterObject | ReferenceObject)[];
  for (const p of params) {
    if ('$ref' in p) continue;
    if (p.in === 'path' && facts.uuidParams.has(p.name)) p.schema = { type: 'string', format: 'uuid' };
  }
  if (facts.queryDto) params.push(...queryParameters(facts.queryDto, requests));
  const headers = ext?.headers ?? [];
  for (const h of headers) params.push(ref('parameters', PARAMETER_OF_HEADER[h]));
  // Every command (it takes a retry key) may ask to be answered before the read models show it.
  if (headers.includes('Idempotency-Key')) params.push(ref('parameters', 'Prefer'));
  params.push(ref('parameters', 'AcceptLanguage'), ref('parameters', 'CorrelationId'));
  if (!isPublic) params.push(ref('parameters', 'ActAs'));
  op.parameters = params;

  // Success: the answer's headers, and its media types when not JSON.
  for (const [status, response] of Object.entries(op.responses)) {
    if (!/^2/.test(status) || !response || '$ref' in response) continue;
    const r = response as ResponseObject;
    const answers = [
      ...(ext?.answers ?? []),
      ...(ext?.answers.includes('X-Log-Position') ? ['Preference-Applied'] : []),
    ];
    if (answers.length)
      r.headers = Object.fromEntries(answers.map((h) => [h, { $ref: `#/components/headers/${h}` }]));
    if (ext?.produces && r.content) {
      const schema = Object.values(r.content)[0]?.schema;
      r.content = Object.fromEntries(ext.produces.map((m) => [m, { schema }]));
    }
  }

  // Problems: what every endpoint of its kind can answer, and what it says it can.
  const hasBody = ['post', 'put', 'patch'].includes(method);
  const problems = new Set<number>(ext?.problems ?? []);
  // A command can always meet a concurrent change (409), and a stale If-Match (412).
  if (headers.includes('Idempotency-Key')) problems.add(409);
  if (headers.includes('If-Match')) problems.add(412);
  if (hasBody) [400, 413, 415].forEach((s) => problems.add(s));
  if (headers.length > 0 || params.some((p) => !('$ref' in p) && (p.in === 'path' || p.in === 'query')))
    problems.add(400);
  if (!isPublic) [401, 403].forEach((s) => problems.add(s));
  // A state-changing request a browser sends from another site is refused (security-headers.ts), public or not.
  if (['post', 'put', 'patch', 'delete'].includes(method)) problems.add(403);
  // Any request can be cut off by the edge before it reaches a route: too slow, headers too large.
  [408, 431, 500, 503].forEach((s) => problems.add(s));
  for (const status of [...problems].sort()) {
    const name = PROBLEM_NAMES[status]?.[0];
    if (!name) throw new Error(`${op.operationId}: no shared problem response for ${status}`);
    op.responses[String(status)] = ref('responses', name);
  }
  op.responses = sortKeys(op.responses);
}

/** The query parameters a query DTO's class-validator rules describe. */
function queryParameters(className: string, requests: Schemas): ParameterObject[] {
  const schema = requests[className] as SchemaObject | undefined;
  if (!schema) throw new Error(`no schema for the query DTO ${className}`);
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query' as const,
    required: required.has(name),
    schema: s as SchemaObject,
  }));
}

/** The schemas reachable from the paths (and the shared responses), following every `$ref`. */
function referenced(document: OpenAPIObject, schemas: Schemas): Schemas {
  const keep = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
        const name = v.slice('#/components/schemas/'.length);
        if (!keep.has(name)) {
          keep.add(name);
          walk(schemas[name]);
        }
      } else walk(v);
    }
  };
  walk(document.paths);
  walk(document.components?.responses);
  return Object.fromEntries(Object.entries(schemas).filter(([name]) => keep.has(name)));
}
