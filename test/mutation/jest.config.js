// Mutation testing (stryker.config.mjs) runs only the deciders' own specs: the pure unit and property
// specs beside each decider. Everything else of the main Jest configuration is kept.
/* global process */
import base from '../../jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/libs'],
  // MUTATION_SPECS (comma-separated globs) narrows the run to one decider's specs, which is much faster.
  testMatch: process.env.MUTATION_SPECS?.split(',') ?? [
    '**/libs/approval/src/application/*.spec.ts',
    '**/libs/ladder/src/teacher/*.spec.ts',
    '**/libs/ladder/src/eligibility/*.spec.ts',
    '**/libs/ladder/src/mentorship/*.spec.ts',
    '**/libs/ladder/src/studio/*.spec.ts',
    '**/libs/identity/src/user/*.spec.ts',
    '**/libs/policy/src/*.spec.ts',
  ],
  testSequencer: undefined,
};
