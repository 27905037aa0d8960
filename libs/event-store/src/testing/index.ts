export * from './event-store.contract.js';
export * from './fixtures.js';
export * from './decider-spec.js';
export * from './projection-in-schema.js';
export * from './decider-property.js';
export * from './settled.js';
