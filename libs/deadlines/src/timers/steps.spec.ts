import type { RecordedEvent } from '#libs/event-store';
import { deadlineOffsets, planStepTimers, timerJobId, type Step } from '../timer.model.js';
import { defaultPolicySource } from '#libs/policy';
import { wantedStepTimers } from './wanted-timers.js';
import { stepCasesOf } from './steps.js';

// DOMAIN.md "Deadlines and reminders": when each step other than the review opens, when it is due, when
// it is done and who hears — read from the recorded events alone.
const DAY = 86_400_000;
let version = 0;
function ev(
  streamId: string,
  type: string,
  data: Record<string, unknown>,
  at: string,
  actor = { actorId: 'chair-1', actorRole: 'chair' },
): RecordedEvent {
  version += 1;
  return {
    id: `e-${version}`,
    streamId,
    version,
    type,
    schemaVersion: 1,
    data,
    metadata: {
      ...actor,
      orgUnit: 'city-1',
      correlationId: 'corr-1',
      commandId: `c-${version}`,
      recordedAt: at,
    },
    position: { tx: BigInt(version), seq: BigInt(version) },
  } as unknown as RecordedEvent;
}

const app = 'application-a1';
const drafted = (kind = 'school_plan') =>
  ev(
    app,
    'ApplicationDrafted',
    {
      kind,
      title: 't',
      fields: { kind },
      callId: 'call-1',
      applicantId: 'teacher-1',
      orgUnit: 'school-1',
      draftedAt: '2026-09-01T00:00:00.000Z',
    },
    '2026-09-01T00:00:00.000Z',
    { actorId: 'teacher-1', actorRole: 'teacher' },
  );
const submit = (revision: number, at: string) =>
  ev(app, 'ApplicationSubmitted', { submittedAt: at, revision }, at, {
    actorId: 'teacher-1',
    actorRole: 'teacher',
  });
const sendBack = (revision: number, dueAt: string, at: string) =>
  ev(app, 'ChangesRequested', { reason: 'r', dueAt, revision }, at);

describe('the revision step', () => {
  const D1 = '2026-09-10T00:00:00.000Z';
  const history = [
    drafted(),
    submit(1, '2026-09-02T00:00:00.000Z'),
    sendBack(1, D1, '2026-09-03T00:00:00.000Z'),
  ];

  it('opens when changes are requested: the applicant is reminded, the chair who asked hears at the due date', () => {
    expect(stepCasesOf(app, history)).toEqual([
      expect.objectContaining({
        step: 'revision',
        occurrence: 'r1',
        dueAt: D1,
        open: true,
        remind: ['teacher-1'],
        atDue: ['chair-1'],
        subjectId: 'a1',
        orgUnit: 'school-1',
        openedAt: '2026-09-03T00:00:00.000Z',
      }),
    ]);
  });

  it('is done once resubmitted; the next round is a new occurrence', () => {
    const D2 = '2026-09-20T00:00:00.000Z';
    const later = [
      ...history,
      submit(2, '2026-09-05T00:00:00.000Z'),
      sendBack(2, D2, '2026-09-06T00:00:00.000Z'),
    ];
    expect(stepCasesOf(app, later).map((c) => [c.occurrence, c.open])).toEqual([
      ['r1', false],
      ['r2', true],
    ]);
    expect(stepCasesOf(app, later.slice(0, -1)).map((c) => c.open)).toEqual([false]);
  });
});

