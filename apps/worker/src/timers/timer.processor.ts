import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ExecuteAnnualSummaryCommand,
  ExecuteApplicationCommand,
  ExecuteCallCommand,
  OPEN_APPROVAL_STEPS,
  type OpenApprovalSteps,
} from '#libs/approval';
import { DomainError, type CommandMetadata, type EventStore } from '#libs/event-store';
import {
  applicationUpTo,
  ExecuteNotificationCommand,
  nextPeriod,
  PermanentTimerFailure,
  shortfallOf,
  shortfallTimer,
  STEP_KINDS,
  stepCasesOf,
  streamUpTo,
  TIMER_QUEUE,
  notificationIdFor,
  timerJobId,
  type FiringJob,
  type NotificationDetails,
  type NotificationKind,
  type OtherStepRef,
  type ReviewTimer,
  type ShortfallTimer,
  type StepCase,
  type StepTimer,
  type Timer,
  type TimerQueue,
} from '#libs/deadlines';
import { IDENTITY_DIRECTORY, type IdentityDirectory } from '#libs/identity';
import {
  LADDER_STEPS,
  teacherDecider,
  type LadderSteps,
  type TeacherEvent,
  type TeacherState,
} from '#libs/ladder';
import { CORRELATION_ATTRIBUTE, Clock, EVENT_STORE, inSpan, productMetrics } from '#libs/platform';
import { POLICY_SOURCE, type Policy, type PolicySource } from '#libs/policy';

/** Teachers read per page, and reminded at once, by a shortfall firing. */
const SHORTFALL_PAGE = 200;
const SHORTFALL_CONCURRENCY = 8;

export interface FiringResult {
  /** How many events the firing recorded (0: the step was done, or this firing was a repeat). */
  recorded: number;
}

/**
 * Fires a timer as commands through the normal command path (DOMAIN.md "Deadlines and reminders"). Every command id derives
 * from the job id, and every effect is a no-op once done — the overdue mark by the application decider,
 * a notification by being keyed by its timer — so a retried, late or repeated firing changes nothing.
 */
@Injectable()
export class TimerFiring {
  constructor(
    private readonly bus: CommandBus,
    private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(POLICY_SOURCE) private readonly policies: PolicySource,
    @Inject(TIMER_QUEUE) private readonly queue: TimerQueue,
    @Inject(IDENTITY_DIRECTORY) private readonly directory: IdentityDirectory,
    @Inject(OPEN_APPROVAL_STEPS) private readonly approval: OpenApprovalSteps,
    @Inject(LADDER_STEPS) private readonly ladder: LadderSteps,
  ) {}

  /** The BullMQ processor: a refusal by the rules cannot get better by retrying, so it fails at once. */
  async process(timer: Timer, job: FiringJob): Promise<FiringResult> {
    productMetrics().timerLateness.observe(
      { kind: timer.kind },
      Math.max(0, (Date.now() - Date.parse(timer.fireAt)) / 1000),
    );
    // A span per firing (README "Monitoring"), carrying the correlation id of the step that set the timer,
    // so a late reminder can be followed back to the request that opened the step.
    return inSpan(
      `timer ${timer.kind}`,
      {
        'tdw.timer': timer.kind,
        'tdw.job': job.id,
        [CORRELATION_ATTRIBUTE]: 'correlationId' in timer ? timer.correlationId : undefined,
      },
      async () => {
        try {
          return await this.fire(timer, job.id);
        } catch (err) {
          if (err instanceof DomainError) throw new PermanentTimerFailure(`${err.code}: ${err.message}`);
          throw err;
        }
      },
      (err) => !(err instanceof DomainError),
    );
  }

  async fire(timer: Timer, jobId: string): Promise<FiringResult> {
    if (timer.kind === 'step') return this.fireStep(timer, jobId);
    if (timer.kind === 'shortfall') return this.fireShortfall(timer);
    const about = {
      applicationId: timer.applicationId,
      reviewerId: timer.reviewerId,
      revision: timer.revision,
      dueAt: timer.dueAt,
    };
    switch (timer.kind) {
      case 'review-reminder':
        return this.notify(timer, jobId, timer.reviewerId, 'review_reminder', about);
      case 'review-due': {
        const outcome = await this.bus.execute(
          new ExecuteApplicationCommand(
            timer.applicationId,
            {
              type: 'MarkReviewOverdue',
              reviewerId: timer.reviewerId,
              revision: timer.revision,
              dueAt: timer.dueAt,
            },
            this.meta(timer, `timer|${jobId}`),
          ),
        );
        return { recorded: outcome.duplicate ? 0 : outcome.events.length };
      }
      case 'review-escalation': {
        // The last rung of the ladder (reviewer → chair → admin): the office admins over the application.
        let recorded = 0;
        const { state } = await applicationUpTo(this.store, timer.applicationId);
        for (const adminId of state.orgUnit ? await this.adminsOver(state.orgUnit) : [])
          recorded += (await this.notify(timer, jobId, adminId, 'review_escalated', about)).recorded;
        return { recorded };
      }
    }
  }

