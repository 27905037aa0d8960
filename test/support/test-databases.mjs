import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * The run's list of finished test databases (libs/platform/src/testing/test-database.ts retires them
 * instead of dropping each at once, which costs a forced checkpoint per suite). Global set-up names the
 * file and drops what an earlier run on this machine left listed when it was killed before its end;
 * global tear-down drops this run's. Only databases a run listed are dropped, never by pattern: other
 * runs may be using the same server at the same time.
 */
const ENV = 'TEST_RETIRED_DATABASES';
const PREFIX = 'jest-retired-databases-';
const SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

async function dropListed(file) {
  const names = [
    ...new Set(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((n) => /^t_[0-9a-z_]+$/.test(n)),
    ),
  ];
  if (names.length > 0) {
    const c = new pg.Client({ connectionString: SERVER });
    try {
      await c.connect();
      for (const name of names) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } catch (err) {
      // No server (a run of unit suites only, or the server is down): the list stays for the next run.
      console.warn(`test databases listed in ${file} were not dropped: ${err.message}`);
      return;
    } finally {
      await c.end().catch(() => undefined);
    }
  }
  rmSync(file, { force: true });
}

export async function setup() {
  const dir = os.tmpdir();
  for (const entry of readdirSync(dir)) {
    const pid = Number(entry.startsWith(PREFIX) ? entry.slice(PREFIX.length, -'.txt'.length) : NaN);
    if (Number.isInteger(pid) && pid !== process.pid && !alive(pid)) await dropListed(path.join(dir, entry));
  }
  const file = path.join(dir, `${PREFIX}${process.pid}.txt`);
  writeFileSync(file, '');
  process.env[ENV] = file;
}

export async function teardown() {
  const file = process.env[ENV];
  if (file && existsSync(file)) await dropListed(file);
}
