import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type pg from 'pg';
import { LOCAL_SUBSCRIPTIONS, PG_POOL, type LocalSubscriptions } from '#libs/platform';
import { Public } from '../auth/auth.decorators.js';
import { ApiTags } from '@nestjs/swagger';
import { Endpoint } from '../http/openapi-schema.js';
import { Health } from './health.responses.js';

/**
 * Liveness says the process answers; readiness says it can serve: the database responds in time. When the
 * worker runs in this process (`npm start`, apps/server), readiness also says which subscriptions it leads and
 * which it stands by for (README "Running on real servers and scaling") — standing by is ready: another process leads them.
 */
@Public()
@ApiTags('Health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    // Absent in an api-only process: the worker (and its election) runs elsewhere.
    @Optional() @Inject(LOCAL_SUBSCRIPTIONS) private readonly subscriptions?: LocalSubscriptions,
  ) {}

  @Get('live')
  @Endpoint({ summary: 'Liveness: the process answers', ok: Health })
  @HealthCheck()
  live() {
    return this.health.check([
      async () => this.indicators.check('process').up({ uptimeSeconds: Math.round(process.uptime()) }),
    ]);
  }

  @Get('ready')
  @Endpoint({
    summary: 'Readiness: the database answers in time (and which subscriptions this process leads)',
    ok: Health,
  })
  @HealthCheck()
  ready() {
    return this.health.check([
      async () => {
        const session = this.indicators.check('database');
        const started = Date.now();
        try {
          await withTimeout(this.pool.query('SELECT 1'), 2000);
          return session.up({ responseTimeMs: Date.now() - started });
        } catch (err) {
          return session.down({ message: (err as Error).message });
        }
      },
      ...(this.subscriptions
        ? [async () => this.indicators.check('leadership').up(this.subscriptions!.leadership())]
        : []),
    ]);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
