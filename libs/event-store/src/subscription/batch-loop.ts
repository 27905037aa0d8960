/**
 * The polling loop shared by projections and reactors: run one batch after another while batches come
 * back full; otherwise sleep for the poll interval (backing off on repeated failures, such as a restarted
 * database, up to 5 s) unless `nudge()` wakes it earlier. `stop()` lets the batch in flight finish.
 *
 * `coalesceMs` spaces batches that found work: the next one starts no sooner than that long after the
 * last one started. A nudge after a quiet spell still runs at once (one command's read-your-writes wait
 * is unchanged), but under load the events of many commands share one batch and one commit instead of
 * every subscription committing once per append (BENCHMARKS.md: ~11-18 transactions per command before).
 */
import { comparePositions, type LogPosition } from '../event-store.port.js';

/**
 * How soon to read again while an announced position is not read yet. A committed event stays behind
 * the SETTLED fence until every older transaction has ended, and those that end (a projection's batch,
 * say) announce nothing: without this, the event would wait for the slow fallback poll.
 */
const FENCED_RETRY_MS = 10;
/** … doubling while it stays fenced, up to this (only the subscriptions an append concerns retry). */
const FENCED_RETRY_MAX_MS = 25;
/** Give up waiting for an announced position after this long (it reads at the normal poll then). */
const FENCED_GIVE_UP_MS = 10_000;
/**
 * The poll while slowed (`slow(true)`): during a burst of appends that wakes nobody (the first start's
 * demo seed, AppendSignal.quietly), subscriptions polling every 100 ms (the embedded default's poll then,
 * still KurrentDB's reactors') took PGlite's one session between every two commands of the burst, each
 * catching up a few events at a time; slowed, they catch up in a few larger batches after it (BENCHMARKS.md
 * S1, the cold start). A slower poll of their own (EMBEDDED_POLL_MS, NOTIFIED_POLL_MS) is kept.
 */
const SLOWED_POLL_MS = 1000;

export class BatchLoop {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** A nudge that came while a batch ran: the events it announced may have missed that batch. */
  private nudged = false;
  /** The furthest position announced by a nudge and not read yet, and since when. */
  private awaited: LogPosition | null = null;
  private awaitedSince = 0;
  private fencedRetries = 0;
  private slowed = false;

  constructor(
    private readonly step: () => Promise<number>,
    private readonly options: {
      batchSize: number;
      pollIntervalMs: number;
      coalesceMs?: number;
      onError: (err: unknown) => void;
      /** How far the subscription has read (its last batch's end), to tell whether a nudge's position is read. */
      reached?: () => LogPosition | null;
    },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Wake the loop; `position`, when known, is an event it should read (an append's announcement). */
  nudge(position?: LogPosition | null): void {
    if (position && this.options.reached) {
      if (!this.awaited) {
        this.awaitedSince = Date.now();
        this.fencedRetries = 0;
      }
      if (!this.awaited || comparePositions(position, this.awaited) > 0) this.awaited = position;
    }
    this.nudged = true;
    this.wake?.();
  }

  /** Poll at most once a second while `on`; when it ends, wake at once to catch up what it held back. */
  slow(on: boolean): void {
    if (this.slowed === on) return;
    this.slowed = on;
    if (!on) this.nudge();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
    this.loop = null;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let n = 0;
      this.nudged = false;
      const started = Date.now();
      try {
        n = await this.step();
        failures = 0;
      } catch (err) {
        failures++;
        this.options.onError(err);
      }
      if (!this.running) break;
      // Sleep only when caught up and nobody announced new events meanwhile; otherwise go again at once
      // (a nudge lost during a batch used to cost a whole poll interval of latency under load).
      if (n < this.options.batchSize && (!this.nudged || failures > 0)) {
        const pollIntervalMs = this.slowed
          ? Math.max(this.options.pollIntervalMs, SLOWED_POLL_MS)
          : this.options.pollIntervalMs;
        let delay = failures > 0 ? Math.min(5000, pollIntervalMs * 2 ** failures) : pollIntervalMs;
        if (this.awaited) {
          const reached = this.options.reached?.() ?? null;
          if (
            (reached && comparePositions(reached, this.awaited) >= 0) ||
            Date.now() - this.awaitedSince > FENCED_GIVE_UP_MS
          ) {
            this.awaited = null;
            this.fencedRetries = 0;
          } else if (failures === 0)
            delay = Math.min(delay, FENCED_RETRY_MAX_MS, FENCED_RETRY_MS * 2 ** this.fencedRetries++);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
      if (n > 0 && n < this.options.batchSize) {
        // Node's timers count from the event loop's cached time, which may lag the clock by a millisecond
        // or more, so one timer can end a little short of the spacing: wait out what is left.
        const next = started + (this.options.coalesceMs ?? 0);
        for (let left = next - Date.now(); left > 0 && this.running; left = next - Date.now())
          await new Promise((resolve) => setTimeout(resolve, left));
      }
    }
  }
}
