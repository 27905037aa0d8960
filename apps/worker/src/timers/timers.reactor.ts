import type { CommandBus } from '@nestjs/cqrs';
import type { ApplicationEvent } from '#libs/approval';
import type { CommandMetadata, EventStore, Reactor, RecordedEvent } from '#libs/event-store';
import { ExecuteNotificationCommand, notificationIdFor, timerJobId, type TimerQueue } from '#libs/deadlines';
import type { Clock } from '#libs/platform';
import type { PolicySource } from '#libs/policy';
import { applicationUpTo, timersOf } from './review-assignments.js';

/**
 * Timers from events (issue 5 item 1), for the review step:
 * - `ReviewersAssigned` schedules, per reviewer, the reminders before the due date, the due timer and
 *   the admin escalation (BullMQ jobs with deterministic ids: a replay schedules nothing new);
 * - `ReviewSubmitted` removes that reviewer's pending timers, and leaving review (withdrawn, sent back,
 *   decided) removes every pending timer of the revision — the no-op deciders make a late firing
 *   harmless anyway;
 * - `ReviewOverdue` is the second rung of the escalation ladder: the chair who assigned the reviewer is
 *   told (keyed by the overdue step, so told once).
 * At least once, like every reactor: scheduling and removing are idempotent, and the chair's
 * notification is keyed by its cause.
 */
export function timersReactor(
  store: EventStore,
  bus: CommandBus,
  queue: TimerQueue,
  policies: PolicySource,
  clock: Clock,
): Reactor {
  const idOf = (event: RecordedEvent) => event.streamId.slice(event.streamId.indexOf('-') + 1);

  return {
    name: 'timers_reactor',
    eventTypes: [
      'ReviewersAssigned',
      'ReviewSubmitted',
      'ReviewOverdue',
      'ApplicationWithdrawn',
      'ChangesRequested',
      'ApplicationDecided',
    ],
    async react(event) {
      if (!event.streamId.startsWith('application-')) return;
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
        case 'ReviewSubmitted': {
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
