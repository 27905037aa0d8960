import { ENTITY_KINDS } from '#libs/audit';
import {
  arr,
  bool,
  dateTime,
  int,
  map,
  named,
  nullable,
  obj,
  oneOf,
  position,
  str,
  anyValue,
} from '../http/openapi-schema.js';

// What the audit endpoints answer (libs/audit: the log, entity history and time travel, the verifier).

const actor = obj({ id: str(), name: nullable(str()), role: str() });

const AuditLogEntry = named(
  'AuditLogEntry',
  obj({
    position: position(),
    eventId: str(),
    streamId: str(),
    version: int({ minimum: 1 }),
    entity: obj({ kind: str(), id: str() }),
    applicationKind: nullable(str()),
    type: str(),
    actor,
    orgUnit: str(),
    actorOrgUnit: str(),
    correlationId: str(),
    causationId: str(),
    commandId: str(),
    rationale: nullable(str({ description: 'The reason, rationale or comment the event carries.' })),
    recordedAt: dateTime(),
  }),
);

export const AuditLogPage = named(
  'AuditLogPage',
  obj({
    items: arr(AuditLogEntry),
    nextCursor: nullable(position({ description: 'Send it as `cursor` for the next page.' })),
    limit: int({ minimum: 1, maximum: 200 }),
  }),
);

const entityState = {
  kind: oneOf(ENTITY_KINDS),
  id: str(),
  streamId: str(),
  version: int({ minimum: 0, description: 'Events folded (0: the entity did not exist yet).' }),
  position: nullable(position()),
  recordedAt: nullable(dateTime()),
  state: anyValue('The entity’s state, folded by its decider.'),
};

export const EntityHistory = named(
  'EntityHistory',
  obj({
    ...entityState,
    orgUnit: str(),
    truncated: bool({ description: 'The stream is longer than one answer holds.' }),
    events: arr(
      obj({
        position: position(),
        version: int({ minimum: 1 }),
        eventId: str(),
        type: str(),
        schemaVersion: int(),
        recordedAt: dateTime(),
        actor,
        actorOrgUnit: str(),
        correlationId: str(),
        causationId: str(),
        commandId: str(),
        rationale: nullable(str()),
        data: anyValue('The event’s data.'),
        metadata: map({}, { description: 'Anything else the command recorded (request path …).' }),
        contentHash: str(),
        chainHash: str(),
      }),
    ),
  }),
);

export const EntityAsOf = named(
  'EntityAsOf',
  obj({
    ...entityState,
    asOf: obj({ at: str(), position: position() }, { optional: ['at', 'position'] }),
  }),
);

export const ChainReport = named(
  'ChainReport',
  obj({
    checked: int({ minimum: 0 }),
    streams: int({ minimum: 0 }),
    ok: bool(),
    findings: arr(
      obj({
        kind: oneOf(['altered', 'chain_broken', 'missing', 'order', 'head_mismatch', 'orphan_stream']),
        streamId: str(),
        version: nullable(int()),
        seq: nullable(str()),
        detail: str(),
        position: nullable(position()),
      }),
    ),
  }),
);

export const ChainProgressLine = str({
  description:
    'JSON Lines: `{"type":"progress","checked":n,"total":m}` per batch walked, then one ' +
    '`{"type":"report", checked, streams, ok, findings}` (as ChainReport), or `{"type":"error","correlationId"}` ' +
    'when the walk or its record failed.',
});

export const AuditExport = str({
  description:
    'CSV (with a header line) or JSON Lines, oldest first, each event with its content and hashes: ' +
    '`node scripts/verify-export.mjs <file>` checks it offline.',
});
