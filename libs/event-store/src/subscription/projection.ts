import pgUtils from 'pg/lib/utils.js';
import type { RecordedEvent } from '../event-store.port.js';

/** The slice of node-postgres a projection needs: run a statement inside the runner's transaction. */
export interface SqlExecutor {
  query<R extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    params?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
}

/**
 * What a projection's `apply` writes through. `query` runs at once (and first sends whatever was
 * deferred, so it sees it); `defer` queues a write whose result the projection does not need. Deferred
 * writes go to the server together, in order, in one round trip, before the runner moves the checkpoint
 * and commits, so a batch stays one all-or-nothing transaction: an error in any of them rolls back the
 * whole batch exactly as before. This is what lets a rebuild or a catch-up run at the speed of the
 * server rather than of one round trip per statement (BENCHMARKS.md, P1 and Q1).
 */
export interface ProjectionSql extends SqlExecutor {
  defer(text: string, params?: unknown[]): void;
  /**
   * Defer `INSERT INTO table <rows> then`: `rows` are objects keyed by column name (a missing key is
   * NULL), `then` an optional tail such as `ON CONFLICT … DO UPDATE …`. The rows travel as one
   * parameter: as a JSON array by default, or as an array of the table's own row type when the runner
   * knows the table's columns (a rebuild, which made the tables itself), which the server reads in
   * about half the time and which is a third smaller on the wire (BENCHMARKS.md, P1).
   */
  insertRows(table: string, rows: readonly Record<string, unknown>[], then?: string): void;
}

/** A column of a projection's table, in table order, as far as writing its row-type literal needs. */
export interface RowColumn {
  name: string;
  /** `array`: a PostgreSQL array (written as an array literal); `json`: json or jsonb; else its text. */
  kind: 'array' | 'json' | 'other';
}

/** The columns of each table, by unqualified name, for `insertRows`'s row-type path. */
export type RowTypes = ReadonlyMap<string, readonly RowColumn[]>;

/** Reads the columns of `tables` in `schema` (in the order `SELECT *` gives them). */
export async function readRowTypes(
  db: SqlExecutor,
  schema: string,
  tables: readonly string[],
): Promise<RowTypes> {
  const res = await db.query<{ table_name: string; name: string; category: string; type: string }>(
    `SELECT c.relname AS table_name, a.attname AS name, t.typcategory AS category, t.typname AS type
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_type t ON t.oid = a.atttypid
      WHERE n.nspname = $1 AND c.relname = ANY ($2::text[]) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`,
    [schema, [...tables]],
  );
  const types = new Map<string, RowColumn[]>();
  for (const r of res.rows) {
    const kind = r.category === 'A' ? 'array' : r.type === 'json' || r.type === 'jsonb' ? 'json' : 'other';
    if (!types.has(r.table_name)) types.set(r.table_name, []);
    types.get(r.table_name)!.push({ name: r.name, kind });
  }
  return types;
}

/**
 * A read model kept in PostgreSQL tables. `setup` creates its tables with unqualified names (the runner
 * sets search_path, so a rebuild can build them in a fresh schema); `apply` folds one event in. Both run
 * inside the runner's transaction, which also stores the checkpoint: an event is applied exactly once.
 */
export interface Projection {
  /** Checkpoint name; also names the projection in logs and in the rebuild command. */
  readonly name: string;
  /** Tables this projection owns (unqualified). The rebuild swaps exactly these. */
  readonly tables: readonly string[];
  /** Event types it cares about; absent means all. Others still advance its checkpoint. */
  readonly eventTypes?: readonly string[];
  /**
   * Metadata fields `apply` reads; absent means all. The events it folds then carry only these (a key
   * absent from an event stays absent): the runners and a rebuild read them out of the stored metadata
   * instead of sending and parsing all of it, which was most of the bytes per event a rebuild read
   * (BENCHMARKS.md, P1). An upcaster of these events sees the same trimmed metadata.
   */
  readonly metadataKeys?: readonly string[];
  /**
   * Whether `apply` reads the events' `contentHash` and `chainHash` (the audit trail's business, seldom
   * a read model's); absent means it may. With `false` the runners and a rebuild do not read them — two
   * 64-digit hex strings an event, a quarter of the bytes a rebuild reads and of the Node and server time
   * it spent reading them (BENCHMARKS.md, P1) — and the events carry them as empty strings, to an
   * upcaster of these events too.
   */
  readonly readsHashes?: boolean;
  setup(db: SqlExecutor): Promise<void>;
  apply(event: RecordedEvent, db: ProjectionSql): Promise<void>;
  /**
   * Optional: fold a whole batch (the events it wants, in order) with set-based writes. It must leave
   * the tables exactly as `apply` of each event in turn would; runners use it when it is there.
   */
  applyBatch?(events: readonly RecordedEvent[], db: ProjectionSql): Promise<void>;
}

