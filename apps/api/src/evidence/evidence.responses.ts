import { EVIDENCE_MEDIA_TYPES } from '#libs/approval';
import { dateTime, int, named, obj, oneOf, str, uuid } from '../http/openapi-schema.js';

// What the evidence endpoints answer (evidence.controller.ts).

export const EVIDENCE_TYPES = Object.keys(EVIDENCE_MEDIA_TYPES);

export const EvidenceUploaded = named(
  'EvidenceUploaded',
  obj(
    {
      id: uuid({ description: 'Attach the file to an application with this id (fields.attachments).' }),
      sha256: str({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the content, hex.' }),
      name: str({ description: 'The file name, as given (without any folder).' }),
      mediaType: oneOf(EVIDENCE_TYPES, {
        description: 'The type the content is (sniffed, never from the name).',
      }),
      size: int({ minimum: 1, description: 'Bytes.' }),
      uploadedAt: dateTime(),
    },
    { description: 'An evidence file, stored and recorded (EvidenceUploaded).' },
  ),
);

export const AttachmentContent = str({
  format: 'binary',
  description: 'The file’s bytes, checked against the SHA-256 recorded at upload before they are sent.',
});
