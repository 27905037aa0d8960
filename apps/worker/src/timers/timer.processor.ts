import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type pg from 'pg';
import { ExecuteApplicationCommand, applicationDecider } from '#libs/approval';
import { DomainError, loadState, type CommandMetadata, type EventStore } from '#libs/event-store';
import {
  ExecuteNotificationCommand,
  PermanentTimerFailure,
  notificationIdFor,
  type FiringJob,
  type ReviewTimer,
} from '#libs/deadlines';
import { Clock, EVENT_STORE, PG_POOL } from '#libs/platform';

export interface FiringResult {
  /** How many events the firing recorded (0: the step was done, or this firing was a repeat). */
  recorded: number;
}

/**
 * Fires a timer as commands through the normal command path (issue 5 item 1). Every command id derives
 * from the job id, and every effect is a no-op once done — the overdue mark by the application decider,
 * a notification by being keyed by its timer — so a retried, late or repeated firing changes nothing.
 */
@Injectable()
export class TimerFiring {
  constructor(
    private readonly bus: CommandBus,
    private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  /** The BullMQ processor: a refusal by the rules cannot get better by retrying, so it fails at once. */
  async process(timer: ReviewTimer, job: FiringJob): Promise<FiringResult> {
    try {
      return await this.fire(timer, job.id);
    } catch (err) {
      if (err instanceof DomainError) throw new PermanentTimerFailure(`${err.code}: ${err.message}`);
      throw err;
    }
  }

  async fire(timer: ReviewTimer, jobId: string): Promise<FiringResult> {
    const about = {
      applicationId: timer.applicationId,
      reviewerId: timer.reviewerId,
      revision: timer.revision,
      dueAt: timer.dueAt,
    };
    switch (timer.kind) {
      case 'review-reminder':
        return this.notify(timer, jobId, timer.reviewerId, 'review_reminder', about);
      case 'review-due': {
        const outcome = await this.bus.execute(
          new ExecuteApplicationCommand(
            timer.applicationId,
            {
              type: 'MarkReviewOverdue',
              reviewerId: timer.reviewerId,
              revision: timer.revision,
              dueAt: timer.dueAt,
            },
            this.meta(timer, `timer|${jobId}`),
          ),
        );
        return { recorded: outcome.duplicate ? 0 : outcome.events.length };
      }
      case 'review-escalation': {
        // The last rung of the ladder (reviewer → chair → admin): the office admins over the application.
        let recorded = 0;
        for (const adminId of await this.adminsOver(timer.applicationId))
          recorded += (await this.notify(timer, jobId, adminId, 'review_escalated', about)).recorded;
        return { recorded };
      }
    }
  }

  private async notify(
    timer: ReviewTimer,
    jobId: string,
    recipientId: string,
    kind: 'review_reminder' | 'review_escalated',
    about: { applicationId: string; reviewerId: string; revision: number; dueAt: string },
  ): Promise<FiringResult> {
    const outcome = await this.bus.execute(
      new ExecuteNotificationCommand(
        notificationIdFor(jobId, recipientId),
        { type: 'SendNotification', recipientId, kind, key: jobId, about },
        this.meta(timer, `timer|${jobId}|${recipientId}`),
      ),
    );
    return { recorded: outcome.duplicate ? 0 : outcome.events.length };
  }

  private meta(timer: ReviewTimer, commandId: string): CommandMetadata {
    return {
      commandId,
      actorId: 'system',
      actorRole: 'system',
      orgUnit: timer.orgUnit,
      correlationId: timer.correlationId,
      causationId: commandId,
      now: this.clock.now(),
      extra: { timer: { kind: timer.kind, fireAt: timer.fireAt } },
    };
  }

  /** Active admins whose org unit is the application's or one above it (DOMAIN.md "People and roles"). */
  private async adminsOver(applicationId: string): Promise<string[]> {
    const { state } = await loadState(this.store, applicationDecider, `application-${applicationId}`);
    if (!state.orgUnit) return [];
    const res = await this.pool.query<{ id: string }>(
      `SELECT u.id FROM users u
         JOIN org_units mine ON mine.id = $1
         JOIN org_units theirs ON theirs.id = u.org_unit
        WHERE u.active AND 'admin' = ANY (u.roles)
          AND starts_with(mine.path, theirs.path)
        ORDER BY length(theirs.path) DESC, u.id`,
      [state.orgUnit],
    );
    return res.rows.map((r) => r.id);
  }
}
