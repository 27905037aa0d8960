import {
  forbidden,
  notFound,
  refuse,
  type CommandMetadata,
  type DomainEvent,
  type StreamDecider,
} from '#libs/event-store';
import { gradeOf, LEVELS, TIERS, type Grade, type Level, type Policy, type Tier } from '#libs/policy';
import { assertMayApplyForPromotion, eligibilityFor } from '../eligibility/eligibility.js';
import {
  addYears,
  isSchoolYear,
  schoolYearBounds,
  schoolYearOf,
  semesterOf,
  shiftSchoolYear,
  startYearOf,
} from '../school-year.js';

// The state and its parts live in teacher.state.ts, so that eligibility.ts (which the decider calls)
// can read them without importing the decider back: no import cycles (lint:deps).
export * from './teacher.state.js';
import {
  GRADES,
  HOUR_KINDS,
  initialTeacherState,
  type HourKind,
  type HoursSource,
  type LedgerEntry,
  type RetrainingItem,
  type TeacherState,
  type TierSource,
} from './teacher.state.js';

/** The office levels that may revoke a title (DOMAIN.md "People and roles": a district or above). */
export const REVOKING_LEVELS: readonly Level[] = ['province', 'city', 'district'];

/**
 * DOMAIN.md "People and roles": teacher records are kept by the offices of the teacher's org unit or
 * above. `in` when the record's org unit (a new record's: the one it opens in) is the acting office's or
 * lies below it; the handler finds it in identity's directory. Absent for anyone not acting as an office.
 */
export interface TeacherCommandFacts {
  officeScope?: 'in' | 'out';
}

export type TeacherCommand = TeacherCommandFacts &
  /** Opens the record at the tier the teacher holds when registered or imported (source `seed`). */
  (
    | { type: 'OpenTeacherRecord'; teacherId: string; orgUnit: string; tier: Tier; policy: Policy }
    /** The entry id is the command id: ids arrive in the metadata, never from the decider. */
    | {
        type: 'GrantHours';
        hours: number;
        credits: number;
        level: Level;
        kind: HourKind;
        completedAt: string;
        source: HoursSource;
        score?: number;
        policy: Policy;
      }
    | { type: 'ReverseHours'; entryId: string; reason: string }
    /**
     * The teacher moved to another org unit (identity's `UserTransferred`, sent by a reactor): the record
     * follows them, so the offices of the new unit keep it from then on (DOMAIN.md "People and roles").
     */
    | { type: 'MoveTeacherRecord'; orgUnit: string }
    | { type: 'RecordEthicsAssessment'; schoolYear: string; result: 'pass' | 'fail'; policy: Policy }
    | { type: 'RecordAnnualAppraisal'; schoolYear: string; result: Grade }
    /** Carries the facts of a `MentorshipYearSignedOff` on the mentorship stream (a reactor sends it). */
    | {
        type: 'CreditMentorshipYear';
        mentorshipId: string;
        mentorId: string;
        schoolYears: number;
        signedOffAt: string;
        policy: Policy;
      }
    | {
        type: 'AwardTier';
        tier: Tier;
        source: Exclude<TierSource, { type: 'seed' }>;
        policy: Policy;
      }
    /**
     * After a failed end-of-term assessment (评估跟进, seed 000 §五(四)); `ref` names the assessment record.
     * `keeperLevel` is the level of the acting admin's org unit, looked up by the handler (null: unknown).
     */
    | {
        type: 'RevokeTier';
        reason: string;
        assessment: { ref: string; score: number };
        keeperLevel: Level | null;
        policy: Policy;
      }
  );

type GrantData = Omit<LedgerEntry, 'reversed'>;

