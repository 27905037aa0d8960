#!/usr/bin/env node
// The JavaScript the sign-in page loads, gzipped: the entry script of dist/web/index.html and every chunk
// it imports statically (the pages behind sign-in are loaded on demand and not counted). The README
// states the figure; test/web/bundle-size.e2e-spec.ts holds it under 300 KB.
//   node scripts/web-bundle-size.mjs [dist/web] [--json]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export function signInBundle(root) {
  const html = readFileSync(join(root, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g)].map((m) => m[1]);
  const seen = new Map();
  const visit = (file) => {
    if (seen.has(file)) return;
    const code = readFileSync(join(root, file));
    seen.set(file, { bytes: code.length, gzip: gzipSync(code, { level: 9 }).length });
    const dir = file.slice(0, file.lastIndexOf('/') + 1);
    // Static imports only: `import{…}from"./x.js"` and `import"./x.js"`; `import("./x.js")` is on demand.
    for (const m of code.toString('utf8').matchAll(/(?:from|import)\s*"(\.\/[^"]+\.js)"/g))
      visit(dir + m[1].slice(2));
  };
  for (const e of entries) visit(e);
  const files = [...seen].map(([file, s]) => ({ file, ...s })).sort((a, b) => b.gzip - a.gzip);
  return {
    files,
    gzip: files.reduce((a, f) => a + f.gzip, 0),
    bytes: files.reduce((a, f) => a + f.bytes, 0),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'dist/web');
  const r = signInBundle(root);
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(r)}\n`);
  else {
    for (const f of r.files)
      process.stdout.write(`${(f.gzip / 1024).toFixed(1).padStart(7)} KB  ${f.file}\n`);
    process.stdout.write(
      `${(r.gzip / 1024).toFixed(1).padStart(7)} KB  gzipped in all (${(r.bytes / 1024).toFixed(0)} KB raw)\n`,
    );
  }
}
