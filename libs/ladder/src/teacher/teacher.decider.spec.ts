import { given, specMeta } from '#testing/event-store';
import { DEFAULT_POLICY as policy, type Policy } from '#libs/policy';
import { addYears, schoolYearBounds } from '../school-year.js';
import { teacherDecider as d, type TeacherCommand, type TeacherEvent } from './teacher.decider.js';

// Decider specs for the teacher's record: DOMAIN.md "The progression ladder", "Hours and credits",
// "Ethics assessment", "Scores and grades", and separation of duties ("People and roles").
const NOW = '2026-09-01T08:00:00.000Z'; // school year 2026-2027, semester 1
const admin = { actorId: 'admin-1', actorRole: 'admin' };
const chair = { actorId: 'chair-1', actorRole: 'chair' };
const system = { actorId: 'system', actorRole: 'system' };
const teacher = { actorId: 'teacher-1', actorRole: 'teacher' };
const teacherAsAdmin = { actorId: 'teacher-1', actorRole: 'admin' };

/** The events a command produces on a history, for specs that check part of them. */
const decided = (history: TeacherEvent[], command: TeacherCommand, actor: object) =>
  d.decide(command, given(d, history).state, specMeta(actor));

type Data<T extends TeacherEvent['type']> = Extract<TeacherEvent, { type: T }>['data'];

const openedAs = (tier: Data<'TierAwarded'>['tier']): TeacherEvent[] => [
  { type: 'TeacherRecordOpened', data: { teacherId: 'teacher-1', orgUnit: 'school-a', openedAt: NOW } },
  {
    type: 'TierAwarded',
    data: { tier, previousTier: null, source: { type: 'seed' }, policyVersion: 'default-1', awardedAt: NOW },
  },
];
const opened = openedAs('new');

const source = (id: string) => ({
  type: 'training_project' as const,
  id,
  approvingRecord: `application-${id}#decided`,
});
const granted = (entryId: string, hours: number, over: Partial<Data<'HoursGranted'>> = {}): TeacherEvent => ({
  type: 'HoursGranted',
  data: {
    entryId,
    hours,
    credits: hours / 10,
    level: 'district',
    kind: 'training',
    schoolYear: '2025-2026',
    semester: '2025-2026/2',
    completedAt: '2026-06-30T02:00:00.000Z',
    source: source(`project-${entryId}`),
    score: null,
    policyVersion: 'default-1',
    grantedAt: NOW,
    ...over,
  },
});
const grant = (over: Partial<Extract<TeacherCommand, { type: 'GrantHours' }>> = {}): TeacherCommand => ({
  type: 'GrantHours',
  hours: 40,
  credits: 4,
  level: 'district',
  kind: 'training',
  completedAt: '2026-06-30T02:00:00.000Z',
  source: source('project-e1'),
  policy,
  ...over,
});
const ethics = (
  schoolYear: string,
  result: 'pass' | 'fail',
  assessedAt = NOW,
  banYears = 2,
): TeacherEvent => ({
  type: 'EthicsAssessed',
  data: {
    schoolYear,
    result,
    // seed 002 (一)3: two years from the end of the assessed school year.
    banEndsAt: result === 'fail' ? addYears(schoolYearBounds(schoolYear).endsAt, banYears) : null,
    policyVersion: 'default-1',
    assessedAt,
  },
});
const credited = (mentorshipId = 'm-1'): TeacherEvent => ({
  type: 'MentorshipYearCredited',
  data: { mentorshipId, mentorId: 'mentor-1', schoolYears: 1, signedOffAt: NOW, creditedAt: NOW },
});

const retrainingFor = (projectId: string, score: number): TeacherEvent => ({
  type: 'RetrainingRequired',
  data: {
    source: source(projectId),
    kind: 'training',
    level: 'district',
    score,
    grade: 'unqualified',
    completedAt: '2026-06-30T02:00:00.000Z',
    policyVersion: 'default-1',
    recordedAt: NOW,
  },
});

describe('the record and its tier (DOMAIN.md "The progression ladder")', () => {
  it('opens a record at the tier the teacher holds, naming the policy version (source seed)', () => {
    given(d)
      .when(
        { type: 'OpenTeacherRecord', teacherId: 'teacher-1', orgUnit: 'school-a', tier: 'new', policy },
        system,
      )
      .then(opened);
  });

  it('refuses to open a record twice, by a teacher, or at an unknown tier', () => {
    const open = {
      type: 'OpenTeacherRecord' as const,
      teacherId: 'teacher-1',
      orgUnit: 'school-a',
      tier: 'new' as const,
      policy,
    };
    given(d, opened).when(open, admin).thenRefuses('teacher_exists');
    given(d).when(open, teacher).thenRefuses('office_only');
    given(d)
      .when({ ...open, tier: 'emperor' as never }, admin)
      .thenRefuses('unknown_tier');
  });

  it('refuses anything on a teacher without a record', () => {
    given(d).when(grant(), admin).thenRefuses('teacher_not_found');
  });

  it('keeps the tier history: seeded, then promoted, then revoked', () => {
    const history = [
      ...openedAs('young'),
      {
        type: 'TierAwarded',
        data: {
          tier: 'backbone',
          previousTier: 'young',
          source: { type: 'promotion', applicationId: 'app-1' },
          policyVersion: 'default-1',
          awardedAt: NOW,
        },
      },
      {
        type: 'TierRevoked',
        data: {
          tier: 'backbone',
          toTier: 'young',
          reason: 'term assessment failed',
          assessment: { ref: 'app-1#term', score: 50, grade: 'unqualified' },
          policyVersion: 'default-1',
          revokedAt: NOW,
        },
      },
    ] as TeacherEvent[];
    const s = given(d, history).state;
    expect(s.tier).toBe('young');
    expect(s.tierHistory.map((h) => `${h.change}:${h.tier}`)).toEqual([
      'awarded:young',
      'awarded:backbone',
      'revoked:backbone',
    ]);
  });
});

