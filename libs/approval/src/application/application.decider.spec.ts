import { given, specMeta } from '#testing/event-store';
import type { ApplicationEligibility } from '#libs/ladder';
import { DEFAULT_POLICY as policy, type Policy } from '#libs/policy';
import {
  applicationDecider as d,
  type ApplicationEvent,
  MAX_ATTACHMENTS,
  type ApplicationFields,
  type AttachmentFact,
  type CallFacts,
  type ReviewRecord,
  currentReviews,
  evaluatorTokenInput,
  projectRunning,
} from './application.decider.js';

// Decider specs for DOMAIN.md "The approval pipeline" (apply → review → approve → evaluate) and the
// separation of duties in "People and roles". Each test names the rule it checks.
const NOW = '2026-09-01T08:00:00.000Z';
const applicant = { actorId: 'teacher-1', actorRole: 'teacher', orgUnit: 'school-a' };
const chair = { actorId: 'chair-1', actorRole: 'chair', orgUnit: 'city-1' };
const reviewer = (n: number) => ({ actorId: `reviewer-${n}`, actorRole: 'reviewer', orgUnit: 'school-b' });
const call: CallFacts = {
  id: 'call-1',
  kind: 'training_project',
  orgUnit: 'city-1',
  opensAt: '2026-08-01T00:00:00.000Z',
  closesAt: '2026-10-01T00:00:00.000Z',
  closed: false,
};
const project: ApplicationFields = {
  kind: 'training_project',
  level: 'district',
  targetTier: 'backbone',
  subject: '初中数学',
  hours: 40,
  capacity: 2,
  budget: 50000,
  startsOn: '2026-10-10',
  endsOn: '2026-12-20',
};
const scores = { ethics: 90, classroom: 85, subject: 80, results: 75, research: 70 };

const drafted: ApplicationEvent = {
  type: 'ApplicationDrafted',
  data: {
    kind: 'training_project',
    title: '初中数学骨干教师培训',
    fields: project,
    callId: 'call-1',
    applicantId: 'teacher-1',
    orgUnit: 'school-a',
    draftedAt: NOW,
  },
};
const submitted: ApplicationEvent = {
  type: 'ApplicationSubmitted',
  data: { submittedAt: NOW, revision: 1, policyVersion: policy.version },
};
/** The ladder's fact for an applicant who qualifies (ladder-eligibility.ts). */
const eligible: ApplicationEligibility = { eligible: true, policyVersion: policy.version };
const submit = (c: CallFacts = call, eligibility: ApplicationEligibility = eligible, p: Policy = policy) => ({
  type: 'SubmitApplication' as const,
  call: c,
  eligibility,
  policy: p,
});
const assigned: ApplicationEvent = {
  type: 'ReviewersAssigned',
  data: {
    reviewers: [1, 2, 3].map((n) => ({ reviewerId: `reviewer-${n}`, conflicts: [], overrideReason: null })),
    dueAt: '2026-09-15T08:00:00.000Z',
    policyVersion: policy.version,
  },
};
const review = (n: number, revision = 1, total = 80): ApplicationEvent => ({
  type: 'ReviewSubmitted',
  data: {
    reviewerId: `reviewer-${n}`,
    scores,
    total,
    comments: 'ok',
    rubricVersion: policy.rubric.version,
    revision,
    submittedAt: NOW,
  } as ReviewRecord,
});
const inReview = [drafted, submitted, assigned];
const quorum = [...inReview, review(1), review(2), review(3)];
const approved: ApplicationEvent = {
  type: 'ApplicationDecided',
  data: {
    applicantId: 'teacher-1',
    kind: 'training_project',
    targetTier: 'backbone',
    decision: 'approve',
    rationale: 'meets the standard',
    decidedAt: NOW,
    policyVersion: policy.version,
    rubricVersion: policy.rubric.version,
    reviews: [],
    averageScore: 80,
    documentsSeen: [],
  },
};
const running = [...quorum, approved];
const enrolled = (t: string): ApplicationEvent => ({
  type: 'TraineeEnrolled',
  data: { teacherId: t, enrolledAt: NOW },
});
const complete = (teacherId: string, hours: number, score: number) => ({
  type: 'RecordCompletion' as const,
  teacherId,
  hours,
  score,
  policy,
});
const completed = (t: string, hours: number, score: number, cycle = 1): ApplicationEvent => ({
  type: 'TrainingCompleted',
  data: {
    teacherId: t,
    hours,
    completedAt: NOW,
    projectLevel: 'district',
    score,
    grade: score >= 90 ? 'excellent' : score >= 80 ? 'good' : score >= 60 ? 'qualified' : 'unqualified',
    cycle,
  },
});

describe('stage 1 Apply: draft, submit within the call window, withdraw before decision', () => {
  it('drafts an application for the acting applicant in their org unit', () => {
    given(d)
      .when({ type: 'DraftApplication', title: '初中数学骨干教师培训', fields: project, call }, applicant)
      .then([drafted]);
  });

  it('refuses a draft against a call for another kind', () => {
    given(d)
      .when(
        {
          type: 'DraftApplication',
          title: 't',
          fields: { kind: 'studio', name: 'n', subject: 's', plan: 'p' },
          call,
        },
        applicant,
      )
      .thenRefuses('wrong_call');
  });

  it.each([
    ['invalid_hours', { hours: 0 }],
    ['invalid_capacity', { capacity: 1.5 }],
    ['invalid_budget', { budget: -1 }],
    ['invalid_dates', { startsOn: '2026-12-31', endsOn: '2026-01-01' }],
  ])('validates a training project’s fields: %s', (code, patch) => {
    given(d)
      .when(
        { type: 'DraftApplication', title: 't', fields: { ...project, ...patch } as ApplicationFields, call },
        applicant,
      )
      .thenRefuses(code);
  });

  it('refuses a promotion to the first tier', () => {
    given(d)
      .when(
        {
          type: 'DraftApplication',
          title: 't',
          fields: { kind: 'tier_promotion', targetTier: 'new', evidence: [] },
          call: { ...call, kind: 'tier_promotion' },
        },
        applicant,
      )
      .thenRefuses('invalid_target_tier');
  });

  it('refuses to draft over an existing application', () => {
    given(d, [drafted])
      .when({ type: 'DraftApplication', title: 't', fields: project, call }, applicant)
      .thenRefuses('application_exists');
  });

  it('lets the applicant edit a draft, and nobody else', () => {
    given(d, [drafted])
      .when({ type: 'UpdateDraft', title: 'new title' }, applicant)
      .then([{ type: 'DraftUpdated', data: { title: 'new title', fields: project } }]);
    given(d, [drafted]).when({ type: 'UpdateDraft', title: 'x' }, reviewer(1)).thenRefuses('not_applicant');
    given(d, [drafted, submitted])
      .when({ type: 'UpdateDraft', title: 'x' }, applicant)
      .thenRefuses('not_editable');
  });

  it('submits within the call window', () => {
    given(d, [drafted]).when(submit(), applicant).then([submitted]);
  });

  it.each([
    ['before it opens', { opensAt: '2026-09-02T00:00:00.000Z' }],
    ['after it closes', { closesAt: '2026-09-01T08:00:00.000Z' }],
    ['once closed early', { closed: true }],
  ])('refuses a submission %s (DOMAIN.md: only within the call’s window)', (_label, patch) => {
    given(d, [drafted])
      .when(submit({ ...call, ...patch }), applicant)
      .thenRefuses('outside_call_window');
  });

  it('refuses a submit by anyone but the applicant', () => {
    given(d, [drafted]).when(submit(), chair).thenRefuses('not_applicant');
  });

  it('treats a repeated submit as done, and refuses to submit a decided one', () => {
    given(d, [drafted, submitted]).when(submit(), applicant).thenNothing();
    given(d, running).when(submit(), applicant).thenRefuses('not_submittable');
  });

  it('refuses commands on an application that does not exist', () => {
    given(d).when(submit(), applicant).thenRefuses('application_not_found');
  });

  it('withdraws before a decision, never after', () => {
    given(d, inReview)
      .when({ type: 'WithdrawApplication', reason: 'duplicate' }, applicant)
      .then([{ type: 'ApplicationWithdrawn', data: { reason: 'duplicate', withdrawnAt: NOW } }]);
    given(d, running)
      .when({ type: 'WithdrawApplication', reason: 'late' }, applicant)
      .thenRefuses('already_decided');
    given(d, inReview).when({ type: 'WithdrawApplication', reason: 'x' }, chair).thenRefuses('not_applicant');
  });
});

