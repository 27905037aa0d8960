import { PayloadTooLargeException } from '@nestjs/common';
import type { FileBodyRoute } from '../http/file-body.js';
import { UPLOAD_TYPES } from './imports.controller.js';
import { MAX_UPLOAD_BYTES } from './sheet.js';

/** The import routes take the file itself (.xlsx or .csv) as the body, up to 5 MB (UI.md §1.10). */
export const IMPORT_UPLOAD: FileBodyRoute = {
  accepts: (path) => path.startsWith('/api/imports/'),
  types: UPLOAD_TYPES,
  limitBytes: MAX_UPLOAD_BYTES,
  tooLarge: () => new PayloadTooLargeException('file: the file is larger than 5 MB'),
};