describe('the record follows the teacher to another unit (DOMAIN.md "Organisation")', () => {
  const move = (orgUnit: string): TeacherCommand => ({ type: 'MoveTeacherRecord', orgUnit });
  const moved: TeacherEvent = {
    type: 'TeacherRecordMoved',
    data: { fromOrgUnit: 'school-a', toOrgUnit: 'school-b', movedAt: NOW },
  };

  it('records the earlier and the new unit; the ledger and tier stay as they were', () => {
    given(d, [...opened, granted('e1', 40)])
      .when(move('school-b'), system)
      .then([moved]);
    const after = given(d, [...opened, granted('e1', 40), moved]).state;
    expect(after).toMatchObject({ orgUnit: 'school-b', tier: 'new' });
    expect(after.ledger.map((e) => e.entryId)).toEqual(['e1']);
  });

  it('is the system’s alone, and changes nothing for the same unit or a user without a record', () => {
    given(d, opened).when(move('school-b'), admin).thenRefuses('system_only');
    given(d, opened).when(move('school-a'), system).thenNothing();
    given(d).when(move('school-b'), system).thenNothing();
  });
});

describe('promotion: an approved tier_promotion moves the teacher up one tier (DOMAIN.md "The progression ladder")', () => {
  const youngWith150 = [...openedAs('young'), granted('e1', 150)];
  const promote = (
    tier: 'backbone' | 'leader',
    applicationId = 'app-1',
    p: Policy = policy,
  ): TeacherCommand => ({
    type: 'AwardTier',
    tier,
    source: { type: 'promotion', applicationId },
    policy: p,
  });

  it('awards the next tier on an approved application, naming it and the policy version', () => {
    given(d, youngWith150)
      .when(promote('backbone'), system)
      .then([
        {
          type: 'TierAwarded',
          data: {
            tier: 'backbone',
            previousTier: 'young',
            source: { type: 'promotion', applicationId: 'app-1' },
            policyVersion: 'default-1',
            awardedAt: NOW,
          },
        },
      ]);
  });

  it('treats the same approval delivered twice as done', () => {
    const awarded = decided(youngWith150, promote('backbone'), system);
    expect(awarded).toHaveLength(1);
    given(d, [...youngWith150, ...awarded])
      .when(promote('backbone'), system)
      .thenNothing();
  });

  it('refuses to skip a tier (seed 000 §五(二): one tier at a time)', () => {
    const err = given(d, youngWith150).when(promote('leader'), system).thenRefuses('promotion_ineligible');
    expect(err.details.unmet).toEqual([
      expect.objectContaining({ key: 'target_tier', required: 'backbone' }),
    ]);
  });

  it('refuses a backbone promotion below 150 hours (seed 003 §四(一)2(1)), and follows the policy version', () => {
    const young149 = [...openedAs('young'), granted('e1', 149)];
    given(d, young149)
      .when(promote('backbone'), system)
      .thenRefuses('promotion_ineligible', /149 of 150/);
    const lenient: Policy = {
      ...policy,
      version: 'p2',
      ladder: {
        ...policy.ladder,
        tiers: { ...policy.ladder.tiers, backbone: { ...policy.ladder.tiers.backbone, trainingHours: 140 } },
      },
    };
    given(d, young149)
      .when(promote('backbone', 'app-1', lenient), system)
      .then([
        {
          type: 'TierAwarded',
          data: {
            tier: 'backbone',
            previousTier: 'young',
            source: { type: 'promotion', applicationId: 'app-1' },
            policyVersion: 'p2',
            awardedAt: NOW,
          },
        },
      ]);
  });

  it('refuses a promotion while an ethics ban is in force (seed 002 (一)3)', () => {
    given(d, [...youngWith150, ethics('2025-2026', 'fail', '2026-06-01T00:00:00.000Z')])
      .when(promote('backbone'), system)
      .thenRefuses('promotion_ineligible', /banned until 2028-08-31T16:00/);
  });

  it('refuses an award by a teacher, or by an admin on their own record', () => {
    given(d, youngWith150).when(promote('backbone'), teacher).thenRefuses('office_only');
    given(d, youngWith150).when(promote('backbone'), teacherAsAdmin).thenRefuses('own_record');
  });
});

describe('mentorship sign-off makes a new teacher 青年教师 (seed 002 (三)4; DOMAIN.md "The progression ladder")', () => {
  const credit = (p: Policy = policy): TeacherCommand => ({
    type: 'CreditMentorshipYear',
    mentorshipId: 'm-1',
    mentorId: 'mentor-1',
    schoolYears: 1,
    signedOffAt: NOW,
    policy: p,
  });
  const toYoung: TeacherEvent = {
    type: 'TierAwarded',
    data: {
      tier: 'young',
      previousTier: 'new',
      source: { type: 'mentorship_signoff', mentorshipId: 'm-1' },
      policyVersion: 'default-1',
      awardedAt: NOW,
    },
  };

  it('credits the signed-off year and, with the 120 pre-service hours held, awards young (seed 003 §四(一)2(3))', () => {
    given(d, [...opened, granted('e1', 120)])
      .when(credit(), system)
      .then([credited(), toYoung]);
  });

  it('only credits the year while hours are short; an award later checks every requirement', () => {
    given(d, [...opened, granted('e1', 119)])
      .when(credit(), system)
      .then([credited()]);
    const award: TeacherCommand = {
      type: 'AwardTier',
      tier: 'young',
      source: { type: 'mentorship_signoff', mentorshipId: 'm-1' },
      policy,
    };
    given(d, [...opened, granted('e1', 119), credited()])
      .when(award, system)
      .thenRefuses('promotion_ineligible', /119 of 120/);
    given(d, [...opened, granted('e1', 119), credited(), granted('e2', 1)])
      .when(award, system)
      .then([toYoung]);
  });

  it('does not award young during an ethics ban (seed 002 (一)3)', () => {
    given(d, [...opened, granted('e1', 120), ethics('2025-2026', 'fail')])
      .when(credit(), system)
      .then([credited()]);
  });

  it('treats a redelivered sign-off as done, and refuses a teacher crediting themself', () => {
    given(d, [...opened, credited()])
      .when(credit(), system)
      .thenNothing();
    given(d, opened).when(credit(), teacher).thenRefuses('office_only');
    given(d, opened)
      .when({ ...credit(), mentorId: 'teacher-1' } as TeacherCommand, system)
      .thenRefuses('self_mentorship');
  });

  it('never awards a committee-selected tier on a sign-off, nor on an uncredited one', () => {
    given(d, [...openedAs('young'), granted('e1', 150), credited()])
      .when(
        {
          type: 'AwardTier',
          tier: 'backbone',
          source: { type: 'mentorship_signoff', mentorshipId: 'm-1' },
          policy,
        },
        system,
      )
      .thenRefuses('committee_required');
    given(d, [...opened, granted('e1', 120)])
      .when(
        {
          type: 'AwardTier',
          tier: 'young',
          source: { type: 'mentorship_signoff', mentorshipId: 'm-9' },
          policy,
        },
        system,
      )
      .thenRefuses('mentorship_not_credited');
  });
});

