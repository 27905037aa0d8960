import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type pg from 'pg';
import {
  DomainError,
  eventIdFor,
  migrate,
  type CommandMetadata,
  type EventStore,
  type Migration,
} from '#libs/event-store';
import { hashPassword, loadUnitFacts, PersonalData, registerUser, type UnitFacts } from '#libs/identity';
import { ExecuteTeacherCommand } from '#libs/ladder';
import { EVENT_STORE, PG_POOL } from '#libs/platform';
import type { HoursRow } from './hours-import.js';
import type { UserRow } from './user-import.js';

export type ImportKind = 'users' | 'hours';

export interface ImportJobRow {
  id: string;
  kind: ImportKind;
  status: 'running' | 'done' | 'interrupted';
  fileName: string | null;
  total: number;
  processed: number;
  created: number;
  skipped: number;
  failed: number;
  failures: { line: number; code: string; message: string }[];
  startedAt: string;
  finishedAt: string | null;
}

/** How many rows run at once: enough to keep PostgreSQL busy, few enough to leave the API responsive. */
const LANES = 8;
/** A running job whose process has not reported for this long died with it (restart, crash). */
const STALE_MS = 60_000;
/** Progress is written at most this often. */
const PROGRESS_EVERY_MS = 400;

/** The import-jobs table, through the migration runner (its advisory lock: see onModuleInit). */
export const IMPORT_JOB_MIGRATIONS: readonly Migration[] = [
  {
    id: 'imports_0001_import_jobs',
    sql: `
  CREATE TABLE IF NOT EXISTS import_jobs (
    id          uuid PRIMARY KEY,
    kind        text NOT NULL,
    actor_id    text NOT NULL,
    org_unit    text NOT NULL,
    file_name   text,
    status      text NOT NULL,
    total       integer NOT NULL,
    processed   integer NOT NULL DEFAULT 0,
    created     integer NOT NULL DEFAULT 0,
    skipped     integer NOT NULL DEFAULT 0,
    failed      integer NOT NULL DEFAULT 0,
    failures    jsonb NOT NULL DEFAULT '[]',
    started_at  timestamptz NOT NULL,
    heartbeat_at timestamptz NOT NULL,
    finished_at timestamptz
  );
  CREATE INDEX IF NOT EXISTS import_jobs_actor ON import_jobs (actor_id, started_at DESC);
`,
  },
];

/**
 * The import jobs (UI.md §1.10 step 4): a job runs in the api process that accepted it, row after row,
 * each through the same command path as one-at-a-time entry, and writes its progress to `import_jobs`
 * so the page can be left and reopened. The table is operational state of this screen, not the record:
 * the record is the events each row appends. A job cut off by a restart reads as interrupted; running
 * the same file again finishes it, since every row is idempotent.
 */
