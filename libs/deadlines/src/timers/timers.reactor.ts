import type { CommandBus } from '@nestjs/cqrs';
import type { ApplicationEvent } from '#libs/approval';
import {
  dataOf,
  type CommandMetadata,
  type EventStore,
  type Reactor,
  type RecordedEvent,
} from '#libs/event-store';
import type { OrgUnitEvent } from '#libs/identity';
import { ExecuteNotificationCommand } from '../notification/notification.handler.js';
import { notificationIdFor } from '../notification/notification.decider.js';
import { timerJobId } from '../timer.model.js';
import type { TimerQueue } from '../timer-queue.js';
import { applicationUpTo, timersOf } from './review-assignments.js';
import {
  annualSummaryOf,
  caseKey,
  STEP_EVENT_TYPES,
  stepCasesOf,
  stepTimersOf,
  streamUpTo,
} from './steps.js';
import type { Clock } from '#libs/platform';
import type { PolicySource } from '#libs/policy';
import { SUMMARY_LEVELS, annualSummaryId, currentSummaryYear } from '#libs/approval';

/**
 * Timers from events (DOMAIN.md "Deadlines and reminders"), for the review step:
 * - `ReviewersAssigned` schedules, per reviewer, the reminders before the due date, the due timer and
 *   the admin escalation (BullMQ jobs with deterministic ids: a replay schedules nothing new);
 * - `ReviewSubmitted` and `ReviewerRemoved` (the chair replaced the reviewer) remove that reviewer's
 *   pending timers, and leaving review (withdrawn, sent back,
 *   decided) removes every pending timer of the revision — the no-op deciders make a late firing
 *   harmless anyway;
 * - `ReviewOverdue` is the second rung of the escalation ladder: the chair who assigned the reviewer is
 *   told (keyed by the overdue step, so told once).
 * At least once, like every reactor: scheduling and removing are idempotent, and the chair's
 * notification is keyed by its cause.
 */
/** The events that start, end or escalate the review step. */
const REVIEW_EVENT_TYPES: readonly string[] = [
  'ReviewersAssigned',
  'ReviewSubmitted',
  'ReviewerRemoved',
  'ReviewOverdue',
  'ApplicationWithdrawn',
  'ChangesRequested',
  'ApplicationDecided',
];

export function timersReactor(
  store: EventStore,
  bus: CommandBus,
  queue: TimerQueue,
  policies: PolicySource,
  clock: Clock,
): Reactor {
  const idOf = (event: RecordedEvent) => event.streamId.slice(event.streamId.indexOf('-') + 1);

  /**
   * The other steps (steps.ts): the step cases of the stream just before and just after the event. A
   * case the event opened gets its timers; a case it closed (resubmitted, signed off, closed, a ban
   * replaced by a longer one) loses the ones still pending.
   */
  async function reactForSteps(event: RecordedEvent): Promise<void> {
    // seed 004 §三: an office owes a summary every year. A new office owes the one next due; a
    // submitted (or missed) summary hands over to the next year's.
    if (event.type === 'OrgUnitCreated') {
      const unit = dataOf<OrgUnitEvent, 'OrgUnitCreated'>(event, 'OrgUnitCreated');
      if (!SUMMARY_LEVELS.includes(unit.level)) return;
      const year = currentSummaryYear(clock.now());
      return scheduleOpen(`annualsummary-${annualSummaryId(year, idOf(event))}`);
    }
    if (event.type === 'AnnualSummarySubmitted' || event.type === 'AnnualSummaryOverdue') {
      const of = annualSummaryOf(event.streamId);
      if (of) await scheduleOpen(`annualsummary-${annualSummaryId(of.year + 1, of.orgUnit)}`);
    }
    const events = await streamUpTo(store, event.streamId, event.version);
    const before = new Map(
      stepCasesOf(event.streamId, events.slice(0, -1)).map((c) => [caseKey(c), c] as const),
    );
    const after = stepCasesOf(event.streamId, events);
    const now = clock.now();
    for (const c of after) {
      const was = before.get(caseKey(c));
      if (c.open && !was?.open) await queue.scheduleAll(await stepTimersOf(c, policies, now), now);
      if (!c.open && was?.open) await queue.remove((await stepTimersOf(c, policies)).map(timerJobId));
    }
  }

  /** Schedules every open step of a stream (used where no event on the stream itself opened it). */
  async function scheduleOpen(streamId: string): Promise<void> {
    const now = clock.now();
    for (const c of stepCasesOf(streamId, await streamUpTo(store, streamId)))
      if (c.open && Date.parse(c.dueAt) > now.getTime())
        await queue.scheduleAll(await stepTimersOf(c, policies, now), now);
  }

  return {
    name: 'timers_reactor',
    eventTypes: [...new Set([...REVIEW_EVENT_TYPES, ...STEP_EVENT_TYPES])],
    async react(event) {
      if ((STEP_EVENT_TYPES as readonly string[]).includes(event.type)) await reactForSteps(event);
      // The review step's own events; a step event of an application (a resubmission, an evaluation)
      // needs no second read of its stream here.
      if (!REVIEW_EVENT_TYPES.includes(event.type) || !event.streamId.startsWith('application-')) return;
      const applicationId = idOf(event);
      const e = { type: event.type, data: event.data } as ApplicationEvent;
      const { state, assignments } = await applicationUpTo(store, applicationId, event.version);
      switch (e.type) {
        case 'ReviewersAssigned': {
          const assignment = assignments.find((a) => a.eventId === event.id);
          if (!assignment) return;
          await queue.scheduleAll(await timersOf(assignment, policies, clock.now()), clock.now());
          return;
        }
        case 'ReviewSubmitted':
        case 'ReviewerRemoved': {
          const ids: string[] = [];
          for (const a of assignments.filter((x) => x.revision === e.data.revision)) {
            for (const t of await timersOf(a, policies))
              if (t.reviewerId === e.data.reviewerId) ids.push(timerJobId(t));
          }
          await queue.remove(ids);
          return;
        }
        case 'ApplicationWithdrawn':
        case 'ChangesRequested':
        case 'ApplicationDecided': {
          const ids: string[] = [];
          for (const a of assignments.filter((x) => x.revision === state.revision))
            for (const t of await timersOf(a, policies)) ids.push(timerJobId(t));
          await queue.remove(ids);
          return;
        }
        case 'ReviewOverdue': {
          const assignment = [...assignments]
            .reverse()
            .find((a) => a.revision === e.data.revision && a.reviewerIds.includes(e.data.reviewerId));
          if (!assignment?.chairId) return;
          // Keyed by the due timer the overdue step came from: one message to the chair per missed review.
          const key = timerJobId({
            kind: 'review-due',
            applicationId,
            reviewerId: e.data.reviewerId,
            revision: e.data.revision,
            at: 'due',
            dueAt: e.data.dueAt,
          });
          const meta: CommandMetadata = {
            commandId: `notify-chair:${event.id}`,
            actorId: 'system',
            actorRole: 'system',
            orgUnit: event.metadata.orgUnit,
            correlationId: event.metadata.correlationId,
            causationId: event.id,
            now: clock.now(),
          };
          await bus.execute(
            new ExecuteNotificationCommand(
              notificationIdFor(`overdue|${key}`, assignment.chairId),
              {
                type: 'SendNotification',
                recipientId: assignment.chairId,
                kind: 'review_overdue',
                key: `overdue|${key}`,
                about: {
                  applicationId,
                  reviewerId: e.data.reviewerId,
                  revision: e.data.revision,
                  dueAt: e.data.dueAt,
                },
              },
              meta,
            ),
          );
          return;
        }
      }
    },
  };
}
