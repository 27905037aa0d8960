// Mutation testing of the deciders and the ladder's eligibility against their own specs (README
// "Mutation testing"). Minutes long, so not part of every CI run: `npm run test:mutation`, or one file
// with `npm run test:mutation -- --mutate libs/ladder/src/teacher/teacher.decider.ts`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  // Jest runs in native ESM mode (jest.config.js): the runner's processes need the VM modules flag.
  testRunnerNodeArgs: ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning'],
  jest: {
    configFile: 'test/mutation/jest.config.js',
    enableFindRelatedTests: false,
  },
  coverageAnalysis: 'perTest',
  // Every decider (libs/*/src/**/*.decider.ts) and the ladder's eligibility.
  mutate: ['libs/*/src/**/*.decider.ts', 'libs/ladder/src/eligibility/eligibility.ts'],
  // The sandbox needs the libraries and configuration only, not the web app, builds or data.
  ignorePatterns: [
    'dist',
    'data',
    'coverage',
    'apps/web',
    'test-artifacts',
    'bench',
    '.pglite',
    'reports',
    '.stryker-tmp*',
  ],
  concurrency: 2,
  timeoutMS: 20000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
