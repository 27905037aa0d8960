import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type pg from 'pg';
import { encodePosition, PostgresEventStore, verifyChain, type VerifyReport } from '#libs/event-store';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  OWNED_SCHEMAS,
  PRODUCT_NAME,
  compareVersions,
  productVersion,
  qualified,
  type BackupEnd,
  type BackupManifest,
  type BackupSchema,
  type TableHeader,
} from './backup-format.js';

export type RefusalReason = 'damaged' | 'foreign' | 'newer' | 'not_empty';

/** A restore that must not start: nothing has been written when this is thrown. */
export class RestoreRefused extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
    this.name = 'RestoreRefused';
  }
}

/** The file's lines, each with its newline; a read or gunzip failure is thrown from the loop. */
async function* lines(file: string): AsyncGenerator<string> {
  const gunzip = createGunzip();
  const input = createReadStream(file);
  input.on('error', (err) => gunzip.destroy(err));
  input.pipe(gunzip);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of gunzip as AsyncIterable<Buffer>) {
    rest += decoder.write(chunk);
    let start = 0;
    for (let i = rest.indexOf('\n'); i >= 0; i = rest.indexOf('\n', start)) {
      yield rest.slice(start, i + 1);
      start = i + 1;
    }
    rest = rest.slice(start);
  }
  rest += decoder.end();
  if (rest) yield rest;
}

export interface InspectedBackup {
  manifest: BackupManifest;
  schema: BackupSchema;
}

/**
 * Reads the whole file once and checks it before anything is written: a gzip of this product's backup
 * format (else `foreign`), of a format and product version this code can restore (else `newer`), whole
 * and unaltered — the SHA-256 and line count in its last line, every table's row count and row width as
 * announced (else `damaged`).
 */
export async function inspectBackup(file: string): Promise<InspectedBackup> {
  const sha = createHash('sha256');
  let n = 0;
  let manifest: BackupManifest | null = null;
  let schema: BackupSchema | null = null;
  let table: TableHeader | null = null;
  let rowsLeft = 0;
  let end: BackupEnd | null = null;
  const seen: Record<string, number> = {};
  try {
    for await (const line of lines(file)) {
      if (end) throw new RestoreRefused('damaged', `${file}: data after the end line`);
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        if (n === 0) throw new RestoreRefused('foreign', `${file}: not a backup of ${PRODUCT_NAME}`);
        throw new RestoreRefused('damaged', `${file}: line ${n + 1} is not JSON`);
      }
      if (n === 0) {
        manifest = checkManifest(file, value);
      } else if (!Array.isArray(value) && (value as { kind?: string })?.kind === 'end') {
        end = value as BackupEnd;
        continue;
      } else if (n === 1) {
        if ((value as BackupSchema)?.kind !== 'schema')
          throw new RestoreRefused('damaged', `${file}: the schema section is missing`);
        schema = value as BackupSchema;
      } else if (Array.isArray(value)) {
        if (!table || rowsLeft === 0)
          throw new RestoreRefused('damaged', `${file}: line ${n + 1}: a row outside any table`);
        if (value.length !== table.columns.length)
          throw new RestoreRefused('damaged', `${file}: line ${n + 1}: a row of the wrong width`);
        rowsLeft -= 1;
      } else if ((value as TableHeader)?.kind === 'table') {
        if (rowsLeft !== 0) throw new RestoreRefused('damaged', `${file}: ${table!.name} is cut short`);
        table = value as TableHeader;
        rowsLeft = table.rows;
        seen[`${table.schema}.${table.name}`] = table.rows;
      } else throw new RestoreRefused('damaged', `${file}: line ${n + 1} is not part of a backup`);
      sha.update(line);
      n += 1;
    }
  } catch (err) {
    if (err instanceof RestoreRefused) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'Z_DATA_ERROR' && n === 0)
      throw new RestoreRefused('foreign', `${file}: not a backup of ${PRODUCT_NAME} (not gzip)`);
    if (code === 'ENOENT' || code === 'EISDIR') throw err;
    throw new RestoreRefused('damaged', `${file}: damaged (${(err as Error).message})`);
  }
  if (!manifest) throw new RestoreRefused('foreign', `${file}: empty, not a backup of ${PRODUCT_NAME}`);
  if (!end) throw new RestoreRefused('damaged', `${file}: cut short (no end line)`);
  if (end.sha256 !== sha.digest('hex') || end.lines !== n)
    throw new RestoreRefused('damaged', `${file}: damaged (checksum does not match)`);
  if (rowsLeft !== 0 || !schema) throw new RestoreRefused('damaged', `${file}: cut short`);
  for (const [name, rows] of Object.entries(manifest.tables))
    if (seen[name] !== rows)
      throw new RestoreRefused(
        'damaged',
        `${file}: ${name} holds ${seen[name] ?? 0} rows, manifest says ${rows}`,
      );
  return { manifest, schema };
}

