import { DomainError, forbidden, refuse, type DomainEvent, type StreamDecider } from '#libs/event-store';
import type { EvidenceMediaType } from './media-type.js';

/**
 * An evidence file (DOMAIN.md stage 1: applications carry uploaded files), one stream `evidence-<id>`:
 * who uploaded which content (its SHA-256 address in the blob store), under what name, type and size —
 * the audit trail of every file — and its erasure with its uploader's personal data.
 */
export interface EvidenceRecord {
  uploaderId: string;
  name: string;
  mediaType: EvidenceMediaType;
  size: number;
  sha256: string;
  uploadedAt: string;
}

export type EvidenceState =
  | { status: 'none' }
  | ({ status: 'uploaded' } & EvidenceRecord)
  | ({ status: 'erased'; erasedAt: string } & EvidenceRecord);

export type EvidenceCommand =
  | { type: 'RecordUpload'; name: string; mediaType: EvidenceMediaType; size: number; sha256: string }
  /**
   * `contentKept`: another person's live evidence has the same content, so the bytes stay in the blob
   * store for them (content addressing stores them once); the handler found it out before deciding.
   */
  | { type: 'EraseEvidence'; reason: string; contentKept: boolean };

export type EvidenceEvent =
  | DomainEvent<'EvidenceUploaded', EvidenceRecord>
  | DomainEvent<
      'EvidenceErased',
      { uploaderId: string; sha256: string; reason: string; contentKept: boolean; erasedAt: string }
    >;

export const evidenceDecider: StreamDecider<EvidenceCommand, EvidenceEvent, EvidenceState> = {
  category: 'evidence',
  initialState: { status: 'none' },

  evolve(s, e) {
    switch (e.type) {
      case 'EvidenceUploaded':
        return { status: 'uploaded', ...e.data };
      case 'EvidenceErased':
        return s.status === 'none' ? s : { ...s, status: 'erased', erasedAt: e.data.erasedAt };
    }
  },

  decide(c, s, meta) {
    const now = meta.now.toISOString();
    switch (c.type) {
      case 'RecordUpload': {
        if (s.status !== 'none') {
          // A retry of the same upload changes nothing; another file under the same id is a mistake.
          if (s.sha256 === c.sha256 && s.uploaderId === meta.actorId) return [];
          throw refuse('evidence_exists', 'this evidence id is taken');
        }
        if (!(c.size > 0))
          throw new DomainError('invalid', 'file_empty', 'the file is empty', { field: 'file' });
        return [
          {
            type: 'EvidenceUploaded',
            data: {
              uploaderId: meta.actorId,
              name: c.name,
              mediaType: c.mediaType,
              size: c.size,
              sha256: c.sha256,
              uploadedAt: now,
            },
          },
        ];
      }
      case 'EraseEvidence': {
        // DOMAIN.md "Audit trail": erasure follows a lawful request recorded on the person (the
        // reaction to PersonalDataErased) or an admin's act; nobody else removes evidence.
        if (meta.actorRole !== 'system' && meta.actorRole !== 'admin')
          throw forbidden('admin_only', 'only an admin may do this');
        if (s.status === 'none') throw refuse('evidence_not_found', 'no such evidence file');
        if (s.status === 'erased') return [];
        return [
          {
            type: 'EvidenceErased',
            data: {
              uploaderId: s.uploaderId,
              sha256: s.sha256,
              reason: c.reason,
              contentKept: c.contentKept,
              erasedAt: now,
            },
          },
        ];
      }
    }
  },
};
