import { BadRequestException, Controller, Get, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Clock } from '#libs/platform';
import { actingAs, actorOf } from '../http/request-context.js';
import { ApplicationQueries } from './application.queries.js';
import { parseLimit } from './applications.controller.js';
import { ApiTags } from '@nestjs/swagger';
import { Endpoint, limitQuery, oneOf } from '../http/openapi-schema.js';
import { Board, ReviewQueue } from './application.responses.js';

const STAGES = ['submitted', 'in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn'];

@ApiTags('Committee')
@Controller('api')
export class CommitteeController {
  constructor(
    private readonly queries: ApplicationQueries,
    private readonly clock: Clock,
  ) {}

  /** A reviewer's queue: assigned applications still under review, with due dates and overdue flags. */
  @Get('review-queue')
  @Endpoint({ summary: 'Your review queue, by due date, with overdue flags', ok: ReviewQueue })
  async queue(@Req() req: FastifyRequest) {
    const actor = actorOf(req);
    actingAs(actor, 'reviewer');
    return this.queries.reviewQueue(actor, this.clock.now());
  }

  /** The chair's board by stage (an admin may read it too, for their subtree). */
  @Get('board')
  @Endpoint({
    summary: 'The chair’s board: applications of your unit and below by stage, with counts',
    ok: Board,
    query: { stage: { schema: oneOf(STAGES), description: 'Only this stage.' }, ...limitQuery() },
  })
  async board(@Req() req: FastifyRequest, @Query('stage') stage?: string, @Query('limit') limit?: string) {
    const actor = actorOf(req);
    actingAs(actor, actor.roles.includes('chair') ? 'chair' : 'admin');
    if (stage !== undefined && !STAGES.includes(stage))
      throw new BadRequestException(`stage must be one of ${STAGES.join(', ')}`);
    return this.queries.board(actor, this.clock.now(), stage, parseLimit(limit));
  }
}
