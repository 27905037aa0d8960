import { migrate } from '#libs/event-store';
import { openDatabase, writeBackup } from '#libs/platform';
import { runCommand } from './cli-args.js';

/**
 * `npm run backup [-- --out DIR]`: a consistent, compressed backup of everything the product stores,
 * taken while it runs (README "Running it for years"). Prints the file, the log position it holds and
 * its size; older backups beyond BACKUP_KEEP are removed.
 */
runCommand(
  {
    command: 'npm run backup --',
    summary:
      'Writes a consistent, compressed backup of the whole store (events, read models, checkpoints, ' +
      'personal-data keys, timers) from one snapshot, to BACKUP_DIR or --out, named with the time and the ' +
      'log position it holds; keeps the newest BACKUP_KEEP. Safe while the product runs.',
    needsPostgresLog: true,
    operands: null,
    options: [
      { name: 'out', value: 'DIR', help: 'folder to write to (default BACKUP_DIR)' },
      { name: 'keep', value: 'N', help: 'keep the newest N backups there (default BACKUP_KEEP; 0: all)' },
    ],
  },
  async (config, _operands, options) => {
    const keep = options.keep === undefined ? config.backup.keep : Number(options.keep);
    if (!Number.isInteger(keep) || keep < 0) {
      process.stderr.write(`--keep: must be a whole number, got ${JSON.stringify(options.keep)}\n`);
      return 2;
    }
    const db = await openDatabase(config, { role: 'client' });
    try {
      await migrate(db.pool);
      const r = await writeBackup(db.pool, { dir: options.out ?? config.backup.dir, keep });
      process.stdout.write(
        `backup: ${r.file} (${r.manifest.events} events, log head ${r.manifest.head ?? 'none'}, ` +
          `${Object.keys(r.manifest.tables).length} tables, ${r.bytes} bytes)\n`,
      );
      for (const old of r.removed) process.stdout.write(`removed old backup ${old}\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
);
