import { randomUUID } from 'node:crypto';
import {
  migrate,
  PostgresEventStore,
  rebuildProjection,
  type CommandMetadata,
  type DomainEvent,
  type LogPosition,
  type NewEvent,
} from '#libs/event-store';
import { applicationDecider, applicationSummaryProjection, type ApplicationCommand } from '#libs/approval';
import { DEFAULT_POLICY } from '#libs/policy';
import { createBenchDatabase, fmt, ratio, ratioShort, shortOf, type Row } from './support.js';

/** Submissions carry the ladder's eligibility and the policy they are pinned to (all kinds here qualify). */
const ELIGIBLE = {
  eligibility: { eligible: true as const, policyVersion: DEFAULT_POLICY.version },
  policy: DEFAULT_POLICY,
};

/** One application's life (draft → submit → 3 reviewers → 3 reviews → decision), decided by the real decider. */
function applicationLife(): DomainEvent[] {
  const now = new Date('2026-10-01T08:00:00Z');
  const meta = (actorId: string, actorRole: string): CommandMetadata => ({
    commandId: randomUUID(),
    actorId,
    actorRole,
    orgUnit: 'school-1',
    correlationId: randomUUID(),
    now,
  });
  const call = {
    id: 'call-1',
    kind: 'school_plan' as const,
    orgUnit: 'city-1',
    opensAt: '2026-09-01T00:00:00Z',
    closesAt: '2026-12-01T00:00:00Z',
    closed: false,
  };
  const steps: [ApplicationCommand, CommandMetadata][] = [
    [
      {
        type: 'DraftApplication',
        title: '校本研修方案',
        fields: { kind: 'school_plan', schoolYear: '2026-2027', summary: '课堂观察与同课异构' },
        call,
      },
      meta('teacher-1', 'teacher'),
    ],
    [{ type: 'SubmitApplication', call, ...ELIGIBLE }, meta('teacher-1', 'teacher')],
    [
      {
        type: 'AssignReviewers',
        reviewers: [1, 2, 3].map((n) => ({ reviewerId: `reviewer-${n}`, conflicts: [] })),
        policy: DEFAULT_POLICY,
      },
      meta('chair-1', 'chair'),
    ],
    ...[1, 2, 3].map((n): [ApplicationCommand, CommandMetadata] => [
      {
        type: 'SubmitReview',
        scores: { ethics: 80, classroom: 82, subject: 85, results: 78, research: 90 },
        comments: '方案可行',
        policy: DEFAULT_POLICY,
      },
      meta(`reviewer-${n}`, 'reviewer'),
    ]),
    [
      {
        type: 'DecideApplication',
        decision: 'approve',
        rationale: '同意',
        documentsSeen: [],
        policy: DEFAULT_POLICY,
      },
      meta('chair-1', 'chair'),
    ],
  ];
  let state = applicationDecider.initialState;
  const events: DomainEvent[] = [];
  for (const [command, m] of steps) {
    const produced = applicationDecider.decide(command, state, m);
    for (const e of produced) state = applicationDecider.evolve(state, e as never);
    events.push(...produced);
  }
  return events;
}

export async function seed(store: PostgresEventStore, total: number, writers = 8): Promise<number> {
  const life = applicationLife();
  const streams = Math.ceil(total / life.length);
  let next = 0;
  let written = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < streams) {
        next++;
        const stream = `application-${randomUUID()}`;
        const events: NewEvent[] = life.map((e) => ({
          id: randomUUID(),
          type: e.type,
          schemaVersion: 1,
          data: e.data,
          metadata: {
            actorId: 'bench',
            actorRole: 'system',
            orgUnit: 'school-1',
            correlationId: randomUUID(),
            causationId: 'bench',
            commandId: randomUUID(),
            recordedAt: new Date().toISOString(),
          },
        }));
        await store.append(stream, 'no_stream', events);
        written += events.length;
      }
    }),
  );
  return written;
}

/**
 * P1: rebuild the approval read models (application_summaries, review_assignments, reviews) from a log
 * of real application events, against a plain keyset-ordered scan of the same events table.
 */
export async function rebuildBenchmark(opts: { events: number }): Promise<Row[]> {
  const db = await createBenchDatabase(12);
  try {
    await migrate(db.pool);
    const store = new PostgresEventStore(db.pool);
    const seededAt = Date.now();
    const total = await seed(store, opts.events);
    const seedSeconds = (Date.now() - seededAt) / 1000;
    await db.pool.query('VACUUM ANALYZE');

    // Baseline: read every event in global order through the store's port, in pages, as stored (the
    // rebuild upcasts; the scan only reads), and do nothing with them.
    const scanStart = performance.now();
    let scanned = 0;
    let after: LogPosition | null = null;
    for (;;) {
      const page = await store.readAll({ after, limit: 2000, asStored: true });
      if (page.length === 0) break;
      scanned += page.length;
      after = page[page.length - 1]!.position;
    }
    const scanRate = scanned / ((performance.now() - scanStart) / 1000);

    const rebuildStart = performance.now();
    const result = await rebuildProjection(db.pool, applicationSummaryProjection);
    const rebuildRate = result.events / ((performance.now() - rebuildStart) / 1000);
    const rows = Number((await db.pool.query('SELECT count(*) AS n FROM application_summaries')).rows[0].n);
    return [
      {
        id: 'P1',
        what: `projection rebuild of ${fmt(total)} events into the approval read models (${fmt(rows)} applications)`,
        figure: `${fmt(rebuildRate)} events/s`,
        baseline: `ordered scan ${fmt(scanRate)} events/s`,
        ratio: ratio(rebuildRate, scanRate),
        target: '≥ 0.5× and ≥ 50,000 events/s',
        met: rebuildRate / scanRate >= 0.5 && rebuildRate >= 50_000,
        shortfall: shortOf(
          ratioShort(rebuildRate, scanRate, 0.5),
          rebuildRate < 50_000 &&
            `${fmt(rebuildRate)} events/s against ≥ 50,000: needs ${fmt(50_000 / rebuildRate, 1)}× its rate`,
        ),
        notes: `seeded in ${seedSeconds.toFixed(1)} s`,
      },
    ];
  } finally {
    await db.drop();
  }
}
