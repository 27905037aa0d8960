import { formatDemoLogins } from '#libs/identity';
import { createLogger, loadConfigOrExit, PinoNestLogger } from '#libs/platform';
import { createApp } from './app.factory.js';
import { seedDemo } from './demo/demo-seed.js';

export interface ServeOptions {
  /**
   * Modules run beside the API in this process: the worker, when apps/server (`npm start`) composes both
   * on the embedded default. The API itself never imports the worker (ARCHITECTURE.md "Between contexts").
   */
  alongside?: unknown[];
}

/**
 * Starts the API and listens: configuration, graceful shutdown on SIGTERM/SIGINT, the demo seed outside
 * production, then the port. Shared by the api-only process (main.ts) and apps/server, so both start,
 * seed and stop the same way.
 */
export async function serve(options: ServeOptions = {}): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  const withWorker = (options.alongside ?? []).length > 0;
  const app = await createApp(config, { imports: options.alongside, logger: new PinoNestLogger(logger) });
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down: finishing requests in flight');
      app
        .close()
        .then(() => {
          logger.info('stopped');
          logger.flush();
          process.exit(0);
        })
        .catch((err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          logger.flush();
          process.exit(1);
        });
    });
  }
  await app.init();
  // First start on a development machine: a demo region to try the product with (DOMAIN.md "People and roles").
  // The seed is guarded by its own stream, so it never runs twice, even with several processes; with the
  // worker in this process the API opens once the read models hold it, so the printed logins work at once.
  if (config.nodeEnv !== 'production') {
    const seeded = await seedDemo(app);
    if (seeded.seeded) process.stdout.write(`\n${formatDemoLogins(seeded)}\n`);
  }
  await app.listen(config.port, config.host);
  logger.info(
    { url: await app.getUrl(), withWorker, database: config.databaseUrl ? 'postgres' : 'embedded' },
    `listening on http://${config.host}:${config.port}`,
  );
}

/** The last word of a process that could not start. */
export function failedToStart(err: unknown): never {
  process.stderr.write(
    `failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
}
