import { describe, expect, it } from '@jest/globals';
import { given } from '#testing/event-store';
import { auditLogDecider as d, auditReadStreamKey, type AuditLogEvent } from './audit-read.decider.js';

// DOMAIN.md "Audit trail": reading the trail is itself recorded — who read what, with which filters, when;
// "People and roles": the audit trail is the admins'.
const admin = { actorId: 'admin-1', actorRole: 'admin', now: new Date('2026-09-01T08:30:00.000Z') };
const read = {
  type: 'RecordAuditRead' as const,
  endpoint: 'GET /api/audit/events',
  filters: { actor: 'teacher-1', from: '2026-01-01' },
  resultCount: 12,
};
const recorded: AuditLogEvent = {
  type: 'AuditRead',
  data: {
    adminId: 'admin-1',
    endpoint: 'GET /api/audit/events',
    filters: { actor: 'teacher-1', from: '2026-01-01' },
    resultCount: 12,
    readAt: '2026-09-01T08:30:00.000Z',
  },
};

describe('the audit-read log', () => {
  it('records an admin’s read with what they read and when, on any stream so far', () => {
    given(d).when(read, admin).then([recorded]);
    given(d, [recorded, recorded])
      .when({ ...read, endpoint: 'GET /api/audit/export', resultCount: null }, admin)
      .then([
        { ...recorded, data: { ...recorded.data, endpoint: 'GET /api/audit/export', resultCount: null } },
      ]);
  });

  it('refuses anyone but an admin, saying so', () => {
    for (const actorRole of ['chair', 'reviewer', 'teacher', 'mentor', 'system']) {
      const err = given(d)
        .when(read, { ...admin, actorRole })
        .thenRefuses('admin_only', 'only an admin reads the audit trail');
      expect(err.kind).toBe('forbidden');
    }
  });

  it('counts the reads on a stream', () => {
    expect(given(d).state).toEqual({ reads: 0 });
    expect(given(d, [recorded, recorded, recorded]).state).toEqual({ reads: 3 });
  });

  it('keeps an admin’s reads on one auditlog stream per UTC hour', () => {
    expect(d.category).toBe('auditlog');
    expect(auditReadStreamKey('admin-1', new Date('2026-09-01T08:30:00.000Z'))).toBe('admin-1.2026090108');
    expect(auditReadStreamKey('admin-1', new Date('2026-09-01T08:59:59.999Z'))).toBe('admin-1.2026090108');
    expect(auditReadStreamKey('admin-1', new Date('2026-09-01T09:00:00.000Z'))).toBe('admin-1.2026090109');
    // An hour in China time is still keyed by its UTC hour.
    expect(auditReadStreamKey('admin-2', new Date('2026-12-31T23:10:00.000+08:00'))).toBe(
      'admin-2.2026123115',
    );
  });
});