describe('stage 2 Review: assignment with conflict checks, rubric scores, requested changes', () => {
  const assign = (
    reviewers: {
      reviewerId: string;
      conflicts?: ('same_school' | 'mentor_or_mentee' | 'same_studio' | 'own_application')[];
      overrideReason?: string;
      isReviewer?: boolean;
    }[],
  ) => ({
    type: 'AssignReviewers' as const,
    reviewers: reviewers.map((r) => ({ conflicts: [], ...r })),
    policy,
  });

  it('lets the chair assign reviewers, with a due date from the policy', () => {
    given(d, [drafted, submitted])
      .when(
        assign([{ reviewerId: 'reviewer-1' }, { reviewerId: 'reviewer-2' }, { reviewerId: 'reviewer-3' }]),
        chair,
      )
      .then([assigned]);
  });

  it('refuses assignment by anyone but a chair (separation of duties in the decider)', () => {
    given(d, [drafted, submitted])
      .when(assign([{ reviewerId: 'reviewer-1' }]), reviewer(1))
      .thenRefuses('chair_only');
    given(d, [drafted, submitted])
      .when(assign([{ reviewerId: 'reviewer-1' }]), { ...applicant })
      .thenRefuses('chair_only');
  });

  it('assigns only committee members the directory knows as reviewers (DOMAIN.md "People and roles")', () => {
    given(d, [drafted, submitted])
      .when(assign([{ reviewerId: 'teacher-9', isReviewer: false }]), chair)
      .thenRefuses('not_a_reviewer', /teacher-9/);
  });

  it.each(['same_school', 'mentor_or_mentee', 'same_studio'] as const)(
    'refuses a reviewer with a conflict of interest (%s) unless the chair records a reason (DOMAIN.md 利益回避)',
    (conflict) => {
      given(d, [drafted, submitted])
        .when(assign([{ reviewerId: 'reviewer-1', conflicts: [conflict] }]), chair)
        .thenRefuses('conflict_of_interest');
      given(d, [drafted, submitted])
        .when(assign([{ reviewerId: 'reviewer-1', conflicts: [conflict], overrideReason: '  ' }]), chair)
        .thenRefuses('conflict_of_interest');
      given(d, [drafted, submitted])
        .when(
          assign([
            {
              reviewerId: 'reviewer-1',
              conflicts: [conflict],
              overrideReason: 'only subject expert available',
            },
          ]),
          chair,
        )
        .then([
          {
            type: 'ReviewersAssigned',
            data: {
              reviewers: [
                {
                  reviewerId: 'reviewer-1',
                  conflicts: [conflict],
                  overrideReason: 'only subject expert available',
                },
              ],
              dueAt: '2026-09-15T08:00:00.000Z',
              policyVersion: policy.version,
            },
          },
        ]);
    },
  );

  it('never assigns the applicant to review their own application, override or not', () => {
    given(d, [drafted, submitted])
      .when(
        assign([{ reviewerId: 'teacher-1', conflicts: ['own_application'], overrideReason: 'please' }]),
        chair,
      )
      .thenRefuses('own_application');
  });

  it('refuses a chair handling their own application', () => {
    given(d, [drafted, submitted])
      .when(assign([{ reviewerId: 'reviewer-1' }]), { ...chair, actorId: 'teacher-1' })
      .thenRefuses('own_application');
  });

  it('ignores reviewers already assigned', () => {
    given(d, inReview)
      .when(assign([{ reviewerId: 'reviewer-1' }]), chair)
      .thenNothing();
  });

  it('refuses assignment to a draft', () => {
    given(d, [drafted])
      .when(assign([{ reviewerId: 'reviewer-1' }]), chair)
      .thenRefuses('not_reviewable');
  });

  it('records an assigned reviewer’s scores on the rubric in force, with the average', () => {
    given(d, inReview)
      .when({ type: 'SubmitReview', scores, comments: '教学设计扎实', policy }, reviewer(1))
      .then([
        {
          type: 'ReviewSubmitted',
          data: {
            reviewerId: 'reviewer-1',
            scores,
            total: 80,
            comments: '教学设计扎实',
            rubricVersion: policy.rubric.version,
            revision: 1,
            submittedAt: NOW,
          },
        },
      ]);
  });

  it('refuses a review from someone not assigned (a teacher can never review)', () => {
    given(d, inReview)
      .when({ type: 'SubmitReview', scores, comments: '', policy }, reviewer(9))
      .thenRefuses('not_assigned');
    given(d, inReview)
      .when({ type: 'SubmitReview', scores, comments: '', policy }, applicant)
      .thenRefuses('not_assigned');
  });

  it('refuses a second review of the same revision', () => {
    given(d, [...inReview, review(1)])
      .when({ type: 'SubmitReview', scores, comments: '', policy }, reviewer(1))
      .thenRefuses('already_reviewed');
  });

  it('refuses scores that miss or add rubric dimensions, or leave 0–100 (seed 003 §七(二))', () => {
    const { research: _omit, ...missing } = scores;
    given(d, inReview)
      .when({ type: 'SubmitReview', scores: missing, comments: '', policy }, reviewer(1))
      .thenRefuses('rubric_mismatch');
    given(d, inReview)
      .when({ type: 'SubmitReview', scores: { ...scores, charm: 5 }, comments: '', policy }, reviewer(1))
      .thenRefuses('rubric_mismatch');
    given(d, inReview)
      .when({ type: 'SubmitReview', scores: { ...scores, ethics: 101 }, comments: '', policy }, reviewer(1))
      .thenRefuses('score_out_of_range');
    given(d, inReview)
      .when({ type: 'SubmitReview', scores: { ...scores, ethics: -1 }, comments: '', policy }, reviewer(1))
      .thenRefuses('score_out_of_range');
  });

  it('lets the chair request changes; the applicant resubmits outside the window, as a new revision', () => {
    const changes: ApplicationEvent = {
      type: 'ChangesRequested',
      data: { reason: 'budget detail', dueAt: '2026-09-15T08:00:00.000Z', revision: 1 },
    };
    given(d, [...inReview, review(1)])
      .when({ type: 'RequestChanges', reason: 'budget detail', policy }, chair)
      .then([changes]);
    given(d, [...inReview, review(1), changes])
      .when(submit({ ...call, closed: true }), applicant)
      .then([
        {
          type: 'ApplicationSubmitted',
          data: { submittedAt: NOW, revision: 2, policyVersion: policy.version },
        },
      ]);
    given(d, [...inReview, changes])
      .when({ type: 'RequestChanges', reason: 'x', policy }, reviewer(1))
      .thenRefuses('chair_only');
  });

  it('counts only reviews of the current revision toward the quorum', () => {
    const resubmitted = [
      ...quorum,
      { type: 'ChangesRequested', data: { reason: 'r', dueAt: NOW, revision: 1 } } as ApplicationEvent,
      { type: 'ApplicationSubmitted', data: { submittedAt: NOW, revision: 2 } } as ApplicationEvent,
      {
        ...assigned,
        data: {
          ...assigned.data,
          reviewers: [{ reviewerId: 'reviewer-4', conflicts: [], overrideReason: null }],
        },
      } as ApplicationEvent,
    ];
    given(d, resubmitted)
      .when(
        { type: 'DecideApplication', decision: 'approve', rationale: 'r', documentsSeen: [], policy },
        chair,
      )
      .thenRefuses('no_quorum');
    // reviewer-1 may review the new revision
    given(d, resubmitted)
      .when({ type: 'SubmitReview', scores, comments: 'ok', policy }, reviewer(1))
      .then([review(1, 2)]);
  });
});

describe('stage 3 Approve: the chair decides with a quorum and a rationale', () => {
  it('records the decision with the scores, rubric version, policy version and documents seen', () => {
    given(d, quorum)
      .when(
        {
          type: 'DecideApplication',
          decision: 'approve',
          rationale: 'meets the standard',
          documentsSeen: ['plan.pdf'],
          policy,
        },
        chair,
      )
      .then([
        {
          type: 'ApplicationDecided',
          data: {
            applicantId: 'teacher-1',
            kind: 'training_project',
            targetTier: 'backbone',
            decision: 'approve',
            rationale: 'meets the standard',
            decidedAt: NOW,
            policyVersion: policy.version,
            rubricVersion: policy.rubric.version,
            reviews: [1, 2, 3].map((n) => ({ reviewerId: `reviewer-${n}`, total: 80, scores })),
            averageScore: 80,
            documentsSeen: ['plan.pdf'],
            attachmentsSeen: [],
          },
        },
      ]);
  });

  it('refuses a decision without the quorum (policy default 3)', () => {
    const err = given(d, [...inReview, review(1), review(2)])
      .when(
        { type: 'DecideApplication', decision: 'reject', rationale: 'r', documentsSeen: [], policy },
        chair,
      )
      .thenRefuses('no_quorum');
    expect(err.details).toEqual({ required: 3, submitted: 2 });
    given(d, [...inReview, review(1)])
      .when(
        {
          type: 'DecideApplication',
          decision: 'approve',
          rationale: 'r',
          documentsSeen: [],
          policy: { ...policy, reviewQuorum: 1 },
        },
        chair,
      )
      .then([expect.objectContaining({ type: 'ApplicationDecided' }) as never]);
  });

  it('refuses a decision by a reviewer or teacher, by the applicant-chair, and a second decision', () => {
    const decide = {
      type: 'DecideApplication' as const,
      decision: 'approve' as const,
      rationale: 'r',
      documentsSeen: [],
      policy,
    };
    given(d, quorum).when(decide, reviewer(1)).thenRefuses('chair_only');
    given(d, quorum).when(decide, applicant).thenRefuses('chair_only');
    given(d, quorum)
      .when(decide, { ...chair, actorId: 'teacher-1' })
      .thenRefuses('own_application');
    given(d, running).when(decide, chair).thenRefuses('already_decided');
  });
});

describe('stage 4 Evaluate: training projects run, complete, are evaluated and graded', () => {
  it('enrols up to capacity', () => {
    given(d, running)
      .when({ type: 'EnrolTrainee', teacherId: 't-1' }, applicant)
      .then([enrolled('t-1')]);
    given(d, [...running, enrolled('t-1')])
      .when({ type: 'EnrolTrainee', teacherId: 't-1' }, applicant)
      .thenNothing();
    given(d, [...running, enrolled('t-1'), enrolled('t-2')])
      .when({ type: 'EnrolTrainee', teacherId: 't-3' }, applicant)
      .thenRefuses('project_full');
  });

  it('lets a teacher enrol themself, and only the owner or an admin enrol others', () => {
    given(d, running)
      .when({ type: 'EnrolTrainee', teacherId: 't-1' }, { actorId: 't-1', actorRole: 'teacher' })
      .then([enrolled('t-1')]);
    given(d, running)
      .when({ type: 'EnrolTrainee', teacherId: 't-1' }, { actorId: 'admin-1', actorRole: 'admin' })
      .then([enrolled('t-1')]);
    given(d, running)
      .when({ type: 'EnrolTrainee', teacherId: 't-1' }, { actorId: 't-2', actorRole: 'teacher' })
      .thenRefuses('not_project_owner');
  });

  it('runs only approved, unretired training projects', () => {
    given(d, quorum)
      .when({ type: 'EnrolTrainee', teacherId: 't-1' }, applicant)
      .thenRefuses('project_not_approved');
  });

  it('records completions for enrolled trainees within the project’s hours, with the assessed score and its grade (seed 003 §六4, §七(二))', () => {
    given(d, [...running, enrolled('t-1')])
      .when(complete('t-1', 40, 86), applicant)
      .then([completed('t-1', 40, 86)]);
    given(d, [...running, enrolled('t-1')])
      .when(complete('t-1', 40, 59), applicant)
      .then([completed('t-1', 40, 59)]);
    given(d, [...running, enrolled('t-1')])
      .when(complete('t-2', 4, 80), applicant)
      .thenRefuses('not_enrolled');
    given(d, [...running, enrolled('t-1')])
      .when(complete('t-1', 41, 80), applicant)
      .thenRefuses('invalid_hours');
    given(d, [...running, enrolled('t-1')])
      .when(complete('t-1', 40, 101), applicant)
      .thenRefuses('score_out_of_range');
    given(d, [...running, enrolled('t-1')])
      .when(complete('t-1', 4, 80), reviewer(1))
      .thenRefuses('not_project_owner');
  });

  it('takes anonymous trainee evaluations once per trainee (seed 004 §二(四)9)', () => {
    const h = [...running, enrolled('t-1'), completed('t-1', 40, 80)];
    const ev: ApplicationEvent = {
      type: 'TraineeEvaluationSubmitted',
      data: { evaluatorToken: 'tok', score: 88, comment: 'useful' },
    };
    given(d, h)
      .when(
        {
          type: 'SubmitTraineeEvaluation',
          traineeId: 't-1',
          evaluatorToken: 'tok',
          score: 88,
          comment: 'useful',
        },
        { actorId: 'anonymous-trainee' },
      )
      .then([ev]);
    given(d, [...h, ev])
      .when({
        type: 'SubmitTraineeEvaluation',
        traineeId: 't-1',
        evaluatorToken: 'tok',
        score: 50,
        comment: '',
      })
      .thenRefuses('already_evaluated');
    given(d, h)
      .when({
        type: 'SubmitTraineeEvaluation',
        traineeId: 't-9',
        evaluatorToken: 'x',
        score: 50,
        comment: '',
      })
      .thenRefuses('not_a_trainee');
  });

  const parts = (v: number) => ({
    selfAssessment: v,
    archiveCheck: v,
    traineeInterviews: v,
    onSiteDefence: v,
  });
  it.each([
    [95, 'excellent', 'ProjectRenewed'],
    [85, 'good', 'ProjectRenewed'],
    [70, 'qualified', 'ProjectConcluded'],
    [50, 'unqualified', 'ProjectRetired'],
  ] as const)(
    'grades a performance evaluation of %d as %s (≥90/80/60) with its consequence: %s (seed 004 §二(四)9)',
    (score, grade, consequence) => {
      const [evaluated, then] = given(d, running)
        .when({ type: 'EvaluatePerformance', parts: parts(score), policy }, chair)
        .then([
          {
            type: 'PerformanceEvaluated',
            data: { parts: parts(score), score, grade, policyVersion: policy.version, evaluatedAt: NOW },
          },
          expect.objectContaining({ type: consequence }) as never,
        ]);
      expect(evaluated!.type).toBe('PerformanceEvaluated');
      expect(then!.data).toMatchObject({ grade });
    },
  );

  it('weighs the four parts by the policy', () => {
    given(d, running)
      .when(
        {
          type: 'EvaluatePerformance',
          parts: { selfAssessment: 100, archiveCheck: 80, traineeInterviews: 60, onSiteDefence: 40 },
          policy,
        },
        chair,
      )
      .then([
        expect.objectContaining({
          data: expect.objectContaining({ score: 70, grade: 'qualified' }),
        }) as never,
        expect.objectContaining({ type: 'ProjectConcluded' }) as never,
      ]);
  });

  it('refuses evaluation by a teacher or reviewer, and enrolment in a retired project', () => {
    given(d, running)
      .when({ type: 'EvaluatePerformance', parts: parts(90), policy }, reviewer(1))
      .thenRefuses('chair_only');
    const retired: ApplicationEvent = {
      type: 'ProjectRetired',
      data: { reason: 'r', grade: 'unqualified', retiredAt: NOW },
    };
    given(d, [...running, retired])
      .when({ type: 'EnrolTrainee', teacherId: 't-1' }, applicant)
      .thenRefuses('project_retired');
  });

  it('refuses to run an approved studio as a training project', () => {
    const studio: ApplicationEvent = {
      type: 'ApplicationDrafted',
      data: {
        ...(drafted.data as object),
        kind: 'studio',
        fields: { kind: 'studio', name: 'n', subject: 's', plan: 'p' },
      } as never,
    };
    given(d, [studio, submitted, assigned, review(1), review(2), review(3), approved])
      .when({ type: 'EnrolTrainee', teacherId: 't' }, applicant)
      .thenRefuses('not_a_training_project');
  });
});

