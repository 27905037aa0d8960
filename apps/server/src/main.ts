import 'reflect-metadata';
// Deep paths on purpose: these two files load in ~0.2 s, where #libs/platform would load NestJS first.
import { loadConfigOrExit } from '../../../libs/platform/src/config/config.js';
import { openEmbeddedEarly } from '../../../libs/platform/src/database/open-database.js';

/**
 * API and worker in one process (`npm start`, ARCHITECTURE.md "The shape"): the composition root of the
 * two apps, so neither imports the other. On the embedded default with no DATABASE_URL; in production
 * they run as separate processes (`npm run start:api`, `npm run start:worker`), each scaled on its own.
 *
 * The embedded database starts opening before the rest is loaded (BENCHMARKS.md S1, the cold start): a
 * fresh folder's template is copied and PGlite's WebAssembly compiled while node loads the product's
 * modules, which the static imports of serve.js would otherwise load first.
 */
openEmbeddedEarly(loadConfigOrExit());
const { failedToStart, serve } = await import('../../api/src/serve.js');
const { WorkerModule } = await import('../../worker/src/worker.module.js');
serve({ alongside: [WorkerModule] }).catch(failedToStart);