describe('revocation after a failed end-of-term assessment (seed 000 §五(四) 评估跟进; seed 003 §七(二))', () => {
  const backbone = openedAs('backbone');
  const revoke = (score: number, ref = 'app-1#term'): TeacherCommand => ({
    type: 'RevokeTier',
    reason: 'end-of-term assessment failed',
    assessment: { ref, score },
    keeperLevel: 'district',
    policy,
  });

  it('revokes the title to the tier below, with the reason, the score and its grade', () => {
    given(d, backbone)
      .when(revoke(59), admin)
      .then([
        {
          type: 'TierRevoked',
          data: {
            tier: 'backbone',
            toTier: 'young',
            reason: 'end-of-term assessment failed',
            assessment: { ref: 'app-1#term', score: 59, grade: 'unqualified' },
            policyVersion: 'default-1',
            revokedAt: NOW,
          },
        },
      ]);
  });

  it('refuses to revoke on a qualified assessment (≥60 is qualified)', () => {
    given(d, backbone)
      .when(revoke(60), admin)
      .thenRefuses('assessment_not_failed', /qualified/);
    given(d, backbone).when(revoke(101), admin).thenRefuses('score_out_of_range');
  });

  it('refuses without a reason, below the first tier, or by the teacher', () => {
    given(d, backbone)
      .when({ ...revoke(10), reason: ' ' } as TeacherCommand, admin)
      .thenRefuses('reason_required');
    given(d, opened).when(revoke(10), admin).thenRefuses('first_tier');
    given(d, backbone).when(revoke(10), teacher).thenRefuses('office_only');
    given(d, backbone).when(revoke(10), system).thenRefuses('office_only');
  });

  it('is for an admin of a district or above: never a chair, a school admin, or an admin of unknown level (DOMAIN.md "People and roles")', () => {
    given(d, backbone).when(revoke(10), chair).thenRefuses('office_only');
    for (const keeperLevel of ['school', null] as const) {
      const err = given(d, backbone)
        .when({ ...revoke(10), keeperLevel } as TeacherCommand, admin)
        .thenRefuses('revocation_needs_district');
      expect(err.kind).toBe('forbidden');
      expect(err.details).toMatchObject({ keeperLevel });
    }
    for (const keeperLevel of ['district', 'city', 'province'] as const)
      expect(decided(backbone, { ...revoke(10), keeperLevel } as TeacherCommand, admin)).toHaveLength(1);
  });

  it('treats the same assessment twice as done', () => {
    const revoked = decided(backbone, revoke(10), admin);
    expect(revoked).toHaveLength(1);
    given(d, [...backbone, ...revoked])
      .when(revoke(10), admin)
      .thenNothing();
  });
});

describe('hours and credits ledger (DOMAIN.md "Hours and credits")', () => {
  it('grants hours and credits citing the project and its approving record, in the school year of the completion', () => {
    given(d, opened)
      .when(grant(), { ...system, commandId: 'e1' })
      .then([granted('e1', 40, { source: source('project-e1') })]);
  });

  it('refuses a grant that does not name its source and approving record', () => {
    given(d, opened)
      .when(grant({ source: { type: 'training_project', id: 'p', approvingRecord: ' ' } }), admin)
      .thenRefuses('source_required');
    given(d, opened)
      .when(grant({ source: { type: 'hearsay', id: 'p', approvingRecord: 'r' } as never }), admin)
      .thenRefuses('source_required');
  });

  it.each([
    ['a teacher granting themself', teacher, 'office_only'],
    ['an admin who is the teacher', teacherAsAdmin, 'own_record'],
    ['a mentor', { actorId: 'mentor-1', actorRole: 'mentor' }, 'office_only'],
    ['a reviewer', { actorId: 'reviewer-1', actorRole: 'reviewer' }, 'office_only'],
  ])('refuses %s (separation of duties)', (_label, actor, code) => {
    given(d, opened).when(grant(), actor).thenRefuses(code);
  });

  it.each<[string, Partial<Extract<TeacherCommand, { type: 'GrantHours' }>>]>([
    ['invalid_hours', { hours: 0 }],
    ['invalid_hours', { hours: 1001 }],
    ['invalid_credits', { credits: -1 }],
    ['invalid_level', { level: 'national' as never }],
    ['invalid_kind', { kind: 'holiday' as never }],
    ['invalid_completion_date', { completedAt: '2026-09-02T00:00:00.000Z' }],
    ['invalid_completion_date', { completedAt: 'yesterday' }],
  ])('validates the grant: %s', (code, patch) => {
    given(d, opened).when(grant(patch), admin).thenRefuses(code);
  });

  it('grants hours from a recognised activity as well', () => {
    const activity = { type: 'activity' as const, id: 'open-class-7', approvingRecord: 'school-a/2026/17' };
    given(d, opened)
      .when(grant({ kind: 'activity', level: 'school', hours: 6, credits: 1, source: activity }), {
        ...admin,
        commandId: 'e7',
      })
      .then([granted('e7', 6, { kind: 'activity', level: 'school', credits: 1, source: activity })]);
  });

  it('grants one source once: a redelivery is a no-op, a different grant is refused until the first is reversed', () => {
    const history = [...opened, granted('e1', 40, { source: source('project-e1'), credits: 4 })];
    given(d, history).when(grant(), admin).thenNothing();
    const err = given(d, history)
      .when(grant({ hours: 30 }), admin)
      .thenRefuses('source_already_granted');
    expect(err.details).toEqual({ entryId: 'e1' });
  });

  it('corrects a mistake by a reversing entry, never an edit: the original stays in the ledger', () => {
    const history = [...opened, granted('e1', 40, { source: source('project-e1'), credits: 4 })];
    const reversed = given(d, history)
      .when({ type: 'ReverseHours', entryId: 'e1', reason: 'wrong hours' }, admin)
      .then([
        {
          type: 'HoursGrantReversed',
          data: {
            entryId: 'e1',
            hours: 40,
            credits: 4,
            level: 'district',
            kind: 'training',
            schoolYear: '2025-2026',
            semester: '2025-2026/2',
            reason: 'wrong hours',
            reversedAt: NOW,
          },
        },
      ]);
    const after = given(d, [...history, ...reversed]);
    expect(after.state.ledger).toEqual([
      expect.objectContaining({ entryId: 'e1', hours: 40, reversed: true }),
    ]);
    // the corrected grant from the same source is then accepted
    after
      .when(grant({ hours: 30, credits: 3 }), { ...admin, commandId: 'e2' })
      .then([granted('e2', 30, { source: source('project-e1'), credits: 3 })]);
  });

  it('refuses to reverse an unknown entry, twice, without a reason, or on one’s own record', () => {
    const history = [...opened, granted('e1', 40)];
    const reversal: TeacherEvent = {
      type: 'HoursGrantReversed',
      data: {
        entryId: 'e1',
        hours: 40,
        credits: 4,
        level: 'district',
        kind: 'training',
        schoolYear: '2025-2026',
        semester: '2025-2026/2',
        reason: 'x',
        reversedAt: NOW,
      },
    };
    given(d, history)
      .when({ type: 'ReverseHours', entryId: 'e9', reason: 'x' }, admin)
      .thenRefuses('entry_not_found');
    given(d, [...history, reversal])
      .when({ type: 'ReverseHours', entryId: 'e1', reason: 'x' }, admin)
      .thenRefuses('already_reversed');
    given(d, history)
      .when({ type: 'ReverseHours', entryId: 'e1', reason: '' }, admin)
      .thenRefuses('reason_required');
    given(d, history)
      .when({ type: 'ReverseHours', entryId: 'e1', reason: 'x' }, teacher)
      .thenRefuses('office_only');
  });

  it('grants no hours for an unqualified result and marks the teacher for retraining (seed 003 §六4, below 60 per §七(二))', () => {
    given(d, opened)
      .when(grant({ score: 59 }), system)
      .then([retrainingFor('project-e1', 59)]);
    // A redelivered completion is recorded once.
    given(d, [...opened, retrainingFor('project-e1', 59)])
      .when(grant({ score: 59 }), system)
      .thenNothing();
    given(d, opened)
      .when(grant({ score: 60 }), { ...admin, commandId: 'e1' })
      .then([granted('e1', 40, { source: source('project-e1'), score: 60 })]);
    given(d, opened)
      .when(grant({ score: 120 }), admin)
      .thenRefuses('score_out_of_range');
  });
});

