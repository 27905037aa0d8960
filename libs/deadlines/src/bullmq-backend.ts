import pg from 'pg';

/**
 * What the timers' queue and the notification emails' queue share about their BullMQ backends.
 */

/**
 * ARCHITECTURE.md "Stores": on PGlite every client shares one session, so the `search_path` BullMQ sets
 * per connection (a startup option) never applies, and its unqualified queries miss its tables. The
 * session's search_path gets BullMQ's schema appended instead — last, so the product's own unqualified
 * names still resolve (and are created) in `public` first.
 */
export async function shareBullmqSchema(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const current = (await client.query<{ p: string }>(`SELECT current_setting('search_path') AS p`)).rows[0]!
      .p;
    if (!/(^|,\s*)"?bullmq"?(\s*,|$)/.test(current))
      await client.query(`SET search_path TO ${current}, bullmq`);
  } finally {
    await client.end();
  }
}

/** The product database's name: the Redis key prefix of its queues (`tdw-<name>`), one per database. */
export function databaseName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
  } catch {
    return 'postgres';
  }
}
