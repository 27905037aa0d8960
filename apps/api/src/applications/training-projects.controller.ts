import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Endpoint, limitQuery } from '../http/openapi-schema.js';
import { TrainingProjects } from './application.responses.js';
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../http/request-context.js';
import { ApplicationQueries } from './application.queries.js';
import { parseLimit } from './applications.controller.js';

/**
 * DOMAIN.md "The approval pipeline" stage 4 (run, enrol): teachers find the approved training projects
 * that are running within their reach and enrol themselves (`POST /api/applications/:id/enrolments`).
 */
@ApiTags('Training projects')
@Controller('api/training-projects')
export class TrainingProjectsController {
  constructor(private readonly queries: ApplicationQueries) {}

  @Get()
  @Endpoint({
    summary:
      'Approved, running training projects within your reach, with places left and whether you are enrolled',
    ok: TrainingProjects,
    query: limitQuery(200),
  })
  async list(@Req() req: FastifyRequest, @Query('limit') limit?: string) {
    return this.queries.trainingProjects(actorOf(req), parseLimit(limit, 200));
  }
}
