import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import {
  DomainError,
  forbidden,
  loadState,
  notFound,
  refuse,
  runCommand,
  waitForPosition,
  type CommandMetadata,
  type CommandOutcome,
  type EventStore,
} from '#libs/event-store';
import { IDENTITY_DIRECTORY, type DirectoryPerson, type IdentityDirectory } from '#libs/identity';
import { EVENT_STORE, PG_POOL } from '#libs/platform';
import { POLICY_SOURCE, TIERS, type PolicySource, type Tier } from '#libs/policy';
import { mentorshipDirectoryProjection } from '../read-models/mentorship-directory.projection.js';
import { teacherDecider } from '../teacher/teacher.decider.js';
import {
  mentorshipDecider,
  type MentorshipCommand,
  type MentorshipState,
  type PairingFacts,
} from './mentorship.decider.js';

/**
 * What a caller asks for. The handler adds what the pure decider may not fetch itself: the pairing
 * facts (the mentor's load, whether the schools are related, the mentee's tier) and the policy in force.
 */
export type MentorshipIntent =
  | { type: 'PairMentor'; mentorId: string; menteeId: string }
  | { type: 'LogMeeting'; on: string; notes: string }
  | { type: 'SignOffYear'; comment: string }
  | { type: 'EndMentorship'; reason: string };

/** Every command on a `mentorship-…` stream travels the bus in this one envelope. */
export class ExecuteMentorshipCommand extends Command<CommandOutcome<MentorshipState>> {
  constructor(
    readonly mentorshipId: string,
    readonly intent: MentorshipIntent,
    readonly meta: CommandMetadata,
    /** The version the caller saw (If-Match); absent means "decide on the latest". */
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

/**
 * DOMAIN.md "The progression ladder" "same or related school": the same school, or schools of the same district (区县). A district
 * runs the school-based training of its schools (seed 003 §六.4: a school's plan is approved by its
 * district), so a mentor from a sister school of the district counts as related; a mentor in another
 * district does not. Someone whose unit is a district (a district teacher-researcher) relates to every
 * school of that district. Above the district (city, province) nobody is "related" by this rule.
 */
export function sameOrRelatedSchool(mentor: DirectoryPerson, mentee: DirectoryPerson): boolean {
  if (mentor.schoolId !== null && mentor.schoolId === mentee.schoolId) return true;
  return mentor.districtId !== null && mentor.districtId === mentee.districtId;
}

/**
 * A teacher's tier now: the ladder's own record (`teacher-<id>`, which promotions move) when it has one,
 * else the tier the teacher was registered with (the record is opened by a reactor shortly after).
 */
export async function tierNow(store: EventStore, person: DirectoryPerson): Promise<Tier | null> {
  const { state } = await loadState(store, teacherDecider, `teacher-${person.id}`);
  if (state.exists && state.tier) return state.tier;
  return (TIERS as readonly string[]).includes(person.tier ?? '') ? (person.tier as Tier) : null;
}

const LOCK_SPACE = 'ladder.mentorship.pairing';
const CATCH_UP_MS = 5000;
const LOCK_WAIT_MS = 10_000;

/** One handler per stream type (ARCHITECTURE.md "A command's path" step 2). */
@CommandHandler(ExecuteMentorshipCommand)
export class MentorshipCommandHandler implements ICommandHandler<ExecuteMentorshipCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(POLICY_SOURCE) private readonly policies: PolicySource,
    @Inject(IDENTITY_DIRECTORY) private readonly directory: IdentityDirectory,
  ) {}

  async execute(c: ExecuteMentorshipCommand): Promise<CommandOutcome<MentorshipState>> {
    const i = c.intent;
    if (i.type === 'PairMentor') return this.pair(c, i);
    const { state } = await loadState(this.store, mentorshipDecider, `mentorship-${c.mentorshipId}`);
    let command: MentorshipCommand;
    switch (i.type) {
      case 'LogMeeting':
        command = i;
        break;
      case 'SignOffYear':
        command = { ...i, policy: await this.policies.current(c.meta.now) };
        break;
      case 'EndMentorship':
        // An admin ends a pairing only within their org unit (DOMAIN.md "People and roles").
        if (c.meta.actorRole === 'admin' && state.status !== 'none') {
          await this.requireAdminOver(state.menteeId, c.meta);
        }
        command = i;
        break;
    }
    return this.run(c, command);
  }

  private run(c: ExecuteMentorshipCommand, command: MentorshipCommand) {
    return runCommand(this.store, mentorshipDecider, c.mentorshipId, command, c.meta, {
      expectedVersion: c.expectedVersion,
    });
  }

  /** DOMAIN.md "People and roles": an admin acts on people of their org unit and the units below it. */
  private async requireAdminOver(personId: string, meta: CommandMetadata): Promise<void> {
    const person = await this.directory.person(personId);
    if (!person || !(await this.directory.isWithin(person.orgUnit, meta.orgUnit))) {
      throw forbidden('outside_scope', 'this mentee belongs to an org unit outside yours', {
        orgUnit: person?.orgUnit ?? null,
      });
    }
  }

