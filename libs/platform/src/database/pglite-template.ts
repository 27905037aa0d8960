import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * A freshly initialised PGlite cluster, kept next to the PGlite package that made it
 * (node_modules/.cache/teacher-dev-workflow/pglite-<version>), twice: as a data folder
 * (`pglite-<version>/`), which a fresh data folder on disk starts from as a plain copy, and as a tarball
 * (`pglite-<version>.tar`), which an in-memory database (the tests') is loaded from. Initialising a
 * cluster in WebAssembly (initdb) took 3.5-6 s of the embedded default's cold start on this machine;
 * PGlite unpacking the tarball into a data folder (~1,000 files written one at a time through its
 * virtual file system) took ~2× as long as the OS copying the same files and PGlite opening them as an
 * existing cluster (BENCHMARKS.md, S1). This template is an empty cluster, no schema; the product's
 * migrated template (schema-template.ts) is made from it, keyed by its migrations as well. Keyed by
 * PGlite's version, so an upgrade makes its own; anything wrong with it falls back to a plain initdb.
 */
function templateBase(): string | null {
  try {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const pkgDir = path.resolve(path.dirname(entry), '..');
    const version = (
      JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }
    ).version;
    return path.join(pkgDir, '..', '..', '.cache', 'teacher-dev-workflow', `pglite-${version}`);
  } catch {
    return null;
  }
}

/** True when `dataDir` holds no cluster yet (PGlite would run initdb there). */
export function isFreshDataDir(dataDir: string | null): boolean {
  return dataDir === null || !existsSync(path.join(dataDir, 'PG_VERSION'));
}

/** True when both forms of the template were made (each only appears complete: see below). */
export function hasPgliteTemplate(base = templateBase()): boolean {
  return base !== null && existsSync(`${base}.tar`) && existsSync(path.join(base, 'PG_VERSION'));
}

/** The tarball form, for an in-memory database. */
function loadTemplateTar(base: string): Blob | null {
  try {
    return existsSync(`${base}.tar`) ? new Blob([readFileSync(`${base}.tar`)]) : null;
  } catch {
    return null;
  }
}

/**
 * Copies the folder `from` into `to`, each folder's files at once: the copies run on libuv's thread pool,
 * so the main thread is free meanwhile (apps/server starts this while its modules load). `last` is
 * copied after everything else: PG_VERSION is what makes a folder an existing cluster (isFreshDataDir),
 * so a start killed mid-copy leaves a folder that the next start still treats as fresh.
 */
async function copyTree(from: string, to: string, last?: string): Promise<void> {
  await mkdir(to, { recursive: true });
  const entries = await readdir(from, { withFileTypes: true });
  await Promise.all(
    entries
      .filter((e) => e.name !== last)
      .map((e) =>
        e.isDirectory()
          ? copyTree(path.join(from, e.name), path.join(to, e.name))
          : copyFile(path.join(from, e.name), path.join(to, e.name)),
      ),
  );
  if (last) await copyFile(path.join(from, last), path.join(to, last));
}

/** Keep the cluster of `db` (nothing has been written to it yet) as the template; best effort. */
export async function savePgliteTemplate(db: PGlite, base = templateBase()): Promise<void> {
  if (!base || hasPgliteTemplate(base)) return;
  // Both made aside and renamed: a concurrent start never reads half a template.
  const partial = `${base}.${process.pid}.partial`;
  try {
    const tar = await db.dumpDataDir('none');
    mkdirSync(path.dirname(base), { recursive: true });
    if (!existsSync(path.join(base, 'PG_VERSION'))) {
      // PGlite writes the cluster out as a data folder of its own, and closes it cleanly.
      const staging = await PGlite.create({ dataDir: partial, loadDataDir: tar });
      await staging.close();
      rmSync(base, { recursive: true, force: true }); // an incomplete folder left by a crash
      renameSync(partial, base);
    }
    if (!existsSync(`${base}.tar`)) {
      writeFileSync(`${partial}.tar`, Buffer.from(await tar.arrayBuffer()));
      renameSync(`${partial}.tar`, `${base}.tar`);
    }
  } catch {
    // A read-only node_modules, a full disk, another process's rename first: the next fresh start
    // initialises afresh (or uses the other's), as before.
    rmSync(partial, { recursive: true, force: true });
    rmSync(`${partial}.tar`, { force: true });
  }
}

