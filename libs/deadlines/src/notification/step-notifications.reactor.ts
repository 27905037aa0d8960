import type { CommandBus } from '@nestjs/cqrs';
import type pg from 'pg';
import {
  applicationDecider,
  callDecider,
  isStarted,
  type ApplicationEvent,
  type ApplicationState,
  type CallEvent,
} from '#libs/approval';
import {
  DomainError,
  type CommandMetadata,
  type EventStore,
  type Reactor,
  type RecordedEvent,
} from '#libs/event-store';
import { streamUpTo } from '../timers/steps.js';
import {
  notificationIdFor,
  type NotificationDetails,
  type NotificationKind,
  type StepRef,
} from './notification.decider.js';
import { ExecuteNotificationCommand } from './notification.handler.js';
import { postgresIdentityDirectory } from '#libs/identity';
import type { Clock } from '#libs/platform';
import { gradeOf, type PolicySource } from '#libs/policy';

/**
 * A step announced as it happens: one notification to each of its recipients, or to the committee's
 * chairs (looked up when it is sent, see committeeChairs).
 */
export interface StepNotice {
  kind: NotificationKind;
  recipients: string[] | 'committee_chairs';
  about: StepRef;
  details?: NotificationDetails;
}

/** The events of an application that someone must act on or know of (DOMAIN.md "The approval pipeline"). */
export const NOTICE_EVENT_TYPES = [
  'ApplicationSubmitted',
  'ReviewersAssigned',
  'ChangesRequested',
  'ApplicationDecided',
  'TraineeEnrolled',
  'TrainingCompleted',
] as const;

/**
 * An event older than this when the reactor first sees it is not announced. The reactor starts at the
 * beginning of the log when it is new — on an office that has run for a while, that is every submission
 * and decision ever made — and news a week old is no news: the inbox would fill with steps long done.
 * In normal running the reactor is seconds behind the log.
 */
export const STEP_NOTICE_MAX_AGE_MS = 7 * 86_400_000;

/**
 * What an application event announces, and to whom, from the application as it stood after the event
 * (its stream folded up to it). Pure: the reactor adds the lookups (the committee's chairs, the score's
 * grade). Null for an event that announces nothing (a draft, a stream without its application).
 */
export function noticeOf(
  event: Pick<RecordedEvent, 'type' | 'data' | 'streamId'>,
  s: ApplicationState,
): StepNotice | null {
  if (!isStarted(s) || !s.applicantId) return null;
  const applicationId = event.streamId.slice('application-'.length);
  const step = (step: string, occurrence: string, dueAt: string | null = null): StepRef => ({
    step,
    streamId: event.streamId,
    occurrence,
    subjectId: applicationId,
    dueAt,
  });
  const e = { type: event.type, data: event.data } as ApplicationEvent;
  switch (e.type) {
    case 'ApplicationSubmitted':
      // Stage 2: the chair assigns reviewers to each submission, a resubmission included.
      return {
        kind: 'application_submitted',
        recipients: 'committee_chairs',
        about: step('submission', `r${e.data.revision}`),
        details: { revision: e.data.revision },
      };
    case 'ReviewersAssigned':
      // Each reviewer, with the review's due date. As a review step, so the notification is dropped
      // (notification.handler.ts reviewStepOpen) once the review is written or the application left review.
      return {
        kind: 'review_assigned',
        recipients: e.data.reviewers.map((r) => r.reviewerId),
        about: { applicationId, reviewerId: '', revision: s.revision, dueAt: e.data.dueAt },
      };
    case 'ChangesRequested':
      return {
        kind: 'changes_requested',
        recipients: [s.applicantId],
        about: step('revision', `r${e.data.revision}`, e.data.dueAt),
        details: { revision: e.data.revision, reason: e.data.reason },
      };
    case 'ApplicationDecided':
      return {
        kind: 'application_decided',
        recipients: [s.applicantId],
        about: step('decision', 'decision'),
        details: { decision: e.data.decision, rationale: e.data.rationale },
      };
    case 'TraineeEnrolled': {
      const f = s.fields?.kind === 'training_project' ? s.fields : null;
      return {
        kind: 'trainee_enrolled',
        recipients: [e.data.teacherId],
        about: step('enrolment', e.data.teacherId),
        details: f ? { startsOn: f.startsOn, endsOn: f.endsOn } : undefined,
      };
    }
    case 'TrainingCompleted': {
      // A completion may carry the trainee's assessed score (seed 003 §六4): the reactor tells whether it
      // qualifies. Without one, the hours it grants.
      const { score } = e.data;
      return {
        kind: 'training_completed',
        recipients: [e.data.teacherId],
        about: step('completion', e.data.teacherId),
        details: { hours: e.data.hours, ...(typeof score === 'number' ? { score } : {}) },
      };
    }
    default:
      return null;
  }
}

