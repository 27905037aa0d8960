import type { Projection, RecordedEvent, SqlExecutor, ProjectionSql } from '#libs/event-store';
import { rationaleOf, splitStreamId } from './audit-fields.js';

/**
 * The global audit log (issue 6 item 1): one row per event, in global order `(tx_id, seq)`, with who
 * (actor and role), the org unit it belongs to, the entity, the type, when, why, and the request it
 * came from. It holds no payloads: the entity history and the export read those from `events` itself.
 *
 * `org_unit` is the unit the *entity* belongs to — the first `orgUnit` found in its stream's data
 * (ApplicationDrafted, TeacherRecordOpened, StudioFounded, CallOpened, UserRegistered …), the unit itself
 * for `orgunit-…` streams — and falls back to the actor's unit (`metadata.orgUnit`), which is kept too
 * as `actor_org_unit`. Admin scope and the org-unit filter use `org_unit`: a district admin sees what
 * happens to their district's applications even when a city chair does it.
 * `audit_streams` remembers each stream's unit and application kind once its first event names them.
 */
export const auditLogProjection: Projection = {
  name: 'audit_log',
  tables: ['audit_log', 'audit_streams'],
  async setup(db: SqlExecutor) {
    await db.query(`
      CREATE TABLE IF NOT EXISTS audit_log (
        tx_id            bigint NOT NULL,
        seq              bigint NOT NULL,
        event_id         uuid NOT NULL,
        stream_id        text NOT NULL,
        version          bigint NOT NULL,
        entity_kind      text NOT NULL,
        entity_id        text NOT NULL,
        application_kind text,
        event_type       text NOT NULL,
        actor_id         text NOT NULL,
        actor_role       text NOT NULL,
        org_unit         text NOT NULL,
        actor_org_unit   text NOT NULL,
        correlation_id   text NOT NULL,
        causation_id     text NOT NULL,
        command_id       text NOT NULL,
        rationale        text,
        recorded_at      timestamptz NOT NULL,
        PRIMARY KEY (tx_id, seq)
      )`);
    // Every filter has an index that ends in the position, so a filtered page is an index range scan
    // that stops after `limit` rows, however long the log (keyset pagination).
    await db.query(`CREATE INDEX IF NOT EXISTS audit_log_actor ON audit_log (actor_id, tx_id, seq)`);
    await db.query(`CREATE INDEX IF NOT EXISTS audit_log_org_unit ON audit_log (org_unit, tx_id, seq)`);
    await db.query(`CREATE INDEX IF NOT EXISTS audit_log_type ON audit_log (event_type, tx_id, seq)`);
    await db.query(
      `CREATE INDEX IF NOT EXISTS audit_log_application_kind ON audit_log (application_kind, tx_id, seq)
         WHERE application_kind IS NOT NULL`,
    );
    await db.query(`CREATE INDEX IF NOT EXISTS audit_log_recorded_at ON audit_log (recorded_at, tx_id, seq)`);
    await db.query(
      `CREATE INDEX IF NOT EXISTS audit_log_entity ON audit_log (entity_kind, entity_id, tx_id, seq)`,
    );
    await db.query(`CREATE INDEX IF NOT EXISTS audit_log_correlation ON audit_log (correlation_id)`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS audit_streams (
        stream_id        text PRIMARY KEY,
        org_unit         text,
        application_kind text
      )`);
  },
  async apply(event: RecordedEvent, db: ProjectionSql) {
    const { kind, id } = splitStreamId(event.streamId);
    const data = (event.data ?? {}) as Record<string, unknown>;
    const m = event.metadata;
    const dataUnit = kind === 'orgunit' ? id : typeof data.orgUnit === 'string' ? data.orgUnit : null;
    const dataKind = kind === 'application' && typeof data.kind === 'string' ? data.kind : null;
    if (dataUnit !== null || dataKind !== null) {
      // First one wins: later events that mention a unit (a transfer, a call's unit) do not move history.
      db.defer(
        `INSERT INTO audit_streams (stream_id, org_unit, application_kind) VALUES ($1, $2, $3)
         ON CONFLICT (stream_id) DO UPDATE
           SET org_unit = COALESCE(audit_streams.org_unit, EXCLUDED.org_unit),
               application_kind = COALESCE(audit_streams.application_kind, EXCLUDED.application_kind)`,
        [event.streamId, dataUnit, dataKind],
      );
    }
    db.defer(
      `INSERT INTO audit_log (tx_id, seq, event_id, stream_id, version, entity_kind, entity_id, application_kind,
                              event_type, actor_id, actor_role, org_unit, actor_org_unit, correlation_id,
                              causation_id, command_id, rationale, recorded_at)
       SELECT $1::bigint, $2::bigint, $3, $4, $5, $6, $7, s.application_kind, $8, $9, $10,
              COALESCE(s.org_unit, $11), $11, $12, $13, $14, $15, $16
         FROM (SELECT 1) one LEFT JOIN audit_streams s ON s.stream_id = $4
       ON CONFLICT (tx_id, seq) DO NOTHING`,
      [
        event.position.tx.toString(),
        event.position.seq.toString(),
        event.id,
        event.streamId,
        event.version,
        kind,
        id,
        event.type,
        m.actorId,
        m.actorRole,
        m.orgUnit,
        m.correlationId,
        m.causationId,
        m.commandId,
        rationaleOf(event.data, m),
        m.recordedAt,
      ],
    );
  },
};
