import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  propertyParams,
  reachCounts,
  runSequence,
  type AcceptedStep,
  type PropertyStep,
} from '#testing/event-store';
import { USERNAME_PATTERN } from '../identity.model.js';
import {
  usernameDecider as d,
  type UsernameCommand,
  type UsernameEvent,
  type UsernameState,
} from './username.decider.js';

// Property specs of a username reservation: registrations racing for one name, retried or not, keep
// DOMAIN.md "People and roles" (a user is one person; a sign-in name names one user): a name has one
// owner for ever, only a valid name is reserved, the owner's retry records nothing new and anyone
// else is refused. Replaying what was produced rebuilds the same reservation.
type Step = PropertyStep<UsernameCommand>;
const START = Date.parse('2026-09-01T08:00:00.000Z');

const users = ['user-1', 'user-2', 'user-3'];
const admins = [
  { actorId: 'admin-a', actorRole: 'admin', orgUnit: 'district-a' },
  { actorId: 'admin-b', actorRole: 'admin', orgUnit: 'district-b' },
  { actorId: 'system', actorRole: 'system', orgUnit: 'system' },
];

/** One stream, `username-<name>`: every command of a sequence names the same name, valid or not. */
const sequences: fc.Arbitrary<{ username: string; steps: Step[] }> = fc
  .record({
    username: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('teacher.one', 'wang_li', 'zhang-3') },
      { weight: 1, arbitrary: fc.constantFrom('Teacher.One', 'ab', '1abc', 'a b c', '', 'x'.repeat(33)) },
    ),
    steps: fc.array(fc.record({ userId: fc.constantFrom(...users), meta: fc.constantFrom(...admins) }), {
      minLength: 1,
      maxLength: 10,
    }),
  })
  .map(({ username, steps }) => ({
    username,
    steps: steps.map(({ userId, meta }, i) => ({
      command: { type: 'ReserveUsername' as const, username, userId },
      meta: { ...meta, now: new Date(START + i * 1000) },
    })),
  }));

function invariant({
  command,
  before,
  after,
  events,
}: AcceptedStep<UsernameCommand, UsernameEvent, UsernameState>) {
  expect(USERNAME_PATTERN.test(command.username)).toBe(true);
  if (before.reserved) {
    // The owner retrying: nothing new, and the owner stays.
    expect(events).toEqual([]);
    expect(command.userId).toBe(before.userId);
    expect(after).toEqual(before);
  } else {
    expect(events).toHaveLength(1);
    expect(events[0]!.data.userId).toBe(command.userId);
    expect(events[0]!.data.username).toBe(command.username);
  }
}

describe('username decider properties', () => {
  it('racing and retried reservations leave one owner per name, and replaying the events rebuilds it', () => {
    fc.assert(
      fc.property(sequences, ({ username, steps }) => {
        const { state, events, refused } = runSequence(d, steps, invariant);
        expect(events.length).toBeLessThanOrEqual(1);
        if (!USERNAME_PATTERN.test(username)) {
          // An invalid name is never reserved, whoever asks.
          expect(state.reserved).toBe(false);
          expect(refused).toEqual(steps.map(() => 'invalid_username'));
          return;
        }
        // The first to ask owns it; everyone else after is refused as taken, the owner's retries pass.
        const owner = steps[0]!.command.userId;
        expect(state).toMatchObject({ reserved: true, userId: owner, username });
        const others = steps.filter((s) => s.command.userId !== owner).length;
        expect(refused).toEqual(Array.from({ length: others }, () => 'username_taken'));
      }),
      propertyParams(200),
    );
  });

  it('the generated sequences race different users for a valid name, not only retries', () => {
    // Counted on the fixed sample of reachCounts, so it does not depend on FC_RUNS or the seed.
    const reached = reachCounts(sequences, 200, ({ username, steps }) => ({
      contested:
        USERNAME_PATTERN.test(username) && steps.some((s) => s.command.userId !== steps[0]!.command.userId),
    }));
    expect(reached.contested).toBeGreaterThan(50);
  });
});
