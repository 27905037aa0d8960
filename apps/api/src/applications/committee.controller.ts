import { BadRequestException, Controller, Get, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Clock } from '#libs/platform';
import { actingAs, actorOf } from '../http/request-context.js';
import { ApplicationQueries, decodeQueueCursor, REVIEW_QUEUE_PAGE } from './application.queries.js';
import { parseLimit } from './applications.controller.js';
import { ApiTags } from '@nestjs/swagger';
import { Endpoint, limitQuery, oneOf, str } from '../http/openapi-schema.js';
import { Board, ReviewQueue } from './application.responses.js';
import { ValidationProblem } from '../http/problem.js';

const STAGES = ['submitted', 'in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn'];

@ApiTags('Committee')
@Controller('api')
export class CommitteeController {
  constructor(
    private readonly queries: ApplicationQueries,
    private readonly clock: Clock,
  ) {}

  /**
   * A reviewer's queue: assigned applications still under review, with due dates and overdue flags, in
   * keyset pages of 50 by due date (`nextCursor` says where the next one starts, null when none follows).
   */
  @Get('review-queue')
  @Endpoint({
    summary: 'Your review queue, by due date, with overdue flags, in keyset pages',
    ok: ReviewQueue,
    query: {
      cursor: {
        schema: str({ maxLength: 200 }),
        description: '`nextCursor` of the previous page (opaque: send it back as given).',
      },
      submitted: {
        schema: oneOf(['true', 'false']),
        description: 'Only tasks whose review of the current revision is (true) or is not yet (false) in.',
      },
      ...limitQuery(),
    },
  })
  async queue(
    @Req() req: FastifyRequest,
    @Query('cursor') cursor?: string,
    @Query('submitted') submitted?: string,
    @Query('limit') limit?: string,
  ) {
    const actor = actorOf(req);
    actingAs(actor, 'reviewer');
    const after = cursor === undefined ? undefined : decodeQueueCursor(cursor);
    const errors = [
      ...(after === null
        ? [{ field: 'cursor', message: 'cursor must be a nextCursor this API gave out' }]
        : []),
      ...(submitted !== undefined && submitted !== 'true' && submitted !== 'false'
        ? [{ field: 'submitted', message: 'submitted must be one of true, false' }]
        : []),
    ];
    if (errors.length > 0) throw new ValidationProblem(errors);
    return this.queries.reviewQueue(actor, this.clock.now(), {
      limit: limit === undefined ? REVIEW_QUEUE_PAGE : parseLimit(limit),
      after: after ?? undefined,
      submitted: submitted === undefined ? undefined : submitted === 'true',
    });
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
