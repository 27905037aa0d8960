import type pg from 'pg';

/**
 * Pools whose every connection is a PostgreSQL session of its own (a server at DATABASE_URL), marked by
 * whoever opened them. Only there may a statement be named: PostgreSQL then parses and plans it once
 * per connection instead of at every execution — for the statements every command sends (a stream's
 * read, the append, the session check), parse and plan were about a third of the server's CPU per
 * command (BENCHMARKS.md C1). The embedded PGlite's gateway gives all its clients one session, where a
 * second client's Parse of a name the first one prepared would fail: its pools are never marked.
 */
const sessionPerConnection = new WeakSet<pg.Pool>();

/** Marks `pool` as one whose connections are sessions of their own (see `statement`). */
export function markSessionPerConnection(pool: pg.Pool): pg.Pool {
  sessionPerConnection.add(pool);
  return pool;
}

/** Whether `db` is a pool marked so (a transaction's client, or anything else, is not). */
export function hasSessionPerConnection(db: object): db is pg.Pool {
  return sessionPerConnection.has(db as pg.Pool);
}

/**
 * A query for `pool`: named (prepared once per connection) where its connections are sessions of their
 * own, plain otherwise. `name` must always go with the same `text`: node-postgres refuses a name reused
 * for another text.
 */
export function statement(pool: pg.Pool, name: string, text: string, values: unknown[]): pg.QueryConfig {
  return sessionPerConnection.has(pool) ? { name, text, values } : { text, values };
}

/**
 * A column for another statement (the session check): the head of the stream named by `param` — its
 * version and last hash as `<version>:<hex>`, null when the log holds no such stream. `streams` is moved
 * by es_append in the transaction that writes the events, so an unchanged head means unchanged events.
 */
export function streamHeadColumn(param: string): string {
  return `(SELECT st.version || ':' || encode(st.last_hash, 'hex') FROM streams st WHERE st.stream_id = ${param})`;
}
