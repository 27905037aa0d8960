import { APPLICATION_KINDS } from '#libs/approval';
import {
  arr,
  bool,
  commandAnswer,
  date,
  dateTime,
  dto,
  int,
  map,
  named,
  nullable,
  num,
  obj,
  oneOf,
  position,
  str,
  uuid,
} from '../http/openapi-schema.js';

// What the application, call, committee and annual-summary endpoints answer.

const STAGES = ['draft', 'submitted', 'in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn'];
const stage = oneOf(STAGES);
const kind = oneOf(APPLICATION_KINDS);
const grade = oneOf(['excellent', 'good', 'qualified', 'unqualified']);

export const ApplicationCommandAnswer = named(
  'ApplicationCommandAnswer',
  obj({ id: uuid(), stage, ...commandAnswer }, { description: 'The application after the command.' }),
);

export const CallCommandAnswer = named('CallCommandAnswer', obj({ id: uuid(), ...commandAnswer }));

const summary = {
  id: uuid(),
  kind,
  title: str(),
  stage,
  callId: str(),
  applicantId: str(),
  orgUnit: str(),
  fields: dto('ApplicationFieldsRecorded'),
  revision: int({ minimum: 0, description: 'How many times changes were requested.' }),
  reviewDueAt: nullable(dateTime()),
  revisionDueAt: nullable(dateTime()),
  reviewsSubmitted: int({ minimum: 0 }),
  decision: nullable(oneOf(['approve', 'reject'])),
  decisionRationale: nullable(str()),
  averageScore: nullable(num({ description: 'Mean of the reviews’ scores (平均分).' })),
  grade: nullable(grade),
  retired: bool({ description: 'A training project retired by its performance evaluation (已淘汰).' }),
  renewable: bool({ description: 'May run again without a new review (免评备案).' }),
  enrolled: int({ minimum: 0 }),
  completed: int({ minimum: 0 }),
  version: int({ minimum: 1 }),
  createdAt: dateTime(),
  submittedAt: nullable(dateTime()),
  updatedAt: dateTime(),
  policyVersion: nullable(
    str({ description: 'The policy version pinned at submission: its rubric, quorum and deadlines apply.' }),
  ),
  decidedAt: nullable(dateTime()),
  cycle: int({ minimum: 0, description: 'A training project’s current cycle (batch of trainees).' }),
  concluded: bool({ description: 'A training project whose last evaluation ended it (已结项).' }),
  retiredReason: nullable(str()),
  nextEvaluationDueAt: nullable(
    dateTime({ description: 'When the biennial performance evaluation of a running project is due.' }),
  ),
  renewals: arr(
    obj({
      cycle: int({ minimum: 1 }),
      grade,
      renewedAt: dateTime(),
      nextEvaluationDueAt: nullable(dateTime()),
    }),
    { description: 'Each renewal into a next cycle without a new review (免评备案).' },
  ),
};

export const ApplicationSummary = named('ApplicationSummary', obj(summary));

export const ApplicationList = named('ApplicationList', obj({ items: arr(ApplicationSummary) }));

const Review = named(
  'Review',
  obj(
    {
      reviewerId: str({ description: 'Shown to the committee and to reviewers, never to the applicant.' }),
      reviewer: str({ pattern: '^#\\d+$', description: 'The applicant sees “#1”, “#2” … (blind review).' }),
      revision: int({ minimum: 0 }),
      scores: map(num({ minimum: 0, maximum: 100 }), { description: 'One score per rubric dimension.' }),
      total: num({ description: 'The review’s score: the mean of its dimensions (综合得分).' }),
      comments: str(),
      rubricVersion: str(),
      submittedAt: dateTime(),
      counted: bool({
        description:
          'Whether it counts toward the quorum and the average (not once its reviewer was removed).',
      }),
    },
    { optional: ['reviewerId', 'reviewer', 'counted'] },
  ),
);

const ReviewAssignment = named(
  'ReviewAssignment',
  obj({
    reviewerId: str(),
    dueAt: dateTime(),
    conflicts: arr(oneOf(['same_school', 'mentor_or_mentee', 'same_studio', 'own_application'])),
    overrideReason: nullable(str()),
    submittedRevision: nullable(int()),
  }),
);

const TimelineEntry = named(
  'TimelineEntry',
  obj({
    version: int({ minimum: 1 }),
    type: str({ description: 'The event type (GLOSSARY.md §11 labels them).' }),
    at: dateTime(),
    actor: nullable(
      obj(
        { id: str(), name: nullable(str()), role: str() },
        { description: 'Null where the applicant may not know who (a reviewer).' },
      ),
    ),
    role: str(),
    correlationId: str(),
    causationId: nullable(
      str({ description: 'Null where it would name a reviewer the reader may not know.' }),
    ),
  }),
);

