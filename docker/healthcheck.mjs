// Container health checks (docker/Dockerfile, compose.yaml). No dependencies beyond the app's own.
//   node healthcheck.mjs api     → GET /health/ready on this container's api
//   node healthcheck.mjs worker  → the worker's stores answer: PostgreSQL (SELECT 1) and Redis (PING) if set.
// The worker exposes no endpoint of its own, so this says "can reach what it needs", not "its loops are
// moving"; lag is better watched from subscription_checkpoints.updated_at against the log's head.
const mode = process.argv[2] ?? 'api';
const timeout = (ms) => new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));

async function api() {
  const res = await fetch(`http://127.0.0.1:${process.env.PORT ?? 3000}/health/ready`);
  if (!res.ok) throw new Error(`/health/ready answered ${res.status}`);
}

async function worker() {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    await client.end();
  }
  if (process.env.REDIS_URL) {
    const { Redis } = await import('ioredis');
    const redis = new Redis(process.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      if ((await redis.ping()) !== 'PONG') throw new Error('redis did not answer PONG');
    } finally {
      redis.disconnect();
    }
  }
}

Promise.race([mode === 'worker' ? worker() : api(), timeout(4000)]).then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`unhealthy: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
