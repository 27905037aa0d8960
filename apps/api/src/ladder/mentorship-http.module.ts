import { Module } from '@nestjs/common';
import { OpenApprovalStepsModule } from '#libs/approval';
import { IdentityDirectoryModule } from '#libs/identity';
import { ReadYourWrites } from '../http/read-your-writes.js';
import { MentorshipsController } from './mentorships.controller.js';
import { StudiosController } from './studios.controller.js';

/**
 * Mentorships and studios over HTTP (DOMAIN.md "The progression ladder"). Their command handlers live in
 * the ladder's LadderModule (libs/ladder), which the app and the worker both compose, so a worker's
 * reactors and timers can send those commands too. Needs the app's global modules: CqrsModule,
 * DatabaseModule (pool, store, clock), PolicyModule and IdentityHttpModule (guard, OrgScope).
 */
@Module({
  // Names, usernames and units are asked of identity's directory, approved studio applications of
  // approval's OpenApprovalSteps: never read from their tables (ARCHITECTURE.md "Between contexts").
  imports: [IdentityDirectoryModule, OpenApprovalStepsModule],
  controllers: [MentorshipsController, StudiosController],
  providers: [ReadYourWrites],
})
export class MentorshipHttpModule {}
