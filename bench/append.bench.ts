import { randomUUID } from 'node:crypto';
import { migrate, PostgresEventStore, type NewEvent } from '#libs/event-store';
import { createBenchDatabase, fmt, pgbench, ratio, ratioShort, shortOf, type Row } from './support.js';

const event = (i: number): NewEvent => ({
  id: randomUUID(),
  type: 'BenchRecorded',
  schemaVersion: 1,
  data: { i, note: 'a small payload, like a review comment' },
  metadata: {
    actorId: 'bench',
    actorRole: 'system',
    orgUnit: 'bench',
    correlationId: randomUUID(),
    causationId: 'bench',
    commandId: randomUUID(),
    recordedAt: new Date().toISOString(),
  },
});

/** Appends for `seconds` with `writers` concurrent writers, `perCommit` events per append; commits/s. */
async function appendRate(
  store: PostgresEventStore,
  writers: number,
  perCommit: number,
  seconds: number,
): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
  let commits = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      // Each writer extends its own streams with an exact expected version, as a command handler does.
      let stream = `bench-${w}-${randomUUID()}`;
      let version = 0;
      while (Date.now() < deadline) {
        const events = Array.from({ length: perCommit }, (_, i) => event(i));
        await store.append(stream, version === 0 ? 'no_stream' : version, events);
        version += perCommit;
        commits++;
        if (version >= 1000) {
          stream = `bench-${w}-${randomUUID()}`;
          version = 0;
        }
      }
    }),
  );
  return commits / seconds;
}

/**
 * A1–A3: appends through the PostgreSQL adapter (es_append: idempotency, expected version, hash chain,
 * stream head) against pgbench inserting rows of the same size into a plain table, same server, same run.
 */
export async function appendBenchmarks(opts: { seconds: number }): Promise<Row[]> {
  const db = await createBenchDatabase(40);
  try {
    await migrate(db.pool);
    await db.pool.query(
      `CREATE TABLE raw_inserts (id uuid PRIMARY KEY, stream text NOT NULL, data jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    );
    const store = new PostgresEventStore(db.pool);
    const one = `INSERT INTO raw_inserts (id, stream, data) VALUES (gen_random_uuid(), 'raw', '{"i": 1, "note": "a small payload, like a review comment"}');\n`;
    const hundred = `INSERT INTO raw_inserts (id, stream, data) SELECT gen_random_uuid(), 'raw', jsonb_build_object('i', g, 'note', 'a small payload, like a review comment') FROM generate_series(1, 100) g;\n`;

    const rows: Row[] = [];
    const a1 = await appendRate(store, 1, 1, opts.seconds);
    const b1 = await pgbench(db.url, one, 1, opts.seconds);
    rows.push(row('A1', 'append one event per commit, 1 writer', a1, b1, 'commits/s', 0.8));
    const a2 = await appendRate(store, 32, 1, opts.seconds);
    const b2 = await pgbench(db.url, one, 32, opts.seconds);
    rows.push(row('A2', 'append one event per commit, 32 writers', a2, b2, 'commits/s', 0.6));
    const a3 = await appendRate(store, 1, 100, opts.seconds);
    const b3 = await pgbench(db.url, hundred, 1, opts.seconds);
    rows.push(row('A3', 'append 100 events per commit, 1 writer', a3, b3, 'commits/s', 0.5));
    return rows;
  } finally {
    await db.drop();
  }
}

function row(id: string, what: string, ours: number, base: number, unit: string, target: number): Row {
  return {
    id,
    what,
    figure: `${fmt(ours)} ${unit}`,
    baseline: `pgbench ${fmt(base)} tps`,
    ratio: ratio(ours, base),
    target: `≥ ${target}×`,
    met: base > 0 ? ours / base >= target : null,
    shortfall: shortOf(ratioShort(ours, base, target)),
  };
}

/** Shared with C1, whose baseline is A2's. */
export async function pgbench32(seconds: number): Promise<number> {
  const db = await createBenchDatabase(4);
  try {
    await db.pool.query(
      `CREATE TABLE raw_inserts (id uuid PRIMARY KEY, stream text NOT NULL, data jsonb NOT NULL)`,
    );
    return await pgbench(
      db.url,
      `INSERT INTO raw_inserts (id, stream, data) VALUES (gen_random_uuid(), 'raw', '{"i": 1}');\n`,
      32,
      seconds,
    );
  } finally {
    await db.drop();
  }
}
