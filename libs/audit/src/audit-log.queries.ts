import type pg from 'pg';
import { encodePosition, type LogPosition } from '#libs/event-store';
import type { IdentityDirectory } from '#libs/identity';
import { AUDIT_READ_CATEGORY, AUDIT_READ_TYPE } from './audit-fields.js';

/** What the global log can be filtered by (DOMAIN.md "Audit trail"). All optional; combined with AND. */
export interface AuditFilter {
  actorId?: string;
  /** An org unit id: events of this unit and every unit below it. */
  orgUnit?: string;
  applicationKind?: string;
  eventTypes?: string[];
  entityKind?: string;
  /** Inclusive lower bound on the recorded time. */
  from?: Date;
  /** Exclusive upper bound on the recorded time. */
  to?: Date;
  /**
   * The records of audit reads (`AuditRead` on `auditlog-…` streams) are left out unless asked for, or
   * unless `eventTypes` names `AuditRead` or `entityKind` is `auditlog`: reading the log must not fill
   * the pages one is reading.
   */
  includeAuditReads?: boolean;
}

export interface AuditPage {
  limit: number;
  /** Keyset cursor: rows strictly after (asc) or before (desc) this position. */
  cursor?: LogPosition;
  order: 'asc' | 'desc';
}

export interface AuditLogEntry {
  position: string;
  eventId: string;
  streamId: string;
  version: number;
  entity: { kind: string; id: string };
  applicationKind: string | null;
  type: string;
  actor: { id: string; name: string | null; role: string };
  orgUnit: string;
  actorOrgUnit: string;
  correlationId: string;
  causationId: string;
  commandId: string;
  rationale: string | null;
  recordedAt: string;
}

interface LogRow {
  tx: string;
  seq: string;
  event_id: string;
  stream_id: string;
  version: string;
  entity_kind: string;
  entity_id: string;
  application_kind: string | null;
  event_type: string;
  actor_id: string;
  actor_role: string;
  org_unit: string;
  actor_org_unit: string;
  correlation_id: string;
  causation_id: string;
  command_id: string;
  rationale: string | null;
  recorded_at: Date;
}

export const MAX_PAGE = 200;

/**
 * The org units an admin may see the log of: their unit and every unit below it (DOMAIN.md "People and
 * roles"), narrowed to `filterUnit`'s subtree when given. Events of no known unit (the demo seed runs as
 * `system`) belong to the top of the tree: only an admin of a root unit sees them.
 * Returns null when `filterUnit` is outside the admin's subtree. The tree is identity's: asked through
 * its directory port, never read from its tables (ARCHITECTURE.md "Between contexts").
 */
export async function visibleUnits(
  directory: Pick<IdentityDirectory, 'subtree'>,
  adminUnit: string,
  filterUnit?: string,
): Promise<string[] | null> {
  const mine = await directory.subtree(adminUnit);
  if (filterUnit !== undefined) {
    if (!mine?.units.includes(filterUnit)) return null;
    return (await directory.subtree(filterUnit))?.units ?? null;
  }
  if (!mine) return [];
  return mine.root ? [...mine.units, 'system'] : mine.units;
}

/**
 * The WHERE clause of a filtered log read; `params` is appended to. `lead` (a page's leading column, see
 * leadingColumn) is compared as `= ANY` of a one-element array instead of `=`: the same rows, but
 * PostgreSQL then no longer treats the column as a constant it may drop from the ORDER BY, so the
 * position's primary key cannot serve the order and the page walks the filter's own index.
 */
export function filterSql(
  filter: AuditFilter,
  units: string[],
  params: unknown[],
  lead: LeadingColumn | null = null,
): string {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const eq = (column: LeadingColumn, v: string) =>
    column === lead ? `a.${column} = ANY (${p([v])}::text[])` : `a.${column} = ${p(v)}`;
  const where = [units.length === 1 ? eq('org_unit', units[0]!) : `a.org_unit = ANY (${p(units)}::text[])`];
  if (filter.actorId !== undefined) where.push(eq('actor_id', filter.actorId));
  if (filter.applicationKind !== undefined) where.push(eq('application_kind', filter.applicationKind));
  if (filter.eventTypes?.length === 1) where.push(eq('event_type', filter.eventTypes[0]!));
  else if (filter.eventTypes !== undefined && filter.eventTypes.length > 0)
    where.push(`a.event_type = ANY (${p(filter.eventTypes)}::text[])`);
  if (filter.entityKind !== undefined) where.push(`a.entity_kind = ${p(filter.entityKind)}`);
  if (filter.from !== undefined) where.push(`a.recorded_at >= ${p(filter.from.toISOString())}`);
  if (filter.to !== undefined) where.push(`a.recorded_at < ${p(filter.to.toISOString())}`);
  if (!showsAuditReads(filter)) where.push(`a.entity_kind <> '${AUDIT_READ_CATEGORY}'`);
  return where.join(' AND ');
}

/**
 * Whether a filtered read can show the audit trail's own read records (DOMAIN.md "Audit trail": every
 * admin read is itself on record). Only such a read has to wait for the log to hold the reads recorded
 * before it; the default pages leave them out.
 */
export function showsAuditReads(filter: AuditFilter): boolean {
  return (
    filter.includeAuditReads === true ||
    filter.entityKind === AUDIT_READ_CATEGORY ||
    filter.eventTypes?.includes(AUDIT_READ_TYPE) === true
  );
}

