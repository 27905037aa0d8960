import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type pg from 'pg';
import { migrate, type Migration } from '#libs/event-store';

/**
 * Where evidence files live (DOMAIN.md stage 1: applications carry uploaded files). Content-addressed by
 * SHA-256: the same bytes are stored once, `put` is idempotent, and a reader can always check what it
 * got against the address it asked for. The product's own database keeps them by default — so the
 * embedded PGlite default works with nothing else to set up, and backups carry them — and a folder
 * (BLOB_DIR) is the option for offices with large files.
 */
export interface BlobStore {
  /** Stores the bytes (once per content) and answers their address and size. */
  put(bytes: Buffer): Promise<{ sha256: string; size: number }>;
  /** The stored bytes, or null when nothing is stored under this address. Unchecked: see readVerified. */
  get(sha256: string): Promise<Buffer | null>;
  has(sha256: string): Promise<boolean>;
  /** Removes the content (idempotent). */
  delete(sha256: string): Promise<void>;
}

export const BLOB_STORE = Symbol('BLOB_STORE');

const ADDRESS = /^[0-9a-f]{64}$/;

export const sha256Of = (bytes: Buffer | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function requireAddress(sha256: string): void {
  if (!ADDRESS.test(sha256)) throw new Error(`not a SHA-256 address: ${JSON.stringify(sha256)}`);
}

/** What a read found: the bytes that match their address, nothing, or bytes that do not match. */
export type VerifiedRead =
  { status: 'ok'; bytes: Buffer } | { status: 'missing' } | { status: 'corrupt'; actual: string };

/** Reads and checks the content against its address, so a tampered or damaged blob is never served. */
export async function readVerified(store: BlobStore, sha256: string): Promise<VerifiedRead> {
  const bytes = await store.get(sha256);
  if (!bytes) return { status: 'missing' };
  const actual = sha256Of(bytes);
  return actual === sha256 ? { status: 'ok', bytes } : { status: 'corrupt', actual };
}

/** DDL of the database blob store; the table is an ordinary one, so backups and restores carry it. */
export const BLOBS_DDL = `
  CREATE TABLE IF NOT EXISTS public.blobs (
    sha256     text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size       bigint NOT NULL CHECK (size >= 0),
    content    bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`;

/** The blob table's migrations, run by the store at start (upgrade tests list every migration). */
export const BLOB_MIGRATIONS: readonly Migration[] = [{ id: 'platform_0001_blobs', sql: BLOBS_DDL }];

/** The default: a `blobs` table in the product's database (PostgreSQL, or the embedded PGlite). */
export class PostgresBlobStore implements BlobStore {
  constructor(private readonly pool: pg.Pool) {}

  async setup(): Promise<void> {
    // The migration runner's advisory lock, since api and worker processes starting together would
    // race on a bare CREATE TABLE IF NOT EXISTS (it does not guard a concurrent creation).
    await migrate(this.pool, BLOB_MIGRATIONS);
  }

  async put(bytes: Buffer): Promise<{ sha256: string; size: number }> {
    const sha256 = sha256Of(bytes);
    await this.pool.query(
      `INSERT INTO public.blobs (sha256, size, content) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING`,
      [sha256, bytes.length, bytes],
    );
    return { sha256, size: bytes.length };
  }

  async get(sha256: string): Promise<Buffer | null> {
    requireAddress(sha256);
    const res = await this.pool.query<{ content: Uint8Array }>(
      `SELECT content FROM public.blobs WHERE sha256 = $1`,
      [sha256],
    );
    const content = res.rows[0]?.content;
    // node-postgres gives a Buffer; keep one type whatever the driver hands back.
    return content ? Buffer.from(content) : null;
  }

  async has(sha256: string): Promise<boolean> {
    requireAddress(sha256);
    const res = await this.pool.query(`SELECT 1 FROM public.blobs WHERE sha256 = $1`, [sha256]);
    return (res.rowCount ?? 0) > 0;
  }

  async delete(sha256: string): Promise<void> {
    requireAddress(sha256);
    await this.pool.query(`DELETE FROM public.blobs WHERE sha256 = $1`, [sha256]);
  }
}

/**
 * The folder option (BLOB_DIR): `<dir>/ab/cd/<sha256>`, two levels of fan-out so no folder grows huge.
 * A file is written to a temporary name beside its place, flushed, then renamed: a reader never sees a
 * half-written file, and a crash leaves at most a stray temporary file.
 */
export class FileBlobStore implements BlobStore {
  constructor(private readonly dir: string) {}

  async setup(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  private pathOf(sha256: string): string {
    requireAddress(sha256);
    return join(this.dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(bytes: Buffer): Promise<{ sha256: string; size: number }> {
    const sha256 = sha256Of(bytes);
    const path = this.pathOf(sha256);
    if (!(await this.has(sha256))) {
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      const file = await open(tmp, 'wx');
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(tmp, path).catch(async (err: unknown) => {
        await unlink(tmp).catch(() => undefined);
        throw err;
      });
    }
    return { sha256, size: bytes.length };
  }

  async get(sha256: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(sha256));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }
}

/** The one place the store is chosen from configuration: a folder when BLOB_DIR is set, else the database. */
export async function openBlobStore(blobDir: string | null, pool: pg.Pool): Promise<BlobStore> {
  const store = blobDir ? new FileBlobStore(blobDir) : new PostgresBlobStore(pool);
  await store.setup();
  return store;
}
