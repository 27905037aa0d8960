import { ReadYourWrites } from '../http/read-your-writes.js';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  BadRequestException,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  StreamableFile,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import {
  ENTITY_KINDS,
  exportFile,
  historyOf,
  readAuditLog,
  showsAuditReads,
  readEntityStream,
  auditLogProjection,
  RecordAuditReadCommand,
  stateAsOf,
  visibleUnits,
  type AuditFilter,
  type EntityKind,
} from '#libs/audit';
import {
  decodePosition,
  verifyChain,
  withPositions,
  type EventLog,
  type EventStore,
} from '#libs/event-store';
import { IDENTITY_DIRECTORY, type IdentityDirectory } from '#libs/identity';
import { Clock, currentCorrelationId, EVENT_LOG, EVENT_STORE, PG_POOL } from '#libs/platform';
import { actorOf, type Actor } from '../auth/actor.js';
import { Roles } from '../auth/auth.decorators.js';
import { OrgScope } from '../auth/org-scope.service.js';
import { ValidationProblem } from '../http/problem.js';
import { commandMeta } from '../http/request-context.js';
import { AsOfQueryDto, AuditEventsQueryDto, AuditExportQueryDto, type AuditFilterDto } from './audit.dto.js';
import { ApiTags } from '@nestjs/swagger';
import { Endpoint } from '../http/openapi-schema.js';
import {
  AuditExport,
  AuditLogPage,
  ChainProgressLine,
  ChainReport,
  EntityAsOf,
  EntityHistory,
} from './audit.responses.js';

const ENTITY_ID = /^[A-Za-z0-9_.:-]{1,200}$/;

/**
 * The audit trail for admins (DOMAIN.md "Audit trail"): the global log, an entity's history and
 * its state as of any past point, verification of the hash chain, and the export. Admins only, and only
 * over their org unit and the units below it; every read is itself recorded as an `AuditRead` event
 * (`auditlog-<adminId>.<yyyymmddhh>`) through the command bus, before the answer leaves — so two reads
 * of one admin at the same moment may meet on that stream, and each endpoint can answer 409 (retry).
 */
@ApiTags('Audit')
@Controller('api/audit')
@Roles('admin')
export class AuditController {
  constructor(
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    private readonly scope: OrgScope,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    private readonly ryw: ReadYourWrites,
    @Inject(IDENTITY_DIRECTORY) private readonly directory: IdentityDirectory,
  ) {}

  /**
   * The chain verifier walks PostgreSQL's `events` and `streams` tables: with the log in KurrentDB it
   * would report an empty table as a clean log, so it refuses and names itself instead.
   */
  private chainPool(): pg.Pool {
    return this.log.postgresLog('The hash-chain check (POST /api/audit/verify)');
  }

  /** The global log, newest first, filtered; keyset pages of up to 200 by `cursor`. */
  @Get('events')
  @Endpoint({
    summary: 'The audit log, newest first, filtered, in keyset pages',
    ok: AuditLogPage,
    problems: [403, 409],
  })
  async events(@Query() q: AuditEventsQueryDto, @Req() req: FastifyRequest) {
    const actor = actorOf(req);
    const filter = toFilter(q);
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (limit < 1 || limit > 200)
      throw new ValidationProblem([{ field: 'limit', message: 'limit must be from 1 to 200' }]);
    const units = await this.unitsFor(actor, filter);
    // The reads recorded before this one (any admin's, on any api process) are on the page it asks for.
    if (showsAuditReads(filter)) await this.ryw.upToHead([auditLogProjection.name]);
    const page = await readAuditLog(this.pool, this.directory, filter, units, {
      limit,
      cursor: q.cursor ? decodePosition(q.cursor)! : undefined,
      order: q.order === 'asc' ? 'asc' : 'desc',
    });
    await this.recordRead(req, actor, 'GET /api/audit/events', { ...q }, page.items.length);
    return { ...page, limit };
  }

  /** The full timeline of an application, teacher, mentorship, studio or call, oldest first. */
  @Get('entities/:kind/:id')
  @Endpoint({
    summary: 'The full history of an application, teacher, mentorship, studio or call',
    ok: EntityHistory,
    problems: [403, 404, 409],
  })
  async history(@Param('kind') kind: string, @Param('id') id: string, @Req() req: FastifyRequest) {
    const actor = actorOf(req);
    const { stream, entityKind } = await this.entity(actor, kind, id);
    const events = await historyOf(this.pool, stream);
    const current = stateAsOf(entityKind, id, stream, null);
    await this.recordRead(req, actor, 'GET /api/audit/entities/:kind/:id', { kind, id }, events.length);
    return { ...current, orgUnit: stream.orgUnit, truncated: stream.truncated, events };
  }

