import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  propertyParams,
  reachCounts,
  runSequence,
  type AcceptedStep,
  type PropertyStep,
} from '#testing/event-store';
import type { ApplicationEligibility } from '#libs/ladder';
import { DEFAULT_POLICY as policy } from '#libs/policy';
import {
  applicationDecider as d,
  currentReviews,
  type ApplicationCommand,
  type ApplicationEvent,
  type ApplicationFields,
  type ApplicationState,
  type CallFacts,
  type ConflictReason,
} from './application.decider.js';

// Property specs of the application decider: random sequences of valid and invalid commands, from the
// right and the wrong people, never break DOMAIN.md "The approval pipeline" and the separation of
// duties of "People and roles"; replaying what was produced rebuilds the same state.
type Step = PropertyStep<ApplicationCommand>;
const NOW = Date.parse('2026-09-01T08:00:00.000Z');
const DAY = 86_400_000;

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
const eligible: ApplicationEligibility = { eligible: true, policyVersion: policy.version };
const ineligible: ApplicationEligibility = {
  eligible: false,
  policyVersion: policy.version,
  code: 'ethics_ban',
  message: 'banned',
  details: {},
} as unknown as ApplicationEligibility;
const validScores = Object.fromEntries(policy.rubric.dimensions.map((x) => [x.key, 80]));

const applicant = { actorId: 'teacher-1', actorRole: 'teacher', orgUnit: 'school-a' };
const chair = { actorId: 'chair-1', actorRole: 'chair', orgUnit: 'city-1' };
const reviewer = (n: number) => ({ actorId: `reviewer-${n}`, actorRole: 'reviewer', orgUnit: 'school-b' });
const trainee = (n: number) => ({ actorId: `teacher-${n}`, actorRole: 'teacher', orgUnit: 'school-c' });
const people = [
  applicant,
  chair,
  { actorId: 'chair-2', actorRole: 'chair', orgUnit: 'city-1' },
  // The same people in another role: a reviewer acting as chair, the applicant as chair or admin.
  { actorId: 'reviewer-1', actorRole: 'chair', orgUnit: 'city-1' },
  { actorId: 'teacher-1', actorRole: 'chair', orgUnit: 'city-1' },
  { actorId: 'teacher-1', actorRole: 'admin', orgUnit: 'city-1' },
  { actorId: 'admin-1', actorRole: 'admin', orgUnit: 'city-1' },
  { actorId: 'system', actorRole: 'system', orgUnit: 'system' },
  ...[1, 2, 3, 4].map(reviewer),
  ...[2, 3, 4].map(trainee),
];

const ids = fc.constantFrom('teacher-1', 'teacher-2', 'teacher-3', 'chair-1', 'reviewer-1', 'reviewer-4', '');
const score = fc.oneof(
  fc.integer({ min: 0, max: 100 }),
  fc.constantFrom(-1, 101, 100.5, Number.NaN, Number.POSITIVE_INFINITY, -0),
);
const conflicts = fc.subarray<ConflictReason>([
  'same_school',
  'mentor_or_mentee',
  'same_studio',
  'own_application',
]);
const reason = fc.constantFrom('', '  ', '理由', 'x'.repeat(2001));
const fields = fc.oneof(
  fc.constant(project),
  fc
    .record({
      hours: fc.constantFrom(0, -5, 1, 40, 1001, Number.NaN),
      capacity: fc.constantFrom(0, 1, 2, 2.5, 10_001),
      budget: fc.constantFrom(-1, 0, 100),
      endsOn: fc.constantFrom('2026-10-01', '2026-12-20'),
    })
    .map((f) => ({ ...project, ...f }) as ApplicationFields),
  fc.constantFrom<ApplicationFields>(
    { kind: 'tier_promotion', targetTier: 'new' } as unknown as ApplicationFields,
    { kind: 'studio', level: 'city', subject: '语文' } as unknown as ApplicationFields,
  ),
);

