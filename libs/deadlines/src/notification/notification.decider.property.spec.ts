import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  propertyParams,
  reachCounts,
  runSequence,
  type AcceptedStep,
  type PropertyStep,
} from '#testing/event-store';
import { isEnvelope } from '#libs/identity';
import {
  EMAIL_SKIP_REASONS,
  NOTIFICATION_KINDS,
  notificationDecider as d,
  type EmailSkipReason,
  type NotificationCommand,
  type NotificationEvent,
  type NotificationState,
  type StepRef,
} from './notification.decider.js';

// Property specs of a notification: random sends, reads and email records, valid and invalid, by the
// timers, the recipient and others keep DOMAIN.md "Deadlines and reminders" (a reminder goes out once
// however often its cause fires, and not once the step is done), "People and roles" (only the recipient
// reads it; to anyone else it does not exist) and "Audit trail" (an address is recorded only sealed).
// Replaying what was produced rebuilds the same state.
type Step = PropertyStep<NotificationCommand>;
const START = Date.parse('2026-09-01T08:00:00.000Z');
const HOUR = 3_600_000;

const system = { actorId: 'system', actorRole: 'system' };
const recipient = { actorId: 'reviewer-1', actorRole: 'reviewer' };
const people = [
  system,
  recipient,
  // The recipient in another role is still the recipient; others are not, whatever their role.
  { actorId: 'reviewer-1', actorRole: 'admin' },
  { actorId: 'reviewer-2', actorRole: 'reviewer' },
  { actorId: 'admin-1', actorRole: 'admin' },
  { actorId: 'chair-1', actorRole: 'chair' },
  { actorId: 'teacher-1', actorRole: 'teacher' },
];
const sealed = 'pd1:AAAAAAAAAAAAAAAA:c2VhbGVk:AAAAAAAAAAAAAAAAAAAAAA';
const review: StepRef = {
  applicationId: 'app-1',
  reviewerId: 'reviewer-1',
  revision: 0,
  dueAt: '2026-09-15T08:00:00.000Z',
};
const other: StepRef = {
  step: 'call_close',
  streamId: 'call-1',
  occurrence: '2026-10-01T00:00:00.000Z',
  subjectId: 'call-1',
  dueAt: null,
};

/** Commands on one stream: the handler derives `notification-<id>` from the key and the recipient. */
const commandFor = (key: string, recipientId: string): fc.Arbitrary<NotificationCommand> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        type: fc.constant('SendNotification' as const),
        recipientId: fc.constant(recipientId),
        kind: fc.constantFrom(...NOTIFICATION_KINDS),
        key: fc.constant(key),
        about: fc.constantFrom(review, other),
        details: fc.constantFrom(
          undefined,
          { revision: 1 },
          { reason: '请补充材料', decision: 'approve' as const },
        ),
        stepOpen: fc.boolean(),
      }),
    },
    { weight: 3, arbitrary: fc.constant({ type: 'MarkNotificationRead' as const }) },
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constant('RecordNotificationEmailed' as const),
        to: fc.constantFrom(sealed, sealed, 'reviewer@example.org', ''),
        locale: fc.constantFrom('zh-CN', 'en'),
        messageId: fc.constantFrom('<n1@teacher-dev>', '<n1@teacher-dev>', '', 'x'.repeat(256)),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('RecordNotificationEmailSkipped' as const),
        reason: fc.constantFrom<EmailSkipReason>(...EMAIL_SKIP_REASONS, 'bounced' as EmailSkipReason),
      }),
    },
  );

const sequences: fc.Arbitrary<Step[]> = fc
  .record({
    // Mostly the timer's first firing comes first, while the step waits.
    sentFirst: fc.oneof(
      { weight: 3, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) },
    ),
    key: fc.constantFrom('review|app-1|reviewer-1|0|reminder-3d', 'overdue|call-1|2026-10-01'),
    steps: fc.array(
      fc.record({
        command: commandFor('review|app-1|reviewer-1|0|reminder-3d', 'reviewer-1'),
        actor: fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(system, recipient) },
          { weight: 1, arbitrary: fc.constantFrom(...people) },
        ),
      }),
      { minLength: 1, maxLength: 20 },
    ),
  })
  .map(({ sentFirst, key, steps }) => [
    ...(sentFirst
      ? [
          {
            command: {
              type: 'SendNotification' as const,
              recipientId: 'reviewer-1',
              kind: 'review_reminder' as const,
              key,
              about: review,
              stepOpen: true,
            },
            meta: { ...system, now: new Date(START) },
          },
        ]
      : []),
    ...steps.map(({ command: c, actor }, i) => ({
      command: c.type === 'SendNotification' ? { ...c, key } : c,
      meta: { ...actor, now: new Date(START + (i + 1) * HOUR) },
    })),
  ]);

