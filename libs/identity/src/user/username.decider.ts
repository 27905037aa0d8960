import { DomainError, refuse, type DomainEvent, type StreamDecider } from '#libs/event-store';
import { USERNAME_PATTERN } from '../identity.model.js';

/**
 * Username uniqueness across processes (DOMAIN.md "People and roles"): a read model's unique index comes too late
 * (it is written after the events), so each username has a stream `username-<name>` whose first and only
 * event reserves it for one user id. It is appended with expected version `no_stream` before the user's
 * own stream: of two registrations racing for a name, the store lets exactly one reservation in.
 *
 * The reservation carries the user id, so when the second append (the user stream) fails after the
 * first succeeded, retrying the same command (same Idempotency-Key → same user id) finds its own
 * reservation and completes the registration.
 */
export type UsernameCommand = { type: 'ReserveUsername'; username: string; userId: string };

export type UsernameEvent = DomainEvent<
  'UsernameReserved',
  { username: string; userId: string; reservedAt: string }
>;

export type UsernameState =
  { reserved: false } | { reserved: true; username: string; userId: string; reservedAt: string };

export const usernameTaken = (username: string) =>
  new DomainError('conflict', 'username_taken', `the username ${username} is already taken`, { username });

export const usernameDecider: StreamDecider<UsernameCommand, UsernameEvent, UsernameState> = {
  category: 'username',
  initialState: { reserved: false },

  evolve(_s, e) {
    switch (e.type) {
      case 'UsernameReserved':
        return { reserved: true, ...e.data };
    }
  },

  decide(c, s, meta) {
    switch (c.type) {
      case 'ReserveUsername':
        if (!USERNAME_PATTERN.test(c.username)) throw refuse('invalid_username', 'not a valid username');
        if (s.reserved) {
          // The same user asking again is a retry: nothing to do.
          if (s.userId === c.userId) return [];
          throw usernameTaken(c.username);
        }
        return [
          {
            type: 'UsernameReserved',
            data: { username: c.username, userId: c.userId, reservedAt: meta.now.toISOString() },
          },
        ];
    }
  },
};
