import { verifyChain } from '#libs/event-store';
import { ConfigError, loadConfig, openDatabase } from '#libs/platform';

/**
 * `npm run audit:verify`: walks every stream's hash chain and prints each fault with its stream, version
 * and global position. Exit code 0 when clean, 3 when anything was found.
 */
async function main(): Promise<number> {
  const config = loadConfig();
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
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `${err instanceof ConfigError ? err.message : err instanceof Error ? err.stack : String(err)}\n`,
    );
    process.exit(1);
  },
);
