import http from 'node:http';
import { percentile } from './support.js';

export interface LoadResult {
  ok: number;
  failed: number;
  /** Status codes of the failed requests, with counts. */
  failures: Record<string, number>;
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * The harness's own load client: `connections` keep-alive HTTP/1.1 connections, each sending its next
 * request as soon as the previous answer is read, for `seconds`. node:http with a fixed socket pool is
 * lighter than fetch, so on a 2-core machine the client takes less of the CPU the server needs.
 * `next(i)` gives the i-th request (path and bearer token), so a run can spread over many ids and users.
 */
export async function httpLoad(o: {
  url: string;
  connections: number;
  seconds: number;
  next: (i: number) => { path: string; token: string };
  ok?: (status: number) => boolean;
}): Promise<LoadResult> {
  const base = new URL(o.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections });
  const isOk = o.ok ?? ((s: number) => s === 200);
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let failed = 0;
  let i = 0;
  const once = (path: string, token: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: base.hostname,
          port: base.port,
          path,
          method: 'GET',
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  const started = performance.now();
  const deadline = started + o.seconds * 1000;
  await Promise.all(
    Array.from({ length: o.connections }, async () => {
      while (performance.now() < deadline) {
        const { path, token } = o.next(i++);
        const t = performance.now();
        let status: number;
        try {
          status = await once(path, token);
        } catch {
          status = 0;
        }
        if (isOk(status)) latencies.push(performance.now() - t);
        else {
          failed++;
          failures[String(status)] = (failures[String(status)] ?? 0) + 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    ok: latencies.length,
    failed,
    failures,
    seconds,
    rate: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
  };
}
