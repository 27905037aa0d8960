import type pg from 'pg';
import type { LogPosition } from '../event-store.port.js';
import { SETTLED } from '../postgres/postgres-event-store.js';
import { applyEvents, localSearchPath, type Projection, type SqlExecutor } from './projection.js';
import { readCheckpoint, readSettled, writeCheckpoint } from './checkpointed-subscription.js';

export interface RebuildProgress {
  projection: string;
  done: number;
  total: number;
}

export interface RebuildOptions {
  batchSize?: number;
  onProgress?: (p: RebuildProgress) => void;
}

export interface RebuildResult {
  projection: string;
  events: number;
  position: LogPosition;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Replays the whole log into fresh copies of a projection's tables in a scratch schema while the live
 * projection keeps serving, then swaps them in. The swap holds the live checkpoint row locked, applies
 * the tail that arrived meanwhile, replaces the tables and moves the checkpoint in one transaction, so
 * readers see either the old tables or the complete new ones.
 */
export async function rebuildProjection(
  pool: pg.Pool,
  projection: Projection,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const batchSize = options.batchSize ?? 5000;
  for (const t of projection.tables) if (!IDENT.test(t)) throw new Error(`invalid table name ${t}`);
  const schema = `rebuild_${projection.name.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${Date.now().toString(36)}`;
  if (!IDENT.test(schema)) throw new Error(`projection name ${projection.name} gives an invalid schema name`);

  const total = Number(
    (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE ${SETTLED}`)).rows[0]!.n,
  );
  let done = 0;
  const report = () =>
    options.onProgress?.({ projection: projection.name, done, total: Math.max(total, done) });

  await pool.query(`CREATE SCHEMA ${schema}`);
  try {
    await inSchema(pool, schema, (db) => projection.setup(db));
    report();
    let position: LogPosition = { tx: 0n, seq: 0n };
    const applyBatch = async (db: SqlExecutor): Promise<number> => {
      const events = await readSettled(db, position, batchSize, projection.eventTypes);
      await applyEvents(projection, events, db);
      if (events.length > 0) position = events[events.length - 1]!.position;
      done += events.length;
      return events.length;
    };
    // Bulk replay, one transaction per batch, without holding anything the live projection needs. The
    // next batch is read on another connection while this one is applied: reading and writing then
    // share the server's cores instead of taking turns (BENCHMARKS.md, P1).
    const read = (after: LogPosition) => {
      const pending = readSettled(pool, after, batchSize, projection.eventTypes);
      pending.catch(() => undefined); // awaited below; a failure while a batch is applied is not lost
      return pending;
    };
    let next = read(position);
    for (;;) {
      const events = await next;
      if (events.length === batchSize) next = read(events[events.length - 1]!.position);
      await inSchema(pool, schema, (db) => applyEvents(projection, events, db));
      if (events.length > 0) position = events[events.length - 1]!.position;
      done += events.length;
      report();
      if (events.length < batchSize) break;
    }
    // Swap: lock the live checkpoint, apply the tail, replace the tables, move the checkpoint.
    await inSchema(pool, schema, async (db) => {
      await db.query(
        `INSERT INTO public.subscription_checkpoints (name) VALUES ($1) ON CONFLICT DO NOTHING`,
        [projection.name],
      );
      await readCheckpoint(db, projection.name, true);
      while ((await applyBatch(db)) > 0) report();
      for (const t of projection.tables) {
        await db.query(`DROP TABLE IF EXISTS public.${t} CASCADE`);
        await db.query(`ALTER TABLE ${schema}.${t} SET SCHEMA public`);
      }
      await writeCheckpoint(db, projection.name, position);
    });
    report();
    return { projection: projection.name, events: done, position };
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  }
}

async function inSchema<T>(pool: pg.Pool, schema: string, fn: (db: SqlExecutor) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(localSearchPath(schema));
    const result = await fn(client as unknown as SqlExecutor);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** A one-line progress bar for a terminal (stderr), e.g. `[#######.....]  58% 580000/1000000  52k ev/s`. */
export function progressBar(width = 30): (p: RebuildProgress) => void {
  const started = Date.now();
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 200 && p.done < p.total) return;
    last = now;
    const ratio = p.total === 0 ? 1 : Math.min(1, p.done / p.total);
    const filled = Math.round(ratio * width);
    const rate = p.done / Math.max(0.001, (now - started) / 1000);
    const line =
      `${p.projection.padEnd(24)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ` +
      `${Math.round(ratio * 100)
        .toString()
        .padStart(3)}% ${p.done}/${p.total} ${Math.round(rate)} ev/s`;
    process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
    if (p.done >= p.total && process.stderr.isTTY) process.stderr.write('\n');
  };
}