function invariant({
  command,
  meta,
  before,
  after,
  events,
}: AcceptedStep<NotificationCommand, NotificationEvent, NotificationState>) {
  for (const e of events) {
    switch (e.type) {
      case 'NotificationSent':
        // Sent once, by the system, while the step it is about is still waiting.
        expect(before.exists).toBe(false);
        expect(meta.actorRole).toBe('system');
        expect(command.type === 'SendNotification' && command.stepOpen).toBe(true);
        expect(e.data.channel).toBe('in_app');
        break;
      case 'NotificationRead':
        // Read once, by its recipient only.
        expect(before.exists && !before.read).toBe(true);
        expect(meta.actorId).toBe(before.recipientId);
        expect(e.data.recipientId).toBe(before.recipientId);
        break;
      case 'NotificationEmailed':
        // One email outcome, recorded by the email worker, with the address sealed.
        expect(meta.actorRole).toBe('system');
        expect(before.exists && !before.email).toBe(true);
        expect(isEnvelope(e.data.to)).toBe(true);
        expect(e.data.recipientId).toBe(before.recipientId);
        expect(e.data.messageId.length).toBeGreaterThan(0);
        expect(e.data.messageId.length).toBeLessThanOrEqual(255);
        break;
      case 'NotificationEmailSkipped':
        expect(meta.actorRole).toBe('system');
        expect(before.exists && !before.email).toBe(true);
        expect(EMAIL_SKIP_REASONS).toContain(e.data.reason);
        expect(e.data.recipientId).toBe(before.recipientId);
        break;
    }
  }
  // The recipient is for ever; read stays read; an email outcome is final.
  if (before.exists) expect(after.recipientId).toBe(before.recipientId);
  if (before.read) expect(after.read).toBe(true);
  if (before.email) expect(after.email).toBe(before.email);
  expect(events.length).toBeLessThanOrEqual(1);
}

describe('notification decider properties', () => {
  it('random sends, reads and email records keep one notification per key, and replay rebuilds it', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        const { events } = runSequence(d, steps, invariant);
        // At most one notification per key and recipient, however often the cause fires.
        expect(events.filter((e) => e.type === 'NotificationSent').length).toBeLessThanOrEqual(1);
        expect(events.filter((e) => e.type === 'NotificationRead').length).toBeLessThanOrEqual(1);
      }),
      propertyParams(200),
    );
  });

  it('the generated sequences reach sends, reads and email records, not only no-ops, not only refusals', () => {
    const reached = reachCounts(sequences, 200, (steps) => {
      const { events } = runSequence(d, steps, invariant);
      return {
        sent: events.length > 0,
        read: events.some((e) => e.type === 'NotificationRead'),
        emailed: events.some(
          (e) => e.type === 'NotificationEmailed' || e.type === 'NotificationEmailSkipped',
        ),
      };
    });
    expect(reached.sent).toBeGreaterThan(40);
    expect(reached.read).toBeGreaterThan(20);
    expect(reached.emailed).toBeGreaterThan(20);
  });

  it('to anyone but its recipient a notification does not exist: reading it is refused as not found', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...people.filter((p) => p.actorId !== 'reviewer-1')),
        fc.boolean(),
        (who, sent) => {
          const send: Step = {
            command: {
              type: 'SendNotification',
              recipientId: 'reviewer-1',
              kind: 'review_reminder',
              key: 'review|app-1|reviewer-1|0|reminder-3d',
              about: review,
              stepOpen: true,
            },
            meta: system,
          };
          const { state, refused } = runSequence(
            d,
            [...(sent ? [send] : []), { command: { type: 'MarkNotificationRead' }, meta: who }],
            invariant,
          );
          expect(state.read).toBe(false);
          // The same answer whether or not it exists, so ids cannot be probed.
          expect(refused).toEqual(['notification_not_found']);
        },
      ),
      propertyParams(30),
    );
  });
});
