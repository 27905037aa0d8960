import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type pg from 'pg';
import {
  OPEN_APPROVAL_STEPS,
  SUMMARY_LEVELS,
  annualSummaryId,
  currentSummaryYear,
  type OpenApprovalSteps,
} from '#libs/approval';
import type { EventStore } from '#libs/event-store';
import {
  annualSummaryOf,
  foldApplication,
  STALE_BAN_END_MS,
  stepCasesOf,
  streamsUpTo,
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
import { IDENTITY_DIRECTORY, type IdentityDirectory } from '#libs/identity';
import { LADDER_STEPS, type LadderSteps } from '#libs/ladder';
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
  /** The deadlines context's own read model (the notifications inbox). */
  pool: pg.Pool;
  /** The other contexts' steps, asked through their ports (ARCHITECTURE.md "Between contexts"). */
  approval: OpenApprovalSteps;
  ladder: LadderSteps;
  directory: IdentityDirectory;
  queue: TimerQueue;
  policies: PolicySource;
  now: Date;
}

const isUndefinedTable = (err: unknown) => (err as { code?: string })?.code === '42P01';

/** A port's answer, or none while its read model is not there (a fresh database before its first projection run). */
async function orNone<T>(ask: () => Promise<T[]>): Promise<T[]> {
  try {
    return await ask();
  } catch (err) {
    if (isUndefinedTable(err)) return [];
    throw err;
  }
}

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
  const applications = new Set(await orNone(() => d.approval.applicationsInReview()));
  const stepStreams = await streamsWithOpenSteps(d, d.now);
  for (const p of pending) {
    const t = p.timer as Partial<Timer> | undefined;
    if (t?.kind === 'step' && typeof t.streamId === 'string') stepStreams.add(t.streamId);
    else if (t && 'applicationId' in t && typeof t.applicationId === 'string')
      applications.add(t.applicationId);
  }

  const wanted = new Map<string, Wanted>();
  const applicationStream = (id: string) => `application-${id}`;
  const byStream = new Map([...applications].map((id) => [applicationStream(id), id]));
  for await (const [streamId, events] of streamsUpTo(d.store, byStream.keys())) {
    const { state, assignments } = foldApplication(byStream.get(streamId)!, events);
    for (const w of await wantedTimers(state, assignments, d.policies, d.now))
      wanted.set(timerJobId(w.timer), w);
  }
  const owed: string[] = [];
  for (const streamId of stepStreams) if (await summaryOwed(d.store, streamId, d.now)) owed.push(streamId);
  for await (const [streamId, events] of streamsUpTo(d.store, owed)) {
    const cases = stepCasesOf(streamId, events);
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
  // A wanted timer whose job was pending when the queue was read above exists (pending still, or fired
  // since): kept without asking the queue again. Only the others are looked up, since a job that is
  // active, completed or failed counts as there too. On a queue of tens of thousands of timers that is
  // most of them, and each lookup costs two round trips on BullMQ's PostgreSQL backend.
  const pendingIds = new Set(pending.map((p) => p.id));
  const missing: Array<[string, Wanted]> = [];
  for (const [id, w] of wanted) {
    if (pendingIds.has(id) || (await d.queue.state(id)) !== null) result.kept += 1;
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

/** Streams with a step that may be open, asked of the contexts that own them (a fresh database has none yet). */
async function streamsWithOpenSteps(
  d: Pick<ReconcileDeps, 'approval' | 'ladder' | 'directory'>,
  now: Date,
): Promise<Set<string>> {
  const out = new Set<string>();
  const add = (category: string, ids: string[]) => {
    for (const id of ids) out.add(`${category}-${id}`);
  };
  add('application', await orNone(() => d.approval.applicationsWithOpenSteps()));
  add('call', await orNone(() => d.approval.openCalls()));
  add('mentorship', await orNone(() => d.ladder.mentorshipsAwaitingSignOff()));
  add(
    'teacher',
    await orNone(() => d.ladder.teachersBannedBeyond(new Date(now.getTime() - STALE_BAN_END_MS))),
  );
  // seed 004 §三: every office owes the summary next due (nothing is recorded before it is submitted).
  const year = currentSummaryYear(now);
  for (const unit of await orNone(() => d.directory.unitsAtLevels(SUMMARY_LEVELS)))
    for (const y of [year, year + 1]) out.add(`annualsummary-${annualSummaryId(y, unit)}`);
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
    @Inject(OPEN_APPROVAL_STEPS) private readonly approval: OpenApprovalSteps,
    @Inject(LADDER_STEPS) private readonly ladder: LadderSteps,
    @Inject(IDENTITY_DIRECTORY) private readonly directory: IdentityDirectory,
    private readonly clock: Clock,
  ) {}

  run(): Promise<ReconcileResult> {
    return reconcileTimers({
      store: this.store,
      pool: this.pool,
      approval: this.approval,
      ladder: this.ladder,
      directory: this.directory,
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