describe('Deadlines (DOMAIN.md "Deadlines and reminders"): the review-due timer marks a missed review overdue, once', () => {
  const system = { actorId: 'system', actorRole: 'system', orgUnit: 'city-1' };
  const DUE = '2026-09-15T08:00:00.000Z';
  const mark = { type: 'MarkReviewOverdue', reviewerId: 'reviewer-1', revision: 1, dueAt: DUE } as const;
  const overdue: ApplicationEvent = {
    type: 'ReviewOverdue',
    data: { reviewerId: 'reviewer-1', revision: 1, dueAt: DUE, markedAt: NOW },
  };

  it('marks a review that is still missing overdue', () => {
    given(d, inReview).when(mark, system).then([overdue]);
  });

  it('does nothing when the reviewer already submitted for the current revision', () => {
    given(d, [...inReview, review(1)])
      .when(mark, system)
      .thenNothing();
  });

  it('does nothing when repeated: an overdue step is handled once', () => {
    given(d, [...inReview, overdue])
      .when(mark, system)
      .thenNothing();
  });

  it('does nothing once the application left review (withdrawn, decided, sent back)', () => {
    const withdrawn: ApplicationEvent = {
      type: 'ApplicationWithdrawn',
      data: { reason: 'r', withdrawnAt: NOW },
    };
    const changes: ApplicationEvent = {
      type: 'ChangesRequested',
      data: { reason: 'r', dueAt: DUE, revision: 1 },
    };
    given(d, [...inReview, withdrawn])
      .when(mark, system)
      .thenNothing();
    given(d, [...inReview, changes])
      .when(mark, system)
      .thenNothing();
    given(d, [...quorum, approved])
      .when({ ...mark, reviewerId: 'reviewer-2' }, system)
      .thenNothing();
  });

  it('ignores a timer left over from another revision, due date or reviewer', () => {
    given(d, inReview)
      .when({ ...mark, revision: 0 }, system)
      .thenNothing();
    given(d, inReview)
      .when({ ...mark, dueAt: '2026-09-20T08:00:00.000Z' }, system)
      .thenNothing();
    given(d, inReview)
      .when({ ...mark, reviewerId: 'reviewer-9' }, system)
      .thenNothing();
  });

  it('is for the deadline timers only', () => {
    given(d, inReview).when(mark, chair).thenRefuses('system_only');
  });
});

describe('Deadlines (DOMAIN.md "Deadlines and reminders"): the revision-due timer marks a missing resubmission overdue, once', () => {
  const system = { actorId: 'system', actorRole: 'system', orgUnit: 'city-1' };
  const DUE = '2026-09-08T08:00:00.000Z';
  const sentBack: ApplicationEvent = {
    type: 'ChangesRequested',
    data: { reason: '请补充材料', dueAt: DUE, revision: 1 },
  };
  const mark = { type: 'MarkRevisionOverdue', revision: 1, dueAt: DUE } as const;
  const overdue: ApplicationEvent = {
    type: 'RevisionOverdue',
    data: { revision: 1, dueAt: DUE, markedAt: NOW },
  };

  it('marks a revision the applicant has not resubmitted overdue', () => {
    given(d, [...inReview, sentBack])
      .when(mark, system)
      .then([overdue]);
  });

  it('does nothing when repeated, after the resubmission, or after a withdrawal', () => {
    given(d, [...inReview, sentBack, overdue])
      .when(mark, system)
      .thenNothing();
    const resubmitted: ApplicationEvent = {
      type: 'ApplicationSubmitted',
      data: { submittedAt: NOW, revision: 2 },
    };
    given(d, [...inReview, sentBack, resubmitted])
      .when(mark, system)
      .thenNothing();
    given(d, [
      ...inReview,
      sentBack,
      { type: 'ApplicationWithdrawn', data: { reason: 'r', withdrawnAt: NOW } },
    ])
      .when(mark, system)
      .thenNothing();
  });

  it('ignores a timer of another round or due date', () => {
    given(d, [...inReview, sentBack])
      .when({ ...mark, revision: 2 }, system)
      .thenNothing();
    given(d, [...inReview, sentBack])
      .when({ ...mark, dueAt: '2026-09-09T08:00:00.000Z' }, system)
      .thenNothing();
  });

  it('is for the deadline timers only', () => {
    given(d, [...inReview, sentBack])
      .when(mark, chair)
      .thenRefuses('system_only');
  });
});

describe('four eyes (DOMAIN.md "People and roles": the chair who decides is none of its reviewers)', () => {
  const chairReviewer = { actorId: 'reviewer-1', actorRole: 'chair', orgUnit: 'city-1' };
  const decide = {
    type: 'DecideApplication' as const,
    decision: 'approve' as const,
    rationale: 'r',
    documentsSeen: [],
    policy,
    eligibility: eligible,
  };

  it('refuses a chair assigning themselves as a reviewer, override or not', () => {
    const err = given(d, [drafted, submitted])
      .when(
        {
          type: 'AssignReviewers',
          reviewers: [
            { reviewerId: 'reviewer-2', conflicts: [] },
            { reviewerId: 'chair-1', conflicts: [], overrideReason: 'only expert' },
          ],
          policy,
        },
        chair,
      )
      .thenRefuses('four_eyes');
    expect(err.kind).toBe('forbidden');
  });

  it('refuses a decision by a chair who reviewed the application, or is assigned to review it', () => {
    given(d, quorum).when(decide, chairReviewer).thenRefuses('four_eyes');
    // Assigned but not yet reviewed (a fourth reviewer): still a reviewer of it.
    const fourth: ApplicationEvent = {
      ...assigned,
      data: {
        ...(assigned.data as object),
        reviewers: [{ reviewerId: 'reviewer-4', conflicts: [], overrideReason: null }],
      } as never,
    };
    given(d, [...quorum, fourth])
      .when(decide, { ...chairReviewer, actorId: 'reviewer-4' })
      .thenRefuses('four_eyes');
    given(d, quorum)
      .when(decide, chair)
      .then([expect.objectContaining({ type: 'ApplicationDecided' }) as never]);
  });
});

describe('eligibility at submission and again at the decision (DOMAIN.md "Ethics assessment", last rule)', () => {
  const studioDraft: ApplicationEvent = {
    type: 'ApplicationDrafted',
    data: {
      ...(drafted.data as object),
      kind: 'studio',
      fields: { kind: 'studio', name: '数学名师工作室', subject: '数学', plan: '1+1' },
    } as never,
  };
  const notMaster: ApplicationEligibility = {
    eligible: false,
    policyVersion: policy.version,
    code: 'leader_not_master',
    message: 'a studio is led by a master teacher (名优教师); the applicant is young',
    details: { requiredTier: 'master', currentTier: 'young' },
  };
  const hoursShort: ApplicationEligibility = {
    eligible: false,
    policyVersion: policy.version,
    code: 'promotion_ineligible',
    message: 'not eligible for backbone: training hours (学时), net of reversals: 120 of 150',
    details: { targetTier: 'backbone', unmet: [{ key: 'training_hours', required: 150, current: 120 }] },
  };

  it('refuses a studio from a teacher who is not a 名优教师 at submission, with the tiers (seed 000 §五(三))', () => {
    const err = given(d, [studioDraft])
      .when(submit({ ...call, kind: 'studio' }, notMaster), applicant)
      .thenRefuses('leader_not_master', /checked at the submission/);
    expect(err.details).toEqual({ requiredTier: 'master', currentTier: 'young', checkedAt: 'submission' });
  });

  it('refuses a promotion whose ladder requirements are unmet, with the numbers (DOMAIN.md ladder table)', () => {
    const err = given(d, [drafted])
      .when(submit(call, hoursShort), applicant)
      .thenRefuses('promotion_ineligible', /120 of 150/);
    expect(err.details.unmet).toEqual([{ key: 'training_hours', required: 150, current: 120 }]);
  });

  it('checks again at the decision: an approval is refused once the applicant no longer qualifies; a rejection is not', () => {
    const decide = (decision: 'approve' | 'reject', eligibility?: ApplicationEligibility) => ({
      type: 'DecideApplication' as const,
      decision,
      rationale: 'r',
      documentsSeen: [],
      policy,
      ...(eligibility && { eligibility }),
    });
    given(d, quorum)
      .when(decide('approve', hoursShort), chair)
      .thenRefuses('promotion_ineligible', /checked at the decision/);
    given(d, quorum)
      .when(decide('reject', hoursShort), chair)
      .then([expect.objectContaining({ type: 'ApplicationDecided' }) as never]);
  });
});

