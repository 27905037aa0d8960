import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  DomainError,
  eventIdFor,
  loadState,
  refuse,
  runCommand,
  type CommandMetadata,
  type CommandOutcome,
  type EventStore,
} from '#libs/event-store';
import { EVENT_STORE } from '#libs/platform';
import { loadUnitFacts } from '../org-unit/org-unit.handler.js';
import { hashPassword } from '../password/password-hasher.js';
import { PersonalData, type PersonalSealer } from '../personal-data/personal-data.js';
import { checkPersonalFields, sealPersonalFields } from '../personal-data/personal-fields.js';
import { SessionStore, type SessionEndReason } from '../session/sessions.js';
import { userDecider, type UnitFacts, type UserCommand, type UserState } from './user.decider.js';
import { usernameDecider, usernameTaken } from './username.decider.js';

export interface RegisterUserInput {
  userId: string;
  username: string;
  displayName: string;
  orgUnit: string;
  roles: readonly string[];
  tier: string | null;
  passwordHash: string;
  /** Optional personal fields, plain text here: sealed before anything is recorded. */
  phone?: string | null;
  email?: string | null;
  idCardNumber?: string | null;
  /** 'zh-CN' or 'en' (identity.model.ts LOCALES); absent or null: the default, zh-CN. */
  locale?: string | null;
  /** 学科, plain text (not personal data). */
  subject?: string | null;
}

/**
 * A reservation whose user stream is still empty this long after it was made is taken to be left over
 * from a registration that failed between its two appends and was never retried.
 */
export const ORPHANED_RESERVATION_MS = 60_000;

/**
 * Registers a user in two appends: the username reservation (`username-<name>`, expected `no_stream`),
 * then the user stream (`user-<id>`, expected `no_stream`). See username.decider.ts for why.
 *
 * Failure between the two appends: the reservation names the user id, so
 * - a retry of the same command (same commandId, hence same user id) finds its own reservation and
 *   completes the registration;
 * - a later registration of the same name, once the reservation is older than ORPHANED_RESERVATION_MS
 *   and its user stream still empty, completes the registration under the reserved id (there can never
 *   be two users with one name: the reservation never changes owner, and a user stream takes one
 *   UserRegistered, with `no_stream`, so of two such completions exactly one lands).
 */
