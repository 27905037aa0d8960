import {
  applicationSummaryProjection,
  evidenceFilesProjection,
  overdueStepsProjection,
} from '#libs/approval';
import { auditLogProjection } from '#libs/audit';
import { notificationInboxProjection } from '#libs/deadlines';
import type { Projection } from '#libs/event-store';
import { IDENTITY_PROJECTIONS } from '#libs/identity';
import {
  ladderPeopleProjection,
  mentorshipDirectoryProjection,
  teacherCreditsProjection,
  teacherProgressProjection,
} from '#libs/ladder';

/** Every read model the worker keeps; the rebuild command takes names from here. */
export const ALL_PROJECTIONS: readonly Projection[] = [
  ...IDENTITY_PROJECTIONS,
  applicationSummaryProjection,
  evidenceFilesProjection,
  teacherProgressProjection,
  mentorshipDirectoryProjection,
  // The people's current units, for the office's pairings list (fed by identity's events).
  ladderPeopleProjection,
  auditLogProjection,
  notificationInboxProjection,
  // The office's reports (统计报表): credits by level and year, overdue steps.
  teacherCreditsProjection,
  overdueStepsProjection,
];
