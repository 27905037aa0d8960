import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPglite } from './pglite-template.js';

// The embedded default's fresh data folder starts from a kept, freshly initialised cluster (BENCHMARKS.md,
// S1). It must behave as a cluster initialised in place, keep what is written to it, and never let a
// damaged template stop a start.

describe('PGlite template', () => {
  // initdb in WebAssembly takes ~10 s alone and several times that on a loaded 2-core machine.
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pglite-template-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the first fresh cluster as the template and starts the next fresh folder from it', async () => {
    const template = path.join(dir, 'cache', 'template');
    const first = await openPglite(path.join(dir, 'a'), template);
    // Kept twice: a data folder that fresh folders on disk are copied from, a tarball for in-memory ones.
    expect(existsSync(path.join(template, 'PG_VERSION'))).toBe(true);
    expect(existsSync(`${template}.tar`)).toBe(true);
    await first.close();

    const second = await openPglite(path.join(dir, 'b'), template);
    await second.exec(`CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)`);
    await second.close();
    // Reopened: an existing cluster, its data intact (the template is not applied again).
    const again = await openPglite(path.join(dir, 'b'), template);
    expect((await again.query<{ n: number }>(`SELECT n FROM kept`)).rows).toEqual([{ n: 42 }]);
    await again.close();
    // The template itself holds no schema of anyone's.
    const third = await openPglite(path.join(dir, 'c'), template);
    expect((await third.query(`SELECT to_regclass('kept') AS t`)).rows).toEqual([{ t: null }]);
    await third.close();
    // Nor did the copies write back into it: an in-memory database from the tarball is as empty.
    const memory = await openPglite(null, template);
    expect((await memory.query(`SELECT to_regclass('kept') AS t`)).rows).toEqual([{ t: null }]);
    await memory.close();
  }, 240_000);

  it('initialises afresh when the template is damaged', async () => {
    const template = path.join(dir, 'broken');
    mkdirSync(template);
    writeFileSync(path.join(template, 'PG_VERSION'), 'not a cluster');
    writeFileSync(`${template}.tar`, 'not a tarball');
    const db = await openPglite(path.join(dir, 'd'), template);
    expect((await db.query<{ one: number }>(`SELECT 1 AS one`)).rows).toEqual([{ one: 1 }]);
    await db.close();
    const memory = await openPglite(null, template);
    expect((await memory.query<{ one: number }>(`SELECT 1 AS one`)).rows).toEqual([{ one: 1 }]);
    await memory.close();
  }, 240_000);
});
