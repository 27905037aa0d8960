import type pg from 'pg';
import type { RecordedEvent } from '../event-store.port.js';
import { applyEvents, type Projection, type SqlExecutor } from '../subscription/projection.js';

/**
 * Builds a projection's tables in a new schema from `batches` (each applied as the runner applies one
 * batch), then reads them with `read`: how a spec compares one-at-a-time, one-batch and uneven-batch
 * builds of the same events (BENCHMARKS.md: projections that fold a batch must not depend on its bounds).
 */
export async function buildInSchema<T>(
  pool: pg.Pool,
  projection: Projection,
  schema: string,
  batches: readonly (readonly RecordedEvent[])[],
  read: (db: SqlExecutor) => Promise<T>,
): Promise<T> {
  await pool.query(`CREATE SCHEMA ${schema}`);
  const client = await pool.connect();
  try {
    await client.query(`SET search_path TO ${schema}`);
    await projection.setup(client);
    for (const batch of batches) await applyEvents(projection, batch, client);
    return await read(client);
  } finally {
    await client.query('SET search_path TO public');
    client.release();
  }
}
