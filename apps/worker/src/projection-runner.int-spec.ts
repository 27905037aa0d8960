import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type pg from 'pg';
import type { EventLog, EventStore, Projection } from '#libs/event-store';
import { testEvent } from '#testing/event-store';
import { DatabaseModule, EVENT_LOG, EVENT_STORE, PG_POOL, loadConfig } from '#libs/platform';
import { PROJECTIONS, ProjectionRunner } from './projection-runner.service.js';

// The embedded default (no DATABASE_URL): PGlite's folder is held by this one process, so every append
// is made here, through the store platform wraps with its AppendSignal, and wakes the subscriptions at
// once. Their fallback poll is therefore slow (event-store-factory.ts, EMBEDDED_POLL_MS), so that a
// product at rest on an office's small machine hardly queries (ARCHITECTURE.md "Stores").

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

const until = async (what: () => boolean, ms = 10_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('the projection runner on the embedded default', () => {
  let dir: string;
  let app: INestApplicationContext | null = null;
  /** Milliseconds from each probe's append to its fold. */
  const seen: number[] = [];
  const probe: Projection = {
    name: 'wake_probe',
    tables: [],
    eventTypes: ['Probed'],
    setup: async () => undefined,
    apply: async (event) => {
      seen.push(Date.now() - (event.data as { at: number }).at);
    },
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'runner-embedded-'));
    const config = loadConfig({
      PGLITE_DATA_DIR: path.join(dir, 'pglite'),
      PGLITE_PORT: String(await freePort()),
      BLOB_DIR: path.join(dir, 'blobs'),
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
    });
    // As apps/server composes the worker, with this one projection.
    @Module({
      imports: [DatabaseModule.forRoot(config)],
      providers: [ProjectionRunner, { provide: PROJECTIONS, useValue: [probe] }],
    })
    class Root {}
    app = await NestFactory.createApplicationContext(Root, { logger: false });
    const runner = app.get(ProjectionRunner);
    await until(() => runner.leadership().leading.includes('wake_probe'));
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('polls seldom, yet folds an append made through the product’s store at once', async () => {
    const log = app!.get<EventLog>(EVENT_LOG);
    expect(log.adapter).toBe('pglite');
    expect(log.pollIntervalMs).toBeGreaterThanOrEqual(1000);
    const store = app!.get<EventStore>(EVENT_STORE);
    for (let i = 0; i < 3; i++) {
      // Right after a fold the loop sleeps a whole poll: only the wake-up can fold the next one sooner.
      await store.append(`probe-${i}`, 'no_stream', [testEvent('Probed', { at: Date.now() })]);
      await until(() => seen.length === i + 1);
    }
    expect(Math.max(...seen.slice(1))).toBeLessThan(log.pollIntervalMs / 4);
  });

  it('hardly touches the database at rest', async () => {
    const pool = app!.get<pg.Pool>(PG_POOL);
    let checkouts = 0;
    const count = () => (checkouts += 1);
    pool.on('acquire', count);
    try {
      await new Promise((r) => setTimeout(r, 3000));
    } finally {
      pool.off('acquire', count);
    }
    // One batch a poll: at most two in 3 s (polling every 100 ms made it ~30).
    expect(checkouts).toBeLessThanOrEqual(2);
  });
});
