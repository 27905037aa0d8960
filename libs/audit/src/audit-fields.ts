import type { EventMetadata } from '#libs/event-store';

/**
 * How the audit trail reads "why" out of an event (DOMAIN.md "Audit trail": rationale or comment where
 * one is given): the first text among these fields of the event's data, then of its metadata. The
 * offline export checker (scripts/verify-export.mjs) applies the same rule, so keep the two in step.
 */
export const RATIONALE_FIELDS = ['rationale', 'reason', 'comment', 'comments'] as const;

export function rationaleOf(data: unknown, metadata: EventMetadata | Record<string, unknown>): string | null {
  for (const source of [data, metadata]) {
    if (source === null || typeof source !== 'object' || Array.isArray(source)) continue;
    const obj = source as Record<string, unknown>;
    for (const f of RATIONALE_FIELDS) {
      const v = obj[f];
      if (typeof v === 'string' && v.length > 0) return v;
    }
  }
  return null;
}

/** The entity kinds whose streams have a history and an as-of view (DOMAIN.md "Audit trail"). */
export const ENTITY_KINDS = ['application', 'teacher', 'mentorship', 'studio', 'call'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** Audit reads are recorded on `auditlog-<adminId>.<yyyymmddhh>` streams (one per admin and UTC hour). */
export const AUDIT_READ_CATEGORY = 'auditlog';
export const AUDIT_READ_TYPE = 'AuditRead';

/** Streams are `<category>-<id>` (ARCHITECTURE.md "Conventions"). */
export function splitStreamId(streamId: string): { kind: string; id: string } {
  const i = streamId.indexOf('-');
  return { kind: streamId.slice(0, i), id: streamId.slice(i + 1) };
}
