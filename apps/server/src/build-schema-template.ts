import path from 'node:path';
import { saveSchemaTemplate, schemaKey } from '#libs/platform';
import { productSchema } from './schema.js';
import { writeSchemaKey } from './schema-key.js';

/**
 * Makes the embedded default's migrated template of this build's migrations (schema.ts) if it is not
 * there, and records its key for main. Run by npm's postbuild, as the empty template is, and by a start
 * that found none (main.ts), so the next fresh start copies it.
 */
export async function buildSchemaTemplate(options: { base?: string; keyFile?: string } = {}): Promise<{
  key: string;
  made: boolean;
}> {
  const parts = await productSchema();
  const key = schemaKey(parts);
  const made = await saveSchemaTemplate(parts, options.base);
  if (made) writeSchemaKey(key, options.keyFile);
  return { key, made };
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  const { key, made } = await buildSchemaTemplate();
  process.stdout.write(
    made ? `PGlite schema template ${key} ready\n` : 'PGlite schema template not written\n',
  );
  // The BullMQ and pg modules loaded for the migrations keep no handles, but do not wait on them.
  process.exit(0);
}
