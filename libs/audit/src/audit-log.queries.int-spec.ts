import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { auditLogProjection } from './audit-log.projection.js';
import { auditPageQuery, readAuditLog, type AuditFilter, type AuditPage } from './audit-log.queries.js';

// DOMAIN.md "Audit trail": admins filter the global log by actor, org unit, kind and time, page after page.
// A page must read about a page of rows whatever the log holds after its matches. On the bench's seeded
// log the page of one common event type walked the primary key back past 122,751 newer events of other
// types, because PostgreSQL dropped the constant type from the order; these tests build that shape
// (a type that is a third of the log, none of it in the newest third) and check both the rows and how
// many rows the plan read to find them.

const UNITS = ['ou-a', 'ou-b'];
const N = 30_000;

/** Row i (1-based): the first two thirds alternate Old/Other, the last third New1/New2; then 3,000 reads. */
function typeOf(i: number): string {
  if (i > N) return 'AuditRead';
  return i <= (2 * N) / 3 ? (i % 2 ? 'Other' : 'Old') : i % 2 ? 'New2' : 'New1';
}

describe('audit log page plans (real PostgreSQL)', () => {
  let db: TestDatabase;
  const directory = { displayNames: async () => new Map<string, string>() };

  beforeAll(async () => {
    db = await createPostgresTestDatabase(2);
    await auditLogProjection.setup(db.pool);
    await db.pool.query(
      `INSERT INTO audit_log
       SELECT i / 5, i, gen_random_uuid(), s || '-x' || (i % 100), i, s, 'x' || (i % 100), NULL, t,
              'u-' || (i % 7), 'admin', CASE WHEN i % 3 = 0 THEN 'ou-b' ELSE 'ou-a' END, 'ou-a', 'c', 'c', 'c',
              NULL, timestamptz '2026-01-01' + i * interval '1 minute'
         FROM generate_series(1, $1::int + 3000) AS i,
              LATERAL (SELECT CASE WHEN i > $1 THEN 'AuditRead'
                                   WHEN i <= $1 * 2 / 3 THEN CASE WHEN i % 2 = 1 THEN 'Other' ELSE 'Old' END
                                   ELSE CASE WHEN i % 2 = 1 THEN 'New2' ELSE 'New1' END END AS t) AS ty,
              LATERAL (SELECT CASE WHEN i > $1 THEN 'auditlog' ELSE 'teacher' END AS s) AS st`,
      [N],
    );
    await db.pool.query('ANALYZE audit_log');
  }, 120_000);

  afterAll(async () => {
    await db?.drop();
  });

  /** The positions (seq) a filter matches, in page order, as the log itself holds them. */
  function expected(f: AuditFilter, units: string[], order: 'asc' | 'desc', after?: number): number[] {
    const out: number[] = [];
    for (let i = 1; i <= N + 3000; i++) {
      const unit = i % 3 === 0 ? 'ou-b' : 'ou-a';
      if (!units.includes(unit) || i > N) continue; // the reads are left out by default
      if (f.eventTypes && !f.eventTypes.includes(typeOf(i))) continue;
      if (f.actorId && f.actorId !== `u-${i % 7}`) continue;
      out.push(i);
    }
    if (order === 'desc') out.reverse();
    return after === undefined ? out : out.filter((i) => (order === 'desc' ? i < after : i > after));
  }

  /** Rows the plan's scans read and threw away: a page should read about a page. */
  async function rowsRemoved(f: AuditFilter, units: string[], page: AuditPage): Promise<number> {
    const q = auditPageQuery(f, units, page);
    const res = await db.pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${q.text}`,
      q.values,
    );
    interface PlanNode {
      'Rows Removed by Filter'?: number;
      Plans?: PlanNode[];
    }
    const sum = (n: PlanNode): number =>
      (n['Rows Removed by Filter'] ?? 0) + (n.Plans ?? []).reduce((s, c) => s + sum(c), 0);
    return sum(res.rows[0]!['QUERY PLAN'][0].Plan);
  }

  const cursorOf = (i: number) => ({ tx: BigInt(Math.floor(i / 5)), seq: BigInt(i) });

  // `bounded`: whether the page must read about a page. One unit and one type: the unit leads
  // (leadingColumn's order), and here every newer row of that unit is of other types, so that page
  // still reads back through them — the rows must be right all the same.
  it.each([
    ['one common type, none of it recent', { eventTypes: ['Old'] }, UNITS, true],
    ['the same with one unit', { eventTypes: ['Old'] }, ['ou-b'], false],
    ['two types, both old, across units', { eventTypes: ['Old', 'Other'] }, UNITS, true],
    ['an old and a recent type, one named twice', { eventTypes: ['Old', 'New1', 'Old'] }, UNITS, true],
    ['one actor and two types', { actorId: 'u-3', eventTypes: ['Old', 'New2'] }, UNITS, true],
  ] as [string, AuditFilter, string[], boolean][])('%s: the expected rows', async (_, f, units, bounded) => {
    for (const order of ['desc', 'asc'] as const) {
      const all = expected(f, units, order);
      expect(all.length).toBeGreaterThan(200);
      // The first page, then a page from a cursor in the middle of the matches.
      const first = await readAuditLog(db.pool, directory, f, units, { limit: 50, order });
      expect(first.items.map((e) => Number(e.position.split('.')[1]))).toEqual(all.slice(0, 50));
      expect(first.nextCursor).toBe(`${Math.floor(all[49]! / 5)}.${all[49]}`);
      const mid = all[Math.floor(all.length / 2)]!;
      const next = await readAuditLog(db.pool, directory, f, units, {
        limit: 50,
        order,
        cursor: cursorOf(mid),
      });
      expect(next.items.map((e) => Number(e.position.split('.')[1]))).toEqual(
        expected(f, units, order, mid).slice(0, 50),
      );
      if (!bounded) continue;
      // Walking the primary key instead threw away ~10,000 newer rows of other types (or ~3,000 reads).
      expect(await rowsRemoved(f, units, { limit: 50, order })).toBeLessThan(500);
      expect(await rowsRemoved(f, units, { limit: 50, order, cursor: cursorOf(mid) })).toBeLessThan(500);
    }
  });

  it('a page with no single-valued filter skips the reads piled at the head of the log', async () => {
    const page = await readAuditLog(db.pool, directory, {}, UNITS, { limit: 50, order: 'desc' });
    expect(page.items.map((e) => Number(e.position.split('.')[1]))).toEqual(
      expected({}, UNITS, 'desc').slice(0, 50),
    );
    expect(await rowsRemoved({}, UNITS, { limit: 50, order: 'desc' })).toBeLessThan(500);
  });
});
