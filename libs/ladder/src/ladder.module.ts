import { Module } from '@nestjs/common';
import { IdentityDirectoryModule } from '#libs/identity';
import { MentorshipCommandHandler } from './mentorship/mentorship.handler.js';
import { StudioCommandHandler } from './studio/studio.handler.js';
import { TeacherCommandHandler } from './teacher/teacher.handler.js';

/**
 * The ladder context's command handlers, one per stream type (ARCHITECTURE.md "Between contexts": one
 * Nest module per context, which the api and the worker compose — the ladder reactor sends teacher and
 * studio commands from the worker). Reads the policy source of the global PolicyModule; asks identity's
 * directory (people, units, "within") through its port, and publishes its own conflict-of-interest
 * relations as LadderRelationsModule.
 */
@Module({
  imports: [IdentityDirectoryModule],
  providers: [TeacherCommandHandler, MentorshipCommandHandler, StudioCommandHandler],
})
export class LadderModule {}
