import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import {
  DomainError,
  loadState,
  runCommand,
  type CommandMetadata,
  type CommandOutcome,
  type EventStore,
} from '#libs/event-store';
import { BLOB_STORE, EVENT_STORE, PG_POOL, sha256Of, type BlobStore } from '#libs/platform';
import { evidenceDecider, type EvidenceState } from './evidence.decider.js';
import { EVIDENCE_MEDIA_TYPES, isEvidenceMediaType, sniffMediaType, UNDECLARED_TYPES } from './media-type.js';

export type EvidenceIntent =
  | {
      type: 'UploadEvidence';
      bytes: Buffer;
      name: string;
      /** The Content-Type the client sent, without parameters; octet-stream declares nothing. */
      declaredType: string;
      /** The largest file accepted (UPLOAD_LIMIT_BYTES). */
      limitBytes: number;
    }
  | {
      type: 'EraseEvidence';
      reason: string;
      /**
       * The files erased together with this one (a person's erasure: every file they uploaded). They
       * keep the content for no one; and its removal is left to the caller once all of them are
       * recorded erased, so a download of one of them never finds its bytes gone while it still reads
       * as live.
       */
      together?: readonly string[];
    };

export class ExecuteEvidenceCommand extends Command<CommandOutcome<EvidenceState>> {
  constructor(
    readonly evidenceId: string,
    readonly intent: EvidenceIntent,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/** The accepted types, for the messages that list them. */
export const ACCEPTED_FILE_TYPES = [...new Set(Object.values(EVIDENCE_MEDIA_TYPES))].join(', ');

/**
 * Checks an upload before anything is stored (a refused file leaves nothing behind): not empty, within
 * the size limit, of an accepted type by its content, and — when the client declared a type — the type
 * it declared. Answers the type the content is.
 */
export function checkUpload(bytes: Buffer, declaredType: string, limitBytes: number) {
  if (bytes.length === 0)
    throw new DomainError('invalid', 'file_empty', 'the file is empty', { field: 'file' });
  if (bytes.length > limitBytes) throw fileTooLarge(limitBytes);
  const mediaType = sniffMediaType(bytes);
  if (!mediaType) {
    throw new DomainError(
      'unsupported_media_type',
      'unsupported_file_type',
      `the file's content is not one of the accepted types: ${ACCEPTED_FILE_TYPES}`,
      { field: 'file', accepted: ACCEPTED_FILE_TYPES },
    );
  }
  const declared = declaredType.toLowerCase();
  if (!UNDECLARED_TYPES.has(declared) && declared !== mediaType) {
    throw new DomainError(
      'unsupported_media_type',
      'file_type_mismatch',
      `the file was declared ${declared} but its content is ${mediaType}`,
      {
        field: 'file',
        declared: isEvidenceMediaType(declared) ? EVIDENCE_MEDIA_TYPES[declared] : declared,
        actual: EVIDENCE_MEDIA_TYPES[mediaType],
      },
    );
  }
  return mediaType;
}

export function fileTooLarge(limitBytes: number): DomainError {
  return new DomainError(
    'too_large',
    'file_too_large',
    `the file is larger than ${limitBytes} bytes (${formatMegabytes(limitBytes)})`,
    { field: 'file', limit: formatMegabytes(limitBytes) },
  );
}

const formatMegabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/**
 * One handler for `evidence-…` streams. The blob is written before the event (an event never names
 * content that is not stored) and only after every check passed; erasure records the event first (an
 * erasure never happens unrecorded) and then removes the content, unless another person's live
 * evidence holds the same bytes.
 */
@CommandHandler(ExecuteEvidenceCommand)
export class EvidenceCommandHandler implements ICommandHandler<ExecuteEvidenceCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async execute(c: ExecuteEvidenceCommand): Promise<CommandOutcome<EvidenceState>> {
    const i = c.intent;
    if (i.type === 'UploadEvidence') {
      const mediaType = checkUpload(i.bytes, i.declaredType, i.limitBytes);
      const sha256 = sha256Of(i.bytes);
      await this.blobs.put(i.bytes);
      return runCommand(
        this.store,
        evidenceDecider,
        c.evidenceId,
        { type: 'RecordUpload', name: i.name, mediaType, size: i.bytes.length, sha256 },
        c.meta,
      );
    }
    const { state } = await loadState(this.store, evidenceDecider, `evidence-${c.evidenceId}`);
    const contentKept =
      state.status === 'none'
        ? false
        : await evidenceHeldElsewhere(this.pool, state.sha256, [c.evidenceId, ...(i.together ?? [])]);
    const outcome = await runCommand(
      this.store,
      evidenceDecider,
      c.evidenceId,
      { type: 'EraseEvidence', reason: i.reason, contentKept },
      c.meta,
    );
    // A retry (the event already recorded) removes the content again: idempotent, and it finishes the
    // work of a run that died between the event and the removal.
    if (outcome.state.status === 'erased' && !contentKept && !i.together)
      await this.blobs.delete(outcome.state.sha256);
    return outcome;
  }
}

/**
 * Whether other live evidence — anyone's, the same person's other uploads of the same file too — has
 * this content (the blob store keeps it once), leaving out the files `except`.
 */
export async function evidenceHeldElsewhere(
  pool: pg.Pool,
  sha256: string,
  except: readonly string[],
): Promise<boolean> {
  const res = await pool.query(
    `SELECT 1 FROM evidence_files
      WHERE sha256 = $1 AND erased_at IS NULL AND NOT (evidence_id = ANY ($2::text[])) LIMIT 1`,
    [sha256, [...except]],
  );
  return (res.rowCount ?? 0) > 0;
}
