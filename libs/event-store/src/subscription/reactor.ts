import type pg from 'pg';
import type { LogPosition, RecordedEvent } from '../event-store.port.js';
import { DomainError } from '../decider/domain-error.js';
import { BatchLoop } from './batch-loop.js';
import type { AppendNews } from '../postgres/append-wakeup.js';
import {
  CHECKPOINT_EVERY_MS,
  concerns,
  readCheckpoint,
  readSettled,
  samePosition,
  writeTypedCheckpoint,
} from './checkpointed-subscription.js';

/**
 * A reactor turns recorded events into commands (a completion into hours, a sign-off into a tier).
 * Unlike a projection it cannot work inside the checkpoint's transaction: its commands append through
 * the normal command path, on other connections (and on the embedded default one transaction holds the
 * only session). So it runs at least once per event and relies on its commands being idempotent — each
 * reaction derives its command id from the event id, and the command runner stores a command once —
 * which makes it exactly once in effect. A reaction the rules refuse (a DomainError) is reported and
 * passed over; anything else (a database restart) stops the batch, to be retried.
 */
export interface Reactor {
  readonly name: string;
  readonly eventTypes: readonly string[];
  react(event: RecordedEvent): Promise<void>;
}

export interface ReactorOptions {
  batchSize?: number;
  pollIntervalMs?: number;
  /** Least time between the starts of two batches that found work (batch-loop.ts). Default 25 ms. */
  coalesceMs?: number;
  onRefused?: (err: DomainError, event: RecordedEvent, reactor: string) => void;
  onError?: (err: unknown, reactor: string) => void;
  /**
   * Where the next batch comes from; default the PostgreSQL `events` table (`readSettled`). The factory's
   * `EventLog.readBatch` reads whichever log the product runs on (event-store-factory.ts).
   */
  read?: (after: LogPosition, limit: number, types: readonly string[]) => Promise<RecordedEvent[]>;
}

export class ReactorSubscription {
  private readonly loop: BatchLoop;
  private readonly batchSize: number;

  constructor(
    private readonly pool: pg.Pool,
    readonly reactor: Reactor,
    private readonly options: ReactorOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 100;
    this.loop = new BatchLoop(() => this.runOnce(), {
      batchSize: this.batchSize,
      pollIntervalMs: options.pollIntervalMs ?? 100,
      coalesceMs: options.coalesceMs ?? 25,
      onError: (err) => this.options.onError?.(err, this.reactor.name),
      reached: () => this.reached,
    });
  }

  async setup(): Promise<void> {
    await this.pool.query(
      `INSERT INTO subscription_checkpoints (name, event_types) VALUES ($1, $2::text[])
         ON CONFLICT (name) DO UPDATE SET event_types = EXCLUDED.event_types`,
      [this.reactor.name, this.reactor.eventTypes],
    );
  }

  private turn: Promise<unknown> = Promise.resolve();
  /** The end of the last batch read (BatchLoop: has an announced position been read?). */
  private reached: LogPosition | null = null;
  /** Read past without moving the checkpoint, over events it ignores (as CheckpointedSubscription). */
  private skipped: { base: LogPosition; to: LogPosition } | null = null;
  private lastWrite = 0;

  private async checkpoint(p: LogPosition): Promise<void> {
    await writeTypedCheckpoint(this.pool, this.reactor.name, p, this.reactor.eventTypes);
    this.skipped = null;
    this.lastWrite = Date.now();
  }

  /**
   * React to one batch; returns how many events it consumed (0 when caught up). Batches of one
   * subscription never overlap in this process (the loop and an explicit catch-up take turns), so an
   * event is not reacted to twice at once here; across processes the idempotent commands make a second
   * reaction a no-op.
   */
  runOnce(): Promise<number> {
    const next = this.turn.then(() => this.batch());
    this.turn = next.catch(() => undefined);
    return next;
  }

  private async batch(): Promise<number> {
    const stored = await readCheckpoint(this.pool, this.reactor.name);
    if (this.skipped && !samePosition(this.skipped.base, stored)) this.skipped = null;
    const from = this.skipped?.to ?? stored;
    const events = this.options.read
      ? await this.options.read(from, this.batchSize, this.reactor.eventTypes)
      : await readSettled(this.pool, from, this.batchSize, this.reactor.eventTypes);
    for (const event of events) {
      if (!this.reactor.eventTypes.includes(event.type)) continue;
      try {
        await this.reactor.react(event);
      } catch (err) {
        if (!(err instanceof DomainError)) {
          // Keep what is done: the next run starts at this event.
          const done = events.indexOf(event);
          if (done > 0) await this.checkpoint(events[done - 1]!.position);
          throw err;
        }
        this.options.onRefused?.(err, event, this.reactor.name);
      }
    }
    const due = Date.now() - this.lastWrite >= CHECKPOINT_EVERY_MS;
    if (events.length === 0) {
      // Caught up: a skipped stretch is written once due (at the latest at the next poll).
      if (this.skipped && due) await this.checkpoint(this.skipped.to);
      this.reached = from;
      return 0;
    }
    const to = events[events.length - 1]!.position;
    // A batch it reacted to nothing in moves the checkpoint at most once a second (CHECKPOINT_EVERY_MS).
    if (due || events.some((e) => this.reactor.eventTypes.includes(e.type))) await this.checkpoint(to);
    else this.skipped = { base: stored, to };
    this.reached = to;
    return events.length;
  }

  async catchUp(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runOnce();
      total += n;
      if (n === 0) return total;
    }
  }

  start(): void {
    this.loop.start();
  }

  /** Poll seldom while `on` (a quiet burst of appends, AppendSignal.quietly): batch-loop.ts. */
  slow(on: boolean): void {
    this.loop.slow(on);
  }

  /** An append happened: wake now, unless it wrote no event this reactor handles (as projections). */
  nudge(news?: AppendNews | null): void {
    if (news?.types && !concerns(this.reactor.eventTypes, news.types)) return;
    this.loop.nudge(news?.position);
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }
}
