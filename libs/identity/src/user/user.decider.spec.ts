import { given } from '#testing/event-store';
import { userDecider as d, type UnitFacts, type UserCommand, type UserEvent } from './user.decider.js';

// Decider specs for users (DOMAIN.md "People and roles"): roles, scope of the admin who registers and
// changes them, and the separation of duties that no admin can bypass.
const HASH = 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=';
const HASH2 = 'scrypt$32768$8$1$b3RoZXJzYWx0$b3RoZXJoYXNob3RoZXJoYXNob3RoZXJoYXNoMTI=';
const schoolA: UnitFacts = {
  id: 'school-a',
  level: 'school',
  ancestry: ['prov', 'city', 'district-a', 'school-a'],
};
const schoolB: UnitFacts = {
  id: 'school-b',
  level: 'school',
  ancestry: ['prov', 'city', 'district-b', 'school-b'],
};
const cityAdmin = { actorId: 'admin-city', actorRole: 'admin', orgUnit: 'city' };
const districtAdminA = { actorId: 'admin-a', actorRole: 'admin', orgUnit: 'district-a' };

const register = (over: Partial<Extract<UserCommand, { type: 'RegisterUser' }>> = {}): UserCommand => ({
  type: 'RegisterUser',
  userId: 'u-1',
  username: 'wang.wei',
  displayName: '王伟',
  unit: schoolA,
  roles: ['teacher'],
  passwordHash: HASH,
  tier: 'young',
  ...over,
});
const registered = (
  over: Partial<Extract<UserEvent, { type: 'UserRegistered' }>['data']> = {},
): UserEvent => ({
  type: 'UserRegistered',
  data: {
    userId: 'u-1',
    username: 'wang.wei',
    displayName: '王伟',
    orgUnit: 'school-a',
    roles: ['teacher'],
    passwordHash: HASH,
    tier: 'young',
    ...over,
  },
});
const deactivated: UserEvent = { type: 'UserDeactivated', data: { reason: 'left the district' } };

describe('registering a user', () => {
  it('an admin registers a user in their subtree with roles and a starting tier', () => {
    given(d).when(register(), cityAdmin).then([registered()]);
    given(d).when(register(), districtAdminA).then([registered()]);
  });

  it('keeps roles in one order without duplicates, so equal sets compare equal', () => {
    given(d)
      .when(register({ roles: ['reviewer', 'teacher', 'reviewer'] }), cityAdmin)
      .then([registered({ roles: ['teacher', 'reviewer'] })]);
  });

  it("refuses a registration outside the admin's subtree (DOMAIN.md: an admin only in their unit and below)", () => {
    given(d)
      .when(register({ unit: schoolB }), districtAdminA)
      .thenRefuses('outside_admin_scope');
  });

  it('refuses a registration by anyone but an admin', () => {
    for (const actorRole of ['teacher', 'mentor', 'reviewer', 'chair']) {
      given(d)
        .when(register(), { ...cityAdmin, actorRole })
        .thenRefuses('admin_only');
    }
  });

  it.each([
    ['too short', 'wa'],
    ['upper case', 'Wang.Wei'],
    ['starting with a digit', '1wang'],
    ['a space', 'wang wei'],
    ['a slash', 'wang/wei'],
    ['too long', 'w'.repeat(33)],
    ['non-ASCII', '王伟'],
  ])('refuses a username with %s', (_label, username) => {
    given(d).when(register({ username }), cityAdmin).thenRefuses('invalid_username');
  });

  it('refuses an unknown role, naming it', () => {
    const err = given(d)
      .when(register({ roles: ['teacher', 'principal'] }), cityAdmin)
      .thenRefuses('unknown_role');
    expect(err.details).toEqual({ unknownRoles: ['principal'] });
  });

  it('refuses a user without any role', () => {
    given(d)
      .when(register({ roles: [] }), cityAdmin)
      .thenRefuses('no_roles');
  });

  it('refuses an unknown tier, and a tier for someone who is not a teacher', () => {
    given(d)
      .when(register({ tier: 'expert' }), cityAdmin)
      .thenRefuses('unknown_tier');
    given(d)
      .when(register({ roles: ['admin'], tier: 'master' }), cityAdmin)
      .thenRefuses('tier_needs_teacher');
    given(d)
      .when(register({ roles: ['admin'], tier: null }), cityAdmin)
      .then([registered({ roles: ['admin'], tier: null })]);
  });

  it('records a teacher’s subject (学科) trimmed, refuses a blank or overlong one, and records none when absent', () => {
    given(d)
      .when(register({ subject: ' 初中数学 ' }), cityAdmin)
      .then([registered({ subject: '初中数学' })]);
    given(d)
      .when(register({ subject: '  ' }), cityAdmin)
      .thenRefuses('invalid_subject');
    given(d)
      .when(register({ subject: '数'.repeat(101) }), cityAdmin)
      .thenRefuses('invalid_subject');
    given(d)
      .when(register({ subject: null }), cityAdmin)
      .then([registered()]);
  });

  it('refuses a blank display name and trims the one it keeps', () => {
    given(d)
      .when(register({ displayName: '  ' }), cityAdmin)
      .thenRefuses('invalid_display_name');
    given(d)
      .when(register({ displayName: ' 王伟 ' }), cityAdmin)
      .then([registered()]);
  });

  it('never records a plain password: only a scrypt hash is accepted', () => {
    given(d)
      .when(register({ passwordHash: 'hunter22-plain' }), cityAdmin)
      .thenRefuses('invalid_password_hash');
  });

  it('refuses to register the same user twice', () => {
    given(d, [registered()]).when(register(), cityAdmin).thenRefuses('user_exists');
  });
});

