import { forbidden, refuse, type DomainEvent, type StreamDecider } from '#libs/event-store';
import type { ApplicationKind } from '../application/application.decider.js';

/** 申报通知: a call for one application kind in one org unit, open for a window (DOMAIN.md stage 1). */
export type CallCommand =
  | {
      type: 'OpenCall';
      kind: ApplicationKind;
      orgUnit: string;
      title: string;
      opensAt: string;
      closesAt: string;
    }
  | { type: 'CloseCall'; reason: string };

export type CallEvent =
  | DomainEvent<
      'CallOpened',
      {
        kind: ApplicationKind;
        orgUnit: string;
        title: string;
        opensAt: string;
        closesAt: string;
        openedBy: string;
      }
    >
  | DomainEvent<'CallClosed', { reason: string; closedAt: string }>;

export type CallState =
  | { exists: false }
  | {
      exists: true;
      kind: ApplicationKind;
      orgUnit: string;
      title: string;
      opensAt: string;
      closesAt: string;
      closed: boolean;
    };

export const callDecider: StreamDecider<CallCommand, CallEvent, CallState> = {
  category: 'call',
  initialState: { exists: false },
  evolve(s, e) {
    switch (e.type) {
      case 'CallOpened':
        return { exists: true, ...e.data, closed: false };
      case 'CallClosed':
        return s.exists ? { ...s, closed: true } : s;
    }
  },
  decide(c, s, meta) {
    // The window-close timer (DOMAIN.md "Deadlines and reminders") closes a call once its window has ended; before that, and for
    // anything else, the system has no say.
    if (meta.actorRole === 'system' && c.type === 'CloseCall') {
      if (!s.exists || s.closed) return [];
      if (meta.now.getTime() < Date.parse(s.closesAt))
        throw refuse('call_window_open', `the call's window runs until ${s.closesAt}`);
      return [{ type: 'CallClosed', data: { reason: c.reason, closedAt: meta.now.toISOString() } }];
    }
    // DOMAIN.md "People and roles": calls are opened by a chair or an admin.
    if (meta.actorRole !== 'chair' && meta.actorRole !== 'admin') {
      throw forbidden('chair_or_admin_only', 'only a chair or an admin opens and closes calls');
    }
    switch (c.type) {
      case 'OpenCall':
        if (s.exists) throw refuse('call_exists', 'this call already exists');
        if (!(Date.parse(c.opensAt) < Date.parse(c.closesAt))) {
          throw refuse('invalid_window', 'a call must close after it opens');
        }
        return [
          {
            type: 'CallOpened',
            data: {
              kind: c.kind,
              orgUnit: c.orgUnit,
              title: c.title,
              opensAt: c.opensAt,
              closesAt: c.closesAt,
              openedBy: meta.actorId,
            },
          },
        ];
      case 'CloseCall':
        if (!s.exists) throw refuse('call_not_found', 'no such call');
        if (s.closed) return [];
        return [{ type: 'CallClosed', data: { reason: c.reason, closedAt: meta.now.toISOString() } }];
    }
  },
};
