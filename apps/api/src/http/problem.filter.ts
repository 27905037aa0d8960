import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { currentCorrelationId } from '#libs/platform';
import { RETRY_AFTER_SECONDS } from './database-outage.js';
import { CONTENT_LANGUAGE, localiseProblem, negotiateLanguage } from './problem-i18n.js';
import { toProblem } from './problem.js';

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    sendProblem(err, req, reply, this.logger);
  }
}

export function sendProblem(err: unknown, req: FastifyRequest, reply: FastifyReply, logger: Logger): void {
  const problem = toProblem(err, req.headers['if-match'] !== undefined);
  problem.instance = req.url.split('?')[0];
  const correlationId = currentCorrelationId() ?? (req.headers['x-correlation-id'] as string | undefined);
  if (correlationId) problem.correlationId = correlationId;
  if (problem.status >= 500) logger.error({ err, url: req.url, method: req.method }, 'request failed');
  if (reply.sent) return;
  // 503 is a passing state (the database away, a shutdown, not ready yet): tell clients when to retry.
  if (problem.status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  // The words in the caller's language (Accept-Language: zh → Chinese, else English).
  const lang = negotiateLanguage(req.headers['accept-language']);
  const retryAfter = Number(reply.getHeader('retry-after'));
  localiseProblem(problem, err, lang, Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {});
  void reply
    .status(problem.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .header('content-language', CONTENT_LANGUAGE[lang])
    .header('vary', withVary(reply.getHeader('vary'), 'Accept-Language'))
    .send(problem);
}

/** Adds a field to `Vary` without dropping those another part of the app set. */
function withVary(current: unknown, field: string): string {
  const fields = String(current ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  return fields.some((f) => f.toLowerCase() === field.toLowerCase() || f === '*')
    ? fields.join(', ')
    : [...fields, field].join(', ');
}
