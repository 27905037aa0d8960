import { given } from '#testing/event-store';
import { usernameDecider as d, type UsernameEvent } from './username.decider.js';

// The username reservation (DOMAIN.md "People and roles": usernames are unique across processes).
const NOW = '2026-09-01T08:00:00.000Z';
const reserved: UsernameEvent = {
  type: 'UsernameReserved',
  data: { username: 'wang.wei', userId: 'u-1', reservedAt: NOW },
};

describe('username reservations', () => {
  it('reserves a free username for a user id', () => {
    given(d).when({ type: 'ReserveUsername', username: 'wang.wei', userId: 'u-1' }).then([reserved]);
  });

  it('the same user asking again is a retry and changes nothing', () => {
    given(d, [reserved]).when({ type: 'ReserveUsername', username: 'wang.wei', userId: 'u-1' }).thenNothing();
  });

  it('refuses a username reserved for someone else, as a conflict', () => {
    const err = given(d, [reserved])
      .when({ type: 'ReserveUsername', username: 'wang.wei', userId: 'u-2' })
      .thenRefuses('username_taken');
    expect(err.kind).toBe('conflict');
  });

  it('refuses a malformed username', () => {
    given(d)
      .when({ type: 'ReserveUsername', username: 'Wang Wei', userId: 'u-1' })
      .thenRefuses('invalid_username');
  });
});

describe('rules pinned by mutation testing', () => {
  it('keeps each name on its own username stream, reserved for one user', () => {
    expect(d.category).toBe('username');
    expect(given(d, [reserved]).state).toEqual({
      reserved: true,
      username: 'wang.wei',
      userId: 'u-1',
      reservedAt: NOW,
    });
  });

  it('says which name is taken, and why a name is refused', () => {
    const err = given(d, [reserved])
      .when({ type: 'ReserveUsername', username: 'wang.wei', userId: 'u-2' })
      .thenRefuses('username_taken', 'the username wang.wei is already taken');
    expect(err.details).toEqual({ username: 'wang.wei' });
    given(d)
      .when({ type: 'ReserveUsername', username: 'Wang Wei', userId: 'u-1' })
      .thenRefuses('invalid_username', 'not a valid username');
  });
});
