import {
  annualSummaryDecider,
  annualSummaryDueAt,
  applicationDecider,
  callDecider,
  projectRunning,
  type AnnualSummaryEvent,
  type ApplicationEvent,
  type ApplicationState,
  type CallEvent,
  type CallState,
} from '#libs/approval';
import { dataOf, eventIdFor, readStreamsOf, type EventStore, type RecordedEvent } from '#libs/event-store';
import {
  deadlineOffsets,
  planStepTimers,
  type Step,
  type StepOccurrence,
  type StepTimer,
} from '../timer.model.js';
import type { NotificationKind } from '../notification/notification.decider.js';
import {
  mentorshipDecider,
  teacherDecider,
  type MentorshipEvent,
  type MentorshipState,
  type TeacherEvent,
  type TeacherState,
} from '#libs/ladder';
import type { PolicySource } from '#libs/policy';

/**
 * The human steps other than the review (DOMAIN.md "Deadlines and reminders"), read from the stream
 * each lives on. One place says, per step, when it opens, when it is due, when it is done, and who is
 * reminded: the reactor schedules and cancels from it, the reconciler rebuilds from it, and a firing
 * timer asks it whether the step is still open and whom to tell. Pure over the recorded events.
 */

/** The events that open or close one of these steps, for the timers reactor's subscription. */
export const STEP_EVENT_TYPES = [
  'ChangesRequested',
  'ApplicationSubmitted',
  'ApplicationWithdrawn',
  'ApplicationDecided',
  'PerformanceEvaluated',
  'ProjectRetired',
  'ProjectConcluded',
  'CallOpened',
  'CallClosed',
  'MentorPaired',
  'MentorshipYearSignedOff',
  'MentorshipEnded',
  'EthicsAssessed',
  'OrgUnitCreated',
  'AnnualSummarySubmitted',
  'AnnualSummaryOverdue',
] as const;

/** A step occurrence with the people it concerns. */
export interface StepCase extends StepOccurrence {
  /** What the step is about, for the reader: the application, call, mentorship or teacher id. */
  subjectId: string;
  /** Reminded before the due date (a call's reminders go to whoever holds an unsubmitted draft). */
  remind: string[];
  /** Told at the due date. */
  atDue: string[];
  /**
   * An office's own step (the annual summary): its admins are reminded and told at the due date, and
   * the admins above it hear of the escalation — looked up when the timer fires.
   */
  office?: string;
}

/** What each phase of each step says (the templates are in the inbox and email, by kind). */
export const STEP_KINDS: Record<
  Step,
  { reminder: NotificationKind; due: NotificationKind; escalation: NotificationKind }
> = {
  revision: { reminder: 'revision_reminder', due: 'revision_overdue', escalation: 'revision_escalated' },
  call_close: { reminder: 'call_closing', due: 'call_closed', escalation: 'call_closed' },
  evaluation: {
    reminder: 'evaluation_reminder',
    due: 'evaluation_overdue',
    escalation: 'evaluation_escalated',
  },
  mentorship_year: {
    reminder: 'mentorship_year_reminder',
    due: 'mentorship_signoff_due',
    escalation: 'mentorship_escalated',
  },
  annual_summary: {
    reminder: 'annual_summary_reminder',
    due: 'annual_summary_overdue',
    escalation: 'annual_summary_escalated',
  },
  ethics_ban_end: { reminder: 'ethics_ban_ended', due: 'ethics_ban_ended', escalation: 'ethics_ban_ended' },
};

/**
 * DOMAIN.md "The approval pipeline" stage 4: a running training project's performance is evaluated
 * every two years, counted from its approval and then from its last evaluation.
 */
export const EVALUATION_CYCLE_YEARS = 2;

const idOf = (streamId: string) => streamId.slice(streamId.indexOf('-') + 1);

function addYears(iso: string, years: number): string {
  const d = new Date(iso);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString();
}

/** The step cases of one stream, as its events (in order) tell them. Unknown streams have none. */
export function stepCasesOf(streamId: string, events: readonly RecordedEvent[]): StepCase[] {
  if (streamId.startsWith('application-')) return applicationCases(streamId, events);
  if (streamId.startsWith('call-')) return callCases(streamId, events);
  if (streamId.startsWith('mentorship-')) return mentorshipCases(streamId, events);
  if (streamId.startsWith('teacher-')) return teacherCases(streamId, events);
  if (streamId.startsWith('annualsummary-')) return annualSummaryCases(streamId, events);
  return [];
}

/** `annualsummary-<year>-<orgUnit>` → its year and office. */
export function annualSummaryOf(streamId: string): { year: number; orgUnit: string } | null {
  const m = /^annualsummary-(\d{4})-(.+)$/.exec(streamId);
  return m ? { year: Number(m[1]), orgUnit: m[2]! } : null;
}

