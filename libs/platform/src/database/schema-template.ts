import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { servePglite } from './pglite-gateway.js';
import { hasSchemaTemplate, openPglite, schemaTemplateDir } from './pglite-template.js';

/**
 * The embedded default's migrated template (BENCHMARKS.md S1): a cluster on which every migration of the
 * product has run and nothing else, kept beside the empty template, so a fresh data folder starts from a
 * copy of it and the migrations at start find nothing to do (creating the ~100 tables, indexes and
 * functions file by file in WebAssembly was over a second of every first start).
 *
 * It holds schema only: no events, no checkpoints, and no per-install secret (app_secrets, secrets.ts),
 * which each install still makes for itself at its first start. The owners' migrations still run on
 * every start, so a folder made from an older template, or from none, is brought up to date as before.
 *
 * Keyed by a hash of every migration's SQL (schemaKey): a changed or added migration makes a new key and
 * so a new template, never a copy of the old schema recorded as the new one.
 */

/** One owner's part of the schema: the SQL that keys it, and how it is applied to a database. */
export interface SchemaPart {
  owner: string;
  /** Every statement or migration text this part runs, in order (what the key is made from). */
  sql: readonly string[];
  /** Applies this part to the (empty or older) database at `url`, as the owner does at start. */
  apply(url: string): Promise<void>;
}

/** The template's key: SHA-256 of every part's owner and SQL, in order (32 hex digits kept). */
export function schemaKey(parts: readonly SchemaPart[]): string {
  const hash = createHash('sha256');
  for (const p of parts) {
    hash.update(`\0owner\0${p.owner}`);
    for (const s of p.sql) hash.update(`\0sql\0${s}`);
  }
  return hash.digest('hex').slice(0, 32);
}

/**
 * Makes the migrated template of `parts` unless it is there; best effort, as the empty template. It is
 * built aside (a staging folder of this process) and renamed into place once PGlite has closed it, so a
 * concurrent start never copies half a template, and a build killed midway leaves only its staging
 * folder. Answers whether the template is there afterwards.
 */
export async function saveSchemaTemplate(parts: readonly SchemaPart[], base?: string): Promise<boolean> {
  const key = schemaKey(parts);
  const dir = schemaTemplateDir(key, base);
  if (!dir) return false;
  if (hasSchemaTemplate(key, base)) return true;
  const staging = `${dir}.${process.pid}.partial`;
  try {
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    // From the empty template (made now if need be): the same cluster a fresh start would have.
    const db = await openPglite(staging, base);
    const server = await servePglite(db, '127.0.0.1', 0);
    try {
      const url = `postgres://postgres@127.0.0.1:${server.port}/postgres`;
      for (const p of parts) await p.apply(url);
    } finally {
      await server.stop();
      await db.close();
    }
    if (!existsSync(path.join(dir, 'PG_VERSION'))) {
      rmSync(dir, { recursive: true, force: true }); // an incomplete folder left by a crash
      renameSync(staging, dir);
    }
  } catch {
    // A read-only cache, a full disk, another process's rename first: fresh starts migrate as before.
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return hasSchemaTemplate(key, base);
}
