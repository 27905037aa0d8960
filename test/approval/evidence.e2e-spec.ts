import { createHash } from 'node:crypto';
import type { EvidenceEvent } from '#libs/approval';
import type { EventStore } from '#libs/event-store';
import type { DemoSeedResult } from '#libs/identity';
import { EVENT_STORE } from '#libs/platform';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { bearer, eventCount, seedDemo } from '../identity/support/identity-test-app.js';
import { cast, day, iso, rubricScores, signIn, type Person } from './support.js';

// DOMAIN.md stage 1: applications carry uploaded files (PDF, images, Office documents), typed by their
// content, kept content-addressed (SHA-256) in the product's own database; reviewers and the chair
// download them, the decision records the hash of every file the chair saw, and erasing a person
// (DOMAIN.md "Audit trail") covers their files. Over HTTP on a real PostgreSQL, and on the embedded PGlite.

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// ---- files, made byte by byte as their formats define them ----

const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);
/** A Windows program (MZ header, PE signature): what a renamed `.exe` would carry. */
const program = Buffer.concat([
  Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'),
  Buffer.alloc(56),
  Buffer.from('PE\0\0', 'latin1'),
  Buffer.alloc(64, 0x90),
]);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Buffer) => {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** A ZIP of stored (uncompressed) entries: enough to be a real Office Open XML package or a plain archive. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, 'utf8');
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const docx = zip({
  '[Content_Types].xml':
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  'word/document.xml':
    '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>研修计划</w:t></w:r></w:p></w:body></w:document>',
});
const plainZip = zip({ 'notes.txt': 'not an office document' });

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const UPLOAD_LIMIT = 64 * 1024;

function uploader(api: TestApp) {
  return (
    who: Person,
    bytes: Buffer,
    name: string,
    type = 'application/octet-stream',
    headers: Record<string, string> = {},
  ) =>
    api.request('POST', `/api/evidence?name=${encodeURIComponent(name)}`, {
      raw: bytes,
      headers: { ...bearer(who.token), 'content-type': type, ...headers },
    });
}

