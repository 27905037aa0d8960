import { loadState, type EventStore } from '#libs/event-store';
import { USERNAME_PATTERN } from '../identity.model.js';
import { dummyPasswordHash, verifyPassword } from '../password/password-hasher.js';
import { userDecider, type UserState } from '../user/user.decider.js';
import { usernameDecider } from '../user/username.decider.js';
import type { LoginThrottle } from './login-throttle.js';

export type ActiveUser = Extract<UserState, { exists: true }>;

export type LoginOutcome =
  | { ok: true; user: ActiveUser }
  | { ok: false; reason: 'invalid_credentials' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** What people type: surrounding spaces dropped, lower case (usernames are lower case). */
export function normaliseUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

/**
 * The user behind a username, read from the streams themselves (reservation, then user), so a user
 * can log in the moment registration answered, whatever the read models' lag.
 */
export async function findUserByUsername(store: EventStore, username: string): Promise<ActiveUser | null> {
  if (!USERNAME_PATTERN.test(username)) return null;
  const { state: reservation } = await loadState(store, usernameDecider, `username-${username}`);
  if (!reservation.reserved) return null;
  const { state } = await loadState(store, userDecider, `user-${reservation.userId}`);
  return state.exists && state.username === username ? state : null;
}

/**
 * Checks a username and password. The user it answers with has its personal fields sealed as recorded
 * (PersonalData.open them).
 * (DOMAIN.md "People and roles": login with username and password, rate-limited).
 * An unknown user, a wrong password and a deactivated account are one answer, checked in the same
 * time (a dummy hash is verified for an unknown user), so the answer does not tell which usernames
 * exist. Each failure counts towards the limits; a success does not.
 */
export async function authenticate(
  deps: { store: EventStore; throttle: LoginThrottle },
  attempt: { username: string; password: string; ip: string; now: Date },
): Promise<LoginOutcome> {
  const username = normaliseUsername(attempt.username);
  const gate = await deps.throttle.begin(username, attempt.ip, attempt.now);
  if (!gate.allowed) return { ok: false, reason: 'throttled', retryAfterSeconds: gate.retryAfterSeconds };
  let succeeded = false;
  try {
    const user = await findUserByUsername(deps.store, username);
    const matches = await verifyPassword(attempt.password, user?.passwordHash ?? (await dummyPasswordHash()));
    // An account whose personal data was erased (DOMAIN.md "Audit trail") no longer signs in.
    succeeded = matches && user !== null && user.active && !user.erased;
    return succeeded ? { ok: true, user: user! } : { ok: false, reason: 'invalid_credentials' };
  } finally {
    await deps.throttle.settle(gate.attemptId, username, succeeded);
  }
}
