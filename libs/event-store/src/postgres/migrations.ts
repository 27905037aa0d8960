import type pg from 'pg';

/**
 * Schema migrations for the event store, run on every start. Each step is idempotent and recorded in
 * `schema_migrations`; a transaction-scoped advisory lock keeps two processes starting at once from
 * running the same step twice.
 */
export interface Migration {
  id: string;
  sql: string;
}

/**
 * Why appends lock their streams with advisory locks before anything else. A subscription reads the log
 * in (tx_id, seq) order, and a stream's events must come in version order. A transaction has its id
 * from its first write, a row lock included; es_append_many locks several stream rows, so it could take
 * its id on its first stream, then wait for another stream's row behind a later transaction (whose id
 * is higher) and append after it: version 2 of that stream would then sort before version 1 (seen in
 * the concurrency suite). Both functions first take an advisory lock per stream (class 727275, the
 * stream id's hash), which gives a transaction no id, and write only once they hold all of theirs: a
 * transaction that wrote a stream before us has committed before we hold its lock, so its id is lower.
 */
const ES_APPEND = `
      -- Append with an expected version in one round trip. p_expected: -1 any, -2 no stream yet,
      -- -3 stream must exist, >= 0 exactly that version (0 means the same as no stream yet). Chain hash: sha256(previous chain hash of the
      -- stream || version as 8 bytes big-endian || content hash); the first event chains to 32 zero bytes.
      CREATE OR REPLACE FUNCTION es_append(
        p_stream text, p_category text, p_expected bigint,
        p_ids uuid[], p_types text[], p_schema_versions integer[],
        p_data jsonb[], p_metadata jsonb[], p_recorded_at timestamptz[], p_content_hashes bytea[]
      ) RETURNS TABLE (out_version bigint, out_tx bigint, out_seq bigint, out_duplicate boolean)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_current bigint;
        v_hash bytea;
        v_n integer := cardinality(p_ids);
        v_existing integer;
        v_same_stream integer;
        v_seq bigint;
        i integer;
      BEGIN
        -- Idempotency: the same event ids appended again return the first result and write nothing.
        SELECT count(*), count(*) FILTER (WHERE e.stream_id = p_stream)
          INTO v_existing, v_same_stream
          FROM events e WHERE e.event_id = ANY (p_ids);
        IF v_existing > 0 THEN
          IF v_existing = v_n AND v_same_stream = v_n THEN
            RETURN QUERY SELECT max(e.version), (array_agg(e.tx_id ORDER BY e.seq DESC))[1], max(e.seq), true
              FROM events e WHERE e.event_id = ANY (p_ids);
            RETURN;
          END IF;
          RAISE EXCEPTION 'duplicate event ids' USING ERRCODE = 'ESDUP';
        END IF;

        -- The stream's lock before the transaction has an id (STREAM_LOCKS below).
        PERFORM pg_advisory_xact_lock(727275, hashtext(p_stream));
        SELECT s.version, s.last_hash INTO v_current, v_hash FROM streams s WHERE s.stream_id = p_stream FOR UPDATE;
        IF NOT FOUND THEN
          IF p_expected >= 1 OR p_expected = -3 THEN
            RAISE EXCEPTION 'wrong expected version' USING ERRCODE = 'ESWEV', DETAIL = 'none';
          END IF;
          INSERT INTO streams (stream_id, category, version, last_hash)
            VALUES (p_stream, p_category, 0, decode(repeat('00', 32), 'hex'))
            ON CONFLICT (stream_id) DO NOTHING;
          IF NOT FOUND THEN
            -- Another writer created it between our look and our insert.
            IF p_expected = -1 THEN
              SELECT s.version, s.last_hash INTO v_current, v_hash FROM streams s WHERE s.stream_id = p_stream FOR UPDATE;
            ELSE
              RAISE EXCEPTION 'wrong expected version' USING ERRCODE = 'ESWEV', DETAIL = 'race';
            END IF;
          ELSE
            v_current := 0;
            v_hash := decode(repeat('00', 32), 'hex');
          END IF;
        ELSIF p_expected = -2 OR (p_expected >= 0 AND p_expected <> v_current) THEN
          RAISE EXCEPTION 'wrong expected version' USING ERRCODE = 'ESWEV', DETAIL = v_current::text;
        END IF;

        FOR i IN 1 .. v_n LOOP
          v_current := v_current + 1;
          v_hash := sha256(v_hash || int8send(v_current) || p_content_hashes[i]);
          INSERT INTO events (stream_id, version, event_id, type, schema_version, data, metadata, recorded_at,
                              content_hash, chain_hash)
            VALUES (p_stream, v_current, p_ids[i], p_types[i], p_schema_versions[i], p_data[i], p_metadata[i],
                    p_recorded_at[i], p_content_hashes[i], v_hash)
            RETURNING seq INTO v_seq;
        END LOOP;

        UPDATE streams SET version = v_current, last_hash = v_hash, updated_at = now() WHERE stream_id = p_stream;
        RETURN QUERY SELECT v_current, pg_current_xact_id()::text::bigint, v_seq, false;
      END
      $fn$;
`;