  /**
   * Pairing reads the mentor's load from the `mentorships` read model, then appends. Two pairings of
   * the same mentor at once could both read "2 of 3" and both pass; so pairings that share a mentor or a
   * mentee are serialised with a PostgreSQL advisory lock, and under the lock the read model is first
   * brought up to the head of the log (everything a previous holder appended is counted).
   */
  private async pair(
    c: ExecuteMentorshipCommand,
    i: Extract<MentorshipIntent, { type: 'PairMentor' }>,
  ): Promise<CommandOutcome<MentorshipState>> {
    if (c.meta.actorRole !== 'admin') throw forbidden('admin_only', 'only an admin pairs a mentor');
    const mentor = await this.directory.person(i.mentorId);
    const mentee = await this.directory.person(i.menteeId);
    if (!mentor || !mentor.active)
      throw notFound('mentor_not_found', `no active user ${i.mentorId}`, { mentorId: i.mentorId });
    if (!mentee || !mentee.active)
      throw notFound('mentee_not_found', `no active user ${i.menteeId}`, { menteeId: i.menteeId });
    // DOMAIN.md "People and roles": mentoring is the mentor role's (导师); the mentee is a teacher.
    if (!mentor.roles.includes('mentor'))
      throw refuse('not_a_mentor', `${i.mentorId} does not hold the mentor role`, { mentorId: i.mentorId });
    if (!mentee.roles.includes('teacher'))
      throw refuse('not_a_teacher', `${i.menteeId} is not a teacher`, { menteeId: i.menteeId });
    if (!(await this.directory.isWithin(mentee.orgUnit, c.meta.orgUnit)))
      throw forbidden('outside_scope', 'the mentee belongs to an org unit outside yours', {
        orgUnit: mentee.orgUnit,
      });

    const keys = [...new Set([i.mentorId, i.menteeId])].sort();
    const client = await this.lockPairing(keys);
    try {
      const policy = await this.policies.current(c.meta.now);
      const existing = await loadState(this.store, mentorshipDecider, `mentorship-${c.mentorshipId}`);
      if (existing.state.status !== 'none') {
        // A retried request (same command id) is answered as the first time; another one is refused
        // (`mentorship_exists`) by the decider before it looks at any fact.
        const none: PairingFacts = { mentorActivePairs: 0, sameOrRelatedSchool: false, menteeTier: null };
        return await this.run(c, { ...i, facts: none, policy });
      }
      const head = await this.store.headPosition();
      if (
        head &&
        !(await waitForPosition(this.pool, [mentorshipDirectoryProjection.name], head, CATCH_UP_MS))
      ) {
        throw new DomainError(
          'conflict',
          'read_model_behind',
          'the mentorship directory is catching up with recent changes; retry in a moment',
        );
      }
      const load = await client.query<{ mentor: number; mentee: number }>(
        `SELECT count(*) FILTER (WHERE mentor_id = $1)::int AS mentor,
                count(*) FILTER (WHERE mentee_id = $2)::int AS mentee
           FROM mentorships WHERE status <> 'ended' AND (mentor_id = $1 OR mentee_id = $2)`,
        [i.mentorId, i.menteeId],
      );
      const { mentor: mentorActivePairs, mentee: menteeActivePairs } = load.rows[0]!;
      // seed 002 (三)4 pairs a new teacher with *a* mentor: one running pairing per mentee at a time.
      if (i.mentorId !== i.menteeId && menteeActivePairs > 0)
        throw refuse('mentee_already_paired', `${i.menteeId} already has a mentor`, { menteeId: i.menteeId });
      const facts: PairingFacts = {
        mentorActivePairs,
        sameOrRelatedSchool: sameOrRelatedSchool(mentor, mentee),
        menteeTier: await tierNow(this.store, mentee),
      };
      return await this.run(c, {
        type: 'PairMentor',
        mentorId: i.mentorId,
        menteeId: i.menteeId,
        facts,
        policy,
      });
    } finally {
      await this.unlockPairing(client, keys);
    }
  }

  /**
   * Takes the pairing locks of `keys` (session advisory locks, on one pooled connection, which the
   * caller hands back to `unlockPairing`). It tries rather than blocks: a waiter that blocked would hold
   * a pooled connection while the holder needs others to finish, and enough waiters would exhaust the pool.
   */
  private async lockPairing(keys: string[]): Promise<pg.PoolClient> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      const client = await this.pool.connect();
      const held: string[] = [];
      try {
        for (const k of keys) {
          const r = await client.query<{ ok: boolean }>(
            `SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS ok`,
            [LOCK_SPACE, k],
          );
          if (!r.rows[0]!.ok) break;
          held.push(k);
        }
      } catch (err) {
        client.release(err as Error); // the session, and any lock it took, is dropped
        throw err;
      }
      if (held.length === keys.length) return client;
      await this.unlockPairing(client, held);
      if (Date.now() >= deadline)
        throw new DomainError(
          'conflict',
          'pairing_busy',
          'another pairing of this mentor or mentee is in progress; retry',
        );
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 40));
    }
  }

  private async unlockPairing(client: pg.PoolClient, keys: string[]): Promise<void> {
    try {
      for (const k of [...keys].reverse())
        await client.query(`SELECT pg_advisory_unlock(hashtext($1), hashtext($2))`, [LOCK_SPACE, k]);
      client.release();
    } catch (err) {
      // A session that cannot unlock is dropped: its locks go with it.
      client.release(err as Error);
    }
  }
}