describe('changing a user', () => {
  it('an admin in scope changes roles; the same set again changes nothing', () => {
    given(d, [registered()])
      .when({ type: 'ChangeRoles', roles: ['teacher', 'reviewer'], unit: schoolA }, districtAdminA)
      .then([{ type: 'RolesChanged', data: { roles: ['teacher', 'reviewer'] } }]);
    given(d, [registered()])
      .when({ type: 'ChangeRoles', roles: ['teacher'], unit: schoolA }, districtAdminA)
      .thenNothing();
  });

  it('separation of duties: nobody changes their own roles', () => {
    given(d, [registered({ userId: 'admin-a', roles: ['admin'], tier: null })])
      .when({ type: 'ChangeRoles', roles: ['admin', 'chair'], unit: schoolA }, districtAdminA)
      .thenRefuses('own_roles');
  });

  it("refuses role changes outside the admin's subtree, unknown roles and unknown users", () => {
    given(d, [registered({ orgUnit: 'school-b' })])
      .when({ type: 'ChangeRoles', roles: ['teacher', 'mentor'], unit: schoolB }, districtAdminA)
      .thenRefuses('outside_admin_scope');
    given(d, [registered()])
      .when({ type: 'ChangeRoles', roles: ['boss'], unit: schoolA }, cityAdmin)
      .thenRefuses('unknown_role');
    given(d)
      .when({ type: 'ChangeRoles', roles: ['teacher'], unit: schoolA }, cityAdmin)
      .thenRefuses('user_not_found');
  });

  it('a user changes their own password; an admin in scope may reset it; others may not', () => {
    const changed: UserEvent = { type: 'PasswordChanged', data: { passwordHash: HASH2 } };
    given(d, [registered()])
      .when(
        { type: 'ChangePassword', passwordHash: HASH2, unit: schoolA },
        { actorId: 'u-1', actorRole: 'teacher', orgUnit: 'school-a' },
      )
      .then([changed]);
    given(d, [registered()])
      .when({ type: 'ChangePassword', passwordHash: HASH2, unit: schoolA }, districtAdminA)
      .then([changed]);
    given(d, [registered()])
      .when(
        { type: 'ChangePassword', passwordHash: HASH2, unit: schoolA },
        { actorId: 'u-2', actorRole: 'teacher', orgUnit: 'school-a' },
      )
      .thenRefuses('admin_only');
    given(d, [registered()])
      .when({ type: 'ChangePassword', passwordHash: 'plain', unit: schoolA }, districtAdminA)
      .thenRefuses('invalid_password_hash');
  });

  it('an admin deactivates a user in scope with a reason, once; never their own account', () => {
    given(d, [registered()])
      .when({ type: 'DeactivateUser', reason: ' left the district ', unit: schoolA }, districtAdminA)
      .then([deactivated]);
    given(d, [registered(), deactivated])
      .when({ type: 'DeactivateUser', reason: 'again', unit: schoolA }, districtAdminA)
      .thenNothing();
    given(d, [registered()])
      .when({ type: 'DeactivateUser', reason: ' ', unit: schoolA }, districtAdminA)
      .thenRefuses('reason_required');
    given(d, [registered({ userId: 'admin-a', roles: ['admin'], tier: null })])
      .when({ type: 'DeactivateUser', reason: 'bye', unit: schoolA }, districtAdminA)
      .thenRefuses('own_account');
  });

  it('a deactivated user keeps their roles and password', () => {
    given(d, [registered(), deactivated])
      .when({ type: 'ChangeRoles', roles: ['admin'], unit: schoolA }, cityAdmin)
      .thenRefuses('user_deactivated');
    given(d, [registered(), deactivated])
      .when({ type: 'ChangePassword', passwordHash: HASH2, unit: schoolA }, cityAdmin)
      .thenRefuses('user_deactivated');
  });
});

