import { Redis } from 'ioredis';

/**
 * Polls `probe` until it answers something truthy, and returns that; fails naming `what` after `ms`.
 * Read models, reactors and timers are eventually consistent: tests wait for them rather than race them.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  ms = 15_000,
  everyMs = 50,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * Deletes the Redis keys of one test database's queues (the prefix `tdw-<database>`, timer-queue.ts),
 * leaving Redis as it was for every other suite. Never a FLUSHALL.
 */
export async function dropQueueKeys(redisUrl: string, databaseUrl: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    const keys = await redis.keys(`tdw-${new URL(databaseUrl).pathname.slice(1)}:*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