describe('policy pinned per application (DOMAIN.md preamble: every decision records the policy version it used)', () => {
  const v2: Policy = {
    ...policy,
    version: 'v2',
    reviewQuorum: 1,
    rubric: { version: 'rubric-2', dimensions: [{ key: 'overall', label: 'overall' }] },
  };

  it('pins the version in force at the first submission, and keeps it on resubmission', () => {
    given(d, [drafted])
      .when(submit(call, eligible, v2), applicant)
      .then([{ type: 'ApplicationSubmitted', data: { submittedAt: NOW, revision: 1, policyVersion: 'v2' } }]);
    const sentBack: ApplicationEvent = {
      type: 'ChangesRequested',
      data: { reason: 'r', dueAt: NOW, revision: 1 },
    };
    given(d, [...inReview, sentBack])
      .when(submit(call, eligible, v2), applicant)
      .thenRefuses('policy_version_mismatch');
  });

  it('refuses reviews, requested changes, assignments and decisions under another version than the pinned one', () => {
    given(d, inReview)
      .when({ type: 'SubmitReview', scores: { overall: 90 }, comments: '', policy: v2 }, reviewer(1))
      .thenRefuses('policy_version_mismatch');
    given(d, inReview)
      .when({ type: 'RequestChanges', reason: 'r', policy: v2 }, chair)
      .thenRefuses('policy_version_mismatch');
    given(d, inReview)
      .when(
        { type: 'AssignReviewers', reviewers: [{ reviewerId: 'reviewer-5', conflicts: [] }], policy: v2 },
        chair,
      )
      .thenRefuses('policy_version_mismatch');
    const err = given(d, [...inReview, review(1)])
      .when(
        {
          type: 'DecideApplication',
          decision: 'approve',
          rationale: 'r',
          documentsSeen: [],
          policy: v2,
          eligibility: eligible,
        },
        chair,
      )
      .thenRefuses('policy_version_mismatch');
    expect(err.details).toEqual({ pinned: policy.version, given: 'v2' });
  });

  it('records the pinned rubric and policy versions in the decision', () => {
    const [decided] = given(d, quorum)
      .when(
        {
          type: 'DecideApplication',
          decision: 'approve',
          rationale: 'r',
          documentsSeen: [],
          policy,
          eligibility: eligible,
        },
        chair,
      )
      .then([expect.objectContaining({ type: 'ApplicationDecided' }) as never]);
    expect(decided!.data).toMatchObject({
      policyVersion: policy.version,
      rubricVersion: policy.rubric.version,
    });
  });
});

describe('replacing a reviewer: the chair removes an overdue or conflicted one (DOMAIN.md "Deadlines and reminders", 利益回避)', () => {
  const DUE = '2026-09-15T08:00:00.000Z';
  const later = { ...chair, now: new Date('2026-09-16T08:00:00.000Z') };
  const remove = (reviewerId: string, conflicts: ('same_school' | 'same_studio')[] = []) => ({
    type: 'RemoveReviewer' as const,
    reviewerId,
    reason: '逾期未评，另行指派',
    conflicts,
  });
  const removed = (
    reviewerId: string,
    over: Partial<Extract<ApplicationEvent, { type: 'ReviewerRemoved' }>['data']> = {},
  ): ApplicationEvent => ({
    type: 'ReviewerRemoved',
    data: {
      reviewerId,
      revision: 1,
      reason: '逾期未评，另行指派',
      grounds: ['overdue'],
      conflicts: [],
      reviewDiscarded: false,
      removedAt: '2026-09-16T08:00:00.000Z',
      ...over,
    },
  });

  it('removes a reviewer whose review is past due, with the reason', () => {
    given(d, inReview)
      .when(remove('reviewer-1'), later)
      .then([removed('reviewer-1')]);
  });

  it('removes a reviewer found in a conflict of interest, even after their review, which then no longer counts', () => {
    const h = [...quorum];
    given(d, h)
      .when(remove('reviewer-3', ['same_studio']), chair)
      .then([
        removed('reviewer-3', {
          reason: '逾期未评，另行指派',
          grounds: ['conflict_of_interest'],
          conflicts: ['same_studio'],
          reviewDiscarded: true,
          removedAt: NOW,
        }),
      ]);
    const after = [
      ...h,
      removed('reviewer-3', {
        grounds: ['conflict_of_interest'],
        conflicts: ['same_studio'],
        reviewDiscarded: true,
      }),
    ];
    // The quorum is short again; a replacement's review restores it, and the average leaves the removed one out.
    given(d, after)
      .when(
        {
          type: 'DecideApplication',
          decision: 'approve',
          rationale: 'r',
          documentsSeen: [],
          policy,
          eligibility: eligible,
        },
        chair,
      )
      .thenRefuses('no_quorum');
    const replaced: ApplicationEvent = {
      ...assigned,
      data: {
        ...(assigned.data as object),
        reviewers: [{ reviewerId: 'reviewer-4', conflicts: [], overrideReason: null }],
      } as never,
    };
    const [decision] = given(d, [...after, replaced, review(4, 1, 90)])
      .when(
        {
          type: 'DecideApplication',
          decision: 'approve',
          rationale: 'r',
          documentsSeen: [],
          policy,
          eligibility: eligible,
        },
        chair,
      )
      .then([expect.objectContaining({ type: 'ApplicationDecided' }) as never]);
    expect(decision!.data).toMatchObject({ averageScore: 83.33 });
    expect(
      (decision!.data as { reviews: { reviewerId: string }[] }).reviews.map((r) => r.reviewerId),
    ).toEqual(['reviewer-1', 'reviewer-2', 'reviewer-4']);
  });

  it('refuses to remove a reviewer who is on time and unconflicted, without a reason, or who is not assigned', () => {
    given(d, inReview).when(remove('reviewer-1'), chair).thenRefuses('removal_not_justified');
    given(d, inReview)
      .when({ ...remove('reviewer-1'), reason: '  ' }, later)
      .thenRefuses('reason_required');
    given(d, inReview).when(remove('reviewer-9'), later).thenRefuses('reviewer_not_assigned');
    given(d, inReview)
      .when(remove('reviewer-1'), { ...reviewer(2), now: later.now })
      .thenRefuses('chair_only');
  });

  it('stops the removed reviewer: no review, no overdue mark, no return to this revision', () => {
    const h = [...inReview, removed('reviewer-1')];
    given(d, h)
      .when({ type: 'SubmitReview', scores, comments: '', policy }, reviewer(1))
      .thenRefuses('not_assigned');
    given(d, h)
      .when(
        { type: 'MarkReviewOverdue', reviewerId: 'reviewer-1', revision: 1, dueAt: DUE },
        { actorId: 'system', actorRole: 'system' },
      )
      .thenNothing();
    given(d, h)
      .when(
        { type: 'AssignReviewers', reviewers: [{ reviewerId: 'reviewer-1', conflicts: [] }], policy },
        chair,
      )
      .thenRefuses('reviewer_removed');
  });
});

describe('project owners and trainees (DOMAIN.md "People and roles")', () => {
  it('refuses the owner enrolling in their own project, whoever asks', () => {
    given(d, running)
      .when({ type: 'EnrolTrainee', teacherId: 'teacher-1' }, applicant)
      .thenRefuses('own_project');
    given(d, running)
      .when({ type: 'EnrolTrainee', teacherId: 'teacher-1' }, { actorId: 'admin-1', actorRole: 'admin' })
      .thenRefuses('own_project');
  });

  it('opens a trainee’s evaluation only at their completion, and never to the owner', () => {
    const evaluate = (traineeId: string) => ({
      type: 'SubmitTraineeEvaluation' as const,
      traineeId,
      evaluatorToken: `tok-${traineeId}`,
      score: 90,
      comment: '',
    });
    given(d, [...running, enrolled('t-1')])
      .when(evaluate('t-1'))
      .thenRefuses('evaluation_not_open');
    given(d, [...running, enrolled('t-1'), completed('t-1', 40, 80)])
      .when(evaluate('t-1'))
      .then([expect.objectContaining({ type: 'TraineeEvaluationSubmitted' }) as never]);
    given(d, [...running, enrolled('t-1'), completed('t-1', 40, 80)])
      .when(evaluate('teacher-1'))
      .thenRefuses('own_project');
  });

  it('enrols teachers within the project’s reach only (the call’s org unit and below)', () => {
    given(d, running)
      .when(
        { type: 'EnrolTrainee', teacherId: 't-1', inScope: false },
        { actorId: 't-1', actorRole: 'teacher' },
      )
      .thenRefuses('outside_project_scope');
    given(d, running)
      .when(
        { type: 'EnrolTrainee', teacherId: 't-1', inScope: true },
        { actorId: 't-1', actorRole: 'teacher' },
      )
      .then([enrolled('t-1')]);
  });
});

describe('renewal into the next cycle without re-review (seed 004 §二(四)9 周期遴选与免评备案)', () => {
  const parts = (v: number) => ({
    selfAssessment: v,
    archiveCheck: v,
    traineeInterviews: v,
    onSiteDefence: v,
  });
  const renewed: ApplicationEvent = {
    type: 'ProjectRenewed',
    data: {
      grade: 'good',
      cycle: 2,
      reviewExempt: true,
      renewedAt: NOW,
      nextEvaluationDueAt: '2028-09-01T08:00:00.000Z',
    },
  };

  it('renews a good or excellent project into cycle 2, due for evaluation two years on', () => {
    given(d, [...running, enrolled('t-1'), enrolled('t-2')])
      .when({ type: 'EvaluatePerformance', parts: parts(85), policy }, chair)
      .then([expect.objectContaining({ type: 'PerformanceEvaluated' }) as never, renewed]);
  });

  it('runs the next cycle with new trainees: places free up, last cycle’s trainees may enrol again', () => {
    const h = [...running, enrolled('t-1'), enrolled('t-2'), renewed];
    expect(given(d, h).state).toMatchObject({
      cycle: 2,
      enrolled: [],
      renewals: [expect.objectContaining({ cycle: 2 })],
    });
    given(d, h)
      .when({ type: 'EnrolTrainee', teacherId: 't-1' }, applicant)
      .then([enrolled('t-1')]);
    given(d, h)
      .when({ type: 'EnrolTrainee', teacherId: 't-3' }, applicant)
      .then([enrolled('t-3')]);
  });

  it('reads a renewal recorded as ProjectRenewable (before renewals continued projects) as the next cycle', () => {
    const old: ApplicationEvent = {
      type: 'ProjectRenewable',
      data: { grade: 'excellent', reviewExempt: true },
    };
    expect(given(d, [...running, enrolled('t-1'), old]).state).toMatchObject({ cycle: 2, enrolled: [] });
  });

  it('closes a retired project, and ends a qualified one with its cycle: neither takes trainees', () => {
    const retired: ApplicationEvent = {
      type: 'ProjectRetired',
      data: { reason: 'r', grade: 'unqualified', retiredAt: NOW },
    };
    const concluded: ApplicationEvent = {
      type: 'ProjectConcluded',
      data: { grade: 'qualified', reason: 'r', concludedAt: NOW },
    };
    given(d, [...running, retired])
      .when({ type: 'EnrolTrainee', teacherId: 't-1' }, applicant)
      .thenRefuses('project_retired');
    given(d, [...running, concluded])
      .when({ type: 'EnrolTrainee', teacherId: 't-1' }, applicant)
      .thenRefuses('project_concluded');
    given(d, [...running, concluded])
      .when({ type: 'EvaluatePerformance', parts: parts(95), policy }, chair)
      .thenRefuses('project_concluded');
  });
});

