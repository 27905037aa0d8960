import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  UnprocessableEntityException,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  IsArray,
  ArrayMaxSize,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  DOCUMENTS_MAX,
  ExecuteAnnualSummaryCommand,
  SUMMARY_LEVELS,
  SUMMARY_MAX,
  annualSummaryDecider,
  annualSummaryDueAt,
  annualSummaryId,
  currentSummaryYear,
  type AnnualSummaryEvent,
} from '#libs/approval';
import { encodePosition, type EventStore } from '#libs/event-store';
import { Clock, EVENT_STORE } from '#libs/platform';
import { OrgScope } from '../auth/org-scope.service.js';
import { actingAs, actorOf, commandMeta } from '../http/request-context.js';
import { ApiTags } from '@nestjs/swagger';
import { Endpoint, str } from '../http/openapi-schema.js';
import { AnnualSummaryList, AnnualSummarySubmitted } from '../applications/application.responses.js';

export class SubmitAnnualSummaryDto {
  @IsInt() @Min(2000) @Max(9999) year!: number;
  @IsString()
  @Length(1, SUMMARY_MAX)
  @Matches(/\S/, { message: 'summary must not be blank' })
  summary!: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(DOCUMENTS_MAX)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  documents?: string[];
}

/** How many past years the listing shows. */
const YEARS_LISTED = 5;

/**
 * An office's annual summary (seed 004 §三: by the end of February). Its admins submit it; the admins
 * of the office and of the offices above read it. Its deadline, reminders and escalation run in the
 * worker (steps in libs/deadlines/src/timers/steps.ts).
 */
@ApiTags('Annual summaries')
@Controller('api/org-units/:id/annual-summaries')
export class AnnualSummariesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    private readonly scope: OrgScope,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post()
  @HttpCode(201)
  @Endpoint({
    summary: 'Submit your office’s annual training summary (by the end of February)',
    status: 201,
    ok: AnnualSummarySubmitted,
    answers: ['Location'],
    headers: ['Idempotency-Key'],
    problems: [403, 404, 422],
  })
  async submit(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: SubmitAnnualSummaryDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actor = actorOf(req);
    const role = actingAs(actor, 'admin');
    await this.office(id, actor.orgUnit);
    // The office reports for itself: an admin above it reads, but does not write, its summary.
    if (actor.orgUnit !== id) throw new ForbiddenException('only the office’s own admins submit its summary');
    const outcome = await this.commands.execute(
      new ExecuteAnnualSummaryCommand(
        {
          type: 'SubmitAnnualSummary',
          orgUnit: id,
          year: body.year,
          summary: body.summary,
          documents: body.documents ?? [],
        },
        commandMeta(req, actor, role, this.clock.now()),
      ),
    );
    void reply.header('location', `/api/org-units/${id}/annual-summaries?year=${body.year}`);
    return {
      orgUnit: id,
      year: body.year,
      submittedAt: outcome.state.submittedAt,
      events: outcome.events.map((e) => e.type),
      position: outcome.position ? encodePosition(outcome.position) : null,
    };
  }

  /** The office's summaries of the last years (or one year): submitted or not, due when, late or not. */
  @Get()
  @Endpoint({
    summary: 'An office’s annual summaries of the last five years (or one year)',
    ok: AnnualSummaryList,
    query: { year: { schema: str({ pattern: '^\\d{4}$' }), description: 'Only this year.' } },
    problems: [403, 404, 422],
  })
  async list(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: FastifyRequest,
    @Query('year') year?: string,
  ) {
    const actor = actorOf(req);
    actingAs(actor, 'admin');
    await this.office(id, actor.orgUnit);
    if (year !== undefined && !/^\d{4}$/.test(year))
      throw new BadRequestException('year must be a four-digit year');
    const last = currentSummaryYear(this.clock.now());
    const years = year ? [Number(year)] : Array.from({ length: YEARS_LISTED }, (_, i) => last - i);
    const items = [];
    for (const y of years) {
      const events = await this.store.readStream(`annualsummary-${annualSummaryId(y, id)}`, { limit: 10 });
      const state = events.reduce(
        (st, e) => annualSummaryDecider.evolve(st, { type: e.type, data: e.data } as AnnualSummaryEvent),
        annualSummaryDecider.initialState,
      );
      const submitted = events.find((e) => e.type === 'AnnualSummarySubmitted')?.data as
        { summary: string; documents: string[]; late: boolean } | undefined;
      items.push({
        year: y,
        dueAt: annualSummaryDueAt(y),
        submitted: state.submittedAt !== null,
        submittedAt: state.submittedAt,
        submittedBy: state.submittedBy,
        late: submitted?.late ?? false,
        overdue: state.overdue,
        summary: submitted?.summary ?? null,
        documents: submitted?.documents ?? [],
      });
    }
    return { orgUnit: id, items };
  }

  /** The org unit must exist, be an office (not a school), and be within the admin's scope. */
  private async office(id: string, actorUnit: string): Promise<void> {
    const unit = await this.scope.unit(id);
    if (!unit || !(await this.scope.isWithin(id, actorUnit)))
      throw new NotFoundException(`no org unit ${id}`);
    if (!SUMMARY_LEVELS.includes(unit.level))
      throw new UnprocessableEntityException(`a ${unit.level} does not submit an annual summary`);
  }
}
