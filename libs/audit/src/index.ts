export * from './audit-fields.js';
export * from './audit-log.projection.js';
export * from './audit-read.decider.js';
export * from './audit-read.handler.js';
export * from './audit-log.queries.js';
export * from './audit-export.js';
export * from './entity-history.js';
export * from './stream-org-units.js';
