import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import { FileBlobStore, PostgresBlobStore, readVerified, sha256Of, type BlobStore } from './blob-store.js';

/**
 * One contract for every blob store (the evidence files of DOMAIN.md stage 1): the database default on
 * a real PostgreSQL and on the embedded PGlite, and the BLOB_DIR folder option on a temporary folder.
 */
interface Subject {
  store: BlobStore;
  /** Overwrites the stored content behind the store's back, as a damaged disk or an intruder would. */
  tamper(sha256: string, bytes: Buffer): Promise<void>;
  close(): Promise<void>;
}

const subjects: [string, () => Promise<Subject>][] = [
  ['PostgreSQL', () => databaseSubject(createPostgresTestDatabase)],
  ['PGlite', () => databaseSubject(createPgliteTestDatabase)],
  [
    'folder',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'blobs-'));
      const store = new FileBlobStore(join(dir, 'store'));
      await store.setup();
      return {
        store,
        tamper: (sha256, bytes) =>
          writeFile(join(dir, 'store', sha256.slice(0, 2), sha256.slice(2, 4), sha256), bytes),
        close: () => rm(dir, { recursive: true, force: true }),
      };
    },
  ],
];

async function databaseSubject(create: () => Promise<TestDatabase>): Promise<Subject> {
  const db = await create();
  const store = new PostgresBlobStore(db.pool);
  await store.setup();
  return {
    store,
    tamper: async (sha256, bytes) => {
      await db.pool.query('UPDATE blobs SET content = $2 WHERE sha256 = $1', [sha256, bytes]);
    },
    close: () => db.drop(),
  };
}

describe.each(subjects)('blob store contract: %s', (_name, make) => {
  let s: Subject;
  beforeAll(async () => {
    s = await make();
  }, 60_000);
  afterAll(async () => {
    await s.close();
  });

  // Every byte value, so an encoding that mangles binary (text columns, utf8 reads) fails here.
  const pdf = Buffer.concat([
    Buffer.from('%PDF-1.7\n'),
    Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  ]);

  it('stores content under its SHA-256 and gives back the same bytes', async () => {
    const put = await s.store.put(pdf);
    expect(put).toEqual({ sha256: sha256Of(pdf), size: pdf.length });
    expect(await s.store.has(put.sha256)).toBe(true);
    const got = await s.store.get(put.sha256);
    expect(Buffer.isBuffer(got)).toBe(true);
    expect(got!.equals(pdf)).toBe(true);
  });

  it('puts the same content once: a second put is harmless and answers the same address', async () => {
    const bytes = Buffer.from('same content twice');
    const [a, b] = await Promise.all([s.store.put(bytes), s.store.put(bytes)]);
    expect(a).toEqual(b);
    expect((await s.store.get(a.sha256))!.equals(bytes)).toBe(true);
  });

  it('answers null and false for an address with nothing stored', async () => {
    const absent = sha256Of(Buffer.from('never stored'));
    expect(await s.store.get(absent)).toBeNull();
    expect(await s.store.has(absent)).toBe(false);
    expect(await readVerified(s.store, absent)).toEqual({ status: 'missing' });
  });

  it('deletes content, idempotently', async () => {
    const { sha256 } = await s.store.put(Buffer.from('to be erased'));
    await s.store.delete(sha256);
    await s.store.delete(sha256);
    expect(await s.store.has(sha256)).toBe(false);
    expect(await s.store.get(sha256)).toBeNull();
  });

  it('keeps an empty content apart from a missing one', async () => {
    const { sha256, size } = await s.store.put(Buffer.alloc(0));
    expect(size).toBe(0);
    expect((await s.store.get(sha256))!.length).toBe(0);
  });

  it('refuses an address that is not a SHA-256 (no path tricks through the folder store)', async () => {
    await expect(s.store.get('../../etc/passwd')).rejects.toThrow(/SHA-256/);
    await expect(s.store.delete('ABC')).rejects.toThrow(/SHA-256/);
  });

  it('finds tampered content on a verified read', async () => {
    const bytes = Buffer.from('the original evidence');
    const { sha256 } = await s.store.put(bytes);
    expect(await readVerified(s.store, sha256)).toEqual({ status: 'ok', bytes });
    await s.tamper(sha256, Buffer.from('a forged evidence'));
    const read = await readVerified(s.store, sha256);
    expect(read).toEqual({ status: 'corrupt', actual: sha256Of(Buffer.from('a forged evidence')) });
  });
});

describe('folder blob store layout', () => {
  it('writes <dir>/ab/cd/<sha256> and leaves no temporary files behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'blobs-'));
    try {
      const store = new FileBlobStore(dir);
      await store.setup();
      const bytes = Buffer.from('layout');
      const { sha256 } = await store.put(bytes);
      const leaf = join(dir, sha256.slice(0, 2), sha256.slice(2, 4));
      expect(await readdir(leaf)).toEqual([sha256]);
      await Promise.all(Array.from({ length: 5 }, () => store.put(bytes)));
      expect(await readdir(leaf)).toEqual([sha256]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
