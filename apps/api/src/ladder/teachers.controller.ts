import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  Logger,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { foldEvents, loadState, type EventStore } from '#libs/event-store';
import {
  creditSplit,
  eligibilityFor,
  ExecuteTeacherCommand,
  schoolYearOf,
  teacherDecider,
  type TeacherState,
  TEACHER_SNAPSHOT_TAG,
  teacherProgressProjection,
  type TeacherIntent,
} from '#libs/ladder';
import { IDENTITY_DIRECTORY, type IdentityDirectory } from '#libs/identity';
import { Clock, EVENT_STORE, PG_POOL } from '#libs/platform';
import { POLICY_SOURCE, type Policy, type PolicySource } from '#libs/policy';
import { OrgScope } from '../auth/org-scope.service.js';
import { ReadYourWrites } from '../http/read-your-writes.js';
import { actorOf, commandMeta, ifMatchVersion, type Actor } from '../http/request-context.js';
import { AppraisalDto, EthicsAssessmentDto, GrantHoursDto, ReasonDto, RevokeTierDto } from './ladder.dto.js';
import { ApiTags } from '@nestjs/swagger';
import { Endpoint, str } from '../http/openapi-schema.js';
import { Dashboard, Progression, TeacherCommandAnswer } from './ladder.responses.js';

const READ_MODELS = [teacherProgressProjection.name];
const TEACHER_ID = /^[A-Za-z0-9-]{1,100}$/;
/** The most rows each of the dashboard's lists (shortfalls, bans) shows. */
const LISTED_MAX = 500;
/** A teacher in one of the dashboard's lists, before the names are added. */
interface ListedTeacher {
  teacherId: string;
  orgUnit: string;
}
/** How many folded teacher records one api process keeps (a few MB at most). */
const FOLDED_RECORDS_KEPT = 2_000;
/** Events of a record read along with the policy; a longer record reads on page by page. */
const STREAM_PAGE = 1000;
/**
 * Events folded past a record's snapshot (or from its start) after which a read keeps a new snapshot:
 * a short record folds about as fast as its snapshot parses, and each save is a write. The worker keeps
 * the snapshots within TEACHER_SNAPSHOT_EVERY events of the head (teacherSnapshotsReactor), so while it
 * keeps up a read never saves; this is for records it has not snapshotted — a log restored or migrated
 * with its checkpoints but not this cache, the cache emptied, a worker behind or stopped — so that their
 * first read, not every read until their next event, pays the whole fold.
 */
const SNAPSHOT_AFTER = 20;

/** The office role a record keeper acts in: admin if they hold it, else chair. */
const officeRole = (a: Actor) =>
  a.roles.includes('admin') ? 'admin' : a.roles.includes('chair') ? 'chair' : null;

/**
 * The teacher's ladder record (DOMAIN.md "The progression ladder"). A teacher reads their own progression; an
 * office (admin or chair) reads and keeps the records of its org unit and below. Nobody else sees a
 * teacher's record — ethics results included (DOMAIN.md "People and roles").
 */
@ApiTags('Teachers')
@Controller('api')
export class TeachersController {
  private readonly logger = new Logger(TeachersController.name);

  constructor(
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    private readonly ryw: ReadYourWrites,
    private readonly scope: OrgScope,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(POLICY_SOURCE) private readonly policies: PolicySource,
    @Inject(IDENTITY_DIRECTORY) private readonly directory: IdentityDirectory,
  ) {}

  @Get('teachers/me/progression')
  @Endpoint({
    summary: 'Your progression: tier, what the next tier takes, hours, credits, ethics (我的成长路径)',
    ok: Progression,
    problems: [404],
  })
  async mine(@Req() req: FastifyRequest) {
    const actor = actorOf(req);
    const now = this.clock.now();
    const { teacher, policy } = await this.recordWithPolicy(actor.id, now);
    return this.progression(actor.id, teacher, policy, now);
  }

  @Get('teachers/:id/progression')
  @Endpoint({
    summary: 'A teacher’s progression (the teacher, or an office over their org unit)',
    ok: Progression,
    problems: [403, 404],
  })
  async progressionOf(@Param('id') id: string, @Req() req: FastifyRequest) {
    const actor = actorOf(req);
    const now = this.clock.now();
    const { teacher, policy } = await this.recordWithPolicy(id, now);
    if (actor.id !== id) await this.requireOffice(actor, teacher.orgUnit!);
    return this.progression(id, teacher, policy, now);
  }

