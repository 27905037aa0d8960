import type { Projection, RecordedEvent, SqlExecutor, ProjectionSql } from '#libs/event-store';
import type { OrgUnitEvent } from '../org-unit/org-unit.decider.js';
import { ERASED_PLACEHOLDER, PERSON_KEYS_DDL, PersonalData } from '../personal-data/personal-data.js';
import type { UserEvent } from '../user/user.decider.js';

/**
 * The identity read models, kept by one projection because `users.school_id` is derived from
 * `org_units`: with one checkpoint, a unit's row is always there before the users registered in it
 * (the unit's events precede them in the global order — a registration reads the unit's stream first).
 *
 * - `org_units`: the tree. `path` is '/<province>/<city>/<district>/<school>/' (ids), so "is X within Y"
 *   is a prefix test and a subtree is one scan (DOMAIN.md "an admin sees only their org unit and the
 *   units below it").
 * - `users`: one row per user; `school_id` is the user's school when their unit is a school, for the
 *   conflict-of-interest check "same school" (DOMAIN.md 利益回避). `password_hash` is here for
 *   completeness of the directory; login reads the streams, and no endpoint ever returns it.
 *   Personal fields (`display_name`, `phone`, `email`, `id_card_number`) are sealed in the events
 *   (personal-data.ts); this projection opens them with the person's key inside its transaction. Once
 *   the key is erased they read as ERASED_PLACEHOLDER (the name) and null — live, and in any rebuild.
 *
 * It also destroys a person's key when it applies `PersonalDataErased`, in the same transaction and
 * idempotently: an erasure recorded in the log always ends with the key gone, even if the process that
 * appended the event died before destroying it (see erasePersonalData). `person_keys` is not one of its
 * tables (a rebuild must never recreate keys); it is addressed as `public.person_keys`.
 */
