// Injection tokens, in a file of their own so providers can import them without import cycles.
export const APP_CONFIG = Symbol('APP_CONFIG');
export const DATABASE = Symbol('DATABASE');
export const PG_POOL = Symbol('PG_POOL');
export const EVENT_STORE = Symbol('EVENT_STORE');
/** The factory's `EventLog` (libs/event-store): which adapter holds the log, and how to follow it. */
export const EVENT_LOG = Symbol('EVENT_LOG');
