import { NOTIFICATION_KINDS, SUBJECT_KINDS } from '#libs/deadlines';
import {
  arr,
  bool,
  dateTime,
  int,
  named,
  nullable,
  num,
  obj,
  oneOf,
  position,
  str,
  uuid,
} from '../http/openapi-schema.js';

// What the inbox answers (notifications.controller.ts). Each item says in both languages what happened
// (`label`, `title`, `body`: the email's wording) and what it is about (`subject`), so a page can show
// it and link to it without knowing the kinds.

const Localized = named(
  'LocalizedText',
  obj({ zh: str({ description: '简体中文' }), en: str({ description: 'English' }) }),
);

const NotificationSubject = named(
  'NotificationSubject',
  obj({
    kind: oneOf(SUBJECT_KINDS, {
      description:
        'What it is about, for a link: `application` (GET /api/applications/:id), `call`, `mentorship`, ' +
        '`teacher` (the progression) or `org_unit` (its annual summaries).',
    }),
    id: str({ description: 'The id of the application, call, mentorship, teacher (user) or org unit.' }),
    title: nullable(
      str({
        description: 'An application’s or call’s title, an org unit’s name; null for people (personal data).',
      }),
    ),
  }),
);

const NotificationDetails = named(
  'NotificationDetails',
  obj(
    {
      revision: int({ description: 'The application’s revision (1: first submission).' }),
      reason: str({ description: 'Changes requested: the chair’s reason (退回原因).' }),
      decision: oneOf(['approve', 'reject']),
      rationale: str({ description: 'The decision’s written rationale (决定理由).' }),
      hours: num({ description: 'A completion: hours granted (0 when retraining is required).' }),
      score: num({ description: 'A completion: the trainee’s assessed score.' }),
      retraining: bool({ description: 'A completion below the qualifying score: retraining required.' }),
      startsOn: str({ description: 'An enrolment: when the training starts (YYYY-MM-DD).' }),
      endsOn: str({ description: 'An enrolment: when the training ends (YYYY-MM-DD).' }),
      period: str({ description: 'A shortfall: the school year `2025-2026` or semester `2025-2026/2`.' }),
      completed: num({ description: 'A shortfall: hours completed in the period.' }),
      required: num({ description: 'A shortfall: hours the policy requires in the period.' }),
      missing: num({ description: 'A shortfall: hours still missing.' }),
    },
    {
      optional: [
        'revision',
        'reason',
        'decision',
        'rationale',
        'hours',
        'score',
        'retraining',
        'startsOn',
        'endsOn',
        'period',
        'completed',
        'required',
        'missing',
      ],
    },
  ),
);

export const Inbox = named(
  'Inbox',
  obj({
    items: arr(
      obj({
        id: uuid({ description: 'POST /api/notifications/:id/read marks it read.' }),
        kind: oneOf(NOTIFICATION_KINDS, { description: 'What happened (GLOSSARY.md §10).' }),
        label: Localized,
        title: Localized,
        body: Localized,
        message: Localized,
        subject: nullable(NotificationSubject),
        step: str({
          description:
            '`review`, a timed step (`revision`, `call_close`, `evaluation`, `mentorship_year`, ' +
            '`annual_summary`, `ethics_ban_end`), a step as it happens (`submission`, `decision`, ' +
            '`enrolment`, `completion`) or an obligation (`annual_hours`, `ethics_study`).',
        }),
        details: nullable(NotificationDetails),
        dueAt: nullable(dateTime({ description: 'The step’s due date; for a shortfall, its period’s end.' })),
        sentAt: dateTime(),
        readAt: nullable(dateTime()),
        read: bool(),
        applicationId: nullable(str({ description: 'Same as subject.id for an application’s steps.' })),
        subjectId: nullable(str({ description: 'Same as subject.id.' })),
        applicationTitle: nullable(str({ description: 'Same as subject.title.' })),
        reviewerId: nullable(str({ description: 'A review step’s reviewer.' })),
        revision: nullable(int({ description: 'A review step’s revision.' })),
      }),
      { description: 'Newest first.' },
    ),
  }),
);

export const UnreadCount = named('UnreadCount', obj({ unread: int({ minimum: 0 }) }));

export const NotificationRead = named(
  'NotificationRead',
  obj({
    id: uuid(),
    read: bool(),
    events: arr(str()),
    position: nullable(position()),
    readModelCaughtUp: bool(),
  }),
);
