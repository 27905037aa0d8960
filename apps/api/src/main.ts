import 'reflect-metadata';
import { failedToStart, serve } from './serve.js';

/**
 * The API as its own process (production: `npm run start:api`, the container's default); the worker runs
 * as another (`npm run start:worker`). `npm start` runs both in one process through apps/server.
 */
if (process.argv.includes('--with-worker')) {
  // The API no longer carries the worker (ARCHITECTURE.md "Between contexts"): say where it went rather
  // than start without the projections a caller asked for.
  process.stderr.write(
    'the API runs no worker: `npm start` (node dist/apps/server/src/main.js) runs both in one process\n',
  );
  process.exit(2);
}
serve().catch(failedToStart);