export type TeacherEvent =
  | DomainEvent<'TeacherRecordOpened', { teacherId: string; orgUnit: string; openedAt: string }>
  /** The record's org unit changed with the teacher's; the earlier one stays in this event. */
  | DomainEvent<'TeacherRecordMoved', { fromOrgUnit: string; toOrgUnit: string; movedAt: string }>
  | DomainEvent<
      'TierAwarded',
      { tier: Tier; previousTier: Tier | null; source: TierSource; policyVersion: string; awardedAt: string }
    >
  | DomainEvent<
      'TierRevoked',
      {
        tier: Tier;
        toTier: Tier;
        reason: string;
        assessment: { ref: string; score: number; grade: Grade };
        policyVersion: string;
        revokedAt: string;
      }
    >
  | DomainEvent<'HoursGranted', GrantData>
  | DomainEvent<'RetrainingRequired', RetrainingItem & { recordedAt: string }>
  | DomainEvent<
      'HoursGrantReversed',
      Pick<LedgerEntry, 'entryId' | 'hours' | 'credits' | 'level' | 'kind' | 'schoolYear' | 'semester'> & {
        reason: string;
        reversedAt: string;
      }
    >
  | DomainEvent<
      'EthicsAssessed',
      {
        schoolYear: string;
        result: 'pass' | 'fail';
        /** On a fail: until when promotion applications are refused (seed 002 (一)3). */
        banEndsAt: string | null;
        policyVersion: string;
        assessedAt: string;
      }
    >
  | DomainEvent<
      'AnnualAppraisalCapped',
      { schoolYear: string; previous: Grade; result: 'unqualified'; reason: string }
    >
  | DomainEvent<'FlaggedForRemoval', { schoolYears: string[]; policyVersion: string; flaggedAt: string }>
  | DomainEvent<'AnnualAppraisalRecorded', { schoolYear: string; result: Grade; recordedAt: string }>
  | DomainEvent<
      'MentorshipYearCredited',
      { mentorshipId: string; mentorId: string; schoolYears: number; signedOffAt: string; creditedAt: string }
    >;

const MAX_HOURS = 1000;
const MAX_REASON = 2000;

// DOMAIN.md "People and roles": teacher records (hours, ethics assessments, appraisals) are kept by the
// admins of the teacher's org unit or above (the handler checks the unit) — never by a committee chair,
// whose powers are the committee's only; `system` is the actor of reactors that turn recorded facts (a
// completion, a sign-off, an approved promotion) into ledger entries and tiers. Nobody keeps their own
// record.
type Keeper = 'admin' | 'system';
function requireKeeper(s: TeacherState, meta: CommandMetadata, roles: Keeper[], what: string): void {
  if (!s.exists) throw notFound('teacher_not_found', 'this teacher has no record on the ladder');
  if (!(roles as string[]).includes(meta.actorRole)) {
    throw forbidden('office_only', `only ${roles.join(' or ')} may ${what}`, { roles });
  }
  if (meta.actorId === s.teacherId) {
    throw forbidden('own_record', `nobody may ${what} on their own record`);
  }
}

function requireText(text: unknown, what: string): string {
  if (typeof text !== 'string' || text.trim().length === 0 || text.length > MAX_REASON) {
    throw refuse('reason_required', `${what} must be 1–${MAX_REASON} characters`);
  }
  return text.trim();
}

function requirePastSchoolYear(schoolYear: string, now: Date): void {
  if (!isSchoolYear(schoolYear)) throw refuse('invalid_school_year', 'a school year is written 2026-2027');
  if (startYearOf(schoolYear) > startYearOf(schoolYearOf(now))) {
    throw refuse('school_year_in_future', `school year ${schoolYear} has not begun`);
  }
}

/** Consecutive failed school years around `schoolYear` (which has just failed), oldest first. */
function failRun(ethics: TeacherState['ethics'], schoolYear: string): string[] {
  const run = [schoolYear];
  for (let y = shiftSchoolYear(schoolYear, -1); ethics[y] === 'fail'; y = shiftSchoolYear(y, -1))
    run.unshift(y);
  for (let y = shiftSchoolYear(schoolYear, 1); ethics[y] === 'fail'; y = shiftSchoolYear(y, 1)) run.push(y);
  return run;
}

const sameSource = (a: HoursSource, b: HoursSource) => a.type === b.type && a.id === b.id;
const sourceKey = (x: TierSource) =>
  x.type === 'promotion'
    ? `promotion:${x.applicationId}`
    : x.type === 'mentorship_signoff'
      ? `mentorship:${x.mentorshipId}`
      : 'seed';

