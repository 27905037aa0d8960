export { teardown as default } from './test-databases.mjs';
