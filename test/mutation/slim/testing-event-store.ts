// The decider spec helpers of #testing/event-store, without the store contract suites.
export * from '../../../libs/event-store/src/testing/fixtures.js';
export * from '../../../libs/event-store/src/testing/decider-spec.js';
export * from '../../../libs/event-store/src/testing/decider-property.js';
