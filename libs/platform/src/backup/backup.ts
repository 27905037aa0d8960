import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import type pg from 'pg';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  OWNED_SCHEMAS,
  PRODUCT_NAME,
  productVersion,
  qualified,
  quoteIdent,
  type BackupEnd,
  type BackupManifest,
  type BackupSchema,
  type TableHeader,
} from './backup-format.js';

/** `backup-20261203T193501Z-pos812.4410.jsonl.gz`: when, and the log position it holds. */
export const BACKUP_FILE = /^backup-(\d{8}T\d{6}Z)-pos(\d+\.\d+|empty)\.jsonl\.gz$/;

export interface BackupResult {
  file: string;
  manifest: BackupManifest;
  bytes: number;
  /** Older backups removed by the retention setting. */
  removed: string[];
}

interface OwnedTable {
  oid: number;
  schema: string;
  name: string;
}

/** Rows are read from a cursor this many at a time, so a large table never sits in memory whole. */
const FETCH = 2000;

/**
 * Writes a backup of everything in the schemas the product owns (events, stream heads, read models,
 * checkpoints, personal-data keys, secrets, BullMQ's timer tables) to `dir`, from one snapshot: a
 * REPEATABLE READ, READ ONLY transaction. Read only, it takes no transaction id, so it never holds back
 * the subscriptions' settled fence (README "Global order") while it runs on PostgreSQL; on the embedded
 * default, the gateway gives the transaction PGlite's one session until it ends — the product waits for
 * the backup (seconds at an office's size) and the snapshot is consistent all the same.
 *
 * The file is written under a temporary name and renamed when complete, so a crash never leaves a
 * half backup that retention would count. `keep`: how many of the newest backups to keep (0: all).
 */
export async function writeBackup(
  pool: pg.Pool,
  options: { dir: string; keep?: number; now?: Date },
): Promise<BackupResult> {
  mkdirSync(options.dir, { recursive: true });
  const client = await pool.connect();
  let tmp: string | null = null;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    // Every name the catalogue functions print comes out schema-qualified: the restore's session may
    // have another search_path (on the embedded default BullMQ's schema is appended to it).
    await client.query(`SET LOCAL search_path = pg_catalog`);
    const schemas = (
      await client.query<{ nspname: string }>(
        `SELECT nspname FROM pg_namespace WHERE nspname = ANY($1::text[]) ORDER BY nspname = 'public' DESC, nspname`,
        [OWNED_SCHEMAS],
      )
    ).rows.map((r) => r.nspname);
    const tables = await ownedTables(client, schemas);
    if (!tables.some((t) => t.schema === 'public' && t.name === 'events'))
      throw new Error('no event store in this database (public.events is missing): nothing to back up');
    const schema = await describeSchema(client, schemas, tables);
    const manifest = await describeContents(client, tables);

    const stamp = (options.now ?? new Date())
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    const name = `backup-${stamp}-pos${manifest.head ?? 'empty'}.jsonl.gz`;
    const file = path.join(options.dir, name);
    tmp = `${file}.partial`;

    const gzip = createGzip();
    const out = createWriteStream(tmp);
    gzip.pipe(out);
    const sha = createHash('sha256');
    let lines = 0;
    const write = async (value: unknown) => {
      const line = `${JSON.stringify(value)}\n`;
      sha.update(line);
      lines += 1;
      if (!gzip.write(line)) await once(gzip, 'drain');
    };
    await write(manifest);
    await write(schema);
    for (const t of tables) await dumpTable(client, t, manifest.tables[`${t.schema}.${t.name}`]!, write);
    const end: BackupEnd = { kind: 'end', sha256: sha.digest('hex'), lines };
    gzip.end(`${JSON.stringify(end)}\n`);
    await once(out, 'close');
    await client.query('COMMIT');
    renameSync(tmp, file);
    tmp = null;
    const removed = options.keep ? prune(options.dir, options.keep) : [];
    const bytes = statSync(file).size;
    return { file, manifest, bytes, removed };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
    if (tmp) rmSync(tmp, { force: true });
  }
}

/** The backups in `dir`, newest first (the time in the name sorts them). */
export function listBackups(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => BACKUP_FILE.test(n))
    .sort()
    .reverse();
}

/** Keeps the newest `keep` backups in `dir`; returns the names removed. */
export function prune(dir: string, keep: number): string[] {
  const old = listBackups(dir).slice(keep);
  for (const n of old) rmSync(path.join(dir, n), { force: true });
  return old;
}

