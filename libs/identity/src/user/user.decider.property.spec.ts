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
  userDecider as d,
  type UnitFacts,
  type UserCommand,
  type UserEvent,
  type UserState,
} from './user.decider.js';

// Property specs of a user's stream: random sequences of valid and invalid commands from admins in and
// out of scope, the user themself and others never break DOMAIN.md "People and roles" (an admin acts
// only over their unit and below; nobody changes their own roles, deactivates or erases themself; a
// deactivated or erased user stays so); replaying what was produced rebuilds the same state.
const HASH = 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=';
const HASH2 = 'scrypt$32768$8$1$b3RoZXJzYWx0$b3RoZXJoYXNob3RoZXJoYXNob3RoZXJoYXNoMTI=';
const unit: UnitFacts = {
  id: 'school-a',
  level: 'school',
  ancestry: ['prov', 'city', 'district-a', 'school-a'],
};
const people = [
  { actorId: 'admin-city', actorRole: 'admin', orgUnit: 'city' },
  { actorId: 'admin-a', actorRole: 'admin', orgUnit: 'district-a' },
  { actorId: 'admin-b', actorRole: 'admin', orgUnit: 'district-b' },
  { actorId: 'user-1', actorRole: 'admin', orgUnit: 'school-a' },
  { actorId: 'user-1', actorRole: 'teacher', orgUnit: 'school-a' },
  { actorId: 'chair-1', actorRole: 'chair', orgUnit: 'city' },
  { actorId: 'system', actorRole: 'system', orgUnit: 'system' },
];
const roles = fc.subarray(['teacher', 'admin', 'chair', 'reviewer', 'mentor', 'root']);
const text = fc.constantFrom('', '  ', '依法申请删除', 'x'.repeat(1001));
const command: fc.Arbitrary<UserCommand> = fc.oneof(
  fc.record({
    type: fc.constant('RegisterUser' as const),
    userId: fc.constant('user-1'),
    username: fc.constantFrom('teacher.one', 'Bad Name', 'ab'),
    displayName: fc.constantFrom('张老师', ' ', ''),
    unit: fc.constant(unit),
    roles,
    passwordHash: fc.constantFrom(HASH, 'plain-password'),
    tier: fc.constantFrom(null, 'new', 'backbone', 'emperor'),
  }),
  fc.record({
    type: fc.constant('ChangeLocale' as const),
    locale: fc.constantFrom('zh-CN', 'en', 'fr'),
    unit: fc.constant(unit),
  }),
  fc.record({
    type: fc.constant('ErasePersonalData' as const),
    reason: text,
    legalBasis: text,
    unit: fc.constant(unit),
  }),
  fc.record({ type: fc.constant('ChangeRoles' as const), roles, unit: fc.constant(unit) }),
  fc.record({
    type: fc.constant('ChangePassword' as const),
    passwordHash: fc.constantFrom(HASH2, 'x'),
    unit: fc.constant(unit),
  }),
  fc.record({ type: fc.constant('DeactivateUser' as const), reason: text, unit: fc.constant(unit) }),
);
const register: PropertyStep<UserCommand> = {
  command: {
    type: 'RegisterUser',
    userId: 'user-1',
    username: 'teacher.one',
    displayName: '张老师',
    unit,
    roles: ['teacher'],
    passwordHash: HASH,
    tier: 'new',
  },
  meta: people[1]!,
};
const sequences = fc
  .tuple(fc.boolean(), fc.array(fc.record({ command, meta: fc.constantFrom(...people) }), { maxLength: 25 }))
  .map(([registered, steps]) => (registered ? [register, ...steps] : steps));

function invariant({
  command,
  meta,
  before,
  after,
  events,
}: AcceptedStep<UserCommand, UserEvent, UserState>) {
  if (events.length === 0) return;
  const self = before.exists && meta.actorId === before.userId;
  if (command.type !== 'ChangeLocale' && command.type !== 'ChangePassword') {
    // Only an admin over the unit (or the system) registers, erases, deactivates and changes roles.
    expect(['admin', 'system']).toContain(meta.actorRole);
    if (meta.actorRole === 'admin') expect(unit.ancestry).toContain(meta.orgUnit);
    if (command.type !== 'RegisterUser') expect(self).toBe(false);
  } else if (!self && meta.actorRole !== 'system') {
    expect(meta.actorRole).toBe('admin');
    expect(unit.ancestry).toContain(meta.orgUnit);
  }
  if (before.exists) {
    expect(after.exists).toBe(true);
    if (!before.active) {
      // A deactivated user keeps their roles, password and language.
      expect(after.exists && after.active).toBe(false);
      for (const e of events)
        expect(['RolesChanged', 'PasswordChanged', 'LocaleChanged']).not.toContain(e.type);
    }
    if (before.erased) expect(after.exists && after.erased).toBe(true);
  }
  if (after.exists) {
    expect(after.roles.length).toBeGreaterThan(0);
    expect(after.passwordHash.startsWith('scrypt$')).toBe(true);
  }
}

describe('user decider properties', () => {
  it('random command sequences keep who may act on a user, and replaying the events rebuilds the user', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        runSequence(d, steps, invariant);
      }),
      propertyParams(150),
    );
  });

  it('the generated sequences reach changes to a registered user, not only refusals', () => {
    const reached = reachCounts(sequences, 150, (steps) => {
      const { events } = runSequence(d, steps, invariant);
      return {
        changed: events.some((e) => e.type !== 'UserRegistered'),
      };
    });
    expect(reached.changed).toBeGreaterThan(20);
  });
});