/**
 * seed 004 §三: an office's summary of a year is due by the end of the next February. The step exists
 * before anything is recorded on its stream (nobody opens it: the calendar does), so it is read from the
 * stream's id; it is done once submitted.
 */
function annualSummaryCases(streamId: string, events: readonly RecordedEvent[]): StepCase[] {
  const of = annualSummaryOf(streamId);
  if (!of) return [];
  let s = annualSummaryDecider.initialState;
  for (const e of events)
    s = annualSummaryDecider.evolve(s, { type: e.type, data: e.data } as AnnualSummaryEvent);
  return [
    {
      step: 'annual_summary',
      streamId,
      subjectId: of.orgUnit,
      occurrence: String(of.year),
      dueAt: annualSummaryDueAt(of.year),
      orgUnit: of.orgUnit,
      correlationId: events[0]?.metadata.correlationId ?? eventIdFor(`annual-summary|${streamId}`, 0),
      // The year is over: its reminders (late February) were always ahead of this.
      openedAt: new Date(Date.UTC(of.year + 1, 0, 1)).toISOString(),
      open: s.submittedAt === null,
      remind: [],
      atDue: [],
      office: of.orgUnit,
    },
  ];
}

function applicationCases(streamId: string, events: readonly RecordedEvent[]): StepCase[] {
  let s: ApplicationState = applicationDecider.initialState;
  const revisions: Array<Omit<StepCase, 'open'>> = [];
  const cycles: Array<Omit<StepCase, 'open'>> = [];
  let decidedBy: string[] = [];
  for (const e of events) {
    const event = { type: e.type, data: e.data } as ApplicationEvent;
    s = applicationDecider.evolve(s, event);
    const base = {
      streamId,
      subjectId: idOf(streamId),
      orgUnit: s.orgUnit ?? e.metadata.orgUnit,
      correlationId: e.metadata.correlationId,
      openedAt: e.metadata.recordedAt,
    };
    if (event.type === 'ChangesRequested') {
      // The chair who sent it back hears when the applicant is late (escalation: chair, then admin).
      const chair = e.metadata.actorRole === 'chair' ? [e.metadata.actorId] : [];
      revisions.push({
        ...base,
        step: 'revision',
        occurrence: `r${event.data.revision}`,
        dueAt: event.data.dueAt,
        remind: s.applicantId ? [s.applicantId] : [],
        atDue: chair,
      });
    }
    if (
      event.type === 'ApplicationDecided' &&
      event.data.decision === 'approve' &&
      s.kind === 'training_project'
    ) {
      decidedBy = e.metadata.actorRole === 'chair' ? [e.metadata.actorId] : [];
      cycles.push({
        ...base,
        step: 'evaluation',
        occurrence: 'e1',
        dueAt: addYears(e.metadata.recordedAt, EVALUATION_CYCLE_YEARS),
        remind: decidedBy,
        atDue: decidedBy,
      });
    }
    if (event.type === 'PerformanceEvaluated' && cycles.length > 0) {
      cycles.push({
        ...base,
        step: 'evaluation',
        occurrence: `e${cycles.length + 1}`,
        dueAt: addYears(e.metadata.recordedAt, EVALUATION_CYCLE_YEARS),
        remind: decidedBy,
        atDue: decidedBy,
      });
    }
  }
  const out: StepCase[] = revisions.map((r) => ({
    ...r,
    open: s.stage === 'changes_requested' && r.occurrence === `r${s.revision}` && s.revisionDueAt === r.dueAt,
  }));
  // seed 004 §二(四)9: a renewed project's next evaluation is due two years on; a retired or concluded
  // one has none.
  cycles.forEach((c, i) => out.push({ ...c, open: i === cycles.length - 1 && projectRunning(s) }));
  return out;
}

function callCases(streamId: string, events: readonly RecordedEvent[]): StepCase[] {
  let s: CallState = callDecider.initialState;
  let opened: RecordedEvent | null = null;
  for (const e of events) {
    s = callDecider.evolve(s, { type: e.type, data: e.data } as CallEvent);
    if (e.type === 'CallOpened') opened = e;
  }
  if (!s.exists || !opened) return [];
  const { openedBy } = dataOf<CallEvent, 'CallOpened'>(opened, 'CallOpened');
  return [
    {
      step: 'call_close',
      streamId,
      subjectId: idOf(streamId),
      occurrence: 'window',
      dueAt: s.closesAt,
      orgUnit: s.orgUnit,
      correlationId: opened.metadata.correlationId,
      openedAt: opened.metadata.recordedAt,
      open: !s.closed,
      remind: [], // whoever holds an unsubmitted draft when the reminder fires
      atDue: openedBy ? [openedBy] : [],
    },
  ];
}

