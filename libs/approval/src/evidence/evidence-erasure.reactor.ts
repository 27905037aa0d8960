import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandBus } from '@nestjs/cqrs';
import type pg from 'pg';
import { evidenceFilesProjection } from '../read-models/evidence-files.projection.js';
import { evidenceHeldElsewhere, ExecuteEvidenceCommand } from './evidence.handler.js';
import type { BlobStore } from '#libs/platform';
import { comparePositions, readCheckpoint, type Reactor, type RecordedEvent } from '#libs/event-store';

/**
 * Erasing a person covers their files (DOMAIN.md "Audit trail": personal data is erased on a lawful
 * request without breaking the history). On `PersonalDataErased` every evidence file the person
 * uploaded is marked erased on its own stream and its content removed from the blob store; downloads
 * then answer 410. The hashes recorded in decisions stay: they prove what the chair saw.
 *
 * The person's files are found in `evidence_files`, which a projection keeps on its own subscription:
 * the reaction waits until that projection has passed the erasure, so a file uploaded just before it
 * is never missed (and fails the batch, to be retried, if it has not caught up in time).
 */
export function evidenceErasureReactor(pool: pg.Pool, bus: CommandBus, blobs: BlobStore): Reactor {
  async function caughtUp(event: RecordedEvent): Promise<void> {
    for (let waited = 0; ; waited += 50) {
      const at = await readCheckpoint(pool, evidenceFilesProjection.name);
      if (comparePositions(at, event.position) >= 0) return;
      if (waited >= 10_000)
        throw new Error(`${evidenceFilesProjection.name} has not reached the erasure ${event.id} yet`);
      await sleep(50);
    }
  }

  return {
    name: 'evidence_erasure',
    eventTypes: ['PersonalDataErased'],
    async react(event) {
      const personId = event.streamId.slice('user-'.length);
      await caughtUp(event);
      // Every file of the person, erased ones too: a replay after a crash between the events and the
      // removal of the content finishes the removal.
      const files = await pool.query<{ id: string; sha256: string }>(
        `SELECT evidence_id AS id, sha256 FROM evidence_files WHERE uploader_id = $1 ORDER BY evidence_id`,
        [personId],
      );
      const ids = files.rows.map((f) => f.id);
      for (const f of files.rows) {
        await bus.execute(
          new ExecuteEvidenceCommand(
            f.id,
            {
              type: 'EraseEvidence',
              reason: 'the uploader’s personal data was erased on a lawful request',
              together: ids.filter((id) => id !== f.id),
            },
            {
              // Derived from the erasure and the file: a replay of the reaction is stored once.
              commandId: `erase-evidence:${event.id}:${f.id}`,
              actorId: 'system',
              actorRole: 'system',
              orgUnit: event.metadata.orgUnit,
              correlationId: event.metadata.correlationId,
              causationId: event.id,
              now: new Date(event.metadata.recordedAt),
            },
          ),
        );
      }
      // Only now, with every file of the person recorded erased, the content goes — unless someone
      // else's live evidence has the same bytes. Two uploads of one file by the same person never see
      // their bytes removed while one of them still reads as live.
      for (const sha of new Set(files.rows.map((f) => f.sha256))) {
        if (!(await evidenceHeldElsewhere(pool, sha, ids))) await blobs.delete(sha);
      }
    },
  };
}