describe('the biennial evaluation of a running training project', () => {
  const decided = (decision: string, at: string) =>
    ev(app, 'ApplicationDecided', { decision, rationale: 'r', decidedAt: at }, at);
  const base = [drafted('training_project'), submit(1, '2026-09-02T00:00:00.000Z')];

  it('is due two years after approval, then two years after each evaluation', () => {
    const approved = [...base, decided('approve', '2026-10-01T00:00:00.000Z')];
    expect(stepCasesOf(app, approved)).toEqual([
      expect.objectContaining({
        occurrence: 'e1',
        dueAt: '2028-10-01T00:00:00.000Z',
        open: true,
        remind: ['chair-1'],
      }),
    ]);
    const evaluated = [
      ...approved,
      ev(app, 'PerformanceEvaluated', { grade: 'good' }, '2028-09-15T00:00:00.000Z'),
    ];
    expect(stepCasesOf(app, evaluated).map((c) => [c.occurrence, c.dueAt, c.open])).toEqual([
      ['e1', '2028-10-01T00:00:00.000Z', false],
      ['e2', '2030-09-15T00:00:00.000Z', true],
    ]);
    const retired = [
      ...evaluated,
      ev(app, 'ProjectRetired', { reason: 'r', grade: 'unqualified' }, '2028-09-15T00:00:00.000Z'),
    ];
    expect(stepCasesOf(app, retired).every((c) => !c.open)).toBe(true);
  });

  it('never applies to a rejected project or another kind', () => {
    expect(stepCasesOf(app, [...base, decided('reject', '2026-10-01T00:00:00.000Z')])).toEqual([]);
  });
});

describe('the call window, the mentorship year and the ethics ban', () => {
  it('a call is open until closed; its opener hears when it closes', () => {
    const call = 'call-c1';
    const opened = ev(
      call,
      'CallOpened',
      {
        kind: 'studio',
        orgUnit: 'city-1',
        title: 't',
        opensAt: '2026-09-01T00:00:00.000Z',
        closesAt: '2026-10-01T00:00:00.000Z',
        openedBy: 'chair-1',
      },
      '2026-08-30T00:00:00.000Z',
    );
    expect(stepCasesOf(call, [opened])).toEqual([
      expect.objectContaining({
        step: 'call_close',
        occurrence: 'window',
        dueAt: '2026-10-01T00:00:00.000Z',
        open: true,
        atDue: ['chair-1'],
      }),
    ]);
    const closed = ev(
      call,
      'CallClosed',
      { reason: 'r', closedAt: '2026-09-20T00:00:00.000Z' },
      '2026-09-20T00:00:00.000Z',
    );
    expect(stepCasesOf(call, [opened, closed])[0]!.open).toBe(false);
  });

  it('a mentorship year waits for the mentor’s sign-off, unless the pairing ends first', () => {
    const m = 'mentorship-m1';
    const paired = ev(
      m,
      'MentorPaired',
      {
        mentorId: 'mentor-1',
        menteeId: 'new-1',
        pairedAt: '2026-09-01T00:00:00.000Z',
        yearEndsAt: '2027-07-15T00:00:00.000Z',
        policyVersion: 'default-1',
      },
      '2026-09-01T00:00:00.000Z',
    );
    expect(stepCasesOf(m, [paired])).toEqual([
      expect.objectContaining({
        step: 'mentorship_year',
        dueAt: '2027-07-15T00:00:00.000Z',
        open: true,
        remind: ['mentor-1'],
      }),
    ]);
    const ended = ev(
      m,
      'MentorshipEnded',
      {
        mentorId: 'mentor-1',
        menteeId: 'new-1',
        reason: 'r',
        endedBy: 'admin-1',
        endedAt: '2026-12-01T00:00:00.000Z',
        signedOff: false,
      },
      '2026-12-01T00:00:00.000Z',
    );
    expect(stepCasesOf(m, [paired, ended])[0]!.open).toBe(false);
  });

  it('only the ban in force ends: one a later fail extended never does', () => {
    const t = 'teacher-t1';
    const opened = ev(
      t,
      'TeacherRecordOpened',
      { teacherId: 't1', orgUnit: 'school-1', openedAt: '2025-01-01T00:00:00.000Z' },
      '2025-01-01T00:00:00.000Z',
    );
    const fail = (schoolYear: string, banEndsAt: string, at: string) =>
      ev(
        t,
        'EthicsAssessed',
        { schoolYear, result: 'fail', banEndsAt, policyVersion: 'default-1', assessedAt: at },
        at,
      );
    const first = fail('2025-2026', '2028-07-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z');
    expect(stepCasesOf(t, [opened, first])).toEqual([
      expect.objectContaining({
        step: 'ethics_ban_end',
        occurrence: 'ban-2025-2026',
        open: true,
        atDue: ['t1'],
        remind: [],
      }),
    ]);
    const second = fail('2026-2027', '2029-07-01T00:00:00.000Z', '2027-07-01T00:00:00.000Z');
    expect(stepCasesOf(t, [opened, first, second]).map((c) => [c.occurrence, c.open])).toEqual([
      ['ban-2025-2026', false],
      ['ban-2026-2027', true],
    ]);
  });
});

