#!/usr/bin/env node
// No context reads another context's tables (ARCHITECTURE.md "Between contexts"): each read-model table
// is named in SQL only inside its owner's folders — libs/<context>/ and the owner's own parts of apps/
// (its HTTP controllers, its worker processors). Others ask the owner through the ports it publishes
// from #libs/<context> (identity's directory, approval's open steps, the ladder's relations and steps).
// dependency-cruiser cannot see SQL, so `npm run lint:deps` runs this as well as check-events-table.mjs.
//
// Usage: node scripts/check-table-owners.mjs [dir …]   (default: apps libs scripts, from the working
// directory). Exits 1 and names each file, line and table where SQL names another context's table.
//
// Not checked: tests and benchmarks (test/, bench/, *.spec.ts, *.int-spec.ts, *.e2e-spec.ts): they set
// up and look at read models on purpose.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sources } from './source-files.mjs';

/**
 * Each context's read-model tables (made by its projections and stores) and the folders whose SQL may
 * name them. A new table of a context belongs in its list here.
 */
export const OWNERS = {
  approval: {
    tables: [
      'application_summaries',
      'application_stage_counts',
      'calls',
      'review_assignments',
      'reviews',
      'training_enrolments',
      'evidence_files',
      'overdue_steps',
      'overdue_step_subjects',
    ],
    folders: [
      'libs/approval/',
      'apps/api/src/applications/',
      'apps/api/src/calls/',
      'apps/api/src/evidence/',
      'apps/api/src/annual-summaries/',
    ],
  },
  ladder: {
    tables: [
      'mentorships',
      'mentorship_meetings',
      'studios',
      'studio_members',
      'teacher_progress',
      'teacher_hours',
      'teacher_credits',
      'ladder_people',
    ],
    folders: ['libs/ladder/', 'apps/api/src/ladder/'],
  },
  identity: {
    tables: ['org_units', 'users', 'sessions', 'login_attempts', 'person_keys'],
    // The users import is identity's own (an admin registers people), beside the ladder's hours import.
    folders: ['libs/identity/', 'apps/api/src/auth/', 'apps/api/src/imports/user-import.ts'],
  },
  audit: {
    tables: ['audit_log', 'audit_streams'],
    folders: ['libs/audit/', 'apps/api/src/audit/'],
  },
  deadlines: {
    tables: ['notifications'],
    // The inbox's HTTP folder, the queue console, and the worker's timers and notification emails.
    folders: [
      'libs/deadlines/',
      'apps/api/src/notifications/',
      'apps/api/src/admin/',
      'apps/worker/src/timers/',
      'apps/worker/src/notifications/',
    ],
  },
};

/** A keyword that introduces tables, then the comma-separated list of `table [AS] [alias]` after it. */
const ITEM = String.raw`(?:"?public"?\s*\.\s*)?"?[A-Za-z_][\w$]*"?(?:\s+(?:AS\s+)?[A-Za-z_]\w*)?`;
const CLAUSE = new RegExp(
  String.raw`\b(?:FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE)\s+(?:ONLY\s+)?(?:IF\s+(?:NOT\s+)?EXISTS\s+)?(${ITEM}(?:\s*,\s*${ITEM})*)`,
  'g',
);
const NAME = /(?:"?public"?\s*\.\s*)?"?([A-Za-z_][\w$]*)"?/y;

/**
 * Functions a context exports that write SQL on its own tables for the caller to splice in: calling one
 * names those tables as surely as writing them out, so outside the owner's folders it counts the same.
 */
export const SQL_BUILDERS = { orgUnitWithinSql: 'org_units' };
const BUILDER_CALL = new RegExp(String.raw`\b(${Object.keys(SQL_BUILDERS).join('|')})\s*\(`, 'g');

/** table → its owning context. */
const OWNER_OF = new Map(Object.entries(OWNERS).flatMap(([context, o]) => o.tables.map((t) => [t, context])));

/** Each table named in SQL in `text`, with its offset. */
export function tablesIn(text) {
  const out = [];
  for (const m of text.matchAll(CLAUSE)) {
    const list = m[1];
    let at = m.index + m[0].length - list.length;
    for (const item of list.split(',')) {
      const lead = item.length - item.trimStart().length;
      NAME.lastIndex = 0;
      const n = NAME.exec(item.trimStart());
      if (n) out.push({ table: n[1], index: at + lead });
      at += item.length + 1;
    }
  }
  return out;
}

/** Each place under `dirs` (relative to `base`) where SQL names a table outside its owner's folders. */
export function findViolations(dirs, base = process.cwd()) {
  const found = [];
  for (const dir of dirs) {
    for (const file of sources(path.resolve(base, dir))) {
      const rel = path.relative(base, file).split(path.sep).join('/');
      if (rel.startsWith('scripts/')) continue; // the checks themselves name the tables
      const text = readFileSync(file, 'utf8');
      const named = [
        ...tablesIn(text),
        ...[...text.matchAll(BUILDER_CALL)].map((m) => ({ table: SQL_BUILDERS[m[1]], index: m.index })),
      ];
      for (const { table, index } of named) {
        const owner = OWNER_OF.get(table);
        if (!owner) continue;
        if (OWNERS[owner].folders.some((f) => rel.startsWith(f))) continue;
        const line = text.slice(0, index).split('\n').length;
        found.push({ file: rel, line, table, owner });
      }
    }
  }
  return found.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('check-table-owners.mjs')) {
  const dirs = process.argv.slice(2);
  const scanned = dirs.length > 0 ? dirs : ['apps', 'libs', 'scripts'];
  const found = findViolations(scanned);
  for (const f of found) {
    process.stderr.write(
      `${f.file}:${f.line}: "${f.table}" belongs to ${f.owner}: only libs/${f.owner} and its own app folders name it in SQL; ask ${f.owner} through a port it publishes (#libs/${f.owner})\n`,
    );
  }
  if (found.length > 0) {
    process.stderr.write(`\nx ${found.length} place(s) name another context's table\n`);
    process.exit(1);
  }
  process.stdout.write("✔ no SQL on another context's tables\n");
}
