import { hasSessionPerConnection, migrate, PostgresEventStore } from '#libs/event-store';
import { testEvent } from '#testing/event-store';
import type { AppConfig } from '../config/config.js';
import {
  createPgliteTestDatabase,
  createPostgresTestDatabase,
  type TestDatabase,
} from '../testing/test-database.js';
import { openDatabase, type Database } from './open-database.js';

// DATABASE_URL leads to PostgreSQL in production, but the suites also run the product on an embedded
// PGlite's gateway through it; only the first may have the command path's statements named
// (prepared-statements.ts), since the gateway's clients share one session.
describe('openDatabase at DATABASE_URL: named statements only on a real server', () => {
  const opened: Database[] = [];
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of opened) await d.close();
    for (const d of dbs) await d.drop();
  });

  async function openAt(db: TestDatabase): Promise<Database> {
    dbs.push(db);
    const config = { databaseUrl: db.url, dbPoolSize: 4 } as AppConfig;
    const d = await openDatabase(config, { role: 'owner' });
    opened.push(d);
    return d;
  }

  /** Whether the pool names its statements, once the probe sent at open has had time to answer. */
  async function settled(d: Database): Promise<boolean> {
    const named = (): boolean => hasSessionPerConnection(d.pool as object);
    for (let i = 0; i < 50 && !named(); i++) {
      await d.pool.query('SELECT 1');
      await new Promise((r) => setTimeout(r, 20));
    }
    return named();
  }

  it('names them on PostgreSQL', async () => {
    const d = await openAt(await createPostgresTestDatabase(2));
    expect(await settled(d)).toBe(true);
  });

  it('leaves them unnamed on the PGlite gateway, where concurrent commands still read and append', async () => {
    const d = await openAt(await createPgliteTestDatabase(2));
    expect(await settled(d)).toBe(false);
    await migrate(d.pool);
    const store = new PostgresEventStore(d.pool);
    // Several connections reading streams at once: with a named statement each would Parse the same
    // name in the one shared session, and all but the first would fail with "already exists".
    await Promise.all(
      Array.from({ length: 4 }, async (_, i) => {
        const stream = `thing-${i}`;
        await store.append(stream, 'no_stream', [testEvent('ThingMade', { i })]);
        expect((await store.readStream(stream)).length).toBe(1);
      }),
    );
  });
});
