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
  auditLogDecider as d,
  type AuditLogCommand,
  type AuditLogEvent,
  type AuditLogState,
} from './audit-read.decider.js';

// Property specs of the audit-read log: random reads of the audit trail by admins and others keep
// DOMAIN.md "Audit trail" (every change is an event with who and when — reading the trail too) and
// "People and roles" (the audit trail is the admins'). Appends are blind: whatever the stream holds, an
// admin's read appends exactly one record of what they read, and anyone else's is refused with nothing
// written. Replaying what was produced rebuilds the same count.
type Step = PropertyStep<AuditLogCommand>;
const START = Date.parse('2026-09-01T08:00:00.000Z');

const people = [
  { actorId: 'admin-1', actorRole: 'admin', orgUnit: 'city-1' },
  { actorId: 'admin-2', actorRole: 'admin', orgUnit: 'school-a' },
  { actorId: 'chair-1', actorRole: 'chair', orgUnit: 'city-1' },
  { actorId: 'reviewer-1', actorRole: 'reviewer', orgUnit: 'school-b' },
  { actorId: 'teacher-1', actorRole: 'teacher', orgUnit: 'school-a' },
  { actorId: 'system', actorRole: 'system', orgUnit: 'system' },
];

const command: fc.Arbitrary<AuditLogCommand> = fc.record({
  type: fc.constant('RecordAuditRead' as const),
  endpoint: fc.constantFrom(
    'GET /api/audit/events',
    'GET /api/audit/export',
    'GET /api/audit/verify',
    'GET /api/audit/entities/teacher-1/history',
  ),
  filters: fc.dictionary(
    fc.constantFrom('actor', 'orgUnit', 'kind', 'from', 'to', 'cursor'),
    fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.constant(null)),
    { maxKeys: 4 },
  ),
  resultCount: fc.option(fc.nat({ max: 500 }), { nil: null }),
});
const sequences: fc.Arbitrary<Step[]> = fc
  .array(fc.record({ command, actor: fc.constantFrom(...people) }), { maxLength: 30 })
  .map((steps) =>
    steps.map(({ command: c, actor }, i) => ({
      command: c,
      meta: { ...actor, now: new Date(START + i * 60_000) },
    })),
  );

function invariant({
  command,
  meta,
  before,
  after,
  events,
}: AcceptedStep<AuditLogCommand, AuditLogEvent, AuditLogState>) {
  // Only an admin's read is recorded: one event, naming them and exactly what they read, when.
  expect(meta.actorRole).toBe('admin');
  expect(events).toEqual([
    {
      type: 'AuditRead',
      data: {
        adminId: meta.actorId,
        endpoint: command.endpoint,
        filters: command.filters,
        resultCount: command.resultCount,
        readAt: meta.now.toISOString(),
      },
    },
  ]);
  expect(after.reads).toBe(before.reads + 1);
}

describe('audit-read decider properties', () => {
  it('every admin read appends exactly one record, nobody else’s any, and replay rebuilds the count', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        const { state, events, refused } = runSequence(d, steps, invariant);
        // Blind: the outcome of each read depends on its reader only, never on what came before.
        const admins = steps.filter((s) => s.meta.actorRole === 'admin').length;
        expect(events).toHaveLength(admins);
        expect(state.reads).toBe(admins);
        expect(refused).toEqual(steps.filter((s) => s.meta.actorRole !== 'admin').map(() => 'admin_only'));
      }),
      propertyParams(150),
    );
  });

  it('the generated sequences hold many admin reads and many refused ones', () => {
    // Counted on the fixed sample of reachCounts, so it does not depend on FC_RUNS or the seed.
    let reads = 0;
    let refusedReads = 0;
    reachCounts(sequences, 150, (steps) => {
      const admins = steps.filter((s) => s.meta.actorRole === 'admin').length;
      reads += admins;
      refusedReads += steps.length - admins;
      return {};
    });
    expect(reads).toBeGreaterThan(200);
    expect(refusedReads).toBeGreaterThan(200);
  });
});
