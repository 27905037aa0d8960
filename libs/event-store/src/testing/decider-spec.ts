import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import type { CommandMetadata, DomainEvent, StreamDecider } from '../decider/command-runner.js';
import { DomainError } from '../decider/domain-error.js';

/** Command metadata for a decider spec: a fixed clock unless the spec gives one. */
export function specMeta(overrides: Partial<CommandMetadata> = {}): CommandMetadata {
  return {
    commandId: randomUUID(),
    actorId: 'user-spec',
    actorRole: 'admin',
    orgUnit: 'ou-spec',
    correlationId: randomUUID(),
    now: new Date('2026-09-01T08:00:00.000Z'),
    ...overrides,
  };
}

/**
 * Given/when/then for pure decider specs (ARCHITECTURE.md "Tests read as given/when/then"):
 *   given(decider, [past events]).when(command).then([expected events])
 *   given(decider, [past events]).when(command).thenRefuses('code')
 */
export function given<C, E extends DomainEvent, S>(
  decider: StreamDecider<C, E, S>,
  history: readonly E[] = [],
) {
  const state = history.reduce(decider.evolve, decider.initialState);
  return {
    state,
    when(command: C, meta: Partial<CommandMetadata> = {}) {
      const run = () => decider.decide(command, state, specMeta(meta));
      return {
        then(expected: readonly E[]): E[] {
          const produced = run();
          expect(produced).toEqual(expected);
          return produced;
        },
        thenNothing(): void {
          expect(run()).toEqual([]);
        },
        /** Expects a DomainError with this code; returns it for further checks. */
        thenRefuses(code: string, message?: RegExp | string): DomainError {
          let caught: unknown;
          try {
            run();
          } catch (err) {
            caught = err;
          }
          expect(caught).toBeInstanceOf(DomainError);
          expect((caught as DomainError).code).toBe(code);
          if (message !== undefined) expect((caught as DomainError).message).toMatch(message);
          return caught as DomainError;
        },
      };
    },
  };
}
