import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { waitForPosition, type EventStore } from '#libs/event-store';
import { IDENTITY_PROJECTIONS, seedDemoRegion, type DemoSeedResult } from '#libs/identity';
import { EVENT_STORE, loadConfig } from '#libs/platform';
import type { TestDatabase } from '#testing/platform';
import { AppModule } from '../../../apps/api/src/app.module.js';
import { IdentityHttpModule } from '../../../apps/api/src/auth/identity-http.module.js';
import { ALL_PROJECTIONS } from '../../../apps/worker/src/projections.js';
import { PROJECTIONS, ProjectionRunner } from '../../../apps/worker/src/projection-runner.service.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/**
 * The real app with identity wired in, whether or not app.module.ts / projections.ts already register
 * it: the identity module and projections are added only when the app does not have them yet, so these
 * suites pass before and after that registration.
 */
const MISSING_PROJECTIONS = IDENTITY_PROJECTIONS.filter(
  (p) => !ALL_PROJECTIONS.some((q) => q.name === p.name),
);

@Module({ providers: [ProjectionRunner, { provide: PROJECTIONS, useValue: MISSING_PROJECTIONS }] })
class IdentityProjectionsForTests {}

function appHasIdentityModule(): boolean {
  const root = AppModule.forRoot(loadConfig({ NODE_ENV: 'test' }));
  return (root.imports ?? []).some((m) => (m as DynamicModule)?.module === IdentityHttpModule);
}

export async function startIdentityApp(db: TestDatabase): Promise<TestApp> {
  const imports: unknown[] = [];
  if (!appHasIdentityModule()) imports.push(IdentityHttpModule.forRoot());
  if (MISSING_PROJECTIONS.length > 0) imports.push(IdentityProjectionsForTests);
  return startTestApp(db, { imports });
}

/** Waits until the identity read models have everything the store holds now. */
export async function identityCaughtUp(api: TestApp, db: TestDatabase): Promise<void> {
  const head = await (api.app.get(EVENT_STORE) as EventStore).headPosition();
  if (
    head &&
    !(await waitForPosition(
      db.pool,
      IDENTITY_PROJECTIONS.map((p) => p.name),
      head,
      10_000,
    ))
  ) {
    throw new Error('identity read models did not catch up within 10 s');
  }
}

/** First-start seeding through the real store, then wait for the read models. */
export async function seedDemo(api: TestApp, db: TestDatabase): Promise<DemoSeedResult> {
  const result = await seedDemoRegion(api.app.get(EVENT_STORE) as EventStore);
  await identityCaughtUp(api, db);
  return result;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export async function login(api: TestApp, username: string, password = `demo-${username}`): Promise<string> {
  const res = await api.request('POST', '/api/auth/login', { body: { username, password } });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/**
 * Events a request may have appended. Reactors (actor role `system`) append on their own time — a
 * registration opens a ladder record a moment later — so they are left out of "appended nothing".
 */
export async function eventCount(db: TestDatabase): Promise<number> {
  return Number(
    (
      await db.pool.query<{ n: string }>(
        "SELECT count(*) AS n FROM events WHERE metadata->>'actorRole' IS DISTINCT FROM 'system'",
      )
    ).rows[0]!.n,
  );
}
