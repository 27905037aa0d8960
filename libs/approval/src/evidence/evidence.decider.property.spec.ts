import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  propertyParams,
  reachCounts,
  runSequence,
  type AcceptedStep,
  type PropertyStep,
} from '#testing/event-store';
import {
  evidenceDecider as d,
  type EvidenceCommand,
  type EvidenceEvent,
  type EvidenceState,
} from './evidence.decider.js';

// Property specs of an evidence file (DOMAIN.md stage 1: applications carry uploaded files; "Audit
// trail": who uploaded what, and an erasure only on a recorded request or an admin's act). Random
// uploads, retries and erasures by random people keep the file's record: it is written once, by its
// uploader, never changed by a retry or another upload under the same id, erased at most once and only
// by an admin or the system, and a file never comes back after erasure. Replaying rebuilds it.
type Step = PropertyStep<EvidenceCommand>;
const START = Date.parse('2026-10-01T08:00:00.000Z');

const people = [
  { actorId: 'teacher-1', actorRole: 'teacher' },
  { actorId: 'teacher-2', actorRole: 'teacher' },
  { actorId: 'admin-1', actorRole: 'admin' },
  { actorId: 'system', actorRole: 'system' },
  { actorId: 'chair-1', actorRole: 'chair' },
  { actorId: 'reviewer-1', actorRole: 'reviewer' },
];

const sha = fc.constantFrom('a'.repeat(64), 'b'.repeat(64));

const command: fc.Arbitrary<EvidenceCommand> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('RecordUpload' as const),
      name: fc.constantFrom('教学设计.pdf', '课堂实录.mp4', ''),
      mediaType: fc.constantFrom('application/pdf' as const, 'image/png' as const),
      size: fc.oneof(fc.integer({ min: 1, max: 5_000_000 }), fc.constantFrom(0, -1, Number.NaN)),
      sha256: sha,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('EraseEvidence' as const),
      reason: fc.constantFrom('本人申请删除个人信息', ''),
      contentKept: fc.boolean(),
    }),
  },
);

const sequences: fc.Arbitrary<Step[]> = fc
  .array(fc.record({ command, actor: fc.constantFrom(...people), minutes: fc.nat(600) }), {
    minLength: 1,
    maxLength: 12,
  })
  .map((steps) => {
    let now = START;
    return steps.map(({ command: c, actor, minutes }) => {
      now += minutes * 60_000;
      return { command: c, meta: { ...actor, now: new Date(now) } };
    });
  });

const record = (s: EvidenceState) =>
  s.status === 'none'
    ? null
    : {
        uploaderId: s.uploaderId,
        name: s.name,
        mediaType: s.mediaType,
        size: s.size,
        sha256: s.sha256,
        uploadedAt: s.uploadedAt,
      };

function invariant({
  command,
  meta,
  before,
  after,
  events,
}: AcceptedStep<EvidenceCommand, EvidenceEvent, EvidenceState>) {
  for (const e of events) {
    switch (e.type) {
      case 'EvidenceUploaded':
        // Written once, by whoever uploads it, and never an empty file.
        expect(before.status).toBe('none');
        expect(e.data.uploaderId).toBe(meta.actorId);
        expect(e.data.size).toBeGreaterThan(0);
        break;
      case 'EvidenceErased':
        // Erased once, by an admin or the system (the reaction to a recorded erasure request).
        expect(before.status).toBe('uploaded');
        expect(['admin', 'system']).toContain(meta.actorRole);
        expect(command.type).toBe('EraseEvidence');
        if (before.status !== 'none') {
          expect(e.data.sha256).toBe(before.sha256);
          expect(e.data.uploaderId).toBe(before.uploaderId);
        }
        break;
    }
  }
  // What was uploaded stays what it was: no retry, erasure or second upload rewrites the record, and an
  // erased file stays erased.
  if (before.status !== 'none') expect(record(after)).toEqual(record(before));
  if (before.status === 'erased') expect(after).toEqual(before);
  if (events.length === 0) expect(after).toEqual(before);
}

describe('evidence decider properties', () => {
  it('random uploads and erasures keep the file record, and replaying rebuilds it', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        runSequence(d, steps, invariant);
      }),
      propertyParams(300),
    );
  });

  it('the generated sequences reach uploads, erasures and refusals of each kind', () => {
    const reached = reachCounts(sequences, 300, (steps) => {
      const { state, refused } = runSequence(d, steps, invariant);
      return {
        uploaded: state.status !== 'none',
        erased: state.status === 'erased',
        taken: refused.includes('evidence_exists'),
        notAdmin: refused.includes('admin_only'),
        empty: refused.includes('file_empty'),
      };
    });
    expect(reached.uploaded).toBeGreaterThan(100);
    expect(reached.erased).toBeGreaterThan(20);
    expect(reached.taken).toBeGreaterThan(10);
    expect(reached.notAdmin).toBeGreaterThan(10);
    expect(reached.empty).toBeGreaterThan(10);
  });

  it('a file erased stays erased: no later upload under its id brings it back', () => {
    fc.assert(
      fc.property(sequences, (later) => {
        const { state } = runSequence(
          d,
          [
            {
              command: {
                type: 'RecordUpload',
                name: 'a.pdf',
                mediaType: 'application/pdf',
                size: 10,
                sha256: 'a'.repeat(64),
              },
              meta: { ...people[0], now: new Date(START) },
            },
            {
              command: { type: 'EraseEvidence', reason: '本人申请', contentKept: false },
              meta: { ...people[2], now: new Date(START + 1000) },
            },
            ...later,
          ],
          invariant,
        );
        expect(state.status).toBe('erased');
      }),
      propertyParams(100),
    );
  });
});
