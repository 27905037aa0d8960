import 'reflect-metadata';
import { spawn } from 'node:child_process';
import path from 'node:path';
// Deep paths on purpose: these files load in ~0.2 s, where #libs/platform would load NestJS first.
import { loadConfigOrExit } from '../../../libs/platform/src/config/config.js';
import { confirmSchemaKey, openEmbeddedEarly } from '../../../libs/platform/src/database/open-database.js';
import { hasSchemaTemplate } from '../../../libs/platform/src/database/pglite-template.js';
import { deferWasmTierUp } from '../../../libs/platform/src/runtime/wasm-tiering.js';
import { readSchemaKey, writeSchemaKey } from './schema-key.js';

/**
 * API and worker in one process (`npm start`, ARCHITECTURE.md "The shape"): the composition root of the
 * two apps, so neither imports the other. On the embedded default with no DATABASE_URL; in production
 * they run as separate processes (`npm run start:api`, `npm run start:worker`), each scaled on its own.
 *
 * The embedded database starts opening before the rest is loaded (BENCHMARKS.md S1, the cold start): a
 * fresh folder's template is copied and PGlite's WebAssembly compiled while node loads the product's
 * modules, which the static imports of serve.js would otherwise load first. The template is the migrated
 * one of this build (schema.ts) when there is one. It holds BullMQ's tables too, so it is used only
 * with the timers on PostgreSQL (no REDIS_URL), the embedded default as the README runs it.
 */
const config = loadConfigOrExit();
const withSchema = !config.databaseUrl && !config.redisUrl;
// The embedded PostgreSQL's start-up code is not recompiled by V8's optimising compiler while the start
// runs (wasm-tiering.ts); its hot loops still are.
const tierUpAsUsual = config.databaseUrl ? null : deferWasmTierUp();
openEmbeddedEarly(config, withSchema ? readSchemaKey() : null);
const { failedToStart, serve } = await import('../../api/src/serve.js');
const { WorkerModule } = await import('../../worker/src/worker.module.js');
let key: string | null = null;
if (withSchema) {
  const { productSchema } = await import('./schema.js');
  const { schemaKey } = await import('#libs/platform');
  key = schemaKey(await productSchema());
  confirmSchemaKey(key);
}
serve({ alongside: [WorkerModule] }).then(() => {
  tierUpAsUsual?.();
  if (key === null) return;
  // None for this build's migrations (a build without npm's postbuild, or a migration changed since):
  // made by a process of its own once this one is ready, for the next fresh start.
  if (!hasSchemaTemplate(key))
    spawn(process.execPath, [path.join(import.meta.dirname, 'build-schema-template.js')], {
      detached: true,
      stdio: 'ignore',
    }).unref();
  // There, but the key file names another (made by another build): the next fresh start copies it.
  else if (readSchemaKey() !== key) writeSchemaKey(key);
}, failedToStart);
