import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type pg from 'pg';
import { SUMMARY_LEVELS, annualSummaryId, currentSummaryYear } from '#libs/approval';
import type { EventStore } from '#libs/event-store';
import {
  annualSummaryOf,
  applicationUpTo,
  STALE_BAN_END_MS,
  stepCasesOf,
  streamUpTo,
  TIMER_QUEUE,
  timerJobId,
  wantedShortfallTimers,
  wantedStepTimers,
  wantedTimers,
  type Timer,
  type TimerQueue,
  type Wanted,
} from '#libs/deadlines';
import { Clock, EVENT_STORE, PG_POOL } from '#libs/platform';
import { POLICY_SOURCE, type PolicySource } from '#libs/policy';

export interface ReconcileResult {
  /** Timers that should be pending and had no job: added. */
  added: number;
  /** Timers that should be pending and have their job (in any state): left alone. */
  kept: number;
  /** Pending jobs of steps that are finished (or never existed): removed. */
  removed: number;
  /** Applications whose streams were read for their reviews. */
  applications: number;
  /** Streams read for the other steps (revisions, calls, evaluations, mentorships, bans). */
  stepStreams: number;
}

export interface ReconcileDeps {
  store: EventStore;
  pool: pg.Pool;
  queue: TimerQueue;
  policies: PolicySource;
  now: Date;
}

const isUndefinedTable = (err: unknown) => (err as { code?: string })?.code === '42P01';

/**
 * The reconciler (DOMAIN.md "Deadlines and reminders", ARCHITECTURE.md "Stores"): the event store is the source of truth,
 * the queue only a schedule. Every application in review (read model) and every application a pending
 * job is for is folded from its stream; each timer it should have is added when its job is missing
 * (deterministic ids: a timer that exists is left alone, so running this twice adds nothing), and every
 * pending job its stream does not want any more — finished step, withdrawn or decided application,
 * stale revision — is removed.
 *
 * The queue is read before the streams, so a timer the reactor scheduled concurrently is judged by a
 * stream that already holds its event and is never removed by mistake. A timer added here for a step
 * finished a moment later may stay; its firing is a no-op (the deciders, the keyed notifications).
 */
export async function reconcileTimers(d: ReconcileDeps): Promise<ReconcileResult> {
  const pending = await d.queue.pendingJobs();
  const applications = new Set<string>();
  try {
    const inReview = await d.pool.query<{ id: string }>(
      `SELECT application_id AS id FROM application_summaries WHERE stage = 'in_review'`,
    );
    for (const r of inReview.rows) applications.add(r.id);
  } catch (err) {
    if (!isUndefinedTable(err)) throw err; // a fresh database before its first projection run
  }
  const stepStreams = await streamsWithOpenSteps(d.pool, d.now);
  for (const p of pending) {
    const t = p.timer as Partial<Timer> | undefined;
    if (t?.kind === 'step' && typeof t.streamId === 'string') stepStreams.add(t.streamId);
    else if (t && 'applicationId' in t && typeof t.applicationId === 'string')
      applications.add(t.applicationId);
  }

  const wanted = new Map<string, Wanted>();
  for (const applicationId of applications) {
    const { state, assignments } = await applicationUpTo(d.store, applicationId);
    for (const w of await wantedTimers(state, assignments, d.policies, d.now))
      wanted.set(timerJobId(w.timer), w);
  }
  for (const streamId of stepStreams) {
    if (!(await summaryOwed(d.store, streamId, d.now))) continue;
    const cases = stepCasesOf(streamId, await streamUpTo(d.store, streamId));
    for (const w of await wantedStepTimers(cases, d.policies, d.now)) wanted.set(timerJobId(w.timer), w);
  }
  // DOMAIN.md "Hours and credits": the shortfall reminders of this and the next school year and semester
  // (shortfall.ts). They come from the calendar, not from a stream. One that is missing after its time
  // (the queue lost it in the last month) is added and fires at once: who was reminded already is told
  // by their notification, which is keyed by the period, so it reminds only those it has not.
  for (const t of wantedShortfallTimers(d.now))
    wanted.set(timerJobId(t), { timer: t, pastNotification: false });

  const result: ReconcileResult = {
    added: 0,
    kept: 0,
    removed: 0,
    applications: applications.size,
    stepStreams: stepStreams.size,
  };
  const missing: Array<[string, Wanted]> = [];
  for (const [id, w] of wanted) {
    if ((await d.queue.state(id)) !== null) result.kept += 1;
    else missing.push([id, w]);
  }
  const sent = await notificationsSent(
    d.pool,
    missing.filter(([, w]) => w.pastNotification).map(([id]) => id),
  );
  for (const [id, w] of missing) {
    if (w.pastNotification && sent.has(id)) continue; // fired, and its job is gone: nothing to do
    await d.queue.schedule(w.timer, d.now);
    result.added += 1;
  }
  const stale = pending.map((p) => p.id).filter((id) => !wanted.has(id));
  result.removed = await d.queue.remove(stale);
  return result;
}