async function ownedTables(client: pg.PoolClient, schemas: string[]): Promise<OwnedTable[]> {
  // Objects the backup cannot recreate are refused rather than silently left out.
  const unsupported = await client.query<{ what: string }>(
    `SELECT n.nspname || '.' || c.relname || ' (relkind ' || c.relkind::text || ')' AS what
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('v', 'm', 'p', 'f')
     UNION ALL
     SELECT n.nspname || '.' || t.typname || ' (type ' || t.typtype::text || ')'
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = ANY($1::text[]) AND t.typtype IN ('d', 'r', 'm')
     UNION ALL
     SELECT n.nspname || '.' || p.proname || ' (prokind ' || p.prokind::text || ')'
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = ANY($1::text[]) AND p.prokind IN ('a', 'w')`,
    [schemas],
  );
  if (unsupported.rows.length > 0)
    throw new Error(
      `the backup cannot recreate: ${unsupported.rows.map((r) => r.what).join(', ')}; extend libs/platform/src/backup`,
    );
  return (
    await client.query<{ oid: number; schema: string; name: string }>(
      `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY($1::text[]) AND c.relkind = 'r'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
        ORDER BY n.nspname = 'public' DESC, n.nspname, c.relname`,
      [schemas],
    )
  ).rows;
}