describe('the schema-version hook: ApplicationDecided is written as version 2', () => {
  it('names version 2 for decisions and 1 for every other type', () => {
    expect(d.schemaVersion!('ApplicationDecided')).toBe(2);
    expect(d.schemaVersion!('ApplicationSubmitted')).toBe(1);
  });
});

// Cases the mutation run (stryker.config.mjs) found unguarded: each pins a rule a one-token change
// of the decider would break without any other spec noticing.
describe('rules pinned by mutation testing', () => {
  const parts = { selfAssessment: 80, archiveCheck: 80, traineeInterviews: 80, onSiteDefence: 80 };

  it('records a rejection as a rejection (DOMAIN.md stage 3)', () => {
    const rejected: ApplicationEvent = {
      ...approved,
      data: { ...approved.data, decision: 'reject' },
    } as ApplicationEvent;
    const state = given(d, [...quorum, rejected]).state;
    expect(state.stage).toBe('rejected');
    expect(state.decision).toBe('reject');
    expect(state.cycle).toBe(0);
    expect(given(d, running).state).toMatchObject({ stage: 'approved', decision: 'approve', cycle: 1 });
  });

  it('refuses the owner evaluating their own project, even as chair or admin (People and roles)', () => {
    for (const role of ['chair', 'admin'])
      given(d, running)
        .when({ type: 'EvaluatePerformance', parts, policy }, { actorId: 'teacher-1', actorRole: role })
        .thenRefuses('own_application');
    given(d, running)
      .when({ type: 'EvaluatePerformance', parts, policy }, { actorId: 'teacher-9', actorRole: 'teacher' })
      .thenRefuses('chair_only');
  });

  it('refuses an evaluation part outside 0–100, one part at a time (seed 003 §七(二))', () => {
    for (const key of Object.keys(parts))
      for (const bad of [-0.5, 100.5, Number.NaN]) {
        given(d, running)
          .when({ type: 'EvaluatePerformance', parts: { ...parts, [key]: bad }, policy }, chair)
          .thenRefuses('score_out_of_range');
      }
    // The bounds themselves are scores.
    const [evaluated] = d.decide(
      { type: 'EvaluatePerformance', parts: { ...parts, archiveCheck: 0 }, policy },
      given(d, running).state,
      { commandId: 'c', correlationId: 'c', now: new Date(NOW), ...chair },
    );
    expect(evaluated).toMatchObject({
      type: 'PerformanceEvaluated',
      data: { score: 60, grade: 'qualified' },
    });
    const [top] = d.decide(
      { type: 'EvaluatePerformance', parts: { ...parts, onSiteDefence: 100 }, policy },
      given(d, running).state,
      { commandId: 'c', correlationId: 'c', now: new Date(NOW), ...chair },
    );
    expect(top).toMatchObject({ type: 'PerformanceEvaluated', data: { score: 85, grade: 'good' } });
  });

  it('drafts a training project aimed at 新教师; only a promotion to the first tier is refused', () => {
    const forNew: ApplicationFields = { ...project, targetTier: 'new' } as ApplicationFields;
    const [e] = d.decide(
      { type: 'DraftApplication', title: '新教师岗前培训', fields: forNew, call },
      given(d).state,
      { commandId: 'c', correlationId: 'c', now: new Date(NOW), ...applicant },
    );
    expect(e).toMatchObject({ type: 'ApplicationDrafted', data: { fields: { targetTier: 'new' } } });
    given(d)
      .when(
        {
          type: 'DraftApplication',
          title: '晋升',
          fields: { kind: 'tier_promotion', targetTier: 'new', evidence: [] } as ApplicationFields,
          call: { ...call, kind: 'tier_promotion' },
        },
        applicant,
      )
      .thenRefuses('invalid_target_tier');
  });

  it('refuses a trainee evaluation score outside 0–100, and the owner’s own evaluation', () => {
    const history = [...running, enrolled('teacher-2'), completed('teacher-2', 40, 80)];
    for (const score of [-1, 101, Number.NaN])
      given(d, history)
        .when(
          {
            type: 'SubmitTraineeEvaluation',
            traineeId: 'teacher-2',
            evaluatorToken: 't',
            score,
            comment: '',
          },
          { actorId: 'teacher-2', actorRole: 'teacher' },
        )
        .thenRefuses('score_out_of_range');
    given(d, history)
      .when(
        {
          type: 'SubmitTraineeEvaluation',
          traineeId: 'teacher-1',
          evaluatorToken: 't',
          score: 90,
          comment: '',
        },
        applicant,
      )
      .thenRefuses('own_project');
  });

  it('counts a training project as running only while approved and neither retired nor concluded', () => {
    expect(projectRunning(given(d, running).state)).toBe(true);
    expect(projectRunning(given(d, quorum).state)).toBe(false);
    const retired: ApplicationEvent = {
      type: 'ProjectRetired',
      data: { reason: 'unqualified', grade: 'unqualified', retiredAt: NOW },
    };
    const concluded: ApplicationEvent = {
      type: 'ProjectConcluded',
      data: { grade: 'qualified', reason: 'qualified', concludedAt: NOW },
    };
    expect(projectRunning(given(d, [...running, retired]).state)).toBe(false);
    expect(projectRunning(given(d, [...running, concluded]).state)).toBe(false);
    const rejected = { ...approved, data: { ...approved.data, decision: 'reject' } } as ApplicationEvent;
    expect(projectRunning(given(d, [...quorum, rejected]).state)).toBe(false);
    // An approved studio is not a project that runs cycles (seed 004 §二(四)9).
    const studio = { ...drafted, data: { ...drafted.data, kind: 'studio' } } as ApplicationEvent;
    expect(projectRunning(given(d, [studio, ...running.slice(1)]).state)).toBe(false);
  });

  it('discounts a removed reviewer’s review of the revision they were removed from, not of a later one', () => {
    const removedFromFirst: ApplicationEvent = {
      type: 'ReviewerRemoved',
      data: {
        reviewerId: 'reviewer-3',
        revision: 1,
        reason: 'same school',
        grounds: ['conflict_of_interest'],
        conflicts: ['same_school'],
        reviewDiscarded: true,
        removedAt: NOW,
      },
    };
    const first = given(d, [...quorum, removedFromFirst]).state;
    expect(currentReviews(first).map((r) => r.reviewerId)).toEqual(['reviewer-1', 'reviewer-2']);
    // The next revision is a new review: reviewer-3 assigned to it again counts there (利益回避 is per
    // assignment, with the chair's reason).
    const second = given(d, [
      ...quorum,
      removedFromFirst,
      { type: 'ChangesRequested', data: { reason: 'r', dueAt: NOW, revision: 1 } },
      { type: 'ApplicationSubmitted', data: { submittedAt: NOW, revision: 2 } },
      assigned,
      review(1, 2),
      review(2, 2),
      review(3, 2),
    ]).state;
    expect(currentReviews(second).map((r) => r.reviewerId)).toEqual([
      'reviewer-1',
      'reviewer-2',
      'reviewer-3',
    ]);
  });

  it('accepts a training project at the bounds of its fields, and refuses one past them (seed 000 §五(三))', () => {
    const draft = (patch: Partial<ApplicationFields>) => ({
      type: 'DraftApplication' as const,
      title: 't',
      fields: { ...project, ...patch } as ApplicationFields,
      call,
    });
    for (const patch of [
      { hours: 1000 },
      { capacity: 1 },
      { capacity: 10_000 },
      { budget: 0 },
      { startsOn: '2026-10-10', endsOn: '2026-10-10' },
    ]) {
      const [e] = d.decide(draft(patch), given(d).state, specMeta(applicant));
      expect(e).toMatchObject({ type: 'ApplicationDrafted', data: { fields: patch } });
    }
    given(d)
      .when(draft({ hours: 1000.5 }), applicant)
      .thenRefuses('invalid_hours', 'between 1 and 1000');
    given(d)
      .when(draft({ capacity: 0 }), applicant)
      .thenRefuses('invalid_capacity', 'between 1 and 10000');
    given(d)
      .when(draft({ capacity: 10_001 }), applicant)
      .thenRefuses('invalid_capacity', 'between 1 and 10000');
    given(d)
      .when(draft({ budget: -0.01 }), applicant)
      .thenRefuses('invalid_budget', 'must not be negative');
    given(d)
      .when(draft({ startsOn: '2026-10-11', endsOn: '2026-10-10' }), applicant)
      .thenRefuses('invalid_dates', 'cannot end before it starts');
  });

  it('drafts a promotion to any tier above the first', () => {
    for (const targetTier of ['young', 'backbone', 'leader', 'master'] as const) {
      const [e] = d.decide(
        {
          type: 'DraftApplication',
          title: '晋升',
          fields: { kind: 'tier_promotion', targetTier, evidence: [] },
          call: { ...call, kind: 'tier_promotion' },
        },
        given(d).state,
        specMeta(applicant),
      );
      expect(e).toMatchObject({ type: 'ApplicationDrafted', data: { fields: { targetTier } } });
    }
  });

  it('says in each refusal what is missing and who may act (problem details)', () => {
    given(d).when(submit(), applicant).thenRefuses('application_not_found', 'no such application');
    given(d, [drafted])
      .when(submit(), chair)
      .thenRefuses('not_applicant', 'only the applicant may submit this application');
    given(d, [drafted])
      .when({ type: 'UpdateDraft', title: 'x' }, chair)
      .thenRefuses('not_applicant', 'only the applicant may edit this application');
    given(d)
      .when(
        {
          type: 'DraftApplication',
          title: 't',
          fields: { kind: 'studio', name: 'n', subject: 's', plan: 'p' },
          call,
        },
        applicant,
      )
      .thenRefuses('wrong_call', 'call call-1 is for training_project applications, not studio');
    given(d, inReview)
      .when({ type: 'RequestChanges', reason: 'r', policy }, reviewer(1))
      .thenRefuses('chair_only', 'only a committee chair may request changes');
    given(d, inReview)
      .when({ type: 'RequestChanges', reason: 'r', policy: { ...policy, version: 'v2' } }, chair)
      .thenRefuses(
        'policy_version_mismatch',
        `this application follows policy ${policy.version}, pinned at its submission, not v2`,
      );
  });

  it('folds a draft update, a withdrawal and the first submission’s time into the state', () => {
    const updated: ApplicationEvent = {
      type: 'DraftUpdated',
      data: { title: '高中数学骨干教师培训', fields: { ...project, subject: '高中数学' } },
    };
    expect(given(d, [drafted, updated]).state).toMatchObject({
      title: '高中数学骨干教师培训',
      fields: { subject: '高中数学' },
    });
    const withdrawn: ApplicationEvent = {
      type: 'ApplicationWithdrawn',
      data: { reason: 'r', withdrawnAt: NOW },
    };
    expect(given(d, [drafted, submitted, withdrawn]).state.stage).toBe('withdrawn');
    // DOMAIN.md preamble: an unpinned application follows the policy in force at its first submission.
    const resubmitted = given(d, [
      drafted,
      submitted,
      { type: 'ChangesRequested', data: { reason: 'r', dueAt: NOW, revision: 1 } },
      { type: 'ApplicationSubmitted', data: { submittedAt: '2026-09-20T08:00:00.000Z', revision: 2 } },
    ]).state;
    expect(resubmitted.firstSubmittedAt).toBe(NOW);
  });

  it('remembers every reviewer removed from a revision, not only the last', () => {
    const removal = (reviewerId: string): ApplicationEvent => ({
      type: 'ReviewerRemoved',
      data: {
        reviewerId,
        revision: 1,
        reason: 'overdue',
        grounds: ['overdue'],
        conflicts: [],
        reviewDiscarded: true,
        removedAt: NOW,
      },
    });
    const state = given(d, [...quorum, removal('reviewer-2'), removal('reviewer-3')]).state;
    expect(state.removed).toEqual([
      { reviewerId: 'reviewer-2', revision: 1 },
      { reviewerId: 'reviewer-3', revision: 1 },
    ]);
    expect(currentReviews(state).map((r) => r.reviewerId)).toEqual(['reviewer-1']);
  });

  it('accepts a submission at the very moment the call opens (DOMAIN.md stage 1)', () => {
    given(d, [drafted])
      .when(submit(), { ...applicant, now: new Date(call.opensAt) })
      .then([
        {
          type: 'ApplicationSubmitted',
          data: { submittedAt: call.opensAt, revision: 1, policyVersion: policy.version },
        },
      ]);
    given(d, [drafted])
      .when(submit(), { ...applicant, now: new Date(Date.parse(call.opensAt) - 1) })
      .thenRefuses('outside_call_window');
  });

  it('folds an evaluation, renewals and overdue marks into the state (seed 004 §二(四)9)', () => {
    const evaluated: ApplicationEvent = {
      type: 'PerformanceEvaluated',
      data: { parts, score: 85, grade: 'good', policyVersion: policy.version, evaluatedAt: NOW },
    };
    const renewedTo = (cycle: number): ApplicationEvent => ({
      type: 'ProjectRenewed',
      data: {
        grade: 'good',
        cycle,
        reviewExempt: true,
        renewedAt: NOW,
        nextEvaluationDueAt: '2028-09-01T08:00:00.000Z',
      },
    });
    const token: ApplicationEvent = {
      type: 'TraineeEvaluationSubmitted',
      data: { evaluatorToken: 'tok-1', score: 90, comment: '' },
    };
    const h = [...running, enrolled('teacher-2'), completed('teacher-2', 40, 80), token, evaluated];
    expect(given(d, h).state.grade).toBe('good');
    const twice = given(d, [...h, renewedTo(2), renewedTo(3)]).state;
    expect(twice).toMatchObject({ cycle: 3, enrolled: [], completed: {}, evaluatorTokens: [] });
    expect(twice.renewals!.map((r) => r.cycle)).toEqual([2, 3]);
    // A ProjectRenewable recorded before renewals were dated counts one more cycle and keeps the renewals.
    const legacy = given(d, [
      ...h,
      renewedTo(2),
      { type: 'ProjectRenewable', data: { grade: 'good', reviewExempt: true } },
    ]).state;
    expect(legacy.cycle).toBe(3);
    expect(legacy.renewals!.map((r) => r.cycle)).toEqual([2]);
    // An approved studio has no cycles.
    const studio = { ...drafted, data: { ...drafted.data, kind: 'studio' } } as ApplicationEvent;
    expect(given(d, [studio, ...running.slice(1)]).state.cycle).toBe(0);
  });

  it('keeps every overdue mark (DOMAIN.md "Deadlines and reminders")', () => {
    const state = given(d, [
      ...inReview,
      {
        type: 'ReviewOverdue',
        data: { reviewerId: 'reviewer-1', revision: 1, dueAt: NOW, markedAt: NOW },
      },
      {
        type: 'ReviewOverdue',
        data: { reviewerId: 'reviewer-2', revision: 1, dueAt: NOW, markedAt: NOW },
      },
      { type: 'ChangesRequested', data: { reason: 'r', dueAt: NOW, revision: 1 } },
      { type: 'RevisionOverdue', data: { revision: 1, dueAt: NOW, markedAt: NOW } },
    ]).state;
    expect(state.overdue).toEqual(['reviewer-1@1', 'reviewer-2@1']);
    expect(state.revisionsOverdue).toEqual([1]);
    given(d, [drafted])
      .when({ type: 'DraftApplication', title: 't', fields: project, call }, applicant)
      .thenRefuses('application_exists', 'this application already exists');
  });

  it('lets the applicant edit while changes are requested, never the kind (DOMAIN.md stage 2)', () => {
    const sentBack: ApplicationEvent = {
      type: 'ChangesRequested',
      data: { reason: 'r', dueAt: NOW, revision: 1 },
    };
    const [e] = d.decide(
      { type: 'UpdateDraft', title: '修改稿' },
      given(d, [...inReview, sentBack]).state,
      specMeta(applicant),
    );
    expect(e).toMatchObject({ type: 'DraftUpdated', data: { title: '修改稿' } });
    given(d, inReview)
      .when({ type: 'UpdateDraft', title: 'x' }, applicant)
      .thenRefuses('not_editable', 'a in_review application cannot be edited');
    given(d, [drafted])
      .when(
        { type: 'UpdateDraft', fields: { kind: 'studio', name: 'n', subject: 's', plan: 'p' } },
        applicant,
      )
      .thenRefuses('kind_fixed', 'an application keeps the kind it was drafted with');
  });

  it('names the window and the stage in refusals to submit, and withdraws once', () => {
    const err = given(d, [drafted])
      .when(submit({ ...call, closed: true }), applicant)
      .thenRefuses(
        'outside_call_window',
        `call call-1 accepts submissions from ${call.opensAt} until ${call.closesAt}`,
      );
    expect(err.details).toEqual({ opensAt: call.opensAt, closesAt: call.closesAt });
    given(d, running)
      .when(submit(), applicant)
      .thenRefuses('not_submittable', 'a approved application cannot be submitted');
    const withdrawn: ApplicationEvent = {
      type: 'ApplicationWithdrawn',
      data: { reason: 'r', withdrawnAt: NOW },
    };
    given(d, [drafted, withdrawn])
      .when({ type: 'WithdrawApplication', reason: 'again' }, applicant)
      .thenNothing();
    given(d, [drafted])
      .when({ type: 'WithdrawApplication', reason: 'r' }, chair)
      .thenRefuses('not_applicant', 'only the applicant may withdraw this application');
  });

  it('names the reviewer and the rule in each refusal to assign (DOMAIN.md "People and roles", 利益回避)', () => {
    const assign = (reviewers: Record<string, unknown>[]) => ({
      type: 'AssignReviewers' as const,
      reviewers: reviewers.map((r) => ({ conflicts: [], ...r })) as never,
      policy,
    });
    const one = [{ reviewerId: 'reviewer-5' }];
    given(d, [...quorum, approved])
      .when({ type: 'WithdrawApplication', reason: 'r' }, applicant)
      .thenRefuses('already_decided', 'a decided application cannot be withdrawn');
    given(d, [drafted, submitted])
      .when(assign(one), reviewer(1))
      .thenRefuses('chair_only', 'only a committee chair may assign reviewers');
    given(d, [drafted, submitted])
      .when(assign(one), { ...applicant, actorRole: 'chair' })
      .thenRefuses('own_application', 'nobody handles their own application');
    given(d, [drafted])
      .when(assign(one), chair)
      .thenRefuses('not_reviewable', 'reviewers cannot be assigned to a draft application');
    const decide = {
      type: 'DecideApplication' as const,
      decision: 'approve' as const,
      rationale: 'r',
      documentsSeen: [],
      policy,
      eligibility: eligible,
    };
    given(d, quorum).when(decide, reviewer(9)).thenRefuses('chair_only', 'only a committee chair may decide');
    given(d, quorum)
      .when(decide, { ...applicant, actorRole: 'chair' })
      .thenRefuses('own_application', 'nobody decides their own application');
    const rejected = { ...approved, data: { ...approved.data, decision: 'reject' } } as ApplicationEvent;
    given(d, [...quorum, rejected])
      .when(decide, chair)
      .thenRefuses('already_decided', 'this application has been decided');
    given(d, [drafted, submitted])
      .when(decide, chair)
      .thenRefuses('not_in_review', 'a submitted application cannot be decided');
    // Four eyes: a chair whose review stands was a reviewer, even once removed from the panel.
    const chairReviewed: ApplicationEvent[] = [
      drafted,
      submitted,
      {
        ...assigned,
        data: {
          ...assigned.data,
          reviewers: [
            ...(assigned.data as { reviewers: object[] }).reviewers,
            { reviewerId: 'chair-1', conflicts: [], overrideReason: null },
          ],
        },
      } as ApplicationEvent,
      review(2),
      {
        ...review(1),
        data: { ...(review(1).data as ReviewRecord), reviewerId: 'chair-1' },
      } as ApplicationEvent,
      {
        type: 'ReviewerRemoved',
        data: {
          reviewerId: 'chair-1',
          revision: 2,
          reason: 'r',
          grounds: ['overdue'],
          conflicts: [],
          reviewDiscarded: false,
          removedAt: NOW,
        },
      },
    ];
    given(d, chairReviewed)
      .when(decide, chair)
      .thenRefuses('four_eyes', 'a reviewer of this application cannot also decide it');
    const refusal = (reviewers: Record<string, unknown>[], code: string, message: string, details: object) =>
      expect(
        given(d, [drafted, submitted]).when(assign(reviewers), chair).thenRefuses(code, message).details,
      ).toEqual(details);
    refusal([{ reviewerId: 'chair-1' }], 'four_eyes', 'a chair does not assign themselves as a reviewer', {
      reviewerId: 'chair-1',
    });
    refusal([{ reviewerId: 'teacher-1' }], 'own_application', 'reviewer teacher-1 is the applicant', {
      reviewerId: 'teacher-1',
    });
    // The conflict check may find it under another account: no override changes that.
    refusal(
      [{ reviewerId: 'reviewer-5', conflicts: ['own_application'], overrideReason: 'a reason' }],
      'own_application',
      'reviewer reviewer-5 is the applicant',
      { reviewerId: 'reviewer-5' },
    );
    refusal(
      [{ reviewerId: 'reviewer-5', isReviewer: false }],
      'not_a_reviewer',
      'reviewer-5 is not an active reviewer',
      {
        reviewerId: 'reviewer-5',
      },
    );
    refusal(
      [{ reviewerId: 'reviewer-5', conflicts: ['same_school', 'same_studio'], overrideReason: '  ' }],
      'conflict_of_interest',
      'reviewer reviewer-5 has a conflict of interest: same_school, same_studio',
      { reviewerId: 'reviewer-5', conflicts: ['same_school', 'same_studio'] },
    );
  });

  it('keeps a removed reviewer out of the revision they were removed from only', () => {
    const removed3: ApplicationEvent = {
      type: 'ReviewerRemoved',
      data: {
        reviewerId: 'reviewer-3',
        revision: 1,
        reason: 'overdue',
        grounds: ['overdue'],
        conflicts: [],
        reviewDiscarded: false,
        removedAt: NOW,
      },
    };
    const assign = (reviewerId: string) => ({
      type: 'AssignReviewers' as const,
      reviewers: [{ reviewerId, conflicts: [] }],
      policy,
    });
    const err = given(d, [...inReview, removed3])
      .when(assign('reviewer-3'), chair)
      .thenRefuses('reviewer_removed', 'reviewer reviewer-3 was removed from this revision');
    expect(err.details).toEqual({ reviewerId: 'reviewer-3' });
    const [other] = d.decide(assign('reviewer-4'), given(d, [...inReview, removed3]).state, specMeta(chair));
    expect(other).toMatchObject({ type: 'ReviewersAssigned' });
    const nextRevision = given(d, [
      ...inReview,
      removed3,
      { type: 'ChangesRequested', data: { reason: 'r', dueAt: NOW, revision: 1 } },
      { type: 'ApplicationSubmitted', data: { submittedAt: NOW, revision: 2 } },
    ]).state;
    const [again] = d.decide(assign('reviewer-3'), nextRevision, specMeta(chair));
    expect(again).toMatchObject({ type: 'ReviewersAssigned' });
  });

  it('removes a reviewer only from review, by a chair not the applicant, with a 1–2000 character reason', () => {
    const later = { ...chair, now: new Date('2026-09-16T08:00:00.000Z') };
    const remove = (reviewerId: string, reason: unknown = 'overdue') =>
      ({ type: 'RemoveReviewer', reviewerId, reason, conflicts: [] }) as never;
    given(d, inReview)
      .when(remove('reviewer-1'), reviewer(2))
      .thenRefuses('chair_only', 'only a committee chair may remove a reviewer');
    given(d, inReview)
      .when(remove('reviewer-1'), { ...applicant, actorRole: 'chair' })
      .thenRefuses('own_application', 'nobody handles their own application');
    given(d, [drafted, submitted])
      .when(remove('reviewer-1'), later)
      .thenRefuses('not_in_review', 'a submitted application is not under review');
    const err = given(d, inReview)
      .when(remove('reviewer-9'), later)
      .thenRefuses('reviewer_not_assigned', 'reviewer-9 is not a reviewer of this revision');
    expect(err.details).toEqual({ reviewerId: 'reviewer-9' });
    for (const reason of [42, ' ', 'x'.repeat(2001)])
      given(d, inReview)
        .when(remove('reviewer-1', reason), later)
        .thenRefuses('reason_required', 'a removal gives its reason (1–2000 characters)');
    const [e] = d.decide(
      remove('reviewer-1', ` ${'x'.repeat(2000)} `),
      given(d, inReview).state,
      specMeta(later),
    );
    expect(e).toMatchObject({ type: 'ReviewerRemoved', data: { reason: 'x'.repeat(2000) } });
  });

  it('removes a reviewer on the due date or once marked overdue, and says why anyone else stays', () => {
    const DUE = '2026-09-15T08:00:00.000Z';
    const remove = (reviewerId: string) =>
      ({ type: 'RemoveReviewer', reviewerId, reason: 'overdue', conflicts: [] }) as never;
    const removal = (history: ApplicationEvent[], at: string, reviewerId = 'reviewer-1') =>
      d.decide(remove(reviewerId), given(d, history).state, specMeta({ ...chair, now: new Date(at) }))[0];
    // At the due date itself the review is overdue; another reviewer's review does not count as theirs.
    expect(removal([...inReview, review(2)], DUE)).toMatchObject({
      data: { reviewerId: 'reviewer-1', grounds: ['overdue'], reviewDiscarded: false },
    });
    // The review-due timer's mark counts even if the clock reads earlier.
    const marked: ApplicationEvent = {
      type: 'ReviewOverdue',
      data: { reviewerId: 'reviewer-1', revision: 1, dueAt: DUE, markedAt: DUE },
    };
    expect(removal([...inReview, marked], NOW)).toMatchObject({ data: { grounds: ['overdue'] } });
    const err = given(d, inReview)
      .when(remove('reviewer-1'), { ...chair, now: new Date(NOW) })
      .thenRefuses(
        'removal_not_justified',
        `reviewer reviewer-1 is neither overdue (due ${DUE}) nor in a conflict of interest`,
      );
    expect(err.details).toEqual({ reviewerId: 'reviewer-1', dueAt: DUE, reviewed: false });
    // A reviewer of an earlier revision, not assigned to this one, cannot be removed from it.
    given(d, [
      ...inReview,
      { type: 'ChangesRequested', data: { reason: 'r', dueAt: NOW, revision: 1 } },
      { type: 'ApplicationSubmitted', data: { submittedAt: NOW, revision: 2 } },
      {
        ...assigned,
        data: {
          ...assigned.data,
          reviewers: [{ reviewerId: 'reviewer-4', conflicts: [], overrideReason: null }],
        },
      } as ApplicationEvent,
    ])
      .when(remove('reviewer-1'), { ...chair, now: new Date('2026-10-01T08:00:00.000Z') })
      .thenRefuses('reviewer_not_assigned');
  });

  it('records the chair’s reason only for a conflicted reviewer, and the review due date', () => {
    const [e] = d.decide(
      {
        type: 'AssignReviewers',
        reviewers: [
          { reviewerId: 'reviewer-5', conflicts: ['same_school'], overrideReason: '唯一的学科专家' },
          { reviewerId: 'reviewer-6', conflicts: [], overrideReason: 'not needed' },
        ],
        policy,
      },
      given(d, [drafted, submitted]).state,
      specMeta(chair),
    );
    expect(e).toEqual({
      type: 'ReviewersAssigned',
      data: {
        reviewers: [
          { reviewerId: 'reviewer-5', conflicts: ['same_school'], overrideReason: '唯一的学科专家' },
          { reviewerId: 'reviewer-6', conflicts: [], overrideReason: null },
        ],
        dueAt: '2026-09-15T08:00:00.000Z',
        policyVersion: policy.version,
      },
    });
  });

  it('keeps the first cycle’s evaluator token input as it was; later cycles name the cycle', () => {
    expect(evaluatorTokenInput('app-1', 1, 'teacher-2')).toBe('app-1:teacher-2');
    expect(evaluatorTokenInput('app-1', 2, 'teacher-2')).toBe('app-1:2:teacher-2');
  });
});

