import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  propertyParams,
  reachCounts,
  runSequence,
  type AcceptedStep,
  type PropertyStep,
} from '#testing/event-store';
import { APPLICATION_KINDS } from '../application/application.decider.js';
import { callDecider as d, type CallCommand, type CallEvent, type CallState } from './call.decider.js';

// Property specs of a call (申报通知): random openings and closings, valid and invalid, by chairs, admins,
// the window timer and others keep DOMAIN.md stage 1 ("submit only within the call's window") and
// "People and roles": a call's window never runs backwards and never moves once opened, the timer closes
// only a window that has ended, and a closed call stays closed. Replaying what was produced rebuilds it.
type Step = PropertyStep<CallCommand>;
const START = Date.parse('2026-09-01T08:00:00.000Z');
const DAY = 86_400_000;

const chair = { actorId: 'chair-1', actorRole: 'chair' };
const admin = { actorId: 'admin-1', actorRole: 'admin' };
const system = { actorId: 'system', actorRole: 'system' };
const people = [
  chair,
  admin,
  system,
  { actorId: 'teacher-1', actorRole: 'teacher' },
  { actorId: 'reviewer-1', actorRole: 'reviewer' },
  { actorId: 'mentor-1', actorRole: 'mentor' },
];

/** An instant: days from the start of the run, or something that is not an instant. */
const instant = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.integer({ min: -20, max: 120 }).map((n) => new Date(START + n * DAY).toISOString()),
  },
  { weight: 1, arbitrary: fc.constantFrom('', 'next week', '2026-13-01T00:00:00.000Z') },
);

const command: fc.Arbitrary<CallCommand> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('OpenCall' as const),
      kind: fc.constantFrom(...APPLICATION_KINDS),
      orgUnit: fc.constantFrom('city-1', 'district-a'),
      title: fc.constantFrom('2026 年度培训项目申报', ''),
      opensAt: instant,
      closesAt: instant,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('CloseCall' as const),
      reason: fc.constantFrom('window ended', '提前截止', ''),
    }),
  },
);

/** Random commands by random people (the timer often) on a clock that only moves forward. */
const sequences: fc.Arbitrary<Step[]> = fc
  .array(
    fc.record({
      command,
      actor: fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom(chair, admin) },
        { weight: 2, arbitrary: fc.constant(system) },
        { weight: 1, arbitrary: fc.constantFrom(...people) },
      ),
      days: fc.integer({ min: 0, max: 30 }),
    }),
    { minLength: 1, maxLength: 15 },
  )
  .map((steps) => {
    let now = START;
    return steps.map(({ command: c, actor, days }) => {
      now += days * DAY;
      return { command: c, meta: { ...actor, now: new Date(now) } };
    });
  });

function invariant({
  command,
  meta,
  before,
  after,
  events,
}: AcceptedStep<CallCommand, CallEvent, CallState>) {
  for (const e of events) {
    switch (e.type) {
      case 'CallOpened':
        // Opened once, by a chair or an admin, with a window that closes after it opens.
        expect(before.exists).toBe(false);
        expect(['chair', 'admin']).toContain(meta.actorRole);
        expect(e.data.openedBy).toBe(meta.actorId);
        expect(Date.parse(e.data.opensAt)).toBeLessThan(Date.parse(e.data.closesAt));
        break;
      case 'CallClosed':
        // Closed once: early by a chair or an admin, or by the timer once the window has ended.
        expect(before.exists && !before.closed).toBe(true);
        expect(command.type).toBe('CloseCall');
        if (meta.actorRole === 'system') {
          expect(before.exists && meta.now.getTime() >= Date.parse(before.closesAt)).toBe(true);
        } else {
          expect(['chair', 'admin']).toContain(meta.actorRole);
        }
        break;
    }
  }
  // An opened call keeps its window, kind and unit; a closed call stays closed.
  if (before.exists) {
    expect(after.exists).toBe(true);
    if (after.exists) {
      expect({ ...after, closed: before.closed }).toEqual(before);
      if (before.closed) expect(after.closed).toBe(true);
    }
  }
  if (after.exists) expect(Date.parse(after.opensAt)).toBeLessThan(Date.parse(after.closesAt));
}

describe('call decider properties', () => {
  it('random command sequences keep the window rules, and replaying the events rebuilds the call', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        runSequence(d, steps, invariant);
      }),
      propertyParams(300),
    );
  });

  it('the generated sequences reach openings and both kinds of closing, not only refusals', () => {
    const reached = reachCounts(sequences, 300, (steps) => {
      const { state, events } = runSequence(d, steps, invariant);
      if (!state.exists) return { opened: false, closedAfterEnd: false, closedEarly: false };
      // Closed while the window still ran (only the office may) or after it ended.
      const closedAt = events.find((e) => e.type === 'CallClosed')?.data.closedAt;
      return {
        opened: true,
        closedAfterEnd: closedAt !== undefined && closedAt >= state.closesAt,
        closedEarly: closedAt !== undefined && closedAt < state.closesAt,
      };
    });
    expect(reached.opened).toBeGreaterThan(50);
    expect(reached.closedAfterEnd).toBeGreaterThan(5);
    expect(reached.closedEarly).toBeGreaterThan(5);
  });

  it('the timer never closes a call before its window ends, however often it fires', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.integer({ min: 0, max: 90 }), { minLength: 1, maxLength: 6 }),
        (length, firings) => {
          const opensAt = new Date(START).toISOString();
          const closesAt = new Date(START + length * DAY).toISOString();
          const { state, events } = runSequence(
            d,
            [
              {
                command: {
                  type: 'OpenCall',
                  kind: 'training_project',
                  orgUnit: 'city-1',
                  title: 't',
                  opensAt,
                  closesAt,
                },
                meta: { ...chair, now: new Date(START) },
              },
              ...[...firings]
                .sort((a, b) => a - b)
                .map((n) => ({
                  command: { type: 'CloseCall' as const, reason: 'window ended' },
                  meta: { ...system, now: new Date(START + n * DAY) },
                })),
            ],
            invariant,
          );
          const ended = firings.some((n) => n >= length);
          expect(state.exists && state.closed).toBe(ended);
          expect(events.filter((e) => e.type === 'CallClosed')).toHaveLength(ended ? 1 : 0);
        },
      ),
      propertyParams(50),
    );
  });
});
