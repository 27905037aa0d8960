// What a decider file uses of #libs/platform: the injection tokens (queue-job.decider.ts keeps its
// handler beside the decider), without the configuration, database and queue modules.
export * from '../../../libs/platform/src/database/tokens.js';
