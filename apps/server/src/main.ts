import 'reflect-metadata';
import { failedToStart, serve } from '../../api/src/serve.js';
import { WorkerModule } from '../../worker/src/worker.module.js';

/**
 * API and worker in one process (`npm start`, ARCHITECTURE.md "The shape"): the composition root of the
 * two apps, so neither imports the other. On the embedded default with no DATABASE_URL; in production
 * they run as separate processes (`npm run start:api`, `npm run start:worker`), each scaled on its own.
 */
serve({ alongside: [WorkerModule] }).catch(failedToStart);
