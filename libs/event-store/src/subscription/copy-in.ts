import type pg from 'pg';
import type { SqlExecutor } from './projection.js';

/**
 * Sends `data` (COPY text format) for `COPY … FROM STDIN` on `client`, in the client's query queue like
 * any query. node-postgres answers the server's CopyInResponse with CopyFail unless the query object
 * handles it, so this is a query object of its own (what pg-copy-streams does, without a stream: the
 * rebuild has each batch's rows in memory already). A rebuild loads its scratch tables so: the server
 * reads COPY text in well under half the time of the same rows as a parameter (BENCHMARKS.md, P1).
 */
export function copyIn(client: pg.ClientBase, text: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed: unknown = null;
    const copy = {
      submit(connection: CopyConnection) {
        // The rows follow the statement at once, in one CopyData message (the server takes up to 1 GB: a
        // batch's rows are a few megabytes), rather than after the server's CopyInResponse: a round trip
        // less per load. Should the statement fail before the copy starts, the server ignores the data
        // that follows (its main loop drops CopyData and CopyDone, as the protocol lets a client still
        // sending after a failed COPY).
        connection.query(text);
        connection.sendCopyFromChunk(data);
        connection.endCopyFrom();
      },
      handleCopyInResponse() {},
      handleError(err: unknown) {
        // An error reply is followed by ReadyForQuery, a lost connection is not: settle now either way.
        failed = err;
        reject(err as Error);
      },
      handleReadyForQuery() {
        if (!failed) resolve();
      },
      handleCommandComplete() {},
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handleCopyData() {},
      handlePortalSuspended() {},
    };
    void client.query(copy as unknown as pg.QueryConfig);
  });
}

interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * Whether `db`'s server takes COPY FROM STDIN from a client: PostgreSQL itself does; the embedded
 * PGlite behind its wire-protocol gateway is not asked to (its COPY reads files of its own, /dev/blob).
 */
export async function takesCopyIn(db: SqlExecutor): Promise<boolean> {
  const res = await db.query<{ v: string }>('SELECT version() AS v');
  return !/PGlite/i.test(res.rows[0]?.v ?? '');
}
