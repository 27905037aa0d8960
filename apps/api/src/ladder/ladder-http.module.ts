import { Module } from '@nestjs/common';
import { IdentityDirectoryModule } from '#libs/identity';
import { ReadYourWrites } from '../http/read-your-writes.js';
import { PoliciesController } from './policies.controller.js';
import { TeachersController } from './teachers.controller.js';

/** The progression ladder over HTTP (DOMAIN.md "The progression ladder"). */
@Module({
  // Identity's directory: which units an office oversees, and the names its lists show.
  imports: [IdentityDirectoryModule],
  controllers: [TeachersController, PoliciesController],
  providers: [ReadYourWrites],
})
export class LadderHttpModule {}
