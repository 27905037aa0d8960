import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The key of this build's migrated template (schema.ts), written beside the built main.js when the
 * template is made, so main can start copying it before the migrations' modules are loaded: reading it
 * costs a file, computing the key costs loading the product. A stale or missing file only loses the
 * head start (open-database.ts confirmSchemaKey checks the copy against the real key).
 */
const KEY_FILE = path.join(import.meta.dirname, 'schema.key');

export function readSchemaKey(file = KEY_FILE): string | null {
  try {
    const key = readFileSync(file, 'utf8').trim();
    return /^[0-9a-f]{32}$/.test(key) ? key : null;
  } catch {
    return null;
  }
}

export function writeSchemaKey(key: string, file = KEY_FILE): void {
  try {
    writeFileSync(`${file}.${process.pid}`, `${key}\n`);
    renameSync(`${file}.${process.pid}`, file);
  } catch {
    // A read-only build: main starts from the empty template and migrates, as before.
  }
}
