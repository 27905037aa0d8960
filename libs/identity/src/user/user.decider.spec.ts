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

describe('rules pinned by mutation testing', () => {
  // A sealed value as personal-data.ts writes it (pd1:<iv>:<ciphertext>:<tag>).
  const SEALED = `pd1:${'A'.repeat(16)}:c2VhbGVk:${'B'.repeat(22)}`;
  const erased: UserEvent = {
    type: 'PersonalDataErased',
    data: { reason: 'r', legalBasis: 'b', erasedAt: '2026-01-01T00:00:00Z' },
  };
  const erase = (reason = ' 本人申请 ', legalBasis = ' 《个人信息保护法》第四十七条 '): UserCommand => ({
    type: 'ErasePersonalData',
    reason,
    legalBasis,
    unit: schoolA,
  });
  const reactivated: UserEvent = { type: 'UserReactivated', data: { reason: 'back' } };

  it('keeps each user on its own user stream; the state follows every change', () => {
    expect(d.category).toBe('user');
    const base = {
      exists: true,
      userId: 'u-1',
      username: 'wang.wei',
      displayName: '王伟',
      orgUnit: 'school-a',
      roles: ['teacher'],
      passwordHash: HASH,
      tier: 'young',
      active: true,
      erased: false,
    };
    expect(given(d, [registered()]).state).toEqual(base);
    expect(
      given(d, [
        registered(),
        { type: 'RolesChanged', data: { roles: ['teacher', 'mentor'] } },
        { type: 'PasswordChanged', data: { passwordHash: HASH2 } },
        deactivated,
      ]).state,
    ).toEqual({ ...base, roles: ['teacher', 'mentor'], passwordHash: HASH2, active: false });
    expect(given(d, [registered(), deactivated, reactivated, erased]).state).toEqual({
      ...base,
      active: true,
      erased: true,
    });
  });

  it('folds no change into a user that was never registered', () => {
    const changes: UserEvent[] = [
      { type: 'RolesChanged', data: { roles: ['teacher'] } },
      { type: 'LocaleChanged', data: { locale: 'en' } },
      { type: 'PasswordChanged', data: { passwordHash: HASH2 } },
      deactivated,
      reactivated,
      erased,
      { type: 'UserTransferred', data: { fromOrgUnit: 'a', toOrgUnit: 'b', reason: 'r' } },
    ];
    for (const e of changes) expect(given(d, [e]).state).toEqual({ exists: false });
  });

  it('lets the system register users anywhere (installation, demo seed)', () => {
    given(d)
      .when(register(), { actorId: 'system', actorRole: 'system', orgUnit: 'system' })
      .then([registered()]);
  });

  it('takes the longest display name and subject, and a sealed display name as it is', () => {
    const name = '王'.repeat(100);
    given(d)
      .when(register({ displayName: name }), cityAdmin)
      .then([registered({ displayName: name })]);
    given(d)
      .when(register({ displayName: 'x'.repeat(101) }), cityAdmin)
      .thenRefuses('invalid_display_name', 'a display name must be 1–100 characters');
    given(d)
      .when(register({ displayName: SEALED }), cityAdmin)
      .then([registered({ displayName: SEALED })]);
    const subject = '数'.repeat(100);
    given(d)
      .when(register({ subject }), cityAdmin)
      .then([registered({ subject })]);
    given(d)
      .when(register({ subject: '' }), cityAdmin)
      .thenRefuses('invalid_subject', 'a subject must be 1–100 characters');
  });

  it('records only sealed personal fields (DOMAIN.md "Audit trail": personal data can be erased)', () => {
    given(d)
      .when(register({ phone: SEALED, email: SEALED, idCardNumber: SEALED }), cityAdmin)
      .then([registered({ phone: SEALED, email: SEALED, idCardNumber: SEALED })]);
    given(d)
      .when(register({ phone: null, email: undefined, idCardNumber: null }), cityAdmin)
      .then([registered()]);
    for (const field of ['phone', 'email', 'idCardNumber'] as const) {
      given(d)
        .when(register({ [field]: '13800000000' }), cityAdmin)
        .thenRefuses('personal_data_not_sealed', `${field} must be sealed before it is recorded`);
    }
  });

  it('an admin over the user erases their personal data once, with a reason and a legal basis', () => {
    given(d, [registered()])
      .when(erase(), districtAdminA)
      .then([
        {
          type: 'PersonalDataErased',
          data: {
            reason: '本人申请',
            legalBasis: '《个人信息保护法》第四十七条',
            erasedAt: '2026-09-01T08:00:00.000Z',
          },
        },
      ]);
    given(d, [registered(), erased]).when(erase(), districtAdminA).thenNothing();
    given(d, [registered()])
      .when(erase('r'.repeat(1000), 'b'.repeat(200)), districtAdminA)
      .then([
        {
          type: 'PersonalDataErased',
          data: {
            reason: 'r'.repeat(1000),
            legalBasis: 'b'.repeat(200),
            erasedAt: '2026-09-01T08:00:00.000Z',
          },
        },
      ]);
    for (const reason of [' ', 'r'.repeat(1001)]) {
      given(d, [registered()])
        .when(erase(reason), districtAdminA)
        .thenRefuses('reason_required', 'say why the data is erased (1–1000 characters)');
    }
    for (const basis of [' ', 'b'.repeat(201)]) {
      given(d, [registered()])
        .when(erase('r', basis), districtAdminA)
        .thenRefuses('legal_basis_required', 'name the legal basis (1–200 characters)');
    }
    given(d, [registered({ orgUnit: 'school-b' })])
      .when({ ...erase(), unit: schoolB } as UserCommand, districtAdminA)
      .thenRefuses('outside_admin_scope', 'an admin may erase personal data only');
    given(d, [registered({ userId: 'admin-a', roles: ['admin'], tier: null })])
      .when(erase(), districtAdminA)
      .thenRefuses('own_personal_data', 'an admin cannot erase their own personal data; another admin must');
    given(d).when(erase(), districtAdminA).thenRefuses('user_not_found', 'no such user');
  });

  it('an admin over the user reactivates a deactivated account once, with a reason; never an erased one', () => {
    const reactivate = (reason = ' back '): UserCommand => ({
      type: 'ReactivateUser',
      reason,
      unit: schoolA,
    });
    given(d, [registered(), deactivated])
      .when(reactivate(), districtAdminA)
      .then([{ type: 'UserReactivated', data: { reason: 'back' } }]);
    given(d, [registered()]).when(reactivate(), districtAdminA).thenNothing();
    given(d, [registered(), deactivated])
      .when(reactivate(' '), districtAdminA)
      .thenRefuses('reason_required', 'say why the user is reactivated');
    given(d, [registered(), deactivated, erased])
      .when(reactivate(), districtAdminA)
      .thenRefuses('user_erased', 'the personal data of this user was erased');
    given(d, [registered({ userId: 'admin-a', roles: ['admin'], tier: null }), deactivated])
      .when(reactivate(), districtAdminA)
      .thenRefuses('own_account', 'an admin cannot reactivate their own account');
    given(d, [registered(), deactivated])
      .when(reactivate(), { actorId: 'c', actorRole: 'chair', orgUnit: 'city' })
      .thenRefuses('admin_only', 'only an admin may reactivate users');
  });

  it('takes a transfer reason of up to 2000 characters, and names the unit the user is already in', () => {
    const schoolA2: UnitFacts = {
      id: 'school-a2',
      level: 'school',
      ancestry: ['prov', 'city', 'district-a', 'school-a2'],
    };
    given(d, [registered()])
      .when({ type: 'TransferUser', to: schoolA2, reason: 'x'.repeat(2000), unit: schoolA }, cityAdmin)
      .then([
        {
          type: 'UserTransferred',
          data: { fromOrgUnit: 'school-a', toOrgUnit: 'school-a2', reason: 'x'.repeat(2000) },
        },
      ]);
    given(d, [registered()])
      .when({ type: 'TransferUser', to: schoolA2, reason: ' ', unit: schoolA }, cityAdmin)
      .thenRefuses('reason_required', 'say why the user moves (1–2000 characters)');
    const same = given(d, [registered()])
      .when({ type: 'TransferUser', to: schoolA, reason: 'r', unit: schoolA }, cityAdmin)
      .thenRefuses('same_org_unit', 'the user already belongs to this org unit');
    expect(same.details).toEqual({ orgUnit: 'school-a' });
    given(d, [registered()])
      .when({ type: 'TransferUser', to: schoolB, reason: 'r', unit: schoolA }, districtAdminA)
      .thenRefuses('outside_admin_scope', 'an admin may transfer users into a unit only');
    given(d, [registered({ orgUnit: 'school-b' })])
      .when({ type: 'TransferUser', to: schoolA, reason: 'r', unit: schoolB }, districtAdminA)
      .thenRefuses('outside_admin_scope', 'an admin may transfer users out of a unit only');
    given(d, [registered({ userId: 'admin-c', roles: ['admin'], tier: null })])
      .when(
        { type: 'TransferUser', to: schoolA2, reason: 'r', unit: schoolA },
        { ...cityAdmin, actorId: 'admin-c' },
      )
      .thenRefuses('own_transfer', 'an admin cannot transfer themselves; another admin must');
    given(d, [registered(), deactivated])
      .when({ type: 'TransferUser', to: schoolA2, reason: 'r', unit: schoolA }, cityAdmin)
      .thenRefuses('user_deactivated', 'this user is deactivated');
  });

  it('changes roles when the set differs only by one added or removed role', () => {
    given(d, [registered({ roles: ['teacher', 'mentor'] })])
      .when({ type: 'ChangeRoles', roles: ['teacher'], unit: schoolA }, districtAdminA)
      .then([{ type: 'RolesChanged', data: { roles: ['teacher'] } }]);
    given(d, [registered()])
      .when({ type: 'ChangeRoles', roles: ['mentor'], unit: schoolA }, districtAdminA)
      .then([{ type: 'RolesChanged', data: { roles: ['mentor'] } }]);
    // As many roles, one of them the same: still a change.
    given(d, [registered({ roles: ['teacher', 'mentor'] })])
      .when({ type: 'ChangeRoles', roles: ['teacher', 'reviewer'], unit: schoolA }, districtAdminA)
      .then([{ type: 'RolesChanged', data: { roles: ['teacher', 'reviewer'] } }]);
  });

  it('says in each refusal why', () => {
    given(d, [registered()])
      .when(register(), cityAdmin)
      .thenRefuses('user_exists', 'this user already exists');
    given(d)
      .when(register({ username: 'Wang' }), cityAdmin)
      .thenRefuses(
        'invalid_username',
        'a username is 3–32 characters: lower-case letters, digits, dot, dash or underscore, starting with a letter',
      );
    given(d)
      .when(register(), { ...cityAdmin, actorRole: 'chair' })
      .thenRefuses('admin_only', 'only an admin may register users');
    given(d)
      .when(register({ roles: ['teacher', 'principal', 'dean'] }), cityAdmin)
      .thenRefuses(
        'unknown_role',
        'unknown role(s): principal, dean; roles are teacher, mentor, reviewer, chair, admin',
      );
    given(d)
      .when(register({ roles: [] }), cityAdmin)
      .thenRefuses('no_roles', 'a user needs at least one role');
    given(d)
      .when(register({ tier: 'expert' }), cityAdmin)
      .thenRefuses('unknown_tier', 'tier must be one of new, young, backbone, leader, master');
    given(d)
      .when(register({ roles: ['admin'], tier: 'master' }), cityAdmin)
      .thenRefuses('tier_needs_teacher', 'only a teacher has a tier');
    given(d)
      .when(register({ passwordHash: 'plain' }), cityAdmin)
      .thenRefuses('invalid_password_hash', 'the password must be hashed before it is recorded');
    given(d)
      .when(register({ locale: 'fr' }), cityAdmin)
      .thenRefuses('unknown_locale', 'locale must be one of zh-CN, en');
    given(d, [registered(), deactivated])
      .when({ type: 'ChangeLocale', locale: 'en', unit: schoolA }, districtAdminA)
      .thenRefuses('user_deactivated', 'this user is deactivated');
    given(d, [registered()])
      .when({ type: 'ChangeLocale', locale: 'en', unit: schoolA }, { actorId: 'u-2', actorRole: 'teacher' })
      .thenRefuses('admin_only', 'only an admin may change the language of users');
    given(d, [registered({ userId: 'admin-a', roles: ['admin'], tier: null })])
      .when({ type: 'ChangeRoles', roles: ['admin', 'chair'], unit: schoolA }, districtAdminA)
      .thenRefuses('own_roles', 'an admin cannot change their own roles; another admin must');
    given(d, [registered()])
      .when({ type: 'ChangeRoles', roles: ['teacher'], unit: schoolA }, { actorId: 'c', actorRole: 'chair' })
      .thenRefuses('admin_only', 'only an admin may change roles');
    given(d, [registered(), deactivated])
      .when({ type: 'ChangeRoles', roles: ['admin'], unit: schoolA }, cityAdmin)
      .thenRefuses('user_deactivated', 'a deactivated user keeps the roles they had');
    given(d, [registered()])
      .when(
        { type: 'ChangePassword', passwordHash: HASH2, unit: schoolA },
        { actorId: 'u-2', actorRole: 'teacher' },
      )
      .thenRefuses('admin_only', 'only an admin may reset passwords');
    given(d, [registered(), deactivated])
      .when({ type: 'ChangePassword', passwordHash: HASH2, unit: schoolA }, cityAdmin)
      .thenRefuses('user_deactivated', 'this user is deactivated');
    given(d, [registered()])
      .when({ type: 'DeactivateUser', reason: 'r', unit: schoolA }, { actorId: 'c', actorRole: 'chair' })
      .thenRefuses('admin_only', 'only an admin may deactivate users');
    given(d, [registered({ userId: 'admin-a', roles: ['admin'], tier: null })])
      .when({ type: 'DeactivateUser', reason: 'bye', unit: schoolA }, districtAdminA)
      .thenRefuses('own_account', 'an admin cannot deactivate their own account');
    given(d, [registered()])
      .when({ type: 'DeactivateUser', reason: ' ', unit: schoolA }, districtAdminA)
      .thenRefuses('reason_required', 'say why the user is deactivated');
    given(d, [registered(), erased])
      .when({ type: 'TransferUser', to: schoolB, reason: 'r', unit: schoolA }, cityAdmin)
      .thenRefuses('user_erased', 'the personal data of this user was erased');
  });
});
