import 'reflect-metadata';
import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { createLogger, DatabaseModule, loadConfigOrExit, PinoNestLogger, startTracing } from '#libs/platform';
import { WorkerModule } from './worker.module.js';

/** The worker as its own process (production): projections, reactors and the timer workers. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  // Traces of timer firings and of the commands reactors send, when a collector is configured.
  const tracing = startTracing({
    endpoint: config.otlpEndpoint,
    serviceName: config.otelServiceName ?? 'tdw-worker',
  });
  @Module({ imports: [CqrsModule.forRoot(), DatabaseModule.forRoot(config), WorkerModule] })
  class WorkerRoot implements OnApplicationShutdown {
    // The spans of the last second are still batched at a SIGTERM: send them before the process ends.
    async onApplicationShutdown(): Promise<void> {
      await tracing?.flush();
    }
  }
  const app = await NestFactory.createApplicationContext(WorkerRoot, { logger: new PinoNestLogger(logger) });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  logger.info('worker running');
}

main().catch((err: unknown) => {
  process.stderr.write(
    `worker failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
