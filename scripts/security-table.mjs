#!/usr/bin/env node
// Writes the figures of the last `npm test` run into SECURITY.md's table of scenarios: for each row, the
// suites it names (paths and globs in backticks; the fault stage's suites for the row that names
// test/support/sequencer.mjs) with their passed, failed and skipped tests and their time, read from
// test-artifacts/test-results.json (written by test/support/results-reporter.mjs). A row that names no
// suite of the run (mutation testing, not part of CI) keeps its own text.
//
// Usage: node scripts/security-table.mjs [results.json] [SECURITY.md]   (run after a full `npm test`)
import { readFileSync, writeFileSync } from 'node:fs';
import prettier from 'prettier';
import { stage } from '../test/support/sequencer.mjs';

const [resultsFile = 'test-artifacts/test-results.json', securityFile = 'SECURITY.md'] =
  process.argv.slice(2);
const run = JSON.parse(readFileSync(resultsFile, 'utf8'));
const HEADER = /^\|\s*#\s*\|\s*scenario\s*\|/;

/** A backticked glob as a regular expression over repository paths. */
function globToRegExp(glob) {
  const body = glob
    .split('**/')
    .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
    .join('(?:.*/)?');
  return new RegExp(`^${body}$`);
}

/** The suites of the run a row names. */
function suitesOf(testCell) {
  const named = [...testCell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  const patterns = named.filter((n) => /\.(?:e2e-spec|int-spec|spec)\.ts$/.test(n)).map(globToRegExp);
  const faultStage = named.includes('test/support/sequencer.mjs');
  return run.results.filter(
    (r) => patterns.some((p) => p.test(r.file)) || (faultStage && stage(`/${r.file}`) === 2),
  );
}

const n = (x) => x.toLocaleString('en');

function figures(suites) {
  const sum = (k) => suites.reduce((a, s) => a + s[k], 0);
  const failed = sum('failed');
  const parts = [
    `${failed ? '**failed**' : 'passed'}: ${suites.length} suite${suites.length > 1 ? 's' : ''}`,
    `${n(sum('passed'))} test${sum('passed') === 1 ? '' : 's'} passed`,
  ];
  if (failed) parts.push(`${n(failed)} failed`);
  if (sum('skipped')) parts.push(`${n(sum('skipped'))} skipped`);
  parts.push(`${n(Math.round(sum('seconds')))} s`);
  return parts.join(', ');
}

const cells = (line) => line.split('|').slice(1, -1);
const lines = readFileSync(securityFile, 'utf8').split('\n');
const start = lines.findIndex((l) => HEADER.test(l));
if (start < 0) throw new Error(`${securityFile}: no table of scenarios (a "| # | scenario |" header)`);
const header = cells(lines[start]).map((c) => c.trim());
let resultAt = header.indexOf('last result');
if (resultAt < 0) {
  header.push('last result');
  resultAt = header.length - 1;
}
const testAt = header.indexOf('test');
const out = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`];
let i = start + 2;
for (; i < lines.length && lines[i].startsWith('|'); i++) {
  const row = cells(lines[i]).map((c) => c.trim());
  while (row.length < header.length) row.push('');
  const suites = suitesOf(row[testAt]);
  if (suites.length > 0) row[resultAt] = figures(suites);
  out.push(`| ${row.join(' | ')} |`);
}
lines.splice(start, i - start, ...out);

// The sentence above the table names the run the figures come from.
const failedSuites = run.results.filter((r) => r.failed > 0).map((r) => r.file);
const minutes = Math.round((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 60000);
const summary =
  `Figures of the last full \`npm test\` run (${run.ci ? 'CI=true, ' : ''}${run.startedAt.slice(0, 16).replace('T', ' ')} UTC, ` +
  `${run.machine}, ${minutes} min): ${n(run.suites.passed)} of ${n(run.suites.total)} suites and ` +
  `${n(run.tests.passed)} tests passed, ${n(run.tests.failed)} failed, ${n(run.tests.skipped)} skipped — ` +
  `written by \`node scripts/security-table.mjs\` from \`test-artifacts/test-results.json\`.` +
  (failedSuites.length > 0 ? ` Failed: ${failedSuites.map((f) => `\`${f}\``).join(', ')}.` : '');
const at = lines.findIndex((l) => /^(Results|Figures) of the last full `npm test` run/.test(l));
if (at >= 0) lines[at] = summary;
else lines.splice(start, 0, summary, '');

const options = (await prettier.resolveConfig(securityFile)) ?? {};
const text = await prettier.format(lines.join('\n'), {
  ...options,
  parser: 'markdown',
  filepath: securityFile,
});
writeFileSync(securityFile, text);
console.log(`${securityFile}: ${out.length - 2} scenarios, figures of the run of ${run.startedAt}`);
