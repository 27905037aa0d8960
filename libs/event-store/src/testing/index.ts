export * from './event-store.contract.js';
export * from './fixtures.js';
export * from './decider-spec.js';
