// node-postgres's own value conversion (the one it applies to query parameters), which it ships untyped.
declare module 'pg/lib/utils.js' {
  const utils: {
    prepareValue(value: unknown): unknown;
    escapeLiteral(text: string): string;
  };
  export default utils;
}
