import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Keeps what the last `npm test` run proved, suite by suite, in `test-artifacts/test-results.json`:
 * each suite's passed, failed and skipped tests and its time. SECURITY.md's table of scenarios shows
 * "the figures of the last run" from this file (`node scripts/security-table.mjs`), not from memory.
 */
export default class ResultsFile {
  constructor(globalConfig) {
    this.root = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const suites = results.testResults.map((r) => ({
      file: path.relative(this.root, r.testFilePath).split(path.sep).join('/'),
      passed: r.numPassingTests,
      failed: r.numFailingTests + (r.testExecError ? 1 : 0),
      skipped: r.numPendingTests + r.numTodoTests,
      seconds: Math.round((r.perfStats.end - r.perfStats.start) / 100) / 10,
    }));
    const out = {
      startedAt: new Date(results.startTime).toISOString(),
      finishedAt: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`,
      ci: process.env.CI === 'true',
      success: results.numFailedTestSuites === 0 && results.numRuntimeErrorTestSuites === 0,
      suites: {
        passed: results.numPassedTestSuites,
        failed: results.numFailedTestSuites,
        total: results.numTotalTestSuites,
      },
      tests: {
        passed: results.numPassedTests,
        failed: results.numFailedTests,
        skipped: results.numPendingTests,
      },
      results: suites,
    };
    const dir = path.join(this.root, 'test-artifacts');
    const file = path.join(dir, 'test-results.json');
    mkdirSync(dir, { recursive: true });
    // scripts/test.mjs runs the slow stages as a second Jest run: its figures join the first run's.
    const merged =
      process.env.TEST_RESULTS_APPEND === '1' && existsSync(file) ? join(readJson(file), out) : out;
    writeFileSync(file, `${JSON.stringify(merged, null, 1)}\n`);
  }
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** One run's figures followed by the next's, as if Jest had run them all at once. */
function join(first, next) {
  const sum = (a, b) => Object.fromEntries(Object.keys(a).map((k) => [k, a[k] + b[k]]));
  return {
    ...next,
    startedAt: first.startedAt,
    success: first.success && next.success,
    suites: sum(first.suites, next.suites),
    tests: sum(first.tests, next.tests),
    results: [...first.results, ...next.results],
  };
}
