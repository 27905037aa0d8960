// Jest runs in native ESM mode (NestJS 12 packages are ESM-only); swc strips types and keeps
// decorator metadata, which Nest's dependency injection reads at run time.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^#libs/([^/]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^#testing/([^/]+)$': '<rootDir>/libs/$1/src/testing/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['@swc/jest', { swcrc: true }],
    // @fastify/static (the OpenAPI UI's file server) require()s content-disposition, which is ESM-only.
    // Node 20.19 loads that natively; Jest's module loader cannot, so that one package is compiled to
    // CommonJS for the test run.
    '/node_modules/content-disposition/.+\\.js$': [
      '@swc/jest',
      { swcrc: false, module: { type: 'commonjs' }, jsc: { target: 'es2022' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  testTimeout: 60000,
  testSequencer: '<rootDir>/test/support/sequencer.mjs',
  // Each run's suites and figures in test-artifacts/test-results.json (SECURITY.md's table reads them).
  reporters: ['default', '<rootDir>/test/support/results-reporter.mjs'],
  watchman: false,
};
