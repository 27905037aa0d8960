import { BlockList, isIPv4 } from 'node:net';
import { Controller, Get, Inject, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { forbidden } from '#libs/event-store';
import { APP_CONFIG, scrapeMetrics, type AppConfig } from '#libs/platform';
import { AccessTokens } from '../auth/access-tokens.service.js';
import { Public } from '../auth/auth.decorators.js';
import { Endpoint } from '../http/openapi-schema.js';

/**
 * `/metrics` in the Prometheus text format (README "Monitoring"). The figures say how busy the office
 * is and who is waiting for what, so they are not public: the scraper's addresses are listed in
 * METRICS_ALLOW (default the loopback), and anyone else needs an admin's token.
 */
@Public()
@ApiTags('Health')
@Controller('metrics')
export class MetricsController {
  private readonly allowed = new BlockList();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly tokens: AccessTokens,
  ) {
    for (const block of config.metricsAllow) {
      const [address, prefix] = block.split('/') as [string, string];
      this.allowed.addSubnet(address, Number(prefix), isIPv4(address) ? 'ipv4' : 'ipv6');
    }
  }

  @Get()
  @Endpoint({
    summary: 'Metrics in the Prometheus text format',
    description:
      'Readable from the addresses in METRICS_ALLOW, or with an admin\u2019s bearer token from anywhere.',
    ok: { type: 'string', description: 'Prometheus exposition format 0.0.4' },
    produces: ['text/plain'],
    problems: [401, 403],
  })
  async metrics(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!this.fromAllowedAddress(req.ip)) this.requireAdmin(req, reply);
    const { contentType, body } = await scrapeMetrics();
    await reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  }

  private fromAllowedAddress(ip: string): boolean {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
    const address = mapped ? mapped[1]! : ip;
    return this.allowed.check(address, isIPv4(address) ? 'ipv4' : 'ipv6');
  }

  private requireAdmin(req: FastifyRequest, reply: FastifyReply): void {
    const header = req.headers.authorization;
    const m = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._-]+)$/i.exec(header.trim()) : null;
    const verified = m ? this.tokens.verify(m[1]!) : null;
    if (!verified?.ok) {
      void reply.header('www-authenticate', 'Bearer');
      throw new UnauthorizedException(
        'metrics are read from the addresses in METRICS_ALLOW, or with an admin\u2019s access token',
      );
    }
    if (!verified.claims.roles.includes('admin'))
      throw forbidden('role_required', 'metrics need the role admin from outside METRICS_ALLOW', {
        requiredRoles: ['admin'],
      });
  }
}