/** Any command, valid or not, with any actor and a clock between now and five weeks on. */
const noise: fc.Arbitrary<Step> = fc
  .record({
    actor: fc.constantFrom(...people),
    days: fc.integer({ min: 0, max: 35 }),
    command: fc.oneof(
      fc.record({
        type: fc.constant('DraftApplication' as const),
        title: fc.string(),
        fields,
        call: fc.constant(call),
      }),
      fc.record({ type: fc.constant('UpdateDraft' as const), fields }),
      fc.record({
        type: fc.constant('SubmitApplication' as const),
        call: fc.constantFrom(call, { ...call, closed: true }),
        eligibility: fc.constantFrom(eligible, ineligible),
        policy: fc.constant(policy),
      }),
      fc.record({ type: fc.constant('WithdrawApplication' as const), reason }),
      fc.record({
        type: fc.constant('AssignReviewers' as const),
        reviewers: fc.array(
          fc.record({
            reviewerId: ids,
            conflicts,
            overrideReason: fc.constantFrom(undefined, '', '已回避说明'),
          }),
          { maxLength: 4 },
        ),
        policy: fc.constant(policy),
      }),
      fc.record({ type: fc.constant('RemoveReviewer' as const), reviewerId: ids, reason, conflicts }),
      fc.record({
        type: fc.constant('SubmitReview' as const),
        scores: fc.oneof(
          fc.constant(validScores),
          fc.dictionary(fc.constantFrom('ethics', 'classroom', 'subject', 'results', 'research', 'x'), score),
        ),
        comments: fc.string(),
        policy: fc.constant(policy),
      }),
      fc.record({ type: fc.constant('RequestChanges' as const), reason, policy: fc.constant(policy) }),
      fc.record({
        type: fc.constant('DecideApplication' as const),
        decision: fc.constantFrom('approve' as const, 'reject' as const),
        rationale: fc.string(),
        documentsSeen: fc.constant([]),
        policy: fc.constant(policy),
        eligibility: fc.constantFrom(eligible, ineligible, undefined),
      }),
      fc.record({
        type: fc.constant('EnrolTrainee' as const),
        teacherId: ids,
        inScope: fc.constantFrom(true, false, undefined),
      }),
      fc.record({
        type: fc.constant('RecordCompletion' as const),
        teacherId: ids,
        hours: fc.constantFrom(-1, 0, 1, 40, 41, Number.NaN),
        score,
        policy: fc.constant(policy),
      }),
      fc.record({
        type: fc.constant('SubmitTraineeEvaluation' as const),
        traineeId: ids,
        evaluatorToken: fc.constantFrom('tok-a', 'tok-b'),
        score,
        comment: fc.string(),
      }),
      fc.record({
        type: fc.constant('EvaluatePerformance' as const),
        parts: fc.record({
          selfAssessment: score,
          archiveCheck: score,
          traineeInterviews: score,
          onSiteDefence: score,
        }),
        policy: fc.constant(policy),
      }),
      fc.record({
        type: fc.constant('MarkReviewOverdue' as const),
        reviewerId: ids,
        revision: fc.constantFrom(0, 1, 2),
        dueAt: fc.constant(new Date(NOW + policy.reviewDueDays * DAY).toISOString()),
      }),
      fc.record({
        type: fc.constant('MarkRevisionOverdue' as const),
        revision: fc.constantFrom(0, 1, 2),
        dueAt: fc.constant(new Date(NOW + policy.revisionDueDays * DAY).toISOString()),
      }),
    ) as fc.Arbitrary<ApplicationCommand>,
  })
  .map(({ actor, days, command }) => ({ command, meta: { ...actor, now: new Date(NOW + days * DAY) } }));