export const ApplicationDetail = named(
  'ApplicationDetail',
  obj(
    {
      ...summary,
      projectStatus: nullable(
        oneOf(['running', 'retired', 'concluded'], {
          description: 'Where an approved training project stands after its evaluations.',
        }),
      ),
      viewerAccess: oneOf(['applicant', 'reviewer', 'committee'], {
        description: 'What the caller reads it as.',
      }),
      reviews: arr(Review, {
        description:
          'The committee sees every review; a reviewer the others of a revision once theirs is in; the ' +
          'applicant all of them, unsigned, once decided.',
      }),
      assignments: arr(ReviewAssignment, { description: 'The committee only.' }),
      myAssignment: nullable(
        obj(
          { dueAt: dateTime(), submittedRevision: nullable(int()) },
          { description: 'A reviewer only: their own assignment, with its deadline.' },
        ),
      ),
      removals: arr(
        obj({
          reviewerId: str(),
          revision: int({ minimum: 0 }),
          reason: str(),
          grounds: arr(oneOf(['overdue', 'conflict_of_interest'])),
          conflicts: arr(str()),
          reviewDiscarded: bool(),
          removedAt: dateTime(),
        }),
        {
          description:
            'The committee only: reviewers the chair removed, why, and whether their review was dropped.',
        },
      ),
      timeline: arr(TimelineEntry),
    },
    { optional: ['assignments', 'myAssignment', 'removals'] },
  ),
);

export const ReviewQueue = named(
  'ReviewQueue',
  obj({
    items: arr(
      obj({
        id: uuid(),
        title: str(),
        kind,
        stage,
        dueAt: dateTime(),
        assignedAt: dateTime(),
        submitted: bool({ description: 'Your review of the current revision is in.' }),
        overdue: bool(),
      }),
    ),
    nextCursor: nullable(
      str({ description: 'Send it as `cursor` for the next page; null when this page is the last.' }),
    ),
  }),
);

export const Board = named(
  'Board',
  obj({
    counts: map(int({ minimum: 0 }), { description: 'Applications per stage (drafts are never shown).' }),
    items: arr(
      obj({
        id: uuid(),
        kind,
        title: str(),
        stage,
        orgUnit: str(),
        applicantId: str(),
        reviewsSubmitted: int({ minimum: 0 }),
        reviewDueAt: nullable(dateTime()),
        revisionDueAt: nullable(dateTime()),
        overdue: nullable(bool()),
        updatedAt: dateTime(),
      }),
    ),
  }),
);

export const CallList = named(
  'CallList',
  obj({
    items: arr(
      obj({
        id: uuid(),
        kind,
        orgUnit: str(),
        title: str(),
        opensAt: dateTime(),
        closesAt: dateTime(),
        closed: bool(),
      }),
    ),
  }),
);

export const AnnualSummarySubmitted = named(
  'AnnualSummarySubmitted',
  obj({
    orgUnit: uuid(),
    year: int(),
    submittedAt: nullable(dateTime()),
    events: arr(str()),
    position: nullable(position()),
  }),
);

export const AnnualSummaryList = named(
  'AnnualSummaryList',
  obj({
    orgUnit: uuid(),
    items: arr(
      obj({
        year: int(),
        dueAt: dateTime({ description: 'The end of the following February, Beijing time.' }),
        submitted: bool(),
        submittedAt: nullable(dateTime()),
        submittedBy: nullable(str()),
        late: bool(),
        overdue: bool(),
        summary: nullable(str()),
        documents: arr(str()),
      }),
    ),
  }),
);

// ---- the chair's "assign reviewers" page and the teachers' training-project list ----

const CONFLICTS = ['same_school', 'mentor_or_mentee', 'same_studio', 'own_application'];
const TIERS = ['new', 'young', 'backbone', 'leader', 'master'];

export const ReviewerCandidates = named(
  'ReviewerCandidates',
  obj({
    applicationId: uuid(),
    revision: int({ minimum: 0, description: 'The revision reviewers are assigned to.' }),
    quorum: int({ minimum: 1, description: 'Reviews the decision needs under the pinned policy.' }),
    items: arr(
      obj({
        id: str({ description: 'User id.' }),
        displayName: str(),
        school: nullable(str({ description: 'The reviewer’s school (name).' })),
        subject: nullable(str({ description: 'The subject of the studio the reviewer leads, if any.' })),
        tier: nullable(oneOf(TIERS)),
        openReviews: int({
          minimum: 0,
          description: 'Reviews assigned to them in applications in review, not yet submitted.',
        }),
        assigned: bool({ description: 'Already assigned to the current revision.' }),
        removed: bool({
          description: 'Removed from the current revision by the chair: not assignable again.',
        }),
        conflicts: arr(oneOf(CONFLICTS), {
          description:
            'Conflicts of interest the assignment would raise (DOMAIN.md 利益回避), computed as the ' +
            'assignment does: a conflicted reviewer needs an overrideReason; own_application never passes.',
        }),
      }),
    ),
  }),
);

export const TrainingProjects = named(
  'TrainingProjects',
  obj({
    items: arr(
      obj({
        id: uuid({ description: 'The application id.' }),
        title: str(),
        level: oneOf(['province', 'city', 'district', 'school']),
        targetTier: oneOf(TIERS),
        subject: str(),
        hours: num({ description: 'Training hours (学时) a completion grants.' }),
        startsOn: date(),
        endsOn: date(),
        capacity: int({ minimum: 1 }),
        enrolled: int({ minimum: 0, description: 'Trainees enrolled in the current cycle.' }),
        cycle: int({ minimum: 1, description: 'The project cycle (a renewal starts the next one).' }),
        orgUnit: str({ description: 'The org unit of the call it was approved under: its reach.' }),
        enrolledByMe: bool(),
        ownProject: bool({ description: 'The caller owns it (owners do not enrol).' }),
        full: bool({ description: 'No place left.' }),
      }),
    ),
  }),
);