// DOMAIN.md "Organisation" and "People and roles": a teacher moves to another school and keeps their
// history; the admin who moves them must be over both schools (over their closest common unit).
describe('transferring a user to another unit', () => {
  const schoolA2: UnitFacts = {
    id: 'school-a2',
    level: 'school',
    ancestry: ['prov', 'city', 'district-a', 'school-a2'],
  };
  const transfer = (to: UnitFacts, reason = ' 交流轮岗 ', unit = schoolA): UserCommand => ({
    type: 'TransferUser',
    to,
    reason,
    unit,
  });
  const moved = (to: string, from = 'school-a'): UserEvent => ({
    type: 'UserTransferred',
    data: { fromOrgUnit: from, toOrgUnit: to, reason: '交流轮岗' },
  });

  it('records the earlier and the new unit with the reason, and the state follows the new unit', () => {
    const [event] = given(d, [registered()])
      .when(transfer(schoolA2), districtAdminA)
      .then([moved('school-a2')]);
    const after = given(d, [registered(), event!]).state;
    expect(after).toMatchObject({ exists: true, orgUnit: 'school-a2', roles: ['teacher'], tier: 'young' });
    // A second move starts from where the first one ended.
    given(d, [registered(), event!])
      .when(transfer(schoolB, '交流轮岗', schoolA2), cityAdmin)
      .then([moved('school-b', 'school-a2')]);
  });

  it('between two districts takes an admin over both: the city, not either district', () => {
    given(d, [registered()]).when(transfer(schoolB), districtAdminA).thenRefuses('outside_admin_scope');
    const districtAdminB = { actorId: 'admin-b', actorRole: 'admin', orgUnit: 'district-b' };
    given(d, [registered()]).when(transfer(schoolB), districtAdminB).thenRefuses('outside_admin_scope');
    given(d, [registered()])
      .when(transfer(schoolB), cityAdmin)
      .then([moved('school-b')]);
    // A school's own admin is not over the sister school either.
    const schoolAdmin = { actorId: 'admin-s', actorRole: 'admin', orgUnit: 'school-a' };
    given(d, [registered()]).when(transfer(schoolA2), schoolAdmin).thenRefuses('outside_admin_scope');
  });

  it('refuses non-admins, oneself, the same unit, a blank or long reason, and closed accounts', () => {
    given(d, [registered()])
      .when(transfer(schoolA2), { actorId: 'u-9', actorRole: 'chair', orgUnit: 'city' })
      .thenRefuses('admin_only');
    given(d, [registered({ userId: 'admin-c', roles: ['admin'], tier: null })])
      .when(transfer(schoolA2), { ...cityAdmin, actorId: 'admin-c' })
      .thenRefuses('own_transfer');
    given(d, [registered()]).when(transfer(schoolA), cityAdmin).thenRefuses('same_org_unit');
    given(d, [registered()]).when(transfer(schoolA2, '  '), cityAdmin).thenRefuses('reason_required');
    given(d, [registered()])
      .when(transfer(schoolA2, 'x'.repeat(2001)), cityAdmin)
      .thenRefuses('reason_required');
    given(d, [registered(), deactivated]).when(transfer(schoolA2), cityAdmin).thenRefuses('user_deactivated');
    given(d, [
      registered(),
      {
        type: 'PersonalDataErased',
        data: { reason: 'r', legalBasis: 'b', erasedAt: '2026-01-01T00:00:00Z' },
      },
    ])
      .when(transfer(schoolA2), cityAdmin)
      .thenRefuses('user_erased');
    given(d).when(transfer(schoolA2), cityAdmin).thenRefuses('user_not_found');
  });
});

