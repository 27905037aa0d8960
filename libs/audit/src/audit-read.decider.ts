import { forbidden, type DomainEvent, type StreamDecider } from '#libs/event-store';
import { AUDIT_READ_CATEGORY } from './audit-fields.js';

/**
 * DOMAIN.md "Audit trail": every audit read by an admin is itself an event. They go on
 * one stream per admin and UTC hour (`auditlog-<adminId>.<yyyymmddhh>`): the command path reads the
 * whole stream before each append, so a stream per admin for ever would make every read slower than the
 * last; an hour bounds it by what one person can read in an hour.
 */
export interface AuditReadRecord {
  /** The endpoint read, e.g. `GET /api/audit/events`. */
  endpoint: string;
  /** The filters and cursor used, as the admin sent them (validated). */
  filters: Record<string, unknown>;
  /** Rows answered (null for a streamed export or a verification). */
  resultCount: number | null;
}

export type AuditLogCommand = { type: 'RecordAuditRead' } & AuditReadRecord;

export type AuditLogEvent = DomainEvent<'AuditRead', AuditReadRecord & { adminId: string; readAt: string }>;

export interface AuditLogState {
  reads: number;
}

export const auditLogDecider: StreamDecider<AuditLogCommand, AuditLogEvent, AuditLogState> = {
  category: AUDIT_READ_CATEGORY,
  initialState: { reads: 0 },
  evolve(s, e) {
    switch (e.type) {
      case 'AuditRead':
        return { reads: s.reads + 1 };
    }
  },
  decide(c, _s, meta) {
    // DOMAIN.md "People and roles": the audit trail is the admins'.
    if (meta.actorRole !== 'admin') throw forbidden('admin_only', 'only an admin reads the audit trail');
    return [
      {
        type: 'AuditRead',
        data: {
          adminId: meta.actorId,
          endpoint: c.endpoint,
          filters: c.filters,
          resultCount: c.resultCount,
          readAt: meta.now.toISOString(),
        },
      },
    ];
  },
};

/** The stream key of an admin's reads in the hour of `now` (UTC). */
export function auditReadStreamKey(adminId: string, now: Date): string {
  return `${adminId}.${now.toISOString().slice(0, 13).replace(/[-T]/g, '')}`;
}