  /**
   * The other steps (steps.ts). The step is looked up in its stream now: a reminder goes out only while
   * it is open (the notification decider drops it otherwise), the due timer runs the step's own command
   * where it has one (a revision marked overdue, a call closed) and tells who must hear at the due date,
   * and the escalation tells the admins over the step's org unit.
   */
  private async fireStep(timer: StepTimer, jobId: string): Promise<FiringResult> {
    const events = await streamUpTo(this.store, timer.streamId);
    const found = stepCasesOf(timer.streamId, events).find(
      (c) => c.step === timer.step && c.occurrence === timer.occurrence && c.dueAt === timer.dueAt,
    );
    if (!found) return { recorded: 0 }; // a timer of a case its stream no longer has: nothing to do
    const c: StepCase = found;
    const kinds = STEP_KINDS[timer.step];
    let recorded = 0;
    let open = c.open;
    let recipients: string[] = [];
    switch (timer.phase) {
      case 'reminder':
        recipients = c.office
          ? await this.adminsAt(c.office)
          : timer.step === 'call_close'
            ? await this.draftHolders(c.subjectId)
            : c.remind;
        break;
      case 'due':
        recipients = c.office ? await this.adminsAt(c.office) : c.atDue;
        if (timer.step === 'annual_summary' && c.open) {
          const outcome = await this.bus.execute(
            new ExecuteAnnualSummaryCommand(
              {
                type: 'MarkAnnualSummaryOverdue',
                orgUnit: c.subjectId,
                year: Number(timer.occurrence),
                dueAt: timer.dueAt,
              },
              this.meta(timer, `timer|${jobId}`),
            ),
          );
          recorded += outcome.duplicate ? 0 : outcome.events.length;
        }
        if (timer.step === 'revision' && c.open) {
          const outcome = await this.bus.execute(
            new ExecuteApplicationCommand(
              c.subjectId,
              {
                type: 'MarkRevisionOverdue',
                revision: Number(timer.occurrence.slice(1)),
                dueAt: timer.dueAt,
              },
              this.meta(timer, `timer|${jobId}`),
            ),
          );
          recorded += outcome.duplicate ? 0 : outcome.events.length;
        }
        if (timer.step === 'call_close') {
          if (c.open) {
            const outcome = await this.bus.execute(
              new ExecuteCallCommand(
                c.subjectId,
                { type: 'CloseCall', reason: 'the submission window has ended' },
                this.meta(timer, `timer|${jobId}`),
              ),
            );
            recorded += outcome.duplicate ? 0 : outcome.events.length;
          }
          // The opener hears that the window closed it — also on a retry after the close was recorded —
          // but not when someone closed the call early by hand.
          open = events.every((e) => e.type !== 'CallClosed' || e.metadata.actorRole === 'system');
        }
        break;
      case 'escalation':
        // An office's own step goes up to the offices above it; any other to the admins over its unit.
        recipients = c.office ? await this.adminsAbove(c.office) : await this.adminsOver(c.orgUnit);
        break;
    }
    const about: OtherStepRef = {
      step: timer.step,
      streamId: timer.streamId,
      occurrence: timer.occurrence,
      subjectId: c.subjectId,
      dueAt: timer.dueAt,
    };
    for (const recipientId of [...new Set(recipients)])
      recorded += (await this.notify(timer, jobId, recipientId, kinds[timer.phase], about, open)).recorded;
    return { recorded };
  }