/** The pipeline done right (DOMAIN.md stages 1–4), so random sequences reach decisions and projects. */
const happyPath = (decision: 'approve' | 'reject', parts: number[]): Step[] => {
  const at = (actor: object): Partial<Step['meta']> => ({ ...actor, now: new Date(NOW) });
  return [
    { command: { type: 'DraftApplication', title: '培训项目', fields: project, call }, meta: at(applicant) },
    { command: { type: 'SubmitApplication', call, eligibility: eligible, policy }, meta: at(applicant) },
    {
      command: {
        type: 'AssignReviewers',
        reviewers: [1, 2, 3].map((n) => ({
          reviewerId: `reviewer-${n}`,
          conflicts: [],
        })),
        policy,
      },
      meta: at(chair),
    },
    ...[1, 2, 3].map((n) => ({
      command: { type: 'SubmitReview' as const, scores: validScores, comments: 'ok', policy },
      meta: at(reviewer(n)),
    })),
    {
      command: {
        type: 'DecideApplication',
        decision,
        rationale: '依据评审',
        documentsSeen: [],
        policy,
        eligibility: eligible,
      },
      meta: at(chair),
    },
    ...[2, 3].flatMap((n) => [
      {
        command: { type: 'EnrolTrainee' as const, teacherId: `teacher-${n}`, inScope: true },
        meta: at(trainee(n)),
      },
      {
        command: {
          type: 'RecordCompletion' as const,
          teacherId: `teacher-${n}`,
          hours: 40,
          score: 80,
          policy,
        },
        meta: at(applicant),
      },
      {
        command: {
          type: 'SubmitTraineeEvaluation' as const,
          traineeId: `teacher-${n}`,
          evaluatorToken: `tok-${n}`,
          score: 90,
          comment: '',
        },
        meta: at(trainee(n)),
      },
    ]),
    {
      command: {
        type: 'EvaluatePerformance',
        parts: {
          selfAssessment: parts[0]!,
          archiveCheck: parts[1]!,
          traineeInterviews: parts[2]!,
          onSiteDefence: parts[3]!,
        },
        policy,
      },
      meta: at(chair),
    },
  ];
};

/** A happy path cut at a random point, with random commands before each of its steps. */
const sequences: fc.Arbitrary<Step[]> = fc
  .record({
    decision: fc.constantFrom('approve' as const, 'reject' as const),
    parts: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 4, maxLength: 4 }),
    cut: fc.integer({ min: 0, max: 17 }),
    noise: fc.array(fc.array(noise, { maxLength: 2 }), { minLength: 17, maxLength: 17 }),
    tail: fc.array(noise, { maxLength: 8 }),
  })
  .map(({ decision, parts, cut, noise: before, tail }) => [
    ...happyPath(decision, parts)
      .slice(0, cut)
      .flatMap((step, i) => [...before[i]!, step]),
    ...tail,
  ]);

