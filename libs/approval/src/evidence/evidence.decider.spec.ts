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

describe('rules pinned by mutation testing', () => {
  const erase = { type: 'EraseEvidence' as const, reason: 'lawful request', contentKept: true };
  const erased: EvidenceEvent = {
    type: 'EvidenceErased',
    data: { uploaderId: 'teacher-1', sha256: SHA, reason: 'r', contentKept: false, erasedAt: NOW },
  };

  it('keeps each file in its own evidence stream', () => {
    expect(d.category).toBe('evidence');
  });

  it('folds an upload and its erasure into the file’s state, and an erasure of nothing into nothing', () => {
    expect(given(d, [uploaded]).state).toEqual({ status: 'uploaded', ...uploaded.data });
    expect(given(d, [uploaded, erased]).state).toEqual({ status: 'erased', ...uploaded.data, erasedAt: NOW });
    expect(given(d, [erased]).state).toEqual({ status: 'none' });
  });

  it('refuses the same content under a taken id from another uploader: a retry is the uploader’s own', () => {
    given(d, [uploaded])
      .when(upload, { ...teacher, actorId: 'teacher-2' })
      .thenRefuses('evidence_exists', 'this evidence id is taken');
  });

  it('lets an admin erase a file, saying whether its content stays for someone else (DOMAIN.md "Audit trail")', () => {
    given(d, [uploaded])
      .when(erase, { actorId: 'admin-1', actorRole: 'admin' })
      .then([
        {
          type: 'EvidenceErased',
          data: {
            uploaderId: 'teacher-1',
            sha256: SHA,
            reason: 'lawful request',
            contentKept: true,
            erasedAt: NOW,
          },
        },
      ]);
    for (const actorRole of ['chair', 'reviewer', 'mentor']) {
      given(d, [uploaded]).when(erase, { actorRole }).thenRefuses('admin_only', 'only an admin may do this');
    }
  });

  it('says in each refusal why, and which field an empty file is wrong in', () => {
    const err = given(d)
      .when({ ...upload, size: 0 }, teacher)
      .thenRefuses('file_empty', 'the file is empty');
    expect(err.kind).toBe('invalid');
    expect(err.details).toEqual({ field: 'file' });
    given(d)
      .when({ ...upload, size: -1 }, teacher)
      .thenRefuses('file_empty');
    given(d).when(erase, system).thenRefuses('evidence_not_found', 'no such evidence file');
  });
});
