import fc from 'fast-check';
import { sniffMediaType, zipEntryNames } from './media-type.js';

// DOMAIN.md stage 1: an evidence file's type is read from its bytes, never from its name.

/** A ZIP of stored entries: local headers, the central directory and its end record. */
function zip(names: string[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const n = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(n.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(n.length, 28);
    c.writeUInt32LE(offset, 42);
    parts.push(local, n);
    central.push(c, n);
    offset += 30 + n.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dir, end]);
}

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ole = (stream: string) => Buffer.concat([OLE, Buffer.alloc(504), Buffer.from(stream, 'utf16le')]);

describe('sniffing an evidence file’s type from its content', () => {
  it.each([
    ['a PDF', Buffer.from('%PDF-1.7\n…'), 'application/pdf'],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'image/png'],
    ['a JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg'],
    ['a GIF', Buffer.from('GIF89a\x01\x00'), 'image/gif'],
    ['a WebP', Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 '), 'image/webp'],
    [
      'a Word document',
      zip(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    [
      'an Excel workbook',
      zip(['[Content_Types].xml', 'xl/workbook.xml']),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    [
      'a PowerPoint presentation',
      zip(['[Content_Types].xml', 'ppt/presentation.xml']),
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    ['a Word 97-2003 document', ole('WordDocument'), 'application/msword'],
    ['an Excel 97-2003 workbook', ole('Workbook'), 'application/vnd.ms-excel'],
    ['a PowerPoint 97-2003 presentation', ole('PowerPoint Document'), 'application/vnd.ms-powerpoint'],
  ])('knows %s', (_what, bytes, type) => {
    expect(sniffMediaType(bytes)).toBe(type);
  });

  it.each([
    ['a Windows program', Buffer.from('MZ\x90\x00PE\x00\x00')],
    ['a shell script', Buffer.from('#!/bin/sh\nrm -rf /\n')],
    ['an HTML page', Buffer.from('<!doctype html><script>alert(1)</script>')],
    ['a plain ZIP archive', zip(['notes.txt'])],
    ['a Java archive', zip(['META-INF/MANIFEST.MF', 'Main.class'])],
    ['a ZIP with the Office main part but no [Content_Types].xml', zip(['word/document.xml'])],
    ['a compound file of no Office kind', ole('SummaryInformation')],
    ['text that mentions %PDF- later', Buffer.from('hello %PDF-1.4')],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s', (_what, bytes) => {
    expect(sniffMediaType(bytes)).toBeNull();
  });

  it('never throws on damaged or truncated input (a ZIP cut anywhere, random bytes)', () => {
    const docx = zip(['[Content_Types].xml', 'word/document.xml']);
    for (let cut = 0; cut < docx.length; cut++)
      expect(() => sniffMediaType(docx.subarray(0, cut))).not.toThrow();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (raw) => {
        const withZipHeader = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(raw)]);
        expect(() => sniffMediaType(withZipHeader)).not.toThrow();
        expect(() => zipEntryNames(Buffer.from(raw))).not.toThrow();
      }),
      { seed: 20261203, numRuns: 500 },
    );
  });
});
