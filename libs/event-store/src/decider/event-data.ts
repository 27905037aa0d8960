import type { RecordedEvent } from '../event-store.port.js';
import type { DomainEvent } from './command-runner.js';

/** The data of the `T` event of an event union `E` (a context's published events). */
export type EventData<E extends DomainEvent, T extends E['type']> = Extract<E, { type: T }>['data'];

/**
 * A recorded event read as the `T` event of the union its producer publishes (ARCHITECTURE.md "Between
 * contexts": a context publishes its event types and consumers read them by that type). The shape comes
 * from the producer's declaration, so a change there breaks the consumer at compile time — unlike a
 * cast to a shape the consumer wrote for itself. Throws when the event is of another type: a reactor
 * reading the wrong event is a bug, not a fact.
 */
export function dataOf<E extends DomainEvent, T extends E['type'] = E['type']>(
  event: RecordedEvent,
  type: T,
): EventData<E, T> {
  if (event.type !== type) throw new Error(`expected a ${type} event, got ${event.type} (${event.id})`);
  return event.data as EventData<E, T>;
}
