import { GRADES, HOUR_KINDS } from '#libs/ladder';
import { LEVELS, POLICY_GROUPS, TIERS } from '#libs/policy';
import {
  arr,
  bool,
  commandAnswer,
  date,
  dateTime,
  int,
  map,
  named,
  nullable,
  num,
  obj,
  oneOf,
  str,
  uuid,
  type Schema,
} from '../http/openapi-schema.js';

// What the ladder, policy, mentorship and studio endpoints answer.

const tier = oneOf(TIERS);
const level = oneOf(LEVELS);
const grade = oneOf(GRADES);
const numberOrText = (description: string): Schema => ({ anyOf: [num(), str()], description });

// ---- policy (libs/policy Policy) ----

export const Policy = named(
  'Policy',
  obj(
    {
      version: str(),
      rubric: obj({
        version: str(),
        dimensions: arr(obj({ key: str(), label: str() })),
      }),
      reviewQuorum: int({ minimum: 1 }),
      reviewDueDays: int({ minimum: 1 }),
      revisionDueDays: int({ minimum: 1 }),
      gradeThresholds: obj({ excellent: num(), good: num(), qualified: num() }),
      performanceWeights: obj({
        selfAssessment: num(),
        archiveCheck: num(),
        traineeInterviews: num(),
        onSiteDefence: num(),
      }),
      ladder: obj({
        tiers: obj(
          Object.fromEntries(
            TIERS.map((t) => [
              t,
              obj({ trainingHours: num(), mentorshipSignOff: bool(), committeeSelection: bool() }),
            ]),
          ),
        ),
        annualHours: num(),
        ethicsStudyHoursPerSemester: num(),
        trainingCycle: obj({ schoolYears: int(), hours: num() }),
        creditSplit: obj(Object.fromEntries(LEVELS.map((l) => [l, num()]))),
        creditsPerHour: num(),
        ethics: obj({ banYears: int(), consecutiveFailsForRemoval: int() }),
        mentorship: obj({ minSchoolYears: int(), mentorLoadLimit: int() }),
      }),
    },
    { description: 'Policy as versioned data: DOMAIN.md’s numbers (default-1) or an admin’s later version.' },
  ),
);

export const PolicyVersions = named(
  'PolicyVersions',
  obj({
    current: str({ description: 'The version in force now.' }),
    items: arr(
      obj({
        version: str(),
        effectiveFrom: dateTime(),
        publishedAt: dateTime(),
        publishedBy: nullable(str({ description: 'The admin’s user id; null for the built-in default.' })),
        status: oneOf(['in_force', 'scheduled', 'superseded']),
        policy: Policy,
      }),
    ),
  }),
);

// OpenAPI 3.0 puts `nullable` beside a `type`: each alternative may be null.
const policyLeaf = (description: string): Schema => ({
  anyOf: [nullable(str()), nullable(num()), nullable(bool())],
  description,
});

export const PolicyDiff = named(
  'PolicyDiff',
  obj({
    from: str(),
    to: str(),
    changes: arr(
      obj({
        path: str({ description: 'Dotted path of the changed number or text, e.g. ladder.annualHours.' }),
        group: oneOf(POLICY_GROUPS),
        from: policyLeaf('The value in the older version (null: not there).'),
        to: policyLeaf('The value in the newer version (null: not there).'),
      }),
    ),
  }),
);

export const PolicyPublished = named(
  'PolicyPublished',
  obj({ version: str(), events: arr(str()), duplicate: bool() }),
);

// ---- the teacher's record and progression ----

const Requirement = named(
  'Requirement',
  obj(
    {
      key: str({
        description: 'training_hours, mentorship, ethics_ban, committee_selection, annual_hours …',
      }),
      label: str(),
      required: numberOrText('The number required (or what is required).'),
      current: numberOrText('The teacher’s number now.'),
      met: bool(),
      decidedBy: oneOf(['record', 'committee']),
      source: str({ description: 'The DOMAIN.md rule and seed it comes from.' }),
      until: dateTime({ description: 'When an ethics ban in force ends.' }),
    },
    { optional: ['until'] },
  ),
);

