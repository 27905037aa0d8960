import { randomUUID } from 'node:crypto';
import { Logger, ServiceUnavailableException, ValidationPipe, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { InFlightTracker, runWithCorrelation, type AppConfig } from '#libs/platform';
import { AppModule } from './app.module.js';
import { flattenValidationErrors, ValidationProblem } from './http/problem.js';
import { setupOpenApi } from './http/openapi.js';
import { ProblemFilter, sendProblem } from './http/problem.filter.js';

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export interface CreateAppOptions {
  withWorker: boolean;
  logger?: LoggerService | false;
  /** Extra modules (tests add routes with them). */
  imports?: unknown[];
}

/** Builds the API (and, when asked, the worker) without listening, so tests and main share it. */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: config.bodyLimitBytes, return503OnClosing: true });
  const root = AppModule.forRoot(config, { withWorker: options.withWorker });
  if (options.imports) root.imports = [...(root.imports ?? []), ...(options.imports as never[])];
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, {
    logger: options.logger ?? false,
    bufferLogs: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  const inFlight = app.get(InFlightTracker);
  const logger = new Logger('Http');

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
    runWithCorrelation(id, done);
  });
  // One structured line per request, with its correlation id, status and duration (the response hook
  // runs outside the request's async context, so the id is passed explicitly).
  fastify.addHook('onResponse', (req, reply, done) => {
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

  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      stopAtFirstError: false,
      exceptionFactory: (errors) => new ValidationProblem(flattenValidationErrors(errors)),
    }),
  );
  app.useGlobalFilters(new ProblemFilter());
  setupOpenApi(app);
  return app;
}
