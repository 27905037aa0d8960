import { randomUUID } from 'node:crypto';
import type { EventMetadata, NewEvent } from '../event-store.port.js';

let clock = Date.parse('2026-09-01T08:00:00.000Z');

/** Metadata as a command handler would stamp it; each call moves a fake clock one second on. */
export function testMetadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  clock += 1000;
  return {
    actorId: 'user-test',
    actorRole: 'admin',
    orgUnit: 'ou-test',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    commandId: randomUUID(),
    recordedAt: new Date(clock).toISOString(),
    ...overrides,
  };
}

export function testEvent(
  type = 'Noted',
  data: unknown = { n: 1 },
  overrides: Partial<NewEvent> = {},
): NewEvent {
  return { id: randomUUID(), type, schemaVersion: 1, data, metadata: testMetadata(), ...overrides };
}
