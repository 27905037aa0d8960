import { readdirSync } from 'node:fs';
import path from 'node:path';

const SOURCE = /\.(?:ts|tsx|mts|cts)$/;
const TEST = /\.(?:spec|int-spec|e2e-spec)\.(?:ts|tsx)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage', '.git']);

/** The product's TypeScript sources under `dir`, tests left out: what the SQL boundary checks read. */
export function* sources(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) yield* sources(p);
    } else if (SOURCE.test(e.name) && !TEST.test(e.name)) {
      yield p;
    }
  }
}
