import type { LeadershipStatus } from '#libs/event-store';

/**
 * The subscriptions a worker runs in this process, for the API beside it (`npm start`: api and worker in
 * one process): readiness reports what they lead, and the demo seed waits for their read models. The
 * worker provides it; an api-only process has none. A token, so the API knows nothing of the worker
 * (ARCHITECTURE.md "Between contexts": apps only compose).
 */
export const LOCAL_SUBSCRIPTIONS = Symbol('LOCAL_SUBSCRIPTIONS');

export interface LocalSubscriptions {
  /** The projections this process runs (or stands by for): the read models it keeps. */
  projections: readonly string[];
  /** Which projections and reactors this process leads now and which it stands by for. */
  leadership(): { projections: LeadershipStatus; reactors: LeadershipStatus };
}
