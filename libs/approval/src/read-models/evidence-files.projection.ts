import type { Projection, ProjectionSql, RecordedEvent, SqlExecutor } from '#libs/event-store';
import type { EvidenceEvent } from '../evidence/evidence.decider.js';

/**
 * `evidence_files`: one row per uploaded evidence file — who uploaded which content — so an erasure
 * finds a person's files, and the blob store's content is removed only when no live file holds it.
 */
export const evidenceFilesProjection: Projection = {
  name: 'evidence_files',
  tables: ['evidence_files'],
  eventTypes: ['EvidenceUploaded', 'EvidenceErased'],

  async setup(db: SqlExecutor) {
    await db.query(`
      CREATE TABLE IF NOT EXISTS evidence_files (
        evidence_id  text PRIMARY KEY,
        uploader_id  text NOT NULL,
        sha256       text NOT NULL,
        name         text NOT NULL,
        media_type   text NOT NULL,
        size         bigint NOT NULL,
        uploaded_at  timestamptz NOT NULL,
        erased_at    timestamptz
      )`);
    await db.query(`CREATE INDEX IF NOT EXISTS evidence_files_uploader ON evidence_files (uploader_id)`);
    await db.query(`CREATE INDEX IF NOT EXISTS evidence_files_sha256 ON evidence_files (sha256)`);
  },

  async apply(event: RecordedEvent, db: ProjectionSql) {
    const id = event.streamId.slice('evidence-'.length);
    const e = { type: event.type, data: event.data } as EvidenceEvent;
    switch (e.type) {
      case 'EvidenceUploaded':
        db.defer(
          `INSERT INTO evidence_files (evidence_id, uploader_id, sha256, name, media_type, size, uploaded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (evidence_id) DO NOTHING`,
          [
            id,
            e.data.uploaderId,
            e.data.sha256,
            e.data.name,
            e.data.mediaType,
            e.data.size,
            e.data.uploadedAt,
          ],
        );
        return;
      case 'EvidenceErased':
        db.defer(`UPDATE evidence_files SET erased_at = $2 WHERE evidence_id = $1 AND erased_at IS NULL`, [
          id,
          e.data.erasedAt,
        ]);
        return;
    }
  },
};
