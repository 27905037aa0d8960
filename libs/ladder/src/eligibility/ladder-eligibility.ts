import { loadState, type EventStore } from '#libs/event-store';
import type { Policy } from '#libs/policy';
import { teacherDecider } from '../teacher/teacher.decider.js';
import {
  applicationEligibility,
  type ApplicationEligibility,
  type ApplicationOnTheLadder,
} from './eligibility.js';

/**
 * The ladder's port for the approval pipeline (ARCHITECTURE.md "Between contexts": the ladder's
 * eligibility as a fact handed to approval): whether an applicant's record allows the application, read
 * from the ladder's own stream by the ladder's own code, so approval never folds a teacher's record.
 */
export type EligibilityLookup = (
  applicantId: string,
  application: ApplicationOnTheLadder,
  policy: Policy,
  now: Date,
) => Promise<ApplicationEligibility>;

export function ladderEligibility(store: EventStore): EligibilityLookup {
  return async (applicantId, application, policy, now) => {
    const { state } = await loadState(store, teacherDecider, `teacher-${applicantId}`);
    return applicationEligibility(state.exists ? state : null, application, policy, now);
  };
}
