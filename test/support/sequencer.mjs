import Sequencer from '@jest/test-sequencer';

const BaseSequencer = Sequencer.default ?? Sequencer;

/**
 * The fault suites (SECURITY.md "Faults"): SIGKILL of the api and of the worker, a lost PostgreSQL
 * connection, and the queue losing its data, each mid-load. They kill and restart processes, so they run
 * in the last stage, where nothing else is running.
 */
const FAULT_SUITES = [
  /[\\/]test[\\/]faults[\\/]/,
  /[\\/]test[\\/]deadlines[\\/]durability\.e2e-spec\.ts$/,
  /[\\/]test[\\/]scale[\\/]many-processes\.e2e-spec\.ts$/,
  /[\\/]test[\\/]core[\\/]quickstart\.e2e-spec\.ts$/,
  /[\\/]test[\\/]security[\\/]database-outage\.e2e-spec\.ts$/,
  /[\\/]libs[\\/]event-store[\\/]src[\\/]postgres[\\/]crash\.int-spec\.ts$/,
  /[\\/]libs[\\/]event-store[\\/]src[\\/]subscription[\\/]leadership\.int-spec\.ts$/,
];

/**
 * Runs the slow stages last (DEVELOPERS' CI rule): the browser suites (test/web), then the fault
 * suites. Everything else keeps Jest's own order (failed first, then slowest first), so a quick
 * failure is still reported early.
 */
export const stage = (path) =>
  FAULT_SUITES.some((r) => r.test(path)) ? 2 : /[\\/]test[\\/]web[\\/]/.test(path) ? 1 : 0;

export default class SlowStagesLast extends BaseSequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const ordered = Array.isArray(sorted) ? sorted : [...sorted];
    return ordered
      .map((t, i) => ({ t, i }))
      .sort((a, b) => stage(a.t.path) - stage(b.t.path) || a.i - b.i)
      .map((x) => x.t);
  }
}
