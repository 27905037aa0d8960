export * from './policy.js';
export * from './policy-catalogue.decider.js';
export * from './policy-catalogue.handler.js';
export * from './policy-source.js';
export * from './policy-diff.js';
export * from './policy.module.js';