/**
 * The chairs told that an application was submitted. DOMAIN.md "People and roles": a chair's powers are
 * the committee's only, and a committee belongs to one org unit; a call is the committee's call for
 * applications, so its committee is the call's org unit's — and, as the application handler rules
 * (requireOfficeScope), a chair may act only on applications of their unit and below. So: the active
 * chairs of the call's org unit when that unit covers the application's; if it has none (a call opened
 * by an admin of a unit without a committee) or does not cover it, those of the nearest unit above it
 * that does. Not chairs further up, who could act but are not this call's committee: telling every
 * province chair of every school plan would drown the message. Never the applicant themself (nobody
 * decides their own application).
 */
export async function committeeChairs(
  pool: pg.Pool,
  callOrgUnit: string,
  applicationOrgUnit: string,
  applicantId: string,
): Promise<string[]> {
  // Asked of identity's directory (ARCHITECTURE.md "Between contexts": never its tables).
  return postgresIdentityDirectory(pool).nearestHolders(
    'chair',
    [callOrgUnit, applicationOrgUnit],
    applicantId,
  );
}

/**
 * Tells people of the steps of the approval pipeline as they happen (in-app, and by email like every
 * notification): the committee's chairs of a submission, each reviewer of their assignment, the
 * applicant of requested changes and of the decision, a trainee of their enrolment and completion.
 *
 * Exactly once per occurrence and recipient: each notification's id derives from the event and the
 * recipient (`<kind>|<event id>`), so a replayed reactor, a retried batch or a second worker taking over
 * records nothing new; a rebuilt inbox is folded from the same notification events.
 */
export function stepNotificationsReactor(
  store: EventStore,
  bus: CommandBus,
  pool: pg.Pool,
  policies: PolicySource,
  clock: Clock,
): Reactor {
  async function send(event: RecordedEvent, notice: StepNotice, recipientId: string): Promise<void> {
    const key = `${notice.kind}|${event.id}`;
    const about = 'reviewerId' in notice.about ? { ...notice.about, reviewerId: recipientId } : notice.about;
    const meta: CommandMetadata = {
      commandId: `notify|${key}|${recipientId}`,
      actorId: 'system',
      actorRole: 'system',
      orgUnit: event.metadata.orgUnit,
      correlationId: event.metadata.correlationId,
      causationId: event.id,
      now: clock.now(),
    };
    await bus.execute(
      new ExecuteNotificationCommand(
        notificationIdFor(key, recipientId),
        {
          type: 'SendNotification',
          recipientId,
          kind: notice.kind,
          key,
          about,
          details: notice.details,
          stepOpen: true,
        },
        meta,
      ),
    );
  }

  return {
    name: 'step_notifications',
    eventTypes: NOTICE_EVENT_TYPES,
    async react(event) {
      if (!event.streamId.startsWith('application-')) return;
      if (clock.now().getTime() - Date.parse(event.metadata.recordedAt) > STEP_NOTICE_MAX_AGE_MS) return;
      let s: ApplicationState = applicationDecider.initialState;
      for (const e of await streamUpTo(store, event.streamId, event.version))
        s = applicationDecider.evolve(s, { type: e.type, data: e.data } as ApplicationEvent);
      const notice = noticeOf(event, s);
      if (!notice) return;
      if (notice.details?.score !== undefined) {
        // seed 003 §六4 / §七(二): unqualified below the policy's threshold means retraining, no hours.
        const policy = await policies.current(new Date(event.metadata.recordedAt));
        if (gradeOf(notice.details.score, policy.gradeThresholds) === 'unqualified')
          notice.details = { ...notice.details, retraining: true, hours: 0 };
      }
      let recipients: string[] = [];
      if (notice.recipients === 'committee_chairs') {
        let call = callDecider.initialState;
        for (const e of await streamUpTo(store, `call-${s.callId}`))
          call = callDecider.evolve(call, { type: e.type, data: e.data } as CallEvent);
        const callUnit = call.exists ? call.orgUnit : s.orgUnit;
        if (callUnit && isStarted(s) && s.orgUnit)
          recipients = await committeeChairs(pool, callUnit, s.orgUnit, s.applicantId);
      } else recipients = notice.recipients;
      for (const recipientId of [...new Set(recipients)]) {
        try {
          await send(event, notice, recipientId);
        } catch (err) {
          // One recipient the rules refuse (none expected) must not keep the others from being told.
          if (!(err instanceof DomainError)) throw err;
        }
      }
    },
  };
}
