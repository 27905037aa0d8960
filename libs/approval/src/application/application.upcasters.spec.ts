import { upcastEvents, type HistoryReader, type RecordedEvent } from '#libs/event-store';
import { testMetadata } from '#testing/event-store';
import { applicationDecider, type ApplicationEvent } from './application.decider.js';
import { APPLICATION_UPCASTERS } from './application.upcasters.js';

// ApplicationDecided v1 → v2 (ARCHITECTURE.md "Between contexts": add a version and upcast old ones on
// read): version 2 names the applicant, kind and target tier, so no reactor re-reads the stream.
let v = 0;
const stored = (type: string, data: unknown, schemaVersion = 1): RecordedEvent => {
  v += 1;
  return {
    id: `00000000-0000-4000-8000-${String(v).padStart(12, '0')}`,
    streamId: 'application-a1',
    version: v,
    type,
    schemaVersion,
    data,
    metadata: testMetadata(),
    position: { tx: 1n, seq: BigInt(v) },
    contentHash: 'c',
    chainHash: 'h',
  };
};

describe('ApplicationDecided v1 is read as v2', () => {
  const drafted = stored('ApplicationDrafted', {
    kind: 'tier_promotion',
    title: '晋升',
    fields: { kind: 'tier_promotion', targetTier: 'leader', evidence: [] },
    callId: 'c1',
    applicantId: 'teacher-7',
    orgUnit: 'school-a',
    draftedAt: '2026-09-01T00:00:00.000Z',
  });
  const updated = stored('DraftUpdated', {
    title: '晋升',
    fields: { kind: 'tier_promotion', targetTier: 'backbone', evidence: ['课'] },
  });
  const v1 = stored('ApplicationDecided', {
    decision: 'approve',
    rationale: '同意',
    decidedAt: '2026-10-01T00:00:00.000Z',
    policyVersion: 'default-1',
    rubricVersion: 'rubric-five-dimensions-1',
    reviews: [],
    averageScore: 85,
    documentsSeen: [],
  });
  const history: HistoryReader = async (_stream, before, types) =>
    [drafted, updated].filter((e) => e.version < before && types.includes(e.type));

  it('is registered for the one type whose version moved, and matches the decider’s schema version', () => {
    expect(APPLICATION_UPCASTERS.map((u) => [u.type, u.fromVersion + 1])).toEqual([
      ['ApplicationDecided', applicationDecider.schemaVersion!('ApplicationDecided')],
    ]);
  });

  it('names the applicant, the kind and the tier of the latest fields before the decision', async () => {
    const [, , decided] = await upcastEvents([drafted, updated, v1], history);
    expect(decided).toMatchObject({
      schemaVersion: 2,
      data: {
        applicantId: 'teacher-7',
        kind: 'tier_promotion',
        targetTier: 'backbone',
        decision: 'approve',
        averageScore: 85,
      },
    });
    // Deciders fold it like any v2 decision.
    const state = [drafted, updated, decided!].reduce(
      (s, e) => applicationDecider.evolve(s, { type: e.type, data: e.data } as ApplicationEvent),
      applicationDecider.initialState,
    );
    expect(state).toMatchObject({ stage: 'approved', decision: 'approve' });
  });

  it('gives studios and school plans no target tier', async () => {
    const studio = {
      ...drafted,
      data: { ...(drafted.data as object), kind: 'studio', fields: { kind: 'studio' } },
    };
    const only: HistoryReader = async () => [studio];
    const [decided] = await upcastEvents([v1], only);
    expect(decided!.data).toMatchObject({ applicantId: 'teacher-7', kind: 'studio', targetTier: null });
  });
});
