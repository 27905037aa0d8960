import type { Projection, RecordedEvent, SqlExecutor, ProjectionSql } from '#libs/event-store';
import { AUDIT_READ_CATEGORY, rationaleOf, splitStreamId } from './audit-fields.js';

/**
 * The global audit log (DOMAIN.md "Audit trail"): one row per event, in global order `(tx_id, seq)`, with who
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
    // Every admin read adds an AuditRead row at the head of the log (DOMAIN.md "Audit trail"), and the
    // default pages leave them out (filterSql's `entity_kind <> 'auditlog'`, the same text as this
    // predicate, so the planner can use it): without this index a page with no single-valued filter walked
    // back past every read recorded since the last other event.
    await db.query(
      `CREATE INDEX IF NOT EXISTS audit_log_not_reads ON audit_log (tx_id, seq)
         WHERE entity_kind <> '${AUDIT_READ_CATEGORY}'`,
    );
    await db.query(`
      CREATE TABLE IF NOT EXISTS audit_streams (
        stream_id        text PRIMARY KEY,
        org_unit         text,
        application_kind text
      )`);
  },
  apply(event: RecordedEvent, db: ProjectionSql) {
    return applyAuditBatch([event], db);
  },
  applyBatch: applyAuditBatch,
};

/** What one event says about its stream's unit and application kind (null: nothing). */
function streamFacts(event: RecordedEvent): { unit: string | null; kind: string | null } {
  const { kind, id } = splitStreamId(event.streamId);
  const data = (event.data ?? {}) as Record<string, unknown>;
  return {
    unit: kind === 'orgunit' ? id : typeof data.orgUnit === 'string' ? data.orgUnit : null,
    kind: kind === 'application' && typeof data.kind === 'string' ? data.kind : null,
  };
}

/**
 * The audit log takes every event of the log, so it folds a batch at once (BENCHMARKS.md: it was two
 * statements per event): read what audit_streams already knows of the batch's streams, walk the events
 * in order keeping the first unit and kind each stream names (an event's row sees what was known up to
 * and including itself, as one-at-a-time application did), then write the streams that learnt
 * something and all the rows in one statement each.
 */
async function applyAuditBatch(events: readonly RecordedEvent[], db: ProjectionSql): Promise<void> {
  const streamIds = [...new Set(events.map((e) => e.streamId))];
  const known = new Map<string, { unit: string | null; kind: string | null }>();
  const res = await db.query<{ stream_id: string; org_unit: string | null; application_kind: string | null }>(
    `SELECT stream_id, org_unit, application_kind FROM audit_streams WHERE stream_id = ANY ($1)`,
    [streamIds],
  );
  for (const r of res.rows) known.set(r.stream_id, { unit: r.org_unit, kind: r.application_kind });
  const learnt = new Set<string>();
  const rows = events.map((event) => {
    const facts = streamFacts(event);
    const was = known.get(event.streamId) ?? { unit: null, kind: null };
    // First one wins: later events that mention a unit (a transfer, a call's unit) do not move history.
    const now = { unit: was.unit ?? facts.unit, kind: was.kind ?? facts.kind };
    if (now.unit !== was.unit || now.kind !== was.kind) {
      known.set(event.streamId, now);
      learnt.add(event.streamId);
    }
    const { kind, id } = splitStreamId(event.streamId);
    const m = event.metadata;
    return {
      tx_id: event.position.tx.toString(),
      seq: event.position.seq.toString(),
      event_id: event.id,
      stream_id: event.streamId,
      version: event.version,
      entity_kind: kind,
      entity_id: id,
      application_kind: now.kind,
      event_type: event.type,
      actor_id: m.actorId,
      actor_role: m.actorRole,
      org_unit: now.unit ?? m.orgUnit,
      actor_org_unit: m.orgUnit,
      correlation_id: m.correlationId,
      causation_id: m.causationId,
      command_id: m.commandId,
      rationale: rationaleOf(event.data, m),
      recorded_at: m.recordedAt,
    };
  });
  if (learnt.size > 0) {
    const streams = [...learnt].map((stream_id) => ({
      stream_id,
      org_unit: known.get(stream_id)!.unit,
      application_kind: known.get(stream_id)!.kind,
    }));
    db.defer(
      `INSERT INTO audit_streams (stream_id, org_unit, application_kind)
       SELECT stream_id, org_unit, application_kind
         FROM jsonb_to_recordset($1::jsonb) AS r(stream_id text, org_unit text, application_kind text)
       ON CONFLICT (stream_id) DO UPDATE
         SET org_unit = COALESCE(audit_streams.org_unit, EXCLUDED.org_unit),
             application_kind = COALESCE(audit_streams.application_kind, EXCLUDED.application_kind)`,
      [JSON.stringify(streams)],
    );
  }
  db.defer(
    `INSERT INTO audit_log (tx_id, seq, event_id, stream_id, version, entity_kind, entity_id, application_kind,
                            event_type, actor_id, actor_role, org_unit, actor_org_unit, correlation_id,
                            causation_id, command_id, rationale, recorded_at)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(
       tx_id bigint, seq bigint, event_id uuid, stream_id text, version bigint, entity_kind text, entity_id text,
       application_kind text, event_type text, actor_id text, actor_role text, org_unit text, actor_org_unit text,
       correlation_id text, causation_id text, command_id text, rationale text, recorded_at timestamptz)
     ON CONFLICT (tx_id, seq) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}
