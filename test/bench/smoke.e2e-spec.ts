import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderMarkdown, runBenchmarks } from '../../bench/run.js';
import { ensureServerBuilt, ensureWebBuilt } from '../support/build.js';

// BENCHMARKS.md: benchmarks are not part of `npm test`, but each runs here at a tiny size so none rots.
// The figures are not checked (a loaded CI machine says nothing about speed); that every row is
// produced, with a figure and a baseline from the same run, is.
const ROOT = resolve(import.meta.dirname, '../..');

describe('benchmarks at a tiny size (smoke)', () => {
  beforeAll(() => {
    ensureServerBuilt();
    // S1 opens the built web app's sign-in page (its production build).
    ensureWebBuilt();
  }, 300_000);

  it('produces every row of BENCHMARKS.md, each with its figure and same-run baseline', async () => {
    const rows = await runBenchmarks(
      {
        seconds: 1,
        commandSeconds: 1,
        rebuildEvents: 700,
        coldStarts: 1,
        queryTeachers: 60,
        queryApplications: 120,
        queryEvents: 3000,
        querySeconds: 1,
        timers: 40,
        timerWindowSeconds: 2,
        importTeachers: 30,
      },
      null,
      () => undefined,
    );
    expect(rows.map((r) => r.id)).toEqual([
      ...['A1', 'A2', 'A3'],
      // the api and the worker apart (production), in one process, and apart answering before the read model
      ...['C1', 'C1', 'C1'],
      ...['M1', 'P1', 'S1'],
      ...['Q1', 'Q1', 'Q1', 'Q1', 'Q1'], // review queue, progression, board, my path, audit page
      ...['T1', 'T1'], // Redis, PostgreSQL
      'I1',
    ]);
    for (const r of rows.filter((x) => ['A1', 'A2', 'A3', 'C1', 'P1', 'I1'].includes(x.id))) {
      expect(r.figure).toMatch(/^\d[\d,]*(\.\d+)? /); // a measured number
      expect(r.baseline).toMatch(/\d/); // and its raw baseline, measured in the same run
      expect(r.ratio).toMatch(/^\d+\.\d\d×$/);
      expect(typeof r.met).toBe('boolean');
    }
    // C1 in both layouts and answering early, beside the minimal Fastify command of the same run; no
    // command failed.
    const c1 = rows.filter((r) => r.id === 'C1');
    expect(c1.map((r) => r.what)).toEqual([
      expect.stringMatching(/separate processes$/),
      expect.stringMatching(/with worker/),
      expect.stringMatching(/separate processes, Prefer: respond-before-read-models/),
    ]);
    for (const r of c1) {
      expect(r.figure).not.toMatch(/failed/);
      expect(r.baseline).toMatch(/^minimal Fastify command .* [1-9][\d,]* req\/s/);
    }
    expect(rows.find((r) => r.id === 'P1')!.what).toMatch(/700 events/);
    // S1: the cold start to ready, then the sign-in page painted in Chromium (when there is one).
    const s1 = rows.find((r) => r.id === 'S1')!;
    expect(s1.target).toBe('ready < 3 s; sign-in painted < 1 s after ready');
    expect(s1.figure).toMatch(/^ready median \d[\d,.]* s over 1 runs \(max \d[\d,.]* s\); /);
    if (existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
      expect(s1.figure).toMatch(
        /; sign-in form painted median -?\d[\d,]* ms after ready \(max -?\d[\d,]* ms\)$/,
      );
      expect(typeof s1.met).toBe('boolean');
    }
    // Q1: every endpoint answered, with its latency and its pgbench baseline. (The audit page may show a
    // few 409s: concurrent reads of one admin race to record themselves — a finding, not a rot.)
    for (const r of rows.filter((x) => x.id === 'Q1')) {
      expect(r.figure).toMatch(
        /^[1-9][\d,]* req\/s, p50 \d[\d,.]* ms, p99 \d[\d,.]* ms(, \d+ failed \(409: \d+\))?$/,
      );
      expect(r.baseline).toMatch(/pgbench 16 clients.*\d tps/);
      expect(typeof r.met).toBe('boolean');
    }
    // T1: on both backends every timer fired, exactly once in effect, each job completed once.
    const t1 = rows.filter((x) => x.id === 'T1');
    expect(t1.map((r) => r.what)).toEqual([
      expect.stringMatching(/Redis/),
      expect.stringMatching(/PostgreSQL/),
    ]);
    for (const r of t1) {
      expect(r.figure).toMatch(
        /^fired 40\/40 \(chairs told 40\), 0 duplicate effects, jobs 40 completed \/ 0 failed/,
      );
      expect(r.figure).toMatch(/lateness p50 \d[\d,]* ms, p99 \d[\d,]* ms, max \d[\d,]* ms$/);
      expect(r.baseline).toMatch(/round trip/);
    }
    // A missed row says by how much (from this run's figures), what the profile shows and what would
    // close it — in its own section below the table, one heading per missed row.
    const missed = rows.filter((r) => r.met === false);
    for (const r of missed) {
      expect(r.shortfall).toMatch(/against [<≥] |failed/);
      expect(r.profile).toEqual(expect.any(String));
      expect(r.closing).toEqual(expect.any(String));
    }
    const md = renderMarkdown(rows, 'smoke');
    expect(md.split('\n').filter((l) => l.startsWith('| ')).length).toBe(rows.length + 2); // + header, rule
    const sections = md.split('\n').filter((l) => l.startsWith('### '));
    expect(sections).toEqual(missed.map((r) => `### ${r.id}: ${r.what}`));
    if (missed.length > 0) expect(md).toContain('## Missed rows');
  }, 900_000);
});

// compare-builds (two builds' CPU per request on one database, ABBA) is a tool of BENCHMARKS.md's notes:
// run here on this checkout against itself, briefly, so that it keeps starting both and measuring.
describe('compare-builds at a tiny size (smoke)', () => {
  beforeAll(() => ensureServerBuilt(), 300_000);

  it('starts both builds in turn on one database and prints each one’s rate and CPU per request', () => {
    const out = execFileSync(
      process.execPath,
      [
        join(ROOT, 'dist/bench/compare-builds.js'),
        `--other=${ROOT}`,
        '--pairs=1',
        '--seconds=1',
        '--path=/api/board?limit=100',
        '--as=chair',
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 240_000 },
    );
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^\/api\/board\?limit=100 as chair, 16 connections, 1 s after/);
    // ABBA over one pair: this, then the other; every request answered.
    expect(lines.slice(1, 3).map((l) => l.split(' ')[0])).toEqual(['this', 'other']);
    for (const l of lines.slice(1, 3))
      expect(l).toMatch(/ [1-9]\d* req\/s, .* 0 failed, CPU \d+\.\d\d ms per request /);
    expect(lines[3]).toMatch(
      /^median CPU per request: this \d+\.\d\d ms, other \d+\.\d\d ms; this lower in [01] of 1 pairs$/,
    );
  }, 300_000);

  it('refuses to run without the other build, saying what it needs', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'dist/bench/compare-builds.js')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--other=<a checkout with its dist built> is required/);
  });
});
