import { Module } from '@nestjs/common';
import { ReadYourWrites } from '../http/read-your-writes.js';
import { PoliciesController } from './policies.controller.js';
import { TeachersController } from './teachers.controller.js';

/** The progression ladder over HTTP (DOMAIN.md "The progression ladder"). */
@Module({
  controllers: [TeachersController, PoliciesController],
  providers: [ReadYourWrites],
})
export class LadderHttpModule {}
