import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  propertyParams,
  reachCounts,
  runSequence,
  type AcceptedStep,
  type PropertyStep,
} from '#testing/event-store';
import { TIERS, type Tier } from '#libs/policy';
import {
  studioDecider as d,
  type StudioApplicationFacts,
  type StudioCommand,
  type StudioEvent,
  type StudioState,
} from './studio.decider.js';

// Property specs of a studio (名优教师工作室): random sequences of valid and invalid commands from the
// office, the leader, members and strangers never break DOMAIN.md "Mentorship and studios" (a studio is
// led by a master teacher, seed 000 §五(三), founded on an approved studio application) nor "People and
// roles"; members are counted once, the leader stays while it is open, and nothing happens after it
// closes. Replaying what was produced rebuilds the same state.
type Step = PropertyStep<StudioCommand>;
const START = Date.parse('2026-09-01T08:00:00.000Z');
const HOUR = 3_600_000;

const application: StudioApplicationFacts = {
  id: 'app-7',
  kind: 'studio',
  stage: 'approved',
  applicantId: 'master-1',
  orgUnit: 'city-1',
  name: '王老师初中数学工作室',
  subject: '初中数学',
  applicantTier: 'master',
};
const admin = { actorId: 'admin-1', actorRole: 'admin' };
const system = { actorId: 'system', actorRole: 'system' };
const leader = { actorId: 'master-1', actorRole: 'teacher' };
const people = [
  admin,
  system,
  leader,
  { actorId: 'chair-1', actorRole: 'chair' },
  { actorId: 'teacher-2', actorRole: 'teacher' },
  { actorId: 'teacher-3', actorRole: 'teacher' },
  { actorId: 'teacher-4', actorRole: 'mentor' },
  // The applicant founding their own studio from an office role is still the office acting.
  { actorId: 'master-1', actorRole: 'chair' },
];
const memberId = fc.constantFrom('teacher-2', 'teacher-3', 'teacher-4', 'teacher-5', 'master-1');
const reason = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('调往外地', '工作室期满') },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'x'.repeat(2001)) },
);

const command: fc.Arbitrary<StudioCommand> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('FoundStudio' as const),
      application: fc
        .record({
          kind: fc.constantFrom('studio', 'studio', 'training_project', 'tier_promotion'),
          stage: fc.constantFrom('approved', 'approved', 'in_review', 'rejected', 'withdrawn'),
          applicantId: fc.constantFrom('master-1', 'teacher-2'),
          applicantTier: fc.constantFrom<Tier | null>(...TIERS, 'master', null),
        })
        .map((a) => ({ ...application, ...a })),
    }),
  },
  { weight: 5, arbitrary: fc.record({ type: fc.constant('AddMember' as const), memberId }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('RemoveMember' as const), memberId, reason }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('CloseStudio' as const), reason }) },
);

/** Optionally the studio founded right, then random commands by random people. */
const sequences: fc.Arbitrary<Step[]> = fc
  .record({
    founded: fc.boolean(),
    steps: fc.array(
      fc.record({
        command,
        // Often the leader or an admin, so that members come and go.
        actor: fc.oneof(
          { weight: 2, arbitrary: fc.constantFrom(leader, admin) },
          { weight: 2, arbitrary: fc.constantFrom(...people) },
        ),
      }),
      {
        minLength: 3,
        maxLength: 30,
      },
    ),
  })
  .map(({ founded, steps }) => [
    ...(founded ? [{ command: { type: 'FoundStudio' as const, application }, meta: system }] : []),
    ...steps.map(({ command: c, actor }, i) => ({
      command: c,
      meta: { ...actor, now: new Date(START + (i + 1) * HOUR) },
    })),
  ]);

/** The members of a studio now: a studio not founded yet, or closed, has none. */
const membersOf = (s: StudioState) => (s.status === 'open' ? s.members : []);
const leaderOf = (s: StudioState) => (s.status === 'none' ? null : s.leaderId);