  @Post('teachers/:id/ethics-assessments')
  @HttpCode(200)
  @Endpoint({
    summary: 'Record a school year’s ethics assessment (师德考核): pass or fail',
    ok: TeacherCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key', 'If-Match'],
    problems: [403, 404, 422],
  })
  async ethics(
    @Param('id') id: string,
    @Body() body: EthicsAssessmentDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.keep(req, reply, id, {
      type: 'RecordEthicsAssessment',
      schoolYear: body.schoolYear,
      result: body.result,
    });
  }

  @Post('teachers/:id/appraisals')
  @HttpCode(200)
  @Endpoint({
    summary: 'Record a school year’s annual appraisal (年度考核)',
    ok: TeacherCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key', 'If-Match'],
    problems: [403, 404, 422],
  })
  async appraisal(
    @Param('id') id: string,
    @Body() body: AppraisalDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.keep(req, reply, id, {
      type: 'RecordAnnualAppraisal',
      schoolYear: body.schoolYear,
      result: body.result,
    });
  }

  @Post('teachers/:id/hours')
  @HttpCode(200)
  @Endpoint({
    summary: 'Grant hours for a recognised activity (学时登记)',
    ok: TeacherCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key', 'If-Match'],
    problems: [403, 404, 422],
  })
  async grant(
    @Param('id') id: string,
    @Body() body: GrantHoursDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.keep(req, reply, id, {
      type: 'GrantHours',
      hours: body.hours,
      credits: body.credits ?? body.hours,
      level: body.level,
      kind: body.kind,
      completedAt: body.completedAt,
      source: { ...body.source },
    });
  }

  @Post('teachers/:id/hours/:entryId/reversal')
  @HttpCode(200)
  @Endpoint({
    summary: 'Reverse a ledger entry, with a reason (冲销)',
    ok: TeacherCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key', 'If-Match'],
    problems: [403, 404, 422],
  })
  async reverse(
    @Param('id') id: string,
    @Param('entryId') entryId: string,
    @Body() body: ReasonDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.keep(req, reply, id, { type: 'ReverseHours', entryId, reason: body.reason });
  }

  @Post('teachers/:id/tier-revocations')
  @HttpCode(200)
  @Endpoint({
    summary: 'Revoke a tier after a failed end-of-term assessment (评估跟进)',
    ok: TeacherCommandAnswer,
    answers: ['ETag', 'X-Log-Position'],
    headers: ['Idempotency-Key', 'If-Match'],
    problems: [403, 404, 422],
  })
  async revoke(
    @Param('id') id: string,
    @Body() body: RevokeTierDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.keep(req, reply, id, {
      type: 'RevokeTier',
      reason: body.reason,
      assessment: { ref: body.assessment.ref, score: body.assessment.score },
    });
  }