export const identityDirectoryProjection: Projection = {
  name: 'identity_directory',
  tables: ['org_units', 'users'],
  eventTypes: [
    'OrgUnitCreated',
    'UserRegistered',
    'RolesChanged',
    'LocaleChanged',
    'PasswordChanged',
    'UserDeactivated',
    'UserReactivated',
    'PersonalDataErased',
    'UserTransferred',
  ],

  async setup(db: SqlExecutor) {
    await db.query(`
      CREATE TABLE IF NOT EXISTS org_units (
        id          text PRIMARY KEY,
        parent_id   text,
        level       text NOT NULL,
        name        text NOT NULL,
        path        text NOT NULL UNIQUE,
        version     integer NOT NULL,
        created_at  timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX IF NOT EXISTS org_units_parent ON org_units (parent_id, name)`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS users (
        id             text PRIMARY KEY,
        username       text NOT NULL UNIQUE,
        display_name   text NOT NULL,
        org_unit       text NOT NULL,
        school_id      text,
        roles          text[] NOT NULL,
        password_hash  text NOT NULL,
        tier           text,
        active         boolean NOT NULL DEFAULT true,
        phone          text,
        email          text,
        id_card_number text,
        erased_at      timestamptz,
        version        integer NOT NULL,
        created_at     timestamptz NOT NULL,
        updated_at     timestamptz NOT NULL
      )`);
    // Tables made before personal data was sealed get the personal columns.
    await db.query(`ALTER TABLE users ADD COLUMN IF NOT EXISTS phone text,
      ADD COLUMN IF NOT EXISTS email text, ADD COLUMN IF NOT EXISTS id_card_number text,
      ADD COLUMN IF NOT EXISTS erased_at timestamptz`);
    // The language written to the user in (DOMAIN.md "Deadlines and reminders": notification emails); null until chosen,
    // when DEFAULT_LOCALE applies.
    await db.query(`ALTER TABLE users ADD COLUMN IF NOT EXISTS locale text`);
    // 学科, searched in the office's user list (UI.md §5 用户管理).
    await db.query(`ALTER TABLE users ADD COLUMN IF NOT EXISTS subject text`);
    // The key store belongs to the identity migrations; made here too so that a worker that applies
    // this projection never depends on the API having migrated first.
    await db.query(PERSON_KEYS_DDL);
    await db.query(`CREATE INDEX IF NOT EXISTS users_org_unit ON users (org_unit)`);
    await db.query(`CREATE INDEX IF NOT EXISTS users_school ON users (school_id)`);
  },

  async apply(event: RecordedEvent, db: ProjectionSql) {
    const at = event.metadata.recordedAt;
    if (event.streamId.startsWith('orgunit-')) {
      const id = event.streamId.slice('orgunit-'.length);
      const e = { type: event.type, data: event.data } as OrgUnitEvent;
      if (e.type === 'OrgUnitCreated') {
        let parentPath = '/';
        if (e.data.parentId !== null) {
          const parent = await db.query<{ path: string }>(`SELECT path FROM org_units WHERE id = $1`, [
            e.data.parentId,
          ]);
          // Never guess a path: a wrong one would widen or narrow an admin's scope. Fail the batch loudly.
          if (!parent.rows[0])
            throw new Error(`org unit ${id}: parent ${e.data.parentId} is not in org_units`);
          parentPath = parent.rows[0].path;
        }
        db.defer(
          `INSERT INTO org_units (id, parent_id, level, name, path, version, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [id, e.data.parentId, e.data.level, e.data.name, `${parentPath}${id}/`, event.version, at],
        );
      }
      return;
    }
    if (!event.streamId.startsWith('user-')) return;
    const id = event.streamId.slice('user-'.length);
    const e = { type: event.type, data: event.data } as UserEvent;
    switch (e.type) {
      case 'UserRegistered': {
        const pd = new PersonalData(db);
        const displayName = await pd.open(id, e.data.displayName);
        const erased = displayName === null;
        db.defer(
          `INSERT INTO users (id, username, display_name, org_unit, school_id, roles, password_hash, tier, version, created_at, updated_at,
             phone, email, id_card_number, erased_at, locale, subject)
           VALUES ($1, $2, $3, $4, (SELECT id FROM org_units WHERE id = $4 AND level = 'school'), $5, $6, $7, $8, $9, $9,
             $10, $11, $12, $13, $14, $15)`,
          [
            id,
            e.data.username,
            displayName ?? ERASED_PLACEHOLDER,
            e.data.orgUnit,
            e.data.roles,
            e.data.passwordHash,
            e.data.tier,
            event.version,
            at,
            erased ? null : await pd.open(id, e.data.phone),
            erased ? null : await pd.open(id, e.data.email),
            erased ? null : await pd.open(id, e.data.idCardNumber),
            // Erased before this row was (re)built: the erasure event, applied later, sets the time.
            null,
            e.data.locale ?? null,
            e.data.subject ?? null,
          ],
        );
        return;
      }
      case 'PersonalDataErased':
        await new PersonalData(db).erase(id, e.data.erasedAt);
        db.defer(
          `UPDATE users SET display_name = $2, phone = NULL, email = NULL, id_card_number = NULL, erased_at = $3,
             version = $4, updated_at = $5 WHERE id = $1`,
          [id, ERASED_PLACEHOLDER, e.data.erasedAt, event.version, at],
        );
        return;
      case 'RolesChanged':
        db.defer(`UPDATE users SET roles = $2, version = $3, updated_at = $4 WHERE id = $1`, [
          id,
          e.data.roles,
          event.version,
          at,
        ]);
        return;
      case 'LocaleChanged':
        db.defer(`UPDATE users SET locale = $2, version = $3, updated_at = $4 WHERE id = $1`, [
          id,
          e.data.locale,
          event.version,
          at,
        ]);
        return;
      case 'PasswordChanged':
        db.defer(`UPDATE users SET password_hash = $2, version = $3, updated_at = $4 WHERE id = $1`, [
          id,
          e.data.passwordHash,
          event.version,
          at,
        ]);
        return;
      case 'UserTransferred':
        // The school follows the unit, as at registration (the "same school" check of 利益回避).
        db.defer(
          `UPDATE users SET org_unit = $2, school_id = (SELECT id FROM org_units WHERE id = $2 AND level = 'school'),
             version = $3, updated_at = $4 WHERE id = $1`,
          [id, e.data.toOrgUnit, event.version, at],
        );
        return;
      case 'UserDeactivated':
      case 'UserReactivated':
        db.defer(`UPDATE users SET active = $4, version = $2, updated_at = $3 WHERE id = $1`, [
          id,
          event.version,
          at,
          e.type === 'UserReactivated',
        ]);
        return;
    }
  },
};

/** Every identity read model, for the worker's registry (apps/worker/src/projections.ts). */
export const IDENTITY_PROJECTIONS: readonly Projection[] = [identityDirectoryProjection];
