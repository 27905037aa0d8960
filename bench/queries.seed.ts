import { randomUUID } from 'node:crypto';
import { applicationDecider, type ApplicationCommand, type ApplicationState } from '#libs/approval';
import type { CommandMetadata, DomainEvent, EventStore, NewEvent } from '#libs/event-store';
import { teacherDecider, type TeacherCommand, type TeacherState } from '#libs/ladder';
import { DEFAULT_POLICY, TIERS, type Tier } from '#libs/policy';

/** Submissions carry the ladder's eligibility and the policy they are pinned to (all kinds here qualify). */
const ELIGIBLE = {
  eligibility: { eligible: true as const, policyVersion: DEFAULT_POLICY.version },
  policy: DEFAULT_POLICY,
};

/**
 * The Q1 data set: teachers with years of ladder history and applications at every stage, each event
 * decided by the product's own deciders (a refused command is skipped, as the product would refuse it),
 * appended straight to the event store one stream per append by a few concurrent writers. What the
 * reactors would have added is in the log already (hours for completed training are granted on the
 * teachers' streams), so the reactors need not replay it.
 */
export interface SeedPlan {
  teachers: number;
  applications: number;
  /** Total events wanted; the teachers' histories are sized to reach it. */
  events: number;
  schools: string[];
  /** Org unit of calls (the city). */
  city: string;
  admin: { id: string; orgUnit: string };
  chair: { id: string };
  /** Reviewers who can sign in (the demo region's), mixed into the seed's pool of reviewer ids. */
  demoReviewers: string[];
}

export interface SeedResult {
  events: number;
  refused: number;
  reviewers: string[];
  teacherIds: string[];
  seconds: number;
}

const DAY = 86_400_000;
const KINDS = ['training_project', 'tier_promotion', 'studio', 'school_plan'] as const;
const SUBJECTS = ['语文', '数学', '英语', '物理', '化学', '生物', '历史', '地理', '音乐', '美术'];

/** A small deterministic generator, so two runs seed the same shape. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

type Decider<C, E, S> = {
  initialState: S;
  decide(c: C, s: S, meta: CommandMetadata): readonly DomainEvent[];
  evolve(s: S, e: E): S;
};

/** Folds commands through a decider into the events of one stream, as the command path would. */
class StreamBuilder<C, E, S> {
  state: S;
  readonly events: NewEvent[] = [];
  refused = 0;
  constructor(private readonly decider: Decider<C, E, S>) {
    this.state = decider.initialState;
  }
  run(command: C, meta: CommandMetadata): boolean {
    let produced: readonly DomainEvent[];
    try {
      produced = this.decider.decide(command, this.state, meta);
    } catch {
      this.refused++;
      return false;
    }
    for (const e of produced) {
      this.state = this.decider.evolve(this.state, e as E);
      this.events.push({
        id: randomUUID(),
        type: e.type,
        schemaVersion: 1,
        data: e.data,
        metadata: {
          actorId: meta.actorId,
          actorRole: meta.actorRole,
          orgUnit: meta.orgUnit,
          correlationId: meta.correlationId,
          causationId: meta.commandId,
          commandId: meta.commandId,
          recordedAt: meta.now.toISOString(),
        },
      });
    }
    return true;
  }
}

const meta = (actorId: string, actorRole: string, orgUnit: string, now: Date): CommandMetadata => {
  const id = randomUUID();
  return { commandId: id, actorId, actorRole, orgUnit, correlationId: id, now };
};

const schoolYear = (startYear: number) => `${startYear}-${startYear + 1}`;