function invariant({
  command,
  meta,
  before,
  after,
  events,
}: AcceptedStep<StudioCommand, StudioEvent, StudioState>) {
  // Nothing happens to a closed studio.
  expect(before.status).not.toBe('closed');
  const leaderOrAdmin = meta.actorRole === 'admin' || meta.actorId === leaderOf(before);
  for (const e of events) {
    switch (e.type) {
      case 'StudioFounded':
        // Founded once by the office, on an approved studio application whose applicant is a master.
        expect(before.status).toBe('none');
        expect(['admin', 'chair', 'system']).toContain(meta.actorRole);
        expect(command.type).toBe('FoundStudio');
        if (command.type !== 'FoundStudio') break;
        expect(command.application.kind).toBe('studio');
        expect(command.application.stage).toBe('approved');
        expect(command.application.applicantTier).toBe('master');
        expect(e.data.leaderId).toBe(command.application.applicantId);
        break;
      case 'MemberJoined':
        if (e.data.role === 'leader') {
          expect(command.type).toBe('FoundStudio');
        } else {
          expect(leaderOrAdmin).toBe(true);
          expect(membersOf(before)).not.toContain(e.data.memberId);
        }
        break;
      case 'MemberLeft':
        // The leader or an admin removes a member; a member may leave; the leader never leaves.
        expect(leaderOrAdmin || meta.actorId === e.data.memberId).toBe(true);
        expect(e.data.selfLeft).toBe(meta.actorId === e.data.memberId);
        expect(e.data.memberId).not.toBe(leaderOf(before));
        expect(membersOf(before)).toContain(e.data.memberId);
        expect(e.data.reason.length).toBeGreaterThan(0);
        break;
      case 'StudioClosed':
        expect(leaderOrAdmin).toBe(true);
        expect(e.data.members).toEqual(membersOf(before));
        expect(e.data.reason.length).toBeGreaterThan(0);
        break;
    }
  }
  // The leader and the application are for ever; while open the leader is the first member, and
  // nobody is a member twice; a closed studio has no members.
  if (before.status !== 'none') {
    expect(after.status).not.toBe('none');
    if (after.status === 'none') return;
    expect(after.leaderId).toBe(before.leaderId);
    expect(after.applicationId).toBe(before.applicationId);
  }
  expect(new Set(membersOf(after)).size).toBe(membersOf(after).length);
  if (after.status === 'open') expect(after.members[0]).toBe(after.leaderId);
  if (after.status === 'closed') expect(after).not.toHaveProperty('members');
}

describe('studio decider properties', () => {
  it('random command sequences keep the studio rules, and replaying the events rebuilds the state', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        runSequence(d, steps, invariant);
      }),
      propertyParams(200),
    );
  });

  it('the generated sequences reach members joining and leaving, and closings, not only refusals', () => {
    const reached = reachCounts(sequences, 200, (steps) => {
      const { events } = runSequence(d, steps, invariant);
      return {
        joined: events.some((e) => e.type === 'MemberJoined' && e.data.role === 'member'),
        left: events.some((e) => e.type === 'MemberLeft'),
        // Whatever followed the closing was refused (the invariant sees no command on a closed studio).
        closed: events.some((e) => e.type === 'StudioClosed'),
      };
    });
    expect(reached.joined).toBeGreaterThan(30);
    expect(reached.left).toBeGreaterThan(5);
    expect(reached.closed).toBeGreaterThan(10);
  });

  it('once closed, a studio takes no command from anyone', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ command, actor: fc.constantFrom(...people) }), { maxLength: 10 }),
        (tail) => {
          const { state, events, refused } = runSequence(
            d,
            [
              { command: { type: 'FoundStudio', application }, meta: system },
              { command: { type: 'AddMember', memberId: 'teacher-2' }, meta: leader },
              { command: { type: 'CloseStudio', reason: '工作室期满' }, meta: admin },
              ...tail.map(({ command: c, actor }) => ({ command: c, meta: actor })),
            ],
            invariant,
          );
          expect(state.status).toBe('closed');
          expect(events).toHaveLength(4);
          expect(refused).toHaveLength(tail.length);
        },
      ),
      propertyParams(50),
    );
  });
});
