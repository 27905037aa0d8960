import { loadState, type EventStore } from '#libs/event-store';
import { DEFAULT_POLICY, type Policy } from './policy.js';
import {
  initialPolicyCatalogueState,
  POLICY_CATALOGUE_ID,
  type PublishedPolicy,
  policyCatalogueDecider,
  policyInForce,
  policyVersion,
} from './policy-catalogue.decider.js';

/**
 * Where handlers get the policy in force (DOMAIN.md preamble: numbers are versioned configuration, and
 * every decision records the version it used). The handler reads it and passes it to the pure decider.
 */
export const POLICY_SOURCE = Symbol('POLICY_SOURCE');
export interface PolicySource {
  current(at?: Date): Promise<Policy>;
  /**
   * A published version by name (an application follows the version pinned at its submission);
   * undefined when no such version was published.
   */
  version(version: string): Promise<Policy | undefined>;
  /** Every version in publication (and effective) order, `default-1` first (政策配置's list). */
  versions(): Promise<PublishedPolicy[]>;
}

/** The defaults of DOMAIN.md, for contexts used without a catalogue (unit tests, tools). */
export const defaultPolicySource: PolicySource = {
  current: async () => DEFAULT_POLICY,
  version: async (v) => (v === DEFAULT_POLICY.version ? DEFAULT_POLICY : undefined),
  versions: async () => initialPolicyCatalogueState.versions,
};

/** The version in force from the published catalogue (stream `policy-catalogue`). */
export function cataloguePolicySource(store: EventStore, clock: { now(): Date }): PolicySource {
  return {
    async current(at?: Date) {
      const { state } = await loadState(store, policyCatalogueDecider, `policy-${POLICY_CATALOGUE_ID}`);
      return policyInForce(state, at ?? clock.now());
    },
    async version(version: string) {
      const { state } = await loadState(store, policyCatalogueDecider, `policy-${POLICY_CATALOGUE_ID}`);
      return policyVersion(state, version);
    },
    async versions() {
      const { state } = await loadState(store, policyCatalogueDecider, `policy-${POLICY_CATALOGUE_ID}`);
      return state.versions;
    },
  };
}
