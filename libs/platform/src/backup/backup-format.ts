import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The backup file: gzip of JSON lines.
 *
 *   1. the manifest (`kind: "manifest"`): format marker and version, the product and its version, when,
 *      the log head, rows per table, each stream's head version and chain hash;
 *   2. the schema (`kind: "schema"`): statements that recreate every owned object before the data
 *      (schemas, enum types, sequences, functions, tables) and after it (constraints, indexes,
 *      triggers, each sequence's value);
 *   3. per table, a header (`kind: "table"`) then one JSON array per row, every value in PostgreSQL's text
 *      form (exact for timestamps, numerics, bytea and jsonb alike) or null;
 *   4. the end (`kind: "end"`): the SHA-256 of every byte before it and the number of lines, so a cut or
 *      altered file is refused before anything is written.
 */
export const BACKUP_FORMAT = 'teacher-dev-workflow-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const PRODUCT_NAME = 'teacher-dev-workflow';

/** Every schema the product writes: its own tables in `public`, BullMQ's PostgreSQL backend in `bullmq`. */
export const OWNED_SCHEMAS = ['public', 'bullmq'] as const;

export interface BackupManifest {
  kind: 'manifest';
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  product: string;
  productVersion: string;
  createdAt: string;
  /** The log head in the snapshot, "<tx>.<seq>" (as X-Log-Position), or null for an empty log. */
  head: string | null;
  events: number;
  /** Schema-qualified table name → rows. */
  tables: Record<string, number>;
  /** Stream id → [head version, head chain hash in hex]. */
  streams: Record<string, [number, string]>;
  /** Migrations applied, in order (public.schema_migrations). */
  migrations: string[];
}

export interface BackupSchema {
  kind: 'schema';
  schemas: string[];
  preData: string[];
  postData: string[];
}

export interface TableHeader {
  kind: 'table';
  schema: string;
  name: string;
  columns: Array<{ name: string; type: string }>;
  /** An identity column GENERATED ALWAYS: rows are inserted with OVERRIDING SYSTEM VALUE. */
  overriding: boolean;
  rows: number;
}

export interface BackupEnd {
  kind: 'end';
  sha256: string;
  lines: number;
}

/** The product's version, from its package.json (found upwards from this file, source or built). */
export function productVersion(): string {
  let dir = import.meta.dirname;
  for (let i = 0; i < 8; i++) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === PRODUCT_NAME && pkg.version) return pkg.version;
    }
    dir = path.dirname(dir);
  }
  return '0.0.0';
}

/** -1, 0, 1 for dotted numeric versions ("0.1.0" < "0.10.0"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

export const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;
export const qualified = (schema: string, name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;