describe('retraining below 60 until a later qualified completion of the same kind (seed 003 §六4)', () => {
  const later = '2026-08-20T02:00:00.000Z';

  it('keeps the teacher marked for retraining on their record while nothing made it good', () => {
    const s = given(d, [...opened, retrainingFor('project-e1', 59)]).state;
    expect(s.retraining).toEqual([
      expect.objectContaining({
        source: source('project-e1'),
        kind: 'training',
        score: 59,
        grade: 'unqualified',
      }),
    ]);
    expect(s.ledger).toEqual([]); // no hours
  });

  it('clears it with a later qualified completion of the same kind, not with an activity or another kind', () => {
    const failed = [...opened, retrainingFor('project-e1', 59)];
    const activity = granted('a1', 10, {
      kind: 'training',
      completedAt: later,
      score: null,
      source: { type: 'activity', id: 'open-class', approvingRecord: 'x' },
    });
    expect(given(d, [...failed, activity]).state.retraining).toHaveLength(1);
    const ethicsStudy = granted('e2', 10, { kind: 'ethics_study', completedAt: later, score: 80 });
    expect(given(d, [...failed, ethicsStudy]).state.retraining).toHaveLength(1);
    const earlier = granted('e3', 10, { completedAt: '2026-06-01T02:00:00.000Z', score: 80 });
    expect(given(d, [...failed, earlier]).state.retraining).toHaveLength(1);
    const passed = granted('e4', 40, { completedAt: later, score: 75 });
    expect(given(d, [...failed, passed]).state.retraining).toEqual([]);
  });

  it('is what the reactor of a completion records, so it is recorded by the system or an admin only', () => {
    given(d, opened)
      .when(grant({ score: 30 }), teacher)
      .thenRefuses('office_only');
    given(d, opened)
      .when(grant({ score: 30 }), chair)
      .thenRefuses('office_only');
  });
});

