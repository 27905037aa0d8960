import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import type { RecordedEvent } from '../event-store.port.js';
import { copyIn, takesCopyIn } from './copy-in.js';
import { applyEvents, BufferedSql, inlineParams, readRowTypes, type Projection } from './projection.js';

// Deferred projection writes (BENCHMARKS.md, P1/Q1): a parameter written into the text as a literal must
// mean exactly what it meant as `$n`, on the real server and on the embedded one, and a failing write
// must still fail its batch.

describe('inlineParams', () => {
  it('writes parameters as quoted literals, leaving quoted text and identifiers alone', () => {
    expect(inlineParams(`UPDATE t SET a = $1, "b$2" = '$2' WHERE id = $2`, ['x', 7])).toBe(
      `UPDATE t SET a = 'x', "b$2" = '$2' WHERE id = '7'`,
    );
    expect(inlineParams(`SELECT $10, $1`, [1, 2, 3, 4, 5, 6, 7, 8, 9, null])).toBe(`SELECT NULL, '1'`);
  });

  it('refuses a placeholder without its parameter rather than sending a broken statement', () => {
    expect(() => inlineParams(`SELECT $2`, ['only one'])).toThrow('uses $2 of 1');
    expect(() => inlineParams(`SELECT 'open`, [])).toThrow('unterminated');
  });
});

