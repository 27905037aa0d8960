import {
  forbidden,
  refuse,
  type CommandMetadata,
  type DomainEvent,
  type StreamDecider,
} from '#libs/event-store';
import {
  DEFAULT_LOCALE,
  DISPLAY_NAME_MAX,
  LOCALES,
  ROLES,
  TEACHER_TIERS,
  USERNAME_PATTERN,
  isLocale,
  type Locale,
  type OrgLevel,
  type Role,
  type TeacherTier,
} from '../identity.model.js';
import { requireAdminOver } from '../org-unit/org-unit.decider.js';
import { PASSWORD_HASH_PATTERN } from '../password/password-hasher.js';
import { isEnvelope } from '../personal-data/personal-data.js';

/** Caps of an erasure request's texts. */
/** 学科 as offices write it (初中数学, 小学语文 …): the same cap as an application's subject. */
const SUBJECT_MAX = 100;

export const ERASURE_REASON_MAX = 1000;
export const LEGAL_BASIS_MAX = 200;
/** Cap of a transfer's reason, as the other reasons an office writes (UI.md §1.7: 2000 max). */
export const TRANSFER_REASON_MAX = 2000;

/** What the handler read about a user's org unit (from the `orgunit-…` streams) before deciding. */
export interface UnitFacts {
  id: string;
  level: OrgLevel;
  /** Ids from the province down to and including the unit. */
  ancestry: string[];
}

export type UserCommand =
  | {
      type: 'RegisterUser';
      /** The stream's id, kept in the event too so a user's state knows who it is (self checks). */
      userId: string;
      username: string;
      displayName: string;
      unit: UnitFacts;
      roles: readonly string[];
      /** Already hashed by the handler: a plain password never reaches a decider or an event. */
      passwordHash: string;
      tier: string | null;
      /**
       * Personal fields, sealed by the handler (personal-data.ts) before they reach the decider: only
       * ciphertext is ever recorded. `displayName` may still be plain text for callers that do not seal
       * (the demo seed); the optional ones must be sealed.
       */
      phone?: string | null;
      email?: string | null;
      idCardNumber?: string | null;
      /** The language written to the user in (emails); absent: DEFAULT_LOCALE. */
      locale?: string | null;
      /** The subject a teacher teaches (学科), as offices list it; absent: none recorded. */
      subject?: string | null;
    }
  | { type: 'ChangeLocale'; locale: string; unit: UnitFacts }
  | { type: 'ErasePersonalData'; reason: string; legalBasis: string; unit: UnitFacts }
  | { type: 'ChangeRoles'; roles: readonly string[]; unit: UnitFacts }
  | { type: 'ChangePassword'; passwordHash: string; unit: UnitFacts }
  | { type: 'DeactivateUser'; reason: string; unit: UnitFacts }
  | { type: 'ReactivateUser'; reason: string; unit: UnitFacts }
  /** `unit`: the user's present unit; `to`: the unit they move to (both read from the streams). */
  | { type: 'TransferUser'; to: UnitFacts; reason: string; unit: UnitFacts };