  /** The office dashboard for an org unit and its subtree: tiers, annual-hours shortfalls, bans in force. */
  @Get('dashboard')
  @Endpoint({
    summary: 'The office dashboard: tiers, annual-hours shortfalls and bans in force in a subtree',
    ok: Dashboard,
    query: { orgUnit: { schema: str({ pattern: '^[A-Za-z0-9-]{1,100}$' }), description: 'Default: yours.' } },
    problems: [403],
  })
  async dashboard(@Req() req: FastifyRequest, @Query('orgUnit') orgUnit?: string) {
    const actor = actorOf(req);
    const unit = orgUnit ?? actor.orgUnit;
    if (!TEACHER_ID.test(unit)) throw new BadRequestException('orgUnit must be an org unit id');
    await this.requireOffice(actor, unit);
    const now = this.clock.now();
    const policy = await this.policies.current(now);
    const schoolYear = schoolYearOf(now);
    // DOMAIN.md "People and roles": an office sees its org unit and the units below it. Which units
    // those are is identity's answer (its directory), asked once; the ladder's own table is filtered by them.
    const units = (await this.directory.subtree(unit))?.units ?? [];
    const tiers = await this.pool.query<{ tier: string; n: number }>(
      `SELECT tier, count(*)::int AS n FROM teacher_progress p WHERE p.org_unit = ANY ($1::text[])
        GROUP BY tier ORDER BY tier`,
      [units],
    );
    // Hours below the policy's annual minimum (seed 003 §二(四)), most missing first, capped.
    const shortfalls = await this.pool.query<ListedTeacher & { hours: number; missing: number }>(
      `SELECT p.teacher_id AS "teacherId", p.org_unit AS "orgUnit",
              coalesce(h.hours, 0)::float8 AS hours, $3::float8 - coalesce(h.hours, 0)::float8 AS missing
         FROM teacher_progress p
         LEFT JOIN teacher_hours h ON h.teacher_id = p.teacher_id AND h.school_year = $2
        WHERE p.org_unit = ANY ($1::text[]) AND coalesce(h.hours, 0) < $3
        ORDER BY missing DESC, p.teacher_id LIMIT ${LISTED_MAX}`,
      [units, schoolYear, policy.ladder.annualHours],
    );
    // seed 002 (一)3: bans in force and teachers flagged for removal, latest ban end first, capped.
    const bans = await this.pool.query<
      ListedTeacher & { banEndsAt: string | null; flaggedForRemoval: boolean }
    >(
      `SELECT p.teacher_id AS "teacherId", p.ban_ends_at AS "banEndsAt",
              p.flagged_for_removal AS "flaggedForRemoval", p.org_unit AS "orgUnit"
         FROM teacher_progress p
        WHERE p.org_unit = ANY ($1::text[]) AND (p.ban_ends_at > $2 OR p.flagged_for_removal)
        ORDER BY p.ban_ends_at DESC NULLS LAST, p.teacher_id LIMIT ${LISTED_MAX}`,
      [units, now.toISOString()],
    );
    const named = await this.named([...shortfalls.rows, ...bans.rows]);
    const annualHoursShortfalls = shortfalls.rows.map((r) => {
      const n = named(r);
      return {
        teacherId: r.teacherId,
        name: n.name,
        orgUnit: r.orgUnit,
        orgUnitName: n.orgUnitName,
        hours: r.hours,
        missing: r.missing,
      };
    });
    const bansInForce = bans.rows.map((r) => {
      const n = named(r);
      return {
        teacherId: r.teacherId,
        name: n.name,
        banEndsAt: r.banEndsAt,
        flaggedForRemoval: r.flaggedForRemoval,
        orgUnit: r.orgUnit,
        orgUnitName: n.orgUnitName,
      };
    });
    return {
      orgUnit: unit,
      policyVersion: policy.version,
      schoolYear,
      annualHoursRequired: policy.ladder.annualHours,
      teachersPerTier: Object.fromEntries(tiers.rows.map((r) => [r.tier, r.n])),
      annualHoursShortfalls,
      bansInForce,
    };
  }

  /**
   * The teachers' and units' names of the listed rows, from identity's directory: one look-up of each for
   * the capped lists, never one per row. Names are personal data sealed in identity's events; the
   * directory answers the erased placeholder for an erased person (DOMAIN.md "Audit trail"), and null for
   * a person or unit it does not know.
   */
  private async named(rows: readonly ListedTeacher[]) {
    const [names, unitNames] = await Promise.all([
      this.directory.displayNames([...new Set(rows.map((r) => r.teacherId))]),
      this.directory.unitNames([...new Set(rows.map((r) => r.orgUnit))]),
    ]);
    return (r: ListedTeacher) => ({
      name: names.get(r.teacherId) ?? null,
      orgUnitName: unitNames.get(r.orgUnit) ?? null,
    });
  }

  private progression(id: string, teacher: TeacherState, policy: Policy, now: Date) {
    const eligibility = eligibilityFor(teacher, policy, now);
    return {
      teacherId: id,
      orgUnit: teacher.orgUnit,
      tier: teacher.tier,
      tierHistory: teacher.tierHistory,
      ...eligibility,
      creditSplit: creditSplit(teacher, policy),
      ledger: teacher.ledger,
      ethicsAssessments: teacher.ethics,
      appraisals: teacher.appraisals,
      mentorships: teacher.mentorships,
    };
  }

  /**
   * Folded teacher records by stream version (bench Q1: folding a long record on every read was most of
   * the progression view's cost). Each read asks the store for the events after the version held — none,
   * usually — and folds only those, so a cached record is only ever used as the current one, also with
   * several api processes, in one round trip whether it was held or not.
   */
  private readonly folded = new Map<string, { version: number; state: TeacherState }>();

  private async record(id: string): Promise<TeacherState> {
    if (!TEACHER_ID.test(id)) throw new BadRequestException('id must be a teacher id');
    const hit = this.folded.get(id);
    return this.held(id, await loadState(this.store, teacherDecider, `teacher-${id}`, hit));
  }

