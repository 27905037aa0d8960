import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { auditLogProjection } from './audit-log.projection.js';
import { postgresStreamOrgUnits } from './stream-org-units.js';

// Audit's port for a stream's org unit (ARCHITECTURE.md "Between contexts"; DOMAIN.md "Audit trail"): the
// first unit the stream's data names, else the unit of its first event's writer.

const at = '2026-11-01T00:00:00.000Z';
/** tx, seq, stream, org unit of the row */
const rows: [number, number, string, string][] = [
  [1, 1, 'application-a1', 's1'],
  [1, 2, 'application-a1', 's1'],
  // A mentorship names no unit: its rows carry their writer's, the first one's is the stream's.
  [2, 3, 'mentorship-m-1', 'd1'],
  [3, 4, 'mentorship-m-1', 'city'],
  [4, 5, 'teacher-t-x-1', 's2'],
];

describe.each([
  ['PostgreSQL', createPostgresTestDatabase],
  ['PGlite', createPgliteTestDatabase],
])('stream org units port (%s)', (_name, create) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('fails, rather than answers, while its read model is not there', async () => {
    await expect(postgresStreamOrgUnits(db.pool).orgUnitsOf(['application-a1'])).rejects.toMatchObject({
      code: '42P01',
    });
  });

  it("answers each known stream's unit from the read model", async () => {
    await auditLogProjection.setup(db.pool);
    for (const [tx, seq, stream, unit] of rows) {
      const [kind, ...id] = stream.split('-');
      await db.pool.query(
        `INSERT INTO audit_log (tx_id, seq, event_id, stream_id, version, entity_kind, entity_id, event_type,
                                actor_id, actor_role, org_unit, actor_org_unit, correlation_id, causation_id,
                                command_id, recorded_at)
         VALUES ($1, $2, gen_random_uuid(), $3, $2, $4, $5, 'Noted', 'u', 'admin', $6, $6, 'c', 'c', 'c', $7)`,
        [tx, seq, stream, kind, id.join('-'), unit, at],
      );
    }
    await db.pool.query(
      `INSERT INTO audit_streams (stream_id, org_unit, application_kind)
       VALUES ('application-a1', 's1', 'studio'), ('teacher-t-x-1', 's3', null), ('call-c1', null, null)`,
    );
    const units = postgresStreamOrgUnits(db.pool);

    expect(await units.orgUnitsOf([])).toEqual(new Map());
    expect(
      await units.orgUnitsOf(['application-a1', 'mentorship-m-1', 'teacher-t-x-1', 'call-c1', 'nowhere-1']),
    ).toEqual(
      new Map([
        ['application-a1', 's1'],
        // The unit audit_streams keeps wins over the rows'; else the first writer's (an id with dashes too).
        ['mentorship-m-1', 'd1'],
        ['teacher-t-x-1', 's3'],
      ]),
    );
  });
});
