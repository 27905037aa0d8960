import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { encodePosition } from '#libs/event-store';
import { Clock } from '#libs/platform';
import {
  ExecutePolicyCatalogueCommand,
  POLICY_SOURCE,
  policyDiff,
  type Policy,
  type PolicySource,
} from '#libs/policy';
import { OrgScope } from '../auth/org-scope.service.js';
import { ValidationProblem } from '../http/problem.js';
import { actingAs, actorOf, commandMeta } from '../http/request-context.js';
import { PublishPolicyDto } from './ladder.dto.js';
import { ApiTags } from '@nestjs/swagger';
import { Endpoint, str } from '../http/openapi-schema.js';
import { Policy as PolicyAnswer, PolicyDiff, PolicyPublished, PolicyVersions } from './ladder.responses.js';

const VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Policy as versioned data (DOMAIN.md "The progression ladder"). Everyone signed in reads the version in force; an admin of
 * the city or province office publishes a new one (the policy binds the whole region, so a district or
 * school admin may not change it).
 */
@ApiTags('Policies')
@Controller('api/policies')
export class PoliciesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    @Inject(POLICY_SOURCE) private readonly policies: PolicySource,
    private readonly scope: OrgScope,
  ) {}

  @Get('current')
  @Endpoint({ summary: 'The policy in force now', ok: PolicyAnswer })
  async current() {
    return this.policies.current(this.clock.now());
  }

  /**
   * Every published version with its effective time, oldest first, and which one is in force now (政策配置:
   * the office sees what it publishes and when each version starts; a scheduled one is not yet in force).
   */
  @Get()
  @Endpoint({ summary: 'Every policy version with its effective time, oldest first', ok: PolicyVersions })
  async list() {
    const now = this.clock.now();
    const versions = await this.policies.versions();
    const current = (await this.policies.current(now)).version;
    return {
      current,
      items: versions.map((v) => ({
        version: v.policy.version,
        effectiveFrom: v.effectiveFrom,
        publishedAt: v.publishedAt,
        // `system` publishes the built-in default (DOMAIN.md's numbers); otherwise the admin's id.
        publishedBy: v.publishedBy === 'system' ? null : v.publishedBy,
        status:
          v.policy.version === current
            ? 'in_force'
            : Date.parse(v.effectiveFrom) > now.getTime()
              ? 'scheduled'
              : 'superseded',
        policy: v.policy,
      })),
    };
  }

  /** What changed from one version to another, leaf by leaf, each with its 政策配置 group. */
  @Get('diff')
  @Endpoint({
    summary: 'The changes between two policy versions',
    ok: PolicyDiff,
    query: {
      from: { schema: str({ pattern: VERSION.source }), required: true, description: 'The older version.' },
      to: { schema: str({ pattern: VERSION.source }), required: true, description: 'The newer version.' },
    },
    problems: [404],
  })
  async diff(@Query('from') from?: string, @Query('to') to?: string) {
    const errors = [
      ...(from === undefined || !VERSION.test(from)
        ? [{ field: 'from', message: 'from must be a policy version' }]
        : []),
      ...(to === undefined || !VERSION.test(to)
        ? [{ field: 'to', message: 'to must be a policy version' }]
        : []),
    ];
    if (errors.length) throw new ValidationProblem(errors);
    const [a, b] = await Promise.all([this.policies.version(from!), this.policies.version(to!)]);
    if (!a) throw new NotFoundException(`no policy version ${from}`);
    if (!b) throw new NotFoundException(`no policy version ${to}`);
    return { from: from!, to: to!, changes: policyDiff(a, b) };
  }

  @Post()
  @HttpCode(201)
  @Endpoint({
    summary: 'Publish a new policy version (a city or province admin)',
    description: 'The policy must have the shape of the one in force; its numbers are checked together.',
    status: 201,
    ok: PolicyPublished,
    answers: ['X-Log-Position'],
    headers: ['Idempotency-Key'],
    problems: [403, 422],
  })
  async publish(
    @Body() body: PublishPolicyDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const actor = actorOf(req);
    const role = actingAs(actor, 'admin');
    const unit = await this.scope.unit(actor.orgUnit);
    if (!['province', 'city'].includes(unit?.level ?? ''))
      throw new ForbiddenException('policy is published by the city or province office');
    const now = this.clock.now();
    // The shape must be the one in force (every key, the same types, nothing else); the decider then
    // checks the numbers (split sums to 100, thresholds descend …).
    const errors = shapeProblems(body.policy, await this.policies.current(now), 'policy');
    if (errors.length) throw new ValidationProblem(errors);
    const outcome = await this.commands.execute(
      new ExecutePolicyCatalogueCommand(
        {
          type: 'PublishPolicy',
          policy: body.policy as unknown as Policy,
          effectiveFrom: body.effectiveFrom,
        },
        commandMeta(req, actor, role, now),
      ),
    );
    if (outcome.position) void reply.header('x-log-position', encodePosition(outcome.position));
    return {
      version: (body.policy as { version: string }).version,
      events: outcome.events.map((e) => e.type),
      duplicate: outcome.duplicate,
    };
  }
}

/** Every difference in shape between `value` and `template`, as field errors. */
export function shapeProblems(
  value: unknown,
  template: unknown,
  path: string,
): { field: string; message: string }[] {
  if (Array.isArray(template)) {
    if (!Array.isArray(value)) return [{ field: path, message: `${path} must be a list` }];
    if (value.length > 50) return [{ field: path, message: `${path} may have at most 50 entries` }];
    return template.length ? value.flatMap((v, i) => shapeProblems(v, template[0], `${path}.${i}`)) : [];
  }
  if (template !== null && typeof template === 'object') {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return [{ field: path, message: `${path} must be an object` }];
    const out: { field: string; message: string }[] = [];
    for (const key of Object.keys(value)) {
      if (!(key in template))
        out.push({ field: `${path}.${key}`, message: `${path}.${key} should not exist` });
    }
    for (const [key, t] of Object.entries(template)) {
      if (!(key in value)) out.push({ field: `${path}.${key}`, message: `${path}.${key} is required` });
      else out.push(...shapeProblems((value as Record<string, unknown>)[key], t, `${path}.${key}`));
    }
    return out;
  }
  if (typeof template === 'number')
    return typeof value === 'number' && Number.isFinite(value)
      ? []
      : [{ field: path, message: `${path} must be a number` }];
  if (typeof template === 'string')
    return typeof value === 'string' && value.length >= 1 && value.length <= 200
      ? []
      : [{ field: path, message: `${path} must be a string of 1-200 characters` }];
  if (typeof template === 'boolean')
    return typeof value === 'boolean' ? [] : [{ field: path, message: `${path} must be true or false` }];
  return [];
}
