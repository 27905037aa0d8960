/**
 * What an evidence file is, told from its bytes, never from its name or the type the client declares
 * (DOMAIN.md stage 1: applications carry PDF, image and Office files). A file named `.pdf` that is a
 * program is refused; a PDF named `.exe` is a PDF.
 */
export const EVIDENCE_MEDIA_TYPES = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint',
  'application/msword': 'Word 97-2003',
  'application/vnd.ms-excel': 'Excel 97-2003',
  'application/vnd.ms-powerpoint': 'PowerPoint 97-2003',
} as const;

export type EvidenceMediaType = keyof typeof EVIDENCE_MEDIA_TYPES;

export const isEvidenceMediaType = (t: string): t is EvidenceMediaType => t in EVIDENCE_MEDIA_TYPES;

const startsWith = (b: Buffer, sig: number[] | string, at = 0) => {
  const bytes = typeof sig === 'string' ? Buffer.from(sig, 'latin1') : Buffer.from(sig);
  return b.length >= at + bytes.length && b.subarray(at, at + bytes.length).equals(bytes);
};

/** The media type the content is, or null when it is none of the accepted ones. */
export function sniffMediaType(b: Buffer): EvidenceMediaType | null {
  // ISO 32000: the header `%PDF-` opens the file (readers allow junk before it; we do not).
  if (startsWith(b, '%PDF-')) return 'application/pdf';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(b, 'GIF87a') || startsWith(b, 'GIF89a')) return 'image/gif';
  if (startsWith(b, 'RIFF') && startsWith(b, 'WEBP', 8)) return 'image/webp';
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return officeOpenXml(b);
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return legacyOffice(b);
  return null;
}

/**
 * A ZIP is an Office Open XML document when its central directory lists `[Content_Types].xml` and the
 * main part of one kind (ECMA-376 part 2); any other ZIP (an archive, a Java program) is refused.
 */
function officeOpenXml(b: Buffer): EvidenceMediaType | null {
  const names = zipEntryNames(b);
  if (!names || !names.has('[Content_Types].xml')) return null;
  if (names.has('word/document.xml'))
    return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  if (names.has('xl/workbook.xml'))
    return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  if (names.has('ppt/presentation.xml'))
    return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
  return null;
}

/** The entry names of a ZIP's central directory, read from its end record; null when it is malformed. */
export function zipEntryNames(b: Buffer): Set<string> | null {
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  // The end record is 22 bytes plus a comment of up to 65535: search backwards within that reach.
  const lowest = Math.max(0, b.length - 22 - 0xffff);
  let end = -1;
  for (let i = b.length - 22; i >= lowest; i--) {
    if (b.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = b.readUInt16LE(end + 10);
  let at = b.readUInt32LE(end + 16);
  const names = new Set<string>();
  for (let n = 0; n < count; n++) {
    if (at + 46 > b.length || b.readUInt32LE(at) !== CENTRAL) return null;
    const nameLength = b.readUInt16LE(at + 28);
    const extraLength = b.readUInt16LE(at + 30);
    const commentLength = b.readUInt16LE(at + 32);
    if (at + 46 + nameLength > b.length) return null;
    names.add(b.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/**
 * A Compound File (Office 97-2003) is told apart by the stream its application writes: WordDocument,
 * Workbook (or Book, Excel 5), PowerPoint Document. Their names sit in the directory as UTF-16LE.
 */
function legacyOffice(b: Buffer): EvidenceMediaType | null {
  const has = (name: string) => b.includes(Buffer.from(name, 'utf16le'));
  if (has('WordDocument')) return 'application/msword';
  if (has('Workbook') || has('Book\0')) return 'application/vnd.ms-excel';
  if (has('PowerPoint Document')) return 'application/vnd.ms-powerpoint';
  return null;
}

/** A type the client declared (Content-Type) that says nothing about the file: we sniff it instead. */
export const UNDECLARED_TYPES = new Set(['application/octet-stream', 'binary/octet-stream']);
