import type pg from 'pg';
import type { RecordedEvent } from '../event-store.port.js';
import { copyIn, takesCopyIn } from '../subscription/copy-in.js';
import { applyEvents, readRowTypes, type Projection, type SqlExecutor } from '../subscription/projection.js';

/**
 * Builds a projection's tables in a new schema from `batches` (each applied as the runner applies one
 * batch), then reads them with `read`: how a spec compares one-at-a-time, one-batch and uneven-batch
 * builds of the same events (BENCHMARKS.md: projections that fold a batch must not depend on its bounds),
 * and the live runner's writes with a rebuild's.
 */
export async function buildInSchema<T>(
  pool: pg.Pool,
  projection: Projection,
  schema: string,
  batches: readonly (readonly RecordedEvent[])[],
  read: (db: SqlExecutor) => Promise<T>,
  options: { asRebuilt?: boolean } = {},
): Promise<T> {
  await pool.query(`CREATE SCHEMA ${schema}`);
  const client = await pool.connect();
  try {
    await client.query(`SET search_path TO ${schema}`);
    await projection.setup(client);
    // asRebuilt: written as a rebuild writes its scratch tables (bound, rows as the tables' row type,
    // plain inserts by COPY where the server takes it).
    const rebuilt = options.asRebuilt
      ? {
          bound: true,
          rowTypes: await readRowTypes(client, schema, projection.tables),
          ...((await takesCopyIn(client)) && {
            copy: (text: string, data: Buffer) => copyIn(client, text, data),
          }),
        }
      : {};
    for (const batch of batches) await applyEvents(projection, batch, client, undefined, rebuilt);
    return await read(client);
  } finally {
    await client.query('SET search_path TO public');
    client.release();
  }
}