export async function registerUser(
  store: EventStore,
  input: RegisterUserInput,
  meta: CommandMetadata,
  options: {
    unit?: UnitFacts;
    orphanedAfterMs?: number;
    /**
     * Seals the personal fields with the user's key (DOMAIN.md "Audit trail"). The API always passes it. Without it
     * the name is recorded as plain text (the demo seed, whose people are made up) and the other
     * personal fields are refused: they are never recorded unsealed.
     */
    personalData?: PersonalSealer;
    /**
     * The user id and username were never used, save by an earlier run of this very registration (the
     * demo seed, whose ids derive from fixed names): no stream is read before its append, as with
     * RunOptions.fresh. The store answers an earlier run's append of the same events as a retry (their
     * ids derive from the command id); anything else there makes the append conflict, and the stream is
     * then read and decided on as usual. Three reads less per user.
     */
    fresh?: boolean;
  } = {},
): Promise<CommandOutcome<UserState>> {
  const fresh = options.fresh === true;
  const existing = fresh
    ? { state: userDecider.initialState, events: [] }
    : await loadState(store, userDecider, `user-${input.userId}`);
  // Validated as plain text, before sealing (the decider only sees ciphertext).
  const plain = checkPersonalFields(input);
  if (!options.personalData && (plain.phone || plain.email || plain.idCardNumber)) {
    throw new Error('registerUser: phone, email and ID-card number need options.personalData to seal them');
  }
  const command = (
    userId: string,
    unit: UnitFacts,
    personal: Pick<
      UserCommand & { type: 'RegisterUser' },
      'displayName' | 'phone' | 'email' | 'idCardNumber'
    > = {
      displayName: plain.displayName,
    },
  ): UserCommand => ({
    type: 'RegisterUser',
    userId,
    username: input.username,
    ...personal,
    unit,
    roles: input.roles,
    passwordHash: input.passwordHash,
    tier: input.tier,
    locale: input.locale ?? null,
    subject: input.subject ?? null,
  });
  // Sealed for the stream's owner: the person id is the key's id and the envelope's associated data.
  const sealed = async (userId: string) =>
    options.personalData ? sealPersonalFields(options.personalData, userId, plain) : undefined;
  const unit = options.unit ?? (await loadUnitFacts(store, input.orgUnit));
  if (existing.events.some((e) => e.metadata.commandId === meta.commandId)) {
    // A retry of a registration that already landed: the runner answers it as the first time.
    return runCommand(store, userDecider, input.userId, command(input.userId, unit), meta);
  }
  if (existing.state.exists) throw refuse('user_exists', 'this user already exists');

  // Decide once before reserving, so a refused registration leaves no reservation behind.
  userDecider.decide(command(input.userId, unit), userDecider.initialState, meta);

  let owner = input.userId;
  try {
    await runCommand(
      store,
      usernameDecider,
      input.username,
      { type: 'ReserveUsername', username: input.username, userId: input.userId },
      // Its own command id: event ids derive from it and must differ from the user stream's.
      { ...meta, commandId: eventIdFor(`${meta.commandId}:username`, 0), causationId: meta.commandId },
      { fresh },
    );
  } catch (err) {
    if (!(err instanceof DomainError && err.code === 'username_taken')) throw err;
    owner = await orphanedOwner(
      store,
      input.username,
      meta.now,
      options.orphanedAfterMs ?? ORPHANED_RESERVATION_MS,
    );
  }
  try {
    return await runCommand(store, userDecider, owner, command(owner, unit, await sealed(owner)), meta, {
      // An orphaned reservation's owner (not this id) may well have a stream: read it.
      fresh: fresh && owner === input.userId,
    });
  } catch (err) {
    // Someone else completed the registration under this reservation first.
    if (err instanceof DomainError && err.code === 'user_exists') throw usernameTaken(input.username);
    throw err;
  }
}

async function orphanedOwner(
  store: EventStore,
  username: string,
  now: Date,
  afterMs: number,
): Promise<string> {
  const { state } = await loadState(store, usernameDecider, `username-${username}`);
  if (state.reserved && now.getTime() - Date.parse(state.reservedAt) >= afterMs) {
    if ((await store.streamInfo(`user-${state.userId}`)) === null) return state.userId;
  }
  throw usernameTaken(username);
}

export type UserChange =
  | { type: 'ChangeRoles'; roles: readonly string[] }
  | { type: 'ChangePassword'; password: string }
  | { type: 'ChangeLocale'; locale: string }
  | { type: 'DeactivateUser'; reason: string }
  | { type: 'ReactivateUser'; reason: string }
  | { type: 'TransferUser'; orgUnitId: string; reason: string };

export async function changeUser(
  store: EventStore,
  userId: string,
  change: UserChange,
  meta: CommandMetadata,
  options: { expectedVersion?: number } = {},
): Promise<CommandOutcome<UserState>> {
  const { state } = await loadState(store, userDecider, `user-${userId}`);
  if (!state.exists) throw refuse('user_not_found', `no user ${userId}`);
  const unit = await loadUnitFacts(store, state.orgUnit);
  let command: UserCommand;
  if (change.type === 'ChangePassword')
    command = { type: 'ChangePassword', passwordHash: await hashPassword(change.password), unit };
  else if (change.type === 'TransferUser')
    command = {
      type: 'TransferUser',
      to: await loadUnitFacts(store, change.orgUnitId),
      reason: change.reason,
      unit,
    };
  else command = { ...change, unit };
  return runCommand(store, userDecider, userId, command, meta, options);
}

/**
 * Erases a user's personal data on a lawful request (DOMAIN.md "Audit trail"): records `PersonalDataErased` on
 * the user stream (audited like every event), then destroys the user's key, which leaves every sealed
 * field — in the log, its exports and replays, and any read model rebuilt from it — unreadable.
 *
 * Where the key dies, and why twice: the event is appended first (a refused request must destroy
 * nothing, and an erasure must never happen unrecorded), then the key is destroyed here for an
 * immediate effect. A crash between the two cannot leave the key alive: the identity directory
 * projection destroys it too, idempotently, in the transaction that applies `PersonalDataErased`, and a
 * retry of the command (same command id) destroys it again.
 */
