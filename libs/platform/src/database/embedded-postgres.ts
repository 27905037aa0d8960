import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { servePglite } from './pglite-gateway.js';
import { openPglite, openPgliteWithSchema } from './pglite-template.js';

/**
 * The embedded default (ARCHITECTURE.md "Stores"): PGlite keeps its data in a local folder and is served
 * on a loopback port (./pglite-gateway.ts), so the same node-postgres adapter talks to it as to a real
 * server. The gateway gives PGlite's one session to one client at a time — a whole query or
 * extended-protocol batch, or a whole transaction — so per-connection settings (SET without LOCAL) leak
 * between clients, and the product only uses SET LOCAL.
 */
export interface EmbeddedPostgres {
  url: string;
  dataDir: string | null;
  stop(): Promise<void>;
}

/** Opens PGlite on `dataDir`; a fresh folder starts from a kept, initialised cluster (pglite-template.ts). */
export async function openEmbeddedPglite(dataDir: string | null): Promise<PGlite> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  return openPglite(dataDir);
}

/** As openEmbeddedPglite; a fresh folder starts from the migrated template of `schemaKey` if there is one. */
export async function openEmbeddedPgliteWithSchema(
  dataDir: string,
  schemaKey: string | null,
  templateBase?: string,
): Promise<{ db: PGlite; schemaKey: string | null }> {
  mkdirSync(dataDir, { recursive: true });
  return openPgliteWithSchema(dataDir, schemaKey, templateBase);
}

export async function startEmbeddedPostgres(options: {
  /** Folder for the data; null keeps it in memory (tests). */
  dataDir: string | null;
  host?: string;
  port?: number;
  /** `dataDir` already being opened (openEmbeddedEarly): served once open, not opened a second time. */
  opening?: Promise<PGlite>;
}): Promise<EmbeddedPostgres> {
  const db = await (options.opening ?? openEmbeddedPglite(options.dataDir));
  const host = options.host ?? '127.0.0.1';
  const server = await servePglite(db, host, options.port ?? 0);
  const port = server.port;
  let stopped = false;
  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    dataDir: options.dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
    },
  };
}
