import type { ApplicationState } from '#libs/approval';
import type { PolicySource } from '#libs/policy';
import type { ReviewTimer, StepTimer, Timer } from '../timer.model.js';
import { timersOf, type RecordedAssignment } from './review-assignments.js';
import { stepTimersOf, type StepCase } from './steps.js';

/**
 * Which timers the event store says should be pending (DOMAIN.md "Deadlines and reminders",
 * ARCHITECTURE.md "Stores": the queue is only a schedule). Pure over the folded streams and the policy;
 * the worker's reconciler reads the streams and the queue and adds or removes jobs from these answers.
 */

/** A timer the event store says should still fire, and whether its effect may already be recorded. */
export interface Wanted<T extends Timer = Timer> {
  timer: T;
  /** A notifying timer whose fire time has passed: it is added only when its notification is missing. */
  pastNotification: boolean;
}

/**
 * The timers one application's stream says should be pending now (DOMAIN.md "Deadlines and reminders"), for the review
 * step: per reviewer assigned to the current revision who has not reviewed it yet, while the
 * application is in review —
 * - the reminders before the due date that were scheduled when the reviewer was assigned (fire time
 *   after the assignment) and are still useful (the due date has not passed): a reminder whose time
 *   has passed while the queue had lost it is sent late, unless it was sent;
 * - the due timer, until the review is marked overdue;
 * - the admin escalation, unless it has fired (told by its notifications).
 */
export async function wantedTimers(
  state: ApplicationState,
  assignments: readonly RecordedAssignment[],
  policies: PolicySource,
  now: Date,
): Promise<Array<Wanted<ReviewTimer>>> {
  if (state.stage !== 'in_review') return [];
  const out: Array<Wanted<ReviewTimer>> = [];
  for (const [reviewerId, assigned] of Object.entries(state.reviewers)) {
    if (assigned.revision !== state.revision) continue;
    if (state.reviews.some((r) => r.revision === state.revision && r.reviewerId === reviewerId)) continue;
    // The assignment in force for this reviewer: the last one of this revision with their due date.
    const assignment = [...assignments]
      .reverse()
      .find(
        (a) =>
          a.revision === state.revision && a.dueAt === assigned.dueAt && a.reviewerIds.includes(reviewerId),
      );
    if (!assignment) continue;
    const assignedAt = Date.parse(assignment.recordedAt);
    const due = Date.parse(assignment.dueAt);
    for (const t of await timersOf(assignment, policies)) {
      if (t.reviewerId !== reviewerId) continue;
      const fireAt = Date.parse(t.fireAt);
      switch (t.kind) {
        case 'review-reminder':
          if (fireAt <= assignedAt) continue; // was never scheduled: already past when assigned
          if (now.getTime() >= due) continue; // too late to help; the due timer takes over
          out.push({ timer: t, pastNotification: fireAt <= now.getTime() });
          break;
        case 'review-due':
          if ((state.overdue ?? []).includes(`${reviewerId}@${state.revision}`)) continue;
          out.push({ timer: t, pastNotification: false });
          break;
        case 'review-escalation':
          out.push({ timer: t, pastNotification: fireAt <= now.getTime() });
          break;
      }
    }
  }
  return out;
}

/** A ban that ended this long ago is not announced any more: the news would be stale. */
export const STALE_BAN_END_MS = 30 * 86_400_000;

/**
 * The timers the other steps' cases say should be pending now, by the same rules as the review's:
 * reminders scheduled when the step opened and still useful; the due timer while the step is open —
 * a revision until it is marked overdue, a call until it is closed, the others (notices only) unless
 * their notification was sent; the escalation unless it was sent.
 */
export async function wantedStepTimers(
  cases: readonly StepCase[],
  policies: PolicySource,
  now: Date,
): Promise<Array<Wanted<StepTimer>>> {
  const out: Array<Wanted<StepTimer>> = [];
  for (const c of cases) {
    if (!c.open) continue;
    const due = Date.parse(c.dueAt);
    if (c.step === 'ethics_ban_end' && now.getTime() - due > STALE_BAN_END_MS) continue;
    for (const t of await stepTimersOf(c, policies)) {
      const fireAt = Date.parse(t.fireAt);
      const past = fireAt <= now.getTime();
      switch (t.phase) {
        case 'reminder':
          if (fireAt <= Date.parse(c.openedAt)) continue;
          if (now.getTime() >= due) continue;
          out.push({ timer: t, pastNotification: past });
          break;
        case 'due':
          // An open revision is not marked overdue yet; an open call is not closed yet: their commands
          // are still to run. The other steps' due timers only notify.
          out.push({
            timer: t,
            pastNotification: c.step === 'revision' || c.step === 'call_close' ? false : past,
          });
          break;
        case 'escalation':
          out.push({ timer: t, pastNotification: past });
          break;
      }
    }
  }
  return out;
}