describe('ethics assessment, one-vote veto (seed 002 (一)3)', () => {
  const assess = (schoolYear: string, result: 'pass' | 'fail', p: Policy = policy): TeacherCommand => ({
    type: 'RecordEthicsAssessment',
    schoolYear,
    result,
    policy: p,
  });

  it('records a pass once a school year', () => {
    given(d, opened)
      .when(assess('2026-2027', 'pass'), admin)
      .then([ethics('2026-2027', 'pass')]);
    given(d, [...opened, ethics('2026-2027', 'pass')])
      .when(assess('2026-2027', 'fail'), admin)
      .thenRefuses('ethics_already_assessed');
  });

  it('records a fail with the ban end two years from the end of the assessed school year, under the policy version', () => {
    given(d, opened)
      .when(assess('2025-2026', 'fail'), admin)
      .then([
        {
          type: 'EthicsAssessed',
          data: {
            schoolYear: '2025-2026',
            result: 'fail',
            // 2025-2026 ends 1 September 2026 00:00 Beijing time; two years on.
            banEndsAt: '2028-08-31T16:00:00.000Z',
            policyVersion: 'default-1',
            assessedAt: NOW,
          },
        },
      ]);
  });

  it('takes the ban length from the policy in force', () => {
    const three: Policy = {
      ...policy,
      version: 'p3',
      ladder: { ...policy.ladder, ethics: { banYears: 3, consecutiveFailsForRemoval: 2 } },
    };
    const [e] = decided(opened, assess('2025-2026', 'fail', three), admin);
    expect(e!.data).toMatchObject({ banEndsAt: '2029-08-31T16:00:00.000Z', policyVersion: 'p3' });
  });

  it('counts a fail recorded late for an old year from that year, not from the day it is typed in (seed 002 (一)3 当年…两年内)', () => {
    // Recorded on 2026-09-01 for 2019-2020: the two years ended on 1 September 2022; no ban is in force.
    const [e] = decided(opened, assess('2019-2020', 'fail'), admin);
    expect(e!.data).toMatchObject({ schoolYear: '2019-2020', banEndsAt: '2022-08-31T16:00:00.000Z' });
    const s = given(d, [...opened, e as TeacherEvent]).state;
    expect(Date.parse(s.banEndsAt!)).toBeLessThan(Date.parse(NOW));
    // A recent fail is what the ban in force runs from, whichever was recorded first.
    const later = given(d, [...opened, ethics('2025-2026', 'fail'), e as TeacherEvent]).state;
    expect(later).toMatchObject({ banEndsAt: '2028-08-31T16:00:00.000Z', banSchoolYear: '2025-2026' });
  });

  it('caps an appraisal already recorded for the failed year at unqualified', () => {
    const appraised: TeacherEvent = {
      type: 'AnnualAppraisalRecorded',
      data: { schoolYear: '2025-2026', result: 'good', recordedAt: NOW },
    };
    given(d, [...opened, appraised])
      .when(assess('2025-2026', 'fail'), admin)
      .then([
        ethics('2025-2026', 'fail'),
        {
          type: 'AnnualAppraisalCapped',
          data: {
            schoolYear: '2025-2026',
            previous: 'good',
            result: 'unqualified',
            reason: 'ethics assessment failed (一票否决, seed 002 (一)3)',
          },
        },
      ]);
  });

  it('flags the teacher for removal after two consecutive fails', () => {
    given(d, [...opened, ethics('2025-2026', 'fail')])
      .when(assess('2026-2027', 'fail'), admin)
      .then([
        ethics('2026-2027', 'fail'),
        {
          type: 'FlaggedForRemoval',
          data: { schoolYears: ['2025-2026', '2026-2027'], policyVersion: 'default-1', flaggedAt: NOW },
        },
      ]);
  });

  it('counts consecutive school years even when recorded out of order, and only consecutive ones', () => {
    const [, flag] = decided([...opened, ethics('2026-2027', 'fail')], assess('2025-2026', 'fail'), admin);
    expect(flag).toMatchObject({
      type: 'FlaggedForRemoval',
      data: { schoolYears: ['2025-2026', '2026-2027'] },
    });
    given(d, [...opened, ethics('2023-2024', 'fail'), ethics('2024-2025', 'pass')])
      .when(assess('2025-2026', 'fail'), admin)
      .then([ethics('2025-2026', 'fail')]);
  });

  it('takes the number of consecutive fails from the policy, and flags once', () => {
    const three: Policy = {
      ...policy,
      version: 'p3',
      ladder: { ...policy.ladder, ethics: { banYears: 2, consecutiveFailsForRemoval: 3 } },
    };
    const [only, ...rest] = decided(
      [...opened, ethics('2025-2026', 'fail')],
      assess('2026-2027', 'fail', three),
      admin,
    );
    expect([only!.type, rest]).toEqual(['EthicsAssessed', []]);
    const flagged: TeacherEvent = {
      type: 'FlaggedForRemoval',
      data: { schoolYears: ['2024-2025', '2025-2026'], policyVersion: 'default-1', flaggedAt: NOW },
    };
    given(d, [...opened, ethics('2024-2025', 'fail'), ethics('2025-2026', 'fail'), flagged])
      .when(assess('2026-2027', 'fail'), admin)
      .then([ethics('2026-2027', 'fail')]);
  });

  it('is recorded by an admin, never by a chair, the teacher or a reactor (DOMAIN.md "People and roles")', () => {
    given(d, opened).when(assess('2025-2026', 'pass'), chair).thenRefuses('office_only');
    given(d, opened).when(assess('2025-2026', 'pass'), teacher).thenRefuses('office_only');
    given(d, opened).when(assess('2025-2026', 'pass'), teacherAsAdmin).thenRefuses('own_record');
    given(d, opened).when(assess('2025-2026', 'pass'), system).thenRefuses('office_only');
  });

  it('refuses a school year that has not begun or is not one', () => {
    given(d, opened).when(assess('2027-2028', 'pass'), admin).thenRefuses('school_year_in_future');
    given(d, opened).when(assess('2026', 'pass'), admin).thenRefuses('invalid_school_year');
    given(d, opened)
      .when(assess('2025-2026', 'maybe' as never), admin)
      .thenRefuses('invalid_result');
  });
});

describe('annual appraisal (DOMAIN.md "Ethics assessment"; grades of seed 003 §七(二))', () => {
  const appraise = (
    schoolYear: string,
    result: 'excellent' | 'good' | 'qualified' | 'unqualified',
  ): TeacherCommand => ({
    type: 'RecordAnnualAppraisal',
    schoolYear,
    result,
  });

  it('records one result per school year', () => {
    const recorded = given(d, opened)
      .when(appraise('2025-2026', 'excellent'), admin)
      .then([
        {
          type: 'AnnualAppraisalRecorded',
          data: { schoolYear: '2025-2026', result: 'excellent', recordedAt: NOW },
        },
      ]);
    given(d, [...opened, ...recorded])
      .when(appraise('2025-2026', 'good'), admin)
      .thenRefuses('appraisal_exists');
  });

  it.each(['excellent', 'good', 'qualified'] as const)(
    'refuses %s in a year whose ethics assessment failed (seed 002 (一)3: not qualified or better)',
    (result) => {
      given(d, [...opened, ethics('2025-2026', 'fail')])
        .when(appraise('2025-2026', result), admin)
        .thenRefuses('appraisal_capped_by_ethics');
    },
  );

  it('accepts unqualified in the failed year, and any result in another year', () => {
    given(d, [...opened, ethics('2025-2026', 'fail')])
      .when(appraise('2025-2026', 'unqualified'), admin)
      .then([
        {
          type: 'AnnualAppraisalRecorded',
          data: { schoolYear: '2025-2026', result: 'unqualified', recordedAt: NOW },
        },
      ]);
    given(d, [...opened, ethics('2024-2025', 'fail')])
      .when(appraise('2025-2026', 'good'), admin)
      .then([
        {
          type: 'AnnualAppraisalRecorded',
          data: { schoolYear: '2025-2026', result: 'good', recordedAt: NOW },
        },
      ]);
  });

  it('refuses an unknown result, a future year, or the teacher’s own appraisal', () => {
    given(d, opened)
      .when(appraise('2025-2026', 'superb' as never), admin)
      .thenRefuses('invalid_result');
    given(d, opened).when(appraise('2027-2028', 'good'), admin).thenRefuses('school_year_in_future');
    given(d, opened).when(appraise('2025-2026', 'excellent'), teacher).thenRefuses('office_only');
    given(d, opened).when(appraise('2025-2026', 'excellent'), teacherAsAdmin).thenRefuses('own_record');
  });
});

