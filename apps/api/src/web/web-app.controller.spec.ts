import { accepts } from './web-app.controller.js';

describe('which compressed copy of a web file a browser accepts', () => {
  it('takes a listed coding, with or without a q-value above 0', () => {
    expect(accepts('gzip, deflate, br, zstd', 'br')).toBe(true);
    expect(accepts('gzip;q=0.8, br;q=1.0', 'gzip')).toBe(true);
    expect(accepts('GZIP', 'gzip')).toBe(true);
  });

  it('refuses a coding that is absent or has q=0, unless * accepts it', () => {
    expect(accepts(undefined, 'br')).toBe(false);
    expect(accepts('gzip', 'br')).toBe(false);
    expect(accepts('br;q=0, gzip', 'br')).toBe(false);
    expect(accepts('*', 'br')).toBe(true);
    expect(accepts('*;q=0', 'br')).toBe(false);
    expect(accepts('br;q=0, *', 'br')).toBe(false);
  });
});
