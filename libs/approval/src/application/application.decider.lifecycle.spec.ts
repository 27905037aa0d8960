import { given } from '#testing/event-store';
import { DEFAULT_POLICY as policy } from '#libs/policy';
import {
  applicationDecider as d,
  isStarted,
  type ApplicationCommand,
  type ApplicationEvent,
  type ApplicationState,
} from './application.decider.js';

// The application's lifecycle as a union (ARCHITECTURE.md "A command's path"): none until its draft,
// then undecided, then decided (DOMAIN.md "The approval pipeline"). The decider never appends an event
// out of that order, so the fold leaves the state as it is when it meets one, and refuses a command it
// does not know rather than ignoring it.
const NOW = '2026-09-01T08:00:00.000Z';
const applicant = { actorId: 'teacher-1', actorRole: 'teacher', orgUnit: 'school-a' };
const drafted = (title: string): ApplicationEvent => ({
  type: 'ApplicationDrafted',
  data: {
    kind: 'school_plan',
    title,
    fields: { kind: 'school_plan', schoolYear: '2026-2027', summary: 's' },
    callId: 'call-1',
    applicantId: 'teacher-1',
    orgUnit: 'school-a',
    draftedAt: NOW,
  },
});
const submitted: ApplicationEvent = {
  type: 'ApplicationSubmitted',
  data: { submittedAt: NOW, revision: 1, policyVersion: policy.version },
};
const assigned: ApplicationEvent = {
  type: 'ReviewersAssigned',
  data: {
    reviewers: [{ reviewerId: 'reviewer-1', conflicts: [], overrideReason: null }],
    dueAt: NOW,
    policyVersion: policy.version,
  },
};
const decided: ApplicationEvent = {
  type: 'ApplicationDecided',
  data: {
    applicantId: 'teacher-1',
    kind: 'school_plan',
    targetTier: null,
    decision: 'reject',
    rationale: 'r',
    decidedAt: NOW,
    policyVersion: policy.version,
    rubricVersion: policy.rubric.version,
    reviews: [],
    averageScore: 0,
    documentsSeen: [],
  },
};
const fold = (...events: ApplicationEvent[]): ApplicationState => events.reduce(d.evolve, d.initialState);

describe('the application lifecycle: none, undecided, decided', () => {
  it('folds nothing before the draft: the application still does not exist', () => {
    const s = fold(submitted, assigned, decided);
    expect(s).toEqual(d.initialState);
    expect(isStarted(s)).toBe(false);
    given(d, [submitted])
      .when({ type: 'WithdrawApplication', reason: 'r' }, applicant)
      .thenRefuses('application_not_found', 'no such application');
  });

  it('keeps the first draft: a second one does not redraw the application', () => {
    const s = fold(drafted('first'), submitted, drafted('second'));
    expect(s).toMatchObject({ stage: 'submitted', title: 'first', revision: 1 });
    expect(isStarted(s)).toBe(true);
  });

  it('keeps a decision final: a late submission, assignment, request or withdrawal leaves it as it is', () => {
    const before = fold(drafted('t'), submitted, assigned, decided);
    expect(before).toMatchObject({ stage: 'rejected', decision: 'reject' });
    const late: ApplicationEvent[] = [
      { type: 'ApplicationSubmitted', data: { submittedAt: NOW, revision: 2 } },
      { ...assigned, data: { ...assigned.data, reviewers: [] } } as ApplicationEvent,
      { type: 'ChangesRequested', data: { reason: 'r', dueAt: NOW, revision: 1 } },
      { type: 'ApplicationWithdrawn', data: { reason: 'r', withdrawnAt: NOW } },
    ];
    for (const e of late) expect(d.evolve(before, e)).toBe(before);
  });

  it('leaves the state as it is on an event type it does not know', () => {
    const s = fold(drafted('t'));
    expect(d.evolve(s, { type: 'SomethingElse', data: {} } as unknown as ApplicationEvent)).toBe(s);
  });

  it('refuses a command it does not know, rather than ignoring it', () => {
    given(d, [drafted('t')])
      .when({ type: 'SomethingElse' } as unknown as ApplicationCommand, applicant)
      .thenRefuses('unknown_command', 'unknown command SomethingElse');
  });
});