// DOMAIN.md stage 1: applications carry uploaded files — each one the applicant's own upload, not
// erased, at most 20 — and the decision records the hash of every file the chair saw.
describe('evidence files an application carries', () => {
  const file = (n: number, over: Partial<Extract<AttachmentFact, { found: true }>> = {}): AttachmentFact => ({
    id: `ev-${n}`,
    found: true,
    name: `证明材料${n}.pdf`,
    sha256: String(n).repeat(64).slice(0, 64),
    mediaType: 'application/pdf',
    size: 1000 + n,
    uploaderId: 'teacher-1',
    erased: false,
    ...over,
  });
  const draftWith = (attachments: AttachmentFact[]) => ({
    type: 'DraftApplication' as const,
    title: '初中数学骨干教师培训',
    fields: project,
    call,
    attachments,
  });
  const recorded = (n: number) => ({
    id: `ev-${n}`,
    name: `证明材料${n}.pdf`,
    sha256: String(n).repeat(64).slice(0, 64),
    mediaType: 'application/pdf',
    size: 1000 + n,
  });

  it('records each attached file as uploaded: name, type, size and hash (not who or whether erased)', () => {
    given(d, [])
      .when(draftWith([file(1), file(2)]), applicant)
      .then([
        {
          ...drafted,
          data: { ...drafted.data, fields: { ...project, attachments: [recorded(1), recorded(2)] } },
        },
      ]);
  });

  it('refuses a file uploaded by someone else, an unknown one, an erased one, one twice, and more than 20', () => {
    given(d, [])
      .when(draftWith([file(1, { uploaderId: 'teacher-2' })]), applicant)
      .thenRefuses('attachment_not_yours');
    given(d, [])
      .when(draftWith([{ id: 'ev-9', found: false }]), applicant)
      .thenRefuses('attachment_not_found');
    given(d, [])
      .when(draftWith([file(1, { erased: true })]), applicant)
      .thenRefuses('attachment_erased');
    given(d, [])
      .when(draftWith([file(1), file(1)]), applicant)
      .thenRefuses('duplicate_attachment');
    const err = given(d, [])
      .when(draftWith(Array.from({ length: MAX_ATTACHMENTS + 1 }, (_, i) => file(i))), applicant)
      .thenRefuses('too_many_attachments');
    expect(err.details).toMatchObject({ field: 'fields.attachments', max: 20 });
  });

  // Pinned by mutation testing: the limit is inclusive, and each refusal names the file (problem details).
  it('takes exactly 20 files, and names the offending file in each refusal', () => {
    const twenty = Array.from({ length: MAX_ATTACHMENTS }, (_, i) => file(i));
    const [e] = d.decide(draftWith(twenty), given(d).state, specMeta(applicant));
    expect((e!.data as { fields: ApplicationFields }).fields.attachments).toHaveLength(20);
    given(d)
      .when(draftWith([...twenty, file(20)]), applicant)
      .thenRefuses('too_many_attachments', 'an application carries at most 20 files');
    const named = (code: string, facts: AttachmentFact[], message: string) => {
      const err = given(d).when(draftWith(facts), applicant).thenRefuses(code, message);
      expect(err.details).toEqual({ field: 'fields.attachments', evidenceId: 'ev-1' });
    };
    named('duplicate_attachment', [file(1), file(1)], 'file ev-1 is attached twice');
    named('attachment_not_found', [{ id: 'ev-1', found: false }], 'no uploaded file ev-1');
    named(
      'attachment_not_yours',
      [file(1, { uploaderId: 'teacher-2' })],
      'file ev-1 was uploaded by someone else',
    );
    named('attachment_erased', [file(1, { erased: true })], 'file ev-1 has been erased');
  });

  it('keeps the files on an edit that does not name them, and replaces them on one that does', () => {
    const withFiles: ApplicationEvent = {
      ...drafted,
      data: { ...drafted.data, fields: { ...project, attachments: [recorded(1)] } },
    } as ApplicationEvent;
    given(d, [withFiles])
      .when({ type: 'UpdateDraft', fields: { ...project, subject: '高中数学' } }, applicant)
      .then([
        {
          type: 'DraftUpdated',
          data: {
            title: '初中数学骨干教师培训',
            fields: { ...project, subject: '高中数学', attachments: [recorded(1)] },
          },
        },
      ]);
    given(d, [withFiles])
      .when({ type: 'UpdateDraft', attachments: [] }, applicant)
      .then([{ type: 'DraftUpdated', data: { title: '初中数学骨干教师培训', fields: project } }]);
  });

  it('records in the decision the hash of every file the application carries', () => {
    const withFiles = quorum.map((e) =>
      e.type === 'ApplicationDrafted'
        ? ({
            ...e,
            data: { ...e.data, fields: { ...project, attachments: [recorded(1), recorded(2)] } },
          } as ApplicationEvent)
        : e,
    );
    const [decided] = given(d, withFiles)
      .when(
        { type: 'DecideApplication', decision: 'approve', rationale: 'r', documentsSeen: [], policy },
        chair,
      )
      .then([expect.objectContaining({ type: 'ApplicationDecided' }) as ApplicationEvent]);
    expect((decided!.data as { attachmentsSeen: unknown }).attachmentsSeen).toEqual([
      recorded(1),
      recorded(2),
    ]);
  });
});