/** One teacher's record: opened at a tier, then per school year hours, an ethics result, an appraisal. */
function teacherStream(
  id: string,
  school: string,
  years: number,
  grantsPerYear: number,
  plan: SeedPlan,
  r: () => number,
): StreamBuilder<TeacherCommand, never, TeacherState> {
  const b = new StreamBuilder<TeacherCommand, never, TeacherState>(
    teacherDecider as unknown as Decider<TeacherCommand, never, TeacherState>,
  );
  const thisYear = 2026;
  const first = thisYear - years;
  const tier: Tier = TIERS[Math.min(TIERS.length - 1, Math.floor(r() * r() * TIERS.length))]!;
  b.run(
    { type: 'OpenTeacherRecord', teacherId: id, orgUnit: school, tier, policy: DEFAULT_POLICY },
    meta('system', 'system', school, new Date(Date.UTC(first, 8, 1))),
  );
  for (let y = first; y < thisYear; y++) {
    for (let g = 0; g < grantsPerYear; g++) {
      const completed = new Date(Date.UTC(y, 8 + Math.floor((g * 10) / grantsPerYear), 5 + (g % 20)));
      const training = r() < 0.7;
      b.run(
        {
          type: 'GrantHours',
          hours: [4, 8, 12, 16, 24][Math.floor(r() * 5)]!,
          credits: [0.5, 1, 1.5, 2][Math.floor(r() * 4)]!,
          level: (['school', 'district', 'city', 'province'] as const)[Math.floor(r() * r() * 4)]!,
          kind: training ? 'training' : r() < 0.5 ? 'activity' : 'ethics_study',
          completedAt: completed.toISOString(),
          source: training
            ? { type: 'training_project', id: randomUUID(), approvingRecord: `approval-${y}-${g}` }
            : { type: 'activity', id: `activity-${y}-${g}`, approvingRecord: `record-${y}-${g}` },
          ...(training && r() < 0.5 ? { score: 60 + Math.floor(r() * 40) } : {}),
          policy: DEFAULT_POLICY,
        },
        meta('system', 'system', school, new Date(completed.getTime() + DAY)),
      );
    }
    const yearEnd = new Date(Date.UTC(y + 1, 6, 20));
    b.run(
      {
        type: 'RecordEthicsAssessment',
        schoolYear: schoolYear(y),
        result: r() < 0.01 ? 'fail' : 'pass',
        policy: DEFAULT_POLICY,
      },
      meta(plan.admin.id, 'admin', plan.admin.orgUnit, yearEnd),
    );
    b.run(
      {
        type: 'RecordAnnualAppraisal',
        schoolYear: schoolYear(y),
        result: (['excellent', 'good', 'good', 'qualified', 'qualified', 'unqualified'] as const)[
          Math.floor(r() * r() * 6)
        ]!,
      },
      meta(plan.admin.id, 'admin', plan.admin.orgUnit, new Date(yearEnd.getTime() + DAY)),
    );
  }
  return b;
}

/** The stage an application reaches, by share: most are decided, some under review, a few elsewhere. */
const STAGES: [string, number][] = [
  ['draft', 0.05],
  ['submitted', 0.05],
  ['in_review', 0.15],
  ['changes_requested', 0.05],
  ['withdrawn', 0.05],
  ['rejected', 0.15],
  ['approved', 0.5],
];

