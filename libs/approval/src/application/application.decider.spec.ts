import { given } from '#testing/event-store';
import { DEFAULT_POLICY as policy } from '#libs/policy';
import {
  applicationDecider as d,
  type ApplicationEvent,
  type ApplicationFields,
  type CallFacts,
  type ReviewRecord,
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
const submitted: ApplicationEvent = { type: 'ApplicationSubmitted', data: { submittedAt: NOW, revision: 1 } };
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
    given(d, [drafted]).when({ type: 'SubmitApplication', call }, applicant).then([submitted]);
  });

  it.each([
    ['before it opens', { opensAt: '2026-09-02T00:00:00.000Z' }],
    ['after it closes', { closesAt: '2026-09-01T08:00:00.000Z' }],
    ['once closed early', { closed: true }],
  ])('refuses a submission %s (DOMAIN.md: only within the call’s window)', (_label, patch) => {
    given(d, [drafted])
      .when({ type: 'SubmitApplication', call: { ...call, ...patch } }, applicant)
      .thenRefuses('outside_call_window');
  });

  it('refuses a submit by anyone but the applicant', () => {
    given(d, [drafted]).when({ type: 'SubmitApplication', call }, chair).thenRefuses('not_applicant');
  });

  it('treats a repeated submit as done, and refuses to submit a decided one', () => {
    given(d, [drafted, submitted]).when({ type: 'SubmitApplication', call }, applicant).thenNothing();
    given(d, running).when({ type: 'SubmitApplication', call }, applicant).thenRefuses('not_submittable');
  });

  it('refuses commands on an application that does not exist', () => {
    given(d).when({ type: 'SubmitApplication', call }, applicant).thenRefuses('application_not_found');
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
      .when({ type: 'SubmitApplication', call: { ...call, closed: true } }, applicant)
      .then([{ type: 'ApplicationSubmitted', data: { submittedAt: NOW, revision: 2 } }]);
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
            decision: 'approve',
            rationale: 'meets the standard',
            decidedAt: NOW,
            policyVersion: policy.version,
            rubricVersion: policy.rubric.version,
            reviews: [1, 2, 3].map((n) => ({ reviewerId: `reviewer-${n}`, total: 80, scores })),
            averageScore: 80,
            documentsSeen: ['plan.pdf'],
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

  it('records completions for enrolled trainees within the project’s hours (they grant hours later)', () => {
    given(d, [...running, enrolled('t-1')])
      .when({ type: 'RecordCompletion', teacherId: 't-1', hours: 40 }, applicant)
      .then([
        {
          type: 'TrainingCompleted',
          data: { teacherId: 't-1', hours: 40, completedAt: NOW, projectLevel: 'district' },
        },
      ]);
    given(d, [...running, enrolled('t-1')])
      .when({ type: 'RecordCompletion', teacherId: 't-2', hours: 4 }, applicant)
      .thenRefuses('not_enrolled');
    given(d, [...running, enrolled('t-1')])
      .when({ type: 'RecordCompletion', teacherId: 't-1', hours: 41 }, applicant)
      .thenRefuses('invalid_hours');
    given(d, [...running, enrolled('t-1')])
      .when({ type: 'RecordCompletion', teacherId: 't-1', hours: 4 }, reviewer(1))
      .thenRefuses('not_project_owner');
  });

  it('takes anonymous trainee evaluations once per trainee (seed 004 §二(四)9)', () => {
    const h = [...running, enrolled('t-1')];
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
    [95, 'excellent', 'ProjectRenewable'],
    [85, 'good', 'ProjectRenewable'],
    [70, 'qualified', null],
    [50, 'unqualified', 'ProjectRetired'],
  ] as const)(
    'grades a performance evaluation of %d as %s (≥90/80/60) with its consequence',
    (score, grade, consequence) => {
      const produced = given(d, running)
        .when({ type: 'EvaluatePerformance', parts: parts(score), policy }, chair)
        .then([
          {
            type: 'PerformanceEvaluated',
            data: { parts: parts(score), score, grade, policyVersion: policy.version, evaluatedAt: NOW },
          },
          ...(consequence === 'ProjectRenewable'
            ? [{ type: 'ProjectRenewable', data: { grade, reviewExempt: true } } as ApplicationEvent]
            : consequence === 'ProjectRetired'
              ? [
                  {
                    type: 'ProjectRetired',
                    data: { reason: `performance evaluation ${score} is unqualified`, grade },
                  } as ApplicationEvent,
                ]
              : []),
        ]);
      expect(produced.length).toBe(consequence ? 2 : 1);
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
      ]);
  });

  it('refuses evaluation by a teacher or reviewer, and enrolment in a retired project', () => {
    given(d, running)
      .when({ type: 'EvaluatePerformance', parts: parts(90), policy }, reviewer(1))
      .thenRefuses('chair_only');
    const retired: ApplicationEvent = { type: 'ProjectRetired', data: { reason: 'r', grade: 'unqualified' } };
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

describe('Deadlines (issue 5): the review-due timer marks a missed review overdue, once', () => {
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

describe('Deadlines (issue 5): the revision-due timer marks a missing resubmission overdue, once', () => {
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
