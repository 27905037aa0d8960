import type { CommandBus } from '@nestjs/cqrs';
import {
  dataOf,
  type CommandMetadata,
  type EventStore,
  type Reactor,
  type RecordedEvent,
} from '#libs/event-store';
import type { UserEvent } from '#libs/identity';
import type { ApprovalEventForLadder } from './inbound/approval-events.js';
import type { MentorshipEvent } from './mentorship/mentorship.decider.js';
import { ExecuteStudioCommand, studioIdFor } from './studio/studio.handler.js';
import { ExecuteTeacherCommand, type TeacherIntent } from './teacher/teacher.handler.js';
import type { PolicySource } from '#libs/policy';

/**
 * Turns facts recorded by other contexts into entries on the teacher's ladder record (DOMAIN.md "The progression ladder"):
 * - a registered teacher gets a record at the tier they were registered with, which follows them when
 *   they are transferred to another unit;
 * - a completed training project grants its hours, citing the project and the completion record
 *   (DOMAIN.md "Hours and credits": hours are granted on completion of an approved project, and only then),
 *   with the trainee's assessed score: below the qualified score the ladder grants none and marks the
 *   teacher for retraining (seed 003 §六4);
 * - an approved `tier_promotion` awards the tier (DOMAIN.md "The progression ladder"), from the decision
 *   alone: `ApplicationDecided` (v2, older ones upcast on read) names the applicant, kind and tier;
 * - an approved `studio` application founds the studio, led by its master teacher (seed 000 §五(三));
 * - a mentor's sign-off credits the mentorship year, which may make a new teacher 青年教师 (seed 002 (三)4).
 * Each command's id derives from the event's, so a replay changes nothing (see Reactor).
 */
export function ladderReactor(_store: EventStore, bus: CommandBus, policies: PolicySource): Reactor {
  const meta = (event: RecordedEvent, reaction: string): CommandMetadata => ({
    commandId: `${reaction}:${event.id}`,
    actorId: 'system',
    actorRole: 'system',
    orgUnit: event.metadata.orgUnit,
    correlationId: event.metadata.correlationId,
    causationId: event.id,
    // The fact's own time: a replay decides exactly as the first run did.
    now: new Date(event.metadata.recordedAt),
  });
  const send = (teacherId: string, intent: TeacherIntent, m: CommandMetadata) =>
    bus.execute(new ExecuteTeacherCommand(teacherId, intent, m));
  const idOf = (event: RecordedEvent) => event.streamId.slice(event.streamId.indexOf('-') + 1);

  return {
    name: 'ladder_reactor',
    eventTypes: [
      'UserRegistered',
      'UserTransferred',
      'TrainingCompleted',
      'ApplicationDecided',
      'MentorshipYearSignedOff',
    ],
    async react(event) {
      switch (event.type) {
        case 'UserRegistered': {
          const d = dataOf<UserEvent, 'UserRegistered'>(event, 'UserRegistered');
          if (!d.roles.includes('teacher')) return;
          await send(
            d.userId,
            { type: 'OpenTeacherRecord', teacherId: d.userId, orgUnit: d.orgUnit, tier: d.tier ?? 'new' },
            meta(event, 'open-record'),
          );
          return;
        }
        case 'UserTransferred': {
          // The teacher's record follows them to their new school (the decider ignores non-teachers).
          const d = dataOf<UserEvent, 'UserTransferred'>(event, 'UserTransferred');
          await send(
            idOf(event),
            { type: 'MoveTeacherRecord', orgUnit: d.toOrgUnit },
            meta(event, 'move-record'),
          );
          return;
        }
        case 'TrainingCompleted': {
          const d = dataOf<ApprovalEventForLadder, 'TrainingCompleted'>(event, 'TrainingCompleted');
          // Credits by the policy in force when the training was completed (replays decide the same).
          const policy = await policies.current(new Date(event.metadata.recordedAt));
          const perHour = policy.ladder.creditsPerHour ?? 1; // versions published before the setting: 1
          await send(
            d.teacherId,
            {
              type: 'GrantHours',
              hours: d.hours,
              credits: Math.round(d.hours * perHour * 100) / 100,
              level: d.projectLevel,
              kind: 'training',
              completedAt: d.completedAt,
              source: { type: 'training_project', id: idOf(event), approvingRecord: event.id },
              ...(d.score !== undefined && { score: d.score }),
            },
            meta(event, 'grant-hours'),
          );
          return;
        }
        case 'ApplicationDecided': {
          // Approval's published `ApplicationDecided` (v2), as the ladder's stated contract reads it
          // (inbound/approval-events.ts; approval checks its events against it at compile time).
          const d = dataOf<ApprovalEventForLadder, 'ApplicationDecided'>(event, 'ApplicationDecided');
          if (d.decision !== 'approve') return;
          if (d.kind === 'studio') {
            await bus.execute(
              new ExecuteStudioCommand(
                studioIdFor(idOf(event)),
                { type: 'FoundStudio', applicationId: idOf(event) },
                meta(event, 'found-studio'),
              ),
            );
            return;
          }
          if (d.kind !== 'tier_promotion' || !d.targetTier) return;
          await send(
            d.applicantId,
            {
              type: 'AwardTier',
              tier: d.targetTier,
              source: { type: 'promotion', applicationId: idOf(event) },
            },
            meta(event, 'award-tier'),
          );
          return;
        }
        case 'MentorshipYearSignedOff': {
          const d = dataOf<MentorshipEvent, 'MentorshipYearSignedOff'>(event, 'MentorshipYearSignedOff');
          await send(
            d.menteeId,
            {
              type: 'CreditMentorshipYear',
              mentorshipId: idOf(event),
              mentorId: d.mentorId,
              schoolYears: d.schoolYears,
              signedOffAt: d.signedOffAt,
            },
            meta(event, 'credit-mentorship'),
          );
          return;
        }
      }
    },
  };
}
