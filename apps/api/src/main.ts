import 'reflect-metadata';
// A deep path on purpose: this file loads without NestJS, so the growth is set before the modules load.
import { boundHeapGrowth } from '../../../libs/platform/src/runtime/heap-growth.js';

/**
 * The API as its own process (production: `npm run start:api`, the container's default); the worker runs
 * as another (`npm run start:worker`). `npm start` runs both in one process through apps/server.
 */
if (process.argv.includes('--with-worker')) {
  // The API no longer carries the worker (ARCHITECTURE.md "Between contexts"): say where it went rather
  // than start without the projections a caller asked for.
  process.stderr.write(
    'the API runs no worker: `npm start` (node dist/apps/server/src/server.js) runs both in one process\n',
  );
  process.exit(2);
}
// A server with a memory budget: its old generation grows 1.5× its live heap between full collections
// instead of up to 4× under load (BENCHMARKS.md M1). Set before the product's modules load: V8 applies
// it from the next full collection, and one during loading would otherwise keep a 4× limit until the
// first full collection under load, ~160 MB of old space later.
boundHeapGrowth();
const { failedToStart, serve } = await import('./serve.js');
serve().catch(failedToStart);