const TierSource = named(
  'TierSource',
  obj(
    {
      type: oneOf(['seed', 'promotion', 'mentorship_signoff']),
      applicationId: str(),
      mentorshipId: str(),
    },
    { optional: ['applicationId', 'mentorshipId'] },
  ),
);

const HoursSource = named(
  'HoursSource',
  obj({
    type: oneOf(['training_project', 'activity']),
    id: str(),
    approvingRecord: str(),
  }),
);

const LedgerEntry = named(
  'LedgerEntry',
  obj({
    entryId: str(),
    hours: num(),
    credits: num(),
    level,
    kind: oneOf(HOUR_KINDS),
    schoolYear: str({ pattern: '^\\d{4}-\\d{4}$' }),
    semester: str({ pattern: '^\\d{4}-\\d{4}/[12]$' }),
    completedAt: str({ description: 'ISO 8601, as the grant gave it.' }),
    source: HoursSource,
    score: nullable(num()),
    policyVersion: str(),
    grantedAt: dateTime(),
    reversed: bool(),
  }),
);

export const Progression = named(
  'Progression',
  obj({
    teacherId: str(),
    orgUnit: nullable(str()),
    tier: nullable(tier),
    tierHistory: arr(
      obj({
        change: oneOf(['awarded', 'revoked']),
        tier,
        at: dateTime(),
        policyVersion: str(),
        source: nullable(TierSource),
        reason: nullable(str()),
      }),
    ),
    policyVersion: str(),
    asOf: dateTime(),
    currentTier: nullable(tier),
    nextTier: nullable(tier),
    requirements: arr(Requirement, {
      description: 'What entering the next tier takes, each with its numbers.',
    }),
    eligible: bool({ description: 'Every record requirement of the next tier is met.' }),
    obligations: arr(Requirement, { description: 'Standing duties: hours this school year, ethics study …' }),
    hours: obj({ total: num(), schoolYear: str(), thisSchoolYear: num() }),
    ethics: obj({
      banEndsAt: nullable(dateTime()),
      banInForce: bool(),
      flaggedForRemoval: bool(),
      banSchoolYear: nullable(
        str({ description: 'The failed school year the ban runs from (two years from its end).' }),
      ),
      reason: nullable(str({ description: 'Why promotion is barred, and until when.' })),
    }),
    retraining: obj(
      {
        required: bool(),
        pending: arr(
          obj({
            source: HoursSource,
            kind: oneOf(HOUR_KINDS),
            level,
            score: num(),
            grade,
            completedAt: str(),
            policyVersion: str(),
          }),
        ),
      },
      {
        description:
          'seed 003 §六4: completions assessed below 60 granted no hours; the teacher retrains until a ' +
          'later qualified completion of the same kind.',
      },
    ),
    creditSplit: obj({
      policyVersion: str(),
      totalCredits: num(),
      levels: arr(obj({ level, credits: num(), share: num(), target: num(), gap: num() })),
    }),
    ledger: arr(LedgerEntry, {
      description: 'Every grant, reversed ones marked (the ledger is append-only).',
    }),
    ethicsAssessments: map(oneOf(['pass', 'fail']), { description: 'By school year.' }),
    appraisals: map(grade, { description: 'By school year.' }),
    mentorships: arr(
      obj({ mentorshipId: str(), mentorId: str(), schoolYears: num(), signedOffAt: dateTime() }),
    ),
  }),
);

export const TeacherCommandAnswer = named(
  'TeacherCommandAnswer',
  obj({ teacherId: str(), ...commandAnswer }),
);

export const Dashboard = named(
  'Dashboard',
  obj({
    orgUnit: str(),
    policyVersion: str(),
    schoolYear: str(),
    annualHoursRequired: num(),
    teachersPerTier: map(int({ minimum: 0 })),
    annualHoursShortfalls: arr(
      obj({
        teacherId: str(),
        name: nullable(str()),
        orgUnit: str(),
        orgUnitName: nullable(str()),
        hours: num(),
        missing: num(),
      }),
    ),
    bansInForce: arr(
      obj({
        teacherId: str(),
        name: nullable(str()),
        banEndsAt: nullable(dateTime()),
        flaggedForRemoval: bool(),
        orgUnit: str(),
        orgUnitName: nullable(str()),
      }),
    ),
  }),
);

