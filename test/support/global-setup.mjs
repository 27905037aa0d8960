export { setup as default } from './test-databases.mjs';
