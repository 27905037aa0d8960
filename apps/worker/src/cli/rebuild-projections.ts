import { migrate, progressBar, rebuildProjection } from '#libs/event-store';
import { openDatabase } from '#libs/platform';
import { ALL_PROJECTIONS } from '../projections.js';
import { runCommand } from './cli-args.js';

/**
 * `npm run projections:rebuild [name…]`: replays the log into fresh tables and swaps them in, one
 * projection at a time, with a progress bar. Safe while the product runs (the swap is atomic).
 */
runCommand(
  {
    command: 'npm run projections:rebuild --',
    summary:
      'Replays the event log into fresh read-model tables and swaps them in, one projection at a time, ' +
      'with a progress bar; all of them, or the ones named. Safe while the product runs.',
    needsPostgresLog: true,
    operands: { name: 'projection', choices: ALL_PROJECTIONS.map((p) => p.name) },
  },
  async (config, wanted) => {
    const db = await openDatabase(config, { role: 'client' });
    try {
      await migrate(db.pool);
      for (const projection of ALL_PROJECTIONS.filter(
        (p) => wanted.length === 0 || wanted.includes(p.name),
      )) {
        const result = await rebuildProjection(db.pool, projection, { onProgress: progressBar() });
        process.stdout.write(`${result.projection}: rebuilt from ${result.events} events\n`);
      }
      return 0;
    } finally {
      await db.close();
    }
  },
);
