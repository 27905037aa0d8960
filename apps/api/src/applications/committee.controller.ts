import { BadRequestException, Controller, Get, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Clock } from '#libs/platform';
import { actingAs, actorOf } from '../http/request-context.js';
import { ApplicationQueries } from './application.queries.js';
import { parseLimit } from './applications.controller.js';

const STAGES = ['submitted', 'in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn'];

@Controller('api')
export class CommitteeController {
  constructor(
    private readonly queries: ApplicationQueries,
    private readonly clock: Clock,
  ) {}

  /** A reviewer's queue: assigned applications still under review, with due dates and overdue flags. */
  @Get('review-queue')
  async queue(@Req() req: FastifyRequest) {
    const actor = actorOf(req);
    actingAs(actor, 'reviewer');
    return this.queries.reviewQueue(actor, this.clock.now());
  }

  /** The chair's board by stage (an admin may read it too, for their subtree). */
  @Get('board')
  async board(@Req() req: FastifyRequest, @Query('stage') stage?: string, @Query('limit') limit?: string) {
    const actor = actorOf(req);
    actingAs(actor, actor.roles.includes('chair') ? 'chair' : 'admin');
    if (stage !== undefined && !STAGES.includes(stage))
      throw new BadRequestException(`stage must be one of ${STAGES.join(', ')}`);
    return this.queries.board(actor, this.clock.now(), stage, parseLimit(limit));
  }
}
