import { createHash } from 'node:crypto';
import { teacherDecider as d, TEACHER_SNAPSHOT_TAG, type TeacherEvent } from './teacher.decider.js';

// A teacher's folded record is kept as a snapshot beside the log, tagged TEACHER_SNAPSHOT_TAG, and a read
// folds on from it (the progression view). A snapshot folded by an older evolve must never be taken for
// the current record: this pins what evolve makes of a history touching every event type, so a change
// to the fold fails here until the tag is bumped along with the digest below.
const NOW = '2026-09-01T08:00:00.000Z';
const source = {
  type: 'training_project' as const,
  id: 'project-1',
  approvingRecord: 'application-1#decided',
};
const history: TeacherEvent[] = [
  { type: 'TeacherRecordOpened', data: { teacherId: 't-1', orgUnit: 'school-a', openedAt: NOW } },
  {
    type: 'TierAwarded',
    data: {
      tier: 'new',
      previousTier: null,
      source: { type: 'seed' },
      policyVersion: 'default-1',
      awardedAt: NOW,
    },
  },
  { type: 'TeacherRecordMoved', data: { fromOrgUnit: 'school-a', toOrgUnit: 'school-b', movedAt: NOW } },
  {
    type: 'RetrainingRequired',
    data: {
      source,
      kind: 'training',
      level: 'district',
      score: 40,
      grade: 'unqualified',
      completedAt: '2026-03-01T02:00:00.000Z',
      policyVersion: 'default-1',
      recordedAt: NOW,
    },
  },
  {
    type: 'HoursGranted',
    data: {
      entryId: 'e1',
      hours: 40,
      credits: 4,
      level: 'district',
      kind: 'training',
      schoolYear: '2025-2026',
      semester: '2025-2026/2',
      completedAt: '2026-06-30T02:00:00.000Z',
      source,
      score: 80,
      policyVersion: 'default-1',
      grantedAt: NOW,
    },
  },
  {
    type: 'HoursGrantReversed',
    data: {
      entryId: 'e1',
      hours: 40,
      credits: 4,
      level: 'district',
      kind: 'training',
      schoolYear: '2025-2026',
      semester: '2025-2026/2',
      reason: '重复登记',
      reversedAt: NOW,
    },
  },
  {
    type: 'EthicsAssessed',
    data: {
      schoolYear: '2025-2026',
      result: 'fail',
      banEndsAt: '2028-08-31T16:00:00.000Z',
      policyVersion: 'default-1',
      assessedAt: NOW,
    },
  },
  {
    type: 'AnnualAppraisalCapped',
    data: { schoolYear: '2025-2026', previous: 'good', result: 'unqualified', reason: 'ethics fail' },
  },
  { type: 'AnnualAppraisalRecorded', data: { schoolYear: '2024-2025', result: 'good', recordedAt: NOW } },
  {
    type: 'FlaggedForRemoval',
    data: { schoolYears: ['2024-2025', '2025-2026'], policyVersion: 'default-1', flaggedAt: NOW },
  },
  {
    type: 'MentorshipYearCredited',
    data: { mentorshipId: 'm-1', mentorId: 'mentor-1', schoolYears: 1, signedOffAt: NOW, creditedAt: NOW },
  },
  {
    type: 'TierAwarded',
    data: {
      tier: 'young',
      previousTier: 'new',
      source: { type: 'mentorship_signoff', mentorshipId: 'm-1' },
      policyVersion: 'default-1',
      awardedAt: NOW,
    },
  },
  {
    type: 'TierRevoked',
    data: {
      tier: 'young',
      toTier: 'new',
      reason: '期末评估不合格',
      assessment: { ref: 'assessment-1', score: 50, grade: 'unqualified' },
      policyVersion: 'default-1',
      revokedAt: NOW,
    },
  },
];

describe('the teacher record’s snapshot tag', () => {
  it('names the fold: a change to what evolve makes of this history bumps TEACHER_SNAPSHOT_TAG', () => {
    const state = history.reduce(d.evolve, d.initialState);
    const digest = createHash('sha256').update(JSON.stringify(state)).digest('hex').slice(0, 16);
    expect({ tag: TEACHER_SNAPSHOT_TAG, digest }).toEqual({
      tag: 'teacher-state-1',
      digest: '1fdfbf528182d1a2',
    });
  });

  it('folds to plain JSON data, so a snapshot parses back to the same state', () => {
    const state = history.reduce(d.evolve, d.initialState);
    expect(JSON.parse(JSON.stringify(state))).toStrictEqual(state);
  });
});
