import type { Grade, Level, Tier } from '#libs/policy';

/**
 * A teacher's record on the ladder (stream `teacher-<teacherId>`): tier and its history, the append-only
 * hours-and-credits ledger, yearly ethics assessments and annual appraisals, credited mentorship years.
 * DOMAIN.md "The progression ladder", "Hours and credits", "Ethics assessment", "Scores and grades".
 */
export const HOUR_KINDS = ['training', 'ethics_study', 'activity'] as const;
export type HourKind = (typeof HOUR_KINDS)[number];

export const GRADES = ['excellent', 'good', 'qualified', 'unqualified'] as const satisfies readonly Grade[];

/** DOMAIN.md "Hours and credits": each grant names the project or activity and its approving record. */
export interface HoursSource {
  type: 'training_project' | 'activity';
  id: string;
  approvingRecord: string;
}

export type TierSource =
  | { type: 'seed' }
  | { type: 'promotion'; applicationId: string }
  | { type: 'mentorship_signoff'; mentorshipId: string };

export interface LedgerEntry {
  entryId: string;
  hours: number;
  credits: number;
  level: Level;
  kind: HourKind;
  schoolYear: string;
  semester: string;
  completedAt: string;
  source: HoursSource;
  /** The completion's test score when the project tests its trainees (检测), else null. */
  score: number | null;
  policyVersion: string;
  grantedAt: string;
  reversed: boolean;
}

/**
 * seed 003 §六4 检测不合格者重新培训: a completion assessed below the qualified score (seed 003 §七(二))
 * grants no hours and leaves the teacher to retrain, until a later qualified completion of the same kind.
 */
export interface RetrainingItem {
  source: HoursSource;
  kind: HourKind;
  level: Level;
  score: number;
  grade: Grade;
  completedAt: string;
  policyVersion: string;
}

export interface TierChange {
  change: 'awarded' | 'revoked';
  tier: Tier;
  at: string;
  policyVersion: string;
  source: TierSource | null;
  reason: string | null;
}

export interface TeacherState {
  exists: boolean;
  teacherId: string | null;
  orgUnit: string | null;
  tier: Tier | null;
  tierHistory: TierChange[];
  ledger: LedgerEntry[];
  ethics: Record<string, 'pass' | 'fail'>;
  /** The latest ban end over all fails (a second fail during a ban may extend it). */
  banEndsAt: string | null;
  flaggedForRemoval: boolean;
  appraisals: Record<string, Grade>;
  mentorships: { mentorshipId: string; mentorId: string; schoolYears: number; signedOffAt: string }[];
  revokedAssessments: string[];
  /** The failed school year the ban in force (`banEndsAt`) runs from. */
  banSchoolYear?: string | null;
  /** Unqualified completions not yet made good by a later qualified one (seed 003 §六4). */
  retraining?: RetrainingItem[];
}

export const initialTeacherState: TeacherState = {
  exists: false,
  teacherId: null,
  orgUnit: null,
  tier: null,
  tierHistory: [],
  ledger: [],
  ethics: {},
  banEndsAt: null,
  flaggedForRemoval: false,
  appraisals: {},
  mentorships: [],
  revokedAssessments: [],
  banSchoolYear: null,
  retraining: [],
};

/**
 * Names TeacherState's shape and the fold that makes it (teacherDecider.evolve over the teacher events
 * as read), for the snapshots of a record kept beside the log (EventStore.saveSnapshot): a snapshot is
 * used only by code of the same tag, so one folded by an older evolve is never taken for the current
 * record. Bump it with any change to evolve, to an event's upcasting, or to the state's fields
 * (teacher.snapshot.spec.ts pins a reference fold to catch a change made without a bump). The state is
 * plain JSON data (strings, numbers, arrays, records) and holds ids and units only, no personal data
 * (names are sealed in identity's events: DOMAIN.md "Audit trail"), so its snapshot leaks nothing the
 * teacher's stream does not already hold in plain.
 */
export const TEACHER_SNAPSHOT_TAG = 'teacher-state-1';
