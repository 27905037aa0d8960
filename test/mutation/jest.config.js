// Mutation testing (stryker.config.mjs) runs only the deciders' own specs: the pure unit and property
// specs beside each decider. Everything else of the main Jest configuration is kept.
/* global process */
import base from '../../jest.config.js';

// The property specs (propertyParams) read FC_RUNS. Every mutant reruns the specs that cover it, so a
// small number of generated sequences keeps them as killers at a fraction of the cost; FC_RUNS set by
// the caller still wins.
process.env.FC_RUNS ??= '15';

/** @type {import('jest').Config} */
export default {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/libs'],
  // MUTATION_SPECS (comma-separated globs) narrows the run to one decider's specs, which is much faster.
  testMatch: process.env.MUTATION_SPECS?.split(',') ?? [
    '**/libs/*/src/**/*.decider.spec.ts',
    '**/libs/*/src/**/*.decider.property.spec.ts',
    '**/libs/ladder/src/eligibility/*.spec.ts',
  ],
  testSequencer: undefined,
  // Every mutant reloads the specs' module graph; the libraries' full indexes pull in NestJS, pg and
  // the projections, which no decider uses. MUTATION_SLIM=0 loads the full indexes.
  moduleNameMapper:
    process.env.MUTATION_SLIM === '0'
      ? base.moduleNameMapper
      : {
          '^#libs/(event-store|policy|ladder|identity|platform)$': '<rootDir>/test/mutation/slim/$1.ts',
          '^#testing/event-store$': '<rootDir>/test/mutation/slim/testing-event-store.ts',
          ...base.moduleNameMapper,
        },
};
