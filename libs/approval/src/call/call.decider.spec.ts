import { given } from '#testing/event-store';
import { callDecider as d, type CallEvent } from './call.decider.js';

// DOMAIN.md stage 1: a chair or admin opens a call (申报通知) for one kind in an org unit with a window.
const chair = { actorId: 'chair-1', actorRole: 'chair' };
const open = {
  type: 'OpenCall' as const,
  kind: 'studio' as const,
  orgUnit: 'city-1',
  title: '2026 名优教师工作室申报',
  opensAt: '2026-09-01T00:00:00.000Z',
  closesAt: '2026-10-01T00:00:00.000Z',
};
const opened: CallEvent = {
  type: 'CallOpened',
  data: {
    kind: 'studio',
    orgUnit: 'city-1',
    title: '2026 名优教师工作室申报',
    opensAt: '2026-09-01T00:00:00.000Z',
    closesAt: '2026-10-01T00:00:00.000Z',
    openedBy: 'chair-1',
  },
};

describe('calls (申报通知)', () => {
  it('a chair or admin opens a call with a window', () => {
    given(d).when(open, chair).then([opened]);
    given(d)
      .when(open, { actorId: 'admin-1', actorRole: 'admin' })
      .then([{ ...opened, data: { ...opened.data, openedBy: 'admin-1' } }]);
  });
  it('refuses a teacher or reviewer', () => {
    given(d).when(open, { actorRole: 'teacher' }).thenRefuses('chair_or_admin_only');
    given(d).when(open, { actorRole: 'reviewer' }).thenRefuses('chair_or_admin_only');
  });
  it('refuses a window that closes before it opens, and a second opening', () => {
    given(d)
      .when({ ...open, closesAt: open.opensAt }, chair)
      .thenRefuses('invalid_window');
    given(d, [opened]).when(open, chair).thenRefuses('call_exists');
  });
  it('closes a call early, once', () => {
    given(d, [opened])
      .when({ type: 'CloseCall', reason: 'budget used up' }, chair)
      .then([
        { type: 'CallClosed', data: { reason: 'budget used up', closedAt: '2026-09-01T08:00:00.000Z' } },
      ]);
    given(d, [opened, { type: 'CallClosed', data: { reason: 'r', closedAt: 'x' } }])
      .when({ type: 'CloseCall', reason: 'r' }, chair)
      .thenNothing();
    given(d).when({ type: 'CloseCall', reason: 'r' }, chair).thenRefuses('call_not_found');
  });
});

describe('the window-close timer (DOMAIN.md "Deadlines and reminders")', () => {
  const system = { actorId: 'system', actorRole: 'system' };
  const close = { type: 'CloseCall' as const, reason: 'the submission window has ended' };

  it('closes a call once its window has ended, and only once', () => {
    given(d, [opened])
      .when(close, { ...system, now: new Date('2026-10-01T00:00:01.000Z') })
      .then([{ type: 'CallClosed', data: { reason: close.reason, closedAt: '2026-10-01T00:00:01.000Z' } }]);
    given(d, [
      opened,
      { type: 'CallClosed', data: { reason: 'early', closedAt: '2026-09-20T00:00:00.000Z' } },
    ])
      .when(close, { ...system, now: new Date('2026-10-02T00:00:00.000Z') })
      .thenNothing();
  });

  it('refuses to close a call whose window is still open', () => {
    given(d, [opened])
      .when(close, { ...system, now: new Date('2026-09-30T23:59:59.000Z') })
      .thenRefuses('call_window_open');
  });

  it('gives the system no other say over calls', () => {
    given(d).when(open, system).thenRefuses('chair_or_admin_only');
  });
});

describe('rules pinned by mutation testing', () => {
  it('names the stream category calls are kept under', () => {
    expect(d.category).toBe('call');
  });

  it('lets the window-close timer close a call at the very instant its window ends (DOMAIN.md "Deadlines and reminders")', () => {
    given(d, [opened])
      .when(
        { type: 'CloseCall', reason: 'window ended' },
        { actorId: 'system', actorRole: 'system', now: new Date(opened.data.closesAt) },
      )
      .then([{ type: 'CallClosed', data: { reason: 'window ended', closedAt: opened.data.closesAt } }]);
  });

  it('says in each refusal why', () => {
    given(d, [opened])
      .when(
        { type: 'CloseCall', reason: 'r' },
        { actorId: 'system', actorRole: 'system', now: new Date('2026-09-15T00:00:00.000Z') },
      )
      .thenRefuses('call_window_open', "the call's window runs until 2026-10-01T00:00:00.000Z");
    given(d)
      .when(open, { actorRole: 'teacher' })
      .thenRefuses('chair_or_admin_only', 'only a chair or an admin opens and closes calls');
    given(d, [opened]).when(open, chair).thenRefuses('call_exists', 'this call already exists');
    given(d)
      .when({ ...open, closesAt: '2026-08-01T00:00:00.000Z' }, chair)
      .thenRefuses('invalid_window', 'a call must close after it opens');
    given(d).when({ type: 'CloseCall', reason: 'r' }, chair).thenRefuses('call_not_found', 'no such call');
  });
});
