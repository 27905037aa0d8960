// Jest loads a --filter module with require(): hence CommonJS, reading the stages from sequencer.mjs.
const { stage } = require('./sequencer.mjs');

/**
 * Jest's `--filter`: keeps the suites of the stages named in TEST_STAGES (e.g. "0" or "1,2"; see
 * sequencer.mjs), so scripts/test.mjs can run the quick stage on both cores and the slow stages — the
 * browser walks and the fault suites, which time a process or a page — one suite at a time.
 */
module.exports = async function filter(paths) {
  const wanted = new Set(
    (process.env.TEST_STAGES ?? '0,1,2')
      .split(',')
      .map((s) => Number(s.trim()))
      .filter((n) => Number.isInteger(n)),
  );
  return { filtered: paths.filter((p) => wanted.has(stage(p))) };
};