describe.each([
  ['PostgreSQL', createPostgresTestDatabase],
  ['PGlite', createPgliteTestDatabase],
])('deferred writes on %s', (name, create) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create(2);
    await db.pool.query(`
      CREATE TABLE values_kept (
        id int PRIMARY KEY, txt text, n numeric, big bigint, at timestamptz, tags text[], doc jsonb, flag boolean
      )`);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('stores every kind of value a projection passes exactly as a parameterised statement does', async () => {
    const awkward = `it's "quoted", back\\slash, $1, 新教师 ; DROP TABLE values_kept; --`;
    const row = [
      awkward,
      '12.50',
      '9007199254740993',
      new Date('2026-11-27T08:00:00.123Z'),
      ['a', `b'c`, 'd"e', 'f\\g', 'h,i', ''],
      JSON.stringify({ note: awkward, nested: [1, null, 'x'] }),
      true,
    ];
    await db.pool.query(`INSERT INTO values_kept VALUES (1, $1, $2, $3, $4, $5, $6, $7)`, row);
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const sql = new BufferedSql(client);
      sql.defer(`INSERT INTO values_kept VALUES (2, $1, $2, $3, $4, $5, $6, $7)`, row);
      sql.defer(
        `INSERT INTO values_kept VALUES (3, $1, $2, $3, $4, $5, $6, $7)`,
        row.map(() => null),
      );
      // A query sees what was deferred before it.
      const seen = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM values_kept`);
      expect(seen.rows[0]!.n).toBe(3);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const rows = await db.pool.query(`SELECT * FROM values_kept ORDER BY id`);
    const [one, two, three] = rows.rows;
    expect({ ...two, id: 1 }).toEqual(one);
    expect(two.txt).toBe(awkward);
    expect(two.tags).toEqual(['a', `b'c`, 'd"e', 'f\\g', 'h,i', '']);
    expect(three).toEqual({
      id: 3,
      txt: null,
      n: null,
      big: null,
      at: null,
      tags: null,
      doc: null,
      flag: null,
    });
  });

  it('loads rows by COPY, where the server takes it, exactly as the parameterised insert stores them', async () => {
    // A rebuild's plain inserts go by COPY text (copy-in.ts): tabs, newlines, carriage returns and
    // backslashes are escaped there, and `\N` is NULL only unquoted, in every kind of column.
    const awkward = `tab\tnew\nline\rcr back\\slash \\N it's "q" 校本`;
    const row = {
      id: 0,
      txt: awkward,
      n: '12.50',
      big: '9007199254740993',
      at: new Date('2026-11-27T08:00:00.123Z'),
      tags: ['a\tb', 'c\nd', 'e\\f', '\\N', 'g"h', 'i,j', ''],
      doc: { note: awkward, nested: [1, null, 'x\ty'] },
      flag: false,
    };
    await db.pool.query(`CREATE TABLE copied (LIKE values_kept)`);
    await db.pool.query(`INSERT INTO copied VALUES (1, $1, $2, $3, $4, $5, $6, $7)`, [
      row.txt,
      row.n,
      row.big,
      row.at,
      row.tags,
      JSON.stringify(row.doc),
      row.flag,
    ]);
    const client = await db.pool.connect();
    const copies: string[] = [];
    try {
      await client.query('BEGIN');
      const copy = (await takesCopyIn(client))
        ? (text: string, data: Buffer) => {
            copies.push(text);
            return copyIn(client, text, data);
          }
        : undefined;
      const rowTypes = await readRowTypes(client, 'public', ['copied']);
      const sql = new BufferedSql(client, { bound: true, rowTypes, ...(copy && { copy }) });
      sql.insertRows('copied', [
        { ...row, id: 2 },
        { id: 3, txt: '\\N' },
      ]);
      await sql.flush('COMMIT');
    } finally {
      client.release();
    }
    expect(copies).toEqual(name === 'PostgreSQL' ? ['COPY copied FROM STDIN'] : []);
    const [one, two, three] = (await db.pool.query(`SELECT * FROM copied ORDER BY id`)).rows;
    expect({ ...two, id: 1 }).toEqual(one);
    expect(two.txt).toBe(awkward);
    expect(two.tags).toEqual(row.tags);
    expect(two.doc).toEqual(row.doc);
    expect(three).toMatchObject({ txt: '\\N', n: null, tags: null, doc: null });
  });

  // PGlite's gateway is not sent COPY (its rows go as an INSERT, as the test above shows), so this case
  // exists on PostgreSQL alone rather than as a skipped test on PGlite.
  if (name === 'PostgreSQL')
    it('fails a batch whose COPY fails, and the connection stays usable', async () => {
      const client = await db.pool.connect();
      try {
        expect(await takesCopyIn(client)).toBe(true);
        await client.query(`CREATE TEMP TABLE copy_keyed (id int PRIMARY KEY)`);
        await client.query('BEGIN');
        const sql = new BufferedSql(client, {
          bound: true,
          rowTypes: new Map([['copy_keyed', [{ name: 'id', kind: 'other' as const }]]]),
          copy: (text, data) => copyIn(client, text, data),
        });
        sql.insertRows('copy_keyed', [{ id: 1 }, { id: 1 }]);
        await expect(sql.flush('COMMIT')).rejects.toThrow(/duplicate key/);
        await client.query('ROLLBACK');
        expect((await client.query(`SELECT count(*)::int AS n FROM copy_keyed`)).rows[0].n).toBe(0);
      } finally {
        client.release();
      }
    });

  it('fails the whole batch when a deferred write fails, leaving nothing of it behind', async () => {
    await db.pool.query(`CREATE TABLE tally (stream_id text PRIMARY KEY, n int NOT NULL)`);
    const projection: Projection = {
      name: 'tally',
      tables: ['tally'],
      async setup() {},
      async apply(e, sql) {
        // The second event of a stream breaks the primary key; the error surfaces at the flush.
        sql.defer(`INSERT INTO tally (stream_id, n) VALUES ($1, $2)`, [e.streamId, e.version]);
        await Promise.resolve();
      },
    };
    const event = (version: number) =>
      ({ streamId: 's-1', version, type: 'T', data: {}, metadata: {} }) as unknown as RecordedEvent;
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await expect(applyEvents(projection, [event(1), event(2)], client)).rejects.toThrow(/duplicate key/);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    const left = await db.pool.query(`SELECT count(*)::int AS n FROM tally`);
    expect(left.rows[0].n).toBe(0);
  });
});
