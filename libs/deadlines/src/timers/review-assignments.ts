import { applicationDecider, type ApplicationEvent, type ApplicationState } from '#libs/approval';
import type { EventStore, RecordedEvent } from '#libs/event-store';
import type { PolicySource } from '#libs/policy';
import {
  deadlineOffsets,
  planReviewTimers,
  type ReviewAssignmentFacts,
  type ReviewTimer,
} from '../timer.model.js';

export interface RecordedAssignment extends ReviewAssignmentFacts {
  eventId: string;
  recordedAt: string;
}

/**
 * An application's stream folded up to a version, with every reviewer assignment it holds and the
 * revision each was for (the event itself does not carry it: it is the revision in force when it was
 * recorded). Read from the event store, the source of truth.
 */
export async function applicationUpTo(
  store: EventStore,
  applicationId: string,
  version?: number,
): Promise<{ state: ApplicationState; assignments: RecordedAssignment[] }> {
  const streamId = `application-${applicationId}`;
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readStream(streamId, { fromVersion: events.length + 1, limit: 1000 });
    events.push(...page.filter((e) => version === undefined || e.version <= version));
    if (page.length < 1000 || (version !== undefined && events.length >= version)) break;
  }
  return foldApplication(applicationId, events);
}

/** An application's events (its stream, or a prefix of it) folded as applicationUpTo does. */
export function foldApplication(
  applicationId: string,
  events: readonly RecordedEvent[],
): { state: ApplicationState; assignments: RecordedAssignment[] } {
  let state = applicationDecider.initialState;
  const assignments: RecordedAssignment[] = [];
  for (const e of events) {
    const event = { type: e.type, data: e.data } as ApplicationEvent;
    state = applicationDecider.evolve(state, event);
    if (event.type === 'ReviewersAssigned') {
      assignments.push({
        eventId: e.id,
        recordedAt: e.metadata.recordedAt,
        applicationId,
        reviewerIds: event.data.reviewers.map((r) => r.reviewerId),
        revision: state.revision,
        dueAt: event.data.dueAt,
        orgUnit: e.metadata.orgUnit,
        chairId: e.metadata.actorRole === 'chair' ? e.metadata.actorId : null,
        correlationId: e.metadata.correlationId,
      });
    }
  }
  return { state, assignments };
}

/**
 * The timers of one recorded assignment, from the policy in force when it was recorded: the same
 * assignment always gives the same timers (and ids), so they can be found again to be cancelled.
 */
export async function timersOf(
  a: RecordedAssignment,
  policies: PolicySource,
  now?: Date,
): Promise<ReviewTimer[]> {
  const offsets = deadlineOffsets(await policies.current(new Date(a.recordedAt)));
  return planReviewTimers(a, offsets, now);
}
