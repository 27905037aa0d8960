import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { encodePosition, rebuildProjection } from '#libs/event-store';
import { ERASED_PLACEHOLDER, type DemoLogin, type DemoSeedResult } from '#libs/identity';
import {
  dateOf,
  ExecuteMentorshipCommand,
  ladderPeopleProjection,
  mentorshipDirectoryProjection,
  studioIdFor,
} from '#libs/ladder';
import { DEFAULT_POLICY } from '#libs/policy';
import { createPostgresTestDatabase, type TestDatabase } from '#testing/platform';
import type { TestApp } from '../support/test-app.js';
import { seedDemo, startIdentityApp } from '../identity/support/identity-test-app.js';
import { cast, day, fieldsFor, iso, rubricScores, signIn, type Person } from '../approval/support.js';

// DOMAIN.md "Mentorship and studios" and DOMAIN.md "The progression ladder" over HTTP on real PostgreSQL: the office pairs
// a new teacher with a mentor (load limit, no self-pairing, same or related school); the pair logs
// meetings; the mentor signs off after a school year (seed 002 (三)4); a studio is founded on an approved
// `studio` application and led by its master teacher (seed 000 §五(三)); mentorships and studio
// membership make a reviewer conflicted (DOMAIN.md 利益回避).
describe('mentorships and studios over HTTP (real PostgreSQL)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let seed: DemoSeedResult;
  let c: ReturnType<typeof cast>;
  let admin: Person;
  let chair: Person;
  const calls: Record<string, string> = {};

  /** District → its two schools; a school → its demo people. */
  const schoolsOf = (districtId: string) => c.schools.filter((s) => s.parentId === districtId);
  const people = (schoolId: string, pick: (l: DemoLogin) => boolean) =>
    seed.logins.filter((l) => l.orgUnit === schoolId && pick(l));
  const newTeachers = (schoolId: string) => people(schoolId, (l) => l.tier === 'new');
  const mentorAt = (schoolId: string) => people(schoolId, (l) => l.roles.includes('mentor'))[0]!;
  const masterAt = (schoolId: string) => people(schoolId, (l) => l.tier === 'master')[0]!;
  const youngAt = (schoolId: string) => people(schoolId, (l) => l.tier === 'young');
  const as = (l: DemoLogin) => signIn(api, db, l);
  /**
   * Events on the streams these commands write. Reactors keep appending to teacher records in the
   * background, so "nothing appended" is checked on the mentorship, studio and application streams.
   */
  const domainEvents = async () =>
    (
      await db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM events WHERE stream_id ~ '^(mentorship|studio|application)-'`,
      )
    ).rows[0]!.n;

  const ADDED_BY_TEST = { displayName: 'x', orgUnitName: '', tier: null } as const;

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    api = await startIdentityApp(db);
    seed = await seedDemo(api, db);
    c = cast(seed);
    admin = await as(c.admin);
    chair = await as(c.chair);
    for (const kind of ['studio', 'school_plan'] as const) {
      const res = await chair.call('POST', '/api/calls', {
        kind,
        orgUnit: c.city.id,
        title: `2026 ${kind}`,
        opensAt: iso(Date.now() - day),
        closesAt: iso(Date.now() + 30 * day),
      });
      expect(res.status).toBe(201);
      calls[kind] = res.body.id;
    }
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  /** A submitted `school_plan` application by `applicant`, ready for reviewer assignment. */
  async function submittedApplication(applicant: Person): Promise<string> {
    const draft = await applicant.call('POST', '/api/applications', {
      callId: calls.school_plan,
      title: `plan by ${applicant.login.username}`,
      fields: fieldsFor.school_plan,
    });
    expect(draft.status).toBe(201);
    const submitted = await applicant.call('POST', `/api/applications/${draft.body.id}/submit`);
    expect(submitted.status).toBe(200);
    return draft.body.id as string;
  }

  /** Registers a user as the city admin and signs them in. */
  async function register(
    username: string,
    orgUnit: string,
    roles: string[],
    tier: string | null,
  ): Promise<Person> {
    const res = await admin.call('POST', '/api/users', {
      username,
      displayName: username,
      orgUnit,
      roles,
      password: `pw-${username}-123`,
      ...(tier && { tier }),
    });
    expect(res.status).toBe(201);
    return as({
      ...ADDED_BY_TEST,
      username,
      password: `pw-${username}-123`,
      roles: roles as DemoLogin['roles'],
      orgUnit,
    });
  }

  describe('mentorship', () => {
    let district: (typeof c.districts)[number];
    let schoolA: string;
    let schoolB: string;
    let mentor: Person;
    const pairs: string[] = [];

    beforeAll(async () => {
      district = c.districts[0]!;
      [schoolA, schoolB] = schoolsOf(district.id).map((s) => s.id) as [string, string];
      mentor = await as(mentorAt(schoolA));
    });

    const pair = (mentorId: string, menteeId: string, by: Person = admin) =>
      by.call('POST', '/api/mentorships', { mentorId, menteeId });

    it('pairs new teachers of the same school and of a sister school in the district (201, Location, ETag)', async () => {
      const sameSchool = await as(newTeachers(schoolA)[0]!);
      const sisterSchool = await as(newTeachers(schoolB)[0]!);
      for (const mentee of [sameSchool, sisterSchool]) {
        const res = await pair(mentor.id, mentee.id);
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          status: 'active',
          mentorId: mentor.id,
          menteeId: mentee.id,
          events: ['MentorPaired'],
          readModelCaughtUp: true,
        });
        expect(res.headers.get('location')).toBe(`/api/mentorships/${res.body.id}`);
        expect(res.headers.get('etag')).toBe('"1"');
        pairs.push(res.body.id);
      }
      // The pairing records the policy it used and the mentorship year end (the earliest sign-off).
      const paired = await db.pool.query(`SELECT data FROM events WHERE stream_id = $1`, [
        `mentorship-${pairs[0]}`,
      ]);
      expect(paired.rows[0].data.policyVersion).toEqual(expect.any(String));
      expect(
        Date.parse(paired.rows[0].data.yearEndsAt) - Date.parse(paired.rows[0].data.pairedAt),
      ).toBeGreaterThan(364 * day);
    });

    it('refuses self-pairing, a mentee from an unrelated school, a mentee who is not new — appending nothing', async () => {
      const otherDistrict = schoolsOf(c.districts[1]!.id)[0]!.id;
      const unrelated = await as(newTeachers(otherDistrict)[0]!);
      const young = await as(youngAt(schoolA)[0]!);
      const before = await domainEvents();
      const cases: [string, string, string][] = [
        [mentor.id, mentor.id, 'self_pairing'],
        [mentor.id, unrelated.id, 'unrelated_schools'],
        [mentor.id, young.id, 'mentee_not_new'],
      ];
      for (const [mentorId, menteeId, code] of cases) {
        const res = await pair(mentorId, menteeId);
        expect(res.status).toBe(422);
        expect(res.headers.get('content-type')).toMatch(/problem\+json/);
        expect(res.body.code).toBe(code);
      }
      // A mentee already paired is not paired again with another mentor.
      const secondMentor = await as(mentorAt(schoolB));
      const alreadyPaired = await as(newTeachers(schoolA)[0]!);
      const again = await pair(secondMentor.id, alreadyPaired.id);
      expect(again.status).toBe(422);
      expect(again.body.code).toBe('mentee_already_paired');
      expect(await domainEvents()).toBe(before);
    });

    it('refuses a mentor over the load limit with the policy number; ending a pairing frees a place', async () => {
      const limit = DEFAULT_POLICY.ladder.mentorship.mentorLoadLimit;
      expect(limit).toBe(3);
      const third = await as(newTeachers(schoolA)[1]!);
      expect((await pair(mentor.id, third.id)).status).toBe(201);
      const fourth = await as(newTeachers(schoolB)[1]!);
      const before = await domainEvents();
      const over = await pair(mentor.id, fourth.id);
      expect(over.status).toBe(422);
      expect(over.body).toMatchObject({
        code: 'mentor_load_limit',
        limit,
        active: limit,
        policyVersion: expect.any(String),
      });
      expect(await domainEvents()).toBe(before);

      // The office ends the sister-school pairing; the mentor has room again.
      const ended = await admin.call('POST', `/api/mentorships/${pairs[1]}/end`, { reason: '调岗' });
      expect(ended.status).toBe(200);
      expect(ended.body).toMatchObject({ status: 'ended', events: ['MentorshipEnded'] });
      const now = await pair(mentor.id, fourth.id);
      expect(now.status).toBe(201);
    });

    it('holds the load limit when pairings of one mentor race, more of them than the connection pool', async () => {
      // A mentor registered for this test in the second district, paired at once with all 20 teachers
      // of that district: its 4 new teachers compete for 3 places, the others are refused as not new.
      const [s3, s4] = schoolsOf(c.districts[1]!.id).map((s) => s.id) as [string, string];
      const m2 = await register('mentor.race', s3, ['teacher', 'mentor'], 'backbone');
      const everyone = [...people(s3, () => true), ...people(s4, () => true)];
      expect(everyone).toHaveLength(20);
      const ids = await Promise.all(everyone.map((l) => as(l).then((p) => p.id)));
      const results = await Promise.all(ids.map((id) => pair(m2.id, id)));
      const codes = results.map((r) => (r.status === 201 ? 'paired' : `${r.status} ${r.body.code}`));
      expect(codes.filter((x) => x === 'paired')).toHaveLength(3);
      expect(codes.filter((x) => x === '422 mentor_load_limit')).toHaveLength(1);
      expect(codes.filter((x) => x === '422 mentee_not_new')).toHaveLength(16);
      const loaded = await db.pool.query(
        `SELECT count(*)::int AS n FROM mentorships WHERE mentor_id = $1 AND status <> 'ended'`,
        [m2.id],
      );
      expect(loaded.rows[0].n).toBe(3);
      // Free the district's new teachers for the conflict-of-interest test below.
      for (const r of results.filter((x) => x.status === 201)) {
        expect(
          (await admin.call('POST', `/api/mentorships/${r.body.id}/end`, { reason: 'race done' })).status,
        ).toBe(200);
      }
    });

    it('answers bad input with a 400 naming the field, unknown people with 404, wrong role or scope with 403', async () => {
      const mentee = newTeachers(schoolB)[1]!;
      const before = await domainEvents();
      const missing = await admin.call('POST', '/api/mentorships', { mentorId: mentor.id });
      expect(missing.status).toBe(400);
      expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('menteeId');
      const extra = await admin.call('POST', '/api/mentorships', {
        mentorId: mentor.id,
        menteeId: 'x'.repeat(10),
        facts: { mentorActivePairs: 0 },
      });
      expect(extra.status).toBe(400);
      expect(extra.body.errors.map((e: { field: string }) => e.field)).toContain('facts');
      const unknown = await admin.call('POST', '/api/mentorships', {
        mentorId: mentor.id,
        menteeId: randomUUID(),
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('mentee_not_found');
      const teacher = await as(youngAt(schoolA)[1]!);
      const byTeacher = await pair(mentor.id, (await as(mentee)).id, teacher);
      expect(byTeacher.status).toBe(403);
      // An admin of the other district may not pair a teacher of this one.
      const districtAdmin = await register('admin.xishan', c.districts[1]!.id, ['admin'], null);
      const outside = await pair(mentor.id, (await as(mentee)).id, districtAdmin);
      expect(outside.status).toBe(403);
      expect(outside.body.code).toBe('outside_scope');
      expect(await domainEvents()).toBe(before);
      expect((await admin.call('GET', '/api/mentorships/not-a-uuid')).status).toBe(400);
      expect((await admin.call('GET', `/api/mentorships/${randomUUID()}`)).status).toBe(404);
      const noSuch = await mentor.call('POST', `/api/mentorships/${randomUUID()}/meetings`, {
        on: dateOf(new Date()),
        notes: 'x',
      });
      expect(noSuch.status).toBe(404);
    });

    it('lets the pair log meetings, shows the log to the pair and the office, and keeps outsiders out', async () => {
      const id = pairs[0]!;
      const mentee = await as(newTeachers(schoolA)[0]!);
      const today = dateOf(new Date());
      const byMentee = await mentee.call('POST', `/api/mentorships/${id}/meetings`, {
        on: today,
        notes: '听课: 初一数学',
      });
      expect(byMentee.status).toBe(200);
      expect(byMentee.body).toMatchObject({ meetingCount: 1, events: ['MeetingLogged'] });
      const byMentor = await mentor.call('POST', `/api/mentorships/${id}/meetings`, {
        on: today,
        notes: '评课',
      });
      expect(byMentor.status).toBe(200);

      const outsider = await as(youngAt(schoolA)[0]!);
      const before = await domainEvents();
      const refused = await outsider.call('POST', `/api/mentorships/${id}/meetings`, {
        on: today,
        notes: 'x',
      });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('not_in_pair');
      const early = await mentee.call('POST', `/api/mentorships/${id}/meetings`, {
        on: '2020-01-01',
        notes: 'before we met',
      });
      expect(early.status).toBe(422);
      expect(early.body.code).toBe('invalid_meeting_date');
      const badDate = await mentee.call('POST', `/api/mentorships/${id}/meetings`, {
        on: '2026/10/01',
        notes: 'x',
      });
      expect(badDate.status).toBe(400);
      expect(badDate.body.errors.map((e: { field: string }) => e.field)).toContain('on');
      const blank = await mentee.call('POST', `/api/mentorships/${id}/meetings`, { on: today, notes: '   ' });
      expect(blank.status).toBe(400);
      expect(blank.body.errors.map((e: { field: string }) => e.field)).toContain('notes');
      expect(await domainEvents()).toBe(before);

      const seen = await mentee.call('GET', `/api/mentorships/${id}`);
      expect(seen.status).toBe(200);
      expect(seen.headers.get('etag')).toBe('"3"');
      expect(seen.body).toMatchObject({
        mentorId: mentor.id,
        menteeId: mentee.id,
        status: 'active',
        meetingCount: 2,
      });
      expect(
        seen.body.meetings.map((m: { notes: string; loggedBy: string }) => [m.notes, m.loggedBy]),
      ).toEqual([
        ['听课: 初一数学', mentee.id],
        ['评课', mentor.id],
      ]);
      expect((await admin.call('GET', `/api/mentorships/${id}`)).status).toBe(200);
      expect((await outsider.call('GET', `/api/mentorships/${id}`)).status).toBe(403);

      const mine = await mentor.call('GET', '/api/mentorships?mine=1');
      expect(mine.status).toBe(200);
      expect(mine.body.items.map((m: { id: string }) => m.id)).toEqual(
        expect.arrayContaining([id, pairs[1]]),
      );
      expect(mine.body.items.every((m: { mentorId: string }) => m.mentorId === mentor.id)).toBe(true);
      const menteeList = await mentee.call('GET', '/api/mentorships?mine=1');
      expect(menteeList.body.items.map((m: { id: string }) => m.id)).toEqual([id]);
      expect((await outsider.call('GET', '/api/mentorships?mine=1')).body.items).toEqual([]);
      expect((await outsider.call('GET', '/api/mentorships')).status).toBe(403);
      const office = await admin.call('GET', '/api/mentorships');
      expect(office.body.items.map((m: { id: string }) => m.id)).toContain(id);
    });

    it('refuses the sign-off before a school year, and only the mentor signs off; a year later it is signed off and credited', async () => {
      const id = pairs[0]!;
      const mentee = await as(newTeachers(schoolA)[0]!);
      const before = await domainEvents();
      const early = await mentor.call('POST', `/api/mentorships/${id}/sign-off`, { comment: '表现良好' });
      expect(early.status).toBe(422);
      expect(early.body).toMatchObject({ code: 'mentorship_too_short', signOffFrom: expect.any(String) });
      expect(Date.parse(early.body.signOffFrom)).toBeGreaterThan(Date.now() + 360 * day);
      const byMentee = await mentee.call('POST', `/api/mentorships/${id}/sign-off`, { comment: 'me' });
      expect(byMentee.status).toBe(403);
      const otherMentor = await as(mentorAt(schoolB));
      const notMine = await otherMentor.call('POST', `/api/mentorships/${id}/sign-off`, { comment: 'x' });
      expect(notMine.status).toBe(403);
      expect(notMine.body.code).toBe('mentor_only');
      expect(await domainEvents()).toBe(before);

      // The running app's clock cannot move: the same command through the bus, a year and a day later.
      const later = new Date(Date.now() + 366 * day);
      const outcome = await api.app.get(CommandBus).execute(
        new ExecuteMentorshipCommand(
          id,
          { type: 'SignOffYear', comment: '一学年带教完成' },
          {
            commandId: randomUUID(),
            actorId: mentor.id,
            actorRole: 'mentor',
            orgUnit: mentor.login.orgUnit,
            correlationId: randomUUID(),
            now: later,
          },
        ),
      );
      expect(outcome.events.map((e) => e.type)).toEqual(['MentorshipYearSignedOff']);
      expect(outcome.events[0]!.data).toMatchObject({ menteeId: mentee.id, schoolYears: 1 });
      const seen = await mentee.call('GET', `/api/mentorships/${id}`, undefined, {
        'x-min-position': encodePosition(outcome.position!),
      });
      expect(seen.body).toMatchObject({ status: 'signed_off', signOffComment: '一学年带教完成' });
      expect(Date.parse(seen.body.signedOffAt)).toBe(later.getTime());

      // seed 002 (三)4: the ladder credits the mentee's record with the mentorship year (a reactor).
      let credited = 0;
      for (let i = 0; i < 100 && credited === 0; i++) {
        const r = await db.pool.query(
          `SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND type = 'MentorshipYearCredited'`,
          [`teacher-${mentee.id}`],
        );
        credited = r.rows[0].n;
        if (!credited) await new Promise((res) => setTimeout(res, 100));
      }
      expect(credited).toBe(1);

      const twice = await mentor.call('POST', `/api/mentorships/${id}/sign-off`, { comment: 'again' });
      expect(twice.status).toBe(422);
      expect(twice.body.code).toBe('already_signed_off');
    });

    it('makes the mentor conflicted for the mentee’s application (mentor_or_mentee) and only for them', async () => {
      // No demo mentor is also a reviewer: the admin registers one, at a sister school of the mentee's.
      const d2 = c.districts[1]!;
      const [s3, s4] = schoolsOf(d2.id).map((s) => s.id) as [string, string];
      const mentorReviewer = await register(
        'mentor.reviewer',
        s4,
        ['teacher', 'mentor', 'reviewer'],
        'backbone',
      );
      const mentee = await as(newTeachers(s3)[0]!);
      const colleague = await as(youngAt(s3)[0]!);
      const paired = await pair(mentorReviewer.id, mentee.id);
      expect(paired.status).toBe(201);

      const app = await submittedApplication(mentee);
      const before = await domainEvents();
      const refused = await chair.call('POST', `/api/applications/${app}/reviewers`, {
        reviewers: [{ reviewerId: mentorReviewer.id }],
      });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'conflict_of_interest', conflicts: ['mentor_or_mentee'] });
      expect(await domainEvents()).toBe(before);

      // The mentee's schoolmate is no relation of this mentor: the same reviewer is assigned without a reason.
      const other = await submittedApplication(colleague);
      const ok = await chair.call('POST', `/api/applications/${other}/reviewers`, {
        reviewers: [{ reviewerId: mentorReviewer.id }],
      });
      expect(ok.status).toBe(200);
    });

    it("lists an office's pairings by the mentee's current unit, named through identity, paged, and an erased mentee as erased", async () => {
      type Item = { id: string; mentorName: string | null; menteeName: string | null; menteeOrgUnit: string };
      const ids = (r: { body: { items: Item[] } }) => r.body.items.map((m) => m.id);
      const mv = await register('mv.mentor', schoolA, ['teacher', 'mentor'], 'backbone');
      const mentee = await register('mv.mentee', schoolA, ['teacher'], 'new');
      const officeA = await register('admin.mv.a', schoolA, ['admin'], null);
      const officeB = await register('admin.mv.b', schoolB, ['admin'], null);
      const paired = await pair(mv.id, mentee.id);
      expect(paired.status).toBe(201);
      const id = paired.body.id as string;

      const inA = await officeA.call('GET', '/api/mentorships');
      expect(inA.status).toBe(200);
      expect(inA.body.items.find((m: Item) => m.id === id)).toMatchObject({
        mentorName: 'mv.mentor',
        menteeName: 'mv.mentee',
        mentorOrgUnit: schoolA,
        menteeOrgUnit: schoolA,
      });
      expect(ids(await officeB.call('GET', '/api/mentorships'))).not.toContain(id);
      // Newest pairing first, the page cut at the limit; bad paging is a 400 naming the field.
      const first = await admin.call('GET', '/api/mentorships?limit=1');
      expect(ids(first)).toEqual([id]);
      const all = await admin.call('GET', '/api/mentorships?limit=100');
      expect(ids(all)[0]).toBe(id);
      expect(all.body.items.length).toBeGreaterThan(1);
      const pairedAt = all.body.items.map((m: { pairedAt: string }) => Date.parse(m.pairedAt));
      expect(pairedAt).toEqual([...pairedAt].sort((a, b) => b - a));
      for (const [query, field] of [
        ['limit=0', 'limit'],
        ['limit=many', 'limit'],
        ['mine=2', 'mine'],
      ]) {
        const bad = await admin.call('GET', `/api/mentorships?${query}`);
        expect(bad.status).toBe(400);
        expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
        expect(JSON.stringify(bad.body)).toContain(field);
      }

      // DOMAIN.md "People and roles": the mentee moves to the sister school; the pairing is listed by that
      // school's office from the transfer on (read with the transfer's position), and no longer by the old.
      const moved = await admin.call('POST', `/api/users/${mentee.id}/transfer`, {
        orgUnitId: schoolB,
        reason: '调动',
      });
      expect(moved.status).toBe(200);
      const position = { 'x-min-position': moved.headers.get('x-log-position')! };
      const inB = await officeB.call('GET', '/api/mentorships', undefined, position);
      expect(inB.body.items.find((m: Item) => m.id === id)).toMatchObject({ menteeOrgUnit: schoolB });
      expect(ids(await officeA.call('GET', '/api/mentorships', undefined, position))).not.toContain(id);
      // The mentor is still in school A: its office still sees the pairing itself.
      expect((await officeA.call('GET', `/api/mentorships/${id}`)).status).toBe(200);
      const badPosition = await officeB.call('GET', '/api/mentorships', undefined, { 'x-min-position': 'x' });
      expect(badPosition.status).toBe(400);

      // DOMAIN.md "Audit trail": the mentee's name erased on a lawful request is gone from the list and
      // the detail; the pairing stays.
      const erased = await admin.call('POST', `/api/users/${mentee.id}/erasure`, {
        reason: '本人书面申请删除个人信息',
        legalBasis: 'PIPL Art. 47',
      });
      expect(erased.status).toBe(200);
      const after = await officeB.call('GET', '/api/mentorships');
      expect(after.body.items.find((m: Item) => m.id === id)).toMatchObject({
        mentorName: 'mv.mentor',
        menteeName: ERASED_PLACEHOLDER,
      });
      const detail = await officeB.call('GET', `/api/mentorships/${id}`);
      expect(detail.body).toMatchObject({ menteeName: ERASED_PLACEHOLDER, menteeOrgUnit: schoolB });
      expect(JSON.stringify(detail.body)).not.toContain('mv.mentee');
    });
  });

  describe('studios', () => {
    let leader: Person;
    let studioId: string;
    let applicationId: string;
    let member: Person;
    let reviewerMember: Person;

    beforeAll(async () => {
      // The master teacher of the first district's second school applies for a studio.
      leader = await as(masterAt(schoolsOf(c.districts[0]!.id)[1]!.id));
    });

    it('founds a studio when its application is approved, led by the master teacher, once', async () => {
      const draft = await leader.call('POST', '/api/applications', {
        callId: calls.studio,
        title: '数学名师工作室',
        fields: fieldsFor.studio,
      });
      expect(draft.status).toBe(201);
      applicationId = draft.body.id;
      expect((await leader.call('POST', `/api/applications/${applicationId}/submit`)).status).toBe(200);

      // Not approved yet: no studio.
      const tooEarly = await admin.call('POST', '/api/studios', { applicationId });
      expect(tooEarly.status).toBe(422);
      expect(tooEarly.body.code).toBe('application_not_approved');

      const reviewers = await Promise.all(
        c.reviewers
          .filter((r) => r.orgUnit !== leader.login.orgUnit)
          .slice(0, 3)
          .map((r) => as(r)),
      );
      expect(
        (
          await chair.call('POST', `/api/applications/${applicationId}/reviewers`, {
            reviewers: reviewers.map((r) => ({ reviewerId: r.id })),
          })
        ).status,
      ).toBe(200);
      for (const [n, r] of reviewers.entries()) {
        const res = await r.call('POST', `/api/applications/${applicationId}/reviews`, {
          scores: rubricScores(80 + n),
          comments: `意见 ${n}`,
        });
        expect(res.status).toBe(200);
      }
      const decided = await chair.call('POST', `/api/applications/${applicationId}/decision`, {
        decision: 'approve',
        rationale: '条件具备',
      });
      expect(decided.body.stage).toBe('approved');

      // The approval itself founds the studio, led by the master teacher who applied (the ladder reactor).
      studioId = studioIdFor(applicationId);
      let seen = await leader.call('GET', `/api/studios/${studioId}`);
      for (let i = 0; seen.status !== 200 && i < 100; i++) {
        await new Promise((r) => setTimeout(r, 50));
        seen = await leader.call('GET', `/api/studios/${studioId}`);
      }
      expect(seen.status).toBe(200);
      const founding = await db.pool.query(
        `SELECT type, metadata->>'actorRole' AS role, metadata->>'causationId' AS cause FROM events WHERE stream_id = $1 ORDER BY version`,
        [`studio-${studioId}`],
      );
      expect(founding.rows.map((r) => r.type)).toEqual(['StudioFounded', 'MemberJoined']);
      expect(founding.rows[0]).toMatchObject({ role: 'system', cause: expect.any(String) });

      // Founding by hand is for the office only, and happens once.
      const before = await domainEvents();
      const byApplicant = await leader.call('POST', '/api/studios', { applicationId });
      expect(byApplicant.status).toBe(403);
      expect(byApplicant.body.code).toBe('office_only');
      const again = await admin.call('POST', '/api/studios', { applicationId });
      expect(again.status).toBe(422);
      expect(again.body.code).toBe('studio_exists');
      expect(await domainEvents()).toBe(before);

      const detail = await leader.call('GET', `/api/studios/${studioId}`);
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({
        name: fieldsFor.studio.name,
        subject: fieldsFor.studio.subject,
        leaderId: leader.id,
        orgUnit: leader.login.orgUnit,
        closed: false,
        members: [{ memberId: leader.id, role: 'leader' }],
      });
    });

    it('refuses to found from bad, unknown or non-studio applications', async () => {
      const bad = await admin.call('POST', '/api/studios', { applicationId: 'nope' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['applicationId']);
      const unknown = await admin.call('POST', '/api/studios', { applicationId: randomUUID() });
      expect(unknown.status).toBe(404);
      const teacher = await as(youngAt(c.schools[0]!.id)[0]!);
      const plan = await submittedApplication(teacher);
      const wrongKind = await admin.call('POST', '/api/studios', { applicationId: plan });
      expect(wrongKind.status).toBe(422);
      expect(wrongKind.body.code).toBe('not_a_studio_application');
      // The refusals appended nothing to any studio stream but the one founded above.
      const studioEvents = await db.pool.query(
        `SELECT count(*)::int AS n FROM events WHERE stream_id LIKE 'studio-%' AND stream_id <> $1`,
        [`studio-${studioId}`],
      );
      expect(studioEvents.rows[0].n).toBe(0);
    });

    it('lets the leader add teachers across schools; strangers may not', async () => {
      const d2 = schoolsOf(c.districts[1]!.id);
      member = await as(youngAt(d2[0]!.id)[1]!);
      reviewerMember = await as(masterAt(d2[1]!.id)); // a reviewer of the committee
      // By id, and by account (账号): the leader, a teacher, cannot search the office's user list.
      for (const [p, body] of [
        [member, { memberId: member.id }],
        [reviewerMember, { username: reviewerMember.login.username }],
      ] as const) {
        const res = await leader.call('POST', `/api/studios/${studioId}/members`, body);
        expect(res.status).toBe(200);
        expect(res.body.members).toContain(p.id);
      }
      const before = await domainEvents();
      const noSuchAccount = await leader.call(
        'POST',
        `/api/studios/${studioId}/members`,
        { username: 'no-such-teacher' },
        { 'accept-language': 'zh-CN' },
      );
      expect(noSuchAccount.status).toBe(400);
      expect(noSuchAccount.body.errors).toEqual([
        expect.objectContaining({ field: 'username', message: '没有使用此账号的用户' }),
      ]);
      const both = await leader.call('POST', `/api/studios/${studioId}/members`, {
        memberId: member.id,
        username: member.login.username,
      });
      expect(both.status).toBe(400);
      expect(both.body.errors.map((e: { field: string }) => e.field)).toEqual(['memberId']);
      const stranger = await as(youngAt(d2[1]!.id)[0]!);
      const refused = await stranger.call('POST', `/api/studios/${studioId}/members`, {
        memberId: stranger.id,
      });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('leader_or_admin_only');
      const twice = await leader.call('POST', `/api/studios/${studioId}/members`, { memberId: member.id });
      expect(twice.body.code).toBe('already_member');
      const unknown = await leader.call('POST', `/api/studios/${studioId}/members`, {
        memberId: randomUUID(),
      });
      expect(unknown.status).toBe(404);
      const notTeacher = await leader.call('POST', `/api/studios/${studioId}/members`, {
        memberId: chair.id,
      });
      expect(notTeacher.status).toBe(422);
      expect(notTeacher.body.code).toBe('not_a_teacher');
      const missing = await leader.call('POST', `/api/studios/${studioId}/members`, {});
      expect(missing.status).toBe(400);
      expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('memberId');
      expect(
        (await leader.call('POST', `/api/studios/${randomUUID()}/members`, { memberId: member.id })).status,
      ).toBe(404);
      expect(await domainEvents()).toBe(before);

      const detail = await member.call('GET', `/api/studios/${studioId}`);
      expect(detail.status).toBe(200);
      expect(
        detail.body.members.map((m: { memberId: string; role: string }) => [m.memberId, m.role]),
      ).toEqual([
        [leader.id, 'leader'],
        [member.id, 'member'],
        [reviewerMember.id, 'member'],
      ]);
      // Someone of another district who is not a member does not see it.
      expect((await stranger.call('GET', `/api/studios/${studioId}`)).status).toBe(403);
      expect((await admin.call('GET', `/api/studios/${randomUUID()}`)).status).toBe(404);
    });

    it('makes studio members conflicted (same_studio) until the member leaves', async () => {
      const app = await submittedApplication(member);
      const before = await domainEvents();
      const refused = await chair.call('POST', `/api/applications/${app}/reviewers`, {
        reviewers: [{ reviewerId: reviewerMember.id }],
      });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'conflict_of_interest', conflicts: ['same_studio'] });
      expect(await domainEvents()).toBe(before);

      const noReason = await member.call('POST', `/api/studios/${studioId}/members/${member.id}/leave`, {});
      expect(noReason.status).toBe(400);
      expect(noReason.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
      const left = await member.call('POST', `/api/studios/${studioId}/members/${member.id}/leave`, {
        reason: '工作调整',
      });
      expect(left.status).toBe(200);
      expect(left.body.members).not.toContain(member.id);
      const detail = await leader.call('GET', `/api/studios/${studioId}`);
      expect(detail.body.formerMembers).toEqual([
        expect.objectContaining({ memberId: member.id, reason: '工作调整', removedBy: member.id }),
      ]);

      const assigned = await chair.call('POST', `/api/applications/${app}/reviewers`, {
        reviewers: [{ reviewerId: reviewerMember.id }],
      });
      expect(assigned.status).toBe(200);
    });

    it('shows the leader’s studio subject on the chair’s reviewer picker, the list sorted by name as the directory sorts it', async () => {
      // The leader is a master teacher, so a reviewer (DOMAIN.md "People and roles"): the picker shows the
      // subject of the studio they lead beside their tier — the ladder's answer, merged with identity's list.
      const app = await submittedApplication(member);
      const res = await chair.call('GET', `/api/applications/${app}/reviewer-candidates`);
      expect(res.status).toBe(200);
      const items = res.body.items as { id: string; subject: string | null; tier: string | null }[];
      expect(items.find((i) => i.id === leader.id)).toMatchObject({
        subject: fieldsFor.studio.subject,
        tier: 'master',
      });
      for (const i of items.filter((i) => i.id !== leader.id)) expect(i.subject).toBeNull();
      // By display name, then id, in PostgreSQL's collation: the order of the one query it replaced.
      const byName = await db.pool.query<{ id: string }>(
        `SELECT id FROM users WHERE id = ANY ($1::text[]) ORDER BY display_name, id`,
        [items.map((i) => i.id)],
      );
      expect(items.map((i) => i.id)).toEqual(byName.rows.map((r) => r.id));
    });

    it('lists my studios (我的工作室) with how I belong, and an office’s studios (工作室管理)', async () => {
      const mine = await leader.call('GET', '/api/studios?mine=1');
      expect(mine.status).toBe(200);
      expect(mine.body.unfounded).toEqual([]);
      expect(mine.body.items).toEqual([
        expect.objectContaining({
          id: studioId,
          applicationId,
          name: fieldsFor.studio.name,
          leaderId: leader.id,
          myRole: 'leader',
          closed: false,
          memberCount: 2, // the leader and the reviewer; the member has left
        }),
      ]);
      // A member who left still finds the studio, as a former member.
      const former = await member.call('GET', '/api/studios?mine=true');
      expect(former.body.items.map((s: { id: string; myRole: string }) => [s.id, s.myRole])).toEqual([
        [studioId, 'former'],
      ]);
      const present = await reviewerMember.call('GET', '/api/studios?mine=1');
      expect(present.body.items[0]).toMatchObject({ id: studioId, myRole: 'member' });

      // The office of the studio's unit or above sees it; the approved application is founded, so it is
      // not among those waiting for 挂牌成立.
      // An approved studio application with no studio (founding failed: the office founds it by hand)
      // is listed with its applicant's name; another kind's is not.
      const waiting = randomUUID();
      const otherKind = randomUUID();
      for (const [id, kind] of [
        [waiting, 'studio'],
        [otherKind, 'school_plan'],
      ])
        await db.pool.query(
          `INSERT INTO application_summaries (application_id, kind, title, stage, call_id, applicant_id, org_unit, fields, version, created_at, updated_at, decided_at)
           VALUES ($1, $2, '待挂牌', 'approved', $3, $4, $5, '{}', 1, now(), now(), now())`,
          [id, kind, calls.studio, leader.id, leader.login.orgUnit],
        );
      const office = await admin.call('GET', '/api/studios');
      await db.pool.query(`DELETE FROM application_summaries WHERE application_id = ANY ($1::text[])`, [
        [waiting, otherKind],
      ]);
      expect(office.status).toBe(200);
      expect(office.body.items).toContainEqual(
        expect.objectContaining({
          id: studioId,
          myRole: null,
          leaderName: leader.login.displayName,
          orgUnitName: leader.login.orgUnitName,
        }),
      );
      expect(office.body.unfounded.map((a: { applicationId: string }) => a.applicationId)).not.toContain(
        applicationId,
      );
      expect(office.body.unfounded).toContainEqual({
        applicationId: waiting,
        title: '待挂牌',
        applicantId: leader.id,
        applicantName: leader.login.displayName,
        orgUnit: leader.login.orgUnit,
        decidedAt: expect.any(String),
      });
      expect(office.body.unfounded.map((a: { applicationId: string }) => a.applicationId)).not.toContain(
        otherKind,
      );

      // A teacher lists only their own; bad input names the field.
      const notOffice = await leader.call('GET', '/api/studios');
      expect(notOffice.status).toBe(403);
      const bad = await leader.call('GET', '/api/studios?mine=2');
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('mine');
      expect((await admin.call('GET', '/api/studios?limit=0')).status).toBe(400);
    });

    it('lets nobody but the member, the leader or an admin remove a member; the leader cannot leave; closing ends it all', async () => {
      const outsider = await as(youngAt(c.schools[0]!.id)[2]!);
      const before = await domainEvents();
      const refused = await outsider.call(
        'POST',
        `/api/studios/${studioId}/members/${reviewerMember.id}/leave`,
        {
          reason: 'x',
        },
      );
      expect(refused.status).toBe(403);
      const leaderLeaves = await leader.call('POST', `/api/studios/${studioId}/members/${leader.id}/leave`, {
        reason: 'x',
      });
      expect(leaderLeaves.status).toBe(422);
      expect(leaderLeaves.body.code).toBe('leader_cannot_leave');
      const badMember = await leader.call('POST', `/api/studios/${studioId}/members/${'%20'}/leave`, {
        reason: 'x',
      });
      expect(badMember.status).toBe(400);
      expect(await domainEvents()).toBe(before);

      const removed = await admin.call(
        'POST',
        `/api/studios/${studioId}/members/${reviewerMember.id}/leave`,
        {
          reason: '名额调整',
        },
      );
      expect(removed.status).toBe(200);
      expect(removed.body.members).toEqual([leader.id]);

      const closed = await leader.call('POST', `/api/studios/${studioId}/close`, { reason: '周期结束' });
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({ closed: true, members: [], events: ['StudioClosed'] });
      const after = await leader.call('POST', `/api/studios/${studioId}/members`, { memberId: member.id });
      expect(after.status).toBe(422);
      expect(after.body.code).toBe('studio_closed');
      const open = await db.pool.query(
        `SELECT count(*)::int AS n FROM studio_members WHERE studio_id = $1 AND left_at IS NULL`,
        [studioId],
      );
      expect(open.rows[0].n).toBe(0);
      const detail = await admin.call('GET', `/api/studios/${studioId}`);
      expect(detail.body).toMatchObject({ closed: true, closeReason: '周期结束', members: [] });
    });
  });
  it('rebuilds the mentorship directory from the log to the same rows', async () => {
    const snapshot = async () =>
      (
        await db.pool.query(
          `SELECT (SELECT json_agg(m ORDER BY m.mentorship_id) FROM mentorships m) AS mentorships,
                  (SELECT json_agg(x ORDER BY x.mentorship_id, x.version) FROM mentorship_meetings x) AS meetings,
                  (SELECT json_agg(s ORDER BY s.studio_id) FROM studios s) AS studios,
                  (SELECT json_agg(y ORDER BY y.studio_id, y.member_id, y.joined_version) FROM studio_members y) AS members,
                  (SELECT json_agg(p ORDER BY p.person_id) FROM ladder_people p) AS people`,
        )
      ).rows[0];
    const before = await snapshot();
    expect(before.mentorships.length).toBeGreaterThan(5);
    expect(before.members.length).toBeGreaterThan(2);
    // The people's units start from the beginning of the log, as on the upgrade that brings them.
    // Every person identity knows, at the unit identity has them in now (transfers included).
    const identity = await db.pool.query(`SELECT id AS person_id, org_unit FROM users ORDER BY id`);
    expect(
      before.people.map(({ person_id, org_unit }: Record<string, string>) => ({ person_id, org_unit })),
    ).toEqual(identity.rows);
    await rebuildProjection(db.pool, mentorshipDirectoryProjection);
    await rebuildProjection(db.pool, ladderPeopleProjection);
    expect(await snapshot()).toEqual(before);
  });

  it('documents its routes and bodies in the OpenAPI document', async () => {
    const doc = (await api.request('GET', '/api/docs-json')).body;
    for (const [path, method] of [
      ['/api/mentorships', 'post'],
      ['/api/mentorships', 'get'],
      ['/api/mentorships/{id}', 'get'],
      ['/api/mentorships/{id}/meetings', 'post'],
      ['/api/mentorships/{id}/sign-off', 'post'],
      ['/api/mentorships/{id}/end', 'post'],
      ['/api/studios', 'post'],
      ['/api/studios', 'get'],
      ['/api/studios/{id}', 'get'],
      ['/api/studios/{id}/members', 'post'],
      ['/api/studios/{id}/members/{memberId}/leave', 'post'],
      ['/api/studios/{id}/close', 'post'],
    ] as const)
      expect(doc.paths[path]?.[method]).toBeDefined();
    expect(doc.components.schemas.LogMeetingDto.properties.notes).toMatchObject({ maxLength: 2000 });
    expect(doc.components.schemas.PairMentorDto.required).toEqual(['mentorId', 'menteeId']);
  });
});
