import { Inject, Injectable, Optional, type INestApplication } from '@nestjs/common';
import type pg from 'pg';
import { callDecider, type ApplicationKind } from '#libs/approval';
import {
  DomainError,
  runCommand,
  waitForPosition,
  WrongExpectedVersionError,
  type EventStore,
} from '#libs/event-store';
import { demoSeedId, seedDemoRegion, type DemoSeedResult } from '#libs/identity';
import {
  AppendSignal,
  EVENT_STORE,
  LOCAL_SUBSCRIPTIONS,
  PG_POOL,
  type LocalSubscriptions,
} from '#libs/platform';

const DAY = 86_400_000;

/**
 * The calls a visitor of the demo can answer at once (申报通知, DOMAIN.md "The approval pipeline"): one
 * per application kind, opened by the city's committee chair for the whole city, open from the day
 * before the demo was seeded for half a year.
 */
export const DEMO_CALLS: { key: string; kind: ApplicationKind; title: string }[] = [
  { key: 'training', kind: 'training_project', title: '青溪市 2027 年度市级教师培训项目申报' },
  { key: 'promotion', kind: 'tier_promotion', title: '2026-2027 学年教师进阶认定申报' },
  { key: 'studio', kind: 'studio', title: '青溪市名优教师工作室挂牌认定申报' },
  { key: 'school-plan', kind: 'school_plan', title: '2026-2027 学年校本研修方案申报' },
];

export const demoCallId = (key: string) => demoSeedId(`call:${key}`);

/** Opens the demo calls; a call already there (an earlier start) is left as it is. */
export async function seedDemoCalls(store: EventStore, now: Date): Promise<number> {
  let opened = 0;
  for (const c of DEMO_CALLS) {
    try {
      await runCommand(
        store,
        callDecider,
        demoCallId(c.key),
        {
          type: 'OpenCall',
          kind: c.kind,
          orgUnit: demoSeedId('orgunit:city'),
          title: c.title,
          opensAt: new Date(now.getTime() - DAY).toISOString(),
          closesAt: new Date(now.getTime() + 180 * DAY).toISOString(),
        },
        {
          commandId: demoSeedId(`command:call:${c.key}`),
          actorId: demoSeedId('user:chair'),
          actorRole: 'chair',
          orgUnit: demoSeedId('orgunit:city'),
          correlationId: demoSeedId('correlation'),
          now,
          extra: { seed: 'demo-calls' },
        },
        { expectedVersion: 0 },
      );
      opened++;
    } catch (err) {
      const there =
        err instanceof WrongExpectedVersionError ||
        (err instanceof DomainError && err.code === 'call_exists');
      if (!there) throw err;
    }
  }
  return opened;
}

/**
 * The demo a first start outside production shows (README "Quick start"): the region with its people
 * (libs/identity), then the open calls. Both are idempotent, so a second start or a second process adds
 * nothing. With a worker in this process (LOCAL_SUBSCRIPTIONS), it returns once the read models hold it all, so the logins
 * printed and the pages opened right after work at once.
 */
export async function seedDemo(
  app: INestApplication,
  options: { now?: () => Date } = {},
): Promise<DemoSeedResult> {
  const store = app.get<EventStore>(EVENT_STORE);
  const now = options.now ?? (() => new Date());
  // Subscriptions are not woken per seed command: they catch up in batches (AppendSignal.quietly).
  const region = await app.get(AppendSignal).quietly(() => seedDemoRegion(store, { clock: { now } }));
  if (region.seeded || (await store.headPosition()) !== null) await seedDemoCalls(store, now());
  const head = await store.headPosition();
  const here = app.get(DemoSeedReadModels).local;
  if (here && head) await waitForPosition(app.get<pg.Pool>(PG_POOL), here.projections, head, 60_000);
  return region;
}

/**
 * The read models a worker beside the API keeps (LOCAL_SUBSCRIPTIONS), for the seed to wait for; none in
 * an api-only process. Injected as optional: looking the token up on the app would abort the start when
 * it is absent.
 */
@Injectable()
export class DemoSeedReadModels {
  constructor(@Optional() @Inject(LOCAL_SUBSCRIPTIONS) readonly local: LocalSubscriptions | null = null) {}
}