export function wants(projection: Projection, event: RecordedEvent): boolean {
  return !projection.eventTypes || projection.eventTypes.includes(event.type);
}

/** Statements per round trip: large enough to amortise it, small enough to keep one message modest. */
const FLUSH_AT = 1000;

/**
 * Deferred writes, sent as one multi-statement simple query. The simple protocol takes no parameters,
 * so each parameter is written into the text as a quoted literal after node-postgres's own conversion
 * (`prepareValue`: dates, arrays, JSON): an untyped quoted literal is typed from its context by the
 * server exactly as an untyped parameter is, so the statement means what it meant with `$n`.
 */
export class BufferedSql implements ProjectionSql {
  /** Statements to inline, and COPY loads (which go in order between them, each in its own message). */
  private pending: (string | CopyLoad)[] = [];
  /** With `bound`, a few deferred statements (text and their prepared parameters), sent as they are. */
  private bound: ({ text: string; params: unknown[] } | CopyLoad)[] | null;

  /**
   * `bound`: send a flush of only a few statements as statements with bound parameters instead of
   * inlined literals. It costs a round trip each, so it suits a caller that flushes a few large
   * statements (a rebuild: applyBatch writes each table with one), where writing megabytes of JSON
   * into the text and the server parsing it back as a literal cost more than the round trips.
   */
  private readonly rowTypes: RowTypes | undefined;

  constructor(
    private readonly db: SqlExecutor,
    options: BufferOptions = {},
  ) {
    this.bound = options.bound ? [] : null;
    this.rowTypes = options.rowTypes;
    this.copy = options.copy;
  }

  private readonly copy: BufferOptions['copy'];

  insertRows(table: string, rows: readonly Record<string, unknown>[], then = ''): void {
    const columns = this.rowTypes?.get(table);
    if (columns && this.copy && !then.trim()) {
      // A plain insert into a table whose columns are known: COPY, written now as `defer` prepares.
      const load: CopyLoad = { copy: `COPY ${table} FROM STDIN`, data: copyData(rows, columns) };
      if (this.bound && this.bound.length < BOUND_AT) this.bound.push(load);
      else this.defer(load);
      return;
    }
    if (columns)
      this.defer(`INSERT INTO ${table} SELECT * FROM unnest($1::${table}[]) ${then}`, [
        rowArray(rows, columns),
      ]);
    else
      this.defer(
        `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) ${then}`,
        [JSON.stringify(rows)],
      );
  }

  defer(text: string, params?: unknown[]): void;
  defer(load: CopyLoad): void;
  defer(text: string | CopyLoad, params: unknown[] = []): void {
    if (typeof text !== 'string') {
      this.unbind();
      this.pending.push(text);
      return;
    }
    if (this.bound && this.bound.length < BOUND_AT) {
      // Prepared now, as inlining would: a parameter the projection changes later is sent as it was.
      this.bound.push({ text, params: params.map((p) => pgUtils.prepareValue(p) as unknown) });
      return;
    }
    this.unbind();
    this.pending.push(inlineParams(text, params));
  }

  /** Many statements: back to one round trip per FLUSH_AT of them, the bound ones inlined in order. */
  private unbind(): void {
    if (!this.bound) return;
    for (const b of this.bound.splice(0)) this.pending.push('copy' in b ? b : inlineParams(b.text, b.params));
    this.bound = null;
  }

  async query<R extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    params?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }> {
    await this.flush();
    return this.db.query<R>(text, params);
  }

  /** Send what is deferred once enough has piled up (between events: `defer` itself cannot wait). */
  async flushIfFull(): Promise<void> {
    if (this.pending.length >= FLUSH_AT) await this.flush();
  }

  /** Send what is deferred, then `then` (statements without parameters) in the same round trip. */
  async flush(then?: string): Promise<void> {
    if (this.bound)
      for (const b of this.bound.splice(0))
        if ('copy' in b) await this.copy!(b.copy, b.data);
        else await this.db.query(b.text, b.params);
    if (then) this.pending.push(then);
    while (this.pending.length > 0) {
      const first = this.pending[0]!;
      if (typeof first !== 'string') {
        this.pending.shift();
        await this.copy!(first.copy, first.data);
        continue;
      }
      let n = 1;
      while (n < FLUSH_AT && n < this.pending.length && typeof this.pending[n] === 'string') n++;
      await this.db.query((this.pending.splice(0, n) as string[]).join(';\n'));
    }
  }
}