  /** The entity's state as of a time (`at`) or a log position (`position`), replayed with its decider. */
  @Get('entities/:kind/:id/as-of')
  @Endpoint({
    summary: 'An entity’s state as of a time or a log position (exactly one of `at` and `position`)',
    ok: EntityAsOf,
    problems: [403, 404, 409],
  })
  async asOf(
    @Param('kind') kind: string,
    @Param('id') id: string,
    @Query() q: AsOfQueryDto,
    @Req() req: FastifyRequest,
  ) {
    const actor = actorOf(req);
    if ((q.at === undefined) === (q.position === undefined)) {
      throw new ValidationProblem([{ field: 'at', message: 'give exactly one of at or position' }]);
    }
    const { stream, entityKind } = await this.entity(actor, kind, id);
    const view = stateAsOf(
      entityKind,
      id,
      stream,
      q.at !== undefined ? { at: new Date(q.at) } : { position: decodePosition(q.position!)! },
    );
    await this.recordRead(req, actor, 'GET /api/audit/entities/:kind/:id/as-of', { kind, id, ...q }, 1);
    return { ...view, asOf: q.at !== undefined ? { at: q.at } : { position: q.position } };
  }

  /**
   * Walks every stream's hash chain (libs/event-store/src/verification/chain-verifier.ts) and reports each
   * altered, missing, reordered or inserted event with its stream, version and position. The chain is
   * one for the whole store, so the report covers it all, whichever admin asks.
   */
  @Post('verify')
  @HttpCode(200)
  @Endpoint({
    summary: 'Verify the hash chain of the whole store and report every finding',
    ok: ChainReport,
    problems: [409],
  })
  async verify(@Req() req: FastifyRequest) {
    const actor = actorOf(req);
    const pool = this.chainPool();
    const report = await verifyChain(pool);
    const findings = await withPositions(pool, report.findings);
    await this.recordRead(req, actor, 'POST /api/audit/verify', {}, findings.length);
    return { ...report, findings };
  }

  /**
   * The same verification with its progress (操作日志「校验完整性」): JSON Lines, one
   * `{"type":"progress","checked":n,"total":m}` line per batch walked, then one `{"type":"report",…}`
   * line with what `POST /verify` answers. A long log shows how far the walk is instead of a silent wait;
   * one request holds the whole walk, so no job state is kept between processes. The read is recorded
   * before the report line is written; should that fail, the last line is `{"type":"error",…}` instead.
   */
  @Post('verify/progress')
  @HttpCode(200)
  @Endpoint({
    summary: 'Verify the hash chain, streaming progress lines and then the report (JSON Lines)',
    ok: ChainProgressLine,
    produces: ['application/x-ndjson'],
    problems: [409],
  })
  verifyWithProgress(@Req() req: FastifyRequest) {
    const actor = actorOf(req);
    // Refused here, before the 200 and its stream begin (see chainPool).
    const pool = this.chainPool();
    // The stream is pulled after the handler returned, outside the request's context: keep its id now.
    const lines = this.verificationLines(pool, req, actor, currentCorrelationId() ?? randomUUID());
    return new StreamableFile(Readable.from(lines), { type: 'application/x-ndjson; charset=utf-8' });
  }