function applicationStream(
  applicant: string,
  school: string,
  reviewers: string[],
  teacherIds: string[],
  plan: SeedPlan,
  r: () => number,
): StreamBuilder<ApplicationCommand, never, ApplicationState> {
  const b = new StreamBuilder<ApplicationCommand, never, ApplicationState>(
    applicationDecider as unknown as Decider<ApplicationCommand, never, ApplicationState>,
  );
  const kind = KINDS[Math.floor(r() * KINDS.length)]!;
  let pick = r();
  const stage = STAGES.find(([, share]) => (pick -= share) < 0)?.[0] ?? 'approved';
  // Recent applications are still open; decided ones spread over the last three years.
  const open = ['draft', 'submitted', 'in_review', 'changes_requested'].includes(stage);
  let t = Date.now() - (open ? 3 + r() * 20 : 30 + r() * 1000) * DAY;
  const at = (days: number) => new Date((t += days * DAY));
  const subject = SUBJECTS[Math.floor(r() * SUBJECTS.length)]!;
  const call = {
    id: `call-${kind}-${new Date(t).getUTCFullYear()}`,
    kind,
    orgUnit: plan.city,
    opensAt: new Date(t - 60 * DAY).toISOString(),
    closesAt: new Date(t + 60 * DAY).toISOString(),
    closed: false,
  };
  const fields =
    kind === 'training_project'
      ? {
          kind,
          level: 'city' as const,
          targetTier: 'young' as const,
          subject,
          hours: 24,
          capacity: 40,
          budget: 20000,
          startsOn: new Date(t + 30 * DAY).toISOString().slice(0, 10),
          endsOn: new Date(t + 90 * DAY).toISOString().slice(0, 10),
        }
      : kind === 'tier_promotion'
        ? { kind, targetTier: 'backbone' as const, evidence: ['公开课获奖证书', '论文发表'] }
        : kind === 'studio'
          ? { kind, name: `${subject}名师工作室`, subject, plan: '三年建设规划：课题研究与青年教师培养' }
          : { kind, schoolYear: '2026-2027', summary: '课堂观察与同课异构，每月一次教研活动' };
  const teacher = (d: number) => meta(applicant, 'teacher', school, at(d));
  const chair = (d: number) => meta(plan.chair.id, 'chair', plan.city, at(d));
  b.run({ type: 'DraftApplication', title: `${subject} ${kind} 申报`, fields, call }, teacher(0));
  if (stage === 'draft') return b;
  b.run({ type: 'SubmitApplication', call, ...ELIGIBLE }, teacher(1 + r() * 3));
  if (stage === 'submitted') return b;
  if (stage === 'withdrawn' && r() < 0.5) {
    b.run({ type: 'WithdrawApplication', reason: '本学期工作安排冲突' }, teacher(1));
    return b;
  }
  const panel = new Set<string>();
  while (panel.size < 3) panel.add(reviewers[Math.floor(r() * reviewers.length)]!);
  b.run(
    {
      type: 'AssignReviewers',
      reviewers: [...panel].map((reviewerId) => ({ reviewerId, conflicts: [] })),
      policy: DEFAULT_POLICY,
    },
    chair(1),
  );
  const review = (reviewerId: string) =>
    b.run(
      {
        type: 'SubmitReview',
        scores: Object.fromEntries(
          DEFAULT_POLICY.rubric.dimensions.map((d) => [d.key, 60 + Math.floor(r() * 40)]),
        ),
        comments: '方案可行，建议细化评价指标',
        policy: DEFAULT_POLICY,
      },
      meta(reviewerId, 'reviewer', plan.city, at(1 + r() * 5)),
    );
  const reviewed = stage === 'in_review' ? Math.floor(r() * 3) : 3;
  for (const reviewerId of [...panel].slice(0, reviewed)) review(reviewerId);
  if (stage === 'in_review') return b;
  if (stage === 'withdrawn') {
    b.run({ type: 'WithdrawApplication', reason: '调动到外区' }, teacher(1));
    return b;
  }
  if (stage === 'changes_requested') {
    b.run({ type: 'RequestChanges', reason: '请补充经费预算明细', policy: DEFAULT_POLICY }, chair(1));
    return b;
  }
  b.run(
    {
      type: 'DecideApplication',
      decision: stage === 'approved' ? 'approve' : 'reject',
      rationale: stage === 'approved' ? '评审通过，同意立项' : '评审未达标',
      documentsSeen: [],
      policy: DEFAULT_POLICY,
    },
    chair(2),
  );
  if (stage === 'approved' && kind === 'training_project') {
    const trainees = Array.from({ length: 6 }, () => teacherIds[Math.floor(r() * teacherIds.length)]!);
    for (const teacherId of new Set(trainees)) {
      if (teacherId === applicant) continue;
      if (b.run({ type: 'EnrolTrainee', teacherId }, chair(1)))
        b.run(
          { type: 'RecordCompletion', teacherId, hours: 24, score: 80, policy: DEFAULT_POLICY },
          chair(60),
        );
    }
  }
  return b;
}

export async function seedQueries(store: EventStore, plan: SeedPlan, writers = 6): Promise<SeedResult> {
  const started = Date.now();
  const r = rng(20261123);
  const teacherIds = Array.from({ length: plan.teachers }, (_, i) => `bt-${i}`);
  const reviewers = [
    ...plan.demoReviewers,
    ...Array.from(
      { length: Math.max(20, Math.floor(plan.teachers / 50)) - plan.demoReviewers.length },
      (_, i) => `br-${i}`,
    ),
  ];
  // Size the teachers' histories so that the whole log reaches plan.events: an application is ~8
  // events on average (measured from the stage mix above), a teacher-year 2 + grants.
  const applicationEvents = plan.applications * 8.2;
  const perTeacher = Math.max(4, (plan.events - applicationEvents) / plan.teachers);
  const years = Math.min(12, Math.max(1, Math.round(perTeacher / 7)));
  const grantsPerYear = Math.max(1, Math.round((perTeacher - 2) / years - 2));

  let written = 0;
  let refused = 0;
  let nextTeacher = 0;
  let nextApplication = 0;
  const schoolOf = (i: number) => plan.schools[i % plan.schools.length]!;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (;;) {
        let streamId: string;
        let b: { events: NewEvent[]; refused: number };
        if (nextTeacher < plan.teachers) {
          const i = nextTeacher++;
          streamId = `teacher-${teacherIds[i]}`;
          b = teacherStream(teacherIds[i]!, schoolOf(i), years, grantsPerYear, plan, r);
        } else if (nextApplication < plan.applications) {
          nextApplication++;
          const a = Math.floor(r() * plan.teachers);
          streamId = `application-${randomUUID()}`;
          b = applicationStream(teacherIds[a]!, schoolOf(a), reviewers, teacherIds, plan, r);
        } else return;
        refused += b.refused;
        for (let k = 0; k < b.events.length; k += 500)
          await store.append(streamId, k === 0 ? 'no_stream' : k, b.events.slice(k, k + 500));
        written += b.events.length;
      }
    }),
  );
  return { events: written, refused, reviewers, teacherIds, seconds: (Date.now() - started) / 1000 };
}