export type UserEvent =
  | DomainEvent<
      'UserRegistered',
      {
        userId: string;
        username: string;
        /**
         * Sealed with the person's key (`pd1:…` envelope, personal-data.ts) since personal data was sealed (DOMAIN.md "Audit trail"); plain text in
         * events recorded before, which reads unchanged. Open it with PersonalData.open.
         */
        displayName: string;
        /** Sealed, like displayName; absent when not given (and in events recorded before personal data was sealed). */
        phone?: string | null;
        email?: string | null;
        idCardNumber?: string | null;
        orgUnit: string;
        roles: Role[];
        // The scrypt hash, never the password. It is personal data all the same: the personal-data
        // erasure (DOMAIN.md "Audit trail": erase on a lawful request without breaking the
        // history) must revisit it together with displayName.
        passwordHash: string;
        /** The tier at registration (DOMAIN.md ladder); the ladder context owns later changes. */
        tier: TeacherTier | null;
        /** The language chosen at registration; absent (also in events recorded before): DEFAULT_LOCALE. */
        locale?: Locale;
        /** The subject taught (学科), plain text (not personal data); absent when not given. */
        subject?: string;
      }
    >
  | DomainEvent<'RolesChanged', { roles: Role[] }>
  | DomainEvent<'LocaleChanged', { locale: Locale }>
  | DomainEvent<'PasswordChanged', { passwordHash: string }>
  | DomainEvent<'UserDeactivated', { reason: string }>
  /** A deactivated account opened again by an admin over it; it signs in with the password it had. */
  | DomainEvent<'UserReactivated', { reason: string }>
  /**
   * The user moved to another org unit (a teacher to another school). The earlier unit stays in the
   * event, so the user's history keeps every unit they belonged to and since when.
   */
  | DomainEvent<'UserTransferred', { fromOrgUnit: string; toOrgUnit: string; reason: string }>
  /**
   * A lawful request to erase the user's personal data (DOMAIN.md "Audit trail"). The event records
   * the request; the erasure itself is the destruction of the person's key (see erasure.ts). The events
   * holding the sealed data stay as they are, so the hash chain still verifies.
   */
  | DomainEvent<'PersonalDataErased', { reason: string; legalBasis: string; erasedAt: string }>;

export type UserState =
  | { exists: false }
  | {
      exists: true;
      userId: string;
      username: string;
      displayName: string;
      orgUnit: string;
      roles: Role[];
      passwordHash: string;
      tier: TeacherTier | null;
      active: boolean;
      /** Its personal data was erased: the sealed fields in this state can no longer be opened. */
      erased: boolean;
      phone?: string | null;
      email?: string | null;
      idCardNumber?: string | null;
      /** Absent when never chosen: DEFAULT_LOCALE applies. */
      locale?: Locale;
    };

function checkLocale(locale: string): Locale {
  if (!isLocale(locale)) throw refuse('unknown_locale', `locale must be one of ${LOCALES.join(', ')}`);
  return locale;
}

/** Unknown roles refused; duplicates dropped; kept in the ROLES order so equal sets compare equal. */
function checkRoles(roles: readonly string[]): Role[] {
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length > 0) {
    throw refuse('unknown_role', `unknown role(s): ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`, {
      unknownRoles: unknown,
    });
  }
  // DOMAIN.md "People and roles": every user acts in at least one role.
  if (roles.length === 0) throw refuse('no_roles', 'a user needs at least one role');
  return ROLES.filter((r) => roles.includes(r));
}

function checkHash(hash: string): void {
  if (!PASSWORD_HASH_PATTERN.test(hash))
    throw refuse('invalid_password_hash', 'the password must be hashed before it is recorded');
}

function requireUser(s: UserState): asserts s is Extract<UserState, { exists: true }> {
  if (!s.exists) throw refuse('user_not_found', 'no such user');
}

export const userDecider: StreamDecider<UserCommand, UserEvent, UserState> = {
  category: 'user',
  initialState: { exists: false },

  evolve(s, e) {
    switch (e.type) {
      case 'UserRegistered':
        return { exists: true, ...e.data, active: true, erased: false };
      case 'RolesChanged':
        return s.exists ? { ...s, roles: e.data.roles } : s;
      case 'LocaleChanged':
        return s.exists ? { ...s, locale: e.data.locale } : s;
      case 'PasswordChanged':
        return s.exists ? { ...s, passwordHash: e.data.passwordHash } : s;
      case 'UserDeactivated':
        return s.exists ? { ...s, active: false } : s;
      case 'UserReactivated':
        return s.exists ? { ...s, active: true } : s;
      case 'PersonalDataErased':
        return s.exists ? { ...s, erased: true } : s;
      case 'UserTransferred':
        return s.exists ? { ...s, orgUnit: e.data.toOrgUnit } : s;
    }
  },

  decide(c, s, meta) {
    return decideUser(c, s, meta);
  },
};