@Injectable()
export class ImportJobs implements OnModuleInit {
  private readonly logger = new Logger('Imports');
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly commands: CommandBus,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PersonalData) private readonly personalData: PersonalData,
  ) {}

  async onModuleInit(): Promise<void> {
    // Through the migration runner, not a bare CREATE … IF NOT EXISTS: several api processes starting
    // together race on PostgreSQL's catalogue (IF NOT EXISTS does not guard a concurrent creation); the
    // runner's advisory lock lets one create the table and the rest find it recorded.
    await migrate(this.pool, IMPORT_JOB_MIGRATIONS);
  }

  /** Waits for the jobs this process runs (shutdown, tests). */
  async drain(): Promise<void> {
    await Promise.all([...this.running]);
  }

  async get(id: string): Promise<(ImportJobRow & { actorId: string; orgUnit: string }) | null> {
    const res = await this.pool.query(`${SELECT_JOB} WHERE id = $1`, [id]);
    return res.rows[0] ? shape(res.rows[0]) : null;
  }

  async recent(actorId: string, kind: ImportKind | undefined): Promise<ImportJobRow[]> {
    const res = await this.pool.query(
      `${SELECT_JOB} WHERE actor_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY started_at DESC LIMIT 10`,
      [actorId, kind ?? null],
    );
    return res.rows.map((r) => {
      const { actorId: _a, orgUnit: _o, ...job } = shape(r);
      return job;
    });
  }

  /** Starts a job over the rows a dry run found ready; answers at once with its id. */
  async start<T>(
    kind: ImportKind,
    rows: (T & { line: number })[],
    skippedBefore: number,
    meta: CommandMetadata,
    fileName: string | null,
    messageOf: (code: string, details: Record<string, unknown>) => string,
  ): Promise<string> {
    const id = randomUUID();
    const now = new Date();
    await this.pool.query(
      `INSERT INTO import_jobs (id, kind, actor_id, org_unit, file_name, status, total, processed, skipped,
                                started_at, heartbeat_at)
       VALUES ($1, $2, $3, $4, $5, 'running', $6, $7, $7, $8, $8)`,
      [id, kind, meta.actorId, meta.orgUnit, fileName, rows.length + skippedBefore, skippedBefore, now],
    );
    const run =
      kind === 'users'
        ? this.runUsers(id, rows as unknown as (UserRow & { line: number })[], meta, messageOf)
        : this.runHours(id, rows as unknown as (HoursRow & { line: number })[], meta, messageOf);
    const p = run.catch((err: unknown) =>
      this.logger.error({ msg: 'import job failed', id, err: String(err) }),
    );
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
    return id;
  }

  private async runUsers(
    id: string,
    rows: (UserRow & { line: number })[],
    meta: CommandMetadata,
    messageOf: (code: string, details: Record<string, unknown>) => string,
  ): Promise<void> {
    // Nobody is told a password for an imported account: each gets one nobody knows, hashed once per job
    // (hashing 5,000 at the login cost would take minutes); the office resets it for whoever signs in.
    const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
    const sealer = this.personalData.batchSealer();
    const units = new Map<string, Promise<UnitFacts>>();
    const unitOf = (schoolId: string) => {
      if (!units.has(schoolId)) units.set(schoolId, loadUnitFacts(this.store, schoolId));
      return units.get(schoolId)!;
    };
    await this.runRows(
      id,
      rows,
      messageOf,
      async (r) => {
        // Ids from the username: a row cut off between its two appends completes on the next run.
        const commandId = eventIdFor(`user-import:${r.username}`, 0);
        const outcome = await registerUser(
          this.store,
          {
            userId: eventIdFor(`user-import-id:${r.username}`, 0),
            username: r.username,
            displayName: r.displayName,
            orgUnit: r.schoolId,
            roles: r.roles,
            tier: r.tier,
            subject: r.subject,
            passwordHash,
            phone: r.phone,
            email: r.email,
            idCardNumber: r.idCardNumber,
          },
          rowMeta(meta, commandId, id, r.line),
          { personalData: sealer, unit: await unitOf(r.schoolId) },
        );
        return outcome.events.length > 0 && !outcome.duplicate;
      },
      ['username_taken', 'user_exists'],
    );
  }

  private async runHours(
    id: string,
    rows: (HoursRow & { line: number })[],
    meta: CommandMetadata,
    messageOf: (code: string, details: Record<string, unknown>) => string,
  ): Promise<void> {
    await this.runRows(
      id,
      rows,
      messageOf,
      async (r) => {
        const commandId = eventIdFor(`hours-import:${r.teacherId}:${r.sourceId}`, 0);
        const outcome = await this.commands.execute(
          new ExecuteTeacherCommand(
            r.teacherId,
            {
              type: 'GrantHours',
              hours: r.hours,
              credits: r.credits,
              level: r.level,
              kind: r.kind,
              completedAt: r.completedAt,
              source: { type: 'activity', id: r.sourceId, approvingRecord: r.approvingRecord },
            },
            rowMeta(meta, commandId, id, r.line),
          ),
        );
        return outcome.events.length > 0 && !outcome.duplicate;
      },
      ['source_already_granted'],
    );
  }

  /**
   * Runs the rows in a few lanes. A row answered as already done (a duplicate, or one of `skipCodes`:
   * written meanwhile by someone else) counts as skipped; any other refusal is that row's failure and the
   * job goes on; an error that is not a refusal (the database went away) ends the job as interrupted.
   */
  private async runRows<R extends { line: number }>(
    id: string,
    rows: R[],
    messageOf: (code: string, details: Record<string, unknown>) => string,
    one: (row: R) => Promise<boolean>,
    skipCodes: string[],
  ): Promise<void> {
    const c = { processed: 0, created: 0, skipped: 0, failed: 0 };
    const failures: ImportJobRow['failures'] = [];
    let next = 0;
    let lastWrite = 0;
    let writing: Promise<unknown> = Promise.resolve();
    const progress = (final: boolean) => {
      const status = final ? 'done' : 'running';
      // The counts so far, taken now: the write itself waits for the one before it.
      const params = [
        id,
        c.processed,
        c.created,
        c.skipped,
        c.failed,
        JSON.stringify(failures.splice(0)),
        status,
      ];
      c.processed = c.created = c.skipped = c.failed = 0;
      lastWrite = Date.now();
      writing = writing.then(() =>
        this.pool.query(
          `UPDATE import_jobs SET processed = processed + $2, created = created + $3, skipped = skipped + $4,
                  failed = failed + $5, failures = failures || $6::jsonb, status = $7, heartbeat_at = now(),
                  finished_at = CASE WHEN $7 = 'done' THEN now() END
            WHERE id = $1`,
          params,
        ),
      );
      return writing;
    };
    await Promise.all(
      Array.from({ length: Math.min(LANES, rows.length) }, async () => {
        while (next < rows.length) {
          const row = rows[next++]!;
          try {
            if (await one(row)) c.created++;
            else c.skipped++;
          } catch (err) {
            if (!(err instanceof DomainError)) throw err;
            if (skipCodes.includes(err.code)) c.skipped++;
            else {
              c.failed++;
              failures.push({ line: row.line, code: err.code, message: messageOf(err.code, err.details) });
            }
          }
          c.processed++;
          if (Date.now() - lastWrite > PROGRESS_EVERY_MS) void progress(false);
        }
      }),
    );
    await progress(true);
  }
}

