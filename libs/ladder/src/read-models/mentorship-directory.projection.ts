import type { Projection, RecordedEvent, SqlExecutor, ProjectionSql } from '#libs/event-store';
import type { MentorshipEvent } from '../mentorship/mentorship.decider.js';
import type { StudioEvent } from '../studio/studio.decider.js';

/**
 * Mentorships and studios (DOMAIN.md "Mentorship and studios"), and the facts the conflict-of-interest
 * checks of the approval pipeline read (libs/approval/src/review/relationships.ts queries
 * `mentorships(mentor_id, mentee_id)` and `studio_members(studio_id, member_id, left_at)`):
 *
 * - `mentorships`: one row per pairing. `status` is `active`, `signed_off` (the mentor signed the year
 *   off; the pair still runs) or `ended`. A mentor's load counts the rows not ended. An ended pairing
 *   stays: a former mentor is still a conflict of interest for their mentee (利益回避).
 * - `mentorship_meetings`: the meetings a pair logged, one row per `MeetingLogged`.
 * - `studios`: one row per studio (名优教师工作室), with the application it was founded on.
 * - `studio_members`: one row per membership spell (a member may leave and join again); `left_at` is
 *   null while the spell lasts. Closing a studio ends every spell, so a closed studio conflicts no more.
 *
 * Org units are not copied here: the people's current units are the ladder's `ladder_people`
 * (ladder-people.projection.ts, fed by identity's events), so a teacher who moves school is scoped by
 * where they are now.
 */
export const mentorshipDirectoryProjection: Projection = {
  name: 'mentorship_directory',
  tables: ['mentorships', 'mentorship_meetings', 'studios', 'studio_members'],
  eventTypes: [
    'MentorPaired',
    'MeetingLogged',
    'MentorshipYearSignedOff',
    'MentorshipEnded',
    'StudioFounded',
    'MemberJoined',
    'MemberLeft',
    'StudioClosed',
  ],

  async setup(db: SqlExecutor) {
    await db.query(`
      CREATE TABLE IF NOT EXISTS mentorships (
        mentorship_id  text PRIMARY KEY,
        mentor_id      text NOT NULL,
        mentee_id      text NOT NULL,
        status         text NOT NULL,
        paired_at      timestamptz NOT NULL,
        year_ends_at   timestamptz NOT NULL,
        signed_off_at  timestamptz,
        sign_off_comment text,
        ended_at       timestamptz,
        end_reason     text,
        ended_by       text,
        meetings       integer NOT NULL DEFAULT 0,
        last_meeting_on date,
        policy_version text NOT NULL,
        version        integer NOT NULL,
        updated_at     timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX IF NOT EXISTS mentorships_mentor ON mentorships (mentor_id, status)`);
    await db.query(`CREATE INDEX IF NOT EXISTS mentorships_mentee ON mentorships (mentee_id, status)`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS mentorship_meetings (
        mentorship_id text NOT NULL,
        version       integer NOT NULL,
        met_on        date NOT NULL,
        notes         text NOT NULL,
        logged_by     text NOT NULL,
        logged_at     timestamptz NOT NULL,
        PRIMARY KEY (mentorship_id, version)
      )`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS studios (
        studio_id      text PRIMARY KEY,
        application_id text NOT NULL UNIQUE,
        name           text NOT NULL,
        subject        text NOT NULL,
        leader_id      text NOT NULL,
        org_unit       text NOT NULL,
        closed         boolean NOT NULL DEFAULT false,
        founded_at     timestamptz NOT NULL,
        closed_at      timestamptz,
        close_reason   text,
        version        integer NOT NULL,
        updated_at     timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX IF NOT EXISTS studios_leader ON studios (leader_id)`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS studio_members (
        studio_id      text NOT NULL,
        member_id      text NOT NULL,
        joined_version integer NOT NULL,
        role           text NOT NULL,
        added_by       text NOT NULL,
        joined_at      timestamptz NOT NULL,
        left_at        timestamptz,
        removed_by     text,
        leave_reason   text,
        PRIMARY KEY (studio_id, member_id, joined_version)
      )`);
    await db.query(`CREATE INDEX IF NOT EXISTS studio_members_member ON studio_members (member_id, left_at)`);
  },

  async apply(event: RecordedEvent, db: ProjectionSql) {
    const at = event.metadata.recordedAt;
    if (event.streamId.startsWith('mentorship-')) {
      await applyMentorship(event.streamId.slice('mentorship-'.length), event, at, db);
    } else if (event.streamId.startsWith('studio-')) {
      await applyStudio(event.streamId.slice('studio-'.length), event, at, db);
    }
  },
};

async function applyMentorship(id: string, event: RecordedEvent, at: string, db: ProjectionSql) {
  const e = { type: event.type, data: event.data } as MentorshipEvent;
  switch (e.type) {
    case 'MentorPaired':
      db.defer(
        `INSERT INTO mentorships (mentorship_id, mentor_id, mentee_id, status, paired_at, year_ends_at, policy_version, version, updated_at)
         VALUES ($1, $2, $3, 'active', $4, $5, $6, $7, $8)`,
        [
          id,
          e.data.mentorId,
          e.data.menteeId,
          e.data.pairedAt,
          e.data.yearEndsAt,
          e.data.policyVersion,
          event.version,
          at,
        ],
      );
      return;
    case 'MeetingLogged':
      db.defer(
        `INSERT INTO mentorship_meetings (mentorship_id, version, met_on, notes, logged_by, logged_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, event.version, e.data.on, e.data.notes, e.data.loggedBy, e.data.loggedAt],
      );
      db.defer(
        `UPDATE mentorships SET meetings = meetings + 1, last_meeting_on = GREATEST(last_meeting_on, $4::date),
                version = $2, updated_at = $3 WHERE mentorship_id = $1`,
        [id, event.version, at, e.data.on],
      );
      return;
    case 'MentorshipYearSignedOff':
      db.defer(
        `UPDATE mentorships SET status = 'signed_off', signed_off_at = $4, sign_off_comment = $5,
                version = $2, updated_at = $3 WHERE mentorship_id = $1`,
        [id, event.version, at, e.data.signedOffAt, e.data.comment],
      );
      return;
    case 'MentorshipEnded':
      db.defer(
        `UPDATE mentorships SET status = 'ended', ended_at = $4, end_reason = $5, ended_by = $6,
                version = $2, updated_at = $3 WHERE mentorship_id = $1`,
        [id, event.version, at, e.data.endedAt, e.data.reason, e.data.endedBy],
      );
      return;
  }
}

