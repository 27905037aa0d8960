import type { components } from './schema';

/** The shapes the pages use, named once. Where the API documents a schema, the name points at it. */
export type Schemas = components['schemas'];

export type Role = 'teacher' | 'mentor' | 'reviewer' | 'chair' | 'admin';
export const ROLE_ORDER: Role[] = ['teacher', 'mentor', 'reviewer', 'chair', 'admin'];

export interface Me {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  orgUnit: string;
  orgUnitName?: string;
  role: Role;
  locale?: 'zh-CN' | 'en';
}

/** `GET /api/teachers/me/progression` (and `/:id/progression`): the teacher's record and what is next. */
export interface Requirement {
  key: string;
  label: string;
  required: number | string;
  current: number | string;
  met: boolean;
  decidedBy: 'record' | 'committee';
  source: string;
  until?: string;
}

export interface LedgerEntry {
  entryId: string;
  hours: number;
  credits: number;
  level: string;
  kind: string;
  schoolYear: string;
  semester: string;
  completedAt: string;
  source: { type: string; id: string; approvingRecord: string; title?: string | null };
  score: number | null;
  policyVersion: string;
  grantedAt: string;
  reversed: boolean;
  reversalReason?: string | null;
}

export interface Progression {
  teacherId: string;
  orgUnit: string;
  tier: string | null;
  currentTier: string | null;
  nextTier: string | null;
  tierHistory: {
    change: 'awarded' | 'revoked';
    tier: string;
    at: string;
    policyVersion: string;
    source: { type: string; applicationId?: string } | null;
    reason: string | null;
  }[];
  policyVersion: string;
  asOf: string;
  requirements: Requirement[];
  eligible: boolean;
  obligations: Requirement[];
  hours: { total: number; schoolYear: string; thisSchoolYear: number };
  ethics: {
    banEndsAt: string | null;
    banInForce: boolean;
    flaggedForRemoval: boolean;
    banReason?: string | null;
  };
  creditSplit: {
    policyVersion: string;
    totalCredits: number;
    levels: { level: string; credits: number; share: number; target: number; gap: number }[];
  };
  ledger: LedgerEntry[];
  ethicsAssessments: Record<string, 'pass' | 'fail'>;
  appraisals: Record<string, string>;
  mentorships: { mentorshipId: string; mentorId: string; schoolYears: number; signedOffAt: string }[];
  retraining?: { kind: string; since: string }[] | null;
}

/** A call for applications (`GET /api/calls`). */
export interface Call {
  id: string;
  kind: string;
  orgUnit: string;
  orgUnitName?: string;
  title: string;
  opensAt: string;
  closesAt: string;
  closed: boolean;
}

/** An application as the lists and the detail page read it. */
export interface ApplicationSummary {
  id: string;
  kind: string;
  title: string;
  stage: string;
  callId: string;
  applicantId: string;
  orgUnit: string;
  fields: Record<string, unknown>;
  revision: number;
  reviewDueAt: string | null;
  revisionDueAt: string | null;
  reviewsSubmitted: number;
  decision: string | null;
  decisionRationale: string | null;
  averageScore: number | null;
  grade: string | null;
  retired: boolean;
  renewable: boolean;
  enrolled: number;
  completed: number;
  version: number;
  createdAt: string;
  submittedAt: string | null;
  updatedAt: string;
}
