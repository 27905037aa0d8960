import { readStreamsOf, type EventStore, type RecordedEvent } from '#libs/event-store';
import { DEFAULT_POLICY, type Policy } from './policy.js';
import {
  initialPolicyCatalogueState,
  POLICY_CATALOGUE_ID,
  type PolicyCatalogueEvent,
  type PolicyCatalogueState,
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
   * The policy in force, read together with another stream's events from `fromVersion` on (up to
   * `limit`): one round trip where the store reads several streams in one statement, for a read that
   * needs a stream and the policy (the progression view). The catalogue is read forward exactly as
   * `current` reads it, only in the same statement, so a policy published before the call is in force.
   * Optional: a source without a catalogue (the defaults) has nothing to read along.
   * With `snapshotTag`, where the store keeps snapshots (EventStore.readStreamsAfterSnapshots), the
   * stream's snapshot of that tag past `fromVersion - 1` comes too, and `events` start after it.
   */
  currentWith?(
    streamId: string,
    fromVersion: number,
    limit: number,
    at?: Date,
    snapshotTag?: string,
  ): Promise<{
    policy: Policy;
    events: RecordedEvent[];
    snapshot?: { version: number; state: unknown } | null;
  }>;
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

const PAGE = 1000;

/**
 * The version in force from the published catalogue (stream `policy-catalogue`). The folded catalogue is
 * kept in memory: each call reads only the events after the version it holds (none, nearly always), so a
 * policy published a moment ago is in force at once, as before, but every command no longer reads and
 * folds the whole catalogue (BENCHMARKS.md Q1, "keep the policy in memory per version").
 */
export function cataloguePolicySource(store: EventStore, clock: { now(): Date }): PolicySource {
  const streamId = `policy-${POLICY_CATALOGUE_ID}`;
  const decider = policyCatalogueDecider;
  const asDomain = (e: RecordedEvent): PolicyCatalogueEvent =>
    decider.upcast ? decider.upcast(e) : ({ type: e.type, data: e.data } as PolicyCatalogueEvent);
  let folded: { state: PolicyCatalogueState; version: number } = {
    state: decider.initialState,
    version: 0,
  };
  const catalogue = async (): Promise<PolicyCatalogueState> => {
    // Calls may overlap: each folds onto the copy it started from, and the further one is kept (the
    // stream only grows, so the same version always means the same state).
    let { state, version } = folded;
    for (;;) {
      const page = await store.readStream(streamId, { fromVersion: version + 1, limit: PAGE });
      for (const e of page) state = decider.evolve(state, asDomain(e));
      version += page.length;
      if (page.length < PAGE) break;
    }
    if (version > folded.version) folded = { state, version };
    return state;
  };
  return {
    async current(at?: Date) {
      return policyInForce(await catalogue(), at ?? clock.now());
    },
    async currentWith(
      otherStream: string,
      fromVersion: number,
      limit: number,
      at?: Date,
      snapshotTag?: string,
    ) {
      const held = folded;
      const reads = [
        { streamId: otherStream, fromVersion, limit },
        { streamId, fromVersion: held.version + 1, limit: PAGE },
      ];
      let snapshot: { version: number; state: unknown } | null = null;
      let events: RecordedEvent[] | undefined;
      let page: RecordedEvent[] | undefined;
      if (snapshotTag !== undefined && store.readStreamsAfterSnapshots) {
        const [other, ours] = await store.readStreamsAfterSnapshots([
          { ...reads[0]!, snapshotTag },
          reads[1]!,
        ]);
        ({ snapshot, events } = other!);
        page = ours!.events;
      } else [events, page] = await readStreamsOf(store, reads);
      let state = held.state;
      for (const e of page!) state = decider.evolve(state, asDomain(e));
      const version = held.version + page!.length;
      if (version > folded.version) folded = { state, version };
      // A catalogue longer than one page read along: the rest as current reads it.
      if (page!.length === PAGE) state = await catalogue();
      return { policy: policyInForce(state, at ?? clock.now()), events: events!, snapshot };
    },
    async version(version: string) {
      // A published version never changes (the catalogue only adds versions, each name once), so one
      // already held needs no read: an application's pinned version costs its commands nothing.
      return policyVersion(folded.state, version) ?? policyVersion(await catalogue(), version);
    },
    async versions() {
      return (await catalogue()).versions;
    },
  };
}
