import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PostgresEventStore, migrate, type NewEvent } from '#libs/event-store';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '../testing/index.js';
import { PostgresBlobStore, sha256Of } from '../blobs/blob-store.js';
import { writeBackup } from './backup.js';
import { inspectBackup, restoreBackup, verifyRestore } from './restore.js';

const event = (n: number): NewEvent => ({
  id: randomUUID(),
  type: 'BackupProbe',
  schemaVersion: 1,
  data: { n, at: new Date().toISOString() },
  metadata: {
    actorId: 'backup-test',
    actorRole: 'system',
    orgUnit: 'ou',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    commandId: randomUUID(),
    recordedAt: new Date().toISOString(),
  },
});

// A backup is one snapshot: taken while writers append, it restores to a store whose every stream head,
// row count and hash chain agree with its manifest. And BACKUP_KEEP keeps only the newest files.
describe.each([
  ['PostgreSQL', createPostgresTestDatabase],
  ['embedded PGlite', createPgliteTestDatabase],
] as const)('backups on %s', (_name, makeDb) => {
  let db: TestDatabase;
  let target: TestDatabase | null = null;
  let dir: string;
  beforeAll(async () => {
    db = await makeDb();
    await migrate(db.pool);
    dir = mkdtempSync(path.join(tmpdir(), 'backup-spec-'));
  });
  afterAll(async () => {
    await target?.drop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is consistent while writers append, and restores to exactly its manifest', async () => {
    const store = new PostgresEventStore(db.pool);
    for (let i = 0; i < 20; i++) await store.append(`probe-${i}`, 'no_stream', [event(i)]);
    let writing = true;
    let written = 0;
    const writers = Array.from({ length: 4 }, async (_, w) => {
      while (writing) {
        await store.append(`probe-${(written + w) % 20}`, 'any', [event(written), event(written + 1)]);
        written += 2;
      }
    });
    const r = await writeBackup(db.pool, { dir });
    writing = false;
    await Promise.all(writers);
    expect(written).toBeGreaterThan(0);
    const total = Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);
    expect(r.manifest.events).toBeLessThanOrEqual(total);
    expect(r.manifest.events).toBeGreaterThanOrEqual(20);

    target = await makeDb();
    const inspected = await inspectBackup(r.file);
    await restoreBackup(target.pool, r.file, { inspected });
    const check = await verifyRestore(target.pool, inspected.manifest);
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
    expect(check.chain.checked).toBe(r.manifest.events);
  }, 120_000);

  it('carries the evidence files of the database blob store, byte for byte', async () => {
    const blobs = new PostgresBlobStore(db.pool);
    await blobs.setup();
    // Every byte value: a backup that wrote bytea as text would mangle some.
    const file = Buffer.concat([
      Buffer.from('%PDF-1.7\n'),
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
    ]);
    await blobs.put(file);
    const r = await writeBackup(db.pool, { dir: path.join(dir, 'with-blobs') });
    const restored = await makeDb();
    try {
      await restoreBackup(restored.pool, r.file, { inspected: await inspectBackup(r.file) });
      const back = await new PostgresBlobStore(restored.pool).get(sha256Of(file));
      expect(back?.equals(file)).toBe(true);
    } finally {
      await restored.drop();
    }
  }, 120_000);

  it('keeps only the newest BACKUP_KEEP backups', async () => {
    const keepDir = path.join(dir, 'kept');
    const names: string[] = [];
    for (const day of [1, 2, 3, 4])
      names.push(
        path.basename(
          (await writeBackup(db.pool, { dir: keepDir, keep: 2, now: new Date(Date.UTC(2026, 0, day, 2)) }))
            .file,
        ),
      );
    expect(readdirSync(keepDir).sort()).toEqual(names.slice(2).sort());
    expect(names[3]).toMatch(/^backup-20260104T020000Z-pos\d+\.\d+\.jsonl\.gz$/);
  }, 120_000);
});