describe('scope (DOMAIN.md "People and roles": an office acts on its org unit and the units below it)', () => {
  const decide = {
    type: 'DecideApplication' as const,
    decision: 'reject' as const,
    rationale: 'not yet',
    documentsSeen: [],
    policy,
  };
  const admin = { actorId: 'admin-1', actorRole: 'admin', orgUnit: 'district-9' };

  it('refuses a chair whose committee’s org unit does not cover the application', () => {
    const err = given(d, quorum)
      .when({ ...decide, officeScope: 'out' }, chair)
      .thenRefuses('outside_scope');
    expect(err.kind).toBe('forbidden');
    expect(err.details).toEqual({ orgUnit: 'school-a' });
  });

  it('refuses an admin outside the application’s org unit before anything else', () => {
    given(d, running)
      .when(
        {
          type: 'EvaluatePerformance',
          parts: { selfAssessment: 1, archiveCheck: 1, traineeInterviews: 1, onSiteDefence: 1 },
          policy,
          officeScope: 'out',
        },
        admin,
      )
      .thenRefuses('outside_scope');
  });

  it('lets a chair in scope decide', () => {
    const events = d.decide({ ...decide, officeScope: 'in' }, given(d, quorum).state, specMeta(chair));
    expect(events.map((e) => e.type)).toEqual(['ApplicationDecided']);
  });

  it('asks no scope of someone acting as reviewer or applicant, and answers "not found" first', () => {
    given(d, inReview)
      .when({ type: 'SubmitReview', scores, comments: 'ok', policy, officeScope: 'out' }, reviewer(1))
      .then([
        {
          type: 'ReviewSubmitted',
          data: {
            reviewerId: 'reviewer-1',
            scores,
            total: 80,
            comments: 'ok',
            rubricVersion: policy.rubric.version,
            revision: 1,
            submittedAt: NOW,
          },
        },
      ]);
    given(d)
      .when({ ...decide, officeScope: 'out' }, chair)
      .thenRefuses('application_not_found');
  });

  it('refuses a draft against a call for an org unit the applicant is not within', () => {
    const err = given(d)
      .when(
        { type: 'DraftApplication', title: 't', fields: project, call: { ...call, applicantWithin: false } },
        applicant,
      )
      .thenRefuses('call_for_another_unit');
    expect(err.kind).toBe('forbidden');
    given(d)
      .when(
        {
          type: 'DraftApplication',
          title: '初中数学骨干教师培训',
          fields: project,
          call: { ...call, applicantWithin: true },
        },
        applicant,
      )
      .then([drafted]);
  });
});