/**
 * `bound`: see BufferedSql's constructor. `rowTypes`: the tables' columns, for `insertRows` to send
 * rows as the table's row type; only for tables made by the same code that folds into them (the
 * columns are positional), as a rebuild's scratch tables are.
 */
export interface BufferOptions {
  bound?: boolean;
  rowTypes?: RowTypes;
  /**
   * Runs `COPY table FROM STDIN` with `data` in the runner's transaction: with it (and `rowTypes`),
   * `insertRows` without a tail loads its rows by COPY instead of an INSERT. Only where the server
   * takes COPY from a client: PostgreSQL itself, not the embedded PGlite's gateway.
   */
  copy?: (text: string, data: Buffer) => Promise<void>;
}

/** A deferred `COPY … FROM STDIN` and its rows as COPY text (`copyData`). */
interface CopyLoad {
  copy: string;
  data: Buffer;
}

/**
 * The text of an array of a table's row type, `{"(\"a\",,\"1\")",…}`: each non-null field quoted in
 * the row (backslash and quote escaped), then the row quoted as an array element (escaped again); NULL
 * is an empty field. Values are written as node-postgres would send them as parameters, and a JSON
 * column's as JSON text, so each column reads what jsonb_populate_recordset gives for the same row.
 */
export function rowArray(rows: readonly Record<string, unknown>[], columns: readonly RowColumn[]): string {
  const elements: string[] = new Array<string>(rows.length);
  const fields: string[] = new Array<string>(columns.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c]!;
      const v = row[column.name];
      if (v === null || v === undefined) {
        fields[c] = '';
        continue;
      }
      const text = fieldText(v, column);
      // Quoted in the row (\" and \\), then the whole row quoted as an element: \\\" and \\\\ here.
      fields[c] =
        `\\"${ESCAPE_TWICE.test(text) ? text.replace(/[\\"]/g, (m) => (m === '"' ? '\\\\\\"' : '\\\\\\\\')) : text}\\"`;
    }
    elements[i] = `"(${fields.join(',')})"`;
  }
  return `{${elements.join(',')}}`;
}

const ESCAPE_TWICE = /[\\"]/;

/** A non-null value as text, as node-postgres would send it as a parameter; a JSON column's as JSON text. */
function fieldText(v: unknown, column: RowColumn): string {
  if (column.kind === 'json') return JSON.stringify(v);
  if (typeof v === 'string') return v;
  if (Buffer.isBuffer(v)) return `\\x${v.toString('hex')}`;
  return String(pgUtils.prepareValue(v) as unknown);
}

/**
 * The COPY text of `rows` for a table whose columns are `columns`, in table order, as UTF-8 bytes:
 * fields separated by tabs, rows ended by newlines, NULL as `\N`, and backslash, tab, newline and
 * carriage return escaped with a backslash. Each value is written as `rowArray` writes it (node-postgres's
 * own conversion, a JSON column as JSON text), so the table reads what the row-type insert gives for the
 * same rows. Each field is encoded straight into one buffer: joining a batch's fields into lines and the
 * lines into one string to encode it after allocated three copies of megabytes of text per table, a
 * fifth of what a rebuild allocated and so of its scavenges (BENCHMARKS.md, P1).
 */
export function copyData(rows: readonly Record<string, unknown>[], columns: readonly RowColumn[]): Buffer {
  let buf = Buffer.allocUnsafe(Math.max(1024, rows.length * columns.length * 16));
  let n = 0;
  const last = columns.length - 1;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    for (let c = 0; c <= last; c++) {
      const column = columns[c]!;
      const v = row[column.name];
      const text = v === null || v === undefined ? null : fieldText(v, column);
      // A UTF-16 code unit is at most 3 bytes of UTF-8, and an escaped one 2; then the tab or newline.
      const most = text === null ? 3 : 3 * text.length + 1;
      if (n + most > buf.length) {
        const grown = Buffer.allocUnsafe(Math.max(2 * buf.length, n + most));
        buf.copy(grown, 0, 0, n);
        buf = grown;
      }
      if (text === null) {
        // NULL: `\N`, unescaped.
        buf[n++] = BACKSLASH;
        buf[n++] = LETTER_N;
      } else n = writeEscaped(buf, n, text);
      buf[n++] = c === last ? NEWLINE : TAB;
    }
  }
  return buf.subarray(0, n);
}

