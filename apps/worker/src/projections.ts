import { applicationSummaryProjection } from '#libs/approval';
import { auditLogProjection } from '#libs/audit';
import { notificationInboxProjection } from '#libs/deadlines';
import type { Projection } from '#libs/event-store';
import { IDENTITY_PROJECTIONS } from '#libs/identity';
import { mentorshipDirectoryProjection, teacherProgressProjection } from '#libs/ladder';

/** Every read model the worker keeps; the rebuild command takes names from here. */
export const ALL_PROJECTIONS: readonly Projection[] = [
  ...IDENTITY_PROJECTIONS,
  applicationSummaryProjection,
  teacherProgressProjection,
  mentorshipDirectoryProjection,
  auditLogProjection,
  notificationInboxProjection,
];