async function applyStudio(id: string, event: RecordedEvent, at: string, db: ProjectionSql) {
  const e = { type: event.type, data: event.data } as StudioEvent;
  const touch = () =>
    db.defer(`UPDATE studios SET version = $2, updated_at = $3 WHERE studio_id = $1`, [
      id,
      event.version,
      at,
    ]);
  switch (e.type) {
    case 'StudioFounded':
      db.defer(
        `INSERT INTO studios (studio_id, application_id, name, subject, leader_id, org_unit, founded_at, version, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          id,
          e.data.applicationId,
          e.data.name,
          e.data.subject,
          e.data.leaderId,
          e.data.orgUnit,
          e.data.foundedAt,
          event.version,
          at,
        ],
      );
      return;
    case 'MemberJoined':
      db.defer(
        `INSERT INTO studio_members (studio_id, member_id, joined_version, role, added_by, joined_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, e.data.memberId, event.version, e.data.role, e.data.addedBy, e.data.joinedAt],
      );
      touch();
      return;
    case 'MemberLeft':
      db.defer(
        `UPDATE studio_members SET left_at = $3, removed_by = $4, leave_reason = $5
          WHERE studio_id = $1 AND member_id = $2 AND left_at IS NULL`,
        [id, e.data.memberId, e.data.leftAt, e.data.removedBy, e.data.reason],
      );
      touch();
      return;
    case 'StudioClosed':
      db.defer(
        `UPDATE studio_members SET left_at = $2, removed_by = $3, leave_reason = $4
          WHERE studio_id = $1 AND left_at IS NULL`,
        [id, e.data.closedAt, e.data.closedBy, `studio closed: ${e.data.reason}`],
      );
      db.defer(
        `UPDATE studios SET closed = true, closed_at = $4, close_reason = $5, version = $2, updated_at = $3
          WHERE studio_id = $1`,
        [id, event.version, at, e.data.closedAt, e.data.reason],
      );
      return;
  }
}
