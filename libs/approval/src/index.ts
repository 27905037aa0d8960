export * from './application/application.decider.js';
export * from './application/application.handler.js';
export * from './call/call.decider.js';
export * from './call/call.handler.js';
export * from './review/relationships.js';
export * from './read-models/application-summary.projection.js';
export * from './annual-summary/annual-summary.decider.js';
export * from './annual-summary/annual-summary.handler.js';
