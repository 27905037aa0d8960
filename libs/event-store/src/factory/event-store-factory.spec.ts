import pg from 'pg';
import { PostgresEventStore } from '../postgres/postgres-event-store.js';
import { KurrentEventStore } from '../kurrentdb/kurrentdb-event-store.js';
import {
  createEventStore,
  eventStoreConfig,
  EventStoreConfigError,
  kurrentDbUrlProblems,
  NotOnKurrentDbError,
  requirePostgresLog,
} from './event-store-factory.js';

const PG = 'postgres://u@db:5432/app';
const KURRENT = 'kurrentdb://kurrentdb:2113?tls=false';

describe('choosing the event store from configuration', () => {
  it('is the embedded PGlite when neither DATABASE_URL nor KURRENTDB_URL is set', () => {
    expect(eventStoreConfig({ databaseUrl: null, kurrentdbUrl: null })).toEqual({ adapter: 'pglite' });
  });

  it('is PostgreSQL with DATABASE_URL', () => {
    expect(eventStoreConfig({ databaseUrl: PG, kurrentdbUrl: null })).toEqual({ adapter: 'postgres' });
  });

  it('is KurrentDB with KURRENTDB_URL, read models in the embedded PGlite without DATABASE_URL', () => {
    expect(eventStoreConfig({ databaseUrl: null, kurrentdbUrl: KURRENT })).toEqual({
      adapter: 'kurrentdb',
      url: KURRENT,
      readModels: 'pglite',
    });
  });

  it('puts the log in KurrentDB when both are set; DATABASE_URL then only holds the read models', () => {
    expect(eventStoreConfig({ databaseUrl: PG, kurrentdbUrl: KURRENT })).toEqual({
      adapter: 'kurrentdb',
      url: KURRENT,
      readModels: 'postgres',
    });
  });

  it.each([
    'kurrentdb://127.0.0.1:2113?tls=false',
    'kurrentdb+discover://node1:2113,node2:2113,node3:2113?tls=true',
    'kurrentdb://admin:changeit@kurrentdb:2113',
    'kurrent://h',
    'kdb://[::1]:2113?tls=false',
    'esdb://old-name:2113?tls=false',
  ])('accepts the connection string %s', (url) => {
    expect(kurrentDbUrlProblems(url)).toEqual([]);
    expect(eventStoreConfig({ databaseUrl: null, kurrentdbUrl: url }).adapter).toBe('kurrentdb');
  });

  it.each([
    'http://kurrentdb:2113',
    'postgres://u@db:5432/app',
    'kurrentdb://',
    'kurrentdb://host:99999',
    'kurrentdb://host:port',
    'kurrentdb://a:2113,,b:2113',
    'kurrentdb://host/path',
    'localhost:2113',
  ])('refuses the malformed KURRENTDB_URL %s, naming the variable', (url) => {
    expect(kurrentDbUrlProblems(url)).toHaveLength(1);
    expect(() => eventStoreConfig({ databaseUrl: PG, kurrentdbUrl: url })).toThrow(EventStoreConfigError);
    expect(() => eventStoreConfig({ databaseUrl: PG, kurrentdbUrl: url })).toThrow(/^KURRENTDB_URL: /);
  });

  it('never repeats the value in its message (it may carry a password)', () => {
    const url = 'kurrentdb://admin:s3cret-pw@host:notaport';
    expect(() => eventStoreConfig({ databaseUrl: null, kurrentdbUrl: url })).toThrow(EventStoreConfigError);
    try {
      eventStoreConfig({ databaseUrl: null, kurrentdbUrl: url });
    } catch (err) {
      expect((err as Error).message).not.toContain('s3cret-pw');
    }
  });
});

describe('createEventStore', () => {
  // A pool that is never asked anything: node-postgres connects on the first query only.
  let pool: pg.Pool;
  beforeEach(() => {
    pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
  });
  afterEach(async () => {
    await pool.end();
  });

  it.each(['pglite', 'postgres'] as const)(
    'on %s builds the node-postgres adapter on the given pool, and its SQL features may use that pool',
    async (adapter) => {
      const log = await createEventStore({ adapter }, pool);
      expect(log.adapter).toBe(adapter);
      expect(log.store).toBeInstanceOf(PostgresEventStore);
      expect(log.postgresLog('a backup')).toBe(pool);
      await log.close();
    },
  );

  it('on KurrentDB builds the KurrentDB adapter, and refuses the SQL features by name', async () => {
    const log = await createEventStore(eventStoreConfig({ databaseUrl: PG, kurrentdbUrl: KURRENT }), pool);
    try {
      expect(log.adapter).toBe('kurrentdb');
      expect(log.store).toBeInstanceOf(KurrentEventStore);
      expect(() => log.postgresLog('The hash-chain check')).toThrow(NotOnKurrentDbError);
      expect(() => log.postgresLog('The hash-chain check')).toThrow(
        /^The hash-chain check is not available with KURRENTDB_URL set/,
      );
    } finally {
      await log.close();
    }
  });

  it('answers a clear error when the KurrentDB client refuses a string the syntax check let through', async () => {
    const url = 'kurrentdb://admin:s3cret-pw@host:2113?tls=maybe';
    expect(kurrentDbUrlProblems(url)).toEqual([]);
    const opening = createEventStore({ adapter: 'kurrentdb', url, readModels: 'postgres' }, pool);
    await expect(opening).rejects.toThrow(EventStoreConfigError);
    await expect(opening).rejects.toThrow(/^KURRENTDB_URL: the KurrentDB client refused/);
    await expect(opening).rejects.not.toThrow(/s3cret-pw/);
  });
});

describe('requirePostgresLog', () => {
  it('lets a command run when the log is in PostgreSQL or PGlite', () => {
    expect(() =>
      requirePostgresLog({ databaseUrl: null, kurrentdbUrl: null }, '`npm run backup`'),
    ).not.toThrow();
    expect(() =>
      requirePostgresLog({ databaseUrl: PG, kurrentdbUrl: null }, '`npm run backup`'),
    ).not.toThrow();
  });

  it('refuses it, naming it, when the log is in KurrentDB', () => {
    expect(() => requirePostgresLog({ databaseUrl: PG, kurrentdbUrl: KURRENT }, '`npm run backup`')).toThrow(
      /^`npm run backup` is not available with KURRENTDB_URL set/,
    );
  });
});
