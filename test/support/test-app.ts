import { appendFileSync } from 'node:fs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type AppConfig } from '#libs/platform';
import type { TestDatabase } from '#testing/platform';
import { createApp } from '../../apps/api/src/app.factory.js';
import { buildOpenApiDocument } from '../../apps/api/src/http/openapi.js';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';
import { OpenApiResponseCheck } from './openapi-check.js';

export interface TestApp {
  app: NestFastifyApplication;
  url: string;
  config: AppConfig;
  request(
    method: string,
    path: string,
    init?: { body?: unknown; raw?: string | Uint8Array; headers?: Record<string, string> },
  ): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The body as received, byte for byte (file downloads). */
  bytes?: Buffer;
}

/** The real API + worker on a real database, listening on a free loopback port. */
export async function startTestApp(
  db: TestDatabase,
  options: { imports?: unknown[]; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const config = loadConfig({
    DATABASE_URL: db.url,
    PORT: '0',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    ...options.env,
  });
  // Composed as apps/server composes them for `npm start`: the API with the worker beside it.
  const app = await createApp(config, { imports: [WorkerModule, ...(options.imports ?? [])] });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  // Every answer a suite receives is checked against the document the app builds of itself: an
  // undocumented status or a body that does not match fails the test that received it.
  const documented = new OpenApiResponseCheck(buildOpenApiDocument(app));
  let closed = false;
  return {
    app,
    url,
    config,
    async request(method, path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      let body: string | Uint8Array | undefined = init.raw;
      if (init.body !== undefined) {
        body = JSON.stringify(init.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(url + path, { method, headers, body });
      const bytes = Buffer.from(await res.arrayBuffer());
      const text = bytes.toString('utf8');
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text
      }
      const mismatches = documented.check(method, path, {
        status: res.status,
        contentType: res.headers.get('content-type'),
        text,
        body: parsed,
      });
      if (mismatches.length > 0)
        throw new Error(`the answer does not match the OpenAPI document:\n  ${mismatches.join('\n  ')}`);
      return { status: res.status, headers: res.headers, body: parsed, bytes };
    },
    async close() {
      if (closed) return;
      closed = true;
      // OPENAPI_COVERAGE=<file>: which operations and statuses the suites' answers covered.
      const coverage = process.env.OPENAPI_COVERAGE;
      if (coverage && documented.seen.size > 0)
        appendFileSync(coverage, [...documented.seen].join('\n') + '\n');
      await app.close();
    },
  };
}