function rowMeta(meta: CommandMetadata, commandId: string, jobId: string, line: number): CommandMetadata {
  // The audit trail says the row came from this import (job and row number) of this admin's request.
  return { ...meta, commandId, extra: { ...meta.extra, importJob: jobId, importRow: line } };
}

const SELECT_JOB = `SELECT id, kind, actor_id AS "actorId", org_unit AS "orgUnit", file_name AS "fileName", status,
  total, processed, created, skipped, failed, failures, started_at AS "startedAt", heartbeat_at AS "heartbeatAt",
  finished_at AS "finishedAt" FROM import_jobs`;

function shape(r: Record<string, unknown>): ImportJobRow & { actorId: string; orgUnit: string } {
  const heartbeat = (r.heartbeatAt as Date).getTime();
  const status =
    r.status === 'running' && Date.now() - heartbeat > STALE_MS
      ? 'interrupted'
      : (r.status as ImportJobRow['status']);
  return {
    id: r.id as string,
    kind: r.kind as ImportKind,
    actorId: r.actorId as string,
    orgUnit: r.orgUnit as string,
    status,
    fileName: (r.fileName as string | null) ?? null,
    total: r.total as number,
    processed: r.processed as number,
    created: r.created as number,
    skipped: r.skipped as number,
    failed: r.failed as number,
    failures: r.failures as ImportJobRow['failures'],
    startedAt: (r.startedAt as Date).toISOString(),
    finishedAt: r.finishedAt ? (r.finishedAt as Date).toISOString() : null,
  };
}
