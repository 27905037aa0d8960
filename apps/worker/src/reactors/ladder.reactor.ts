import type { CommandBus } from '@nestjs/cqrs';
import type { CommandMetadata, EventStore, Reactor, RecordedEvent } from '#libs/event-store';
import { ExecuteStudioCommand, ExecuteTeacherCommand, studioIdFor, type TeacherIntent } from '#libs/ladder';
import type { Level, PolicySource, Tier } from '#libs/policy';

/**
 * Turns facts recorded by other contexts into entries on the teacher's ladder record (issue #4):
 * - a registered teacher gets a record at the tier they were registered with;
 * - a completed training project grants its hours, citing the project and the completion record
 *   (DOMAIN.md "Hours and credits": hours are granted on completion of an approved project, and only then);
 * - an approved `tier_promotion` awards the tier (DOMAIN.md "The progression ladder");
 * - an approved `studio` application founds the studio, led by its master teacher (seed 000 §五(三));
 * - a mentor's sign-off credits the mentorship year, which may make a new teacher 青年教师 (seed 002 (三)4).
 * Each command's id derives from the event's, so a replay changes nothing (see Reactor).
 */
export function ladderReactor(store: EventStore, bus: CommandBus, policies: PolicySource): Reactor {
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
    eventTypes: ['UserRegistered', 'TrainingCompleted', 'ApplicationDecided', 'MentorshipYearSignedOff'],
    async react(event) {
      switch (event.type) {
        case 'UserRegistered': {
          const d = event.data as { userId: string; orgUnit: string; roles: string[]; tier: Tier | null };
          if (!d.roles.includes('teacher')) return;
          await send(
            d.userId,
            { type: 'OpenTeacherRecord', teacherId: d.userId, orgUnit: d.orgUnit, tier: d.tier ?? 'new' },
            meta(event, 'open-record'),
          );
          return;
        }
        case 'TrainingCompleted': {
          const d = event.data as {
            teacherId: string;
            hours: number;
            completedAt: string;
            projectLevel: Level;
          };
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
            },
            meta(event, 'grant-hours'),
          );
          return;
        }
        case 'ApplicationDecided': {
          if ((event.data as { decision: string }).decision !== 'approve') return;
          const app = await applicationFacts(store, event.streamId);
          if (app?.fields.kind === 'studio') {
            await bus.execute(
              new ExecuteStudioCommand(
                studioIdFor(idOf(event)),
                { type: 'FoundStudio', applicationId: idOf(event) },
                meta(event, 'found-studio'),
              ),
            );
            return;
          }
          if (app?.fields.kind !== 'tier_promotion' || !app.fields.targetTier) return;
          await send(
            app.applicantId,
            {
              type: 'AwardTier',
              tier: app.fields.targetTier,
              source: { type: 'promotion', applicationId: idOf(event) },
            },
            meta(event, 'award-tier'),
          );
          return;
        }
        case 'MentorshipYearSignedOff': {
          const d = event.data as {
            mentorId: string;
            menteeId: string;
            schoolYears: number;
            signedOffAt: string;
          };
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

/** The applicant and the latest fields of an application, read from its own events. */
async function applicationFacts(
  store: EventStore,
  streamId: string,
): Promise<{ applicantId: string; fields: { kind: string; targetTier?: Tier } } | null> {
  type Fields = { kind: string; targetTier?: Tier };
  let applicantId: string | null = null;
  let fields: Fields | null = null;
  for (const e of await store.readStream(streamId, { limit: 10_000 })) {
    const d = e.data as { applicantId?: string; fields?: Fields };
    if (e.type === 'ApplicationDrafted') applicantId = d.applicantId ?? null;
    if ((e.type === 'ApplicationDrafted' || e.type === 'DraftUpdated') && d.fields) fields = d.fields;
  }
  return applicantId && fields ? { applicantId, fields } : null;
}
