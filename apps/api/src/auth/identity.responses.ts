import { LOCALES, ORG_LEVELS, ROLES, TEACHER_TIERS } from '#libs/identity';
import { arr, bool, dateTime, int, named, nullable, obj, oneOf, str, uuid } from '../http/openapi-schema.js';

// What the identity endpoints answer (auth.controller.ts, users.controller.ts, org-units.controller.ts).

const role = oneOf(ROLES);
const tier = oneOf(TEACHER_TIERS);
const written = {
  version: int({ minimum: 0 }),
  duplicate: bool(),
  readModelCaughtUp: bool(),
};

export const LoginAnswer = named(
  'LoginAnswer',
  obj({
    accessToken: str({ description: 'Send it as `Authorization: Bearer <token>`.' }),
    tokenType: oneOf(['Bearer']),
    expiresIn: int({ description: 'Seconds the token is valid.' }),
    user: obj({
      id: str(),
      username: str(),
      displayName: str(),
      roles: arr(role),
      orgUnit: str(),
    }),
  }),
);

export const Me = named(
  'Me',
  obj(
    {
      id: str(),
      username: str(),
      displayName: str(),
      roles: arr(role),
      orgUnit: str(),
      orgUnitName: str({ description: 'The name of the caller’s org unit.' }),
      role: { ...role, description: 'The role this request acts in (X-Act-As, or the route’s first).' },
      locale: oneOf(LOCALES),
    },
    { description: 'The caller as their session says.' },
  ),
);

export const SessionAnswer = named(
  'SessionAnswer',
  obj({
    user: obj({
      id: str(),
      username: str(),
      displayName: str(),
      roles: arr(role),
      orgUnit: str(),
      orgUnitName: str(),
      locale: oneOf(LOCALES),
    }),
  }),
);

export const OrgUnit = named(
  'OrgUnit',
  obj({
    id: str(),
    parentId: nullable(str()),
    level: oneOf(ORG_LEVELS),
    name: str(),
    path: str({ description: 'The ids from the province down, `/<province>/<city>/…/`.' }),
  }),
);

export const OrgUnitList = named(
  'OrgUnitList',
  obj({ items: arr(OrgUnit), limit: int({ minimum: 1, maximum: 500 }) }),
);

export const OrgUnitCreated = named(
  'OrgUnitCreated',
  obj(
    { id: str(), name: str(), level: oneOf(ORG_LEVELS), parentId: nullable(str()), ...written },
    { optional: ['name', 'level', 'parentId'] },
  ),
);

export const UserRegistered = named(
  'UserRegistered',
  obj(
    {
      id: str(),
      username: str(),
      displayName: str(),
      orgUnit: str(),
      roles: arr(role),
      tier: nullable(tier),
      active: bool(),
      locale: oneOf(LOCALES),
      ...written,
    },
    { optional: ['username', 'displayName', 'orgUnit', 'roles', 'tier', 'active', 'locale'] },
  ),
);

export const User = named(
  'User',
  obj(
    {
      id: uuid(),
      username: str(),
      displayName: str({ description: '已删除 once the personal data is erased.' }),
      orgUnit: str(),
      schoolId: nullable(str()),
      roles: arr(role),
      tier: nullable(tier),
      active: bool(),
      phone: str(),
      email: str(),
      idCardNumber: str(),
      erasedAt: dateTime(),
      locale: oneOf(LOCALES),
      subject: str({ description: '学科, when recorded' }),
      version: int(),
    },
    {
      optional: ['phone', 'email', 'idCardNumber', 'erasedAt', 'locale', 'subject'],
      description: 'Personal fields and the language appear only when there is something to show.',
    },
  ),
);

export const UserErased = named('UserErased', obj({ id: uuid(), erased: bool(), ...written }));

export const LocaleChanged = named('LocaleChanged', obj({ id: uuid(), locale: oneOf(LOCALES), ...written }));

export const UserListItem = named(
  'UserListItem',
  obj({
    id: uuid(),
    username: str(),
    displayName: str(),
    orgUnit: str(),
    orgUnitName: nullable(str()),
    schoolId: nullable(str()),
    schoolName: nullable(str()),
    roles: arr(role),
    tier: nullable(tier),
    subject: nullable(str()),
    active: bool(),
    locale: oneOf(LOCALES),
    version: int(),
  }),
);

export const UserList = named(
  'UserList',
  obj({
    items: arr(UserListItem),
    total: int({ minimum: 0, description: 'How many users match, over every page.' }),
    limit: int({ minimum: 1, maximum: 200 }),
    offset: int({ minimum: 0 }),
  }),
);

export const UserChanged = named(
  'UserChanged',
  obj({
    id: uuid(),
    roles: arr(role),
    active: bool(),
    sessionsEnded: bool({ description: 'Whether the user’s sessions were ended (they sign in again).' }),
    ...written,
  }),
);

export const UserTransferred = named(
  'UserTransferred',
  obj({
    id: uuid(),
    orgUnit: str({ description: 'The unit the user belongs to now.' }),
    sessionsEnded: bool({ description: 'Whether the user’s sessions were ended (they sign in again).' }),
    ...written,
  }),
);

export const UserUnitPeriod = named(
  'UserUnitPeriod',
  obj({
    orgUnit: str(),
    orgUnitName: nullable(str()),
    level: nullable(oneOf(ORG_LEVELS)),
    since: dateTime({ description: 'When the user joined the unit (registration or transfer).' }),
    until: nullable(dateTime({ description: 'When they left it; null for the unit they are in now.' })),
    reason: nullable(str({ description: 'Why they moved into it; null at registration.' })),
    movedBy: nullable(str({ description: 'The admin who moved them into it; null at registration.' })),
    movedByName: nullable(str()),
  }),
);

export const UserUnitHistory = named(
  'UserUnitHistory',
  obj({
    id: uuid(),
    items: arr(UserUnitPeriod, { description: 'Oldest first; the last is the current unit.' }),
  }),
);
