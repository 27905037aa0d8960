import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createPostgresTestDatabase } from '#testing/platform';
import { until } from '../support/until.js';
import { startSeededApp, type SeededApp } from './support.js';

const run = promisify(execFile);

/** The offline checker as an auditor runs it, on a file on disk. */
async function offlineCheck(file: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ['scripts/verify-export.mjs', file]);
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

// An exported audit file could lose lines unnoticed: each row verified on its own, so deleting one
// (or the last) still passed scripts/verify-export.mjs. The export now opens with a header and ends
// with a trailer — the row count, each stream's last row (version and chain hash) and a digest over
// the rows — and numbers its rows, so every deletion, truncation or reordering fails the offline
// check with the line where it shows.
describe('completeness of an exported audit file (real PostgreSQL)', () => {
  let s: SeededApp;
  let tmp: string;
  const files: Record<'csv' | 'jsonl', string[]> = { csv: [], jsonl: [] };
  const eol = { csv: '\r\n', jsonl: '\n' } as const;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'export-integrity-'));
    s = await startSeededApp(await createPostgresTestDatabase());
    // Let the reactors settle and the audit log take every event, so the export reaches each head.
    await until(
      'the audit log to hold every event',
      async () => {
        const res = await s.db.pool.query<{ events: string; logged: string }>(
          'SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM audit_log) AS logged',
        );
        const { events, logged } = res.rows[0]!;
        if (events !== logged) return false;
        await new Promise((r) => setTimeout(r, 1000));
        const again = await s.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events');
        return again.rows[0]!.n === events;
      },
      60_000,
      200,
    );
    for (const format of ['csv', 'jsonl'] as const) {
      const res = await fetch(`${s.api.url}/api/audit/export?format=${format}`, {
        headers: { authorization: `Bearer ${s.admin.token}` },
      });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text.endsWith(eol[format])).toBe(true);
      files[format] = text.slice(0, -eol[format].length).split(eol[format]);
    }
  }, 180_000);
  afterAll(async () => {
    await s?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  /** Writes the lines (after a change) and runs the checker on them. */
  const check = async (format: 'csv' | 'jsonl', lines: string[], name: string) => {
    const file = join(tmp, `${name}.${format}`);
    await writeFile(file, lines.join(eol[format]) + eol[format]);
    return offlineCheck(file);
  };
  /** 1-based line numbers of the first and last event rows, and the trailer's. */
  const layout = (format: 'csv' | 'jsonl') => {
    const lines = files[format];
    const firstRow = format === 'csv' ? 3 : 2;
    return { lines, firstRow, lastRow: lines.length - 1, trailer: lines.length };
  };
  const trailerOf = (format: 'csv' | 'jsonl') => {
    const last = files[format].at(-1)!;
    if (format === 'jsonl') return JSON.parse(last);
    const data = /,"(\{.*\})",/.exec(last)![1]!.replaceAll('""', '"');
    return JSON.parse(data);
  };

  describe.each(['jsonl', 'csv'] as const)('%s', (format) => {
    it('carries a header, numbered rows and a trailer naming each stream’s head as the store has it', async () => {
      const { lines, lastRow, firstRow } = layout(format);
      const trailer = trailerOf(format);
      expect(trailer.rows).toBeGreaterThan(50);
      expect(lastRow - firstRow + 1).toBe(trailer.rows);
      expect(trailer.streams.reduce((n: number, st: { rows: number }) => n + st.rows, 0)).toBe(trailer.rows);
      expect(trailer.digest).toMatch(/^[0-9a-f]{64}$/);
      // The log was quiet, so each stream's last exported row is its head in the store.
      const heads = await s.db.pool.query<{ stream_id: string; version: string; last_hash: Buffer }>(
        'SELECT stream_id, version, last_hash FROM streams WHERE stream_id = ANY ($1)',
        [trailer.streams.map((t: { streamId: string }) => t.streamId)],
      );
      expect(heads.rows).toHaveLength(trailer.streams.length);
      for (const h of heads.rows)
        expect(trailer.streams.find((t: { streamId: string }) => t.streamId === h.stream_id)).toMatchObject({
          lastVersion: Number(h.version),
          lastChainHash: h.last_hash.toString('hex'),
        });
      expect(lines[format === 'csv' ? 1 : 0]).toContain('header');
      const ok = await check(format, lines, 'untouched');
      expect(ok.out).toMatch(/^OK: \d+ events in \d+ streams verify; the file is complete/m);
      expect(ok.code).toBe(0);
    });

    it('fails naming the line where a middle row was deleted', async () => {
      const { lines, firstRow, lastRow } = layout(format);
      const line = Math.floor((firstRow + lastRow) / 2);
      const row = line - firstRow + 1;
      const res = await check(format, lines.toSpliced(line - 1, 1), 'middle');
      expect(res.code).toBe(1);
      expect(res.out).toContain(`line ${line}: row ${row} should come before this line`);
      expect(res.out).toMatch(/trailer: .*digest does not match/);
    });

    it('fails when the last row was deleted, naming the row missing at the end', async () => {
      const { lines, lastRow, trailer } = layout(format);
      const n = trailerOf(format).rows;
      const res = await check(format, lines.toSpliced(lastRow - 1, 1), 'last-row');
      expect(res.code).toBe(1);
      expect(res.out).toContain(`line ${trailer - 1}: trailer: row ${n} of ${n} are missing at the end`);
    });

    it('fails when the trailer was cut off, naming where the file ends', async () => {
      const { lines, lastRow } = layout(format);
      const n = trailerOf(format).rows;
      const res = await check(format, lines.slice(0, -1), 'no-trailer');
      expect(res.code).toBe(1);
      expect(res.out).toContain(
        `line ${lastRow}: the file ends here without its trailer: it was cut short after row ${n}`,
      );
    });

    it('fails when the file was cut in the middle of a line', async () => {
      const { lines, firstRow } = layout(format);
      const cut = [...lines.slice(0, firstRow + 4), lines[firstRow + 4]!.slice(0, 40)];
      const res = await check(format, cut, 'cut');
      expect(res.code).toBe(1);
      expect(res.out).toContain(`line ${firstRow + 5}: unreadable row`);
      expect(res.out).toContain('without its trailer: it was cut short after row 5');
    });

    it('fails naming both lines when two rows were swapped', async () => {
      const { lines, firstRow } = layout(format);
      const a = firstRow + 10;
      const swapped = [...lines];
      [swapped[a - 1], swapped[a]] = [swapped[a]!, swapped[a - 1]!];
      const res = await check(format, swapped, 'swap');
      expect(res.code).toBe(1);
      expect(res.out).toContain(`line ${a}: row ${a - firstRow + 1} should come before this line`);
      expect(res.out).toContain(`line ${a + 1}: row ${a - firstRow + 1} is out of place`);
      expect(res.out).toContain(`line ${a + 1}: position does not follow the row before`);
    });

    it('fails naming the line of an edited field', async () => {
      const { lines, firstRow } = layout(format);
      const line = firstRow + 3;
      const edited = [...lines];
      edited[line - 1] = lines[line - 1]!.replace(/system|admin|teacher|chair/, 'reviewer');
      expect(edited[line - 1]).not.toBe(lines[line - 1]);
      const res = await check(format, edited, 'edit');
      expect(res.code).toBe(1);
      expect(res.out).toMatch(new RegExp(`^line ${line}: .*(agree|content hash)`, 'm'));
      expect(res.out.match(/^line \d+/gm)!.every((l) => l === `line ${line}`)).toBe(true);
    });

    it('fails when the header was deleted', async () => {
      const { lines } = layout(format);
      const at = format === 'csv' ? 2 : 1;
      const res = await check(format, lines.toSpliced(at - 1, 1), 'no-header');
      expect(res.code).toBe(1);
      expect(res.out).toContain(`line ${at}: the export header is missing`);
    });

    it('fails on the digest when a deletion is hidden by renumbering the rows and the counts', async () => {
      const { lines, firstRow, lastRow } = layout(format);
      const line = Math.floor((firstRow + lastRow) / 2);
      const forged: string[] = [];
      lines.forEach((text, i) => {
        const n = i + 1;
        if (n === line) return;
        if (n > line && n < lines.length) {
          const row = n - firstRow; // one less than it was
          forged.push(
            format === 'jsonl'
              ? JSON.stringify({ ...JSON.parse(text), row })
              : text.replace(/^\d+,/, `${row},`),
          );
        } else forged.push(text);
      });
      const t = trailerOf(format);
      const deleted = format === 'jsonl' ? JSON.parse(lines[line - 1]!) : null;
      const streamId = deleted ? deleted.streamId : /^\d+,[^,]+,([^,]+),/.exec(lines[line - 1]!)![1];
      const forgedTrailer = {
        ...t,
        rows: t.rows - 1,
        streams: t.streams.map((st: { streamId: string; rows: number }) =>
          st.streamId === streamId ? { ...st, rows: st.rows - 1 } : st,
        ),
      };
      forged[forged.length - 1] =
        format === 'jsonl'
          ? JSON.stringify(forgedTrailer)
          : lines.at(-1)!.replace(/"\{.*\}"/, `"${JSON.stringify(forgedTrailer).replaceAll('"', '""')}"`);
      const res = await check(format, forged, 'renumbered');
      expect(res.code).toBe(1);
      expect(res.out).toContain(`line ${forged.length}: trailer: the digest does not match the rows`);
    });
  });
});
