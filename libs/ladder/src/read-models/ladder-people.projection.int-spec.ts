import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '#libs/event-store';
import { buildInSchema } from '#testing/event-store';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { ladderPeopleProjection } from './ladder-people.projection.js';

// The people's current units as the ladder keeps them from identity's published events (ARCHITECTURE.md
// "Between contexts"), for the office's pairings list (DOMAIN.md "People and roles"). Ids and units only:
// names stay identity's (DOMAIN.md "Audit trail").

const versions = new Map<string, number>();
let seq = 0n;
function event(streamId: string, type: string, data: Record<string, unknown>): RecordedEvent {
  seq += 1n;
  const version = (versions.get(streamId) ?? 0) + 1;
  versions.set(streamId, version);
  return {
    id: randomUUID(),
    streamId,
    version,
    type,
    schemaVersion: 1,
    data,
    metadata: {
      actorId: 'admin',
      actorRole: 'admin',
      orgUnit: 'city',
      correlationId: 'c',
      causationId: 'c',
      commandId: randomUUID(),
      recordedAt: new Date(Date.UTC(2026, 10, 1) + Number(seq) * 60_000).toISOString(),
    },
    position: { tx: 10n + seq, seq },
  } as unknown as RecordedEvent;
}

const registered = (id: string, orgUnit: string) =>
  event(`user-${id}`, 'UserRegistered', {
    userId: id,
    username: id,
    displayName: 'pd1:sealed-name',
    orgUnit,
    roles: ['teacher'],
    passwordHash: 'x',
    tier: 'new',
  });
const transferred = (id: string, from: string, to: string) =>
  event(`user-${id}`, 'UserTransferred', { fromOrgUnit: from, toOrgUnit: to, reason: '调动' });

const log: RecordedEvent[] = [
  registered('t1', 's1'),
  registered('t2', 's1'),
  event('orgunit-s9', 'OrgUnitCreated', { parentId: 'd1', level: 'school', name: 's9' }),
  transferred('t1', 's1', 's2'),
  registered('t3', 's3'),
  transferred('t1', 's2', 's3'),
  event('mentorship-m1', 'MentorPaired', { mentorId: 't3', menteeId: 't1' }),
];

describe.each([
  ['PostgreSQL', createPostgresTestDatabase],
  ['PGlite', createPgliteTestDatabase],
])('ladder people projection (%s)', (_name, create) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
  });
  afterAll(async () => {
    await db.drop();
  });

  it("keeps each person's current unit, the last transfer winning, whatever the batches; ids and units only", async () => {
    const read = (schema: string, batches: RecordedEvent[][]) =>
      buildInSchema(db.pool, ladderPeopleProjection, schema, batches, async (client) =>
        (await client.query(`SELECT * FROM ladder_people ORDER BY person_id`)).rows.map(
          ({ updated_at: _at, ...row }) => row,
        ),
      );
    const expected = [
      { person_id: 't1', org_unit: 's3' },
      { person_id: 't2', org_unit: 's1' },
      { person_id: 't3', org_unit: 's3' },
    ];
    expect(await read('people_one_batch', [log])).toEqual(expected);
    expect(
      await read(
        'people_singly',
        log.map((e) => [e]),
      ),
    ).toEqual(expected);
    expect(await read('people_uneven', [log.slice(0, 4), log.slice(4)])).toEqual(expected);
  });
});