  private async *verificationLines(
    pool: pg.Pool,
    req: FastifyRequest,
    actor: Actor,
    correlationId: string,
  ): AsyncGenerator<string> {
    const total = (await this.store.countEvents()).count;
    yield `${JSON.stringify({ type: 'progress', checked: 0, total })}\n`;
    // About twenty steps whatever the log's size, never batches so small that the walk slows down.
    const batchSize = Math.min(5000, Math.max(25, Math.ceil(total / 20)));
    const pending: { checked: number; total: number }[] = [];
    let wake: (() => void) | null = null;
    let done = false;
    let failure: unknown = null;
    let report: Awaited<ReturnType<typeof verifyChain>> | null = null;
    void verifyChain(pool, {
      batchSize,
      onProgress: (p) => {
        pending.push({ checked: p.checked, total: Math.max(total, p.total) });
        wake?.();
      },
    }).then(
      (r) => {
        report = r;
        done = true;
        wake?.();
      },
      (err: unknown) => {
        failure = err;
        done = true;
        wake?.();
      },
    );
    for (;;) {
      while (pending.length) yield `${JSON.stringify({ type: 'progress', ...pending.shift()! })}\n`;
      if (done) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
    try {
      if (failure || !report) throw failure ?? new Error('verification ended without a report');
      const findings = await withPositions(
        pool,
        (report as Awaited<ReturnType<typeof verifyChain>>).findings,
      );
      await this.recordRead(
        req,
        actor,
        'POST /api/audit/verify/progress',
        {},
        findings.length,
        correlationId,
      );
      yield `${JSON.stringify({ type: 'report', ...(report as object), findings })}\n`;
    } catch {
      yield `${JSON.stringify({ type: 'error', correlationId })}\n`;
    }
  }

  /**
   * The filtered log as CSV or JSON Lines, oldest first, streamed in chunks (memory stays flat), with
   * each event's content, content hash and chain hashes: `node scripts/verify-export.mjs <file>` checks
   * it offline.
   */
  @Get('export')
  @Endpoint({
    summary: 'Export the filtered log as CSV or JSON Lines, with hashes for the offline check',
    ok: AuditExport,
    produces: ['text/csv', 'application/x-ndjson'],
    problems: [403, 409],
  })
  async export(@Query() q: AuditExportQueryDto, @Req() req: FastifyRequest) {
    const actor = actorOf(req);
    const filter = toFilter(q);
    const units = await this.unitsFor(actor, filter);
    await this.recordRead(req, actor, 'GET /api/audit/export', { ...q }, null);
    // An export that carries the trail's own reads carries every one recorded before it, its own too.
    if (showsAuditReads(filter)) await this.ryw.upToHead([auditLogProjection.name]);
    const csv = q.format === 'csv';
    const now = this.clock.now();
    // A header and a trailer (count, each stream's last row, a digest) around the rows: the offline
    // checker then finds a row deleted, moved or cut off the end, not only an edited one.
    const lines = exportFile(this.pool, this.store, filter, units, csv ? 'csv' : 'jsonl', now);
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    return new StreamableFile(Readable.from(lines), {
      type: csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      disposition: `attachment; filename="audit-${stamp}.${q.format}"`,
    });
  }

  /** Org units the admin may read, narrowed by the filter's unit; 403 for a unit outside their subtree. */
  private async unitsFor(actor: Actor, filter: AuditFilter): Promise<string[]> {
    const units = await visibleUnits(this.directory, actor.orgUnit, filter.orgUnit);
    if (units === null) throw new ForbiddenException('this org unit is outside yours');
    return units;
  }

  private async entity(actor: Actor, kind: string, id: string) {
    if (!(ENTITY_KINDS as readonly string[]).includes(kind)) {
      throw new ValidationProblem([
        { field: 'kind', message: `kind must be one of ${ENTITY_KINDS.join(', ')}` },
      ]);
    }
    if (!ENTITY_ID.test(id))
      throw new ValidationProblem([{ field: 'id', message: 'id must be an entity id' }]);
    const entityKind = kind as EntityKind;
    const stream = await readEntityStream(this.store, entityKind, id);
    if (!stream) throw new NotFoundException(`no ${kind} ${id}`);
    // DOMAIN.md "People and roles": an admin sees only their org unit and the units below it.
    if (!(await this.scope.isWithin(stream.orgUnit, actor.orgUnit))) {
      throw new ForbiddenException(`this ${kind} belongs to an org unit outside yours`);
    }
    return { stream, entityKind };
  }

  /** DOMAIN.md "Audit trail": the read is recorded before it is answered; no record, no answer. */
  private async recordRead(
    req: FastifyRequest,
    actor: Actor,
    endpoint: string,
    filters: Record<string, unknown>,
    resultCount: number | null,
    correlationId?: string,
  ): Promise<void> {
    const meta = commandMeta(req, actor, 'admin', this.clock.now());
    if (correlationId) meta.correlationId = meta.causationId = correlationId;
    // A record per read: an Idempotency-Key on a read would otherwise fold two reads into one record.
    meta.commandId = randomUUID();
    await this.commands.execute(
      new RecordAuditReadCommand({ endpoint, filters: stripUndefined(filters), resultCount }, meta),
    );
    // Answered without waiting for audit_log to hold this record: only a read that shows the trail's
    // own reads needs it, and that read waits for the log's head itself (showsAuditReads) — so every
    // default page no longer pays a worker batch for a row it leaves out.
  }
}

function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function toFilter(q: AuditFilterDto): AuditFilter {
  const from = q.from !== undefined ? new Date(q.from) : undefined;
  const to = q.to !== undefined ? new Date(q.to) : undefined;
  if (from && to && from > to) throw new BadRequestException('from must not be after to');
  return {
    actorId: q.actor,
    orgUnit: q.orgUnit,
    applicationKind: q.applicationKind,
    eventTypes: q.eventType?.split(','),
    entityKind: q.entityKind,
    from,
    to,
    includeAuditReads: q.includeAuditReads === 'true',
  };
}