const ES_APPEND_MANY = `
      CREATE OR REPLACE FUNCTION es_append_many(
        p_streams text[], p_categories text[], p_expected bigint[], p_counts integer[],
        p_ids uuid[], p_types text[], p_schema_versions integer[],
        p_data jsonb[], p_metadata jsonb[], p_recorded_at timestamptz[], p_content_hashes bytea[]
      ) RETURNS TABLE (out_i integer, out_ok boolean, out_version bigint, out_tx bigint, out_seq bigint)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_zero bytea := decode(repeat('00', 32), 'hex');
        v_tx bigint;
        v_sorted text[];
        v_versions bigint[] := '{}';
        v_hashes bytea[] := '{}';
        v_exists boolean[] := '{}';
        v_created boolean[] := '{}';
        v_dirty boolean[] := '{}';
        v_current bigint;
        v_hash bytea;
        v_seq bigint;
        v_first integer := 1;
        v_expected bigint;
        j integer;
        k integer;
        i integer;
      BEGIN
        SELECT array_agg(DISTINCT s ORDER BY s) INTO v_sorted FROM unnest(p_streams) s;
        -- Every stream's lock before the transaction has an id (STREAM_LOCKS below), taken in the order of
        -- the keys so that two batches cannot deadlock on them; a key shared by two streams is taken twice.
        PERFORM pg_advisory_xact_lock(727275, keys.lock_key)
           FROM (SELECT hashtext(s) AS lock_key FROM unnest(v_sorted) s ORDER BY 1) keys;
        FOR j IN 1 .. cardinality(v_sorted) LOOP
          SELECT s.version, s.last_hash INTO v_current, v_hash FROM streams s WHERE s.stream_id = v_sorted[j] FOR UPDATE;
          v_exists[j] := FOUND;
          v_created[j] := false;
          IF NOT FOUND THEN
            -- A head at version 0 holds the place (and the lock) of a stream none of the batch may end
            -- up creating; it is removed again below if so.
            INSERT INTO streams (stream_id, category, version, last_hash)
              VALUES (v_sorted[j], p_categories[array_position(p_streams, v_sorted[j])], 0, v_zero)
              ON CONFLICT (stream_id) DO NOTHING;
            IF FOUND THEN
              v_created[j] := true;
              v_current := 0;
              v_hash := v_zero;
            ELSE
              -- Another writer created it meanwhile (and has committed): it exists now.
              SELECT s.version, s.last_hash INTO v_current, v_hash FROM streams s WHERE s.stream_id = v_sorted[j] FOR UPDATE;
              v_exists[j] := true;
            END IF;
          END IF;
          v_versions[j] := v_current;
          v_hashes[j] := v_hash;
          v_dirty[j] := false;
        END LOOP;

        FOR k IN 1 .. cardinality(p_streams) LOOP
          j := array_position(v_sorted, p_streams[k]);
          v_expected := p_expected[k];
          -- es_append's rule: -1 any, -2 no stream yet, -3 stream must exist, >= 0 exactly that version.
          IF (NOT v_exists[j] AND (v_expected >= 1 OR v_expected = -3))
             OR (v_exists[j] AND (v_expected = -2 OR (v_expected >= 0 AND v_expected <> v_versions[j]))) THEN
            RETURN QUERY SELECT k, false, NULL::bigint, NULL::bigint, NULL::bigint;
          ELSE
            v_current := v_versions[j];
            v_hash := v_hashes[j];
            FOR i IN v_first .. v_first + p_counts[k] - 1 LOOP
              v_current := v_current + 1;
              v_hash := sha256(v_hash || int8send(v_current) || p_content_hashes[i]);
              INSERT INTO events (stream_id, version, event_id, type, schema_version, data, metadata, recorded_at,
                                  content_hash, chain_hash)
                VALUES (p_streams[k], v_current, p_ids[i], p_types[i], p_schema_versions[i], p_data[i], p_metadata[i],
                        p_recorded_at[i], p_content_hashes[i], v_hash)
                RETURNING seq INTO v_seq;
            END LOOP;
            v_versions[j] := v_current;
            v_hashes[j] := v_hash;
            v_exists[j] := true;
            v_dirty[j] := true;
            v_tx := pg_current_xact_id()::text::bigint;
            RETURN QUERY SELECT k, true, v_current, v_tx, v_seq;
          END IF;
          v_first := v_first + p_counts[k];
        END LOOP;

        FOR j IN 1 .. cardinality(v_sorted) LOOP
          IF v_dirty[j] THEN
            UPDATE streams SET version = v_versions[j], last_hash = v_hashes[j], updated_at = now()
             WHERE stream_id = v_sorted[j];
          ELSIF v_created[j] THEN
            DELETE FROM streams WHERE stream_id = v_sorted[j];
          END IF;
        END LOOP;
      END
      $fn$;
`;

