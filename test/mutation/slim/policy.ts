// The pure part of #libs/policy (the policy, its catalogue decider and diff), without its Nest module.
export * from '../../../libs/policy/src/policy.js';
export * from '../../../libs/policy/src/policy-catalogue.decider.js';
export * from '../../../libs/policy/src/policy-diff.js';
