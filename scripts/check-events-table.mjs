#!/usr/bin/env node
// Nothing outside libs/event-store names the `events` table (ARCHITECTURE.md "Between contexts"): every
// other read goes through the EventStore port, so the adapter (PGlite, PostgreSQL, KurrentDB) stays
// chosen in one place. dependency-cruiser cannot see SQL, so `npm run lint:deps` runs this as well.
//
// Usage: node scripts/check-events-table.mjs [dir …]   (default: apps libs scripts, from the working
// directory). Exits 1 and names each file and line that runs SQL on `events`.
//
// Not checked: tests and benchmarks (test/, bench/, *.spec.ts, *.int-spec.ts, *.e2e-spec.ts). They look
// at the table on purpose: to see what the store wrote, or to tamper with it and prove it is noticed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sources } from './source-files.mjs';

/** Files allowed to name the table, each with the reason. Keep this list short. */
export const EXCEPTIONS = {
  // The backup dumps every table of the product's schemas generically, inside one REPEATABLE READ
  // snapshot on a single connection, so that the manifest's log head, row counts and rows agree. The
  // port reads through the pool, outside that snapshot; the head has to be read on the same connection.
  'libs/platform/src/backup/backup.ts':
    'dumps the whole database in one snapshot transaction; the log head must come from that snapshot',
};

/** Where SQL names the table: FROM/JOIN/INTO/UPDATE/TABLE/TRUNCATE events, or public.events anywhere. */
const PATTERNS = [
  /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE)\s+(?:ONLY\s+)?(?:"?public"?\s*\.\s*)?"?events"?(?![\w$])/g,
  /\bpublic\s*\.\s*"?events"?(?![\w$])/gi,
];

/** Each place under `dirs` (relative to `base`) where SQL names the table, outside the allowed files. */
export function findViolations(dirs, base = process.cwd()) {
  const found = [];
  for (const dir of dirs) {
    for (const file of sources(path.resolve(base, dir))) {
      const rel = path.relative(base, file).split(path.sep).join('/');
      if (rel.startsWith('libs/event-store/') || rel in EXCEPTIONS) continue;
      const text = readFileSync(file, 'utf8');
      for (const pattern of PATTERNS) {
        for (const m of text.matchAll(pattern)) {
          const line = text.slice(0, m.index).split('\n').length;
          found.push({ file: rel, line, text: m[0].replace(/\s+/g, ' ') });
        }
      }
    }
  }
  return found.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('check-events-table.mjs')) {
  const dirs = process.argv.slice(2);
  const found = findViolations(dirs.length > 0 ? dirs : ['apps', 'libs', 'scripts']);
  for (const f of found) {
    process.stderr.write(
      `${f.file}:${f.line}: "${f.text}": only libs/event-store names the events table; read through the EventStore port\n`,
    );
  }
  if (found.length > 0) {
    process.stderr.write(`\nx ${found.length} place(s) name the events table outside libs/event-store\n`);
    process.exit(1);
  }
  process.stdout.write('✔ no SQL on the events table outside libs/event-store\n');
}