describe('step timers', () => {
  const c = {
    step: 'mentorship_year' as Step,
    streamId: 'mentorship-m1',
    occurrence: 'y1',
    dueAt: '2027-07-15T00:00:00.000Z',
    orgUnit: 'school-1',
    correlationId: 'corr-1',
    openedAt: '2026-09-01T00:00:00.000Z',
    open: true,
    subjectId: 'm1',
    remind: ['mentor-1'],
    atDue: ['mentor-1'],
  };
  const due = Date.parse(c.dueAt);

  it('plans reminders 3 and 1 days before, the due timer and the escalation, with stable distinct ids', () => {
    const timers = planStepTimers(c, deadlineOffsets(null));
    expect(timers.map((t) => [t.phase, t.at, Date.parse(t.fireAt) - due])).toEqual([
      ['reminder', 'before-P3D', -3 * DAY],
      ['reminder', 'before-P1D', -DAY],
      ['due', 'due', 0],
      ['escalation', 'after-P2D', 2 * DAY],
    ]);
    expect(new Set(timers.map(timerJobId)).size).toBe(4);
    expect(planStepTimers(c, deadlineOffsets(null)).map(timerJobId)).toEqual(timers.map(timerJobId));
  });

  it('a ban’s end has no reminder and no escalation; a call no escalation', () => {
    expect(
      planStepTimers({ ...c, step: 'ethics_ban_end' }, deadlineOffsets(null)).map((t) => t.phase),
    ).toEqual(['due']);
    expect(planStepTimers({ ...c, step: 'call_close' }, deadlineOffsets(null)).map((t) => t.phase)).toEqual([
      'reminder',
      'reminder',
      'due',
    ]);
  });

  it('the reconciler wants the timers still useful, and notices whose time has passed only if unsent', async () => {
    const summary = async (now: number, cases = [c]) =>
      (await wantedStepTimers(cases, defaultPolicySource, new Date(now))).map(
        (w) => `${w.timer.phase} ${w.timer.at}${w.pastNotification ? ' (past)' : ''}`,
      );
    expect(await summary(due - 10 * DAY)).toEqual([
      'reminder before-P3D',
      'reminder before-P1D',
      'due due',
      'escalation after-P2D',
    ]);
    expect(await summary(due - 2 * DAY)).toEqual([
      'reminder before-P3D (past)',
      'reminder before-P1D',
      'due due',
      'escalation after-P2D',
    ]);
    expect(await summary(due + 3 * DAY)).toEqual(['due due (past)', 'escalation after-P2D (past)']);
    // A revision's due timer marks it overdue: wanted until done, whatever the time.
    expect(await summary(due + 3 * DAY, [{ ...c, step: 'revision' }])).toEqual([
      'due due',
      'escalation after-P2D (past)',
    ]);
    expect(await summary(due - 10 * DAY, [{ ...c, open: false }])).toEqual([]);
    // A ban that ended long ago is not announced any more.
    expect(await summary(due + 60 * DAY, [{ ...c, step: 'ethics_ban_end' }])).toEqual([]);
  });
});