// Cases the mutation run (stryker.config.mjs) found unguarded: each pins a rule a one-token change
// of the decider or of eligibility.ts would break without any other spec noticing.
describe('rules pinned by mutation testing', () => {
  it('keeps a ban in force when a later school year passes (seed 002 (一)3)', () => {
    const failed = ethics('2025-2026', 'fail');
    const state = given(d, [...opened, failed, ethics('2026-2027', 'pass')]).state;
    expect(state.banEndsAt).toBe((failed.data as { banEndsAt: string }).banEndsAt);
    expect(state.banSchoolYear).toBe('2025-2026');
    // A later fail ends later: the ban runs from it.
    const again = given(d, [...opened, failed, ethics('2026-2027', 'fail')]).state;
    expect(again.banSchoolYear).toBe('2026-2027');
    expect(again.banEndsAt! > state.banEndsAt!).toBe(true);
    // An earlier fail recorded late does not shorten it.
    const late = given(d, [...opened, ethics('2026-2027', 'fail'), ethics('2024-2025', 'fail')]).state;
    expect(late.banSchoolYear).toBe('2026-2027');
    // A pass alone bans nothing; an equally long ban keeps the year it first ran from.
    expect(given(d, [...opened, ethics('2025-2026', 'pass')]).state).toMatchObject({
      banEndsAt: null,
      banSchoolYear: null,
    });
    const same = given(d, [
      ...opened,
      ethics('2025-2026', 'fail', NOW, 3),
      ethics('2026-2027', 'fail', NOW, 2),
    ]).state;
    expect(same.banSchoolYear).toBe('2025-2026');
    // Each failed completion stays on the record until made good (seed 003 §六4).
    expect(
      given(d, [...opened, retrainingFor('project-a', 40), retrainingFor('project-b', 50)]).state.retraining,
    ).toHaveLength(2);
  });

  it('refuses a tier revocation by anyone but an admin, and by the teacher themself', () => {
    const revoke: TeacherCommand = {
      type: 'RevokeTier',
      reason: 'end-of-term assessment failed',
      assessment: { ref: 'app-1#term', score: 40 },
      keeperLevel: 'district',
      policy,
    };
    for (const actor of [system, chair, teacher]) {
      given(d, openedAs('backbone')).when(revoke, actor).thenRefuses('office_only');
    }
    given(d, openedAs('backbone')).when(revoke, teacherAsAdmin).thenRefuses('own_record');
    for (const keeperLevel of ['school', null] as const) {
      given(d, openedAs('backbone'))
        .when({ ...revoke, keeperLevel }, admin)
        .thenRefuses('revocation_needs_district');
    }
    given(d, openedAs('new')).when(revoke, admin).thenRefuses('first_tier');
  });

  it('says in a refusal who may keep the record, and that there is none', () => {
    const revoke: TeacherCommand = {
      type: 'RevokeTier',
      reason: 'end-of-term assessment failed',
      assessment: { ref: 'app-1#term', score: 40 },
      keeperLevel: 'district',
      policy,
    };
    given(d).when(revoke, admin).thenRefuses('teacher_not_found', 'this teacher has no record on the ladder');
    const err = given(d, openedAs('backbone'))
      .when(revoke, chair)
      .thenRefuses('office_only', 'only admin may revoke a tier');
    expect(err.details).toEqual({ roles: ['admin'] });
  });

  it('takes a revocation reason of 1–2000 characters, and refuses a missing one as such', () => {
    const revoke = (reason: unknown) =>
      ({
        type: 'RevokeTier',
        reason,
        assessment: { ref: 'app-1#term', score: 40 },
        keeperLevel: 'district',
        policy,
      }) as TeacherCommand;
    for (const reason of [undefined, 42, 'x'.repeat(2001)])
      given(d, openedAs('backbone')).when(revoke(reason), admin).thenRefuses('reason_required');
    const [e] = decided(openedAs('backbone'), revoke('x'.repeat(2000)), admin);
    expect(e).toMatchObject({ type: 'TierRevoked', data: { reason: 'x'.repeat(2000) } });
    given(d, openedAs('backbone'))
      .when(revoke('failed'), teacherAsAdmin)
      .thenRefuses('own_record', 'nobody may revoke a tier on their own record');
  });

  it('trims the reason it records, and says what a refused one must be', () => {
    const revoke = (reason: string): TeacherCommand => ({
      type: 'RevokeTier',
      reason,
      assessment: { ref: 'app-1#term', score: 40 },
      keeperLevel: 'district',
      policy,
    });
    const [e] = decided(openedAs('backbone'), revoke('  failed  '), admin);
    expect(e).toMatchObject({ type: 'TierRevoked', data: { reason: 'failed' } });
    given(d, openedAs('backbone'))
      .when(revoke(' '), admin)
      .thenRefuses('reason_required', 'the reason for a revocation must be 1–2000 characters');
  });

  it('says why an appraisal or a record is refused', () => {
    const appraise = (result: string): TeacherCommand =>
      ({ type: 'RecordAnnualAppraisal', schoolYear: '2025-2026', result }) as TeacherCommand;
    given(d, opened)
      .when(appraise('good'), chair)
      .thenRefuses('office_only', 'only admin may record an annual appraisal');
    given(d, opened)
      .when(appraise('superb'), admin)
      .thenRefuses('invalid_result', 'result must be one of excellent, good, qualified, unqualified');
    given(d, [
      ...opened,
      { type: 'AnnualAppraisalRecorded', data: { schoolYear: '2025-2026', result: 'good', recordedAt: NOW } },
    ])
      .when(appraise('good'), admin)
      .thenRefuses('appraisal_exists', 'the 2025-2026 appraisal is already recorded');
    given(d, opened)
      .when(
        {
          type: 'OpenTeacherRecord',
          teacherId: 'teacher-1',
          orgUnit: 'school-a',
          tier: 'new',
          policy,
        },
        admin,
      )
      .thenRefuses('teacher_exists', 'this teacher already has a record');
    given(d)
      .when(
        {
          type: 'OpenTeacherRecord',
          teacherId: 'teacher-1',
          orgUnit: 'school-a',
          tier: 'expert' as never,
          policy,
        },
        admin,
      )
      .thenRefuses('unknown_tier', 'tier must be one of new, young, backbone, leader, master');
    const capped = given(d, [...opened, ethics('2025-2026', 'fail')])
      .when(appraise('good'), admin)
      .thenRefuses(
        'appraisal_capped_by_ethics',
        "ethics failed in 2025-2026: that year's appraisal can only be unqualified",
      );
    expect(capped.details).toEqual({ schoolYear: '2025-2026' });
  });

  it('says why a mentorship credit is refused', () => {
    const credit = (mentorId: string): TeacherCommand => ({
      type: 'CreditMentorshipYear',
      mentorshipId: 'm-1',
      mentorId,
      schoolYears: 1,
      signedOffAt: NOW,
      policy,
    });
    given(d, opened)
      .when(credit('mentor-1'), chair)
      .thenRefuses('office_only', 'only admin or system may credit a mentorship');
    given(d, opened)
      .when(credit('teacher-1'), system)
      .thenRefuses('self_mentorship', 'a teacher cannot mentor themself');
  });

  it('credits whole school years of mentorship only, once per mentorship (seed 002 (三)4)', () => {
    const credit = (schoolYears: number, mentorshipId = 'm-1'): TeacherCommand => ({
      type: 'CreditMentorshipYear',
      mentorshipId,
      mentorId: 'mentor-1',
      schoolYears,
      signedOffAt: NOW,
      policy,
    });
    for (const years of [0, 1.5, Number.NaN])
      given(d, opened)
        .when(credit(years), system)
        .thenRefuses('invalid_school_years', 'a sign-off covers at least one whole school year');
    given(d, [...opened, credited('m-1')])
      .when(credit(1), system)
      .thenNothing();
    expect(decided([...opened, credited('m-1')], credit(2, 'm-2'), system)[0]).toMatchObject({
      type: 'MentorshipYearCredited',
      data: { mentorshipId: 'm-2', schoolYears: 2 },
    });
  });

  it('grants hours and credits within their bounds, for a named source (DOMAIN.md "Hours and credits")', () => {
    for (const over of [{ hours: 1000 }, { credits: 0 }, { credits: 1000 }]) {
      expect(decided(opened, grant(over), system)[0]).toMatchObject({ type: 'HoursGranted', data: over });
    }
    given(d, opened)
      .when(grant({ hours: 1000.5 }), system)
      .thenRefuses('invalid_hours', 'hours must be more than 0 and at most 1000');
    given(d, opened)
      .when(grant({ credits: -0.5 }), system)
      .thenRefuses('invalid_credits', 'credits must be between 0 and 1000');
    given(d, opened)
      .when(grant({ credits: 1000.5 }), system)
      .thenRefuses('invalid_credits');
    given(d, opened)
      .when(grant({ level: 'county' as never }), system)
      .thenRefuses('invalid_level', 'level must be one of province, city, district, school');
    for (const bad of [
      { ...source('p-1'), id: undefined },
      { ...source('p-1'), id: '  ' },
      { ...source('p-1'), approvingRecord: undefined },
    ])
      given(d, opened)
        .when(grant({ source: bad as never }), system)
        .thenRefuses(
          'source_required',
          'a grant names its training project or activity and the approving record',
        );
    given(d, opened).when(grant(), chair).thenRefuses('office_only', 'only admin or system may grant hours');
    given(d, opened)
      .when(grant({ kind: 'reading' as never }), system)
      .thenRefuses('invalid_kind', 'kind must be one of training, ethics_study, activity');
    // A completion at this very moment has happened; one a millisecond later has not.
    expect(decided(opened, grant({ completedAt: NOW }), system)[0]).toMatchObject({ type: 'HoursGranted' });
    given(d, opened)
      .when(grant({ completedAt: '2026-09-01T08:00:00.001Z' }), system)
      .thenRefuses('invalid_completion_date', 'hours are granted for a completion that has happened');
    // A source is its type and id: an activity sharing a project's id is another source.
    expect(
      decided(
        [...opened, granted('e1', 40, { source: source('p-1') })],
        grant({ source: { type: 'activity', id: 'p-1', approvingRecord: 'x' } }),
        system,
      )[0],
    ).toMatchObject({ type: 'HoursGranted' });
  });

  it('tells one mentorship sign-off from another when awarding a tier (seed 002 (三)4)', () => {
    const young: TeacherEvent = {
      type: 'TierAwarded',
      data: {
        tier: 'young',
        previousTier: 'new',
        source: { type: 'mentorship_signoff', mentorshipId: 'm-1' },
        policyVersion: 'default-1',
        awardedAt: NOW,
      },
    };
    given(d, [...opened, credited('m-1'), young])
      .when(
        {
          type: 'AwardTier',
          tier: 'young',
          source: { type: 'mentorship_signoff', mentorshipId: 'm-2' },
          policy,
        },
        system,
      )
      .thenRefuses('mentorship_not_credited');
  });

  it('says why a school year is refused', () => {
    const assess = (schoolYear: string): TeacherCommand => ({
      type: 'RecordEthicsAssessment',
      schoolYear,
      result: 'pass',
      policy,
    });
    given(d, opened)
      .when(assess('2026'), admin)
      .thenRefuses('invalid_school_year', 'a school year is written 2026-2027');
    given(d, opened)
      .when(assess('2027-2028'), admin)
      .thenRefuses('school_year_in_future', 'school year 2027-2028 has not begun');
  });

  it('counts a run of fails on both sides of the year assessed (seed 002 (一)3)', () => {
    const three: Policy = {
      ...policy,
      version: 'p3',
      ladder: { ...policy.ladder, ethics: { banYears: 2, consecutiveFailsForRemoval: 3 } },
    };
    const flagOf = (history: TeacherEvent[], schoolYear: string) =>
      decided(
        history,
        { type: 'RecordEthicsAssessment', schoolYear, result: 'fail', policy: three },
        admin,
      ).find((e) => e.type === 'FlaggedForRemoval');
    const run = ['2023-2024', '2024-2025', '2025-2026'];
    expect(flagOf([...opened, ethics(run[0]!, 'fail'), ethics(run[1]!, 'fail')], run[2]!)).toMatchObject({
      data: { schoolYears: run },
    });
    // The earliest year recorded last still completes the run.
    expect(flagOf([...opened, ethics(run[1]!, 'fail'), ethics(run[2]!, 'fail')], run[0]!)).toMatchObject({
      data: { schoolYears: run },
    });
  });

  it('requires retraining for each project failed, not once per kind (seed 003 §六4)', () => {
    const events = decided(
      [...opened, retrainingFor('project-a', 40)],
      grant({ source: source('project-b'), score: 40 }),
      system,
    );
    expect(events).toEqual([
      expect.objectContaining({
        type: 'RetrainingRequired',
        data: expect.objectContaining({ source: source('project-b') }),
      }),
    ]);
  });

  it('awards a second promotion from another application', () => {
    const promoted: TeacherEvent = {
      type: 'TierAwarded',
      data: {
        tier: 'backbone',
        previousTier: 'young',
        source: { type: 'promotion', applicationId: 'app-1' },
        policyVersion: 'default-1',
        awardedAt: NOW,
      },
    };
    const [e] = decided(
      [...openedAs('young'), granted('e1', 150), promoted],
      { type: 'AwardTier', tier: 'leader', source: { type: 'promotion', applicationId: 'app-2' }, policy },
      system,
    );
    expect(e).toMatchObject({ type: 'TierAwarded', data: { tier: 'leader', previousTier: 'backbone' } });
  });

  it('clears retraining only with a scored training project completed after the failed one (seed 003 §六4)', () => {
    const failed = [...opened, retrainingFor('project-e1', 59)];
    const later = '2026-08-20T02:00:00.000Z';
    const stillRetraining = [
      // An activity, even with a score, is no training project.
      granted('a1', 10, {
        completedAt: later,
        score: 80,
        source: { type: 'activity', id: 'open-class', approvingRecord: 'x' },
      }),
      // A training project recorded without a score (before scores were asked) proves nothing.
      granted('e2', 10, { completedAt: later, score: null }),
      // Completed at the same moment as the failed one: not later.
      granted('e3', 10, { completedAt: '2026-06-30T02:00:00.000Z', score: 80 }),
    ];
    for (const g of stillRetraining) expect(given(d, [...failed, g]).state.retraining).toHaveLength(1);
  });

  it('refuses revoking a tier from a record that holds none yet (seed 000 §五(四))', () => {
    const untiered: TeacherEvent[] = [opened[0]!];
    given(d, untiered)
      .when(
        {
          type: 'RevokeTier',
          reason: 'end-of-term assessment failed',
          assessment: { ref: 'app-1#term', score: 40 },
          keeperLevel: 'district',
          policy,
        },
        admin,
      )
      .thenRefuses('first_tier');
  });

  it('caps an appraisal already recorded for a year whose ethics assessment then fails (seed 002 (一)3)', () => {
    const appraised: TeacherEvent[] = [
      ...opened,
      { type: 'AnnualAppraisalRecorded', data: { schoolYear: '2025-2026', result: 'good', recordedAt: NOW } },
    ];
    const events = decided(
      appraised,
      { type: 'RecordEthicsAssessment', schoolYear: '2025-2026', result: 'fail', policy },
      admin,
    );
    expect(events.map((e) => e.type)).toEqual(['EthicsAssessed', 'AnnualAppraisalCapped']);
    const state = given(d, [...appraised, ...events]).state;
    expect(state.appraisals).toEqual({ '2025-2026': 'unqualified' });
  });

  it('caps an appraisal only on a fail, and only one better than unqualified (seed 002 (一)3)', () => {
    const appraisedAs = (result: 'good' | 'unqualified'): TeacherEvent[] => [
      ...opened,
      { type: 'AnnualAppraisalRecorded', data: { schoolYear: '2025-2026', result, recordedAt: NOW } },
    ];
    const assess = (result: 'pass' | 'fail'): TeacherCommand => ({
      type: 'RecordEthicsAssessment',
      schoolYear: '2025-2026',
      result,
      policy,
    });
    expect(decided(appraisedAs('good'), assess('pass'), admin).map((e) => e.type)).toEqual([
      'EthicsAssessed',
    ]);
    expect(decided(appraisedAs('unqualified'), assess('fail'), admin).map((e) => e.type)).toEqual([
      'EthicsAssessed',
    ]);
  });

  it('does not make a new teacher 青年教师 without the signed-off mentor year (seed 002 (三)4)', () => {
    const hours = [...opened, granted('e1', 120)];
    given(d, hours)
      .when(
        { type: 'AwardTier', tier: 'young', source: { type: 'promotion', applicationId: 'a-1' }, policy },
        system,
      )
      .thenRefuses('promotion_ineligible');
    const [e] = d.decide(
      { type: 'AwardTier', tier: 'young', source: { type: 'promotion', applicationId: 'a-1' }, policy },
      given(d, [...hours, credited()]).state,
      specMeta(system),
    );
    expect(e).toMatchObject({ type: 'TierAwarded', data: { tier: 'young', previousTier: 'new' } });
  });
});

