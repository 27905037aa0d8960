import { randomUUID } from 'node:crypto';
import {
  DomainError,
  eventIdFor,
  migrate,
  PostgresEventStore,
  runCommand,
  type CommandMetadata,
} from '#libs/event-store';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { createOrgUnit } from '../org-unit/org-unit.handler.js';
import { hashPassword } from '../password/password-hasher.js';
import { authenticate } from '../login/authenticate.js';
import { LoginThrottle } from '../login/login-throttle.js';
import { migrateIdentity } from '../migrations/identity.migrations.js';
import { changeUser, registerUser, ORPHANED_RESERVATION_MS, type RegisterUserInput } from './user.handler.js';
import { usernameDecider } from './username.decider.js';

// Registration in two appends (reservation, then user) on a real PostgreSQL server: what happens when
// the second append never happens (DOMAIN.md "People and roles": usernames unique across processes).
describe('registerUser on PostgreSQL', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let schoolId: string;
  let hash: string;
  const T0 = new Date('2026-09-01T08:00:00.000Z');
  const meta = (over: Partial<CommandMetadata> = {}): CommandMetadata => ({
    commandId: randomUUID(),
    actorId: 'system',
    actorRole: 'system',
    orgUnit: 'system',
    correlationId: randomUUID(),
    now: T0,
    ...over,
  });
  const input = (over: Partial<RegisterUserInput> = {}): RegisterUserInput => ({
    userId: randomUUID(),
    username: `u.${randomUUID().slice(0, 8)}`,
    displayName: '王伟',
    orgUnit: schoolId,
    roles: ['teacher'],
    tier: 'young',
    passwordHash: hash,
    ...over,
  });
  /** The first attempt of `m` died right after its reservation: as registerUser would have written it. */
  const reserveOnly = (i: RegisterUserInput, m: CommandMetadata) =>
    runCommand(
      store,
      usernameDecider,
      i.username,
      { type: 'ReserveUsername', username: i.username, userId: i.userId },
      {
        ...m,
        commandId: eventIdFor(`${m.commandId}:username`, 0),
        causationId: m.commandId,
      },
    );

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    await migrate(db.pool);
    await migrateIdentity(db.pool);
    await migrateIdentity(db.pool); // idempotent
    store = new PostgresEventStore(db.pool);
    hash = await hashPassword('x', { N: 1024, r: 8, p: 1 });
    const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await createOrgUnit(store, ids[0]!, { name: 'P', level: 'province', parentId: null }, meta());
    await createOrgUnit(store, ids[1]!, { name: 'C', level: 'city', parentId: ids[0]! }, meta());
    await createOrgUnit(store, ids[2]!, { name: 'D', level: 'district', parentId: ids[1]! }, meta());
    await createOrgUnit(store, ids[3]!, { name: 'S', level: 'school', parentId: ids[2]! }, meta());
    schoolId = ids[3]!;
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('a retry of the same command completes a registration whose second append never happened', async () => {
    const i = input();
    const m = meta();
    await reserveOnly(i, m);
    expect(await store.streamInfo(`user-${i.userId}`)).toBeNull();
    const outcome = await registerUser(store, i, { ...m, now: new Date(T0.getTime() + 1000) });
    expect(outcome.streamId).toBe(`user-${i.userId}`);
    expect(outcome.events.map((e) => e.type)).toEqual(['UserRegistered']);
    // And retrying once more stores nothing new.
    const again = await registerUser(store, i, m);
    expect(again.duplicate).toBe(true);
    expect((await store.readStream(`user-${i.userId}`)).length).toBe(1);
    expect((await store.readStream(`username-${i.username}`)).length).toBe(1);
  });

  it('a registration that was never retried: another one for the name completes it under the reserved id, once stale', async () => {
    const abandoned = input();
    await reserveOnly(abandoned, meta());
    const later = input({ username: abandoned.username, displayName: '李敏' });
    // While the first might still be in flight, the name is taken.
    await expect(
      registerUser(store, later, meta({ now: new Date(T0.getTime() + 5_000) })),
    ).rejects.toMatchObject({ code: 'username_taken' });
    const outcome = await registerUser(
      store,
      later,
      meta({ now: new Date(T0.getTime() + ORPHANED_RESERVATION_MS + 1) }),
    );
    expect(outcome.streamId).toBe(`user-${abandoned.userId}`);
    expect(outcome.state).toMatchObject({ exists: true, username: abandoned.username, displayName: '李敏' });
    expect(await store.streamInfo(`user-${later.userId}`)).toBeNull();
  });

  it('a refused registration leaves no reservation behind', async () => {
    const i = input({ roles: ['principal'] });
    await expect(registerUser(store, i, meta())).rejects.toBeInstanceOf(DomainError);
    expect(await store.streamInfo(`username-${i.username}`)).toBeNull();
  });

  it('a taken username is a conflict; the winner keeps it', async () => {
    const first = input();
    await registerUser(store, first, meta());
    const err = await registerUser(
      store,
      input({ username: first.username }),
      meta({ now: new Date(T0.getTime() + 3_600_000) }),
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'conflict', code: 'username_taken' });
  });

  it('a deactivated user can no longer log in; a changed password replaces the old one', async () => {
    const password = 'old-password-1';
    const i = input({ passwordHash: await hashPassword(password, { N: 1024, r: 8, p: 1 }) });
    await registerUser(store, i, meta());
    const throttle = new LoginThrottle(db.pool);
    const attempt = (pw: string) =>
      authenticate(
        { store, throttle },
        { username: i.username, password: pw, ip: '10.0.0.1', now: new Date() },
      );
    expect(await attempt(password)).toMatchObject({ ok: true, user: { userId: i.userId } });
    const self = { actorId: i.userId, actorRole: 'teacher', orgUnit: schoolId };
    await changeUser(store, i.userId, { type: 'ChangePassword', password: 'new-password-2' }, meta(self));
    expect(await attempt(password)).toEqual({ ok: false, reason: 'invalid_credentials' });
    expect(await attempt('new-password-2')).toMatchObject({ ok: true });
    await changeUser(store, i.userId, { type: 'DeactivateUser', reason: 'left the school' }, meta());
    expect(await attempt('new-password-2')).toEqual({ ok: false, reason: 'invalid_credentials' });
  });
});
