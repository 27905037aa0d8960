import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrate, verifyChain } from '#libs/event-store';
import {
  RestoreRefused,
  inspectBackup,
  loadConfig,
  restoreBackup,
  startEmbeddedPostgres,
  verifyRestore,
  writeBackup,
} from '#libs/platform';
import { projectionStates, reconcileRestoredTimers } from '../ops/restore-checks.js';
import { runCommand } from './cli-args.js';

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * `npm run migrate:to-postgres -- --from ./data/pglite --to postgres://…`: moves an office from the
 * embedded default to a PostgreSQL server (README "Moving to a server"). The embedded store's chain is
 * verified first (a broken one is not carried over), copied through a backup file into the EMPTY server
 * database, and verified there again — every event's content and chain hash recomputed, every stream
 * head and table count compared — before the timers are put back in their queue.
 */
runCommand(
  {
    command: 'npm run migrate:to-postgres --',
    summary:
      'Copies the embedded database (stopped) into an empty PostgreSQL database, verifying every ' +
      'event\u2019s hashes before and after, then puts the pending timers back. Afterwards set DATABASE_URL ' +
      'to the server and start the product there.',
    needsPostgresLog: true,
    operands: null,
    options: [
      { name: 'from', value: 'DIR', help: 'the embedded data folder (default PGLITE_DATA_DIR)' },
      { name: 'to', value: 'URL', help: 'the empty PostgreSQL database (required)' },
    ],
    createsDatabase: true,
    exitCodes: ['3 refused (server database not empty, product still running)', '4 the copy does not verify'],
  },
  async (config, _operands, options) => {
    const from = options.from ?? config.pgliteDataDir;
    if (!options.to) {
      process.stderr.write('--to: the PostgreSQL database to move to is required\n');
      return 2;
    }
    const target = loadConfig({ ...process.env, DATABASE_URL: options.to });
    if (!existsSync(path.join(from, 'PG_VERSION'))) {
      process.stderr.write(`refused: ${from} is not an embedded database folder\n`);
      return 3;
    }
    if (await portAnswers(config.pglitePort)) {
      process.stderr.write(
        `refused: a product answers on PGLITE_PORT ${config.pglitePort}; stop it first, so nothing is written after the copy\n`,
      );
      return 3;
    }
    const work = mkdtempSync(path.join(tmpdir(), 'tdw-move-'));
    const source = await startEmbeddedPostgres({ dataDir: from, port: 0 });
    const sourcePool = new pg.Pool({ connectionString: source.url, max: 2 });
    const targetPool = new pg.Pool({ connectionString: target.databaseUrl!, max: 4 });
    try {
      await migrate(sourcePool);
      const before = await verifyChain(sourcePool);
      if (!before.ok) {
        for (const f of before.findings.slice(0, 20))
          process.stdout.write(`${f.kind}\tstream=${f.streamId}\tversion=${f.version ?? '-'}\t${f.detail}\n`);
        process.stderr.write(
          `refused: the embedded store's hash chain does not verify (npm run audit:verify)\n`,
        );
        return 4;
      }
      process.stdout.write(`embedded: ${before.checked} events in ${before.streams} streams verify\n`);
      const backup = await writeBackup(sourcePool, { dir: work });
      await sourcePool.end();
      await source.stop();
      const inspected = await inspectBackup(backup.file);
      await restoreBackup(targetPool, backup.file, { inspected });
      const check = await verifyRestore(targetPool, inspected.manifest);
      for (const p of check.problems) process.stdout.write(`MISMATCH ${p}\n`);
      if (!check.ok) {
        process.stdout.write('FAILED: the copy on the server does not match the embedded store\n');
        return 4;
      }
      process.stdout.write(
        `server: ${check.chain.checked} events in ${check.chain.streams} streams verify; every stream head and table matches\n`,
      );
      for (const p of await projectionStates(targetPool))
        process.stdout.write(`read model ${p.name}: at ${p.position}, ${p.behind} events to apply\n`);
      const timers = await reconcileRestoredTimers(target, {
        pool: targetPool,
        url: target.databaseUrl!,
        embedded: null,
      });
      process.stdout.write(
        `timers (${timers.backend}): added ${timers.added}, kept ${timers.kept}, removed ${timers.removed}\n`,
      );
      process.stdout.write(
        `moved: set DATABASE_URL to the server and start the product; keep ${from} until it runs\n`,
      );
      return 0;
    } catch (err) {
      if (err instanceof RestoreRefused) {
        process.stderr.write(`refused: ${err.message}\n`);
        return 3;
      }
      throw err;
    } finally {
      await sourcePool.end().catch(() => undefined);
      await source.stop().catch(() => undefined);
      await targetPool.end();
      rmSync(work, { recursive: true, force: true });
    }
  },
);
