import { verifyChain } from '#libs/event-store';
import { openDatabase } from '#libs/platform';
import { runCommand } from './cli-args.js';

/**
 * `npm run audit:verify`: walks every stream's hash chain and prints each fault with its stream, version
 * and global position. Exit code 0 when clean, 3 when anything was found.
 */
runCommand(
  {
    command: 'npm run audit:verify --',
    summary:
      'Walks every stream\u2019s hash chain and prints each altered, deleted, reordered or inserted event ' +
      'with its stream, version and global position.',
    needsPostgresLog: true,
    operands: null,
    exitCodes: ['3 faults found'],
  },
  async (config) => {
    const db = await openDatabase(config, { role: 'client' });
    try {
      let last = 0;
      const report = await verifyChain(db.pool, {
        onProgress: ({ checked, total }) => {
          const now = Date.now();
          if (now - last < 200 && checked < total) return;
          last = now;
          const pct = total === 0 ? 100 : Math.floor((checked / total) * 100);
          const width = 30;
          const filled = Math.round((pct / 100) * width);
          const line = `verifying [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}% ${checked}/${total}`;
          process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
        },
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      for (const f of report.findings) {
        process.stdout.write(
          `${f.kind}\tstream=${f.streamId}\tversion=${f.version ?? '-'}\tseq=${f.seq ?? '-'}\t${f.detail}\n`,
        );
      }
      process.stdout.write(
        report.ok
          ? `ok: ${report.checked} events in ${report.streams} streams verify\n`
          : `FAILED: ${report.findings.length} finding(s) in ${report.checked} events\n`,
      );
      return report.ok ? 0 : 3;
    } finally {
      await db.close();
    }
  },
);