/**
 * Where the migrated template of schema `key` is kept (schema-template.ts builds it): beside the empty
 * one, named by the key, so a PGlite upgrade or a changed migration each get their own.
 */
export function schemaTemplateDir(key: string, base = templateBase()): string | null {
  return base && /^[0-9a-f]{16,64}$/.test(key) ? `${base}-schema-${key}` : null;
}

/** True when the migrated template of `key` is complete (PG_VERSION is renamed into place with it). */
export function hasSchemaTemplate(key: string, base = templateBase()): boolean {
  const dir = schemaTemplateDir(key, base);
  return dir !== null && existsSync(path.join(dir, 'PG_VERSION'));
}

/**
 * Opens PGlite on `dataDir` (null: in memory). A fresh folder starts from a copy of the template when
 * there is one (an in-memory database from its tarball), else is initialised and becomes the template
 * for the next fresh start.
 */
export async function openPglite(dataDir: string | null, base = templateBase()): Promise<PGlite> {
  return (await openPgliteWithSchema(dataDir, null, base)).db;
}

/**
 * As openPglite, but a fresh folder on disk starts from the migrated template of `schemaKey` when there
 * is one (the empty template otherwise). Answers which schema the folder was copied with (null: none, or
 * not fresh), so the caller can check it against the migrations it runs and discard a copy made from
 * another version's schema (discardFresh).
 */
export async function openPgliteWithSchema(
  dataDir: string | null,
  schemaKey: string | null,
  base = templateBase(),
): Promise<{ db: PGlite; schemaKey: string | null }> {
  const where = dataDir ? { dataDir } : {};
  if (!isFreshDataDir(dataDir)) return { db: await PGlite.create(where), schemaKey: null };
  const migrated = schemaKey && base ? schemaTemplateDir(schemaKey, base) : null;
  if (dataDir && migrated && existsSync(path.join(migrated, 'PG_VERSION'))) {
    try {
      await copyTree(migrated, dataDir, 'PG_VERSION');
      return { db: await PGlite.create(where), schemaKey };
    } catch {
      // As a damaged empty template below: clear the folder, and start from the empty template.
      discardFresh(dataDir);
    }
  }
  return { db: await openEmptyPglite(dataDir, base), schemaKey: null };
}

/**
 * Empties a data folder that a fresh start copied a template into and nothing else has written to yet.
 * PG_VERSION goes first, so a process killed while deleting leaves a folder the next start treats as
 * fresh (isFreshDataDir), never a half-deleted cluster.
 */
export function discardFresh(dataDir: string): void {
  rmSync(path.join(dataDir, 'PG_VERSION'), { force: true });
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
}

async function openEmptyPglite(dataDir: string | null, base: string | null): Promise<PGlite> {
  const where = dataDir ? { dataDir } : {};
  if (base) {
    try {
      if (dataDir && existsSync(path.join(base, 'PG_VERSION'))) {
        await copyTree(base, dataDir, 'PG_VERSION');
        return await PGlite.create(where);
      }
      const tar = dataDir ? null : loadTemplateTar(base);
      if (tar) return await PGlite.create({ loadDataDir: tar });
    } catch {
      // A damaged template, a failed copy: clear what it left in the (fresh) folder and initialise
      // afresh below.
      if (dataDir) discardFresh(dataDir);
    }
  }
  const db = await PGlite.create(where);
  await savePgliteTemplate(db, base ?? undefined);
  return db;
}

// `node dist/libs/platform/src/database/pglite-template.js`: make the template now (npm's postbuild), so
// the first `npm start` on a new machine starts from it too.
if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  if (hasPgliteTemplate()) process.exit(0);
  const db = await PGlite.create({});
  await savePgliteTemplate(db);
  await db.close();
  process.stdout.write(hasPgliteTemplate() ? 'PGlite template ready\n' : 'PGlite template not written\n');
}