describe('scope (DOMAIN.md "People and roles": an office keeps the records of its org unit and below)', () => {
  const appraise: TeacherCommand = {
    type: 'RecordAnnualAppraisal',
    schoolYear: '2025-2026',
    result: 'good',
  };

  it('refuses an office whose org unit does not cover the record, and takes one that does', () => {
    const err = given(d, opened)
      .when({ ...appraise, officeScope: 'out' }, admin)
      .thenRefuses('outside_scope');
    expect(err.kind).toBe('forbidden');
    given(d, opened)
      .when({ ...appraise, officeScope: 'out' }, chair)
      .thenRefuses('outside_scope');
    expect(decided(opened, { ...appraise, officeScope: 'in' }, admin)).toHaveLength(1);
  });

  it('asks no scope of the system', () => {
    expect(
      decided(opened, { type: 'MoveTeacherRecord', orgUnit: 'school-b', officeScope: 'out' }, system),
    ).toHaveLength(1);
  });

  it('takes a grant score from 0 to 100 inclusive, and nothing else (seed 003 §七(二))', () => {
    // The bounds themselves are scores: 0 is unqualified (retraining), 100 a grant.
    given(d, opened)
      .when(grant({ score: 0 }), system)
      .then([retrainingFor('project-e1', 0)]);
    given(d, opened)
      .when(grant({ score: 100 }), { ...admin, commandId: 'e1' })
      .then([granted('e1', 40, { source: source('project-e1'), score: 100 })]);
    for (const score of [-1, -0.5, 100.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const err = given(d, opened).when(grant({ score }), admin).thenRefuses('score_out_of_range');
      expect(err.message).toContain('0–100');
    }
  });

  it('treats a grant as redelivered only when every field is the same; any other difference is refused', () => {
    // DOMAIN.md "Hours and credits": one live grant per source; a correction reverses the entry first.
    const first = granted('e1', 40, { source: source('project-e1'), credits: 4, score: 80 });
    const history = [...opened, first];
    given(d, history)
      .when(grant({ score: 80 }), admin)
      .thenNothing();
    const differing: Partial<Extract<TeacherCommand, { type: 'GrantHours' }>>[] = [
      { score: 80, hours: 30 },
      { score: 80, credits: 3 },
      { score: 80, level: 'city' },
      { score: 80, kind: 'ethics_study' },
      { score: 80, completedAt: '2026-06-29T02:00:00.000Z' },
      { score: 90 },
      {},
    ];
    for (const over of differing) {
      const err = given(d, history).when(grant(over), admin).thenRefuses('source_already_granted');
      expect(err.details).toEqual({ entryId: 'e1' });
    }
  });
});
