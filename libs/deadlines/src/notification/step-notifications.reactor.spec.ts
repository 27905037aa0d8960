import { applicationDecider, type ApplicationEvent, type ApplicationState } from '#libs/approval';
import { noticeOf } from './step-notifications.reactor.js';

// DOMAIN.md "The approval pipeline": who must act on or know of each step, as it happens.
const streamId = 'application-app-1';
const drafted = {
  type: 'ApplicationDrafted',
  data: {
    kind: 'training_project',
    title: '初中数学骨干教师培训',
    fields: {
      kind: 'training_project',
      level: 'district',
      targetTier: 'backbone',
      subject: '初中数学',
      hours: 60,
      capacity: 3,
      budget: 80000,
      startsOn: '2026-12-01',
      endsOn: '2027-01-20',
    },
    callId: 'call-1',
    applicantId: 'owner-1',
    orgUnit: 'school-1',
    draftedAt: '2026-11-01T00:00:00.000Z',
  },
} as ApplicationEvent;
const submitted = (revision: number) =>
  ({ type: 'ApplicationSubmitted', data: { submittedAt: '2026-11-02T00:00:00.000Z', revision } }) as const;
const assigned = {
  type: 'ReviewersAssigned',
  data: {
    reviewers: ['rev-1', 'rev-2'].map((reviewerId) => ({ reviewerId, conflicts: [], overrideReason: null })),
    dueAt: '2026-11-20T00:00:00.000Z',
    policyVersion: 'default-1',
  },
} as ApplicationEvent;

function after(...events: ApplicationEvent[]): { state: ApplicationState; last: ApplicationEvent } {
  const state = events.reduce((s, e) => applicationDecider.evolve(s, e), applicationDecider.initialState);
  return { state, last: events.at(-1)! };
}
const notice = (...events: ApplicationEvent[]) => {
  const { state, last } = after(...events);
  return noticeOf({ ...last, streamId }, state);
};

describe('steps announced as they happen', () => {
  it('tells the committee’s chairs of each submission, a resubmission included', () => {
    expect(notice(drafted, submitted(1))).toEqual({
      kind: 'application_submitted',
      recipients: 'committee_chairs',
      about: { step: 'submission', streamId, occurrence: 'r1', subjectId: 'app-1', dueAt: null },
      details: { revision: 1 },
    });
    expect(notice(drafted, submitted(1), submitted(2))?.about).toMatchObject({ occurrence: 'r2' });
  });

  it('tells each assigned reviewer of their review and its due date, as a review step', () => {
    expect(notice(drafted, submitted(1), assigned)).toEqual({
      kind: 'review_assigned',
      recipients: ['rev-1', 'rev-2'],
      about: { applicationId: 'app-1', reviewerId: '', revision: 1, dueAt: '2026-11-20T00:00:00.000Z' },
    });
  });

  it('tells the applicant why it was sent back and by when, and how it was decided and why', () => {
    const back = {
      type: 'ChangesRequested',
      data: { reason: '请补充课程安排', dueAt: '2026-11-30T00:00:00.000Z', revision: 1 },
    } as ApplicationEvent;
    expect(notice(drafted, submitted(1), assigned, back)).toMatchObject({
      kind: 'changes_requested',
      recipients: ['owner-1'],
      about: { step: 'revision', occurrence: 'r1', dueAt: '2026-11-30T00:00:00.000Z' },
      details: { reason: '请补充课程安排', revision: 1 },
    });
    const decided = {
      type: 'ApplicationDecided',
      data: { decision: 'reject', rationale: '经费预算不合理', decidedAt: '2026-12-01T00:00:00.000Z' },
    } as ApplicationEvent;
    expect(notice(drafted, submitted(1), assigned, decided)).toMatchObject({
      kind: 'application_decided',
      recipients: ['owner-1'],
      about: { step: 'decision', dueAt: null },
      details: { decision: 'reject', rationale: '经费预算不合理' },
    });
  });

  it('tells a trainee of their enrolment (with the dates) and their completion (with the hours)', () => {
    const enrolled = {
      type: 'TraineeEnrolled',
      data: { teacherId: 't-9', enrolledAt: '2026-11-25T00:00:00.000Z' },
    } as ApplicationEvent;
    expect(notice(drafted, enrolled)).toMatchObject({
      kind: 'trainee_enrolled',
      recipients: ['t-9'],
      about: { step: 'enrolment', occurrence: 't-9' },
      details: { startsOn: '2026-12-01', endsOn: '2027-01-20' },
    });
    const completed = {
      type: 'TrainingCompleted',
      data: {
        teacherId: 't-9',
        hours: 60,
        completedAt: '2027-01-20T00:00:00.000Z',
        projectLevel: 'district',
      },
    } as ApplicationEvent;
    expect(notice(drafted, enrolled, completed)).toMatchObject({
      kind: 'training_completed',
      recipients: ['t-9'],
      details: { hours: 60 },
    });
    // A completion that records an assessed score carries it (the reactor grades it against the policy).
    const scored = { ...completed, data: { ...completed.data, score: 52 } } as ApplicationEvent;
    expect(notice(drafted, enrolled, scored)?.details).toEqual({ hours: 60, score: 52 });
  });

  it('announces nothing for a draft or a stream without its application', () => {
    expect(notice(drafted)).toBeNull();
    expect(noticeOf({ ...submitted(1), streamId }, applicationDecider.initialState)).toBeNull();
  });
});