// DOMAIN.md "Deadlines and reminders": the language a user is written to in (notification emails), zh-CN unless chosen.
describe("a user's language", () => {
  const self = { actorId: 'u-1', actorRole: 'teacher', orgUnit: 'school-a' };
  const toEnglish: UserEvent = { type: 'LocaleChanged', data: { locale: 'en' } };

  it('is recorded at registration only when chosen, and must be zh-CN or en', () => {
    given(d)
      .when(register({ locale: 'en' }), cityAdmin)
      .then([registered({ locale: 'en' })]);
    given(d)
      .when(register({ locale: null }), cityAdmin)
      .then([registered()]);
    given(d)
      .when(register({ locale: 'fr' }), cityAdmin)
      .thenRefuses('unknown_locale');
    given(d)
      .when(register({ locale: 'EN' }), cityAdmin)
      .thenRefuses('unknown_locale');
  });

  it('is changed by the user or an admin over them, once; nobody else', () => {
    given(d, [registered()])
      .when({ type: 'ChangeLocale', locale: 'en', unit: schoolA }, self)
      .then([toEnglish]);
    given(d, [registered()])
      .when({ type: 'ChangeLocale', locale: 'en', unit: schoolA }, districtAdminA)
      .then([toEnglish]);
    // Already the language in force (the default counts): nothing to record.
    given(d, [registered(), toEnglish])
      .when({ type: 'ChangeLocale', locale: 'en', unit: schoolA }, self)
      .thenNothing();
    given(d, [registered()])
      .when({ type: 'ChangeLocale', locale: 'zh-CN', unit: schoolA }, self)
      .thenNothing();
    given(d, [registered({ locale: 'en' })])
      .when({ type: 'ChangeLocale', locale: 'zh-CN', unit: schoolA }, self)
      .then([{ type: 'LocaleChanged', data: { locale: 'zh-CN' } }]);
    given(d, [registered()])
      .when(
        { type: 'ChangeLocale', locale: 'en', unit: schoolA },
        { actorId: 'u-2', actorRole: 'teacher', orgUnit: 'school-a' },
      )
      .thenRefuses('admin_only');
    given(d, [registered()])
      .when({ type: 'ChangeLocale', locale: 'de', unit: schoolA }, self)
      .thenRefuses('unknown_locale');
    given(d, [registered(), deactivated])
      .when({ type: 'ChangeLocale', locale: 'en', unit: schoolA }, districtAdminA)
      .thenRefuses('user_deactivated');
    given(d).when({ type: 'ChangeLocale', locale: 'en', unit: schoolA }, self).thenRefuses('user_not_found');
  });

  it('is kept in the state for the email worker', () => {
    const s = [registered(), toEnglish].reduce(d.evolve, d.initialState);
    expect(s).toMatchObject({ exists: true, locale: 'en' });
    expect([registered()].reduce(d.evolve, d.initialState)).not.toHaveProperty('locale');
  });
});
