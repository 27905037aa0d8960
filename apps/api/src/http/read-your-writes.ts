import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import type pg from 'pg';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  caughtUp,
  comparePositions,
  decodePosition,
  readCheckpointStates,
  type CheckpointState,
  encodePosition,
  type CommandOutcome,
  type EventStore,
  type LogPosition,
} from '#libs/event-store';
import { EVENT_STORE, PG_POOL } from '#libs/platform';
import { ValidationProblem } from './problem.js';

const HEADER = 'X-Min-Position';

/**
 * The preference (RFC 7240 `Prefer`) of a client that carries positions itself: answer a command once its
 * events are recorded, without waiting for the read models, and it sends `X-Log-Position` back as
 * `X-Min-Position` on the read that needs the write. Saves each command the wait for the worker's batch.
 */
export const RESPOND_BEFORE_READ_MODELS = 'respond-before-read-models';

/** Whether the request asks to be answered before the read models hold its write. */
export function respondsBeforeReadModels(req: FastifyRequest): boolean {
  const prefer = req.headers.prefer;
  const values = Array.isArray(prefer) ? prefer : prefer ? [prefer] : [];
  return values.some((v) =>
    v.split(',').some((token) => token.split(';')[0]!.trim().toLowerCase() === RESPOND_BEFORE_READ_MODELS),
  );
}

/**
 * Read-your-writes: a command answers with the log position it wrote (`X-Log-Position`); a read that
 * sends it back in `X-Min-Position` waits until the read model has passed it. Commands wait too, so a
 * client that reads right after a 2xx sees its change — unless it sends `Prefer:
 * respond-before-read-models` and reads with `X-Min-Position` instead.
 */
@Injectable()
export class ReadYourWrites {
  private waiters: {
    names: readonly string[];
    position: LogPosition;
    deadline: number;
    resolve: (caughtUp: boolean) => void;
  }[] = [];
  private polling = false;

  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async afterWrite(readModels: readonly string[], position: LogPosition | null): Promise<boolean> {
    if (!position) return true;
    return this.waitFor(readModels, position, 5000);
  }

  /**
   * Waits (briefly, as `afterWrite`) until the read models hold every event recorded before this call,
   * whoever wrote it: for a read whose answer includes other requests' writes as they happen — the audit
   * log's own read records — rather than one position the client carries. False after the timeout.
   */
  async upToHead(readModels: readonly string[]): Promise<boolean> {
    const head = await this.store.headPosition();
    return head ? this.waitFor(readModels, head, 5000) : true;
  }

  /**
   * Resolves true once every named read model has passed `position`, false after `timeoutMs`. All
   * waiters share one poller — one checkpoint query per tick however many requests wait — so a busy API
   * does not add a query per waiting request every few milliseconds to the database it waits on.
   */
  private waitFor(names: readonly string[], position: LogPosition, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      this.waiters.push({ names, position, deadline: Date.now() + timeoutMs, resolve });
      if (!this.polling) void this.poll();
    });
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      while (this.waiters.length > 0) {
        const names = [...new Set(this.waiters.flatMap((w) => w.names))];
        const furthest = this.waiters
          .map((w) => w.position)
          .reduce((a, b) => (comparePositions(a, b) >= 0 ? a : b));
        let states: Map<string, CheckpointState> | null = null;
        try {
          states = await readCheckpointStates(this.pool, names, furthest);
        } catch {
          // The database is away: waiters time out below and the request answers without waiting.
        }
        const now = Date.now();
        this.waiters = this.waiters.filter((w) => {
          // A projection need not have moved its checkpoint past events it ignores (caughtUp).
          const done = states !== null && w.names.every((n) => caughtUp(states!.get(n), w.position));
          if (done || now >= w.deadline) {
            w.resolve(done);
            return false;
          }
          return true;
        });
        if (this.waiters.length > 0) await new Promise((r) => setTimeout(r, 5));
      }
    } finally {
      this.polling = false;
    }
  }

  async beforeRead(readModels: readonly string[], header: string | string[] | undefined): Promise<void> {
    if (header === undefined) return;
    const position = typeof header === 'string' ? decodePosition(header) : null;
    if (!position)
      throw new ValidationProblem([
        { field: HEADER, message: 'X-Min-Position must be a position this API gave out, like 1234.56' },
      ]);
    // Every position a command answered with is a committed event, so it is at or before the head (an
    // unfenced read: an event committed behind an older open transaction counts). One past it was
    // never given out: waiting for it could only time out.
    const head = await this.store.headPosition();
    if (head === null || comparePositions(position, head) > 0)
      throw new ValidationProblem([
        {
          field: HEADER,
          message: head
            ? `X-Min-Position ${header as string} is past the end of the log (${encodePosition(head)}): send back a position this API gave out`
            : `X-Min-Position ${header as string} is past the end of the log: send back a position this API gave out`,
        },
      ]);
    if (!(await this.waitFor(readModels, position, 5000))) {
      throw new ServiceUnavailableException(
        'the read model has not caught up with X-Min-Position yet; retry shortly',
      );
    }
  }

  /**
   * The common answer to a command: wait (briefly) for the read models to hold the write, then set
   * `ETag` to the stream version, `X-Log-Position` for later reads, and `Location` for a new resource.
   */
  async answer(
    reply: FastifyReply,
    readModels: readonly string[],
    outcome: CommandOutcome<unknown>,
    location?: string,
  ): Promise<{ version: number; events: string[]; duplicate: boolean; readModelCaughtUp: boolean }> {
    let readModelCaughtUp = false;
    if (respondsBeforeReadModels(reply.request))
      void reply.header('preference-applied', RESPOND_BEFORE_READ_MODELS);
    else readModelCaughtUp = await this.afterWrite(readModels, outcome.position);
    void reply.header('etag', `"${outcome.version}"`);
    if (outcome.position) void reply.header('x-log-position', encodePosition(outcome.position));
    if (location) void reply.header('location', location);
    return {
      version: outcome.version,
      events: outcome.events.map((e) => e.type),
      duplicate: outcome.duplicate,
      readModelCaughtUp,
    };
  }
}
