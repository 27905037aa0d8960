import { randomUUID } from 'node:crypto';
import { Logger, ServiceUnavailableException, ValidationPipe, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Span,
} from '@opentelemetry/api';
import {
  CORRELATION_ATTRIBUTE,
  InFlightTracker,
  productMetrics,
  runWithCorrelation,
  startTracing,
  tracer,
  type AppConfig,
} from '#libs/platform';
import { AppModule } from './app.module.js';
import { flattenValidationErrors, ValidationProblem } from './http/problem.js';
import { clientErrorHandler } from './http/client-errors.js';
import { capConnectionsPerAddress, serverTimeouts } from './http/connection-limits.js';
import { useJsonBodyParser } from './http/json-body.js';
import { useFileBodyParser } from './http/file-body.js';
import { IMPORT_UPLOAD } from './imports/upload-body.js';
import { evidenceUpload } from './evidence/evidence-upload.js';
import { refuseUnstorableText } from './http/text-guard.js';
import { setupOpenApi } from './http/openapi.js';
import { useSecurityHeadersAndCors } from './http/security-headers.js';
import { ProblemFilter, sendProblem } from './http/problem.filter.js';

const frameworkLogger = new Logger('Http');
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export interface CreateAppOptions {
  logger?: LoggerService | false;
  /**
   * Modules composed beside the API: the worker, when apps/server runs both in one process; routes
   * tests add.
   */
  imports?: unknown[];
}

/** Builds the API (and whatever is composed beside it) without listening, so tests and main share it. */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    return503OnClosing: true,
    clientErrorHandler,
    // A path Fastify cannot route (a broken %-escape, a parameter longer than any id) is answered as
    // problem+json like every other refusal, not in Fastify's own JSON shape.
    frameworkErrors: (err: Error, req: FastifyRequest, reply: FastifyReply) =>
      sendProblem(err, req, reply, frameworkLogger),
    ...serverTimeouts(config.http),
    // The client address (req.ip: the login throttle counts by it) comes from X-Forwarded-For only when
    // the connection is from a configured proxy; from anyone else the header is ignored.
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
  });
  const root = AppModule.forRoot(config);
  if (options.imports) root.imports = [...(root.imports ?? []), ...(options.imports as never[])];
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, {
    logger: options.logger ?? false,
    bufferLogs: false,
    // A provider that cannot be built rejects here, to the caller (serve's failedToStart logs it), instead
    // of Nest's own process.exit(1), which would also end a test runner holding every other suite.
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  capConnectionsPerAddress(fastify.server, config.http.maxConnectionsPerAddress);
  const inFlight = app.get(InFlightTracker);
  const logger = new Logger('Http');

  // Traces, when a collector is configured (README "Monitoring"): one server span per request, continuing
  // the caller's W3C traceparent; the commands and appends it causes are its children.
  const tracing = startTracing({
    endpoint: config.otlpEndpoint,
    serviceName: config.otelServiceName ?? 'tdw-api',
  });
  const spans = new WeakMap<object, Span>();
  if (tracing) fastify.addHook('onClose', async () => tracing.flush());

  // Correlation id: the caller's if it is a safe token, else a new one; echoed back, and carried by
  // every log line and event metadata of the request.
  fastify.addHook('onRequest', (req, reply, done) => {
    const given = req.headers['x-correlation-id'];
    const id = typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
    req.headers['x-correlation-id'] = id;
    void reply.header('x-correlation-id', id);
    if (inFlight.closing) {
      void reply.header('connection', 'close');
      sendProblem(
        new ServiceUnavailableException('the server is shutting down; retry on another instance'),
        req,
        reply,
        logger,
      );
      return;
    }
    inFlight.enter();
    let left = false;
    reply.raw.once('close', () => {
      if (!left) {
        left = true;
        inFlight.leave();
      }
    });
    if (!tracing) {
      runWithCorrelation(id, done);
      return;
    }
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const route = req.routeOptions?.url ?? 'unmatched';
    const span = tracer().startSpan(
      `${req.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': req.method,
          'http.route': route,
          'url.path': req.url.split('?')[0]!,
          [CORRELATION_ATTRIBUTE]: id,
        },
      },
      parent,
    );
    spans.set(req, span);
    context.with(trace.setSpan(parent, span), () => runWithCorrelation(id, done));
  });
  // One structured line per request, with its correlation id, status and duration (the response hook
  // runs outside the request's async context, so the id is passed explicitly).
  const metrics = productMetrics();
  fastify.addHook('onResponse', (req, reply, done) => {
    // By route template (`/api/applications/:id`), never the raw URL: one series per route, not per id.
    const labels = {
      method: req.method,
      route: req.routeOptions?.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    const span = spans.get(req);
    if (span) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    logger.log({
      msg: 'request',
      correlationId: req.headers['x-correlation-id'],
      method: req.method,
      url: req.url.split('?')[0],
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    });
    done();
  });
  // JSON only: a text/plain body is refused with 415 instead of reaching validation as a string.
  fastify.removeContentTypeParser('text/plain');
  useJsonBodyParser(app, config.bodyLimitBytes);
  // Files as bodies, on their routes only, each with its own limit: evidence (UPLOAD_LIMIT_BYTES) and the
  // spreadsheet imports (5 MB).
  useFileBodyParser(app, [evidenceUpload(config.uploadLimitBytes), IMPORT_UPLOAD]);
  refuseUnstorableText(fastify);

  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      stopAtFirstError: false,
      // Each error keeps the object it was found in, so its message can name the constraint's limits
      // in the caller's language (http/problem-i18n.ts); the target itself is never sent.
      validationError: { target: true },
      exceptionFactory: (errors) => new ValidationProblem(flattenValidationErrors(errors)),
    }),
  );
  app.useGlobalFilters(new ProblemFilter());
  useSecurityHeadersAndCors(app, config.corsOrigins);
  setupOpenApi(app);
  return app;
}
