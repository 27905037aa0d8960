// class-transformer ships no declaration beside its CommonJS storage module; the one in types/ is it.
declare module 'class-transformer/cjs/storage.js' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage.js';
}
