import { TimerQueue, type ReviewTimer } from '#libs/deadlines';
import { createPgliteTestDatabase, type TestDatabase } from '#testing/platform';

// The embedded default (no DATABASE_URL, no REDIS_URL): BullMQ's PostgreSQL backend on PGlite behind the
// product's gateway, whose one shared session ignores BullMQ's per-connection search_path
// (ARCHITECTURE.md "Stores"). Timers must still be scheduled once and fire, and the product's own
// tables must still resolve in `public`.
describe('timers on the embedded PGlite', () => {
  let db: TestDatabase;
  let queue: TimerQueue | null = null;

  beforeAll(async () => {
    db = await createPgliteTestDatabase();
    await db.pool.query('CREATE TABLE product_table (x int)');
  });
  afterAll(async () => {
    await queue?.close();
    await db?.drop();
  });

  it('schedules once, fires, and leaves the product’s search_path working', async () => {
    queue = await TimerQueue.open({
      redisUrl: null,
      databaseUrl: db.url,
      nodeEnv: 'test',
      sharedSession: true,
    });
    expect(queue.backend).toBe('postgres');
    const timer: ReviewTimer = {
      kind: 'review-due',
      applicationId: 'app-1',
      reviewerId: 'rev-1',
      revision: 1,
      dueAt: '2026-09-15T08:00:00.000Z',
      fireAt: new Date(Date.now() + 300).toISOString(),
      at: 'due',
      orgUnit: 'city-1',
      chairId: null,
      correlationId: 'c-1',
    };
    const id = await queue.schedule(timer, new Date());
    expect(await queue.schedule(timer, new Date())).toBe(id);
    expect((await queue.counts()).delayed).toBe(1);
    const fired: string[] = [];
    queue.startWorker(async (_t, job) => {
      fired.push(job.id);
    });
    const end = Date.now() + 10_000;
    while ((await queue.state(id)) !== 'completed' && Date.now() < end)
      await new Promise((r) => setTimeout(r, 50));
    expect(fired).toEqual([id]);
    // The product's unqualified names still resolve in public, and new tables still go there.
    expect((await db.pool.query('SELECT count(*)::int AS n FROM product_table')).rows[0].n).toBe(0);
    await db.pool.query('CREATE TABLE another_product_table (x int)');
    const where = await db.pool.query(
      `SELECT table_schema FROM information_schema.tables WHERE table_name = 'another_product_table'`,
    );
    expect(where.rows).toEqual([{ table_schema: 'public' }]);
  }, 60_000);
});
