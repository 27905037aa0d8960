import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '#libs/event-store';
import { buildInSchema } from '#testing/event-store';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { auditLogProjection } from './audit-log.projection.js';

// The audit log folds a batch at once (BENCHMARKS.md). Whatever the batch boundaries, the rows must be what
// applying one event at a time gives (DOMAIN.md "Audit trail"): an event's row knows its stream's unit and kind
// as named up to and including itself, and the first unit named wins.

let position = 0n;
function event(
  streamId: string,
  type: string,
  data: Record<string, unknown>,
  actorUnit: string,
): RecordedEvent {
  position += 1n;
  return {
    id: randomUUID(),
    streamId,
    version: 0,
    type,
    schemaVersion: 1,
    data,
    metadata: {
      actorId: 'u-1',
      actorRole: 'admin',
      orgUnit: actorUnit,
      correlationId: 'c',
      causationId: 'c',
      commandId: randomUUID(),
      recordedAt: new Date(Date.UTC(2026, 10, 27, 0, 0, Number(position))).toISOString(),
      ...(type === 'Decided' ? { reason: 'per the rubric' } : {}),
    },
    position: { tx: 100n + position / 3n, seq: position },
    hash: '',
    previousHash: '',
  } as unknown as RecordedEvent;
}

const log: RecordedEvent[] = [
  // Nothing about the unit yet: the row falls back to the actor's unit.
  event('teacher-t1', 'Noted', {}, 'ou-actor'),
  event('teacher-t1', 'TeacherRecordOpened', { orgUnit: 'ou-school-a' }, 'ou-actor'),
  // A later unit (a transfer) does not move the stream's history.
  event('teacher-t1', 'Transferred', { orgUnit: 'ou-school-b' }, 'ou-actor'),
  event('application-a1', 'ApplicationDrafted', { orgUnit: 'ou-school-a', kind: 'studio' }, 'ou-x'),
  event('application-a1', 'Decided', { rationale: 'strong plan' }, 'ou-city'),
  event('orgunit-ou-district', 'OrgUnitCreated', { name: 'D' }, 'ou-province'),
  event('application-a2', 'Noted', { kind: 'training_project' }, 'ou-y'),
  event('application-a2', 'ApplicationDrafted', { orgUnit: 'ou-school-b', kind: 'studio' }, 'ou-y'),
];

describe('audit log projection: one batch or many', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createPostgresTestDatabase(2);
  });
  afterAll(async () => {
    await db.drop();
  });

  const build = (schema: string, batches: RecordedEvent[][]) =>
    buildInSchema(db.pool, auditLogProjection, schema, batches, async (client) => {
      const rows = await client.query(
        `SELECT stream_id, event_type, org_unit, actor_org_unit, application_kind, rationale
           FROM audit_log ORDER BY tx_id, seq`,
      );
      const streams = await client.query(`SELECT * FROM audit_streams ORDER BY stream_id`);
      return { rows: rows.rows, streams: streams.rows };
    });

  it('gives the rows one event at a time gives, whatever the batch boundaries', async () => {
    const single = await build(
      'one_at_a_time',
      log.map((e) => [e]),
    );
    const whole = await build('one_batch', [log]);
    const split = await build('split', [log.slice(0, 2), log.slice(2, 5), log.slice(5)]);
    expect(whole).toEqual(single);
    expect(split).toEqual(single);
    expect(single.rows.map((r) => [r.stream_id, r.org_unit, r.application_kind])).toEqual([
      ['teacher-t1', 'ou-actor', null],
      ['teacher-t1', 'ou-school-a', null],
      ['teacher-t1', 'ou-school-a', null],
      ['application-a1', 'ou-school-a', 'studio'],
      ['application-a1', 'ou-school-a', 'studio'],
      ['orgunit-ou-district', 'ou-district', null],
      ['application-a2', 'ou-y', 'training_project'],
      ['application-a2', 'ou-school-b', 'training_project'],
    ]);
    expect(single.rows[4]!.rationale).toBe('strong plan');
    expect(single.streams).toEqual([
      { stream_id: 'application-a1', org_unit: 'ou-school-a', application_kind: 'studio' },
      { stream_id: 'application-a2', org_unit: 'ou-school-b', application_kind: 'training_project' },
      { stream_id: 'orgunit-ou-district', org_unit: 'ou-district', application_kind: null },
      { stream_id: 'teacher-t1', org_unit: 'ou-school-a', application_kind: null },
    ]);
  });
});
