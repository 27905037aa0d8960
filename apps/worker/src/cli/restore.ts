import { existsSync, readdirSync } from 'node:fs';
import {
  RestoreRefused,
  inspectBackup,
  loadConfig,
  openDatabase,
  restoreBackup,
  verifyRestore,
  type AppConfig,
} from '#libs/platform';
import { projectionStates, reconcileRestoredTimers } from '../ops/restore-checks.js';
import { runCommand } from './cli-args.js';

/**
 * `npm run restore -- <file> [--database-url URL]`: restores a backup into an EMPTY database (the one
 * named, DATABASE_URL, or the embedded data folder PGLITE_DATA_DIR, which must be new or empty) and
 * checks it before the product is started on it: the file whole and ours before anything is written,
 * the hash chain and every stream head against the backup's manifest after, the read models' positions,
 * and every timer that should be pending back in its queue.
 */
runCommand(
  {
    command: 'npm run restore --',
    summary:
      'Restores a backup file into an empty database or data folder: refuses a damaged or foreign file ' +
      'and a database that is not empty (nothing written), verifies the hash chain and every stream head ' +
      'against the backup\u2019s manifest, reports the read models\u2019 positions and puts every pending ' +
      'timer back. Start the product on it afterwards.',
    needsPostgresLog: true,
    operands: { name: 'file', count: 1 },
    options: [
      {
        name: 'database-url',
        value: 'URL',
        help: 'restore into this PostgreSQL database (default DATABASE_URL, else PGLITE_DATA_DIR)',
      },
    ],
    createsDatabase: true,
    exitCodes: [
      '3 refused (damaged or foreign file, database not empty)',
      '4 restored but the checks failed',
    ],
  },
  async (baseConfig, [file], options) => {
    const config: AppConfig = options['database-url']
      ? loadConfig({ ...process.env, DATABASE_URL: options['database-url'] })
      : baseConfig;
    try {
      // The file first: a damaged or foreign one is refused before a database or folder is touched.
      const inspected = await inspectBackup(file!);
      const { manifest } = inspected;
      process.stdout.write(
        `backup of ${manifest.createdAt} (version ${manifest.productVersion}): ${manifest.events} events, ` +
          `log head ${manifest.head ?? 'none'}, ${Object.keys(manifest.streams).length} streams\n`,
      );
      if (!config.databaseUrl && existsSync(config.pgliteDataDir)) {
        const entries = readdirSync(config.pgliteDataDir);
        if (entries.length > 0 && !entries.includes('PG_VERSION'))
          throw new RestoreRefused(
            'not_empty',
            `${config.pgliteDataDir} holds files but no embedded database; restore into a new or empty folder`,
          );
      }
      const db = await openDatabase(config, { role: 'owner' });
      try {
        await restoreBackup(db.pool, file!, {
          inspected,
          onProgress: ({ table, done, total }) => {
            if (done === total) process.stderr.write(`restored ${table}: ${total} rows\n`);
          },
        });
        const check = await verifyRestore(db.pool, manifest);
        for (const p of check.problems) process.stdout.write(`MISMATCH ${p}\n`);
        process.stdout.write(
          check.ok
            ? `ok: ${check.chain.checked} events in ${check.chain.streams} streams verify; every stream head and table matches the backup\n`
            : `FAILED: the restored database does not match the backup\n`,
        );
        if (!check.ok) return 4;
        for (const p of await projectionStates(db.pool))
          process.stdout.write(
            `read model ${p.name}: at ${p.position}${p.behind > 0 ? `, ${p.behind} events to apply when the worker starts` : ', up to date'}\n`,
          );
        const timers = await reconcileRestoredTimers(config, db);
        process.stdout.write(
          `timers (${timers.backend}): added ${timers.added}, kept ${timers.kept}, removed ${timers.removed}\n`,
        );
        process.stdout.write('restored: start the product on it\n');
        return 0;
      } finally {
        await db.close();
      }
    } catch (err) {
      if (err instanceof RestoreRefused) {
        process.stderr.write(`refused: ${err.message}\n`);
        return 3;
      }
      throw err;
    }
  },
);