describe('evidence files over HTTP (real PostgreSQL)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let c: ReturnType<typeof cast>;
  let chair: Person;
  let admin: Person;
  let applicant: Person;
  let stranger: Person;
  let reviewers: Person[];
  let callId: string;
  let upload: ReturnType<typeof uploader>;
  const blobCount = async () => Number((await db.pool.query('SELECT count(*) AS n FROM blobs')).rows[0].n);

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    // A small upload limit, so the size rule is tried without sending megabytes.
    api = await startTestApp(db, { env: { UPLOAD_LIMIT_BYTES: String(UPLOAD_LIMIT) } });
    seed = await seedDemo(api, db);
    c = cast(seed);
    chair = await signIn(api, db, c.chair);
    admin = await signIn(api, db, c.admin);
    applicant = await signIn(api, db, c.teachers[0]!);
    stranger = await signIn(
      api,
      db,
      c.teachers.find((t) => t.orgUnit !== c.teachers[0]!.orgUnit)!,
    );
    // Reviewers from other schools first (no conflict of interest), then the applicant's own school's.
    reviewers = await Promise.all(
      [...c.reviewers]
        .sort(
          (a, b) =>
            Number(a.orgUnit === applicant.login.orgUnit) - Number(b.orgUnit === applicant.login.orgUnit),
        )
        .map((r) => signIn(api, db, r)),
    );
    upload = uploader(api);
    const call = await chair.call('POST', '/api/calls', {
      kind: 'school_plan',
      orgUnit: c.city.id,
      title: '2026 校本研修计划申报',
      opensAt: iso(Date.now() - day),
      closesAt: iso(Date.now() + 30 * day),
    });
    expect(call.status).toBe(201);
    callId = call.body.id;
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  describe('upload: the type comes from the content, never from the name', () => {
    it('takes a PDF named .exe as a PDF, stored under its SHA-256', async () => {
      const res = await upload(applicant, pdf, '证明材料.exe');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: '证明材料.exe',
        mediaType: 'application/pdf',
        size: pdf.length,
        sha256: sha256(pdf),
      });
      const stored = await db.pool.query('SELECT content FROM blobs WHERE sha256 = $1', [sha256(pdf)]);
      expect(Buffer.from(stored.rows[0].content).equals(pdf)).toBe(true);
    });

    it('refuses a program named .pdf and declared application/pdf (415, in Chinese), storing nothing', async () => {
      const [blobs, events] = [await blobCount(), await eventCount(db)];
      const res = await upload(applicant, program, '申报书.pdf', 'application/pdf', {
        'accept-language': 'zh-CN',
      });
      expect(res.status).toBe(415);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'unsupported_file_type', field: 'file' });
      expect(res.body.detail).toContain('不支持该文件类型');
      expect(await blobCount()).toBe(blobs);
      expect(await eventCount(db)).toBe(events);
    });

    it('refuses a declared type the content contradicts, naming both', async () => {
      const res = await upload(applicant, png, 'photo.pdf', 'application/pdf');
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ code: 'file_type_mismatch', declared: 'PDF', actual: 'PNG' });
    });

    it('tells an Office document from a plain ZIP archive', async () => {
      const word = await upload(applicant, docx, '研修计划.docx', DOCX);
      expect(word.status).toBe(201);
      expect(word.body.mediaType).toBe(DOCX);
      const archive = await upload(applicant, plainZip, 'plan.docx');
      expect(archive.status).toBe(415);
      expect(archive.body.code).toBe('unsupported_file_type');
    });

    it('refuses an empty file (400) and one over the limit (413, naming the limit), storing nothing', async () => {
      const blobs = await blobCount();
      const empty = await upload(applicant, Buffer.alloc(0), 'empty.pdf');
      expect(empty.status).toBe(400);
      expect(empty.body).toMatchObject({ code: 'file_empty', field: 'file' });
      const big = Buffer.concat([pdf, Buffer.alloc(UPLOAD_LIMIT)]);
      const tooBig = await upload(applicant, big, 'big.pdf', 'application/pdf', {
        'accept-language': 'zh-CN',
      });
      expect(tooBig.status).toBe(413);
      expect(tooBig.body).toMatchObject({ code: 'file_too_large', field: 'file', limit: '0.1 MB' });
      expect(tooBig.body.detail).toBe('文件超过 0.1 MB 的大小上限');
      expect(await blobCount()).toBe(blobs);
    });

    it('asks for a name, and takes files on its own route only', async () => {
      const nameless = await api.request('POST', '/api/evidence', {
        raw: pdf,
        headers: { ...bearer(applicant.token), 'content-type': 'application/pdf' },
      });
      expect(nameless.status).toBe(400);
      expect(nameless.body.errors.map((e: { field: string }) => e.field)).toContain('name');
      const json = await applicant.call('POST', '/api/evidence?name=a.pdf', { file: 'x' });
      expect(json.status).toBe(415);
      expect(json.body.code).toBe('file_body_required');
      // Elsewhere the JSON-only rule holds: a PDF body is no application.
      const elsewhere = await api.request('POST', '/api/applications', {
        raw: pdf,
        headers: { ...bearer(applicant.token), 'content-type': 'application/pdf' },
      });
      expect(elsewhere.status).toBe(415);
    });

    it('records who uploaded what in the file’s own stream (the audit trail)', async () => {
      const res = await upload(applicant, png, '课堂照片.png', 'image/png');
      expect(res.status).toBe(201);
      const events = await (api.app.get(EVENT_STORE) as EventStore).readStream(`evidence-${res.body.id}`);
      expect(events.map((e) => [e.type, e.metadata.actorId])).toEqual([['EvidenceUploaded', applicant.id]]);
      expect(events[0]!.data).toMatchObject({
        uploaderId: applicant.id,
        sha256: sha256(png),
        name: '课堂照片.png',
      });
    });
  });

  describe('an application carries files: reviewers and the chair download them', () => {
    let appId: string;
    let pdfId: string;
    let docxId: string;

    beforeAll(async () => {
      pdfId = (await upload(applicant, pdf, '2026 年校本研修方案.pdf', 'application/pdf')).body.id;
      docxId = (await upload(applicant, docx, '研修计划.docx', DOCX)).body.id;
    });

    it('refuses a file the applicant did not upload, or that does not exist; nothing is recorded', async () => {
      const theirs = (await upload(stranger, pdf, 'theirs.pdf')).body.id as string;
      const events = await eventCount(db);
      const fields = (attachments: string[]) => ({
        kind: 'school_plan',
        schoolYear: '2026-2027',
        summary: '校本研修',
        attachments,
      });
      const foreign = await applicant.call('POST', '/api/applications', {
        callId,
        title: '校本研修计划',
        fields: fields([theirs]),
      });
      expect(foreign.status).toBe(403);
      expect(foreign.body).toMatchObject({ code: 'attachment_not_yours', field: 'fields.attachments' });
      const unknown = await applicant.call('POST', '/api/applications', {
        callId,
        title: '校本研修计划',
        fields: fields(['8d0e6c1e-5f55-4d3c-9a0e-0a6f3f1b2c3d']),
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body.code).toBe('attachment_not_found');
      const notIds = await applicant.call('POST', '/api/applications', {
        callId,
        title: '校本研修计划',
        fields: fields(['../../etc/passwd']),
      });
      expect(notIds.status).toBe(400);
      expect(notIds.body.errors[0].field).toBe('fields.attachments');
      expect(await eventCount(db)).toBe(events);
    });

    it('drafts with attachments, recording each file’s name, type, size and hash', async () => {
      const draft = await applicant.call('POST', '/api/applications', {
        callId,
        title: '2026 学年校本研修计划',
        fields: { kind: 'school_plan', schoolYear: '2026-2027', summary: '课堂观察', attachments: [pdfId] },
      });
      expect(draft.status).toBe(201);
      appId = draft.body.id;
      // An edit of the text keeps the files; naming them again replaces the list.
      const edit = await applicant.call('PATCH', `/api/applications/${appId}`, {
        fields: {
          kind: 'school_plan',
          schoolYear: '2026-2027',
          summary: '课堂观察与同课异构',
          attachments: [pdfId, docxId],
        },
      });
      expect(edit.status).toBe(200);
      const detail = await applicant.call('GET', `/api/applications/${appId}`);
      expect(detail.body.fields.attachments).toEqual([
        {
          id: pdfId,
          name: '2026 年校本研修方案.pdf',
          mediaType: 'application/pdf',
          size: pdf.length,
          sha256: sha256(pdf),
        },
        { id: docxId, name: '研修计划.docx', mediaType: DOCX, size: docx.length, sha256: sha256(docx) },
      ]);
      expect((await applicant.call('POST', `/api/applications/${appId}/submit`)).status).toBe(200);
      const assigned = await chair.call('POST', `/api/applications/${appId}/reviewers`, {
        reviewers: reviewers.slice(0, 3).map((r) => ({ reviewerId: r.id })),
      });
      expect(assigned.status).toBe(200);
    });

    it('lets an assigned reviewer download the file byte for byte, with a safe Chinese file name', async () => {
      const res = await reviewers[0]!.call('GET', `/api/applications/${appId}/attachments/${pdfId}`);
      expect(res.status).toBe(200);
      expect(res.bytes!.equals(pdf)).toBe(true);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="2026 _______.pdf"; filename*=UTF-8''${encodeURIComponent('2026 年校本研修方案.pdf')}`,
      );
      const word = await reviewers[1]!.call('GET', `/api/applications/${appId}/attachments/${docxId}`);
      expect(word.status).toBe(200);
      expect(word.headers.get('content-type')).toBe(DOCX);
      expect(sha256(word.bytes!)).toBe(sha256(docx));
    });

    it('refuses people the application is not shown to (403) and files it does not carry (404)', async () => {
      expect((await stranger.call('GET', `/api/applications/${appId}/attachments/${pdfId}`)).status).toBe(
        403,
      );
      // A reviewer not assigned to it is a stranger to it too.
      expect(
        (await reviewers[3]!.call('GET', `/api/applications/${appId}/attachments/${pdfId}`)).status,
      ).toBe(403);
      const other = (await upload(applicant, png, 'other.png', 'image/png')).body.id as string;
      const missing = await applicant.call('GET', `/api/applications/${appId}/attachments/${other}`);
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('not_an_attachment');
    });

    it('never serves a file that fails its hash check: 409 with a clear problem, not a 500', async () => {
      const original = (await db.pool.query('SELECT content FROM blobs WHERE sha256 = $1', [sha256(docx)]))
        .rows[0].content as Buffer;
      await db.pool.query('UPDATE blobs SET content = $2 WHERE sha256 = $1', [
        sha256(docx),
        Buffer.from('forged'),
      ]);
      try {
        const res = await chair.call('GET', `/api/applications/${appId}/attachments/${docxId}`, undefined, {
          'accept-language': 'zh-CN',
        });
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('attachment_damaged');
        expect(res.body.detail).toContain('校验值不符');
      } finally {
        await db.pool.query('UPDATE blobs SET content = $2 WHERE sha256 = $1', [sha256(docx), original]);
      }
    });

    it('records in the decision the hash of every file the chair saw', async () => {
      for (const [n, r] of reviewers.slice(0, 3).entries()) {
        const res = await r.call('POST', `/api/applications/${appId}/reviews`, {
          scores: rubricScores(75 + n * 5),
          comments: '材料齐全',
        });
        expect(res.status).toBe(200);
      }
      const seen = await chair.call('GET', `/api/applications/${appId}/attachments/${docxId}`);
      expect(seen.status).toBe(200);
      expect(seen.bytes!.equals(docx)).toBe(true);
      const decided = await chair.call('POST', `/api/applications/${appId}/decision`, {
        decision: 'approve',
        rationale: '方案完整可行',
      });
      expect(decided.status).toBe(200);
      const stream = await (api.app.get(EVENT_STORE) as EventStore).readStream(`application-${appId}`);
      const decision = stream.find((e) => e.type === 'ApplicationDecided')!;
      expect(
        (decision.data as { attachmentsSeen: { id: string; sha256: string }[] }).attachmentsSeen,
      ).toEqual([
        expect.objectContaining({ id: pdfId, sha256: sha256(pdf) }),
        expect.objectContaining({ id: docxId, sha256: sha256(docx) }),
      ]);
    });

    it('erasing the applicant erases their files: downloads answer 410, the content is gone, the hashes stay', async () => {
      // Erasure runs through a reactor: on a loaded machine each wait below may take a while (up to 30 s).
      // The stranger uploaded the same PDF bytes: that content stays for them (stored once, by its hash).
      const erased = await admin.call('POST', `/api/users/${applicant.id}/erasure`, {
        reason: '本人依法申请删除个人信息',
        legalBasis: '个人信息保护法第四十七条',
      });
      expect(erased.status).toBe(200);
      const zh = { 'accept-language': 'zh-CN' };
      let res = await chair.call('GET', `/api/applications/${appId}/attachments/${docxId}`, undefined, zh);
      for (let i = 0; res.status === 200 && i < 600; i++) {
        await new Promise((r) => setTimeout(r, 50));
        res = await chair.call('GET', `/api/applications/${appId}/attachments/${docxId}`, undefined, zh);
      }
      expect({ status: res.status, code: res.body.code, detail: res.body.detail }).toEqual({
        status: 410,
        code: 'attachment_erased',
        detail: expect.any(String),
      });
      expect(res.body.detail).toContain('依法删除');
      const store = api.app.get(EVENT_STORE) as EventStore;
      // Each of the person's files is erased in turn: wait for the last of them.
      const left = async () =>
        (
          await db.pool.query<{ sha256: string }>('SELECT sha256 FROM blobs WHERE sha256 = ANY ($1)', [
            [sha256(docx), sha256(pdf), sha256(png)],
          ])
        ).rows.map((r) => r.sha256);
      const pdfErased = async () =>
        (await store.readStream(`evidence-${pdfId}`)).at(-1)!.type === 'EvidenceErased';
      for (let i = 0; ((await left()).length > 1 || !(await pdfErased())) && i < 600; i++)
        await new Promise((r) => setTimeout(r, 50));
      const docxEvents = await store.readStream(`evidence-${docxId}`);
      expect(docxEvents.map((e) => e.type)).toEqual(['EvidenceUploaded', 'EvidenceErased']);
      expect(
        (docxEvents[1]!.data as Extract<EvidenceEvent, { type: 'EvidenceErased' }>['data']).contentKept,
      ).toBe(false);
      // The stranger uploaded the same PDF bytes: the content stays for them.
      const pdfEvents = await store.readStream(`evidence-${pdfId}`);
      expect((pdfEvents.at(-1)!.data as { contentKept: boolean }).contentKept).toBe(true);
      expect(await left()).toEqual([sha256(pdf)]);
      // The application shows the files as erased, their names withheld.
      let shown = (await chair.call('GET', `/api/applications/${appId}`)).body.fields.attachments;
      for (let i = 0; shown.some((a: { erased?: boolean }) => !a.erased) && i < 600; i++) {
        await new Promise((r) => setTimeout(r, 50));
        shown = (await chair.call('GET', `/api/applications/${appId}`)).body.fields.attachments;
      }
      expect(shown).toEqual([
        expect.objectContaining({ id: pdfId, name: '[erased]', erased: true }),
        expect.objectContaining({ id: docxId, name: '[erased]', erased: true }),
      ]);
      // The decision's record of what the chair saw is proof, and stays.
      const decision = (await store.readStream(`application-${appId}`)).find(
        (e) => e.type === 'ApplicationDecided',
      )!;
      expect(JSON.stringify(decision.data)).toContain(sha256(docx));
    });
  });
});

describe('evidence files on the embedded PGlite default', () => {
  let db: TestDatabase;
  let api: TestApp;
  beforeAll(async () => {
    db = await createPgliteTestDatabase();
    api = await startTestApp(db);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('stores an upload in the database and gives the same bytes back to its applicant', async () => {
    const seed = await seedDemo(api, db);
    const c = cast(seed);
    const chair = await signIn(api, db, c.chair);
    const teacher = await signIn(api, db, c.teachers[0]!);
    const call = await chair.call('POST', '/api/calls', {
      kind: 'school_plan',
      orgUnit: c.city.id,
      title: '2026 校本研修计划申报',
      opensAt: iso(Date.now() - day),
      closesAt: iso(Date.now() + 30 * day),
    });
    const up = await uploader(api)(teacher, pdf, '方案.pdf', 'application/pdf');
    expect(up.status).toBe(201);
    const draft = await teacher.call('POST', '/api/applications', {
      callId: call.body.id,
      title: '校本研修计划',
      fields: { kind: 'school_plan', schoolYear: '2026-2027', summary: '研修', attachments: [up.body.id] },
    });
    expect(draft.status).toBe(201);
    const res = await teacher.call(
      'GET',
      `/api/applications/${draft.body.id}/attachments/${up.body.id}`,
      undefined,
      {
        'x-min-position': draft.headers.get('x-log-position')!,
      },
    );
    expect(res.status).toBe(200);
    expect(res.bytes!.equals(pdf)).toBe(true);
  }, 120_000);
});
