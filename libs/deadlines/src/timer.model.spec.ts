import { DEFAULT_POLICY } from '#libs/policy';
import { deadlineOffsets, planReviewTimers, timerJobId, type ReviewAssignmentFacts } from './timer.model.js';

// DOMAIN.md "Deadlines and reminders": reminders 3 and 1 days before a due date (policy), escalation
// when missed; DOMAIN.md "Deadlines and reminders": deterministic job ids.
const DAY = 86_400_000;
const assignment: ReviewAssignmentFacts = {
  applicationId: 'app-1',
  reviewerIds: ['rev-1', 'rev-2'],
  revision: 1,
  dueAt: '2026-09-15T08:00:00.000Z',
  orgUnit: 'city-1',
  chairId: 'chair-1',
  correlationId: 'corr-1',
};

describe('review timers', () => {
  it('plans, per reviewer, reminders 3 and 1 days before, the due timer and the admin escalation', () => {
    const timers = planReviewTimers(
      assignment,
      deadlineOffsets(DEFAULT_POLICY),
      new Date('2026-09-01T08:00:00Z'),
    );
    expect(timers.filter((t) => t.reviewerId === 'rev-1').map((t) => [t.kind, t.at, t.fireAt])).toEqual([
      ['review-reminder', 'before-P3D', '2026-09-12T08:00:00.000Z'],
      ['review-reminder', 'before-P1D', '2026-09-14T08:00:00.000Z'],
      ['review-due', 'due', '2026-09-15T08:00:00.000Z'],
      ['review-escalation', 'after-P2D', '2026-09-17T08:00:00.000Z'],
    ]);
    expect(timers).toHaveLength(8);
  });

  it('skips reminders whose time has passed, but keeps the due timer and the escalation', () => {
    const now = new Date(Date.parse(assignment.dueAt) - 2 * DAY);
    expect(
      planReviewTimers(assignment, deadlineOffsets(undefined), now)
        .filter((t) => t.reviewerId === 'rev-1')
        .map((t) => t.at),
    ).toEqual(['before-P1D', 'due', 'after-P2D']);
    const late = new Date(Date.parse(assignment.dueAt) + 5 * DAY);
    expect(planReviewTimers(assignment, deadlineOffsets(undefined), late).map((t) => t.kind)).toEqual([
      'review-due',
      'review-escalation',
      'review-due',
      'review-escalation',
    ]);
  });

  it('takes the offsets from the policy when it carries them', () => {
    const offsets = deadlineOffsets({
      ...DEFAULT_POLICY,
      reminderDaysBefore: [1, 7, 0.5],
      adminEscalationDaysAfter: 1,
    });
    expect(offsets).toEqual({ reminderDaysBefore: [7, 1, 0.5], adminEscalationDaysAfter: 1 });
    expect(
      planReviewTimers(assignment, offsets)
        .map((t) => t.at)
        .slice(0, 5),
    ).toEqual(['before-P7D', 'before-P1D', 'before-PT43200S', 'due', 'after-P1D']);
    expect(deadlineOffsets({ reminderDaysBefore: ['x'], adminEscalationDaysAfter: -1 })).toEqual({
      reminderDaysBefore: [3, 1],
      adminEscalationDaysAfter: 2,
    });
  });

  it('gives each timer a deterministic id BullMQ accepts: kind | stream | step | due or offset', () => {
    const [first, again] = [
      planReviewTimers(assignment, deadlineOffsets(undefined)),
      planReviewTimers(assignment, deadlineOffsets(undefined)),
    ];
    expect(first.map(timerJobId)).toEqual(again.map(timerJobId));
    expect(new Set(first.map(timerJobId)).size).toBe(first.length);
    expect(timerJobId(first[0]!)).toBe('review-reminder|application-app-1|review.rev-1.r1|before-P3D');
    expect(timerJobId(first[2]!)).toBe(
      'review-due|application-app-1|review.rev-1.r1|due-20260915T080000.000Z',
    );
    // BullMQ refuses ':' in custom ids (and ids that look like integers).
    for (const t of first) expect(timerJobId(t)).not.toContain(':');
  });
});