function mentorshipCases(streamId: string, events: readonly RecordedEvent[]): StepCase[] {
  let s: MentorshipState = mentorshipDecider.initialState;
  let paired: RecordedEvent | null = null;
  for (const e of events) {
    s = mentorshipDecider.evolve(s, { type: e.type, data: e.data } as MentorshipEvent);
    if (e.type === 'MentorPaired') paired = e;
  }
  if (s.status === 'none' || !paired) return [];
  const { yearEndsAt } = dataOf<MentorshipEvent, 'MentorPaired'>(paired, 'MentorPaired');
  return [
    {
      step: 'mentorship_year',
      streamId,
      subjectId: idOf(streamId),
      occurrence: 'y1',
      dueAt: yearEndsAt,
      orgUnit: paired.metadata.orgUnit,
      correlationId: paired.metadata.correlationId,
      openedAt: paired.metadata.recordedAt,
      // seed 002 (三)4: the mentor signs the year off; a pairing ended early has nothing left to sign.
      open: s.status === 'active' && s.signedOffAt === null,
      remind: [s.mentorId],
      atDue: [s.mentorId],
    },
  ];
}

function teacherCases(streamId: string, events: readonly RecordedEvent[]): StepCase[] {
  let s: TeacherState = teacherDecider.initialState;
  const bans: Array<Omit<StepCase, 'open'>> = [];
  for (const e of events) {
    const event = { type: e.type, data: e.data } as TeacherEvent;
    s = teacherDecider.evolve(s, event);
    if (event.type === 'EthicsAssessed' && event.data.result === 'fail' && event.data.banEndsAt) {
      const teacherId = s.teacherId ?? idOf(streamId);
      bans.push({
        step: 'ethics_ban_end',
        streamId,
        subjectId: teacherId,
        occurrence: `ban-${event.data.schoolYear}`,
        dueAt: event.data.banEndsAt,
        orgUnit: s.orgUnit ?? e.metadata.orgUnit,
        correlationId: e.metadata.correlationId,
        openedAt: e.metadata.recordedAt,
        remind: [],
        atDue: [teacherId],
      });
    }
  }
  // DOMAIN.md "Ethics assessment": only the ban in force ends; one a later fail extended never does.
  return bans.map((b) => ({ ...b, open: s.banEndsAt === b.dueAt }));
}

/** Every event of a stream, up to a version when given. */
export async function streamUpTo(
  store: EventStore,
  streamId: string,
  version?: number,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readStream(streamId, { fromVersion: events.length + 1, limit: 1000 });
    events.push(...page.filter((e) => version === undefined || e.version <= version));
    if (page.length < 1000 || (version !== undefined && events.length >= version)) break;
  }
  return events;
}

/** How many streams one read of `streamsUpTo` asks for. */
const STREAMS_PER_READ = 200;

/**
 * Every event of each of many streams (as streamUpTo), read a few hundred streams per statement where
 * the store can (EventStore.readStreams) rather than one round trip each: the reconciler reads every
 * stream with an open step at each start, thousands on an office's log of some years.
 */
export async function* streamsUpTo(
  store: EventStore,
  streamIds: Iterable<string>,
): AsyncGenerator<[streamId: string, events: RecordedEvent[]]> {
  const ids = [...streamIds];
  for (let i = 0; i < ids.length; i += STREAMS_PER_READ) {
    const chunk = ids.slice(i, i + STREAMS_PER_READ);
    const pages = await readStreamsOf(
      store,
      chunk.map((streamId) => ({ streamId, fromVersion: 1, limit: 1000 })),
    );
    for (const [k, streamId] of chunk.entries()) {
      const page = pages[k]!;
      // A stream longer than a page is read on by itself (none is, in practice).
      yield [streamId, page.length < 1000 ? page : await streamUpTo(store, streamId)];
    }
  }
}

/**
 * The timers of one step case, from the policy in force when the step opened: the same case always
 * gives the same timers (and ids), so they can be found again to be cancelled.
 */
export async function stepTimersOf(c: StepCase, policies: PolicySource, now?: Date): Promise<StepTimer[]> {
  const offsets = deadlineOffsets(await policies.current(new Date(c.openedAt)));
  return planStepTimers(c, offsets, now);
}

/** The key of a case, to compare the cases of a stream before and after an event. */
export const caseKey = (c: Pick<StepCase, 'step' | 'occurrence' | 'dueAt'>) =>
  `${c.step}|${c.occurrence}|${c.dueAt}`;
