import type { Level, Tier } from '#libs/policy';

/**
 * What the ladder reads of approval's published events (ARCHITECTURE.md "Between contexts"). Approval
 * depends on the ladder (eligibility is a fact of its decisions), so the ladder cannot import approval's
 * event union; it states here the part it consumes, and approval checks at compile time that what it
 * records satisfies it (libs/approval/src/application/published-events.ts). A field renamed or
 * dropped there fails the type check instead of a promotion silently not happening.
 */
export interface ApprovalEvents {
  /**
   * DOMAIN.md "The progression ladder": an approved tier promotion awards the tier; an approved studio
   * application founds the studio (seed 000 §五(三)). Schema version 2 (older ones are upcast on read).
   */
  ApplicationDecided: {
    applicantId: string;
    kind: string;
    targetTier: Tier | null;
    decision: 'approve' | 'reject';
  };
  /**
   * DOMAIN.md "Hours and credits": hours are granted on completion of an approved project, with the
   * assessed score when there is one (seed 003 §六4).
   */
  TrainingCompleted: {
    teacherId: string;
    hours: number;
    completedAt: string;
    projectLevel: Level;
    score?: number;
  };
}

/** The consumed events as a union, for `dataOf` (#libs/event-store). */
export type ApprovalEventForLadder = {
  [T in keyof ApprovalEvents]: { type: T; data: ApprovalEvents[T] };
}[keyof ApprovalEvents];
