import { randomUUID } from 'node:crypto';
import {
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  Logger,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import {
  applicationDecider,
  evidenceDecider,
  ExecuteEvidenceCommand,
  type EvidenceState,
} from '#libs/approval';
import { DomainError, loadState, notFound, type CommandOutcome, type EventStore } from '#libs/event-store';
import {
  APP_CONFIG,
  BLOB_STORE,
  Clock,
  EVENT_STORE,
  PG_POOL,
  readVerified,
  type AppConfig,
  type BlobStore,
} from '#libs/platform';
import { ApplicationQueries } from '../applications/application.queries.js';
import { Endpoint } from '../http/openapi-schema.js';
import { actorOf, commandMeta } from '../http/request-context.js';
import { EvidenceUploadQueryDto } from './evidence.dto.js';
import { AttachmentContent, EVIDENCE_TYPES, EvidenceUploaded } from './evidence.responses.js';

/**
 * Evidence files (DOMAIN.md stage 1: promotion evidence, studio and school plans, syllabi are files):
 * an applicant uploads a file, then attaches its id to their application; the applicant, the assigned
 * reviewers and the committee (a chair or admin over the application's org unit) download it.
 */
@ApiTags('Evidence')
@Controller('api')
export class EvidenceController {
  private readonly logger = new Logger('Evidence');

  constructor(
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    private readonly queries: ApplicationQueries,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('evidence')
  @HttpCode(201)
  @ApiConsumes(...EVIDENCE_TYPES, 'application/octet-stream')
  @ApiBody({
    schema: {
      type: 'string',
      format: 'binary',
      description:
        'The file’s bytes as the body. Its type is read from the content (PDF, PNG, JPEG, GIF, WebP, ' +
        'Word, Excel, PowerPoint — Office 2007 and 97-2003); a declared type that the content contradicts ' +
        'is refused (415). Larger than UPLOAD_LIMIT_BYTES (20 MB by default): 413.',
    },
  })
  @Endpoint({
    summary: 'Upload an evidence file (the raw file as the body, its name in ?name=)',
    status: 201,
    ok: EvidenceUploaded,
    problems: [413, 415],
  })
  async upload(
    @Query() query: EvidenceUploadQueryDto,
    @Req() req: FastifyRequest,
  ): Promise<Record<string, unknown>> {
    const actor = actorOf(req);
    const body = req.body;
    // No body, or a JSON one: the file itself is what this route takes.
    if (body === undefined || body === null)
      throw new DomainError('invalid', 'file_empty', 'the file is empty', { field: 'file' });
    if (!Buffer.isBuffer(body)) {
      throw new DomainError(
        'unsupported_media_type',
        'file_body_required',
        'send the file’s bytes as the body, with its type or application/octet-stream as Content-Type',
        { field: 'file' },
      );
    }
    const declaredType = (req.headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.trim();
    // The uploader acts as who they are (any role may attach files to their own applications).
    const meta = commandMeta(req, actor, actor.roles[0] ?? 'teacher', this.clock.now());
    const id = randomUUID();
    const outcome: CommandOutcome<EvidenceState> = await this.commands.execute(
      new ExecuteEvidenceCommand(
        id,
        {
          type: 'UploadEvidence',
          bytes: body,
          name: query.name,
          declaredType,
          limitBytes: this.config.uploadLimitBytes,
        },
        meta,
      ),
    );
    const s = outcome.state;
    if (s.status === 'none') throw new Error('an upload recorded nothing');
    return {
      id,
      sha256: s.sha256,
      name: s.name,
      mediaType: s.mediaType,
      size: s.size,
      uploadedAt: s.uploadedAt,
    };
  }

  @Get('applications/:id/attachments/:evidenceId')
  @Endpoint({
    summary: 'Download a file an application carries (its applicant, assigned reviewers, the committee)',
    description:
      'The bytes are checked against the SHA-256 recorded at upload: a file that no longer matches is ' +
      'not sent (409 attachment_damaged, logged for the administrator). A file erased with its ' +
      'uploader’s personal data: 410.',
    ok: AttachmentContent,
    produces: EVIDENCE_TYPES,
    problems: [403, 404, 409, 410],
  })
  async download(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('evidenceId', new ParseUUIDPipe()) evidenceId: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const actor = actorOf(req);
    const row = (
      await this.pool.query<{ applicantId: string; orgUnit: string }>(
        `SELECT applicant_id AS "applicantId", org_unit AS "orgUnit" FROM application_summaries WHERE application_id = $1`,
        [id],
      )
    ).rows[0];
    if (!row) throw new NotFoundException(`no application ${id}`);
    // The same rule as reading the application (ApplicationQueries.access, DOMAIN.md "People and roles").
    if (!(await this.queries.access(actor, { ...row, id })))
      throw new ForbiddenException('you may not read this application');
    const { state } = await loadState(this.store, applicationDecider, `application-${id}`);
    const attachment = state.fields?.attachments?.find((a) => a.id === evidenceId);
    if (!attachment)
      throw notFound('not_an_attachment', `the application carries no file ${evidenceId}`, { evidenceId });
    const erased = async () =>
      (await loadState(this.store, evidenceDecider, `evidence-${evidenceId}`)).state.status === 'erased';
    const gone = () =>
      new DomainError('gone', 'attachment_erased', `file ${evidenceId} has been erased`, { evidenceId });
    if (await erased()) throw gone();
    const read = await readVerified(this.blobs, attachment.sha256);
    // An erasure records the file erased, then removes its bytes (EvidenceHandler): a download that
    // read the record just before finds the bytes gone. That file was erased, not damaged: 410, and no
    // alarm for the administrator.
    if (read.status === 'missing' && (await erased())) throw gone();
    if (read.status !== 'ok') {
      // The stored bytes are not those uploaded (tampered with, damaged, or lost): never serve them as
      // the evidence. Not the caller's error, and no retry mends it (so neither 4xx-by-fault nor 503):
      // 409, the stored state conflicts with its own record; the log tells the administrator.
      this.logger.error(
        {
          applicationId: id,
          evidenceId,
          expected: attachment.sha256,
          found: read.status === 'corrupt' ? read.actual : null,
        },
        `evidence file ${evidenceId} fails its hash check (${read.status}): restore it from a backup`,
      );
      throw new DomainError(
        'conflict',
        'attachment_damaged',
        `the stored file ${evidenceId} does not match the SHA-256 recorded at upload; an administrator must restore it`,
        { evidenceId },
      );
    }
    void reply
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .header('etag', `"${attachment.sha256}"`)
      // A file opened in the browser runs nothing (a PDF's scripts, an SVG-like trick in an image).
      .header('content-security-policy', "default-src 'none'; sandbox");
    return new StreamableFile(read.bytes, {
      type: attachment.mediaType,
      length: read.bytes.length,
      disposition: contentDisposition(attachment.name),
    });
  }
}

/**
 * RFC 6266 with RFC 5987's `filename*` for names beyond ASCII (Chinese names above all), and an ASCII
 * `filename` fallback for the clients that read only that.
 */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
