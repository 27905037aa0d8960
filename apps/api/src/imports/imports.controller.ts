import {
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  StreamableFile,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import { refuse, type EventStore } from '#libs/event-store';
import { IDENTITY_DIRECTORY, type IdentityDirectory } from '#libs/identity';
import { Clock, EVENT_STORE, PG_POOL } from '#libs/platform';
import { actorOf } from '../auth/actor.js';
import { Roles } from '../auth/auth.decorators.js';
import { Endpoint, oneOf } from '../http/openapi-schema.js';
import { ValidationProblem } from '../http/problem.js';
import { negotiateLanguage } from '../http/problem-i18n.js';
import { commandMeta } from '../http/request-context.js';
import { HOURS_RULES, hoursColumns, planHours } from './hours-import.js';
import { ImportJobs, type ImportKind } from './import-jobs.service.js';
import { issueMessage, type ImportPlan, type RowIssue } from './import-rows.js';
import { ImportDryRun, ImportJob, ImportJobList, Spreadsheet } from './imports.responses.js';
import { errorReport, readSheet, templateWorkbook, type ParsedSheet, type SheetColumn } from './sheet.js';
import { planUsers, USER_RULES, userColumns, schoolsWithin } from './user-import.js';

/** The media types an upload may be sent as; browsers label .csv as text/csv or application/vnd.ms-excel. */
export const UPLOAD_TYPES = [
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/csv',
  'application/vnd.ms-excel',
];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const UPLOAD_DOC = () => [
  ApiConsumes(...UPLOAD_TYPES),
  ApiBody({
    description:
      'The .xlsx or .csv file itself as the body (≤ 5 MB, ≤ 5,000 rows); X-File-Name may carry its name.',
    schema: { type: 'string', format: 'binary' },
  }),
];
const upload = (): MethodDecorator => (target, key, descriptor) => {
  for (const d of UPLOAD_DOC()) d(target, key, descriptor);
};
/** `users` (teachers into the directory) or `hours` (a project's attendees into their records). */
const KIND = () =>
  ApiParam({
    name: 'kind',
    enum: ['users', 'hours'],
    description: 'users: teachers; hours: hours of attendees.',
  });

/**
 * Bulk imports of the office console (UI.md §1.10): teachers into the directory, and hours of a
 * project's attendees into their records. Each has a template, a dry run that writes nothing, an error
 * report, and an import job that writes row by row through the same commands as one-at-a-time entry —
 * refused while any row is in error, idempotent by row. Admins only, within their org unit and below.
 */
@ApiTags('Imports')
@Controller('api/imports')
export class ImportsController {
  constructor(
    private readonly jobs: ImportJobs,
    private readonly clock: Clock,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(IDENTITY_DIRECTORY) private readonly directory: IdentityDirectory,
  ) {}

  @Get(':kind/template')
  @KIND()
  @Roles('admin')
  @Endpoint({
    summary: 'The import template (.xlsx): 填写说明, headers with comments, drop-downs, an example row',
    ok: Spreadsheet,
    produces: [XLSX],
  })
  async template(@Param('kind') kind: string, @Req() req: FastifyRequest) {
    const k = importKind(kind);
    const actor = actorOf(req);
    const schools = [...(await schoolsWithin(this.pool, actor.orgUnit)).keys()];
    const file = await templateWorkbook(
      k === 'users'
        ? { sheetName: '教师名单', title: '教师批量导入', columns: userColumns(schools), rules: USER_RULES }
        : { sheetName: '学时名单', title: '学时批量登记', columns: hoursColumns(), rules: HOURS_RULES },
    );
    return new StreamableFile(file, {
      type: XLSX,
      disposition: contentDisposition(k === 'users' ? '教师导入模板.xlsx' : '学时导入模板.xlsx'),
    });
  }

  @Post(':kind/dry-run')
  @KIND()
  @Roles('admin')
  @HttpCode(200)
  @upload()
  @Endpoint({
    summary: 'Check a file without writing anything: counts and every bad row (预检)',
    ok: ImportDryRun,
  })
  async dryRun(@Param('kind') kind: string, @Req() req: FastifyRequest) {
    const k = importKind(kind);
    const { sheet, plan } = await this.plan(k, req);
    const lang = negotiateLanguage(req.headers['accept-language']);
    return {
      kind: k,
      format: sheet.format,
      total: plan.total,
      ready: plan.ready.length,
      skipped: plan.skipped.length,
      invalid: new Set(plan.issues.map((i) => i.line)).size,
      issues: plan.issues.map((i) => ({
        line: i.line,
        column: i.column,
        value: i.value,
        code: i.code,
        message: issueMessage(i, lang),
      })),
    };
  }

  @Post(':kind/error-report')
  @KIND()
  @Roles('admin')
  @HttpCode(200)
  @upload()
  @Endpoint({
    summary: 'The file back with a 错误说明 column (下载错误报告)',
    ok: Spreadsheet,
    produces: [XLSX],
  })
  async report(@Param('kind') kind: string, @Req() req: FastifyRequest) {
    const k = importKind(kind);
    const { sheet, plan } = await this.plan(k, req);
    const lang = negotiateLanguage(req.headers['accept-language']);
    const byLine = new Map<number, string[]>();
    for (const i of plan.issues)
      byLine.set(i.line, [...(byLine.get(i.line) ?? []), `${i.column}：${issueMessage(i, lang)}`]);
    const file = await errorReport(sheet, byLine, k === 'users' ? '教师名单' : '学时名单');
    return new StreamableFile(file, { type: XLSX, disposition: contentDisposition('错误报告.xlsx') });
  }

  @Post(':kind')
  @KIND()
  @Roles('admin')
  @HttpCode(202)
  @upload()
  @Endpoint({
    summary: 'Import a file with no bad row: starts a job (progress by rows; the page may be left)',
    status: 202,
    ok: ImportJob,
    headers: ['Idempotency-Key'],
    problems: [422],
  })
  async start(@Param('kind') kind: string, @Req() req: FastifyRequest) {
    const k = importKind(kind);
    const actor = actorOf(req);
    const { plan } = await this.plan(k, req);
    const invalid = new Set(plan.issues.map((i) => i.line)).size;
    if (invalid > 0)
      throw refuse('import_has_errors', 'rows of the file are in error: fix them and upload it again', {
        invalid,
      });
    const lang = negotiateLanguage(req.headers['accept-language']);
    const meta = commandMeta(req, actor, 'admin', this.clock.now());
    const id = await this.jobs.start(
      k,
      plan.ready as never[],
      plan.skipped.length,
      meta,
      fileName(req),
      (code, details) => issueMessage({ line: 0, column: '', value: '', code, details } as RowIssue, lang),
    );
    const { actorId: _a, orgUnit: _o, ...job } = (await this.jobs.get(id))!;
    return job;
  }

  private async plan(
    kind: ImportKind,
    req: FastifyRequest,
  ): Promise<{ sheet: ParsedSheet; plan: ImportPlan<object> }> {
    const actor = actorOf(req);
    if (!Buffer.isBuffer(req.body))
      throw new UnsupportedMediaTypeException(
        'file: send the .xlsx or .csv file itself as the body (application/octet-stream, text/csv or the .xlsx type)',
      );
    const columns: SheetColumn[] = kind === 'users' ? userColumns([]) : hoursColumns();
    const sheet = await readSheet(req.body, columns);
    const plan =
      kind === 'users'
        ? await planUsers(this.pool, sheet, actor.orgUnit)
        : await planHours(this.directory, this.store, sheet, actor, this.clock.now());
    return { sheet, plan };
  }
}

function importKind(kind: string): ImportKind {
  if (kind !== 'users' && kind !== 'hours')
    throw new ValidationProblem([{ field: 'kind', message: 'kind must be one of users, hours' }]);
  return kind;
}

function fileName(req: FastifyRequest): string | null {
  const raw = req.headers['x-file-name'];
  if (typeof raw !== 'string') return null;
  try {
    return decodeURIComponent(raw).slice(0, 200);
  } catch {
    return null;
  }
}

/** RFC 6266 with a UTF-8 name for browsers and an ASCII fallback. */
function contentDisposition(name: string): string {
  return `attachment; filename="import.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The import jobs (UI.md §1.10 step 4): progress by rows, then the result; each is its admin's. */
@ApiTags('Imports')
@Controller('api/import-jobs')
export class ImportJobsController {
  constructor(private readonly jobs: ImportJobs) {}

  @Get()
  @Roles('admin')
  @Endpoint({
    summary: 'Your ten latest import jobs (to reopen one)',
    ok: ImportJobList,
    query: { kind: { schema: oneOf(['users', 'hours']) } },
  })
  async recent(@Req() req: FastifyRequest, @Query('kind') kind?: string) {
    const k = kind === undefined ? undefined : importKind(kind);
    return { items: await this.jobs.recent(actorOf(req).id, k) };
  }

  @Get(':id')
  @Roles('admin')
  @Endpoint({ summary: 'An import job: progress by rows, then the result', ok: ImportJob, problems: [404] })
  async job(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: FastifyRequest) {
    const job = await this.jobs.get(id);
    if (!job) throw new NotFoundException(`no import job ${id}`);
    // A job is its admin's: another admin learns nothing of it.
    if (job.actorId !== actorOf(req).id) throw new NotFoundException(`no import job ${id}`);
    const { actorId: _a, orgUnit: _o, ...shown } = job;
    return shown;
  }
}