/**
 * The annual summary (seed 004 §三) is owed for the year next due, and — as the reactor schedules it — for the
 * year after once that one is done (submitted or marked overdue). Other streams are not concerned.
 */
async function summaryOwed(store: EventStore, streamId: string, now: Date): Promise<boolean> {
  const of = annualSummaryOf(streamId);
  if (!of || of.year <= currentSummaryYear(now)) return true;
  const previous = await streamUpTo(store, `annualsummary-${annualSummaryId(of.year - 1, of.orgUnit)}`);
  return previous.some((e) => e.type === 'AnnualSummarySubmitted' || e.type === 'AnnualSummaryOverdue');
}

/** Streams with a step that may be open, from the read models (a fresh database has none yet). */
async function streamsWithOpenSteps(pool: pg.Pool, now: Date): Promise<Set<string>> {
  const out = new Set<string>();
  const queries = [
    `SELECT 'application-' || application_id AS id FROM application_summaries
      WHERE stage = 'changes_requested' OR (kind = 'training_project' AND stage = 'approved')`,
    `SELECT 'call-' || call_id AS id FROM calls WHERE NOT closed`,
    `SELECT 'mentorship-' || mentorship_id AS id FROM mentorships WHERE status = 'active' AND signed_off_at IS NULL`,
    `SELECT 'teacher-' || teacher_id AS id FROM teacher_progress WHERE ban_ends_at > $1`,
    // seed 004 §三: every office owes the summary next due (nothing is recorded before it is submitted).
    `SELECT 'annualsummary-' || y || '-' || id AS id FROM org_units, unnest(ARRAY[$1::int, $1::int + 1]) AS y
      WHERE level = ANY ($2::text[])`,
  ];
  for (const [i, q] of queries.entries()) {
    try {
      const params =
        i === 3
          ? [new Date(now.getTime() - STALE_BAN_END_MS).toISOString()]
          : i === 4
            ? [currentSummaryYear(now), SUMMARY_LEVELS]
            : [];
      const res = await pool.query<{ id: string }>(q, params);
      for (const r of res.rows) out.add(r.id);
    } catch (err) {
      if (!isUndefinedTable(err)) throw err;
    }
  }
  return out;
}

/** The timers (job ids) among `keys` whose notification is in the inbox read model. */
async function notificationsSent(pool: pg.Pool, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  try {
    const res = await pool.query<{ cause: string }>(
      `SELECT DISTINCT cause FROM notifications WHERE cause = ANY ($1::text[])`,
      [keys],
    );
    return new Set(res.rows.map((r) => r.cause));
  } catch (err) {
    if (isUndefinedTable(err)) return new Set();
    throw err;
  }
}

/**
 * Runs the reconciler once when the worker starts (in the background: the worker fires the timers it
 * has meanwhile), and on demand through `npm run timers:reconcile` (cli/reconcile-timers.ts).
 */
@Injectable()
export class TimerReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('TimerReconciler');
  private running: Promise<unknown> | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(TIMER_QUEUE) private readonly queue: TimerQueue,
    @Inject(POLICY_SOURCE) private readonly policies: PolicySource,
    private readonly clock: Clock,
  ) {}

  run(): Promise<ReconcileResult> {
    return reconcileTimers({
      store: this.store,
      pool: this.pool,
      queue: this.queue,
      policies: this.policies,
      now: this.clock.now(),
    });
  }

  onApplicationBootstrap(): void {
    this.running = this.run().then(
      (r) => this.logger.log(r, `timers reconciled: added ${r.added}, kept ${r.kept}, removed ${r.removed}`),
      (err: unknown) => this.logger.warn({ err }, 'reconciling the timers at start failed'),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.running;
  }
}
