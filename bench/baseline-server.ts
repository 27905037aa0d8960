import { createHmac, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';

/**
 * C1's raw baseline (BENCHMARKS.md): the least an authenticated, validated HTTP command can cost on this
 * machine — a Fastify handler that checks an HMAC bearer token, validates the JSON body with a schema
 * and INSERTs one row through node-postgres. No framework, decider, hash chain or read model: what the
 * product adds on top of this is what C1's ratio measures. Run as its own process, like the product.
 */
const secret = process.env.BASELINE_SECRET ?? 'baseline-secret';

/** `<payload>.<hmac of payload>`, both base64url: the shape of the product's own access tokens. */
export function signToken(payload: string, key = secret): string {
  const p = Buffer.from(payload).toString('base64url');
  return `${p}.${createHmac('sha256', key).update(p).digest('base64url')}`;
}

function verified(header: string | undefined): boolean {
  const token = header?.startsWith('Bearer ') ? header.slice(7) : '';
  const [p, mac] = token.split('.');
  if (!p || !mac) return false;
  const want = createHmac('sha256', secret).update(p).digest();
  const got = Buffer.from(mac, 'base64url');
  return got.length === want.length && timingSafeEqual(got, want);
}

async function main(): Promise<void> {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 32 });
  await pool.query(
    `CREATE TABLE IF NOT EXISTS baseline_commands (id bigserial PRIMARY KEY, title text NOT NULL, body jsonb NOT NULL)`,
  );
  const app = Fastify({ logger: false });
  app.post(
    '/commands',
    {
      schema: {
        body: {
          type: 'object',
          required: ['callId', 'title', 'fields'],
          additionalProperties: false,
          properties: {
            callId: { type: 'string', format: 'uuid' },
            title: { type: 'string', minLength: 1, maxLength: 200 },
            fields: {
              type: 'object',
              required: ['kind', 'schoolYear', 'summary'],
              additionalProperties: false,
              properties: {
                kind: { type: 'string', enum: ['school_plan'] },
                schoolYear: { type: 'string', pattern: '^\\d{4}-\\d{4}$' },
                summary: { type: 'string', minLength: 1, maxLength: 5000 },
              },
            },
          },
        },
      },
    },
    async (req, reply) => {
      if (!verified(req.headers.authorization)) return reply.code(401).send({ title: 'unauthorized' });
      const body = req.body as { title: string };
      const res = await pool.query<{ id: string }>(
        'INSERT INTO baseline_commands (title, body) VALUES ($1, $2) RETURNING id',
        [body.title, JSON.stringify(req.body)],
      );
      return reply.code(201).send({ id: res.rows[0]!.id });
    },
  );
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  process.stdout.write('baseline listening\n');
  process.on(
    'SIGTERM',
    () =>
      void app
        .close()
        .then(() => pool.end())
        .then(() => process.exit(0)),
  );
}

if (process.argv[1]?.endsWith('baseline-server.js')) void main();