describe('rules pinned by mutation testing: review, changes, decision, enrolment, completion', () => {
  const review1 = { type: 'SubmitReview' as const, scores, comments: '教学设计扎实', policy };
  const changes: ApplicationEvent = {
    type: 'ChangesRequested',
    data: { reason: 'budget detail', dueAt: '2026-09-15T08:00:00.000Z', revision: 1 },
  };
  const admin = { actorId: 'admin-1', actorRole: 'admin', orgUnit: 'city-1' };

  it('takes a review only while the application is under review, and says why not (DOMAIN.md stage 2)', () => {
    // Assigned, but the application went back to its applicant: no review of a revision being rewritten.
    const err = given(d, [...inReview, changes])
      .when(review1, reviewer(1))
      .thenRefuses('not_in_review', 'a changes_requested application is not under review');
    expect(err.kind).toBe('refused');
    given(d, running)
      .when(review1, reviewer(2))
      .thenRefuses('not_in_review', /approved application/);
    given(d, inReview)
      .when(review1, reviewer(9))
      .thenRefuses('not_assigned', 'only an assigned reviewer may review this application');
    given(d, [...inReview, review(1)])
      .when(review1, reviewer(1))
      .thenRefuses('already_reviewed', 'you have already reviewed this revision');
  });

  it('names the rubric’s dimensions and the wrong scores in a review’s refusal (seed 003 §七(二))', () => {
    const dims = policy.rubric.dimensions.map((x) => x.key);
    const { ethics: _e, ...withoutEthics } = scores;
    const mismatch = given(d, inReview)
      .when({ ...review1, scores: { ...withoutEthics, charm: 90 } }, reviewer(1))
      .thenRefuses(
        'rubric_mismatch',
        `scores must cover exactly the rubric ${policy.rubric.version}: ${dims.join(', ')}`,
      );
    expect(mismatch.details).toEqual({ missing: ['ethics'], unexpected: ['charm'] });
    given(d, inReview)
      .when({ ...review1, scores: { ...scores, ethics: 101, research: -1 } }, reviewer(1))
      .thenRefuses('score_out_of_range', 'scores are 0–100 (seed 003 §七(二)): ethics, research');
  });

  it('requests changes on a submitted or reviewed application, never the chair’s own or a decided one', () => {
    given(d, [drafted, submitted])
      .when({ type: 'RequestChanges', reason: 'budget detail', policy }, chair)
      .then([changes]);
    const own = given(d, inReview)
      .when({ type: 'RequestChanges', reason: 'x', policy }, { ...chair, actorId: 'teacher-1' })
      .thenRefuses('own_application', 'nobody handles their own application');
    expect(own.kind).toBe('forbidden');
    given(d, running)
      .when({ type: 'RequestChanges', reason: 'x', policy }, chair)
      .thenRefuses('not_in_review', 'changes cannot be requested on a approved application');
    given(d, [drafted])
      .when({ type: 'RequestChanges', reason: 'x', policy }, chair)
      .thenRefuses('not_in_review', 'changes cannot be requested on a draft application');
  });

  it('says who was refused by four eyes, and how many reviews a decision lacks', () => {
    const decide = {
      type: 'DecideApplication' as const,
      decision: 'reject' as const,
      rationale: 'r',
      documentsSeen: [],
      policy,
      eligibility: eligible,
    };
    const fourEyes = given(d, quorum)
      .when(decide, { ...chair, actorId: 'reviewer-2' })
      .thenRefuses('four_eyes', 'a reviewer of this application cannot also decide it');
    expect(fourEyes.details).toEqual({ chairId: 'reviewer-2' });
    const short = given(d, [...inReview, review(1)])
      .when(decide, chair)
      .thenRefuses('no_quorum', `a decision needs ${policy.reviewQuorum} reviews; 1 submitted`);
    expect(short.details).toEqual({ required: policy.reviewQuorum, submitted: 1 });
  });

  it('explains each refused enrolment (DOMAIN.md "People and roles"; the project’s reach and capacity)', () => {
    given(d, running)
      .when({ type: 'EnrolTrainee', teacherId: 't-1' }, { actorId: 't-2', actorRole: 'teacher' })
      .thenRefuses(
        'not_project_owner',
        'teachers enrol themselves; the project owner or an admin enrols others',
      );
    given(d, running)
      .when({ type: 'EnrolTrainee', teacherId: 'teacher-1' }, admin)
      .thenRefuses('own_project', 'the owner of a training project does not enrol in it');
    const outside = given(d, running)
      .when(
        { type: 'EnrolTrainee', teacherId: 't-1', inScope: false },
        { actorId: 't-1', actorRole: 'teacher' },
      )
      .thenRefuses('outside_project_scope', "teacher t-1 is outside this project's org unit");
    expect(outside.details).toEqual({ teacherId: 't-1' });
    given(d, [...running, enrolled('t-1'), enrolled('t-2')])
      .when({ type: 'EnrolTrainee', teacherId: 't-3' }, { actorId: 't-3', actorRole: 'teacher' })
      .thenRefuses('project_full', 'the project is full (capacity 2)');
  });

  it('lets an admin record a completion, records it once, and refuses zero hours (seed 003 §六4)', () => {
    given(d, [...running, enrolled('t-1')])
      .when(complete('t-1', 40, 86), admin)
      .then([completed('t-1', 40, 86)]);
    // A completion recorded again (a retry, a second click) changes nothing.
    given(d, [...running, enrolled('t-1'), completed('t-1', 40, 86)])
      .when(complete('t-1', 20, 70), applicant)
      .thenNothing();
    given(d, [...running, enrolled('t-1')])
      .when(complete('t-1', 0, 80), applicant)
      .thenRefuses('invalid_hours', "completion hours must be between 1 and the project's 40");
    given(d, [...running, enrolled('t-1')])
      .when(complete('t-1', 4, 80), { actorId: 'chair-1', actorRole: 'chair' })
      .thenRefuses('not_project_owner', 'completions are recorded by the project owner or an admin');
    given(d, [...running, enrolled('t-1')])
      .when(complete('t-2', 4, 80), applicant)
      .thenRefuses('not_enrolled', 'teacher t-2 is not enrolled');
    given(d, [...running, enrolled('t-1')])
      .when(complete('t-1', 4, -1), applicant)
      .thenRefuses('score_out_of_range', 'scores are 0–100 (seed 003 §七(二))');
  });

  it('records a completion in the project’s present cycle', () => {
    const renewed: ApplicationEvent = {
      type: 'ProjectRenewed',
      data: {
        grade: 'good',
        cycle: 2,
        reviewExempt: true,
        renewedAt: NOW,
        nextEvaluationDueAt: '2028-09-01T08:00:00.000Z',
      },
    };
    given(d, [...running, renewed, enrolled('t-3')])
      .when(complete('t-3', 40, 90), applicant)
      .then([completed('t-3', 40, 90, 2)]);
  });
});
