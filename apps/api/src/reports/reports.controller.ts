import {
  Controller,
  ForbiddenException,
  Get,
  Inject,
  NotFoundException,
  Param,
  Query,
  Req,
  StreamableFile,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { isSchoolYear, schoolYearOf, startYearOf } from '#libs/ladder';
import { Clock } from '#libs/platform';
import { POLICY_SOURCE, type PolicySource } from '#libs/policy';
import { actorOf } from '../auth/actor.js';
import { Roles } from '../auth/auth.decorators.js';
import { OrgScope } from '../auth/org-scope.service.js';
import { Endpoint } from '../http/openapi-schema.js';
import { ValidationProblem } from '../http/problem.js';
import { ReportQueryDto } from './reports.dto.js';
import { REPORT_NAMES, ReportQueries, type ReportName } from './reports.queries.js';
import {
  ApplicationsReport,
  CreditsReport,
  HoursReport,
  OverdueReport,
  ReportWorkbook,
  TiersReport,
} from './reports.responses.js';
import { reportFileName, reportWorkbook } from './reports.xlsx.js';

const SCOPE_PROBLEMS = [403, 404];

/**
 * The office's reports (统计报表, UI.md §5; DOMAIN.md "Hours and credits", "The approval pipeline",
 * "Deadlines and reminders"): per org unit and school year, with one row per unit below so the page
 * drills down city → district → school, and each as .xlsx. Admins only, over their unit and below
 * (DOMAIN.md "an admin sees only their org unit and the units below it").
 */
@ApiTags('Reports')
@Controller('api/reports')
@Roles('admin')
export class ReportsController {
  constructor(
    private readonly clock: Clock,
    private readonly scope: OrgScope,
    private readonly queries: ReportQueries,
    @Inject(POLICY_SOURCE) private readonly policies: PolicySource,
  ) {}

  @Get('tiers')
  @Endpoint({
    summary: 'Teachers per tier (层级分布) in a unit and each unit below it',
    ok: TiersReport,
    problems: SCOPE_PROBLEMS,
  })
  tiers(@Query() q: ReportQueryDto, @Req() req: FastifyRequest) {
    return this.report('tiers', q, req);
  }

  @Get('hours')
  @Endpoint({
    summary: 'Annual hours against the requirement, with every teacher short of it (学时完成)',
    ok: HoursReport,
    problems: SCOPE_PROBLEMS,
  })
  hours(@Query() q: ReportQueryDto, @Req() req: FastifyRequest) {
    return this.report('hours', q, req);
  }

  @Get('credits')
  @Endpoint({
    summary: 'The school year’s credits by level against the target split (学分结构)',
    ok: CreditsReport,
    problems: SCOPE_PROBLEMS,
  })
  credits(@Query() q: ReportQueryDto, @Req() req: FastifyRequest) {
    return this.report('credits', q, req);
  }

  @Get('applications')
  @Endpoint({
    summary: 'Applications by kind and stage, approval rates and average review time (申报统计)',
    ok: ApplicationsReport,
    problems: SCOPE_PROBLEMS,
  })
  applications(@Query() q: ReportQueryDto, @Req() req: FastifyRequest) {
    return this.report('applications', q, req);
  }

  @Get('overdue')
  @Endpoint({
    summary: 'Steps that went overdue, and whether they were done since (逾期事项)',
    ok: OverdueReport,
    problems: SCOPE_PROBLEMS,
  })
  overdue(@Query() q: ReportQueryDto, @Req() req: FastifyRequest) {
    return this.report('overdue', q, req);
  }

  /** The report as .xlsx, named 统计报表_<报表>_YYYYMMDD-HHmm.xlsx (UI.md §1.11). */
  @Get(':name/export')
  @Endpoint({
    summary: 'A report as an .xlsx workbook with Chinese headers',
    ok: ReportWorkbook,
    produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    problems: SCOPE_PROBLEMS,
  })
  async export(@Param('name') name: string, @Query() q: ReportQueryDto, @Req() req: FastifyRequest) {
    if (!(REPORT_NAMES as readonly string[]).includes(name))
      throw new ValidationProblem([
        { field: 'name', message: `name must be one of ${REPORT_NAMES.join(', ')}` },
      ]);
    const body = await this.report(name as ReportName, q, req);
    const now = new Date(body.generatedAt);
    const file = reportFileName(name as ReportName, now);
    return new StreamableFile(await reportWorkbook(name as ReportName, body, now), {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      // RFC 6266/5987: the Chinese name for browsers, an ASCII one for anything older.
      disposition: `attachment; filename="report-${name}.xlsx"; filename*=UTF-8''${encodeURIComponent(file)}`,
    });
  }

  private async report(name: ReportName, q: ReportQueryDto, req: FastifyRequest) {
    const actor = actorOf(req);
    const now = this.clock.now();
    const current = schoolYearOf(now);
    const schoolYear = q.schoolYear ?? current;
    if (!isSchoolYear(schoolYear))
      throw new ValidationProblem([{ field: 'schoolYear', message: 'schoolYear must look like 2026-2027' }]);
    if (startYearOf(schoolYear) > startYearOf(current))
      throw new ValidationProblem([
        { field: 'schoolYear', message: 'schoolYear must not be after the current school year' },
      ]);
    const unitId = q.orgUnit ?? actor.orgUnit;
    const unit = await this.queries.unit(unitId);
    if (!unit) throw new NotFoundException(`no org unit ${unitId}`);
    if (!(await this.scope.isWithin(unit.id, actor.orgUnit)))
      throw new ForbiddenException('this org unit is outside yours');
    const policy = await this.policies.current(now);
    const ctx = { unit: { id: unit.id, name: unit.name, level: unit.level }, schoolYear, policy, now };
    const figures = await this.queries[name](ctx);
    return {
      report: name,
      unit: ctx.unit,
      schoolYear,
      policyVersion: policy.version,
      generatedAt: now.toISOString(),
      ...figures,
    };
  }
}
