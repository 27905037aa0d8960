import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { comparePositions, type LogPosition, type RecordedEvent } from '../event-store.port.js';
import { CheckpointedSubscription, readCheckpoint } from '../subscription/checkpointed-subscription.js';
import { deliveryLogProjection } from '../testing/event-store.contract.js';
import { settled } from '../testing/settled.js';
import { verifyChain } from '../verification/chain-verifier.js';
import { migrate } from './migrations.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { ensureServerBuilt } from '../../../../test/support/build.js';

// ARCHITECTURE.md "A command's path": a child process appending in a loop is killed with SIGKILL; after restart no
// partial command is visible, the projection converges to the log, and the checkpoint never passes an
// unseen event.
const root = path.resolve(import.meta.dirname, '../../../..');
const appender = path.join(root, 'dist/libs/event-store/src/stress/crash-appender.js');

function run(
  db: TestDatabase,
  ...args: string[]
): { child: ChildProcess; lines: string[]; exited: Promise<number | string> } {
  const child = spawn(process.execPath, [appender, db.url, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let err = '';
  child.stdout!.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean)));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      if (code && code !== 0) process.stderr.write(err);
      resolve(code ?? signal ?? -1);
    }),
  );
  return { child, lines, exited };
}

const until = async (cond: () => boolean, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('a writer killed with SIGKILL (real PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    ensureServerBuilt();
    db = await createPostgresTestDatabase();
    await migrate(db.pool);
  }, 60_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('leaves no partial command, and the projection converges without passing an unseen event', async () => {
    const store = new PostgresEventStore(db.pool);
    const projection = deliveryLogProjection('crash');
    const sub = new CheckpointedSubscription(db.pool, projection, { pollIntervalMs: 5, batchSize: 7 });
    await sub.setup();
    sub.start();

    // Sample the checkpoint against what is readable at that moment: it may never be ahead of it.
    const ahead: string[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const c = await db.pool.connect();
        try {
          await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
          const cp = await readCheckpoint(c, projection.name);
          const head = (
            await c.query<{ tx: string; seq: string }>(
              `SELECT tx_id::text AS tx, seq FROM events ORDER BY tx_id DESC, seq DESC LIMIT 1`,
            )
          ).rows[0];
          const headPos: LogPosition = head
            ? { tx: BigInt(head.tx), seq: BigInt(head.seq) }
            : { tx: 0n, seq: 0n };
          if (comparePositions(cp, headPos) > 0)
            ahead.push(`${cp.tx}.${cp.seq} > ${headPos.tx}.${headPos.seq}`);
          await c.query('COMMIT');
        } finally {
          c.release();
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    })();

    const loop = run(db, 'loop', 'crash');
    const hold = run(db, 'hold', 'crash-held');
    await until(() => loop.lines.length >= 30 && hold.lines.includes('holding'));
    loop.child.kill('SIGKILL');
    hold.child.kill('SIGKILL'); // dies inside its open transaction
    expect(await loop.exited).toBe('SIGKILL');
    expect(await hold.exited).toBe('SIGKILL');

    // Restart: a fresh writer appends more and exits cleanly.
    const again = run(db, 'batches', 'crash-after', '10');
    expect(await again.exited).toBe(0);

    // The server notices the dead session and rolls its transaction back; then everything settles.
    let stillHeld = 1;
    for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
      const held = await db.pool.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()`,
      );
      stillHeld = held.rows[0].n;
      if (stillHeld === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(stillHeld).toBe(0);
    // The log reads only up to the server's oldest open transaction, which may be another database's.
    await settled(db.pool);
    await sub.catchUp();
    sampling = false;
    await sampler;
    await sub.stop();

    // No partial command: every command has all five events, in one stream, in order.
    const commands = await db.pool.query<{ command_id: string; n: number; parts: number[] }>(
      `SELECT metadata->>'commandId' AS command_id, count(*)::int AS n, array_agg((data->>'part')::int ORDER BY version) AS parts
         FROM events GROUP BY 1`,
    );
    expect(commands.rows.length).toBeGreaterThanOrEqual(40);
    for (const c of commands.rows) expect(c.parts).toEqual([1, 2, 3, 4, 5]);
    // Every command the killed writer saw committed is in the log.
    const acknowledged = loop.lines.filter((l) => l.startsWith('committed')).length;
    const fromLoop = await db.pool.query(
      `SELECT count(DISTINCT metadata->>'commandId')::int AS n FROM events WHERE stream_id LIKE 'crash-%' AND stream_id NOT LIKE 'crash-after-%' AND stream_id NOT LIKE 'crash-held%'`,
    );
    expect(fromLoop.rows[0].n).toBeGreaterThanOrEqual(acknowledged);
    // The transaction that died open left nothing.
    expect(
      (await db.pool.query(`SELECT count(*)::int AS n FROM events WHERE stream_id = 'crash-held'`)).rows[0].n,
    ).toBe(0);

    // The projection converged to the log: same events, same order; the checkpoint is the log's end.
    const log: RecordedEvent[] = [];
    for (let after: LogPosition | null = null; ;) {
      const page = await store.readAll({ after, limit: 1000 });
      if (page.length === 0) break;
      log.push(...page);
      after = page[page.length - 1]!.position;
    }
    const total = await db.pool.query(`SELECT count(*)::int AS n FROM events`);
    expect(log.length).toBe(total.rows[0].n);
    const delivered = await db.pool.query<{ seq: string }>(
      `SELECT seq FROM crash_log ORDER BY tx::bigint, seq`,
    );
    expect(delivered.rows.map((r) => r.seq)).toEqual(log.map((e) => e.position.seq.toString()));
    expect(await readCheckpoint(db.pool, projection.name)).toEqual(log[log.length - 1]!.position);
    expect(ahead).toEqual([]);
    expect((await verifyChain(db.pool)).findings).toEqual([]);
  }, 90_000);
});