const LOG_COLUMNS = `a.tx_id::text AS tx, a.seq::text AS seq, a.event_id, a.stream_id, a.version, a.entity_kind,
  a.entity_id, a.application_kind, a.event_type, a.actor_id, a.actor_role,
  a.org_unit, a.actor_org_unit, a.correlation_id, a.causation_id, a.command_id, a.rationale, a.recorded_at`;

type LeadingColumn = 'actor_id' | 'org_unit' | 'event_type' | 'application_kind';

/**
 * A filter column that holds a single value and leads one of audit_log's indexes that end in the
 * position, or null. Ordering by it first changes nothing (it is constant on the page) but lets the
 * page walk that index, which holds only matching rows in log order, instead of walking the whole log
 * backwards by position and filtering: a filter matching only old events (a type not recorded for
 * months) then reads its 51 rows, not every newer event (measured on a 477,583-row log: 610 ms → 1 ms).
 * The most selective first: one person, one unit, one event type, one application kind.
 *
 * Ordering by it is not enough on its own: with `column = value` PostgreSQL drops the constant column
 * from the order and is free to walk the primary key backwards instead, which it does when the value
 * is common — on the bench's seeded log, where HoursGranted is half of all events but none of the
 * newest 122,751, the page read that many rows (256 ms) to find its 51. So filterSql writes the
 * leading column's test as `= ANY` of one value, which keeps the column in the order.
 */
function leadingColumn(filter: AuditFilter, units: string[]): LeadingColumn | null {
  if (filter.actorId !== undefined) return 'actor_id';
  if (units.length === 1) return 'org_unit';
  if (filter.eventTypes?.length === 1) return 'event_type';
  if (filter.applicationKind !== undefined) return 'application_kind';
  return null;
}

/**
 * The SQL and parameters of one page of the filtered log (readAuditLog runs it; the plan tests read it).
 * Several event types and no leading column: one branch per type, each walking that type's index for at
 * most a page (as a single type does, see leadingColumn), merged by position. A single walk backwards
 * by position would read every newer event of other types first (the bench's fifth filter, two types of
 * one district's applications: 5,871 rows thrown away, 5.6 ms, growing as notifications and other
 * events pile up at the head; with a branch per type 93 rows, 0.7 ms).
 */
export function auditPageQuery(
  filter: AuditFilter,
  units: string[],
  page: AuditPage,
): { text: string; values: unknown[]; limit: number } {
  const limit = Math.min(Math.max(1, page.limit), MAX_PAGE);
  const params: unknown[] = [limit + 1];
  const desc = page.order === 'desc';
  const dir = desc ? 'DESC' : 'ASC';
  const branch = (f: AuditFilter, lead: LeadingColumn | null, extra = '') => {
    let where = filterSql(f, units, params, lead);
    if (page.cursor) {
      params.push(page.cursor.tx.toString(), page.cursor.seq.toString());
      where += ` AND (a.tx_id, a.seq) ${desc ? '<' : '>'} ($${params.length - 1}::bigint, $${params.length}::bigint)`;
    }
    return `SELECT ${LOG_COLUMNS}${extra} FROM audit_log a
      WHERE ${where} ORDER BY ${lead ? `a.${lead} ${dir}, ` : ''}a.tx_id ${dir}, a.seq ${dir} LIMIT $1`;
  };
  const lead = leadingColumn(filter, units);
  // Each type once: a type named twice would otherwise bring its rows twice.
  const types = [...new Set(filter.eventTypes ?? [])];
  if (lead !== null || types.length < 2) return { text: branch(filter, lead), values: params, limit };
  const branches = types.map(
    (t) =>
      `(${branch({ ...filter, eventTypes: [t] }, 'event_type', ', a.tx_id AS pos_tx, a.seq AS pos_seq')})`,
  );
  return {
    text: `SELECT * FROM (${branches.join(' UNION ALL ')}) p ORDER BY p.pos_tx ${dir}, p.pos_seq ${dir} LIMIT $1`,
    values: params,
    limit,
  };
}

/** One page of the global log, newest first by default, with the cursor of the next page. */
export async function readAuditLog(
  pool: pg.Pool,
  directory: Pick<IdentityDirectory, 'displayNames'>,
  filter: AuditFilter,
  units: string[],
  page: AuditPage,
): Promise<{ items: AuditLogEntry[]; nextCursor: string | null }> {
  const { text, values, limit } = auditPageQuery(filter, units, page);
  const res = await pool.query<LogRow>(text, values);
  const more = res.rows.length > limit;
  const rows = more ? res.rows.slice(0, limit) : res.rows;
  const last = rows[rows.length - 1];
  // The actors' names are identity's: one directory call for the page, not a join on its table.
  const names = await directory.displayNames([...new Set(rows.map((r) => r.actor_id))]);
  return {
    items: rows.map((r) => toEntry(r, names.get(r.actor_id) ?? null)),
    nextCursor: more && last ? encodePosition({ tx: BigInt(last.tx), seq: BigInt(last.seq) }) : null,
  };
}

function toEntry(r: LogRow, actorName: string | null): AuditLogEntry {
  return {
    position: `${r.tx}.${r.seq}`,
    eventId: r.event_id,
    streamId: r.stream_id,
    version: Number(r.version),
    entity: { kind: r.entity_kind, id: r.entity_id },
    applicationKind: r.application_kind,
    type: r.event_type,
    actor: { id: r.actor_id, name: actorName, role: r.actor_role },
    orgUnit: r.org_unit,
    actorOrgUnit: r.actor_org_unit,
    correlationId: r.correlation_id,
    causationId: r.causation_id,
    commandId: r.command_id,
    rationale: r.rationale,
    recordedAt: r.recorded_at.toISOString(),
  };
}
