import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { applicationDecider, type ApplicationState } from '#libs/approval';
import {
  loadState,
  runCommand,
  type CommandMetadata,
  type CommandOutcome,
  type EventStore,
} from '#libs/event-store';
import { EVENT_STORE } from '#libs/platform';
import {
  notificationDecider,
  type NotificationDetails,
  type NotificationKind,
  isReviewStep,
  type NotificationState,
  type ReviewStepRef,
  type StepRef,
} from './notification.decider.js';

/** What a caller asks for; the handler adds the facts (is the step still open?). */
export type NotificationIntent =
  | {
      type: 'SendNotification';
      recipientId: string;
      kind: NotificationKind;
      key: string;
      about: StepRef;
      details?: NotificationDetails;
      /**
       * For steps other than a review: whether the step is still waiting, as the firing timer read it
       * from the step's stream (the handler looks reviews up itself).
       */
      stepOpen?: boolean;
    }
  | { type: 'MarkNotificationRead' };

export class ExecuteNotificationCommand extends Command<CommandOutcome<NotificationState>> {
  constructor(
    readonly notificationId: string,
    readonly intent: NotificationIntent,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/**
 * A review step is open while the application is in review, the reviewer is assigned to its current
 * revision, that is the revision the notification is about, and they have not submitted for it.
 */
export function reviewStepOpen(s: ApplicationState, about: ReviewStepRef): boolean {
  if (s.stage !== 'in_review' || s.revision !== about.revision) return false;
  const assigned = s.reviewers[about.reviewerId];
  if (!assigned || assigned.revision !== about.revision || assigned.dueAt !== about.dueAt) return false;
  return !s.reviews.some((r) => r.reviewerId === about.reviewerId && r.revision === about.revision);
}

@CommandHandler(ExecuteNotificationCommand)
export class NotificationCommandHandler implements ICommandHandler<ExecuteNotificationCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(c: ExecuteNotificationCommand): Promise<CommandOutcome<NotificationState>> {
    const i = c.intent;
    if (i.type === 'MarkNotificationRead')
      return runCommand(this.store, notificationDecider, c.notificationId, i, c.meta);
    const about = i.about;
    let stepOpen = i.stepOpen ?? false;
    if (isReviewStep(about)) {
      const { state } = await loadState(this.store, applicationDecider, `application-${about.applicationId}`);
      stepOpen = reviewStepOpen(state, about);
    }
    return runCommand(this.store, notificationDecider, c.notificationId, { ...i, stepOpen }, c.meta);
  }
}
