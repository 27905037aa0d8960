import type pg from 'pg';
import type { LogPosition, RecordedEvent } from '../event-store.port.js';
import { EVENT_COLUMNS, pgHistoryReader } from '../postgres/postgres-event-store.js';
import { upcastEvents } from '../upcasting/upcasting.js';
import { copyIn, takesCopyIn } from './copy-in.js';
import {
  applyEvents,
  inlineParams,
  localSearchPath,
  readRowTypes,
  type Projection,
  type RowTypes,
  type SqlExecutor,
} from './projection.js';
import {
  metadataFrom,
  payloadColumns,
  readCheckpoint,
  readSettled,
  UNHASHED_COLUMNS,
  writeCheckpoint,
} from './checkpointed-subscription.js';

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

  // The fence is taken once: every event of a transaction older than the oldest one running now is
  // settled for good, so the bulk replay reads up to it without asking the server again per batch.
  // What commits after it is the tail, applied under the checkpoint lock at the swap.
  const fenced = (
    await pool.query<{ fence: string; n: string }>(
      `SELECT f.fence, (SELECT count(*) FROM events WHERE tx_id < f.fence::bigint) AS n
         FROM (SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS fence) f`,
    )
  ).rows[0]!;
  const fence = fenced.fence;
  const total = Number(fenced.n);
  let done = 0;
  const report = () =>
    options.onProgress?.({ projection: projection.name, done, total: Math.max(total, done) });

  await pool.query(`CREATE SCHEMA ${schema}`);
  try {
    // The scratch tables are made here by the projection's own setup, so their columns are known and
    // the projection's rows can be sent as the tables' row type rather than as JSON (BufferedSql).
    const { deferredIndexes, rowTypes } = await inSchema(pool, schema, async (db) => {
      await projection.setup(db);
      return {
        deferredIndexes: await dropSecondaryIndexes(db, schema),
        rowTypes: await readRowTypes(db, schema, projection.tables),
      };
    });
    // The scratch tables' plain inserts go by COPY where the server takes it (copy-in.ts).
    const copy = await takesCopyIn(pool);
    report();
    let position: LogPosition = { tx: 0n, seq: 0n };
    const applyBatch = async (db: SqlExecutor): Promise<number> => {
      const events = await readSettled(
        db,
        position,
        batchSize,
        projection.eventTypes,
        projection.metadataKeys,
        projection.readsHashes !== false,
      );
      await applyEvents(projection, events, db, undefined, { rowTypes });
      if (events.length > 0) position = events[events.length - 1]!.position;
      done += events.length;
      return events.length;
    };
    // Bulk replay, one transaction per batch, without holding anything the live projection needs. The
    // next batch is read on another connection while this one is applied: reading and writing then
    // share the server's cores instead of taking turns (BENCHMARKS.md, P1). Nothing reads the scratch
    // tables until the swap, whose own commit is durable and comes after these in the log: their
    // commits need not wait for the disk.
    const read = (after: LogPosition) => {
      const pending = readFenced(
        pool,
        after,
        fence,
        batchSize,
        projection.eventTypes,
        projection.metadataKeys,
        projection.readsHashes !== false,
      );
      pending.catch(() => undefined); // awaited below; a failure while a batch is applied is not lost
      return pending;
    };
    let next = read(position);
    for (;;) {
      const events = await next;
      if (events.length === batchSize) next = read(events[events.length - 1]!.position);
      await loadBatch(pool, schema, projection, events, rowTypes, copy);
      if (events.length > 0) position = events[events.length - 1]!.position;
      done += events.length;
      report();
      if (events.length < batchSize) break;
    }
    // The secondary indexes are built once over the loaded rows (maintaining them row by row was most
    // of the load's server time), and the tables analysed so the swapped-in tables are planned well:
    // each table's on a connection of its own, so the server does them side by side rather than one
    // after another on one core while the rebuild waits (BENCHMARKS.md, P1). Each waits for the others
    // before the schema can be dropped on a failure.
    const tables = new Set([...projection.tables, ...deferredIndexes.map((d) => d.table)]);
    const settled = await Promise.allSettled(
      [...tables].map((t) =>
        inSchema(pool, schema, async (db) => {
          for (const d of deferredIndexes) if (d.table === t) await db.query(d.def);
          if (projection.tables.includes(t)) await db.query(`ANALYZE ${schema}.${t}`);
        }),
      ),
    );
    for (const s of settled) if (s.status === 'rejected') throw s.reason;
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

/**
 * Drops the scratch tables' indexes that neither back a constraint nor enforce uniqueness (the
 * projection's writes may rely on those: ON CONFLICT, lookups by key) and returns the statements that
 * make them again (with their names, in the scratch schema) by table.
 */
async function dropSecondaryIndexes(
  db: SqlExecutor,
  schema: string,
): Promise<{ table: string; def: string }[]> {
  const res = await db.query<{ name: string; table: string; def: string }>(
    `SELECT i.relname AS name, t.relname AS table, pg_get_indexdef(i.oid) AS def
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND NOT x.indisunique AND NOT x.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
      ORDER BY i.relname`,
    [schema],
  );
  for (const r of res.rows) await db.query(`DROP INDEX ${schema}.${quoteIdent(r.name)}`);
  return res.rows.map((r) => ({ table: r.table, def: r.def }));
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * `readSettled` with the fence given: the events after `after` of transactions older than `fence`, in
 * global order, those of other types without their payloads, in their newest shapes.
 */
async function readFenced(
  pool: pg.Pool,
  after: LogPosition,
  fence: string,
  limit: number,
  types?: readonly string[],
  metadataKeys?: readonly string[],
  hashes = true,
): Promise<RecordedEvent[]> {
  const text = inlineParams(
    `SELECT ${payloadColumns(hashes ? HEX_COLUMNS : UNHASHED_COLUMNS, types ? '$5' : null, metadataKeys)} FROM events
      WHERE (tx_id, seq) > ($1::bigint, $2::bigint) AND tx_id < $3::bigint
      ORDER BY tx_id, seq LIMIT $4`,
    [after.tx.toString(), after.seq.toString(), fence, limit, ...(types ? [types] : [])],
  );
  const client = await pool.connect();
  let events: RecordedEvent[];
  try {
    events = await readEvents(client, text, metadataKeys);
  } catch (err) {
    client.release(err as Error);
    throw err;
  }
  client.release();
  return upcastEvents(events, pgHistoryReader(pool));
}

// The hashes come as hex text: the rebuild reads every event, and decoding bytea into a Buffer only
// to encode it back to hex was a tenth of its reading in the profile (BENCHMARKS.md, P1).
const HEX_COLUMNS = EVENT_COLUMNS.replace(
  'content_hash, chain_hash',
  `encode(content_hash, 'hex') AS content_hash, encode(chain_hash, 'hex') AS chain_hash`,
);

/**
 * Runs `text`, a read of events' columns as `readFenced` selects them, by the simple protocol on `client`,
 * and makes each row into its event as it arrives, from its fields' text: a query object of its own (as
 * copy-in.ts), because node-postgres would first make each row into an object of parsed columns for
 * this to copy into the event — an object per event for the collector, and ~0.12 s of Node's CPU per
 * 200,000 events (BENCHMARKS.md, P1). Each column is parsed as node-postgres's parsers would (JSON by
 * JSON.parse, integers by Number, the position by BigInt).
 */
function readEvents(
  client: pg.PoolClient,
  text: string,
  metadataKeys?: readonly string[],
): Promise<RecordedEvent[]> {
  return new Promise((resolve, reject) => {
    const events: RecordedEvent[] = [];
    let failed: unknown = null;
    let at = columnsAt([]);
    const query = {
      submit(connection: { query(text: string): void }) {
        connection.query(text);
      },
      handleRowDescription(msg: { fields: { name: string }[] }) {
        at = columnsAt(msg.fields.map((f) => f.name));
      },
      handleDataRow(msg: { fields: (string | null)[] }) {
        if (failed) return;
        const f = msg.fields;
        try {
          events.push({
            id: f[at.id]!,
            streamId: f[at.streamId]!,
            version: Number(f[at.version]),
            type: f[at.type]!,
            schemaVersion: Number(f[at.schemaVersion]),
            data: parseJson(f[at.data]!),
            metadata: (metadataKeys
              ? metadataFrom(metadataKeys, (i) => parseJson(f[at.metadata + i]!))
              : parseJson(f[at.metadata]!)) as RecordedEvent['metadata'],
            position: { tx: BigInt(f[at.tx]!), seq: BigInt(f[at.seq]!) },
            contentHash: (at.contentHash < 0 ? null : f[at.contentHash]) ?? '',
            chainHash: (at.chainHash < 0 ? null : f[at.chainHash]) ?? '',
          });
        } catch (err) {
          // Settled at ReadyForQuery, once the connection is ready for the next statement.
          failed = err;
        }
      },
      handleError(err: unknown) {
        // An error reply is followed by ReadyForQuery, a lost connection is not: settle now either way.
        failed = err;
        reject(err as Error);
      },
      handleReadyForQuery() {
        if (failed) reject(failed as Error);
        else resolve(events);
      },
      handleCommandComplete() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
    };
    void client.query(query as unknown as pg.QueryConfig);
  });
}

/** Where `readEvents` finds each part of an event among a row's fields (-1: not read); the metadata's keys from `metadata` on. */
function columnsAt(names: readonly string[]) {
  const at = (name: string) => names.indexOf(name);
  return {
    id: at('event_id'),
    streamId: at('stream_id'),
    version: at('version'),
    type: at('type'),
    schemaVersion: at('schema_version'),
    data: at('data'),
    metadata: at('metadata') >= 0 ? at('metadata') : at('m0'),
    tx: at('tx_text'),
    seq: at('seq'),
    contentHash: at('content_hash'),
    chainHash: at('chain_hash'),
  };
}

const parseJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/** One batch of the bulk replay in its own transaction: two round trips besides the projection's. */
async function loadBatch(
  pool: pg.Pool,
  schema: string,
  projection: Projection,
  events: readonly RecordedEvent[],
  rowTypes: RowTypes,
  copy: boolean,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(`BEGIN; ${localSearchPath(schema)}; SET LOCAL synchronous_commit = off`);
    await applyEvents(projection, events, client as unknown as SqlExecutor, 'COMMIT', {
      bound: true,
      rowTypes,
      ...(copy && { copy: (text: string, data: Buffer) => copyIn(client, text, data) }),
    });
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
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