export const teacherDecider: StreamDecider<TeacherCommand, TeacherEvent, TeacherState> = {
  category: 'teacher',
  initialState: initialTeacherState,

  evolve(s, e) {
    switch (e.type) {
      case 'TeacherRecordOpened':
        return { ...s, exists: true, teacherId: e.data.teacherId, orgUnit: e.data.orgUnit };
      case 'TeacherRecordMoved':
        return { ...s, orgUnit: e.data.toOrgUnit };
      case 'TierAwarded':
        return {
          ...s,
          tier: e.data.tier,
          tierHistory: [
            ...s.tierHistory,
            {
              change: 'awarded',
              tier: e.data.tier,
              at: e.data.awardedAt,
              policyVersion: e.data.policyVersion,
              source: e.data.source,
              reason: null,
            },
          ],
        };
      case 'TierRevoked':
        return {
          ...s,
          tier: e.data.toTier,
          tierHistory: [
            ...s.tierHistory,
            {
              change: 'revoked',
              tier: e.data.tier,
              at: e.data.revokedAt,
              policyVersion: e.data.policyVersion,
              source: null,
              reason: e.data.reason,
            },
          ],
          revokedAssessments: [...s.revokedAssessments, e.data.assessment.ref],
        };
      case 'HoursGranted': {
        // seed 003 §六4: a later qualified completion of the same kind ends the retraining it answers.
        const g = e.data;
        const completion = g.source.type === 'training_project' && g.score !== null;
        const retraining = (s.retraining ?? []).filter(
          (r) => !(completion && r.kind === g.kind && r.completedAt < g.completedAt),
        );
        return { ...s, ledger: [...s.ledger, { ...g, reversed: false }], retraining };
      }
      case 'RetrainingRequired': {
        const { recordedAt: _at, ...item } = e.data;
        return { ...s, retraining: [...(s.retraining ?? []), item] };
      }
      case 'HoursGrantReversed':
        return {
          ...s,
          ledger: s.ledger.map((x) => (x.entryId === e.data.entryId ? { ...x, reversed: true } : x)),
        };
      case 'EthicsAssessed': {
        const ban = e.data.banEndsAt;
        const longer = ban !== null && (s.banEndsAt === null || ban > s.banEndsAt);
        return {
          ...s,
          ethics: { ...s.ethics, [e.data.schoolYear]: e.data.result },
          banEndsAt: longer ? ban : s.banEndsAt,
          banSchoolYear: longer ? e.data.schoolYear : (s.banSchoolYear ?? null),
        };
      }
      case 'AnnualAppraisalCapped':
        return { ...s, appraisals: { ...s.appraisals, [e.data.schoolYear]: e.data.result } };
      case 'FlaggedForRemoval':
        return { ...s, flaggedForRemoval: true };
      case 'AnnualAppraisalRecorded':
        return { ...s, appraisals: { ...s.appraisals, [e.data.schoolYear]: e.data.result } };
      case 'MentorshipYearCredited':
        return {
          ...s,
          mentorships: [
            ...s.mentorships,
            {
              mentorshipId: e.data.mentorshipId,
              mentorId: e.data.mentorId,
              schoolYears: e.data.schoolYears,
              signedOffAt: e.data.signedOffAt,
            },
          ],
        };
    }
  },

  decide(c, s, meta) {
    const now = meta.now.toISOString();
    // DOMAIN.md "People and roles": an office keeps the records of its org unit and below only.
    if ((meta.actorRole === 'admin' || meta.actorRole === 'chair') && c.officeScope === 'out')
      throw forbidden('outside_scope', 'this teacher belongs to an org unit outside yours');
    switch (c.type) {
      case 'OpenTeacherRecord': {
        if (meta.actorRole !== 'admin' && meta.actorRole !== 'system') {
          throw forbidden('office_only', 'only admin or system may open a teacher record');
        }
        if (s.exists) throw refuse('teacher_exists', 'this teacher already has a record');
        if (!TIERS.includes(c.tier)) throw refuse('unknown_tier', `tier must be one of ${TIERS.join(', ')}`);
        return [
          {
            type: 'TeacherRecordOpened',
            data: { teacherId: c.teacherId, orgUnit: c.orgUnit, openedAt: now },
          },
          {
            type: 'TierAwarded',
            data: {
              tier: c.tier,
              previousTier: null,
              source: { type: 'seed' },
              policyVersion: c.policy.version,
              awardedAt: now,
            },
          },
        ];
      }

      case 'GrantHours': {
        requireKeeper(s, meta, ['admin', 'system'], 'grant hours');
        // DOMAIN.md "Hours and credits": granted only for a completed approved project or recognised
        // activity, and each grant names it and its approving record.
        const src = c.source;
        if (
          !src ||
          (src.type !== 'training_project' && src.type !== 'activity') ||
          !src.id?.trim() ||
          !src.approvingRecord?.trim()
        ) {
          throw refuse(
            'source_required',
            'a grant names its training project or activity and the approving record',
          );
        }
        if (!(Number.isFinite(c.hours) && c.hours > 0 && c.hours <= MAX_HOURS)) {
          throw refuse('invalid_hours', `hours must be more than 0 and at most ${MAX_HOURS}`);
        }
        if (!(Number.isFinite(c.credits) && c.credits >= 0 && c.credits <= MAX_HOURS)) {
          throw refuse('invalid_credits', `credits must be between 0 and ${MAX_HOURS}`);
        }
        if (!LEVELS.includes(c.level))
          throw refuse('invalid_level', `level must be one of ${LEVELS.join(', ')}`);
        if (!HOUR_KINDS.includes(c.kind))
          throw refuse('invalid_kind', `kind must be one of ${HOUR_KINDS.join(', ')}`);
        const completed = Date.parse(c.completedAt);
        if (!Number.isFinite(completed) || completed > meta.now.getTime()) {
          throw refuse('invalid_completion_date', 'hours are granted for a completion that has happened');
        }
        const completedAt = new Date(completed).toISOString();
        const score = c.score ?? null;
        if (score !== null) {
          if (!(Number.isFinite(score) && score >= 0 && score <= 100)) {
            throw refuse('score_out_of_range', 'scores are 0–100 (seed 003 §七(二))');
          }
          // seed 003 §六4 检测不合格者重新培训: an unqualified result (below 60, seed 003 §七(二)) earns no
          // hours; the record says the teacher retrains, until a later qualified completion of the kind.
          const grade = gradeOf(score, c.policy.gradeThresholds);
          if (grade === 'unqualified') {
            if ((s.retraining ?? []).some((r) => sameSource(r.source, src))) return []; // redelivered
            return [
              {
                type: 'RetrainingRequired',
                data: {
                  source: { type: src.type, id: src.id, approvingRecord: src.approvingRecord },
                  kind: c.kind,
                  level: c.level,
                  score,
                  grade,
                  completedAt,
                  policyVersion: c.policy.version,
                  recordedAt: now,
                },
              },
            ];
          }
        }
        // One live grant per source: a redelivered grant is a no-op; a different one is refused, since
        // a mistake is corrected by reversing the entry first (append-only ledger).
        const live = s.ledger.find((x) => !x.reversed && sameSource(x.source, src));
        if (live) {
          const same =
            live.hours === c.hours &&
            live.credits === c.credits &&
            live.level === c.level &&
            live.kind === c.kind &&
            live.completedAt === completedAt &&
            live.score === (c.score ?? null);
          if (same) return [];
          throw refuse(
            'source_already_granted',
            `${src.type} ${src.id} is already granted as entry ${live.entryId}; reverse it before granting again`,
            { entryId: live.entryId },
          );
        }
        return [
          {
            type: 'HoursGranted',
            data: {
              entryId: meta.commandId,
              hours: c.hours,
              credits: c.credits,
              level: c.level,
              kind: c.kind,
              // The hours count for the school year and semester of the completion, not of the grant.
              schoolYear: schoolYearOf(completedAt),
              semester: semesterOf(completedAt),
              completedAt,
              source: { type: src.type, id: src.id, approvingRecord: src.approvingRecord },
              score,
              policyVersion: c.policy.version,
              grantedAt: now,
            },
          },
        ];
      }

      case 'ReverseHours': {
        requireKeeper(s, meta, ['admin', 'system'], 'reverse hours');
        const reason = requireText(c.reason, 'the reason for a reversal');
        const entry = s.ledger.find((x) => x.entryId === c.entryId);
        if (!entry) throw notFound('entry_not_found', `no ledger entry ${c.entryId}`);
        if (entry.reversed) throw refuse('already_reversed', `entry ${c.entryId} is already reversed`);
        const { entryId, hours, credits, level, kind, schoolYear, semester } = entry;
        return [
          {
            type: 'HoursGrantReversed',
            data: { entryId, hours, credits, level, kind, schoolYear, semester, reason, reversedAt: now },
          },
        ];
      }

      case 'RecordEthicsAssessment': {
        requireKeeper(s, meta, ['admin'], 'record an ethics assessment');
        requirePastSchoolYear(c.schoolYear, meta.now);
        if (c.result !== 'pass' && c.result !== 'fail')
          throw refuse('invalid_result', 'ethics is pass or fail');
        // DOMAIN.md "Ethics assessment": recorded once a year per teacher.
        if (s.ethics[c.schoolYear]) {
          throw refuse('ethics_already_assessed', `ethics for ${c.schoolYear} is already recorded`, {
            result: s.ethics[c.schoolYear],
          });
        }
        const ethics = c.policy.ladder.ethics;
        const fail = c.result === 'fail';
        const events: TeacherEvent[] = [
          {
            type: 'EthicsAssessed',
            data: {
              schoolYear: c.schoolYear,
              result: c.result,
              // seed 002 (一)3 当年…两年内: the two years run from the end of the school year assessed,
              // not from the day it is recorded — a late record for an old year bans what is left of them.
              banEndsAt: fail ? addYears(schoolYearBounds(c.schoolYear).endsAt, ethics.banYears) : null,
              policyVersion: c.policy.version,
              assessedAt: now,
            },
          },
        ];
        if (!fail) return events;
        // seed 002 (一)3: that year's appraisal cannot be qualified or better — one already recorded is capped.
        const appraisal = s.appraisals[c.schoolYear];
        if (appraisal && appraisal !== 'unqualified') {
          events.push({
            type: 'AnnualAppraisalCapped',
            data: {
              schoolYear: c.schoolYear,
              previous: appraisal,
              result: 'unqualified',
              reason: 'ethics assessment failed (一票否决, seed 002 (一)3)',
            },
          });
        }
        // seed 002 (一)3: consecutive fails (default two) flag the teacher for removal from teaching posts.
        const run = failRun(s.ethics, c.schoolYear);
        if (run.length >= ethics.consecutiveFailsForRemoval && !s.flaggedForRemoval) {
          events.push({
            type: 'FlaggedForRemoval',
            data: { schoolYears: run, policyVersion: c.policy.version, flaggedAt: now },
          });
        }
        return events;
      }

      case 'RecordAnnualAppraisal': {
        requireKeeper(s, meta, ['admin'], 'record an annual appraisal');
        requirePastSchoolYear(c.schoolYear, meta.now);
        if (!GRADES.includes(c.result))
          throw refuse('invalid_result', `result must be one of ${GRADES.join(', ')}`);
        if (s.appraisals[c.schoolYear]) {
          throw refuse('appraisal_exists', `the ${c.schoolYear} appraisal is already recorded`);
        }
        // seed 002 (一)3: after an ethics fail, that year's appraisal cannot be qualified or better.
        if (s.ethics[c.schoolYear] === 'fail' && c.result !== 'unqualified') {
          throw refuse(
            'appraisal_capped_by_ethics',
            `ethics failed in ${c.schoolYear}: that year's appraisal can only be unqualified`,
            { schoolYear: c.schoolYear },
          );
        }
        return [
          {
            type: 'AnnualAppraisalRecorded',
            data: { schoolYear: c.schoolYear, result: c.result, recordedAt: now },
          },
        ];
      }

      case 'CreditMentorshipYear': {
        requireKeeper(s, meta, ['admin', 'system'], 'credit a mentorship');
        if (c.mentorId === s.teacherId) throw refuse('self_mentorship', 'a teacher cannot mentor themself');
        if (s.mentorships.some((m) => m.mentorshipId === c.mentorshipId)) return []; // redelivered
        if (!(Number.isInteger(c.schoolYears) && c.schoolYears >= 1)) {
          throw refuse('invalid_school_years', 'a sign-off covers at least one whole school year');
        }
        const credited: TeacherEvent = {
          type: 'MentorshipYearCredited',
          data: {
            mentorshipId: c.mentorshipId,
            mentorId: c.mentorId,
            schoolYears: c.schoolYears,
            signedOffAt: c.signedOffAt,
            creditedAt: now,
          },
        };
        // seed 002 (三)4: the signed-off year is what 青年教师 asks for, and no committee selects for it —
        // when the rest of the record already qualifies, the sign-off moves the teacher up.
        const after = teacherDecider.evolve(s, credited);
        const e = eligibilityFor(after, c.policy, meta.now);
        const rule = e.nextTier ? c.policy.ladder.tiers[e.nextTier] : null;
        if (!e.eligible || !rule?.mentorshipSignOff || rule.committeeSelection) return [credited];
        return [
          credited,
          {
            type: 'TierAwarded',
            data: {
              tier: e.nextTier!,
              previousTier: s.tier,
              source: { type: 'mentorship_signoff', mentorshipId: c.mentorshipId },
              policyVersion: c.policy.version,
              awardedAt: now,
            },
          },
        ];
      }

      case 'AwardTier': {
        requireKeeper(s, meta, ['admin', 'system'], 'award a tier');
        const src = c.source;
        const already = s.tierHistory.some(
          (h) => h.source !== null && sourceKey(h.source) === sourceKey(src),
        );
        if (already) return []; // the same approval or sign-off delivered twice
        if (src.type === 'mentorship_signoff') {
          // DOMAIN.md ladder table: tiers chosen by a committee are awarded only through an approved application.
          if (c.policy.ladder.tiers[c.tier]?.committeeSelection) {
            throw refuse(
              'committee_required',
              `${c.tier} is awarded on an approved tier_promotion application`,
            );
          }
          if (!s.mentorships.some((m) => m.mentorshipId === src.mentorshipId)) {
            throw refuse(
              'mentorship_not_credited',
              `mentorship ${src.mentorshipId} has no sign-off on this record`,
            );
          }
        }
        // Every record requirement (next tier, hours, mentorship, no ethics ban) holds at the award too.
        assertMayApplyForPromotion(s, c.tier, c.policy, meta.now);
        return [
          {
            type: 'TierAwarded',
            data: {
              tier: c.tier,
              previousTier: s.tier,
              source: src,
              policyVersion: c.policy.version,
              awardedAt: now,
            },
          },
        ];
      }

      case 'MoveTeacherRecord': {
        // Only the system moves a record, following a transfer identity recorded (with its admin's scope
        // checked there); a user without a record on the ladder (not a teacher) has nothing to move.
        if (meta.actorRole !== 'system') throw forbidden('system_only', 'only the system moves a record');
        if (!s.exists || s.orgUnit === c.orgUnit) return [];
        return [
          {
            type: 'TeacherRecordMoved',
            data: { fromOrgUnit: s.orgUnit!, toOrgUnit: c.orgUnit, movedAt: now },
          },
        ];
      }

      case 'RevokeTier': {
        requireKeeper(s, meta, ['admin'], 'revoke a tier');
        // DOMAIN.md "People and roles": revoking a tier takes an admin of a district or above.
        if (!c.keeperLevel || !REVOKING_LEVELS.includes(c.keeperLevel)) {
          throw forbidden(
            'revocation_needs_district',
            `revoking a tier takes an admin of a district or above; yours is ${c.keeperLevel ?? 'unknown'}`,
            { keeperLevel: c.keeperLevel, levels: REVOKING_LEVELS },
          );
        }
        const reason = requireText(c.reason, 'the reason for a revocation');
        if (s.revokedAssessments.includes(c.assessment.ref)) return [];
        const score = c.assessment.score;
        if (!(Number.isFinite(score) && score >= 0 && score <= 100)) {
          throw refuse('score_out_of_range', 'scores are 0–100 (seed 003 §七(二))');
        }
        // seed 000 §五(四) 评估跟进: only a failed end-of-term assessment (below the qualified threshold,
        // seed 003 §七(二)) can revoke a title.
        const grade = gradeOf(score, c.policy.gradeThresholds);
        if (grade !== 'unqualified') {
          throw refuse(
            'assessment_not_failed',
            `an assessment of ${score} (${grade}) does not revoke a title`,
            {
              score,
              grade,
              policyVersion: c.policy.version,
            },
          );
        }
        const index = s.tier ? TIERS.indexOf(s.tier) : -1;
        if (index < 1) throw refuse('first_tier', 'the first tier has no title to revoke');
        return [
          {
            type: 'TierRevoked',
            data: {
              tier: s.tier!,
              toTier: TIERS[index - 1]!,
              reason,
              assessment: { ref: c.assessment.ref, score, grade },
              policyVersion: c.policy.version,
              revokedAt: now,
            },
          },
        ];
      }
    }
  },
};
