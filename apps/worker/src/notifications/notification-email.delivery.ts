import { Inject, Injectable, Optional } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type pg from 'pg';
import {
  EMAIL_MAX_AGE_MS,
  PermanentEmailFailure,
  RecordNotificationEmailCommand,
  isPermanentSmtpFailure,
  notificationDecider,
  notificationMail,
  renderNotificationEmail,
  titleIn,
  titleStreamOf,
  type EmailSkipReason,
  type MailTransport,
  type NotificationDetails,
  type RecordEmailCommand,
} from '#libs/deadlines';
import {
  DomainError,
  loadState,
  type CommandMetadata,
  type EventStore,
  type RecordedEvent,
} from '#libs/event-store';
import { PersonalData, userDecider } from '#libs/identity';
import { APP_CONFIG, Clock, EVENT_STORE, PG_POOL, type AppConfig } from '#libs/platform';

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

export type DeliveryResult = 'emailed' | 'already' | `skipped:${EmailSkipReason}`;

/**
 * Sends one notification's email (DOMAIN.md "Deadlines and reminders") and records the outcome on the notification's stream.
 *
 * Exactly once in effect: the outcome recorded on the stream (`NotificationEmailed` or
 * `NotificationEmailSkipped`) is read first, so a repeated job — a retry, a job re-added after it was
 * removed, a replayed reactor — sends nothing once it is there; the record's command id derives from the
 * notification, so two deliveries racing record one outcome. What no SMTP exchange can close is a crash
 * after the server took the message and before the outcome was recorded: the retry sends it again with
 * the same Message-ID, which mail systems and clients recognise as one message.
 *
 * The recipient is read from their user stream, not a read model: their email is sealed with their own
 * key (libs/identity personal-data.ts), and opened only here, just before sending. An erased person's key
 * is gone, so they get no email (DOMAIN.md "Audit trail": erasure leaves no readable personal data);
 * the address recorded in the event is sealed with the same key, so the erasure covers it too.
 */
@Injectable()
export class NotificationEmailDelivery {
  private readonly personalData: PersonalData;

  constructor(
    private readonly bus: CommandBus,
    private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) pool: pg.Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport | null,
  ) {
    this.personalData = new PersonalData(pool);
  }

  async deliver(notificationId: string): Promise<DeliveryResult> {
    const smtp = this.config.smtp;
    if (!smtp || !this.transport) throw new PermanentEmailFailure('refused: SMTP is not configured');
    const { state, events } = await loadState(
      this.store,
      notificationDecider,
      `notification-${notificationId}`,
    );
    const sentEvent = events.find((e) => e.type === 'NotificationSent');
    if (!state.exists || !sentEvent)
      throw new PermanentEmailFailure(`refused: no notification ${notificationId}`);
    if (state.email) return 'already';
    const sent = sentEvent.data as {
      recipientId: string;
      kind: string;
      sentAt: string;
      about: { dueAt: string | null } & Record<string, unknown>;
      details?: NotificationDetails;
    };
    const now = this.clock.now();
    const skip = async (reason: EmailSkipReason): Promise<DeliveryResult> => {
      await this.record(notificationId, sentEvent, { type: 'RecordNotificationEmailSkipped', reason }, now);
      return `skipped:${reason}`;
    };

    // A reminder delivered days late, after the step it announces, misleads more than it helps.
    if (now.getTime() - Date.parse(sent.sentAt) > EMAIL_MAX_AGE_MS) return skip('expired');

    const { state: user } = await loadState(this.store, userDecider, `user-${sent.recipientId}`);
    if (!user.exists) return skip('no_address');
    if (user.erased) return skip('erased');
    if (!user.active) return skip('inactive');
    if (!user.email) return skip('no_address');
    // Null once the person's key is destroyed, even if the erasure event is not in their stream yet.
    const address = await this.personalData.open(sent.recipientId, user.email);
    if (address === null) return skip('erased');

    const email = renderNotificationEmail(
      {
        kind: sent.kind,
        dueAt: sent.about.dueAt ?? null,
        title: await this.titleOf(sent.about),
        details: sent.details ?? null,
      },
      user.locale,
    );
    let sealedTo: string;
    try {
      sealedTo = await this.personalData.seal(sent.recipientId, address);
    } catch (err) {
      // Erased between opening and sealing: no email.
      if (err instanceof DomainError && err.code === 'personal_data_erased') return skip('erased');
      throw err;
    }
    const message = notificationMail({
      notificationId,
      from: smtp.from,
      fromDomain: smtp.fromDomain,
      to: address,
      email,
    });
    try {
      await this.transport.sendMail(message);
    } catch (err) {
      // The server refused this message for good (an unknown mailbox): retrying cannot help; kept as failed.
      if (isPermanentSmtpFailure(err)) throw new PermanentEmailFailure(`refused: ${smtpReason(err)}`);
      throw err;
    }
    await this.record(
      notificationId,
      sentEvent,
      { type: 'RecordNotificationEmailed', to: sealedTo, locale: email.locale, messageId: message.messageId },
      now,
    );
    return 'emailed';
  }

  private async record(
    notificationId: string,
    sent: RecordedEvent,
    command: RecordEmailCommand,
    now: Date,
  ): Promise<void> {
    const commandId = `email|${notificationId}`;
    const meta: CommandMetadata = {
      commandId,
      actorId: 'system',
      actorRole: 'system',
      orgUnit: sent.metadata.orgUnit,
      correlationId: sent.metadata.correlationId,
      causationId: sent.id,
      now,
    };
    await this.bus.execute(new RecordNotificationEmailCommand(notificationId, command, meta));
  }

  /** What the step is about as the reader knows it (step-title.ts), read from the step's stream. */
  private async titleOf(about: Record<string, unknown>): Promise<string | null> {
    const streamId = titleStreamOf(about);
    return streamId ? titleIn(streamId, await this.store.readStream(streamId, { limit: 10_000 })) : null;
  }
}

/** The server's reply code only: its text often quotes the address, which a kept job must not hold. */
function smtpReason(err: unknown): string {
  const e = err as { responseCode?: number; code?: string };
  return `SMTP ${e.responseCode ?? '?'}${e.code ? ` (${e.code})` : ''}`;
}