function invariant({
  command,
  meta,
  before,
  after,
  events,
}: AcceptedStep<ApplicationCommand, ApplicationEvent, ApplicationState>) {
  for (const e of events) {
    switch (e.type) {
      case 'ApplicationDecided': {
        // A decision only after quorum, by a chair who is neither the applicant nor one of its reviewers.
        expect(before.stage).toBe('in_review');
        expect(currentReviews(before).length).toBeGreaterThanOrEqual(policy.reviewQuorum);
        expect(meta.actorRole).toBe('chair');
        expect(meta.actorId).not.toBe(before.applicantId);
        expect(Object.keys(before.reviewers)).not.toContain(meta.actorId);
        expect(before.reviews.map((r) => r.reviewerId)).not.toContain(meta.actorId);
        if (command.type === 'DecideApplication') expect(e.data.decision).toBe(command.decision);
        expect(after.stage).toBe(e.data.decision === 'approve' ? 'approved' : 'rejected');
        break;
      }
      case 'ReviewersAssigned':
        // A chair never assigns themselves, nor the applicant.
        expect(meta.actorRole).toBe('chair');
        for (const r of e.data.reviewers) {
          expect(r.reviewerId).not.toBe(meta.actorId);
          expect(r.reviewerId).not.toBe(before.applicantId);
          if (r.conflicts.length > 0) expect(r.overrideReason?.trim()).toBeTruthy();
        }
        break;
      case 'ReviewSubmitted':
        expect(before.reviewers[meta.actorId]).toBeDefined();
        expect(e.data.reviewerId).toBe(meta.actorId);
        expect(e.data.total).toBeGreaterThanOrEqual(0);
        expect(e.data.total).toBeLessThanOrEqual(100);
        break;
      case 'TraineeEnrolled':
        expect(e.data.teacherId).not.toBe(before.applicantId);
        break;
      case 'TrainingCompleted':
        expect([before.applicantId, 'admin']).toContain(
          meta.actorId === before.applicantId ? meta.actorId : meta.actorRole,
        );
        expect(e.data.hours).toBeGreaterThan(0);
        expect(e.data.hours).toBeLessThanOrEqual((before.fields as { hours: number }).hours);
        break;
      case 'TraineeEvaluationSubmitted':
        expect(e.data.score).toBeGreaterThanOrEqual(0);
        expect(e.data.score).toBeLessThanOrEqual(100);
        break;
      case 'PerformanceEvaluated':
        expect(['chair', 'admin']).toContain(meta.actorRole);
        expect(meta.actorId).not.toBe(before.applicantId);
        expect(e.data.score).toBeGreaterThanOrEqual(0);
        expect(e.data.score).toBeLessThanOrEqual(100);
        break;
      case 'ReviewOverdue':
      case 'RevisionOverdue':
        expect(meta.actorRole).toBe('system');
        break;
      default:
        break;
    }
  }
  // A decision, a withdrawal and the applicant are final.
  if (before.decision) expect(after.decision).toBe(before.decision);
  if (before.stage === 'withdrawn') expect(after.stage).toBe('withdrawn');
  if (before.applicantId) expect(after.applicantId).toBe(before.applicantId);
  expect(after.decision !== null).toBe(after.stage === 'approved' || after.stage === 'rejected');
  // A project never takes more trainees than its capacity, nor its owner, nor anyone twice.
  if (after.fields?.kind === 'training_project') {
    expect(after.enrolled.length).toBeLessThanOrEqual(after.fields.capacity);
  }
  expect(after.enrolled).not.toContain(after.applicantId);
  expect(new Set(after.enrolled).size).toBe(after.enrolled.length);
  for (const t of Object.keys(after.completed)) expect(after.enrolled).toContain(t);
  // One review per reviewer and revision counts.
  const counted = currentReviews(after).map((r) => r.reviewerId);
  expect(new Set(counted).size).toBe(counted.length);
  expect(new Set(after.evaluatorTokens).size).toBe(after.evaluatorTokens.length);
}

describe('application decider properties', () => {
  it('random command sequences keep the pipeline rules, and replaying the events rebuilds the state', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        runSequence(d, steps, invariant);
      }),
      propertyParams(100),
    );
  });

  it('the generated sequences reach the decision and the project’s evaluation, not only refusals', () => {
    const reached = reachCounts(sequences, 100, (steps) => {
      const { events } = runSequence(d, steps, invariant);
      return {
        decided: events.some((e) => e.type === 'ApplicationDecided'),
        evaluated: events.some((e) => e.type === 'PerformanceEvaluated'),
      };
    });
    expect(reached.decided).toBeGreaterThan(10);
    expect(reached.evaluated).toBeGreaterThan(2);
  });

  it('a chair who reviewed the application, or who applied, never decides it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('reviewer-1', 'reviewer-2', 'teacher-1'),
        fc.constantFrom('approve' as const, 'reject' as const),
        (who, decision) => {
          const steps = happyPath(decision, [90, 90, 90, 90]).slice(0, 6);
          // reviewer-1/2 also hold the chair role; the applicant may be a chair elsewhere.
          steps.push({
            command: {
              type: 'DecideApplication',
              decision,
              rationale: 'r',
              documentsSeen: [],
              policy,
              eligibility: eligible,
            },
            meta: { actorId: who, actorRole: 'chair', now: new Date(NOW) },
          });
          const { state, refused } = runSequence(d, steps, invariant);
          expect(state.decision).toBeNull();
          expect(refused).toEqual([who === 'teacher-1' ? 'own_application' : 'four_eyes']);
        },
      ),
      propertyParams(20),
    );
  });
});