  /**
   * A shortfall reminder (shortfall.ts): every active teacher still under the policy's number for the
   * timer's obligation and period is told, with their numbers. Keyed by the timer (obligation and period)
   * and the teacher, so a repeated firing — a retry, a second worker taking over a stalled one, a timer
   * re-added by the reconciler, an operator's "fire now" — tells nobody twice. The next period's timer is
   * scheduled first (deterministic id: harmless when it exists), so the reminders go on year after year
   * in a worker that is never restarted. Fired after its period has ended (the worker was down), it
   * reminds nobody: the numbers could no longer be made up.
   */
  private async fireShortfall(timer: ShortfallTimer): Promise<FiringResult> {
    const now = this.clock.now();
    await this.queue.schedule(shortfallTimer(timer.step, nextPeriod(timer.step, timer.occurrence)), now);
    if (now.getTime() >= Date.parse(timer.dueAt)) return { recorded: 0 };
    const policy = await this.policies.current(now);
    const kind: NotificationKind =
      timer.step === 'annual_hours' ? 'annual_hours_shortfall' : 'ethics_study_shortfall';
    const key = timerJobId(timer);
    let recorded = 0;
    for (let after = ''; ;) {
      // The ladder's teachers a page at a time; identity says which are still active teachers, not
      // erased (each context asked through its port, ARCHITECTURE.md "Between contexts").
      const page = await this.ladder.teachers(after, SHORTFALL_PAGE);
      const reachable = await this.directory.reachableHoldersOf(
        page.map((t) => t.id),
        'teacher',
      );
      const teachers = page.filter((t) => reachable.has(t.id));
      for (let i = 0; i < teachers.length; i += SHORTFALL_CONCURRENCY) {
        const counts = await Promise.all(
          teachers
            .slice(i, i + SHORTFALL_CONCURRENCY)
            .map((t) => this.remindShortfall(timer, key, kind, policy, t.id, t.orgUnit)),
        );
        recorded += counts.reduce((a, b) => a + b, 0);
      }
      if (page.length < SHORTFALL_PAGE) return { recorded };
      after = page.at(-1)!.id;
    }
  }

  private async remindShortfall(
    timer: ShortfallTimer,
    key: string,
    kind: NotificationKind,
    policy: Policy,
    teacherId: string,
    orgUnit: string,
  ): Promise<number> {
    let s: TeacherState = teacherDecider.initialState;
    for (const e of await streamUpTo(this.store, `teacher-${teacherId}`))
      s = teacherDecider.evolve(s, { type: e.type, data: e.data } as TeacherEvent);
    if (!s.exists) return 0;
    const short = shortfallOf(s, timer.step, timer.occurrence, policy);
    if (!short) return 0;
    const details: NotificationDetails = { ...short };
    const about: OtherStepRef = {
      step: timer.step,
      streamId: `teacher-${teacherId}`,
      occurrence: timer.occurrence,
      subjectId: teacherId,
      dueAt: timer.dueAt,
    };
    const commandId = `timer|${key}|${teacherId}`;
    const meta: CommandMetadata = {
      commandId,
      actorId: 'system',
      actorRole: 'system',
      orgUnit: s.orgUnit ?? orgUnit,
      correlationId: timer.correlationId,
      causationId: commandId,
      now: this.clock.now(),
      extra: { timer: { kind: timer.kind, fireAt: timer.fireAt }, policyVersion: policy.version },
    };
    const outcome = await this.bus.execute(
      new ExecuteNotificationCommand(
        notificationIdFor(key, teacherId),
        { type: 'SendNotification', recipientId: teacherId, kind, key, about, details, stepOpen: true },
        meta,
      ),
    );
    return outcome.duplicate ? 0 : outcome.events.length;
  }

  private async notify(
    timer: ReviewTimer | StepTimer,
    jobId: string,
    recipientId: string,
    kind: NotificationKind,
    about: { applicationId: string; reviewerId: string; revision: number; dueAt: string } | OtherStepRef,
    stepOpen?: boolean,
  ): Promise<FiringResult> {
    const outcome = await this.bus.execute(
      new ExecuteNotificationCommand(
        notificationIdFor(jobId, recipientId),
        { type: 'SendNotification', recipientId, kind, key: jobId, about, stepOpen },
        this.meta(timer, `timer|${jobId}|${recipientId}`),
      ),
    );
    return { recorded: outcome.duplicate ? 0 : outcome.events.length };
  }

  /** DOMAIN.md stage 1: whoever still holds an unsubmitted draft for the call when its window nears its end. */
  private draftHolders(callId: string): Promise<string[]> {
    return this.approval.draftHolders(callId);
  }

  private meta(timer: ReviewTimer | StepTimer, commandId: string): CommandMetadata {
    return {
      commandId,
      actorId: 'system',
      actorRole: 'system',
      orgUnit: timer.orgUnit,
      correlationId: timer.correlationId,
      causationId: commandId,
      now: this.clock.now(),
      extra: { timer: { kind: timer.kind, fireAt: timer.fireAt } },
    };
  }

  /** Active admins of exactly this org unit: an office's own people (asked of identity's directory). */
  private adminsAt(orgUnit: string): Promise<string[]> {
    return this.directory.holders('admin', orgUnit, 'at');
  }

  /** Active admins of the units above this one. */
  private async adminsAbove(orgUnit: string): Promise<string[]> {
    const up = await this.directory.parentOf(orgUnit);
    return up ? this.adminsOver(up) : [];
  }

  /** Active admins whose org unit is this one or one above it (DOMAIN.md "People and roles"). */
  private adminsOver(orgUnit: string): Promise<string[]> {
    return this.directory.holders('admin', orgUnit, 'over');
  }
}