function decideUser(c: UserCommand, s: UserState, meta: CommandMetadata): UserEvent[] {
  switch (c.type) {
    case 'RegisterUser': {
      if (s.exists) throw refuse('user_exists', 'this user already exists');
      requireAdminOver(c.unit.ancestry, meta, 'register users');
      if (!USERNAME_PATTERN.test(c.username)) {
        throw refuse(
          'invalid_username',
          'a username is 3–32 characters: lower-case letters, digits, dot, dash or underscore, starting with a letter',
        );
      }
      // A sealed name was checked as plain text by the handler; a plain one (unsealed callers) here.
      const displayName = isEnvelope(c.displayName) ? c.displayName : c.displayName.trim();
      if (!isEnvelope(displayName) && (displayName.length === 0 || displayName.length > DISPLAY_NAME_MAX)) {
        throw refuse('invalid_display_name', `a display name must be 1–${DISPLAY_NAME_MAX} characters`);
      }
      const sealed: { phone?: string; email?: string; idCardNumber?: string } = {};
      for (const field of ['phone', 'email', 'idCardNumber'] as const) {
        const v = c[field];
        if (v === undefined || v === null) continue;
        if (!isEnvelope(v))
          throw refuse('personal_data_not_sealed', `${field} must be sealed before it is recorded`);
        sealed[field] = v;
      }
      const roles = checkRoles(c.roles);
      let tier: TeacherTier | null = null;
      if (c.tier !== null) {
        if (!(TEACHER_TIERS as readonly string[]).includes(c.tier)) {
          throw refuse('unknown_tier', `tier must be one of ${TEACHER_TIERS.join(', ')}`);
        }
        // DOMAIN.md ladder: tiers are a teacher's progression.
        if (!roles.includes('teacher')) throw refuse('tier_needs_teacher', 'only a teacher has a tier');
        tier = c.tier as TeacherTier;
      }
      checkHash(c.passwordHash);
      // Recorded only when chosen, so a registration without one reads exactly as before.
      const locale = c.locale === undefined || c.locale === null ? null : checkLocale(c.locale);
      const subject = c.subject === undefined || c.subject === null ? null : c.subject.trim();
      if (subject !== null && (subject.length === 0 || subject.length > SUBJECT_MAX))
        throw refuse('invalid_subject', `a subject must be 1–${SUBJECT_MAX} characters`);
      return [
        {
          type: 'UserRegistered',
          data: {
            userId: c.userId,
            username: c.username,
            displayName,
            ...sealed,
            orgUnit: c.unit.id,
            roles,
            passwordHash: c.passwordHash,
            tier,
            ...(locale ? { locale } : {}),
            ...(subject ? { subject } : {}),
          },
        },
      ];
    }

    case 'ChangeLocale': {
      requireUser(s);
      // A user chooses their own language; an admin over them may set it (e.g. when registering staff).
      if (meta.actorId !== s.userId) requireAdminOver(c.unit.ancestry, meta, 'change the language of users');
      if (!s.active) throw refuse('user_deactivated', 'this user is deactivated');
      const locale = checkLocale(c.locale);
      if (locale === (s.locale ?? DEFAULT_LOCALE)) return [];
      return [{ type: 'LocaleChanged', data: { locale } }];
    }

    case 'ErasePersonalData': {
      requireUser(s);
      requireAdminOver(c.unit.ancestry, meta, 'erase personal data');
      // Separation of duties: a request about an admin's own data is carried out by another admin.
      if (meta.actorId === s.userId)
        throw forbidden(
          'own_personal_data',
          'an admin cannot erase their own personal data; another admin must',
        );
      if (s.erased) return [];
      const reason = c.reason.trim();
      if (reason.length === 0 || reason.length > ERASURE_REASON_MAX)
        throw refuse('reason_required', `say why the data is erased (1–${ERASURE_REASON_MAX} characters)`);
      const legalBasis = c.legalBasis.trim();
      if (legalBasis.length === 0 || legalBasis.length > LEGAL_BASIS_MAX)
        throw refuse('legal_basis_required', `name the legal basis (1–${LEGAL_BASIS_MAX} characters)`);
      return [{ type: 'PersonalDataErased', data: { reason, legalBasis, erasedAt: meta.now.toISOString() } }];
    }

    case 'ChangeRoles': {
      requireUser(s);
      requireAdminOver(c.unit.ancestry, meta, 'change roles');
      // Separation of duties (DOMAIN.md "People and roles"): nobody grants or removes their own roles.
      if (meta.actorId === s.userId) {
        throw forbidden('own_roles', 'an admin cannot change their own roles; another admin must');
      }
      if (!s.active) throw refuse('user_deactivated', 'a deactivated user keeps the roles they had');
      const roles = checkRoles(c.roles);
      if (roles.length === s.roles.length && roles.every((r, i) => r === s.roles[i])) return [];
      return [{ type: 'RolesChanged', data: { roles } }];
    }

    case 'ChangePassword': {
      requireUser(s);
      // A user changes their own password; an admin in scope may reset it.
      if (meta.actorId !== s.userId) requireAdminOver(c.unit.ancestry, meta, 'reset passwords');
      if (!s.active) throw refuse('user_deactivated', 'this user is deactivated');
      checkHash(c.passwordHash);
      return [{ type: 'PasswordChanged', data: { passwordHash: c.passwordHash } }];
    }

    case 'DeactivateUser': {
      requireUser(s);
      requireAdminOver(c.unit.ancestry, meta, 'deactivate users');
      if (meta.actorId === s.userId)
        throw forbidden('own_account', 'an admin cannot deactivate their own account');
      if (!s.active) return [];
      const reason = c.reason.trim();
      if (reason.length === 0) throw refuse('reason_required', 'say why the user is deactivated');
      return [{ type: 'UserDeactivated', data: { reason } }];
    }

    case 'ReactivateUser': {
      requireUser(s);
      requireAdminOver(c.unit.ancestry, meta, 'reactivate users');
      if (meta.actorId === s.userId)
        throw forbidden('own_account', 'an admin cannot reactivate their own account');
      // An erased person's account stays closed: their name can no longer be read, nor their consent asked.
      if (s.erased) throw refuse('user_erased', 'the personal data of this user was erased');
      if (s.active) return [];
      const reason = c.reason.trim();
      if (reason.length === 0) throw refuse('reason_required', 'say why the user is reactivated');
      return [{ type: 'UserReactivated', data: { reason } }];
    }

    case 'TransferUser': {
      requireUser(s);
      // DOMAIN.md "an admin sees only their org unit and the units below it": a transfer takes the user
      // out of one unit and into another, so the admin must be over both — which is the same as being
      // over the closest unit that contains both (their common ancestor). A school moves its teacher to
      // a sister school through its district; between districts it takes the city.
      requireAdminOver(c.unit.ancestry, meta, 'transfer users out of a unit');
      requireAdminOver(c.to.ancestry, meta, 'transfer users into a unit');
      // Separation of duties, as for roles: moving oneself would change one's own scope.
      if (meta.actorId === s.userId)
        throw forbidden('own_transfer', 'an admin cannot transfer themselves; another admin must');
      if (s.erased) throw refuse('user_erased', 'the personal data of this user was erased');
      if (!s.active) throw refuse('user_deactivated', 'this user is deactivated');
      if (c.to.id === s.orgUnit)
        throw refuse('same_org_unit', 'the user already belongs to this org unit', { orgUnit: c.to.id });
      const reason = c.reason.trim();
      if (reason.length === 0 || reason.length > TRANSFER_REASON_MAX)
        throw refuse('reason_required', `say why the user moves (1–${TRANSFER_REASON_MAX} characters)`);
      return [{ type: 'UserTransferred', data: { fromOrgUnit: s.orgUnit, toOrgUnit: c.to.id, reason } }];
    }
  }
}
