import { applicationDecider, type ApplicationEvent, type ApplicationState } from '#libs/approval';
import { defaultPolicySource } from '#libs/policy';
import type { RecordedAssignment } from './review-assignments.js';
import { wantedTimers } from './wanted-timers.js';

// DOMAIN.md "Deadlines and reminders": which timers the event store says should be pending, per review step.
const DAY = 86_400_000;
const assignedAt = Date.parse('2026-03-01T08:00:00.000Z');
const dueAt = new Date(assignedAt + 14 * DAY).toISOString();

function fold(...events: ApplicationEvent[]): ApplicationState {
  return events.reduce((s, e) => applicationDecider.evolve(s, e), applicationDecider.initialState);
}
const base: ApplicationEvent[] = [
  {
    type: 'ApplicationDrafted',
    data: {
      kind: 'school_plan',
      title: 't',
      fields: { kind: 'school_plan', schoolYear: '2026-2027', summary: 's' },
      callId: 'call-1',
      applicantId: 'teacher-1',
      orgUnit: 'ou-1',
      draftedAt: new Date(assignedAt).toISOString(),
    },
  } as ApplicationEvent,
  { type: 'ApplicationSubmitted', data: { submittedAt: new Date(assignedAt).toISOString(), revision: 1 } },
  {
    type: 'ReviewersAssigned',
    data: {
      reviewers: ['r1', 'r2'].map((reviewerId) => ({ reviewerId, conflicts: [], overrideReason: null })),
      dueAt,
      policyVersion: 'v1',
    },
  },
];
const assignment: RecordedAssignment = {
  eventId: 'e3',
  recordedAt: new Date(assignedAt).toISOString(),
  applicationId: 'app-1',
  reviewerIds: ['r1', 'r2'],
  revision: 1,
  dueAt,
  orgUnit: 'ou-1',
  chairId: 'chair-1',
  correlationId: 'c-1',
};
const at = (ms: number) => new Date(ms);
const summary = async (state: ApplicationState, now: Date) =>
  (await wantedTimers(state, [assignment], defaultPolicySource, now)).map(
    (w) => `${w.timer.reviewerId} ${w.timer.kind} ${w.timer.at}${w.pastNotification ? ' (past)' : ''}`,
  );

describe('the timers a review step should have pending', () => {
  it('wants every timer of every reviewer right after the assignment', async () => {
    expect(await summary(fold(...base), at(assignedAt + 1000))).toEqual([
      'r1 review-reminder before-P3D',
      'r1 review-reminder before-P1D',
      'r1 review-due due',
      'r1 review-escalation after-P2D',
      'r2 review-reminder before-P3D',
      'r2 review-reminder before-P1D',
      'r2 review-due due',
      'r2 review-escalation after-P2D',
    ]);
  });

  it('sends a lost reminder late while the review is not due yet, and never one that was never set', async () => {
    const now = at(assignedAt + 12 * DAY); // after the 3-day reminder, before the 1-day one
    expect((await summary(fold(...base), now)).filter((s) => s.startsWith('r1'))).toEqual([
      'r1 review-reminder before-P3D (past)',
      'r1 review-reminder before-P1D',
      'r1 review-due due',
      'r1 review-escalation after-P2D',
    ]);
    // Assigned with a due date 2 days away: the 3-day reminder was never scheduled.
    const short = { ...assignment, dueAt: new Date(assignedAt + 2 * DAY).toISOString() };
    const state = fold(...base.slice(0, 2), {
      type: 'ReviewersAssigned',
      data: { ...(base[2]!.data as object), dueAt: short.dueAt } as never,
    });
    const got = await wantedTimers(state, [short], defaultPolicySource, at(assignedAt + 1000));
    expect(got.map((w) => w.timer.at)).not.toContain('before-P3D');
    expect(got.map((w) => w.timer.at)).toContain('before-P1D');
  });

  it('drops the reviewer who reviewed, the due timer once overdue, and reminders once due', async () => {
    const state = fold(
      ...base,
      {
        type: 'ReviewSubmitted',
        data: {
          reviewerId: 'r2',
          scores: {},
          total: 80,
          comments: '',
          rubricVersion: 'v1',
          revision: 1,
          submittedAt: dueAt,
        },
      },
      { type: 'ReviewOverdue', data: { reviewerId: 'r1', revision: 1, dueAt, markedAt: dueAt } },
    );
    expect(await summary(state, at(Date.parse(dueAt) + 1000))).toEqual(['r1 review-escalation after-P2D']);
    expect(await summary(state, at(Date.parse(dueAt) + 3 * DAY))).toEqual([
      'r1 review-escalation after-P2D (past)',
    ]);
  });

  it('wants nothing once the application left review', async () => {
    for (const e of [
      { type: 'ApplicationWithdrawn', data: { reason: 'x', withdrawnAt: dueAt } },
      { type: 'ChangesRequested', data: { reason: 'x', dueAt, revision: 1 } },
    ] as ApplicationEvent[])
      expect(await summary(fold(...base, e), at(assignedAt + 1000))).toEqual([]);
  });
});
