import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * A freshly initialised PGlite cluster, kept as a tarball next to the PGlite package that made it
 * (node_modules/.cache/teacher-dev-workflow/pglite-<version>.tar). Initialising a cluster in WASM
 * (initdb) took 3.5-6 s of the embedded default's cold start on this machine; loading the tarball into
 * a fresh data folder takes ~1 s (BENCHMARKS.md, S1). The tarball is an empty cluster, no schema: the
 * migrations still run on every start, so it cannot drift from the code. Keyed by PGlite's version, so
 * an upgrade makes its own; anything wrong with it falls back to a plain initdb.
 */
function templateFile(): string | null {
  try {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const pkgDir = path.resolve(path.dirname(entry), '..');
    const version = (
      JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }
    ).version;
    return path.join(pkgDir, '..', '..', '.cache', 'teacher-dev-workflow', `pglite-${version}.tar`);
  } catch {
    return null;
  }
}

/** True when `dataDir` holds no cluster yet (PGlite would run initdb there). */
export function isFreshDataDir(dataDir: string | null): boolean {
  return dataDir === null || !existsSync(path.join(dataDir, 'PG_VERSION'));
}

/** The template, if one was made by this PGlite version. */
export function loadPgliteTemplate(file = templateFile()): Blob | null {
  if (!file || !existsSync(file)) return null;
  try {
    return new Blob([readFileSync(file)]);
  } catch {
    return null;
  }
}

/** Keep `db` (a cluster nothing has been written to yet) as the template; best effort. */
export async function savePgliteTemplate(db: PGlite, file = templateFile()): Promise<void> {
  if (!file || existsSync(file)) return;
  try {
    const tar = Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer());
    mkdirSync(path.dirname(file), { recursive: true });
    // Written aside and renamed: a concurrent start never reads half a template.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, tar);
    renameSync(partial, file);
  } catch {
    // A read-only node_modules, a full disk: the next start initialises afresh, as before.
  }
}

/**
 * Opens PGlite on `dataDir` (null: in memory). A fresh folder starts from the template when there is
 * one, else is initialised and becomes the template for the next fresh start.
 */
export async function openPglite(dataDir: string | null, file = templateFile()): Promise<PGlite> {
  const where = dataDir ? { dataDir } : {};
  if (!isFreshDataDir(dataDir)) return PGlite.create(where);
  const template = loadPgliteTemplate(file);
  if (template) {
    try {
      return await PGlite.create({ ...where, loadDataDir: template });
    } catch {
      // A damaged template: clear what it left in the (fresh) folder and initialise afresh below.
      if (dataDir) {
        rmSync(dataDir, { recursive: true, force: true });
        mkdirSync(dataDir, { recursive: true });
      }
    }
  }
  const db = await PGlite.create(where);
  await savePgliteTemplate(db, file);
  return db;
}

// `node dist/libs/platform/src/database/pglite-template.js`: make the template now (npm's postbuild), so
// the first `npm start` on a new machine starts from it too.
if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  if (loadPgliteTemplate()) process.exit(0);
  const db = await PGlite.create({});
  await savePgliteTemplate(db);
  await db.close();
  process.stdout.write(loadPgliteTemplate() ? 'PGlite template ready\n' : 'PGlite template not written\n');
}