async function describeSchema(
  client: pg.PoolClient,
  schemas: string[],
  tables: OwnedTable[],
): Promise<BackupSchema> {
  const preData: string[] = [];
  const postData: string[] = [];
  for (const s of schemas) if (s !== 'public') preData.push(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(s)}`);

  const enums = await client.query<{ schema: string; name: string; labels: string[] }>(
    `SELECT n.nspname AS schema, t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE n.nspname = ANY($1::text[]) GROUP BY 1, 2 ORDER BY 1, 2`,
    [schemas],
  );
  for (const e of enums.rows)
    preData.push(
      `CREATE TYPE ${qualified(e.schema, e.name)} AS ENUM (${e.labels.map((l) => `'${l.replace(/'/g, "''")}'`).join(', ')})`,
    );

  // Sequences: identity sequences come with their columns; the others are made before the tables whose
  // defaults call them, and their owner column is set after.
  const sequences = await client.query<{
    schema: string;
    name: string;
    type: string;
    start: string;
    min: string;
    max: string;
    inc: string;
    cache: string;
    cycle: boolean;
    dep: string | null;
    owner_table: string | null;
    owner_column: string | null;
  }>(
    `SELECT n.nspname AS schema, c.relname AS name, format_type(s.seqtypid, NULL) AS type,
            s.seqstart::text AS start, s.seqmin::text AS min, s.seqmax::text AS max,
            s.seqincrement::text AS inc, s.seqcache::text AS cache, s.seqcycle AS cycle,
            d.deptype::text AS dep, d.refobjid::regclass::text AS owner_table, a.attname::text AS owner_column
       FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
                            AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
       LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
      WHERE n.nspname = ANY($1::text[])
      ORDER BY 1, 2`,
    [schemas],
  );
  for (const s of sequences.rows) {
    const name = qualified(s.schema, s.name);
    const at = (
      await client.query<{ last_value: string; is_called: boolean }>(
        `SELECT last_value::text, is_called FROM ${name}`,
      )
    ).rows[0]!;
    if (s.dep === 'i') {
      postData.push(
        `SELECT setval(pg_get_serial_sequence('${s.owner_table!.replace(/'/g, "''")}', '${s.owner_column!.replace(/'/g, "''")}'), ${at.last_value}, ${at.is_called})`,
      );
      continue;
    }
    preData.push(
      `CREATE SEQUENCE ${name} AS ${s.type} INCREMENT BY ${s.inc} MINVALUE ${s.min} MAXVALUE ${s.max} START WITH ${s.start} CACHE ${s.cache}${s.cycle ? ' CYCLE' : ' NO CYCLE'}`,
    );
    postData.push(`SELECT setval('${name.replace(/'/g, "''")}', ${at.last_value}, ${at.is_called})`);
    if (s.dep === 'a')
      postData.push(`ALTER SEQUENCE ${name} OWNED BY ${s.owner_table}.${quoteIdent(s.owner_column!)}`);
  }

  // Tables before functions (a function may take or return a table's row type), and column defaults
  // after both (a default may call a function).
  const defaults: string[] = [];
  for (const t of tables) {
    const columns = await client.query<{
      name: string;
      type: string;
      notnull: boolean;
      identity: string;
      generated: string;
      def: string | null;
    }>(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
              a.attidentity::text AS identity, a.attgenerated::text AS generated,
              pg_get_expr(ad.adbin, ad.adrelid) AS def
         FROM pg_attribute a LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      [t.oid],
    );
    const cols = columns.rows.map((c) => {
      let col = `${quoteIdent(c.name)} ${c.type}`;
      if (c.generated === 's') col += ` GENERATED ALWAYS AS (${c.def}) STORED`;
      else if (c.identity === 'a') col += ' GENERATED ALWAYS AS IDENTITY';
      else if (c.identity === 'd') col += ' GENERATED BY DEFAULT AS IDENTITY';
      else if (c.def !== null)
        defaults.push(
          `ALTER TABLE ONLY ${qualified(t.schema, t.name)} ALTER COLUMN ${quoteIdent(c.name)} SET DEFAULT ${c.def}`,
        );
      if (c.notnull) col += ' NOT NULL';
      return col;
    });
    preData.push(`CREATE TABLE ${qualified(t.schema, t.name)} (\n  ${cols.join(',\n  ')}\n)`);

    const constraints = await client.query<{ name: string; def: string }>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE conrelid = $1 AND contype IN ('p', 'u', 'c', 'x', 'f')
        ORDER BY contype = 'f', conname`,
      [t.oid],
    );
    for (const c of constraints.rows)
      postData.push(
        `ALTER TABLE ONLY ${qualified(t.schema, t.name)} ADD CONSTRAINT ${quoteIdent(c.name)} ${c.def}`,
      );
    const indexes = await client.query<{ def: string }>(
      `SELECT pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
        WHERE i.indrelid = $1
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                           WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
        ORDER BY i.indexrelid`,
      [t.oid],
    );
    for (const i of indexes.rows) postData.push(i.def);
    const triggers = await client.query<{ def: string }>(
      `SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgrelid = $1 AND NOT tgisinternal ORDER BY tgname`,
      [t.oid],
    );
    for (const tr of triggers.rows) postData.push(tr.def);
  }
  const functions = await client.query<{ def: string }>(
    `SELECT pg_get_functiondef(p.oid) AS def
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = ANY($1::text[]) AND p.prokind IN ('f', 'p')
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
      ORDER BY n.nspname, p.proname, p.oid`,
    [schemas],
  );
  for (const f of functions.rows) preData.push(f.def);
  preData.push(...defaults);
  // Foreign keys last, once every table has its keys.
  postData.sort((a, b) => Number(/ FOREIGN KEY /.test(a)) - Number(/ FOREIGN KEY /.test(b)));
  return { kind: 'schema', schemas, preData, postData };
}

async function describeContents(client: pg.PoolClient, tables: OwnedTable[]): Promise<BackupManifest> {
  const counts: Record<string, number> = {};
  for (const t of tables)
    counts[`${t.schema}.${t.name}`] = Number(
      (await client.query<{ n: string }>(`SELECT count(*) AS n FROM ONLY ${qualified(t.schema, t.name)}`))
        .rows[0]!.n,
    );
  // The one place outside libs/event-store that names the events table (an exception listed in
  // scripts/check-events-table.mjs): the backup dumps every table generically inside one snapshot on this
  // connection, and the log head it records must come from that same snapshot, which the EventStore port
  // (reading through the pool) cannot give.
  const head = (
    await client.query<{ tx: string; seq: string }>(
      `SELECT tx_id::text AS tx, seq::text AS seq FROM public.events ORDER BY tx_id DESC, seq DESC LIMIT 1`,
    )
  ).rows[0];
  const streams: Record<string, [number, string]> = {};
  for (const r of (
    await client.query<{ stream_id: string; version: string; hash: string }>(
      `SELECT stream_id, version::text AS version, encode(last_hash, 'hex') AS hash FROM public.streams ORDER BY stream_id`,
    )
  ).rows)
    streams[r.stream_id] = [Number(r.version), r.hash];
  const hasMigrations = tables.some((t) => t.schema === 'public' && t.name === 'schema_migrations');
  const migrations = hasMigrations
    ? (
        await client.query<{ id: string }>(`SELECT id FROM public.schema_migrations ORDER BY applied_at, id`)
      ).rows.map((r) => r.id)
    : [];
  return {
    kind: 'manifest',
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    product: PRODUCT_NAME,
    productVersion: productVersion(),
    createdAt: new Date().toISOString(),
    head: head ? `${head.tx}.${head.seq}` : null,
    events: counts['public.events'] ?? 0,
    tables: counts,
    streams,
    migrations,
  };
}

async function dumpTable(
  client: pg.PoolClient,
  t: OwnedTable,
  rows: number,
  write: (value: unknown) => Promise<void>,
): Promise<void> {
  const columns = (
    await client.query<{ name: string; type: string; identity: string; generated: string }>(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type, attidentity::text AS identity,
              attgenerated::text AS generated
         FROM pg_attribute WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      [t.oid],
    )
  ).rows.filter((c) => c.generated !== 's'); // stored generated columns are computed again on insert
  const header: TableHeader = {
    kind: 'table',
    schema: t.schema,
    name: t.name,
    columns: columns.map((c) => ({ name: c.name, type: c.type })),
    overriding: columns.some((c) => c.identity === 'a'),
    rows,
  };
  await write(header);
  if (rows === 0 || columns.length === 0) return;
  const order = t.schema === 'public' && t.name === 'events' ? ' ORDER BY seq' : ''; // the log in its own order
  await client.query(
    `DECLARE backup_rows NO SCROLL CURSOR FOR SELECT ${columns
      .map((c) => `${quoteIdent(c.name)}::text`)
      .join(', ')} FROM ONLY ${qualified(t.schema, t.name)}${order}`,
  );
  let seen = 0;
  for (;;) {
    const batch = await client.query<unknown[]>({
      text: `FETCH ${FETCH} FROM backup_rows`,
      rowMode: 'array',
    });
    for (const row of batch.rows) await write(row);
    seen += batch.rows.length;
    if (batch.rows.length < FETCH) break;
  }
  await client.query('CLOSE backup_rows');
  // The count and the rows come from one snapshot; a difference means the snapshot did not hold.
  if (seen !== rows) throw new Error(`${t.schema}.${t.name}: counted ${rows} rows, read ${seen}`);
}
