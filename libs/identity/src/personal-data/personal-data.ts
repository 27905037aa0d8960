import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { refuse, type SqlExecutor } from '#libs/event-store';

/**
 * Crypto-shredding of personal data (DOMAIN.md "Audit trail": personal data can be
 * erased on a lawful request without breaking the history).
 *
 * Personal fields (name, ID-card number, phone, email) go into events sealed with a key of their own
 * person, kept outside the log in `person_keys`. The log (and so the hash chain, exports and replays)
 * only ever holds ciphertext; erasing the key makes every copy of it unreadable at once, while the
 * stored events, and hence their hashes, never change.
 *
 * Envelope: `pd1:<iv>:<ciphertext>:<tag>`, each part base64url; AES-256-GCM with a 96-bit random IV and
 * the person id as additional authenticated data, so an envelope cannot be moved to another person.
 *
 * A key row is never deleted: erasure nulls its bytes and sets `erased_at`, a tombstone that stops a
 * later seal from minting a fresh key for the erased person.
 */

/** DDL of the key store; run by the identity migration and (idempotently) by the directory projection. */
export const PERSON_KEYS_DDL = `
  CREATE TABLE IF NOT EXISTS public.person_keys (
    person_id   text PRIMARY KEY,
    key         bytea,
    created_at  timestamptz NOT NULL DEFAULT now(),
    erased_at   timestamptz,
    CHECK ((key IS NULL) = (erased_at IS NOT NULL))
  )`;

/** What a read shows in place of a personal field whose key was erased. */
export const ERASED_PLACEHOLDER = '[erased]';

const ENVELOPE = /^pd1:([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]*):([A-Za-z0-9_-]{22})$/;
/** Envelope length cap (a 1,000-character plain text, UTF-8 and base64url, fits well within it). */
export const ENVELOPE_MAX = 8192;

export function isEnvelope(value: unknown): boolean {
  return typeof value === 'string' && value.length <= ENVELOPE_MAX && ENVELOPE.test(value);
}

export function sealWithKey(key: Buffer, personId: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(personId, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `pd1:${iv.toString('base64url')}:${ct.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}`;
}

/** Plain text for an envelope; throws when the envelope was not sealed with this key for this person. */
export function openWithKey(key: Buffer, personId: string, envelope: string): string {
  const m = ENVELOPE.exec(envelope);
  if (!m) throw new Error('not a personal-data envelope');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(m[1]!, 'base64url'));
  decipher.setAAD(Buffer.from(personId, 'utf8'));
  decipher.setAuthTag(Buffer.from(m[3]!, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(m[2]!, 'base64url')), decipher.final()]).toString('utf8');
}

/** The sealing half, as registerUser needs it. */
export interface PersonalSealer {
  seal(personId: string, plaintext: string): Promise<string>;
}

/**
 * Seal / open / erase against `person_keys`, through any executor: the pool (API), or the projection
 * runner's transaction (read models open inside the transaction that applies the event).
 */
export class PersonalData implements PersonalSealer {
  constructor(private readonly db: SqlExecutor) {}

  /** Seals with the person's key, creating it on first use. Refuses for a person whose key was erased. */
  async seal(personId: string, plaintext: string): Promise<string> {
    const key = await this.ensureKey(personId);
    if (!key) throw refuse('personal_data_erased', 'the personal data of this person was erased');
    return sealWithKey(key, personId, plaintext);
  }

  /**
   * A sealer for one batch of registrations (the office's bulk import): each person's key is fetched
   * (or created) once for all of their fields rather than once per field. Keys stay in memory only as
   * long as the batch keeps the sealer.
   */
  batchSealer(): PersonalSealer {
    const keys = new Map<string, Promise<Buffer | null>>();
    return {
      seal: async (personId, plaintext) => {
        if (!keys.has(personId)) keys.set(personId, this.ensureKey(personId));
        const key = await keys.get(personId)!;
        if (!key) throw refuse('personal_data_erased', 'the personal data of this person was erased');
        return sealWithKey(key, personId, plaintext);
      },
    };
  }

  /** The person's key, made on first use, in one round trip when it is made now or was there before. */
  private async ensureKey(personId: string): Promise<Buffer | null> {
    const res = await this.db.query<{ key: Buffer | null }>(
      `WITH made AS (
         INSERT INTO public.person_keys (person_id, key) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING key)
       SELECT key FROM made UNION ALL SELECT key FROM public.person_keys WHERE person_id = $1`,
      [personId, randomBytes(32)],
    );
    // No row: another transaction made the key after this statement's snapshot; read it afresh.
    if (res.rows.length === 0) return this.key(personId);
    const key = res.rows[0]!.key;
    return key ? Buffer.from(key) : null;
  }

  /**
   * The plain text of an envelope, or null once the person's key is erased (or was never made, or the
   * envelope does not authenticate). A value that is not an envelope — recorded before personal data
   * was sealed — is returned unchanged; null/undefined stay null.
   */
  async open(personId: string, value: string | null | undefined): Promise<string | null> {
    if (value === null || value === undefined) return null;
    if (!isEnvelope(value)) return value;
    const key = await this.key(personId);
    if (!key) return null;
    try {
      return openWithKey(key, personId, value);
    } catch {
      return null;
    }
  }

  /** Destroys the key for good (idempotent). Returns true when a live key was destroyed now. */
  async erase(personId: string, at: Date | string): Promise<boolean> {
    const res = await this.db.query(
      `INSERT INTO public.person_keys (person_id, key, erased_at) VALUES ($1, NULL, $2)
       ON CONFLICT (person_id) DO UPDATE SET key = NULL, erased_at = COALESCE(public.person_keys.erased_at, EXCLUDED.erased_at)
       WHERE public.person_keys.key IS NOT NULL`,
      [personId, at],
    );
    return (res.rowCount ?? 0) > 0;
  }

  async isErased(personId: string): Promise<boolean> {
    const res = await this.db.query<{ erased: boolean }>(
      `SELECT erased_at IS NOT NULL AS erased FROM public.person_keys WHERE person_id = $1`,
      [personId],
    );
    return res.rows[0]?.erased ?? false;
  }

  private async key(personId: string): Promise<Buffer | null> {
    const res = await this.db.query<{ key: Buffer | null }>(
      `SELECT key FROM public.person_keys WHERE person_id = $1`,
      [personId],
    );
    const key = res.rows[0]?.key;
    // node-postgres gives a Buffer; other drivers (PGlite) a Uint8Array.
    return key ? Buffer.from(key) : null;
  }
}
