import type { RecordedEvent } from '../event-store.port.js';

/** The slice of node-postgres a projection needs: run a statement inside the runner's transaction. */
export interface SqlExecutor {
  query<R extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    params?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
}

/**
 * A read model kept in PostgreSQL tables. `setup` creates its tables with unqualified names (the runner
 * sets search_path, so a rebuild can build them in a fresh schema); `apply` folds one event in. Both run
 * inside the runner's transaction, which also stores the checkpoint: an event is applied exactly once.
 */
export interface Projection {
  /** Checkpoint name; also names the projection in logs and in the rebuild command. */
  readonly name: string;
  /** Tables this projection owns (unqualified). The rebuild swaps exactly these. */
  readonly tables: readonly string[];
  /** Event types it cares about; absent means all. Others still advance its checkpoint. */
  readonly eventTypes?: readonly string[];
  setup(db: SqlExecutor): Promise<void>;
  apply(event: RecordedEvent, db: SqlExecutor): Promise<void>;
}