  /** Keeps a record just read (most recently used last) and returns it; 404 when it was never opened. */
  private held(id: string, { state, version }: { state: TeacherState; version: number }): TeacherState {
    if (!state.exists) throw new NotFoundException(`no ladder record for teacher ${id}`);
    this.folded.delete(id);
    this.folded.set(id, { version, state });
    if (this.folded.size > FOLDED_RECORDS_KEPT) this.folded.delete(this.folded.keys().next().value!);
    return state;
  }

  /**
   * The record as `record` reads it, and the policy in force at `now` (DOMAIN.md preamble: a view of
   * eligibility uses the version in force). Both come from one statement where the store reads several
   * streams at once: the record's events after the version held and the policy catalogue's after the
   * version the source holds (BENCHMARKS.md Q1: a statement per read was the view's largest cost). The
   * catalogue is still read forward at every call, so a policy published before this read — by this
   * process or another — is the one used, never an older one held in memory.
   */
  private async recordWithPolicy(id: string, now: Date): Promise<{ teacher: TeacherState; policy: Policy }> {
    if (!this.policies.currentWith) {
      const teacher = await this.record(id);
      return { teacher, policy: await this.policies.current(now) };
    }
    if (!TEACHER_ID.test(id)) throw new BadRequestException('id must be a teacher id');
    const streamId = `teacher-${id}`;
    const hit = this.folded.get(id);
    // A record not held is read after its snapshot where the store keeps them (TEACHER_SNAPSHOT_TAG):
    // the snapshot and the events past it come in the same statement as the catalogue, so the record is
    // still folded up to the log's head and a command answered before this read is in it.
    const saves = !hit && this.store.saveSnapshot !== undefined;
    const { policy, events, snapshot } = await this.policies.currentWith(
      streamId,
      (hit?.version ?? 0) + 1,
      STREAM_PAGE,
      now,
      saves ? TEACHER_SNAPSHOT_TAG : undefined,
    );
    const from = snapshot
      ? { state: snapshot.state as TeacherState, version: snapshot.version }
      : (hit ?? { state: teacherDecider.initialState, version: 0 });
    let loaded = {
      state: foldEvents(teacherDecider, from.state, events),
      version: from.version + events.length,
    };
    // A stream longer than the page read along: the rest as loadState reads it.
    if (events.length === STREAM_PAGE) loaded = await loadState(this.store, teacherDecider, streamId, loaded);
    const teacher = this.held(id, loaded);
    // Folded far past the snapshot (or with none: see SNAPSHOT_AFTER): keep this fold for the next read
    // that misses, in this process or another. Not awaited: the answer does not depend on it, and a lost
    // save costs a fold.
    if (saves && loaded.version - from.version >= SNAPSHOT_AFTER)
      this.store.saveSnapshot!({
        streamId,
        tag: TEACHER_SNAPSHOT_TAG,
        version: loaded.version,
        state: loaded.state,
      }).catch((err: unknown) => this.logger.warn(`snapshot of ${streamId} not saved: ${String(err)}`));
    return { teacher, policy };
  }

  /**
   * The office over `unit` (the record's unit as just folded, so a transfer moves the scope with it).
   * OrgScope keeps the pairs found within, so an office reading its teachers' records sends only the
   * record's own statement (BENCHMARKS.md Q1: the scope check was a second statement per read).
   */
  private async requireOffice(actor: Actor, unit: string): Promise<string> {
    const role = officeRole(actor);
    if (!role || !(await this.scope.isWithin(unit, actor.orgUnit)))
      throw new ForbiddenException("only the teacher or an office over the teacher's org unit may see this");
    return role;
  }

  private async keep(req: FastifyRequest, reply: FastifyReply, id: string, intent: TeacherIntent) {
    const actor = actorOf(req);
    const teacher = await this.record(id);
    // Nobody keeps their own record: the decider refuses it (own_record) whatever the role.
    const role =
      actor.id === id ? (officeRole(actor) ?? 'teacher') : await this.requireOffice(actor, teacher.orgUnit!);
    const outcome = await this.commands.execute(
      new ExecuteTeacherCommand(
        id,
        intent,
        commandMeta(req, actor, role, this.clock.now()),
        ifMatchVersion(req),
      ),
    );
    const answer = await this.ryw.answer(reply, READ_MODELS, outcome);
    return {
      teacherId: id,
      ...answer,
    };
  }
}
