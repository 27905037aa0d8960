import { EVIDENCE_MEDIA_TYPES, fileTooLarge, UNDECLARED_TYPES } from '#libs/approval';
import type { FileBodyRoute } from '../http/file-body.js';

/** The one evidence route that takes a file as its body: `POST /api/evidence?name=…`. */
export const EVIDENCE_UPLOAD_PATH = '/api/evidence';

/**
 * Evidence files arrive as the raw body, their type in Content-Type or application/octet-stream (the
 * type is then sniffed from the content, DOMAIN.md "The approval pipeline"), up to UPLOAD_LIMIT_BYTES.
 */
export function evidenceUpload(limitBytes: number): FileBodyRoute {
  return {
    accepts: (path) => path === EVIDENCE_UPLOAD_PATH,
    types: [...Object.keys(EVIDENCE_MEDIA_TYPES), ...UNDECLARED_TYPES],
    limitBytes,
    tooLarge: () => fileTooLarge(limitBytes),
  };
}
