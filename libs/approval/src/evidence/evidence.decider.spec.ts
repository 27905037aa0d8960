import { given } from '#testing/event-store';
import { evidenceDecider as d, type EvidenceEvent } from './evidence.decider.js';

// DOMAIN.md stage 1 (applications carry uploaded files) and "Audit trail" (personal data is erased on a
// lawful request without breaking the history): who uploaded which content, and its erasure.
const NOW = '2026-09-01T08:00:00.000Z';
const teacher = { actorId: 'teacher-1', actorRole: 'teacher', orgUnit: 'school-a' };
const system = { actorId: 'system', actorRole: 'system', orgUnit: 'school-a' };
const SHA = 'a'.repeat(64);
const upload = {
  type: 'RecordUpload' as const,
  name: '方案.pdf',
  mediaType: 'application/pdf' as const,
  size: 10,
  sha256: SHA,
};
const uploaded: EvidenceEvent = {
  type: 'EvidenceUploaded',
  data: {
    uploaderId: 'teacher-1',
    name: '方案.pdf',
    mediaType: 'application/pdf',
    size: 10,
    sha256: SHA,
    uploadedAt: NOW,
  },
};

describe('evidence files', () => {
  it('records who uploaded which content, under what name, type and size', () => {
    given(d, []).when(upload, teacher).then([uploaded]);
  });

  it('takes a retry of the same upload as done, and refuses other content under the same id', () => {
    given(d, [uploaded]).when(upload, teacher).then([]);
    given(d, [uploaded])
      .when({ ...upload, sha256: 'b'.repeat(64) }, teacher)
      .thenRefuses('evidence_exists');
  });

  it('refuses an empty file', () => {
    given(d, [])
      .when({ ...upload, size: 0 }, teacher)
      .thenRefuses('file_empty');
  });

  it('is erased only by the system (after PersonalDataErased) or an admin, once', () => {
    given(d, [uploaded])
      .when({ type: 'EraseEvidence', reason: 'r', contentKept: false }, teacher)
      .thenRefuses('admin_only');
    given(d, [uploaded])
      .when({ type: 'EraseEvidence', reason: 'lawful request', contentKept: false }, system)
      .then([
        {
          type: 'EvidenceErased',
          data: {
            uploaderId: 'teacher-1',
            sha256: SHA,
            reason: 'lawful request',
            contentKept: false,
            erasedAt: NOW,
          },
        },
      ]);
    const erased: EvidenceEvent = {
      type: 'EvidenceErased',
      data: { uploaderId: 'teacher-1', sha256: SHA, reason: 'r', contentKept: false, erasedAt: NOW },
    };
    given(d, [uploaded, erased])
      .when({ type: 'EraseEvidence', reason: 'again', contentKept: false }, system)
      .then([]);
    given(d, [])
      .when({ type: 'EraseEvidence', reason: 'r', contentKept: false }, system)
      .thenRefuses('evidence_not_found');
  });
});
