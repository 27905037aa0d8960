import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  propertyParams,
  reachCounts,
  runSequence,
  type AcceptedStep,
  type PropertyStep,
} from '#testing/event-store';
import {
  policyCatalogueDecider as d,
  policyInForce,
  type PolicyCatalogueCommand,
  type PolicyCatalogueEvent,
  type PolicyCatalogueState,
} from './policy-catalogue.decider.js';
import { DEFAULT_POLICY, policyProblems, type Policy } from './policy.js';

// Property specs of the policy catalogue: random publications, valid and invalid, by admins and others,
// keep the DOMAIN.md preamble's rule that numbers are versioned configuration and every decision records
// the version it used — so a version is published once and never changes, versions take effect in the
// order they were published, never in the past, and the version in force at any moment already passed
// stays the one it was. Replaying what was produced rebuilds the same catalogue.
type Step = PropertyStep<PolicyCatalogueCommand>;
const START = Date.parse('2026-09-01T08:00:00.000Z');
const DAY = 86_400_000;

const people = [
  { actorId: 'admin-1', actorRole: 'admin' },
  { actorId: 'admin-2', actorRole: 'admin' },
  { actorId: 'chair-1', actorRole: 'chair' },
  { actorId: 'teacher-1', actorRole: 'teacher' },
  { actorId: 'system', actorRole: 'system' },
];

/** A version an admin might publish: the default renamed, with numbers changed right or wrong. */
const policy: fc.Arbitrary<Policy> = fc
  .record({
    // Mostly fresh ids, sometimes one already published or one that is not an id.
    version: fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 2, max: 40 }).map((n) => `v${n}`) },
      { weight: 1, arbitrary: fc.constantFrom('default-1', 'bad version', '') },
    ),
    reviewQuorum: fc.constantFrom(3, 3, 5, 0, 2.5),
    gradeThresholds: fc.constantFrom(
      DEFAULT_POLICY.gradeThresholds,
      { excellent: 95, good: 85, qualified: 65 },
      { excellent: 95, good: 85, qualified: 65 },
      { excellent: 80, good: 90, qualified: 60 },
    ),
    minSchoolYears: fc.constantFrom(1, 1, 2, 0),
  })
  .map(({ version, reviewQuorum, gradeThresholds, minSchoolYears }) => ({
    ...DEFAULT_POLICY,
    version,
    reviewQuorum,
    gradeThresholds,
    ladder: {
      ...DEFAULT_POLICY.ladder,
      mentorship: { ...DEFAULT_POLICY.ladder.mentorship, minSchoolYears },
    },
  }));

/** When it takes effect: now (absent), days from now (negative: the past), or not a date. */
const effective = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 5, arbitrary: fc.integer({ min: -30, max: 120 }) },
  { weight: 1, arbitrary: fc.constantFrom('soon', '', '2026-02-30T00:00:00Z', 'NaN') },
);

const sequences: fc.Arbitrary<Step[]> = fc
  .array(
    fc.record({
      policy,
      effective,
      // Mostly admins, so many publications are accepted.
      actor: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(people[0]!, people[1]!) },
        { weight: 1, arbitrary: fc.constantFrom(...people) },
      ),
      days: fc.integer({ min: 0, max: 40 }),
      // Sometimes seconds later, so two versions may share an effective instant.
      seconds: fc.integer({ min: 0, max: 3 }),
    }),
    { minLength: 1, maxLength: 20 },
  )
  .map((steps) => {
    let now = START;
    return steps.map(({ policy: p, effective: e, actor, days, seconds }) => {
      now += days * DAY + seconds * 1000;
      const effectiveFrom = typeof e === 'number' ? new Date(now + e * DAY).toISOString() : e;
      return {
        command: {
          type: 'PublishPolicy' as const,
          policy: p,
          ...(effectiveFrom === undefined ? {} : { effectiveFrom }),
        },
        meta: { ...actor, now: new Date(now) },
      };
    });
  });

/** The instants worth asking "which version was in force?" about: each effective date and a moment before. */
const probes = (s: PolicyCatalogueState, now: Date): Date[] =>
  [
    ...s.versions.flatMap((v) => [Date.parse(v.effectiveFrom), Date.parse(v.effectiveFrom) - 1]),
    now.getTime() - 1,
  ]
    .filter((t) => t < now.getTime())
    .map((t) => new Date(t));

/** An invariant that also remembers the catalogue as it was, to see that nothing published changes. */
function invariantFor() {
  let published: string[] = [JSON.stringify(d.initialState.versions[0])];
  return ({
    meta,
    before,
    after,
    events,
  }: AcceptedStep<PolicyCatalogueCommand, PolicyCatalogueEvent, PolicyCatalogueState>) => {
    for (const e of events) {
      // Only an admin publishes, a valid policy, from now on.
      expect(meta.actorRole).toBe('admin');
      expect(e.data.publishedBy).toBe(meta.actorId);
      expect(policyProblems(e.data.policy)).toEqual([]);
      expect(Date.parse(e.data.effectiveFrom)).toBeGreaterThanOrEqual(meta.now.getTime());
      expect(e.data.version).toBe(e.data.policy.version);
    }
    // A published version never changes and is never dropped: the old catalogue is a prefix of the new.
    const now = after.versions.map((v) => JSON.stringify(v));
    expect(now.slice(0, published.length)).toEqual(published);
    published = now;
    // One entry per version id; effective dates follow publication order.
    const ids = after.versions.map((v) => v.policy.version);
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < after.versions.length; i += 1) {
      expect(Date.parse(after.versions[i]!.effectiveFrom)).toBeGreaterThanOrEqual(
        Date.parse(after.versions[i - 1]!.effectiveFrom),
      );
      expect(after.versions[i]!.publishedAt >= after.versions[i - 1]!.publishedAt).toBe(true);
    }
    // History is not rewritten: whatever was in force at any moment up to now still is, for that moment.
    for (const at of probes(before, meta.now)) {
      expect(policyInForce(after, at).version).toBe(policyInForce(before, at).version);
    }
  };
}

describe('policy catalogue decider properties', () => {
  it('random publications keep versions once, unchanged and in order, and replaying the events rebuilds the catalogue', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        const { state } = runSequence(d, steps, invariantFor());
        // The seeded default stays first.
        expect(state.versions[0]!.policy.version).toBe(DEFAULT_POLICY.version);
      }),
      propertyParams(200),
    );
  });

  it('the generated sequences publish many versions, some still to take effect, not only refusals', () => {
    // Counted on the fixed sample of reachCounts, so it does not depend on FC_RUNS or the seed.
    let published = 0;
    const reached = reachCounts(sequences, 200, (steps) => {
      const { state, events } = runSequence(d, steps, invariantFor());
      published += events.length;
      const last = steps[steps.length - 1]!.meta.now!;
      return { scheduled: state.versions.some((v) => Date.parse(v.effectiveFrom) > last.getTime()) };
    });
    expect(published).toBeGreaterThan(100);
    expect(reached.scheduled).toBeGreaterThan(20);
  });
});
