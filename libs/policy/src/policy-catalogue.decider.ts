import { forbidden, refuse, type DomainEvent, type StreamDecider } from '#libs/event-store';
import { DEFAULT_POLICY, policyProblems, type Policy } from './policy.js';

/**
 * The policy catalogue: one stream (`policy-catalogue`) of published versions (DOMAIN.md preamble:
 * numbers are versioned configuration an admin can change; every decision records its version).
 * Versions take effect in publication order, so the one in force at any moment is a plain lookup and a
 * recorded decision keeps naming the version it used.
 */
export const POLICY_CATALOGUE_ID = 'catalogue';

export type PolicyCatalogueCommand = {
  type: 'PublishPolicy';
  policy: Policy;
  /** When it takes effect; now when absent. Never in the past: history is not rewritten. */
  effectiveFrom?: string;
};

export interface PublishedPolicy {
  policy: Policy;
  effectiveFrom: string;
  publishedAt: string;
  publishedBy: string;
}

export type PolicyCatalogueEvent = DomainEvent<
  'PolicyPublished',
  { version: string; policy: Policy; effectiveFrom: string; publishedAt: string; publishedBy: string }
>;

export interface PolicyCatalogueState {
  /** In publication order, which is also effective order; `default-1` is always first. */
  versions: PublishedPolicy[];
}

export const initialPolicyCatalogueState: PolicyCatalogueState = {
  versions: [
    {
      policy: DEFAULT_POLICY,
      effectiveFrom: new Date(0).toISOString(),
      publishedAt: new Date(0).toISOString(),
      publishedBy: 'system',
    },
  ],
};

/** The version in force at `at`: the last one published whose effective date has come. */
export function policyInForce(state: PolicyCatalogueState, at: Date): Policy {
  const t = at.getTime();
  const inForce = state.versions.filter((v) => Date.parse(v.effectiveFrom) <= t);
  return (inForce[inForce.length - 1] ?? state.versions[0]!).policy;
}

export function policyVersion(state: PolicyCatalogueState, version: string): Policy | undefined {
  return state.versions.find((v) => v.policy.version === version)?.policy;
}

export const policyCatalogueDecider: StreamDecider<
  PolicyCatalogueCommand,
  PolicyCatalogueEvent,
  PolicyCatalogueState
> = {
  category: 'policy',
  initialState: initialPolicyCatalogueState,

  evolve(s, e) {
    switch (e.type) {
      case 'PolicyPublished':
        return {
          versions: [
            ...s.versions,
            {
              policy: e.data.policy,
              effectiveFrom: e.data.effectiveFrom,
              publishedAt: e.data.publishedAt,
              publishedBy: e.data.publishedBy,
            },
          ],
        };
    }
  },

  decide(c, s, meta) {
    switch (c.type) {
      case 'PublishPolicy': {
        // DOMAIN.md "People and roles": only an admin configures policy.
        if (meta.actorRole !== 'admin') throw forbidden('admin_only', 'only an admin publishes policy');
        const version = c.policy.version;
        if (policyVersion(s, version)) {
          throw refuse('policy_version_exists', `policy version ${version} is already published`, {
            version,
          });
        }
        const problems = policyProblems(c.policy);
        if (problems.length > 0) {
          throw refuse('invalid_policy', `policy ${version} is invalid: ${problems.join('; ')}`, {
            problems,
          });
        }
        const now = meta.now.getTime();
        const effective = c.effectiveFrom === undefined ? now : Date.parse(c.effectiveFrom);
        if (!Number.isFinite(effective))
          throw refuse('invalid_effective_date', 'effectiveFrom is not a date');
        if (effective < now) {
          throw refuse('effective_in_past', 'a policy takes effect now or later, never in the past');
        }
        const last = s.versions[s.versions.length - 1]!;
        if (effective < Date.parse(last.effectiveFrom)) {
          throw refuse(
            'effective_before_scheduled',
            `version ${last.policy.version} takes effect ${last.effectiveFrom}; a later version cannot start earlier`,
            { scheduled: last.policy.version, effectiveFrom: last.effectiveFrom },
          );
        }
        return [
          {
            type: 'PolicyPublished',
            data: {
              version,
              policy: c.policy,
              effectiveFrom: new Date(effective).toISOString(),
              publishedAt: meta.now.toISOString(),
              publishedBy: meta.actorId,
            },
          },
        ];
      }
    }
  },
};