function checkManifest(file: string, value: unknown): BackupManifest {
  const m = value as Partial<BackupManifest>;
  if (m?.kind !== 'manifest' || m.format !== BACKUP_FORMAT || m.product !== PRODUCT_NAME)
    throw new RestoreRefused('foreign', `${file}: not a backup of ${PRODUCT_NAME}`);
  if (typeof m.formatVersion !== 'number' || m.formatVersion > BACKUP_FORMAT_VERSION)
    throw new RestoreRefused(
      'newer',
      `${file}: backup format ${m.formatVersion} is newer than this version reads (${BACKUP_FORMAT_VERSION}); restore with the version that wrote it`,
    );
  const ours = productVersion();
  if (typeof m.productVersion !== 'string' || compareVersions(m.productVersion, ours) > 0)
    throw new RestoreRefused(
      'newer',
      `${file}: written by version ${m.productVersion}, newer than this one (${ours}); restore with that version or later`,
    );
  return m as BackupManifest;
}

/** The owned objects already in a database; a restore goes only into one without any. */
export async function existingObjects(pool: pg.Pool): Promise<string[]> {
  const res = await pool.query<{ what: string }>(
    `SELECT n.nspname || '.' || c.relname AS what FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'v', 'm', 'S', 'p', 'f')
     UNION ALL
     SELECT n.nspname || '.' || p.proname || '()' FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = ANY($1::text[])
     LIMIT 5`,
    [OWNED_SCHEMAS],
  );
  return res.rows.map((r) => r.what);
}

/**
 * Moves the database's transaction counter past `tx`. The log's global order is (tx_id, seq) and a
 * subscription reads only below the oldest running transaction id (README "Global order"): restored
 * events keep the ids they were written under, so every transaction after the restore must have a larger
 * id — or new events would sort before old ones and the restored ones stay unread. A fresh cluster
 * (a new server, a new PGlite folder) starts low, so ids are spent in committed no-op steps (about
 * 150,000 a second on PostgreSQL).
 */
export async function advanceTransactionIds(
  pool: pg.Pool,
  past: bigint,
  onProgress?: (left: bigint) => void,
): Promise<void> {
  for (;;) {
    const current = BigInt(
      (await pool.query<{ x: string }>('SELECT pg_current_xact_id()::text AS x')).rows[0]!.x,
    );
    if (current > past) return;
    onProgress?.(past - current);
    const step = Number(past - current < 100_000n ? past - current + 1n : 100_000n);
    await pool.query(
      `DO $$ BEGIN FOR i IN 1..${step} LOOP PERFORM pg_current_xact_id(); COMMIT; END LOOP; END $$`,
    );
  }
}

export interface RestoreProgress {
  table: string;
  done: number;
  total: number;
}

/** Rows per INSERT: large enough to be quick, small enough to keep a statement's parameters modest. */
const BATCH_ROWS = 1000;
const BATCH_CHARS = 8_000_000;

/**
 * Restores a backup into an empty database: checks the file whole first (inspectBackup) and the
 * database empty, moves the transaction counter past the backup's log head, then recreates every object
 * and loads every row in ONE transaction, so a failure leaves the database as empty as it was. Returns
 * the manifest; `verifyRestore` then checks the result against it.
 */