export const EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    id: '0001_event_store',
    sql: `
      CREATE TABLE IF NOT EXISTS streams (
        stream_id   text PRIMARY KEY,
        category    text NOT NULL,
        version     bigint NOT NULL CHECK (version >= 0),
        last_hash   bytea NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      );

      -- One row per event. Global order is (tx_id, seq): seq comes from a sequence, so it is handed
      -- out before commit and two transactions can commit out of seq order; tx_id lets a reader wait
      -- for every older transaction to finish before it reads past it (SETTLED in the adapter).
      -- tx_id is the 64-bit transaction id (pg_current_xact_id) kept as a plain bigint: it compares and
      -- sorts like any number and needs no casts in queries or parameters.
      CREATE TABLE IF NOT EXISTS events (
        seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tx_id           bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
        stream_id       text NOT NULL,
        version         bigint NOT NULL CHECK (version >= 1),
        event_id        uuid NOT NULL,
        type            text NOT NULL,
        schema_version  integer NOT NULL,
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL,
        recorded_at     timestamptz NOT NULL,
        content_hash    bytea NOT NULL,
        chain_hash      bytea NOT NULL,
        CONSTRAINT events_stream_version UNIQUE (stream_id, version),
        CONSTRAINT events_event_id UNIQUE (event_id)
      );
      CREATE INDEX IF NOT EXISTS events_global_order ON events (tx_id, seq);
      CREATE INDEX IF NOT EXISTS events_type_order ON events (type, tx_id, seq);

      -- Durable positions of subscriptions; a projection writes its own row in the same transaction
      -- as its read-model changes, so an event is applied exactly once.
      CREATE TABLE IF NOT EXISTS subscription_checkpoints (
        name        text PRIMARY KEY,
        tx_id       bigint NOT NULL DEFAULT 0,
        seq         bigint NOT NULL DEFAULT 0,
        updated_at  timestamptz NOT NULL DEFAULT now()
      );

${ES_APPEND}    `,
  },
  {
    // The event types each projection folds (NULL: all), kept beside its checkpoint: a projection that
    // skips the checkpoint writes of batches it had nothing to do in (checkpointed-subscription.ts) is
    // still caught up, for a position waiter, with every position whose events it ignores.
    id: '0002_checkpoint_event_types',
    sql: `ALTER TABLE subscription_checkpoints ADD COLUMN IF NOT EXISTS event_types text[]`,
  },
  {
    // Group commit (postgres-event-store.ts): several appends, to the same or different streams, in one
    // statement and one transaction. Appends k = 1..n: p_counts[k] events each, flattened in order into
    // the event arrays. Each stream row is locked (or created) once, in stream id order, so two batches
    // touching the same streams cannot deadlock on them; then each append is checked against its own
    // expected version, in arrival order, as es_append checks it alone, and writes the same chain
    // (DOMAIN.md "Audit trail": tamper evidence). One row per append: out_ok false is a wrong expected
    // version, which writes nothing and fails no other append; the adapter answers it through es_append
    // alone. A retried event id is not looked for here: its insert fails the whole statement (unique
    // index), and the adapter then appends the batch one by one as alone, where a retry is answered.
    id: '0003_es_append_many',
    sql: `
${ES_APPEND_MANY}    `,
  },
  {
    // Folded states kept beside the log (EventStore.saveSnapshot), one per stream: a read starts after
    // the snapshot and folds only the events past it. chain_hash is that of the event at `version`, so a
    // snapshot is only used on the log it was folded from. `json`, not `jsonb`: the state comes back as
    // it was written (key order included), and nothing queries inside it. A cache: it may be emptied at
    // any time (TRUNCATE stream_snapshots), which costs longer folds until the reads write it again.
    id: '0004_stream_snapshots',
    sql: `
      CREATE TABLE IF NOT EXISTS stream_snapshots (
        stream_id   text PRIMARY KEY,
        tag         text NOT NULL,
        version     bigint NOT NULL CHECK (version >= 1),
        chain_hash  bytea NOT NULL,
        state       json NOT NULL,
        taken_at    timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    // Both append functions as they now are (ES_APPEND above): each takes its streams' locks before its
    // transaction has an id, so a stream's versions sort in order in the log. 0001 and 0003 create them
    // so too on a new database; this replaces the earlier bodies on one made before.
    id: '0005_stream_locks_before_tx_id',
    sql: ES_APPEND + ES_APPEND_MANY,
  },
];

export async function migrate(
  pool: pg.Pool,
  migrations: readonly Migration[] = EVENT_STORE_MIGRATIONS,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // One migrator at a time across processes; released at COMMIT.
    await client.query('SELECT pg_advisory_xact_lock(727274001)');
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set(
      (await client.query<{ id: string }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id),
    );
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (id) VALUES ($1)', [m.id]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
