import { Redis } from 'ioredis';
import { assertRedisFitForTimers, type RedisInfoClient } from './timer-queue.js';

// DOMAIN.md "Deadlines and reminders": in production, start refuses a Redis that may evict timers, and warns when it keeps
// no persistence.
const fake = (policy: string, aof: string, save: string | Error): RedisInfoClient => ({
  info: async (section) =>
    section === 'memory'
      ? `# Memory\r\nmaxmemory_policy:${policy}\r\n`
      : `# Persistence\r\naof_enabled:${aof}\r\n`,
  config: async () => {
    if (save instanceof Error) throw save;
    return ['save', save];
  },
});

describe('Redis fit for timers', () => {
  it('refuses an evicting Redis in production, and only warns elsewhere', async () => {
    await expect(assertRedisFitForTimers(fake('allkeys-lru', '1', ''), 'production')).rejects.toThrow(
      /maxmemory-policy is allkeys-lru.*Refusing to start/,
    );
    const warnings: string[] = [];
    await expect(
      assertRedisFitForTimers(fake('allkeys-lru', '1', ''), 'development', (m) => warnings.push(m)),
    ).resolves.toEqual({ maxmemoryPolicy: 'allkeys-lru', persistent: true });
    expect(warnings).toEqual([expect.stringMatching(/noeviction/)]);
  });

  it('warns when Redis keeps no persistence, and says nothing when it cannot tell', async () => {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    expect(await assertRedisFitForTimers(fake('noeviction', '0', ''), 'production', warn)).toEqual({
      maxmemoryPolicy: 'noeviction',
      persistent: false,
    });
    expect(warnings).toEqual([expect.stringMatching(/no persistence/)]);
    expect(
      (await assertRedisFitForTimers(fake('noeviction', '0', '3600 1'), 'production', warn)).persistent,
    ).toBe(true);
    expect(
      (
        await assertRedisFitForTimers(
          fake('noeviction', '0', new Error('CONFIG disabled')),
          'production',
          warn,
        )
      ).persistent,
    ).toBeNull();
    expect(warnings).toHaveLength(1);
  });

  it('accepts the real Redis of the test environment (noeviction) in production', async () => {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const policy = ((await redis.config('GET', 'maxmemory-policy')) as string[])[1];
      if (policy === 'noeviction') {
        await expect(assertRedisFitForTimers(redis, 'production')).resolves.toMatchObject({
          maxmemoryPolicy: 'noeviction',
        });
      } else {
        await expect(assertRedisFitForTimers(redis, 'production')).rejects.toThrow(/Refusing to start/);
      }
    } finally {
      redis.disconnect();
    }
  });
});