export async function restoreBackup(
  pool: pg.Pool,
  file: string,
  options: { onProgress?: (p: RestoreProgress) => void; inspected?: InspectedBackup } = {},
): Promise<BackupManifest> {
  const { manifest, schema } = options.inspected ?? (await inspectBackup(file));
  const existing = await existingObjects(pool);
  if (existing.length > 0)
    throw new RestoreRefused(
      'not_empty',
      `the database is not empty (it holds ${existing.join(', ')}${existing.length === 5 ? ', …' : ''}); restore only into an empty database or data folder`,
    );
  const highestTx = highestTransaction(manifest);
  if (highestTx !== null) await advanceTransactionIds(pool, highestTx);

  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // SQL functions are checked against tables that come later in the same restore.
    await client.query('SET LOCAL check_function_bodies = off');
    for (const s of schema.preData) await client.query(s);
    let table: TableHeader | null = null;
    let batch: unknown[][] = [];
    let chars = 0;
    let done = 0;
    const flush = async () => {
      if (!table || batch.length === 0) return;
      const cols = table.columns;
      const text =
        `INSERT INTO ${qualified(table.schema, table.name)} (${cols.map((c) => `"${c.name.replace(/"/g, '""')}"`).join(', ')})` +
        `${table.overriding ? ' OVERRIDING SYSTEM VALUE' : ''} SELECT ${cols.map((c, i) => `u.c${i}::${c.type}`).join(', ')}` +
        ` FROM unnest(${cols.map((_, i) => `$${i + 1}::text[]`).join(', ')}) AS u(${cols.map((_, i) => `c${i}`).join(', ')})`;
      const params = cols.map((_, i) => batch.map((row) => row[i] as string | null));
      await client.query(text, params);
      done += batch.length;
      options.onProgress?.({ table: `${table.schema}.${table.name}`, done, total: table.rows });
      batch = [];
      chars = 0;
    };
    let n = 0;
    for await (const line of lines(file)) {
      n += 1;
      if (n <= 2) continue; // manifest and schema, already read
      const value = JSON.parse(line) as unknown;
      if (Array.isArray(value)) {
        batch.push(value);
        chars += line.length;
        if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) await flush();
      } else if ((value as TableHeader).kind === 'table') {
        await flush();
        table = value as TableHeader;
        done = 0;
      }
    }
    await flush();
    for (const s of schema.postData) await client.query(s);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  return manifest;
}

function highestTransaction(manifest: BackupManifest): bigint | null {
  if (!manifest.head) return null;
  return BigInt(manifest.head.split('.')[0]!);
}

export interface RestoreCheck {
  ok: boolean;
  problems: string[];
  chain: VerifyReport;
}

/**
 * The restored database against the backup's manifest: the same number of events and rows per table,
 * the same log head, every stream's head version and hash as recorded, and the whole hash chain
 * verifying (content and chain hashes recomputed for every event).
 */
export async function verifyRestore(pool: pg.Pool, manifest: BackupManifest): Promise<RestoreCheck> {
  const problems: string[] = [];
  for (const [name, rows] of Object.entries(manifest.tables)) {
    const [schema, table] = name.split('.') as [string, string];
    const n = Number(
      (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ONLY ${qualified(schema, table)}`)).rows[0]!
        .n,
    );
    if (n !== rows) problems.push(`${name}: ${n} rows, the backup holds ${rows}`);
  }
  const headPosition = await new PostgresEventStore(pool).headPosition();
  const head = headPosition ? encodePosition(headPosition) : null;
  if (head !== manifest.head)
    problems.push(`log head ${head ?? 'none'}, the backup's is ${manifest.head ?? 'none'}`);
  const streams = new Map(
    (
      await pool.query<{ stream_id: string; version: string; hash: string }>(
        `SELECT stream_id, version::text AS version, encode(last_hash, 'hex') AS hash FROM streams`,
      )
    ).rows.map((r) => [r.stream_id, r] as const),
  );
  for (const [id, [version, hash]] of Object.entries(manifest.streams)) {
    const s = streams.get(id);
    if (!s) problems.push(`stream ${id}: missing`);
    else if (Number(s.version) !== version || s.hash !== hash)
      problems.push(`stream ${id}: head ${s.version}/${s.hash}, the backup's is ${version}/${hash}`);
  }
  if (streams.size !== Object.keys(manifest.streams).length)
    problems.push(`${streams.size} streams, the backup holds ${Object.keys(manifest.streams).length}`);
  const chain = await verifyChain(pool);
  for (const f of chain.findings.slice(0, 20))
    problems.push(`chain: ${f.kind} stream=${f.streamId} version=${f.version ?? '-'}: ${f.detail}`);
  return { ok: problems.length === 0 && chain.ok, problems, chain };
}