/**
 * Writes `text` at `n` as COPY text (escaped, UTF-8) and returns where it ends. Most fields are short
 * ASCII (ids, stages, timestamps, numbers): those are copied here code unit by code unit, which costs
 * less than a call into `Buffer.write` per field; the rest go through it.
 */
function writeEscaped(buf: Buffer, n: number, text: string): number {
  const len = text.length;
  if (len <= SHORT_FIELD) {
    let k = 0;
    for (; k < len; k++) {
      const ch = text.charCodeAt(k);
      if (ch >= 0x80 || ch === BACKSLASH || ch === TAB || ch === NEWLINE || ch === CARRIAGE_RETURN) break;
      buf[n + k] = ch;
    }
    if (k === len) return n + len;
  }
  return n + buf.write(COPY_SPECIAL.test(text) ? text.replace(COPY_SPECIALS, escapeCopy) : text, n);
}

const SHORT_FIELD = 64;
const [TAB, NEWLINE, CARRIAGE_RETURN, BACKSLASH, LETTER_N] = [9, 10, 13, 92, 78];
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIALS = /[\\\t\n\r]/g;
const escapeCopy = (c: string) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r');

/** Statements a bound flush sends one by one; more than this go back to inlined chunks. */
const BOUND_AT = 32;

/**
 * Apply `events` (those the projection wants) in order through one buffer, then send what is left
 * followed by `then` (the runner's checkpoint write and COMMIT, saving their round trips). `bound`: see
 * BufferedSql.
 */
export async function applyEvents(
  projection: Projection,
  events: readonly RecordedEvent[],
  db: SqlExecutor,
  then?: string,
  options: BufferOptions = {},
): Promise<void> {
  const sql = new BufferedSql(db, options);
  if (projection.applyBatch) {
    const wanted = events.filter((e) => wants(projection, e));
    if (wanted.length > 0) await projection.applyBatch(wanted, sql);
  } else {
    for (const event of events) {
      if (!wants(projection, event)) continue;
      await projection.apply(event, sql);
      await sql.flushIfFull();
    }
  }
  await sql.flush(then);
}

function literal(value: unknown): string {
  const v = pgUtils.prepareValue(value) as string | Buffer | null;
  if (v === null) return 'NULL';
  if (Buffer.isBuffer(v)) return `'\\x${v.toString('hex')}'`;
  return quoteLiteral(String(v));
}

/**
 * The literal node-postgres's escapeLiteral writes (quotes doubled; with a backslash, backslashes
 * doubled and an E'' string), made with two whole-string replaces: escapeLiteral appends one character
 * at a time, and on a batch's megabytes of JSON that string building was most of the rebuild's time in
 * the garbage collector (BENCHMARKS.md, P1).
 */
export function quoteLiteral(s: string): string {
  const quoted = s.includes("'") ? s.replace(/'/g, "''") : s;
  return s.includes('\\') ? ` E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

/** Replace `$n` outside quoted text and identifiers with the n-th parameter as a literal. */
export function inlineParams(text: string, params: readonly unknown[]): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unterminated ${c} in deferred statement: ${text}`);
      out += text.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (c === '$' && /[0-9]/.test(text[i + 1] ?? '')) {
      let j = i + 1;
      while (j < text.length && /[0-9]/.test(text[j]!)) j++;
      const n = Number(text.slice(i + 1, j));
      if (n < 1 || n > params.length) throw new Error(`deferred statement uses $${n} of ${params.length}`);
      out += literal(params[n - 1]);
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/**
 * The statement that puts a projection's schema first on the search path for one transaction, keeping
 * the rest of the session's path after it (`public`, and on PGlite BullMQ's schema): on PGlite every
 * client shares one session (ARCHITECTURE.md "Stores"), so a queue's query that runs while a projection's
 * transaction is open must still find its tables.
 */
export const localSearchPath = (schema: string): string =>
  `SELECT set_config('search_path', '${schema}, ' || current_setting('search_path'), true)`;
