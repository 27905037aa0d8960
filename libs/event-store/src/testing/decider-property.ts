import { expect } from '@jest/globals';
import fc from 'fast-check';
import type { CommandMetadata, DomainEvent, StreamDecider } from '../decider/command-runner.js';
import { DomainError } from '../decider/domain-error.js';
import { specMeta } from './decider-spec.js';

/** One command of a generated sequence, with who sends it (and, if it matters, when). */
export interface PropertyStep<C> {
  command: C;
  meta: Partial<CommandMetadata>;
}

/** What one accepted command did: the state before and after, and the events it produced. */
export interface AcceptedStep<C, E, S> {
  command: C;
  meta: CommandMetadata;
  before: S;
  after: S;
  events: E[];
}

export interface SequenceResult<E, S> {
  state: S;
  events: E[];
  accepted: number;
  refused: string[];
}

const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

/**
 * Runs a generated command sequence through a decider the way the command runner does (decide on the
 * folded state, evolve by what was decided), for property specs (ARCHITECTURE.md "Deciders are pure").
 *
 * - A refusal is a DomainError; any other throw is a crash and fails the property.
 * - A refused command leaves the state as it was (nothing is appended).
 * - `invariant` sees every accepted command with the state before and after it.
 * - At the end the produced events, as stored (JSON), replayed through evolve from the initial state
 *   rebuild the same state — so a read after a restart sees what the writer saw.
 */
export function runSequence<C, E extends DomainEvent, S>(
  decider: StreamDecider<C, E, S>,
  steps: readonly PropertyStep<C>[],
  invariant: (step: AcceptedStep<C, E, S>) => void = () => {},
): SequenceResult<E, S> {
  let state = decider.initialState;
  const events: E[] = [];
  const refused: string[] = [];
  let accepted = 0;
  for (const step of steps) {
    const meta = specMeta(step.meta);
    let produced: E[];
    try {
      produced = decider.decide(step.command, state, meta);
    } catch (err) {
      if (err instanceof DomainError) {
        refused.push(err.code);
        continue;
      }
      throw err;
    }
    const after = produced.reduce(decider.evolve, state);
    invariant({ command: step.command, meta, before: state, after, events: produced });
    state = after;
    events.push(...produced);
    accepted += 1;
  }
  const stored = plain(events) as E[];
  expect(plain(stored.reduce(decider.evolve, decider.initialState))).toEqual(plain(state));
  return { state, events, accepted, refused };
}

/**
 * fast-check parameters for decider properties: a modest number of runs so a spec stays within a few
 * seconds; FC_SEED / FC_RUNS reproduce or deepen a run (fast-check prints the seed and path on failure).
 */
export function propertyParams(numRuns = 150): { numRuns: number; seed?: number } {
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
  const runs = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : numRuns;
  return seed === undefined ? { numRuns: runs } : { numRuns: runs, seed };
}

/** The fixed seed of `reachCounts`: a sample that stays the same from run to run. */
const REACH_SEED = 20_260_904;

/**
 * How many of `runs` generated sequences reach each outcome (a promotion, a decision, a closing…). That
 * the generator gets past the first refusals is a property of the generator, not of the rules, so it is
 * counted on a fixed sample and cannot pass or fail by the luck of a seed; the invariants themselves run
 * on a fresh seed every time.
 */
export function reachCounts<T, K extends string>(
  arb: fc.Arbitrary<T>,
  runs: number,
  outcomes: (value: T) => Record<K, boolean>,
): Record<K, number> {
  const counts = {} as Record<K, number>;
  for (const value of fc.sample(arb, { numRuns: runs, seed: REACH_SEED })) {
    for (const [k, reached] of Object.entries(outcomes(value)) as [K, boolean][]) {
      counts[k] = (counts[k] ?? 0) + (reached ? 1 : 0);
    }
  }
  return counts;
}
