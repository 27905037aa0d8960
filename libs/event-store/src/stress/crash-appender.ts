import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { contentHash } from '../hashing/event-hash.js';
import { PostgresEventStore } from '../postgres/postgres-event-store.js';

/**
 * A writer for the crash test (crash.int-spec.ts), run as a child process and killed with SIGKILL:
 *   node crash-appender.js <database-url> loop <stream-prefix>   append 5-event commands until killed
 *   node crash-appender.js <database-url> hold <stream>          append inside a transaction, then sleep in it
 *   node crash-appender.js <database-url> batches <prefix> <n>   append n commands and exit
 * It prints one line per committed command, so the parent knows what was acknowledged.
 */
async function main(): Promise<void> {
  const [url, mode, name, count] = process.argv.slice(2);
  if (!url || !mode || !name) throw new Error('usage: crash-appender <url> loop|hold|batches <name> [n]');
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const store = new PostgresEventStore(pool);
  const command = (k: number) => {
    const commandId = randomUUID();
    return Array.from({ length: 5 }, (_, i) => ({
      id: randomUUID(),
      type: 'CrashTest',
      schemaVersion: 1,
      data: { command: k, part: i + 1, of: 5 },
      metadata: {
        actorId: 'crash-test',
        actorRole: 'system',
        orgUnit: 'test',
        correlationId: commandId,
        causationId: commandId,
        commandId,
        recordedAt: new Date().toISOString(),
      },
    }));
  };
  if (mode === 'hold') {
    const client = await pool.connect();
    // Let the server notice a dead client while a statement runs (PostgreSQL 14+), so a crash inside a
    // long transaction releases it at once rather than when the statement ends.
    await client.query(`SET client_connection_check_interval = '100ms'`);
    await client.query('BEGIN');
    const events = command(0);
    await client.query(
      `SELECT * FROM es_append($1, 'crash', -1, $2::uuid[], $3::text[], $4::int[], $5::jsonb[], $6::jsonb[], $7::timestamptz[], $8::bytea[])`,
      [
        name,
        events.map((e) => e.id),
        events.map((e) => e.type),
        events.map(() => 1),
        events.map((e) => JSON.stringify(e.data)),
        events.map((e) => JSON.stringify(e.metadata)),
        events.map((e) => e.metadata.recordedAt),
        events.map((e) => contentHash({ ...e, streamId: name })),
      ],
    );
    process.stdout.write('holding\n');
    await client.query('SELECT pg_sleep(60)');
    return;
  }
  const limit = mode === 'batches' ? Number(count) : Number.POSITIVE_INFINITY;
  for (let k = 0; k < limit; k++) {
    const stream = `${name}-${k % 4}`;
    await store.append(stream, 'any', command(k));
    process.stdout.write(`committed ${k}\n`);
  }
  await pool.end();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