export async function erasePersonalData(
  store: EventStore,
  personalData: PersonalData,
  userId: string,
  request: { reason: string; legalBasis: string },
  meta: CommandMetadata,
): Promise<CommandOutcome<UserState>> {
  const { state } = await loadState(store, userDecider, `user-${userId}`);
  if (!state.exists) throw refuse('user_not_found', `no user ${userId}`);
  const unit = await loadUnitFacts(store, state.orgUnit);
  const outcome = await runCommand(
    store,
    userDecider,
    userId,
    { type: 'ErasePersonalData', ...request, unit },
    meta,
  );
  if (outcome.state.exists && outcome.state.erased) await personalData.erase(userId, meta.now);
  return outcome;
}

export class ErasePersonalDataCommand extends Command<CommandOutcome<UserState>> {
  constructor(
    readonly userId: string,
    readonly request: { reason: string; legalBasis: string },
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/** Carries the plain password only as far as the handler, which hashes it first thing. */
export class RegisterUserCommand extends Command<CommandOutcome<UserState>> {
  constructor(
    readonly userId: string,
    readonly input: Omit<RegisterUserInput, 'userId' | 'passwordHash'> & { password: string },
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

export class ChangeUserCommand extends Command<CommandOutcome<UserState>> {
  constructor(
    readonly userId: string,
    readonly change: UserChange,
    readonly meta: CommandMetadata,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PersonalData) private readonly personalData: PersonalData,
  ) {}
  async execute(c: RegisterUserCommand): Promise<CommandOutcome<UserState>> {
    const { password, ...rest } = c.input;
    return registerUser(
      this.store,
      { ...rest, userId: c.userId, passwordHash: await hashPassword(password) },
      c.meta,
      { personalData: this.personalData },
    );
  }
}

/**
 * Which changes end the user's sessions (SECURITY.md, revocation: at once, on every api process): whatever
 * the old sessions were allowed no longer holds. A language change ends nothing; a reactivation has no
 * session to end.
 */
const ENDS_SESSIONS: Partial<Record<UserChange['type'], SessionEndReason>> = {
  DeactivateUser: 'deactivated',
  ChangeRoles: 'roles_changed',
  ChangePassword: 'password_changed',
  // The session carries the org unit the user signed in with (their scope as an admin, their school as a
  // teacher): after a move it would still speak for the old one.
  TransferUser: 'transferred',
};

@CommandHandler(ChangeUserCommand)
export class ChangeUserHandler implements ICommandHandler<ChangeUserCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SessionStore) private readonly sessions: SessionStore,
  ) {}
  async execute(c: ChangeUserCommand): Promise<CommandOutcome<UserState>> {
    const outcome = await changeUser(this.store, c.userId, c.change, c.meta, {
      expectedVersion: c.expectedVersion,
    });
    const reason = ENDS_SESSIONS[c.change.type];
    // Also on a retry answered as a duplicate: a first attempt that died between its append and this
    // line must not leave sessions alive.
    if (reason && (outcome.events.length > 0 || outcome.duplicate))
      await this.sessions.endAllFor(c.userId, reason, c.meta.now);
    return outcome;
  }
}

@CommandHandler(ErasePersonalDataCommand)
export class ErasePersonalDataHandler implements ICommandHandler<ErasePersonalDataCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PersonalData) private readonly personalData: PersonalData,
    @Inject(SessionStore) private readonly sessions: SessionStore,
  ) {}
  async execute(c: ErasePersonalDataCommand): Promise<CommandOutcome<UserState>> {
    const outcome = await erasePersonalData(this.store, this.personalData, c.userId, c.request, c.meta);
    // An erased account no longer signs in (authenticate.ts); the sessions it has end with it.
    if (outcome.state.exists && outcome.state.erased)
      await this.sessions.endAllFor(c.userId, 'erased', c.meta.now);
    return outcome;
  }
}
