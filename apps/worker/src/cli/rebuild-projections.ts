import { migrate, progressBar, rebuildProjection } from '#libs/event-store';
import { ConfigError, loadConfig, openDatabase } from '#libs/platform';
import { ALL_PROJECTIONS } from '../projections.js';

/**
 * `npm run projections:rebuild [name…]`: replays the log into fresh tables and swaps them in, one
 * projection at a time, with a progress bar. Safe while the product runs (the swap is atomic).
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !ALL_PROJECTIONS.some((p) => p.name === w));
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown projection(s): ${unknown.join(', ')}; known: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}\n`,
    );
    return 2;
  }
  const db = await openDatabase(config, { role: 'client' });
  try {
    await migrate(db.pool);
    for (const projection of ALL_PROJECTIONS.filter((p) => wanted.length === 0 || wanted.includes(p.name))) {
      const result = await rebuildProjection(db.pool, projection, { onProgress: progressBar() });
      process.stdout.write(`${result.projection}: rebuilt from ${result.events} events\n`);
    }
    return 0;
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
