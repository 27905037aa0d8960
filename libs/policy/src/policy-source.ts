import { loadState, type EventStore } from '#libs/event-store';
import { DEFAULT_POLICY, type Policy } from './policy.js';
import { POLICY_CATALOGUE_ID, policyCatalogueDecider, policyInForce } from './policy-catalogue.decider.js';

/**
 * Where handlers get the policy in force (DOMAIN.md preamble: numbers are versioned configuration, and
 * every decision records the version it used). The handler reads it and passes it to the pure decider.
 */
export const POLICY_SOURCE = Symbol('POLICY_SOURCE');
export interface PolicySource {
  current(at?: Date): Promise<Policy>;
}

/** The defaults of DOMAIN.md, for contexts used without a catalogue (unit tests, tools). */
export const defaultPolicySource: PolicySource = { current: async () => DEFAULT_POLICY };

/** The version in force from the published catalogue (stream `policy-catalogue`). */
export function cataloguePolicySource(store: EventStore, clock: { now(): Date }): PolicySource {
  return {
    async current(at?: Date) {
      const { state } = await loadState(store, policyCatalogueDecider, `policy-${POLICY_CATALOGUE_ID}`);
      return policyInForce(state, at ?? clock.now());
    },
  };
}