// ---- mentorships ----

const mentorshipStatus = oneOf(['active', 'signed_off', 'ended']);

export const MentorshipCommandAnswer = named(
  'MentorshipCommandAnswer',
  obj({
    id: uuid(),
    status: mentorshipStatus,
    mentorId: nullable(str()),
    menteeId: nullable(str()),
    pairedAt: nullable(dateTime()),
    meetingCount: int({ minimum: 0 }),
    signedOffAt: nullable(dateTime()),
    ...commandAnswer,
  }),
);

const mentorshipRow = {
  id: uuid(),
  mentorId: str(),
  menteeId: str(),
  mentorName: nullable(str()),
  menteeName: nullable(str()),
  mentorOrgUnit: nullable(str()),
  menteeOrgUnit: nullable(str()),
  status: mentorshipStatus,
  pairedAt: dateTime(),
  yearEndsAt: dateTime(),
  signedOffAt: nullable(dateTime()),
  signOffComment: nullable(str()),
  endedAt: nullable(dateTime()),
  endReason: nullable(str()),
  meetingCount: int({ minimum: 0 }),
  lastMeetingOn: nullable(date()),
  policyVersion: str(),
  version: int({ minimum: 1 }),
};

export const MentorshipList = named('MentorshipList', obj({ items: arr(obj(mentorshipRow)) }));

export const MentorshipDetail = named(
  'MentorshipDetail',
  obj({
    ...mentorshipRow,
    meetings: arr(obj({ on: date(), notes: str(), loggedBy: str(), loggedAt: dateTime() })),
  }),
);

// ---- studios ----

export const StudioCommandAnswer = named(
  'StudioCommandAnswer',
  obj({
    id: uuid(),
    leaderId: nullable(str()),
    applicationId: nullable(str()),
    members: arr(str(), { description: 'Current members, the leader first.' }),
    closed: bool(),
    ...commandAnswer,
  }),
);

/** What the list and a studio's page both say of a studio (名优教师工作室). */
const studioFields = {
  id: uuid(),
  applicationId: str(),
  name: str(),
  subject: str(),
  leaderId: str(),
  leaderName: nullable(str()),
  orgUnit: str(),
  orgUnitName: nullable(str()),
  closed: bool(),
  foundedAt: dateTime(),
  closedAt: nullable(dateTime()),
};

export const StudioList = named(
  'StudioList',
  obj({
    items: arr(
      obj({
        ...studioFields,
        memberCount: int({ minimum: 0, description: 'Present members, the leader included.' }),
        myRole: nullable(
          oneOf(['leader', 'member', 'former'], {
            description: 'With ?mine=1: how the caller belongs to the studio; else null.',
          }),
        ),
      }),
    ),
    unfounded: arr(
      obj({
        applicationId: str(),
        title: str(),
        applicantId: str(),
        applicantName: nullable(str()),
        orgUnit: str(),
        decidedAt: nullable(dateTime()),
      }),
      {
        description:
          'For an office: approved studio applications in its scope that have no studio yet (挂牌成立). Empty with ?mine=1.',
      },
    ),
  }),
);

export const StudioDetail = named(
  'StudioDetail',
  obj({
    ...studioFields,
    closeReason: nullable(str()),
    version: int({ minimum: 1 }),
    members: arr(
      obj({
        memberId: str(),
        displayName: nullable(str()),
        role: oneOf(['leader', 'member']),
        addedBy: str(),
        joinedAt: dateTime(),
      }),
    ),
    formerMembers: arr(
      obj({
        memberId: str(),
        displayName: nullable(str()),
        role: oneOf(['leader', 'member']),
        addedBy: str(),
        joinedAt: dateTime(),
        leftAt: dateTime(),
        removedBy: nullable(str()),
        reason: nullable(str()),
      }),
    ),
  }),
);
