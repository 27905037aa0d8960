import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { loadConfig } from '#libs/platform';
import { AppModule } from '../app.module.js';
import { buildOpenApiDocument } from './openapi.js';

/**
 * The OpenAPI document built in-process from the app's modules with nothing started: Nest's preview mode
 * reads the controllers and their metadata without calling a provider, so no database, queue or port is
 * opened (`npm run lint:api`, `npm run api:types`). The configuration is fixed, not read from the
 * environment, so the same code always gives the same bytes; test/core/openapi.e2e-spec.ts checks that
 * the running app serves exactly this document.
 */
export async function buildDocumentOffline(): Promise<OpenAPIObject> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter(),
    { preview: true, logger: false, abortOnError: false },
  );
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
