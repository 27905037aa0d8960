// What a decider and its specs use of #libs/event-store, without the PostgreSQL store and subscriptions
// the full index loads: every mutant reloads the specs' modules, so this keeps each run short.
export * from '../../../libs/event-store/src/event-store.port.js';
export * from '../../../libs/event-store/src/decider/domain-error.js';
export * from '../../../libs/event-store/src/decider/command-runner.js';
export * from '../../../libs/event-store/src/upcasting/upcasting.js';
export * from '../../../libs/event-store/src/postgres/migrations.js';
